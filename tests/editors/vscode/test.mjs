// Real VS Code (code-server) with the packaged lede .vsix, driven by Debian's
// chromium through playwright-core. Asserts exactly through the extension's
// self-test result file, then checks what a person sees (squiggles, Problems
// panel, hover) and saves screenshots into LEDE_SHOTS.
//
// Env: LEDE_ROOT, LEDE_WS (workspace copy), LEDE_ARTICLE (article in LEDE_WS),
// LEDE_TMP (scratch dir), LEDE_VSIX, LEDE_CODE_SERVER, LEDE_BIN (lede used for the
// CLI side), LEDE_PW (folder with node_modules/playwright-core), LEDE_SHOTS (folder
// for the screenshots: target/editor-screenshots, or docs/img when refreshing them).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} not set`);
  return v;
};
const ROOT = env('LEDE_ROOT');
const WS = env('LEDE_WS');
const ARTICLE = env('LEDE_ARTICLE');
const TMP = env('LEDE_TMP');
const VSIX = env('LEDE_VSIX');
const CODE_SERVER = env('LEDE_CODE_SERVER');
const LEDE_BIN = env('LEDE_BIN');
const require = createRequire(path.join(env('LEDE_PW'), 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

let failures = 0;
function check(ok, what, detail) {
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures++;
    console.log(`FAIL ${what}${detail !== undefined ? '\n     ' + String(detail).replace(/\n/g, '\n     ') : ''}`);
  }
  return ok;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Waits for the UI are hang guards: long enough for a loaded machine, not speed bounds.
const UI_WAIT = 60000;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// ---- expected findings, from the CLI over the same workspace folder
function expectedFindings() {
  const r = spawnSync(LEDE_BIN, ['check', '--format', 'json', '.'], { cwd: WS, encoding: 'utf8' });
  let all;
  try {
    all = JSON.parse(r.stdout);
  } catch (e) {
    check(false, 'lede check --format json parses', `${r.stderr}${r.stdout}`);
    return [];
  }
  const rel = path.relative(WS, ARTICLE);
  const lines = fs.readFileSync(ARTICLE, 'utf8').split('\n');
  // CLI columns are 1-based Unicode scalar values; LSP (VS Code) counts UTF-16 units.
  const utf16 = (line, col1) => {
    const chars = Array.from(lines[line - 1] ?? '');
    const head = chars.slice(0, col1 - 1).join('');
    return head.length + Math.max(0, col1 - 1 - chars.length);
  };
  return all
    .filter((f) => path.normalize(f.path) === rel)
    .map((f) => `${f.rule} ${f.line - 1}:${utf16(f.line, f.column)}-${f.end_line - 1}:${utf16(f.end_line, f.end_column)}`)
    .sort();
}

function runCodeServer(args, opts = {}) {
  return spawnSync(CODE_SERVER, args, { encoding: 'utf8', ...opts });
}

const UD = path.join(TMP, 'user-data');
const EXT = path.join(TMP, 'extensions');
const RESULT = path.join(TMP, 'selftest-result.json');
const PLAN = path.join(TMP, 'selftest-plan.json');
const IMG = env('LEDE_SHOTS');
const shown = (name) => path.relative(ROOT, path.join(IMG, name));
fs.mkdirSync(IMG, { recursive: true });

// The CLI's findings for the article and its text after `lede check --fix` (on a copy of the
// workspace): the self-test waits for them, the test compares them.
const expected = expectedFindings();
const copy = path.join(TMP, 'fix-copy');
fs.cpSync(WS, copy, { recursive: true });
spawnSync(LEDE_BIN, ['check', '--fix', '.'], { cwd: copy, encoding: 'utf8' });
const fixed = fs.readFileSync(path.join(copy, path.relative(WS, ARTICLE)), 'utf8');

// ---- workspace settings + self-test plan
fs.mkdirSync(path.join(WS, '.vscode'), { recursive: true });
const settings = {
  'lede.selfTest.resultFile': RESULT,
  'lede.selfTest.planFile': PLAN,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'window.restoreWindows': 'none',
  'editor.wordWrap': 'on',
  // code-server saves after a delay by default: an edit the self-test makes and then
  // reverts would be saved first whenever the machine is slow enough to let the delay pass.
  'files.autoSave': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};
if (process.env.LEDE_PATH_SETTING) settings['lede.path'] = process.env.LEDE_PATH_SETTING;
fs.writeFileSync(path.join(WS, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
fs.writeFileSync(
  PLAN,
  JSON.stringify({
    diagnosticsFile: ARTICLE,
    hover: { file: path.join(WS, 'tagged.txt'), needle: 'Riverton Harbour Authority]{ORG:rha}', offset: 3 },
    quickfix: { rule: 'numbers/glued-digits', needle: 'city8%' },
    tag: { file: path.join(WS, 'tagged.txt'), needle: 'Harbour Authority area', label: 'ORG' },
    fixAll: true,
    fixAllExpected: fixed,
    expectedDiagnostics: expected,
    // Each wait of the self-test gives up after this: a hang guard, not a speed bound.
    timeoutMs: 60000,
  }),
);

// ---- install the .vsix into a fresh extensions dir
const inst = runCodeServer(['--user-data-dir', UD, '--extensions-dir', EXT, '--install-extension', VSIX]);
check(inst.status === 0 && /successfully installed/i.test(inst.stdout + inst.stderr), `code-server installs ${path.basename(VSIX)}`,
  inst.stdout + inst.stderr);

/** Starts code-server on `folder`; resolves once it answers, else throws. */
async function launch(folder) {
  const port = await freePort();
  const proc = spawn(
    CODE_SERVER,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', UD, '--extensions-dir', EXT,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', folder],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const started = { proc, port, log: '' };
  proc.stdout.on('data', (d) => (started.log += d));
  proc.stderr.on('data', (d) => (started.log += d));
  let up = false;
  for (let i = 0; i < 120 && !up; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      up = r.ok;
    } catch {
      await sleep(250);
    }
  }
  if (!check(up, `code-server listens on ${port}`, started.log)) throw new Error('code-server did not start');
  return started;
}
const stop = (s) => {
  try {
    process.kill(-s.proc.pid, 'SIGTERM');
  } catch {}
};
// Polls (a hang guard only) for the self-test's result file.
async function selfTestResult(file) {
  for (let i = 0; i < 1200; i++) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
    await sleep(250);
  }
  return undefined;
}

let browser;
let server;
let gateServer; // the second run's, below
process.on('exit', () => [server, gateServer].forEach((s) => s && stop(s)));

try {
  server = await launch(WS);
  const port = server.port;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  // Waits until the quick input's focused row (the one Enter picks) shows `text`.
  const focusedPick = (text) =>
    page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first()
      .waitFor({ state: 'visible', timeout: UI_WAIT }).catch(() => {});
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WS)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: UI_WAIT });
  check(true, 'the workbench loads in chromium');

  // ---- exact checks through the self-test result
  // The self-test's waits end after 60 s each.
  const result = await selfTestResult(RESULT);
  if (!check(!!result, 'the extension self-test wrote its result')) throw new Error('no self-test result');
  fs.copyFileSync(RESULT, path.join(TMP, 'result-copy.json'));
  check(result.started === true, "the extension started the lede server", result.startProblem);
  check(result.errors.length === 0, 'self-test ran without errors', result.errors.join('\n'));
  const got = (result.diagnostics ?? []).map((d) => `${d.rule} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
  check(expected.length > 0, `the CLI reports findings for ${path.basename(ARTICLE)} (${expected.length})`);
  check(JSON.stringify(got) === JSON.stringify(expected), 'VS Code diagnostics equal the CLI findings (rule and range)',
    `cli:\n${expected.join('\n')}\nvscode:\n${got.join('\n')}`);
  check((result.diagnostics ?? []).every((d) => d.source === 'lede'), 'diagnostics come from source "lede"');
  const hover = result.hover?.text ?? '';
  check(hover.includes('Public body that runs the port of Riverton') && hover.includes('ORG'),
    'hover on [Riverton Harbour Authority]{ORG:rha} shows the registry entity', hover);
  const qf = result.quickfix ?? {};
  check(typeof qf.applied === 'string', 'a lede quick fix is offered for numbers/glued-digits at city8%', JSON.stringify(qf, null, 2));
  check((qf.textAfter ?? '').includes('contributing 97.8% to the city'),
    `applying "${qf.applied}" gives "contributing 97.8% to the city"`, (qf.textAfter ?? '').split('\n').find((l) => l.includes('contributing')));
  check((qf.hoverOnDiagnostic ?? '').includes('numbers/glued-digits'), 'hover on the finding explains the rule',
    qf.hoverOnDiagnostic);
  check(qf.revertedToOriginal === true, 'the file is back to its original text after the fix was reverted');
  const tag = result.tag ?? {};
  check(typeof tag.applied === 'string' && (tag.textAfter ?? '').includes('[Harbour Authority area]{ORG}'),
    'the "Tag … as ORG" action (lede.tagSelection) wraps the selection', JSON.stringify(tag, null, 2));

  // lede.fixAll equals `lede check --fix` on a copy of the workspace
  const fa = result.fixAll ?? {};
  console.log(`     (\`lede check --fix\` ${fixed === fs.readFileSync(ARTICLE, 'utf8') ? 'does not change' : 'changes'} the article)`);
  check(fa.textAfter === fixed, 'the lede.fixAll command gives the same text as `lede check --fix`',
    `cli --fix:\n${fixed}\nvscode:\n${fa.textAfter}`);
  check(fa.revertedToOriginal === true, 'the file is back to its original text after fix-all was reverted');

  // ---- what a person sees: squiggles, Problems panel, status bar
  const editorSel = '.editor-instance .monaco-editor';
  await page.waitForSelector(`${editorSel} .view-lines`, { timeout: UI_WAIT });
  const squiggles = page.locator(`${editorSel} .squiggly-error, ${editorSel} .squiggly-warning, ${editorSel} .squiggly-info, ${editorSel} .squiggly-hint`);
  let nsq = 0;
  for (let i = 0; i < 240 && nsq === 0; i++) {
    nsq = await squiggles.count();
    if (!nsq) await sleep(250);
  }
  check(nsq > 0, `the editor shows squiggles (${nsq})`);
  const status = page.locator('.statusbar-item', { hasText: 'lede' });
  // Poll: after the self-test's revert the server republishes, the count settles again.
  let statusText = '';
  for (let i = 0; i < 240; i++) {
    statusText = (await status.first().textContent({ timeout: 5000 }).catch(() => '')) ?? '';
    if (new RegExp(`lede: ${expected.length}\\b`).test(statusText)) break;
    await sleep(250);
  }
  check(new RegExp(`lede: ${expected.length}\\b`).test(statusText), `the status bar shows the finding count (lede: ${expected.length})`, statusText);

  // The (empty) chat side bar only takes room in the screenshots: close it when open.
  if (await page.locator('.part.auxiliarybar').isVisible().catch(() => false)) {
    await page.keyboard.press('Control+Alt+B');
    await sleep(300);
  }
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: UI_WAIT }).catch(() => {});
  // The panel's list is virtualised: rows out of view are not in the DOM. Check the
  // file's count badge and that the rows shown are lede findings of the expected rules,
  // once the panel shows them (polled for up to 60 s: a hang guard).
  const expectedRules = new Set(expected.map((e) => e.split(' ')[0]));
  const badge = new RegExp(`${path.basename(ARTICLE).replace(/\./g, '\\.')}\\s+${expected.length}\\s`);
  let panelText = '';
  let shownRules = [];
  const panelOk = () => badge.test(panelText) && shownRules.length >= Math.min(3, expected.length) && shownRules.every((r) => expectedRules.has(r));
  for (let i = 0; i < 240; i++) {
    panelText = (await panel.first().innerText().catch(() => '')) ?? '';
    shownRules = [...panelText.matchAll(/^([a-z]+\/[a-z0-9-]+)$/gm)].map((m) => m[1]);
    if (panelOk()) break;
    await sleep(250);
  }
  // A moment for the rows to finish drawing before the screenshot.
  await sleep(1000);
  check(panelOk(),
    `the Problems panel lists ${expected.length} lede findings for the article (${[...new Set(shownRules)].join(', ')} in view)`,
    panelText.slice(0, 1500));
  await page.screenshot({ path: path.join(IMG, 'vscode-diagnostics.png') });
  console.log(`     saved ${shown('vscode-diagnostics.png')}`);
  await page.keyboard.press('Control+Shift+M');

  // ---- hover on the tag, through the UI: open tagged.txt, go to the tag, show hover
  const taggedLines = fs.readFileSync(path.join(WS, 'tagged.txt'), 'utf8').split('\n');
  const col = taggedLines[0].indexOf('Riverton Harbour Authority') + 4;
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: UI_WAIT });
  await page.keyboard.type('tagged.txt');
  await focusedPick('tagged.txt');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tab.active:has-text("tagged.txt")', { timeout: UI_WAIT });
  await sleep(500);
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: UI_WAIT });
  await page.keyboard.type(`1:${col}`);
  await page.keyboard.press('Enter');
  await sleep(300);
  let hoverText = '';
  for (let i = 0; i < 30 && !hoverText.includes('Riverton'); i++) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.locator('.monaco-hover').first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
    hoverText = (await page.locator('.monaco-hover:visible').allInnerTexts().catch(() => [])).join('\n');
    if (!hoverText.includes('Riverton')) await sleep(500);
  }
  check(hoverText.includes('Public body that runs the port of Riverton'), 'the hover widget (.monaco-hover) shows the entity', hoverText);
  await page.screenshot({ path: path.join(IMG, 'vscode-hover.png') });
  console.log(`     saved ${shown('vscode-hover.png')}`);
  await page.keyboard.press('Escape');

  // ---- the "Lede: Tag Selection as Entity…" command through the command palette
  const tagLine = taggedLines.findIndex((l) => l.includes('Harbour Authority area'));
  const tagCol = taggedLines[tagLine].indexOf('Harbour Authority area') + 1;
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: UI_WAIT });
  await page.keyboard.type(`${tagLine + 1}:${tagCol}`);
  await page.keyboard.press('Enter');
  await sleep(300);
  for (let i = 0; i < 'Harbour Authority area'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: UI_WAIT });
  await page.keyboard.type('Lede: Tag Selection');
  await focusedPick('Tag Selection');
  await page.keyboard.press('Enter');
  let picks = '';
  for (let i = 0; i < 240 && !/as ORG/.test(picks); i++) {
    await sleep(250);
    picks = (await page.locator('.quick-input-widget .quick-input-list').allInnerTexts().catch(() => [])).join('\n');
  }
  check(/as PER/.test(picks) && /as ORG/.test(picks) && /as LOC/.test(picks), 'lede.tagSelection offers the server\'s tag actions in a quick pick', picks);
  await page.keyboard.type('as ORG');
  await focusedPick('as ORG');
  await page.keyboard.press('Enter');
  let lineText = '';
  for (let i = 0; i < 240 && !lineText.includes('{ORG}'); i++) {
    await sleep(250);
    lineText = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  }
  check(lineText.includes('[Harbour Authority area]{ORG}'), 'choosing "… as ORG" wraps the selection as [Harbour Authority area]{ORG}', lineText);
  await page.keyboard.press('Control+Z');

  // ---- a missing binary: lede.path pointing nowhere gives a clear error with buttons
  fs.writeFileSync(path.join(WS, '.vscode', 'settings.json'),
    JSON.stringify({ ...settings, 'lede.path': path.join(TMP, 'no-such-dir', 'lede') }, null, 2));
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'lede.path' });
  await toast.first().waitFor({ state: 'visible', timeout: UI_WAIT }).catch(() => {});
  const toastText = (await toast.allInnerTexts().catch(() => [])).join('\n');
  check(/not found/.test(toastText) && /Open Settings/.test(toastText) && /Open Docs/.test(toastText),
    'a lede.path that does not exist gives an error notification with "Open Settings" / "Open Docs"', toastText);
  const statusAfter = (await page.locator('.statusbar-item', { hasText: 'lede' }).first().textContent({ timeout: 5000 }).catch(() => '')) ?? '';
  check(!/lede: \d/.test(statusAfter), 'the status bar no longer shows a finding count', statusAfter);
} catch (err) {
  check(false, 'the VS Code run completed', err?.stack ?? String(err));
  if (server?.log) console.log(server.log.split('\n').slice(-30).join('\n'));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) stop(server);
}

