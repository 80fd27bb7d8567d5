// Relations (issue 11) in the real VS Code workbench (code-server) with the
// real server: accept a relation the engine suggests and link one it does
// not from the quick-fix menu (Ctrl+.; suggested ends are accepted with
// them), see the relation in the
// hover of either end and in the agreement card, find it in the annotation
// file, go to the other end (F12), link by the relation picker (Alt+K, then
// the relation's key) and remove a relation from the quick-fix menu.
//
// usage: node relations.js <baseUrl> <workspaceDir> <fileName> <artifactsDir>
'use strict';
const fs = require('fs');
const path = require('path');
const { results, check, sleep, poll, launch, openWorkbench, cursor, lineCol, readJson } = require('./lib');

const [baseUrl, wsDir, fileName, artifacts] = process.argv.slice(2);
const filePath = path.join(wsDir, fileName);
const text = fs.readFileSync(filePath, 'utf8');

/** The annotation file's relations as "label head → child status". */
function relations() {
  const sc = readJson(filePath + '.ann.json') || {};
  const byId = Object.fromEntries((sc.annotations || []).map((a) => [a.id, a.text]));
  return (sc.relations || []).map((r) => `${r.label} ${byId[r.head]} → ${byId[r.child]} ${r.status}`).sort();
}

/** Code point offset of `needle` plus `plus`. */
function at(needle, plus = 0) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in the text`);
  return [...text.slice(0, i)].length + plus;
}

(async () => {
  const t0 = Date.now();
  const browser = await launch();
  let page;
  const shot = (name) => page.screenshot({ path: path.join(artifacts, name) }).catch(() => {});
  try {
    page = await openWorkbench(browser, baseUrl, wsDir, fileName);
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
    const quickFix = async (title, pos) => {
      await page.waitForSelector('.monaco-editor.focused', { timeout: 10000 }).catch(() => {});
      // Ctrl+. pressed while VS Code still computes the light bulb for a
      // fresh cursor position is sometimes lost (seen on the 2-core CI): wait
      // a moment, and press again at the same place (a click would move the
      // cursor away from the span).
      await sleep(400);
      await page.keyboard.press('Control+.');
      let menu = await page.waitForSelector('.action-widget', { timeout: 8000 }).catch(() => null);
      for (let retry = 0; !menu && retry < 3; retry++) {
        console.log('# note: the quick-fix menu did not open; going back to the span and pressing Ctrl+. again');
        await page.keyboard.press('Escape');
        await page.waitForSelector('.monaco-editor.focused', { timeout: 5000 }).catch(() => page.click('.monaco-editor .view-lines'));
        await goTo(pos);
        await sleep(800);
        await page.keyboard.press('Control+.');
        menu = await page.waitForSelector('.action-widget', { timeout: 8000 }).catch(() => null);
      }
      const items = menu ? await page.locator('.action-widget .monaco-list-row').allInnerTexts() : [];
      const entry = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
      const found = items.some((t) => t.includes(title));
      check(found, `the quick-fix menu offers "${title}"`, items);
      if (found) await entry.click();
      else await page.keyboard.press('Escape');
      await page.waitForSelector('.action-widget', { state: 'hidden' }).catch(() => {});
      return found;
    };
    const hover = async (needle, want) => {
      await goTo(at(needle, 1));
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const h = await page.waitForSelector(`.monaco-hover:has-text("${want}")`, { timeout: 20000 }).catch(() => null);
      const shown = await page.locator('.monaco-hover').first().innerText().catch(() => null);
      await page.keyboard.press('Escape');
      return { found: !!h, shown };
    };
    const ready = await poll(async () => /[1-9]\d* suggested/.test(await page.locator('.statusbar-item:has-text("suggested")').first().innerText().catch(() => '')), 60000);
    if (!check(ready, 'the server published its suggestions')) throw new Error('no suggestions');
    await page.click('.monaco-editor .view-lines');

    // 1. accept the relation the engine suggests for the (suggested) ORG
    await goTo(at('Ascendas Plc', 1));
    await quickFix('Accept relation: “Ascendas Plc” as party to “memorandum of understanding”', at('Ascendas Plc', 1));
    const party = 'party memorandum of understanding → Ascendas Plc accepted';
    check(!!(await poll(() => relations().includes(party))), 'the annotation file holds the accepted relation at once', relations());
    // 1b. create one the engine does not suggest
    await page.click('.monaco-editor .view-lines');
    await goTo(at('Ascendas Plc will', 1));
    await quickFix('Link as party to “accord”', at('Ascendas Plc will', 1));
    check(!!(await poll(() => relations().includes('party accord → Ascendas Plc accepted'))), 'a relation created by quick fix is in the annotation file', relations());
    await shot('vscode-relation-linked.png');

    // 2. the hover of either end, and the agreement card
    let h = await hover('Ascendas Plc', 'party of “memorandum of understanding” (line 1)');
    check(h.found, 'hover on the ORG lists the relation', h.shown);
    // the card is the exported record: parties in text order, the suggested ones marked
    h = await hover('memorandum', 'Parties:');
    check(h.found && /Parties: [^\n]*Ascendas Plc \(ORG\)/.test(h.shown || ''), 'hover on the instrument shows the agreement card built from it', h.shown);
    await shot('vscode-relation-hover.png');

    // 3. F12 on an end goes to the other end
    await goTo(at('Ascendas Plc', 1));
    await page.keyboard.press('F12');
    const jumped = await poll(async () => {
      const c = await cursor(page);
      const want = lineCol(text, at('memorandum'));
      return c && c.line === want.line && c.col === want.col ? c : null;
    }, 10000);
    check(!!jumped, 'F12 (Go to Definition) jumps to the other end', await cursor(page));

    // 4. the relation picker: Alt+K on the PERSON, then the key of "signatory of “MOU”"
    await page.click('.monaco-editor .view-lines');
    await goTo(at('Lena Berg', 1));
    await page.keyboard.press('Alt+K');
    const title = await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Lena Berg")', { timeout: 15000 }).catch(() => null);
    check(!!title, 'Alt+K opens the relation picker on the entity', title && (await title.innerText()));
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    const row = rows.find((r) => r.includes('signatory of “MOU” (suggested)'));
    const key = row && (/\[(\d)\]/.exec(row) || [])[1];
    check(!!key, 'the picker lists "signatory of “MOU”" with a key', rows);
    await shot('vscode-relation-picker.png');
    if (key) await page.keyboard.type(key);
    else await page.keyboard.press('Escape');
    check(!!(await poll(() => relations().includes('signatory MOU → Lena Berg accepted'))), 'pressing its key links it', relations());

    // 5. remove a relation from the quick-fix menu
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' }).catch(() => {});
    await page.waitForSelector('.monaco-editor.focused', { timeout: 10000 }).catch(() => {});
    await goTo(at('Ascendas Plc', 1));
    await shot('vscode-relation-before-remove.png');
    await quickFix('Remove relation: “Ascendas Plc” as party to “memorandum of understanding”', at('Ascendas Plc', 1));
    check(!!(await poll(() => !relations().includes(party))), 'the relation is gone from the annotation file', relations());
  } catch (e) {
    results.failed++;
    console.log('FAIL - exception: ' + ((e && e.stack) || e));
    await shot('vscode-relations-error.png');
    if (page) console.log('# last browser console lines:\n' + page.consoleLines.slice(-20).join('\n'));
  } finally {
    await browser.close();
  }
  console.log(`# total ${Date.now() - t0} ms`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
})();
