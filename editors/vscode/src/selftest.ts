// In-extension self-test for the project's real-editor tests. Runs only when the
// (hidden) setting `lede.selfTest.resultFile` is set. It drives the same VS Code
// APIs a person's actions go through (diagnostics, hover provider, code action
// provider, workspace edits) and writes what it saw to a JSON file, so the test
// outside the editor can assert exactly. It asserts nothing itself.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { applyCodeAction, getClient, lastStartProblem, ledeDiagnostics, tagActions, tagTitleLabel } from './extension';

interface Needle {
  file: string;
  needle: string;
  /** Characters into the needle (hover position). */
  offset?: number;
}

interface Plan {
  /**
   * The activation check instead of everything below: opens `file`, waits `waitMs`,
   * records whether a server runs and the file's lede diagnostics, then sets
   * lede.enable to true for the workspace and records the same once diagnostics come
   * (or timeoutMs passes).
   */
  gate?: { file: string; waitMs: number };
  /** File whose diagnostics are recorded. */
  diagnosticsFile: string;
  /** Hover on an entity tag. */
  hover?: Needle;
  /** Quick fix for the finding of `rule` covering `needle` in diagnosticsFile. */
  quickfix?: { rule: string; needle: string };
  /** Selection whose "Tag as …" actions are listed (and the one for `label` applied). */
  tag?: Needle & { label: string };
  /** Run the lede.fixAll command on diagnosticsFile, record the text, revert. */
  fixAll?: boolean;
  /** The text the test expects after lede.fixAll: the self-test waits (up to timeoutMs) for it. */
  fixAllExpected?: string;
  /**
   * The diagnostics the test expects on diagnosticsFile, as sorted
   * "rule line:character-line:character" keys: the self-test waits (up to
   * timeoutMs) until the published ones equal them, so that a slow machine
   * cannot have it record a partial set. Without it, it waits until they
   * stop changing for settleMs.
   */
  expectedDiagnostics?: string[];
  settleMs?: number;
  timeoutMs?: number;
}

interface Pos {
  line: number;
  character: number;
}

