// The language server: diagnostics for open TypeScript/JavaScript documents, from the same
// analyser as the CLI, and quick fixes / fix-all from the same analysis (handlers/code-actions.ts).
// Analysis runs on a worker thread (analysis-worker.ts): the compiler API blocks the thread it
// runs on, and this one must stay free to answer requests and drop outdated work.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  CodeActionKind,
  type Diagnostic,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath, pathToFileURL } from "node:url";
import { offsetToPosition } from "./analyzer/positions.js";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { loadConfig } from "./project/config-file.js";
import { VERSION } from "./version.js";
import type { FileResult } from "./analyzer/types.js";
import { registerCodeActions } from "./handlers/code-actions.js";
import { classifyChanges } from "./handlers/watched-files.js";
import { ANALYSE_WORKSPACE_REQUEST, FIX_ALL_KIND, STATUS_NOTIFICATION, type AnalyseWorkspaceResult, type StatusParams } from "../../shared/protocol.js";
import type { WorkerRequest } from "./worker-protocol.js";
import { AnalysisThread } from "./analysis-thread.js";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let rootPath = process.cwd();
const timers = new Map<string, NodeJS.Timeout>();
/** How long typing must pause before a changed document is analysed (asyncLens.debounceMs). */
let debounceMs = 100;

// ---- the analysis thread ----

const thread = new AnalysisThread(new URL("./analysis-worker.js", import.meta.url), (level, message) => {
  const line = `Async Lens ${VERSION}: ${message}`;
  if (level === "error") connection.console.error(line);
  else connection.console.info(line);
});
let nextId = 1;
let toldAboutCompiler = false;
const ask = <T extends "result" | "workspace">(request: Extract<WorkerRequest, { id: number }>) => thread.ask<T>(request);
const post = (request: WorkerRequest) => thread.post(request);

// ---- settings ----

connection.onInitialize((params) => {
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  if (root?.startsWith("file:")) rootPath = fileURLToPath(root);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
    },
  };
});

connection.onInitialized(async () => {
  await reloadSettings();
});

connection.onDidChangeConfiguration(async () => {
  await reloadSettings();
  results.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
});

async function reloadSettings(): Promise<void> {
  let settings: { rules?: AsyncLensConfig["rules"]; maxFileSize?: number; debounceMs?: number } = {};
  try {
    settings = (await connection.workspace.getConfiguration("asyncLens")) ?? {};
  } catch {
    // a client without workspace/configuration: defaults and async-lens.json only
  }
  debounceMs = typeof settings.debounceMs === "number" && settings.debounceMs >= 0 ? settings.debounceMs : 100;
  let layers: AsyncLensConfig[] = [];
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  try {
    const file = loadConfig(rootPath, undefined, { confineTo: rootPath }).config;
    layers = [file, { rules: settings.rules ?? {} }];
    resolveRules(layers, "editor"); // validated here, where errors can be shown
    maxFileSize = settings.maxFileSize ?? file.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    void connection.window.showErrorMessage(`Async Lens: ${e.message}`);
    layers = [];
  }
  post({ type: "configure", rootPath, maxFileSize, layers });
}

// ---- analysis ----

/** The latest analysis of each open document, with the version it was made for. */
const results = new Map<string, { version: number; result: FileResult | undefined }>();

documents.onDidOpen((e) => schedule(e.document.uri, 0));
documents.onDidChangeContent((e) => schedule(e.document.uri, debounceMs));
documents.onDidSave((e) => schedule(e.document.uri, 0));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  results.delete(e.document.uri);
  if (e.document.uri.startsWith("file:")) post({ type: "close", file: fileURLToPath(e.document.uri) });
  publish(e.document.uri, []);
  status();
});

function schedule(uri: string, delay: number): void {
  clearTimeout(timers.get(uri));
  timers.set(uri, setTimeout(() => void analyze(uri), delay));
}

/**
 * Analyses the document as it is now and publishes the result, unless the document changed
 * meanwhile (then a newer analysis is already scheduled, and this one is dropped).
 */
let running = 0;
let lastError: string | undefined;

