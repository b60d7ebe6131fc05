// The lede extension: starts `lede lsp` through vscode-languageclient and adds
// a few commands on top of what the server offers (tagging a selection, fixing
// all, restarting), plus a status bar item with the finding count.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { runSelfTest } from './selftest';

export const DEFAULT_LABELS = ['PER', 'ORG', 'LOC', 'MISC'];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
/** Why the last start failed (shown in notifications; recorded by the self-test). */
export let lastStartProblem = '';

/** Where the server binary is: setting, bundled binary, then PATH. */
export function resolveServerPath(context: vscode.ExtensionContext): string | undefined {
  const configured = vscode.workspace.getConfiguration('lede').get<string>('path', '').trim();
  if (configured) {
    const p = configured.startsWith('~')
      ? path.join(process.env.HOME ?? '', configured.slice(1))
      : configured;
    return isExecutable(p) ? p : undefined;
  }
  const bundled = context.asAbsolutePath(path.join('server', process.platform === 'win32' ? 'lede.exe' : 'lede'));
  if (isExecutable(bundled)) {
    return bundled;
  }
  return findOnPath(process.platform === 'win32' ? 'lede.exe' : 'lede');
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) {
      return path.join(dir, name);
    }
  }
  return undefined;
}

async function reportMissingServer(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration('lede').get<string>('path', '').trim();
  const msg = configured
    ? `lede: the server binary set in "lede.path" (${configured}) was not found or is not executable.`
    : 'lede: no server binary found — neither the one bundled with the extension nor `lede` on PATH. ' +
      'Install lede (cargo install --path server) or set "lede.path".';
  output.appendLine(msg);
  const choice = await vscode.window.showErrorMessage(msg, 'Open Settings', 'Open Docs');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'lede.path');
  } else if (choice === 'Open Docs') {
    // The extension's README (shipped inside the .vsix) says how to get the binary.
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'));
  }
}

/** Why the server is not running when that is by choice, not a failure. */
const NOT_A_LEDE_PROJECT = 'no lede.toml in the workspace';
const DISABLED = 'disabled';

/**
 * The folders of the workspace that hold a lede.toml (a lede project), as vale
 * looks for .vale.ini: only their files are checked unless lede.enable says otherwise.
 */
async function ledeProjectFolders(): Promise<string[]> {
  const found = await vscode.workspace.findFiles('**/lede.toml', '**/{node_modules,.git}/**', 100);
  return [...new Set(found.map((u) => path.dirname(u.fsPath)))].sort();
}

/** The files the client hands to the server: everywhere, or under the lede projects. */
function documentSelector(projects: string[] | undefined): LanguageClientOptions['documentSelector'] {
  const languages = ['plaintext', 'markdown'];
  if (!projects) {
    return languages.map((language) => ({ scheme: 'file', language }));
  }
  // A glob on the absolute path: `/` separators (VS Code's glob takes them on every
  // platform), and a glob character in a folder name matches any one character there.
  const under = (dir: string): string => `${dir.replace(/\\/g, '/').replace(/[*?[\]{}]/g, '?')}/**`;
  return projects.flatMap((dir) => languages.map((language) => ({ scheme: 'file', language, pattern: under(dir) })));
}