function pos(p: vscode.Position): Pos {
  return { line: p.line, character: p.character };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until the document has lede diagnostics that stopped changing for settleMs. */
async function settledDiagnostics(uri: vscode.Uri, settleMs: number, timeoutMs: number): Promise<readonly vscode.Diagnostic[]> {
  const start = Date.now();
  let last = '';
  let lastChange = Date.now();
  while (Date.now() - start < timeoutMs) {
    const diags = ledeDiagnostics(uri);
    const key = JSON.stringify(diags.map((d) => [d.code, d.range, d.message]));
    if (key !== last) {
      last = key;
      lastChange = Date.now();
    } else if (diags.length > 0 && Date.now() - lastChange >= settleMs) {
      return diags;
    }
    await sleep(100);
  }
  return ledeDiagnostics(uri);
}

/** The key of a diagnostic in Plan.expectedDiagnostics. */
function keyOf(d: vscode.Diagnostic): string {
  const { start, end } = d.range;
  return `${ruleOf(d)} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

/** Waits until the document's lede diagnostics equal `expected` (sorted keys). */
async function expectedDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs: number): Promise<readonly vscode.Diagnostic[]> {
  const want = JSON.stringify(expected);
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (JSON.stringify(ledeDiagnostics(uri).map(keyOf).sort()) === want) {
      break;
    }
    await sleep(100);
  }
  return ledeDiagnostics(uri);
}

/**
 * Reverts `doc`'s file (made the active editor first: the revert command acts on that one)
 * and waits (up to timeoutMs) until `doc`, the extension host's copy, shows `before` again:
 * the command can resolve before the change reaches it, the later the busier the machine.
 * Returns whether it did.
 */
async function revertTo(doc: vscode.TextDocument, before: string, timeoutMs: number): Promise<boolean> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const start = Date.now();
  while (doc.getText() !== before && Date.now() - start < timeoutMs) {
    await sleep(50);
  }
  return doc.getText() === before;
}

function ruleOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) {
    return '';
  }
  if (typeof d.code === 'object') {
    return String(d.code.value);
  }
  return String(d.code);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  const parts: string[] = [];
  for (const h of hovers ?? []) {
    for (const c of h.contents) {
      if (typeof c === 'string') {
        parts.push(c);
      } else if ('value' in c) {
        parts.push(c.value);
      }
    }
  }
  return parts.join('\n---\n');
}

async function hoverAt(uri: vscode.Uri, p: vscode.Position, timeoutMs: number): Promise<string> {
  const start = Date.now();
  let text = '';
  while (Date.now() - start < timeoutMs) {
    text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, p));
    if (text) {
      break;
    }
    await sleep(250);
  }
  return text;
}

async function findNeedle(n: Needle): Promise<{ doc: vscode.TextDocument; range: vscode.Range } | string> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(n.file));
  const at = doc.getText().indexOf(n.needle);
  if (at < 0) {
    return `needle ${JSON.stringify(n.needle)} not in ${n.file}`;
  }
  return { doc, range: new vscode.Range(doc.positionAt(at), doc.positionAt(at + n.needle.length)) };
}

/** Everything but the activation check: diagnostics, hover, quick fix, tagging, fix-all. */
async function checkAll(
  plan: Plan,
  settleMs: number,
  timeoutMs: number,
  result: Record<string, unknown>,
  errors: string[],
  log: (m: string) => void,
): Promise<void> {
  // 1. Diagnostics of the article, as published by the server.
  const uri = vscode.Uri.file(plan.diagnosticsFile);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  const diags = plan.expectedDiagnostics
    ? await expectedDiagnostics(uri, plan.expectedDiagnostics, timeoutMs)
    : await settledDiagnostics(uri, settleMs, timeoutMs);
  result.file = plan.diagnosticsFile;
  result.diagnostics = diags.map((d) => ({
    rule: ruleOf(d),
    source: d.source ?? '',
    severity: vscode.DiagnosticSeverity[d.severity].toLowerCase(),
    message: d.message,
    range: { start: pos(d.range.start), end: pos(d.range.end) },
  }));
  log(`${diags.length} diagnostics`);

  // 2. Hover on an entity tag in a tagged article.
  if (plan.hover) {
    const found = await findNeedle(plan.hover);
    if (typeof found === 'string') {
      errors.push(found);
    } else {
      await vscode.window.showTextDocument(found.doc, { preview: false });
      const p = found.range.start.translate(0, plan.hover.offset ?? 1);
      result.hover = { file: plan.hover.file, position: pos(p), text: await hoverAt(found.doc.uri, p, timeoutMs) };
    }
  }

  // 3. Tag actions offered for a selection; apply the one for the label, record, revert.
  if (plan.tag) {
    const found = await findNeedle(plan.tag);
    if (typeof found === 'string') {
      errors.push(found);
    } else {
      const editor = await vscode.window.showTextDocument(found.doc, { preview: false });
      const before = found.doc.getText();
      const actions = await tagActions(found.doc.uri, found.range);
      const wanted = actions.find((a) => tagTitleLabel(a.title) === plan.tag?.label);
      let after = '';
      let reverted = true;
      if (wanted) {
        await applyCodeAction(wanted);
        after = found.doc.getText();
        reverted = await revertTo(found.doc, before, timeoutMs);
      }
      result.tag = {
        titles: actions.map((a) => a.title),
        applied: wanted?.title ?? null,
        textAfter: after,
        revertedToOriginal: reverted,
      };
      void editor;
    }
  }

  // 4. The quick fix for a finding: apply it, record the text, revert the file.
  if (plan.quickfix) {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const before = doc.getText();
    const at = before.indexOf(plan.quickfix.needle);
    const needlePos = at >= 0 ? doc.positionAt(at) : undefined;
    const target = ledeDiagnostics(uri).find(
      (d) => ruleOf(d) === plan.quickfix?.rule && (!needlePos || d.range.contains(needlePos) || d.range.start.line === needlePos.line),
    );
    const qf: Record<string, unknown> = { rule: plan.quickfix.rule, diagnostic: null, titles: [], applied: null, textAfter: '' };
    if (target) {
      qf.diagnostic = { start: pos(target.range.start), end: pos(target.range.end), message: target.message };
      qf.hoverOnDiagnostic = await hoverAt(uri, target.range.start, timeoutMs);
      const actions =
        (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          uri,
          target.range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      // Only lede's own fixes: quick fixes that carry a workspace edit (VS Code's chat adds
      // command-only "Fix"/"Explain" actions of its own). The code action command's converter
      // may drop `diagnostics`; when it is there it must name the rule.
      const mine = actions.filter((a): a is vscode.CodeAction => {
        if (!('title' in a) || typeof (a as vscode.CodeAction).command === 'string') {
          return false;
        }
        const ca = a as vscode.CodeAction;
        const named = (ca.diagnostics ?? []).length === 0 || (ca.diagnostics ?? []).some((d) => ruleOf(d) === plan.quickfix?.rule);
        return !!ca.edit && !!ca.kind && vscode.CodeActionKind.QuickFix.contains(ca.kind) && named;
      });
      qf.actions = actions.map((a) => ({
        title: a.title,
        kind: 'kind' in a ? (a as vscode.CodeAction).kind?.value : undefined,
        hasEdit: 'edit' in a && !!(a as vscode.CodeAction).edit,
        diagnostics: ((a as vscode.CodeAction).diagnostics ?? []).map((d) => ruleOf(d)),
      }));
      qf.titles = mine.map((a) => a.title);
      const first = mine[0];
      if (first) {
        await applyCodeAction(first);
        qf.applied = first.title;
        qf.textAfter = doc.getText();
        qf.revertedToOriginal = await revertTo(doc, before, timeoutMs);
      }
    } else {
      errors.push(`no ${plan.quickfix.rule} diagnostic at ${plan.quickfix.needle}`);
    }
    result.quickfix = qf;
    void editor;
  }
  // 5. lede.fixAll (source.fixAll.lede) on the article.
  if (plan.fixAll) {
    await vscode.window.showTextDocument(doc, { preview: false });
    const before = doc.getText();
    await vscode.commands.executeCommand('lede.fixAll');
    // Until the expected text is there (when the plan gives it), else until the text changes.
    const done = (): boolean => (plan.fixAllExpected !== undefined ? doc.getText() === plan.fixAllExpected : doc.getText() !== before);
    const wait = plan.fixAllExpected !== undefined ? timeoutMs : 2000;
    const start = Date.now();
    while (!done() && Date.now() - start < wait) {
      await sleep(50);
    }
    const after = doc.getText();
    const reverted = doc.isDirty ? await revertTo(doc, before, timeoutMs) : doc.getText() === before;
    result.fixAll = { changed: after !== before, textAfter: after, revertedToOriginal: reverted };
  }

  // Leave the article in front for the UI checks that follow.
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** The activation check of `Plan.gate`. */
async function gate(plan: { file: string; waitMs: number }, timeoutMs: number, result: Record<string, unknown>): Promise<void> {
  const uri = vscode.Uri.file(plan.file);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  await sleep(plan.waitMs);
  const seen = () => ({
    running: getClient()?.isRunning() ?? false,
    startProblem: lastStartProblem,
    diagnostics: ledeDiagnostics(uri).length,
  });
  result.gateBefore = seen();
  await vscode.workspace.getConfiguration('lede').update('enable', true, vscode.ConfigurationTarget.Workspace);
  const start = Date.now();
  while (Date.now() - start < timeoutMs && ledeDiagnostics(uri).length === 0) {
    await sleep(100);
  }
  result.gateAfter = seen();
}

export async function runSelfTest(resultFile: string, started: boolean, output: vscode.OutputChannel): Promise<void> {
  const result: Record<string, unknown> = { started, startProblem: lastStartProblem, errors: [] as string[] };
  const errors = result.errors as string[];
  const log = (m: string): void => output.appendLine(`[self-test] ${m}`);
  try {
    const planFile = vscode.workspace.getConfiguration('lede').get<string>('selfTest.planFile', '') || `${resultFile}.plan.json`;
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan;
    const settleMs = plan.settleMs ?? 1500;
    const timeoutMs = plan.timeoutMs ?? 30000;
    log(`plan ${planFile}`);
    if (plan.gate) {
      await gate(plan.gate, timeoutMs, result);
    } else {
      await checkAll(plan, settleMs, timeoutMs, result, errors, log);
    }
  } catch (err) {
    errors.push(err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err));
  }
  const tmp = `${resultFile}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result, null, 2));
  fs.renameSync(tmp, resultFile);
  log(`wrote ${resultFile}`);
}