// ---- a folder that is no lede project (no lede.toml): the extension leaves its
// README alone until "lede.enable": true, which the self-test then sets.
const PLAIN = path.join(TMP, 'plain');
const README = path.join(PLAIN, 'README.md');
const GATE_RESULT = path.join(TMP, 'gate-result.json');
const GATE_PLAN = path.join(TMP, 'gate-plan.json');
fs.mkdirSync(path.join(PLAIN, '.vscode'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'tests', 'editors', 'fixtures', 'article.txt'), README);
fs.writeFileSync(path.join(PLAIN, '.vscode', 'settings.json'),
  JSON.stringify({ ...settings, 'lede.selfTest.resultFile': GATE_RESULT, 'lede.selfTest.planFile': GATE_PLAN }, null, 2));
// 3 s for a server that should not come: the bound of the negative check, not a speed claim.
fs.writeFileSync(GATE_PLAN, JSON.stringify({ gate: { file: README, waitMs: 3000 }, diagnosticsFile: README, timeoutMs: 60000 }));
let gateBrowser;
try {
  gateServer = await launch(PLAIN);
  gateBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const page = await gateBrowser.newPage({ viewport: { width: 1400, height: 850 } });
  await page.goto(`http://127.0.0.1:${gateServer.port}/?folder=${encodeURIComponent(PLAIN)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: UI_WAIT });
  // Opening a Markdown file is what activates the extension (onLanguage:markdown).
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget', { state: 'visible', timeout: UI_WAIT });
  await page.keyboard.type('README.md');
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'README.md' }).first()
    .waitFor({ state: 'visible', timeout: UI_WAIT }).catch(() => {});
  await page.keyboard.press('Enter');
  const gate = await selfTestResult(GATE_RESULT);
  if (!check(!!gate, 'the self-test in the folder without lede.toml wrote its result')) throw new Error('no gate result');
  fs.copyFileSync(GATE_RESULT, path.join(TMP, 'result-copy.json'));
  check(gate.errors.length === 0, 'that self-test ran without errors', gate.errors.join('\n'));
  const before = gate.gateBefore ?? {};
  check(gate.started === false && before.running === false && /no lede\.toml/.test(before.startProblem ?? ''),
    'without lede.toml in the workspace the extension does not start the server', JSON.stringify(gate, null, 2));
  check(before.diagnostics === 0, 'README.md there gets no lede diagnostics', JSON.stringify(before));
  const after = gate.gateAfter ?? {};
  check(after.running === true && after.diagnostics > 0,
    'with "lede.enable": true the server starts and checks README.md', JSON.stringify(after));
} catch (err) {
  check(false, 'the VS Code run in a folder without lede.toml completed', err?.stack ?? String(err));
  if (gateServer?.log) console.log(gateServer.log.split('\n').slice(-30).join('\n'));
} finally {
  if (gateBrowser) await gateBrowser.close().catch(() => {});
  if (gateServer) stop(gateServer);
}
console.log(failures === 0 ? 'vscode: all passed' : `vscode: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