function makeClient(serverPath: string, projects: string[] | undefined): LanguageClient {
  const config = vscode.workspace.getConfiguration('lede');
  const serverOptions: ServerOptions = {
    command: serverPath,
    // No `transport`: with TransportKind.stdio the client appends `--stdio`
    // to the arguments; lede speaks stdio by default and its CLI rejects unknown flags.
    args: ['lsp'],
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(projects),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/lede.toml'),
    },
    initializationOptions: {
      debounceMs: config.get<number>('debounceMs', 200),
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  return new LanguageClient('lede', 'lede', serverOptions, clientOptions);
}

export function getClient(): LanguageClient | undefined {
  return client;
}

/** The lede projects the running server serves (undefined: every file). */
let servedProjects: string[] | undefined;

async function startServer(context: vscode.ExtensionContext): Promise<boolean> {
  // true: every plain-text and Markdown file; false: none; unset: lede projects only.
  const enable = vscode.workspace.getConfiguration('lede').get<boolean | null>('enable', null);
  if (enable === false) {
    output.appendLine('lede is disabled (lede.enable = false).');
    lastStartProblem = DISABLED;
    updateStatus();
    return false;
  }
  let projects: string[] | undefined;
  if (enable !== true) {
    projects = await ledeProjectFolders();
    if (projects.length === 0) {
      output.appendLine(
        'lede: no lede.toml in this workspace, so the server is not started. ' +
          'Add a lede.toml, or set "lede.enable": true to check every plain-text and Markdown file.',
      );
      lastStartProblem = NOT_A_LEDE_PROJECT;
      servedProjects = [];
      updateStatus();
      return false;
    }
  }
  servedProjects = projects;
  lastStartProblem = '';
  const serverPath = resolveServerPath(context);
  if (!serverPath) {
    lastStartProblem = 'no server binary found';
    void reportMissingServer(context);
    updateStatus();
    return false;
  }
  output.appendLine(`Starting ${serverPath} lsp`);
  client = makeClient(serverPath, projects);
  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      updateStatus();
    }
  });
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`lede failed to start: ${String(err)}`);
    lastStartProblem = `${serverPath}: ${String(err)}`;
    void vscode.window.showErrorMessage(`lede: the language server failed to start (${String(err)}).`, 'Show Output').then(
      (c) => {
        if (c) {
          output.show();
        }
      },
    );
    client = undefined;
    return false;
  }
  updateStatus();
  return true;
}

async function stopServer(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`lede stop: ${String(err)}`);
    }
  }
}

/** Findings the server published for a document. */
export function ledeDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
  const fromClient = client?.diagnostics?.get(uri);
  if (fromClient) {
    return fromClient;
  }
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lede');
}

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['plaintext', 'markdown'].includes(editor.document.languageId)) {
    statusItem.hide();
    return;
  }
  const file = editor.document.uri.fsPath;
  const outside = servedProjects !== undefined && !servedProjects.some((dir) => file.startsWith(dir + path.sep));
  if (lastStartProblem === NOT_A_LEDE_PROJECT || lastStartProblem === DISABLED || outside) {
    statusItem.hide(); // by choice: nothing to show for a file that is in no lede project
    return;
  }
  if (!client || !client.isRunning()) {
    statusItem.text = '$(circle-slash) lede';
    statusItem.tooltip = 'lede language server is not running';
    statusItem.show();
    return;
  }
  const n = ledeDiagnostics(editor.document.uri).length;
  statusItem.text = n === 0 ? '$(check) lede' : `$(warning) lede: ${n}`;
  statusItem.tooltip = `${n} lede finding${n === 1 ? '' : 's'} in this file — click for the Problems panel`;
  statusItem.show();
}

/** Labels from the nearest lede.toml of the workspace, else the CoNLL default. */
export function labelsFromConfig(doc: vscode.TextDocument): string[] {
  let dir = path.dirname(doc.uri.fsPath);
  for (let i = 0; i < 64; i++) {
    const candidate = path.join(dir, 'lede.toml');
    if (fs.existsSync(candidate)) {
      const m = /^\s*labels\s*=\s*\[([^\]]*)\]/m.exec(fs.readFileSync(candidate, 'utf8'));
      if (m) {
        const labels = [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => x[1]);
        if (labels.length > 0) {
          return labels;
        }
      }
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      break;
    }
    dir = parent;
  }
  return DEFAULT_LABELS;
}

/** Label of a "tag the selection" action title: "Tag as ORG" or 'Tag "Hao Peng" as ORG' (not "Tag all …"). */
export function tagTitleLabel(title: string): string | undefined {
  const m = /^Tag (?:".*" )?as (\S+)$/.exec(title);
  return m ? m[1] : undefined;
}