function status(): void {
  const problems = [...results.values()].reduce((n, r) => n + (r.result?.findings.length ?? 0), 0);
  const params: StatusParams =
    running > 0 ? { state: "analysing", problems } : lastError ? { state: "error", problems, message: lastError } : { state: "idle", problems };
  void connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => {});
}

async function analyze(uri: string): Promise<FileResult | undefined> {
  running++;
  status();
  try {
    return await analyzeNow(uri);
  } finally {
    running--;
    status();
  }
}

async function analyzeNow(uri: string): Promise<FileResult | undefined> {
  const doc = documents.get(uri);
  if (!doc || !uri.startsWith("file:")) return undefined;
  const version = doc.version;
  const reply = await ask<"result">({ type: "analyze", id: nextId++, file: fileURLToPath(uri), text: doc.getText() });
  if (reply.error !== undefined) {
    connection.console.error(`Async Lens could not analyse ${uri}: ${reply.error}`);
    // A missing compiler fails every file the same way: say it once where the user looks.
    lastError = reply.error.split("\n")[0];
    if (reply.compilerMissing && !toldAboutCompiler) {
      toldAboutCompiler = true;
      void connection.window.showErrorMessage(`Async Lens cannot analyse: ${lastError}`);
    }
    return undefined;
  }
  lastError = undefined;
  const current = documents.get(uri);
  if (!current || current.version !== version) return undefined;
  results.set(uri, { version, result: reply.result });
  publish(uri, reply.result ? toDiagnostics(reply.result) : [], version);
  return reply.result;
}

// Files changed on disk (a tsconfig edited, a source deleted): projects and settings follow, open documents are analysed again.
connection.onDidChangeWatchedFiles(async ({ changes }) => {
  const classified = classifyChanges(changes);
  // Saving an open document reports it changed on disk: its editor text is already what was analysed.
  if (!classified.projects && !classified.settings && changes.every((c) => documents.get(c.uri))) return;
  if (classified.settings) await reloadSettings();
  post({ type: "files", ...classified });
  for (const doc of documents.all()) schedule(doc.uri, 0);
});

// Every file of the workspace into the Problems panel; open documents keep their own, fresher, results.
connection.onRequest(ANALYSE_WORKSPACE_REQUEST, async (): Promise<AnalyseWorkspaceResult> => {
  running++;
  status();
  try {
    const reply = await ask<"workspace">({ type: "workspace", id: nextId++ });
    if (reply.error !== undefined) throw new Error(`Async Lens could not analyse the workspace: ${reply.error}`);
    let problems = 0;
    for (const r of reply.results ?? []) {
      const uri = pathToFileURL(r.file).href;
      problems += r.findings.length;
      if (!documents.get(uri)) publish(uri, toDiagnostics(r));
    }
    return { files: reply.results?.length ?? 0, problems };
  } finally {
    running--;
    status();
  }
});

registerCodeActions(connection, {
  document: (uri) => documents.get(uri),
  async resultFor(uri) {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const cached = results.get(uri);
    if (cached?.version === doc.version) return cached.result;
    // A request that overtakes the debounced analysis gets it now.
    clearTimeout(timers.get(uri));
    return analyze(uri);
  },
});

/** Sending fails only when the connection is going away; say so in the log rather than crash. */
function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
  connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) }).catch((e: unknown) => {
    connection.console.error(`Async Lens could not send diagnostics for ${uri}: ${String(e)}`);
  });
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

function toDiagnostics(result: FileResult): Diagnostic[] {
  const range = (start: number, end: number) => ({ start: offsetToPosition(result.lineStarts, start), end: offsetToPosition(result.lineStarts, end) });
  return [
    ...result.findings.map((f) => ({ range: range(f.start, f.end), severity: SEVERITY[f.severity], source: "async-lens", code: f.ruleId, message: f.message })),
    ...result.notices.map((n) => ({ range: range(n.start ?? 0, n.end ?? n.start ?? 0), severity: DiagnosticSeverity.Information, source: "async-lens", message: n.message })),
  ];
}

connection.onShutdown(async () => {
  // Let the worker close the compiler process before the thread ends.
  await thread.shutdown();
});

documents.listen(connection);
connection.listen();
