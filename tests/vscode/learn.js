// The workspace learns (issue 10) in the real VS Code workbench (code-server)
// with the real server: a name tagged PARK in one file (quick-fix menu) is
// suggested as PARK in another open file once the background learner has
// retrained — the Problems panel shows the refreshed suggestion without
// reopening or saving — and "Forget what was learned" takes it back.
//
// usage: node learn.js <baseUrl> <workspaceDir> <fileName> <artifactsDir>
// (<fileName> is the file tagged; `other.txt` beside it is the other file)
'use strict';
const fs = require('fs');
const path = require('path');
const { results, check, sleep, poll, launch, openWorkbench, openQuickFix, cursor, lineCol } = require('./lib');

const [baseUrl, wsDir, fileName, artifacts] = process.argv.slice(2);
const NAME = 'Zyxtel';
const text = fs.readFileSync(path.join(wsDir, fileName), 'utf8');
const wanted = `PARK? “${NAME}”`;

(async () => {
  const t0 = Date.now();
  const browser = await launch();
  let page;
  const shot = (name) => page.screenshot({ path: path.join(artifacts, name) }).catch(() => {});
  try {
    page = await openWorkbench(browser, baseUrl, wsDir, 'other.txt');
    // Both files open: the tagged one last, so it has the focus.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(fileName);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active[aria-label*="${fileName}"]`);

    await page.keyboard.press('Control+Shift+M');
    const panel = () => page.locator('.markers-panel').innerText().catch(() => '');
    await poll(async () => /pactum/.test(await panel()), 60000);
    check(!(await panel()).includes(wanted), 'before: no PARK suggestion for the name', (await panel()).slice(0, 600));

    // Tag the name in the file as PARK from the quick-fix menu.
    const goTo = async () => {
      const { line, col } = lineCol(text, text.indexOf(NAME) + 1);
      await page.click('.monaco-editor .view-lines');
      await page.keyboard.press('Control+G');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(`${line}:${col}`);
      await page.keyboard.press('Enter');
      await poll(async () => {
        const c = await cursor(page);
        return c && c.line === line && c.col === col;
      }, 5000);
    };
    await goTo();
    const title = `Change label to PARK (“${NAME}”)`;
    const row = await openQuickFix(page, `.action-widget .monaco-list-row:has-text("${title}")`, goTo);
    check(!!row, `the quick-fix menu offers "${title}"`);
    if (!row) throw new Error('cannot tag the name: the later checks depend on it');
    await row.click();

    // The other file's refreshed suggestion appears in the Problems panel.
    const learnt = await poll(async () => (await panel()).includes(wanted), 30000);
    check(learnt, `after the tag, the other file shows "${wanted}"`, (await panel()).slice(0, 800));
    await shot('vscode-learn.png');

    // Forget: from the quick-fix menu on the tagged name.
    await goTo();
    const forgetTitle = `Forget what was learned about “${NAME}”`;
    const frow = await openQuickFix(page, `.action-widget .monaco-list-row:has-text("${forgetTitle}")`, goTo);
    check(!!frow, `the quick-fix menu offers "${forgetTitle}"`);
    if (frow) {
      await frow.click();
      const gone = await poll(async () => !(await panel()).includes(wanted), 30000);
      check(gone, 'after forgetting, the learnt suggestion leaves the Problems panel', (await panel()).slice(0, 800));
      check(fs.existsSync(path.join(wsDir, '.pactum', 'forget.json')), 'the forget list is stored in .pactum/forget.json');
    }
  } catch (e) {
    results.failed++;
    console.log('FAIL - exception: ' + ((e && e.stack) || e));
    await shot('vscode-learn-error.png');
  } finally {
    await browser.close();
  }
  console.log(`# total ${Date.now() - t0} ms`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
})();