/** The server's "Tag … as LABEL" refactor actions for a selection. */
export async function tagActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      vscode.CodeActionKind.Refactor.value,
    )) ?? [];
  return actions.filter(
    (a): a is vscode.CodeAction =>
      'title' in a && tagTitleLabel(a.title) !== undefined && !('command' in a && typeof a.command === 'string'),
  );
}

export async function applyCodeAction(action: vscode.CodeAction): Promise<boolean> {
  let ok = true;
  if (action.edit) {
    ok = await vscode.workspace.applyEdit(action.edit);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  return ok;
}

async function tagSelection(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('lede: select the text to tag first.');
    return;
  }
  const { document, selection } = editor;
  const actions = await tagActions(document.uri, selection);
  if (actions.length > 0) {
    const pick = await vscode.window.showQuickPick(
      actions.map((a) => ({ label: a.title, action: a })),
      { placeHolder: 'Tag the selection as…' },
    );
    if (pick) {
      await applyCodeAction(pick.action);
    }
    return;
  }
  // The server offered nothing (older server, or selection it refuses): wrap it ourselves.
  const label = await vscode.window.showQuickPick(labelsFromConfig(document), { placeHolder: 'Tag the selection as…' });
  if (!label) {
    return;
  }
  const text = document.getText(selection).replace(/\[/g, '\\[').replace(/\]/g, '\\]');
  await editor.edit((b) => b.replace(selection, `[${text}]{${label}}`));
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    return;
  }
  const doc = editor.document;
  // VS Code cancels a code-action request when the document changes while it is in flight (a
  // revert or an undo settling a moment later): ask again, for the text as it is now.
  let actions: (vscode.CodeAction | vscode.Command)[] = [];
  for (let attempt = 1; ; attempt++) {
    const full = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    try {
      actions =
        (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          full,
          'source.fixAll.lede',
        )) ?? [];
      break;
    } catch (err) {
      const canceled = err instanceof Error && err.message === 'Canceled';
      if (!canceled || attempt >= 5) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const fix = actions.find(
    (a): a is vscode.CodeAction => 'kind' in a && !!a.kind && a.kind.value.startsWith('source.fixAll.lede'),
  );
  if (!fix) {
    void vscode.window.showInformationMessage('lede: nothing to fix.');
    return;
  }
  await applyCodeAction(fix);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('lede');
  statusItem = vscode.window.createStatusBarItem('lede.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'lede';
  statusItem.command = 'workbench.actions.view.problems';
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('lede.tagSelection', tagSelection),
    vscode.commands.registerCommand('lede.fixAll', fixAll),
    vscode.commands.registerCommand('lede.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('lede.restartServer', async () => {
      await stopServer();
      await startServer(context);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    // A lede.toml created or deleted changes which folders are lede projects.
    (() => {
      const watcher = vscode.workspace.createFileSystemWatcher('**/lede.toml', false, true, false);
      const recheck = async (): Promise<void> => {
        const enable = vscode.workspace.getConfiguration('lede').get<boolean | null>('enable', null);
        if (enable === null || enable === undefined) {
          const now = await ledeProjectFolders();
          if (JSON.stringify(now) !== JSON.stringify(servedProjects)) {
            await stopServer();
            await startServer(context);
          }
        }
      };
      watcher.onDidCreate(recheck);
      watcher.onDidDelete(recheck);
      return watcher;
    })(),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (
        e.affectsConfiguration('lede.path') ||
        e.affectsConfiguration('lede.enable') ||
        e.affectsConfiguration('lede.debounceMs')
      ) {
        await stopServer();
        await startServer(context);
      }
    }),
  );

  const started = await startServer(context);

  const resultFile = vscode.workspace.getConfiguration('lede').get<string>('selfTest.resultFile', '');
  if (resultFile) {
    void runSelfTest(resultFile, started, output);
  }
}

export async function deactivate(): Promise<void> {
  await stopServer();
}
