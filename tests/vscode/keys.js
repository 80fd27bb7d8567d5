// Keyboard-first labelling in the real VS Code workbench (code-server) with
// the real server, through the extension's keybindings: the label picker
// (Alt+L, a QuickPick that applies on the label's key, by name otherwise),
// "Change label…" in the quick-fix menu, boundary fixes, set span to
// selection, uncertain suggestions, accepting a paragraph, the severity
// setting, and the bad input of each.
//
// usage: node keys.js <baseUrl> <workspaceDir> <seedFileName> <artifactsDir>
'use strict';
const fs = require('fs');
const path = require('path');
const { openQuickFix, results, check, sleep, poll, launch, openWorkbench, pactumStatus, cursor, lineCol, readJson, toasts } = require('./lib');

const [baseUrl, wsDir, seedName, artifacts] = process.argv.slice(2);
const seedPath = path.join(wsDir, seedName);
const text = fs.readFileSync(seedPath, 'utf8');
const annotations = () => (readJson(seedPath + '.ann.json') || {}).annotations || [];
const find = (pred) => annotations().find(pred);
const has = (t, label, status = 'accepted') => (a) => a.text === t && a.label === label && a.status === status;

/** Code point offset of the `nth` (0-based) occurrence of `needle`. */
function at(needle, nth = 0, plus = 0) {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in the seed`);
  return [...text.slice(0, i)].length + plus;
}

// README.md's VS Code table and the extension's README list every keybinding
function documentedKeys() {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../editors/vscode/package.json'), 'utf8'));
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const table = (readme.split('### VS Code')[1] || '').split('### Neovim')[0];
  const extReadme = fs.readFileSync(path.join(__dirname, '../../editors/vscode/README.md'), 'utf8');
  const shown = (k) => k.split('+').map((p) => ({ alt: 'Alt', shift: 'Shift', ctrl: 'Ctrl', right: 'Right', left: 'Left' }[p] || p.toUpperCase())).join('+');
  const missing = pkg.contributes.keybindings.map((b) => shown(b.key)).filter((k) => !table.includes('`' + k + '`') || !extReadme.includes('`' + k + '`'));
  check(missing.length === 0, 'README.md and editors/vscode/README.md list every keybinding', missing);
}

(async () => {
  const t0 = Date.now();
  documentedKeys();
  const browser = await launch();
  let page;
  const shot = (name) => page.screenshot({ path: path.join(artifacts, name) }).catch(() => {});
  try {
    page = await openWorkbench(browser, baseUrl, wsDir, seedName);
    const goTo = async (p) => {
      const { line, col } = lineCol(text, p);
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(`${line}:${col}`);
      await page.keyboard.press('Enter');
      await poll(async () => {
        const c = await cursor(page);
        return c && c.line === line && c.col === col;
      }, 5000);
    };
    const ready = await poll(async () => /[1-9]\d* suggested/.test(await pactumStatus(page)), 60000);
    if (!check(ready, 'the server published its suggestions', await pactumStatus(page))) throw new Error('no suggestions');
    await page.click('.monaco-editor .view-lines');

    // 1. Alt+L on a suggestion: the QuickPick lists the entity labels with keys and colours
    await goTo(at('Singapore Science Park', 1, 3));
    await page.keyboard.press('Alt+L');
    const title = await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Singapore Science Park")', { timeout: 15000 }).catch(() => null);
    check(!!title && /now PARK\?/.test(await title.innerText()), 'Alt+L opens the label picker on the suggestion', title && (await title.innerText()));
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    check(rows.some((r) => /PARK/.test(r) && /\[k\]/.test(r)) && rows.some((r) => /ORG/.test(r) && /\[o\]/.test(r)), 'labels are listed with their keys', rows);
    const icon = await page.evaluate(() => {
      const row = [...document.querySelectorAll('.quick-input-list .monaco-list-row')].find((r) => /PARK/.test(r.textContent));
      const el = row && [...row.querySelectorAll('*')].find((e) => /31a354/.test(getComputedStyle(e).backgroundImage + (e.getAttribute('src') || '')));
      return el ? 'found' : row ? row.innerHTML.slice(0, 400) : null;
    });
    check(icon === 'found', 'PARK is shown with its schema colour (#31a354)', icon);
    await shot('vscode-label-picker.png');
    await page.keyboard.type('o');
    check(!!(await poll(() => find(has('Singapore Science Park', 'ORG')))), 'pressing o relabels it ORG at once', annotations());
    const id = (find(has('Singapore Science Park', 'ORG')) || {}).id;

    // by name: a typed name filters, Enter picks
    // (the next key once the picker has closed and the editor has the focus again)
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    await page.waitForSelector('.monaco-editor.focused');
    await page.keyboard.press('Alt+L');
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("now ORG")');
    await page.keyboard.type('PAR');
    await sleep(200);
    await page.keyboard.press('Enter');
    check(!!(await poll(() => {
      const a = find(has('Singapore Science Park', 'PARK'));
      return a && a.id === id;
    })), 'typing a name then Enter picks it; the annotation keeps its id', annotations());
    // Escape cancels (again once the picker has closed and the editor has the focus)
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
    await page.waitForSelector('.monaco-editor.focused');
    await page.keyboard.press('Alt+L');
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("now PARK")');
    await page.keyboard.press('Escape');
    await sleep(300);
    check(!!find(has('Singapore Science Park', 'PARK')), 'Escape cancels the picker');

    // 2. a word: tagged; a visual selection: tagged
    await goTo(at('providers', 0, 2));
    await page.keyboard.press('Alt+L');
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("providers")');
    await page.keyboard.type('o');
    check(!!(await poll(() => find(has('providers', 'ORG')))), 'Alt+L then o tags the word under the cursor');
    await goTo(at('world-class'));
    for (let i = 0; i < 'world-class'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Alt+L');
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("world-class")');
    await page.keyboard.type('o');
    check(!!(await poll(() => find(has('world-class', 'ORG')))), 'Alt+L on a selection tags it');

    // 3. bad input: an empty line, a selection crossing a span's edge
    await goTo(at('\n\n', 0, 1));
    await page.keyboard.press('Alt+L');
    check(!!(await poll(async () => /nothing to label here/.test(await toasts(page)), 10000)), 'on an empty line: a clear message', await toasts(page));
    await page.keyboard.press('Escape');
    await goTo(at('Ascendas, the parent', 0, 3));
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Alt+L');
    check(!!(await poll(async () => /crosses the edge of ORG\? “Ascendas”/.test(await toasts(page)), 10000)), 'a selection crossing a span edge: a clear message', await toasts(page));
    await shot('vscode-label-refused.png');

    // 4. boundary fixes (the DATE suggestion "26 September")
    await goTo(at('26 September'));
    await page.keyboard.press('Alt+Shift+ArrowRight');
    check(!!(await poll(() => find(has('26 September.', 'DATE')))), 'Alt+Shift+Right extends the suggestion to the next word (accepted)', annotations());
    const dateId = (find(has('26 September.', 'DATE')) || {}).id;
    const sel = await poll(async () => {
      const c = await cursor(page);
      return c && c.selected === '13' ? c : null;
    }, 5000);
    check(!!sel, 'the fixed span is selected', await cursor(page));
    await page.keyboard.press('Control+Alt+Shift+ArrowRight');
    await poll(() => find(has('26 September', 'DATE')));
    await page.keyboard.press('Alt+Shift+ArrowLeft');
    check(!!(await poll(() => {
      const a = find(has('on 26 September', 'DATE'));
      return a && a.id === dateId;
    })), 'Ctrl+Alt+Shift+Right shrinks the end, Alt+Shift+Left extends the start; same id', annotations());
    await page.keyboard.press('Control+Alt+Shift+ArrowLeft');
    check(!!(await poll(() => {
      const a = find(has('26 September', 'DATE'));
      return a && a.id === dateId;
    })), 'Ctrl+Alt+Shift+Left shrinks the start', annotations());

    // set span to selection
    await goTo(at('reported on 26'));
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('Alt+S');
    check(!!(await poll(() => {
      const a = find(has('reported on 26 September', 'DATE'));
      return a && a.id === dateId;
    })), 'Alt+S sets the span to the selection, same id', annotations());

    // 5. "Change label…" in the quick-fix menu opens the same picker
    await goTo(at('Ascendas', 0, 1));
    const menu = await openQuickFix(page, '.action-widget', () => goTo(at('Ascendas', 0, 1)));
    const items = menu ? await page.locator('.action-widget .monaco-list-row').allInnerTexts() : [];
    check(items.some((t) => t.includes('Change label… (“Ascendas”)')), 'the quick-fix menu offers "Change label…"', items);
    check(!items.some((t) => t.startsWith('Change label to')), 'not one entry per label', items);
    await shot('vscode-change-label.png');
    const entry = page.locator('.action-widget .monaco-list-row', { hasText: 'Change label… (“Ascendas”)' }).first();
    await entry.click();
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Ascendas")');
    await page.keyboard.type('k');
    check(!!(await poll(() => find(has('Ascendas', 'PARK')))), '"Change label…" then k relabels Ascendas PARK', annotations());

    // 6. uncertain suggestions, a paragraph
    await goTo(at('\n\n', 0, 1));
    await page.keyboard.press('Alt+U');
    const first = await poll(async () => {
      const c = await cursor(page);
      return c && c.line === 1 ? c : null;
    }, 5000);
    check(!!first, 'Alt+U from outside a suggestion goes to the first (least certain) one', await cursor(page));
    const before = annotations().filter((a) => a.status === 'accepted').length;
    await page.keyboard.press('Alt+Shift+A');
    const after = await poll(() => {
      const n = annotations().filter((a) => a.status === 'accepted').length;
      return n > before ? n : null;
    });
    check(!!after && after - before >= 2, 'Alt+Shift+A accepts the suggestions of the title paragraph', { before, after });

    // 7. severity: hints keep suggestions out of the Problems panel
    await page.keyboard.press('Control+Shift+M');
    const listed = await poll(async () => /\? “/.test(await page.locator('.markers-panel').innerText().catch(() => '')), 20000);
    check(listed, 'suggestions are listed in the Problems panel (information)');
    const panel = await page.locator('.markers-panel').innerText().catch(() => '');
    check(!/PARK “Singapore Science Park”/.test(panel) && !/ORG “providers”/.test(panel), 'accepted annotations are not problems', panel.slice(0, 800));
    fs.mkdirSync(path.join(wsDir, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(wsDir, '.vscode', 'settings.json'), '{ "pactum.suggestions.severity": "hint" }\n');
    const gone = await poll(async () => !/pactum/.test(await page.locator('.markers-panel').innerText().catch(() => 'pactum')), 30000);
    check(gone, 'with pactum.suggestions.severity "hint" the Problems panel holds no suggestion', (await page.locator('.markers-panel').innerText().catch(() => '')).slice(0, 400));
    const status = await pactumStatus(page);
    check(/[1-9]\d* suggested/.test(status) && /[1-9]\d* accepted/.test(status), 'the status bar still counts suggestions and accepted ones', status);
    await shot('vscode-severity-hint.png');
    await page.click('.monaco-editor .view-lines');
    await goTo(at('\n\n', 0, 1));
    await page.keyboard.press('Alt+N');
    const onSuggestion = await poll(async () => {
      const c = await cursor(page);
      return c && c.selected ? c : null;
    }, 5000);
    check(!!onSuggestion, 'Alt+N still selects the next suggestion', await cursor(page));
  } catch (e) {
    results.failed++;
    console.log('FAIL - exception: ' + ((e && e.stack) || e));
    await shot('vscode-keys-error.png');
    if (page) console.log('# last browser console lines:\n' + page.consoleLines.slice(-20).join('\n'));
  } finally {
    await browser.close();
  }
  console.log(`# total ${Date.now() - t0} ms`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
})();
