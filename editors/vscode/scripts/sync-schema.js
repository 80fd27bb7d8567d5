#!/usr/bin/env node
// Writes the semantic-token contributions of package.json from the default
// schema (schemas/parks-v1.json): one token type per label (the label
// lower-cased, as `pactum lsp` names them) and a colour rule per label and
// status. With --check it only verifies that package.json is up to date
// (the build and the VS Code end-to-end test run it that way).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const schemaPath = path.resolve(root, '../../schemas/parks-v1.json');
const pkgPath = path.join(root, 'package.json');

function expandColor(c) {
  return /^#[0-9a-fA-F]{3}$/.test(c) ? '#' + [...c.slice(1)].map((x) => x + x).join('') : c;
}

function contributions(schema) {
  const types = [];
  const rules = {};
  for (const label of schema.labels) {
    const id = label.name.toLowerCase();
    types.push({ id, superType: 'type', description: `${label.name}: ${label.description}` });
    const color = label.color ? expandColor(label.color) : undefined;
    if (label.kind === 'clause') {
      // A clause covers a whole sentence: slant it rather than recolour it,
      // and tint it once accepted.
      rules[`${id}.suggestion:plaintext`] = { italic: true };
      rules[`${id}.accepted:plaintext`] = color ? { foreground: color, italic: true } : { italic: true };
    } else {
      rules[`${id}.suggestion:plaintext`] = color ? { foreground: color, underline: true } : { underline: true };
      rules[`${id}.accepted:plaintext`] = color ? { foreground: color, bold: true } : { bold: true };
    }
  }
  return { types, rules };
}

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const pkgText = fs.readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);
const { types, rules } = contributions(schema);
pkg.contributes.semanticTokenTypes = types;
pkg.contributes.configurationDefaults['editor.semanticTokenColorCustomizations'] = { rules };
const wanted = JSON.stringify(pkg, null, 2) + '\n';

if (process.argv.includes('--check')) {
  if (wanted !== pkgText) {
    console.error('package.json is out of date with schemas/parks-v1.json: run `npm run sync-schema`');
    process.exit(1);
  }
  console.log('package.json matches schemas/parks-v1.json');
} else {
  fs.writeFileSync(pkgPath, wanted);
  console.log(`package.json: ${types.length} token types from ${path.relative(process.cwd(), schemaPath)}`);
}
