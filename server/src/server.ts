// The language server: diagnostics for open TypeScript/JavaScript documents, from the same
// analyser as the CLI. Unsaved text reaches the compiler through the engine's file overlay.
// Quick fixes and fix-all come from the same analysis (handlers/code-actions.ts).
// (This first version analyses on the LSP thread; the engine's calls are synchronous.)
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
import { Engine } from "./analyzer/ts/engine.js";
import { analyzeSourceFile, type EnabledRule } from "./analyzer/analyze.js";
import { offsetToPosition } from "./analyzer/positions.js";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { loadConfig } from "./project/config-file.js";
import { ProjectHost } from "./project/host.js";
import { CompilerNotFoundError } from "./analyzer/ts/binary.js";
import { VERSION } from "./version.js";
import type { FileResult } from "./analyzer/types.js";
import { registerCodeActions } from "./handlers/code-actions.js";
import { FIX_ALL_KIND } from "../../shared/protocol.js";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let engine: Engine | undefined;
let host: ProjectHost | undefined;
let rootPath = process.cwd();
let rules: EnabledRule[] = [];
let maxFileSize = DEFAULT_MAX_FILE_SIZE;
const analysed = new Set<string>();
const timers = new Map<string, NodeJS.Timeout>();

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
  for (const doc of documents.all()) schedule(doc.uri, 0);
});

async function reloadSettings(): Promise<void> {
  let settings: { rules?: AsyncLensConfig["rules"]; maxFileSize?: number } = {};
  try {
    settings = (await connection.workspace.getConfiguration("asyncLens")) ?? {};
  } catch {
    // a client without workspace/configuration: defaults and async-lens.json only
  }
  try {
    const file = loadConfig(rootPath).config;
    rules = resolveRules([file, { rules: settings.rules ?? {} }], "editor");
    maxFileSize = settings.maxFileSize ?? file.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    connection.window.showErrorMessage(`Async Lens: ${e.message}`);
    rules = resolveRules([], "editor");
  }
}

function getHost(): ProjectHost {
  if (!host) {
    engine = new Engine({
      cwd: rootPath,
      readOverlay: (fileName) => documents.get(pathToFileURL(fileName).href)?.getText(),
    });
    host = new ProjectHost(engine, rootPath);
    connection.console.info(`Async Lens ${VERSION}: TypeScript 7 compiler ${engine.compilerPath}, workspace ${rootPath}`);
  }
  return host;
}

documents.onDidOpen((e) => schedule(e.document.uri, 0));
documents.onDidChangeContent((e) => schedule(e.document.uri, 300));
documents.onDidSave((e) => schedule(e.document.uri, 0));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  results.delete(e.document.uri);
  // The buffer is gone: the compiler must see the file as it is on disk again.
  if (e.document.uri.startsWith("file:")) host?.changed(fileURLToPath(e.document.uri));
  publish(e.document.uri, []);
});

function schedule(uri: string, delay: number): void {
  clearTimeout(timers.get(uri));
  timers.set(uri, setTimeout(() => validate(uri), delay));
}

/** The latest analysis of each open document, with the version it was made for. */
const results = new Map<string, { version: number; result: FileResult | undefined }>();

function validate(uri: string): FileResult | undefined {
  const doc = documents.get(uri);
  if (!doc || !uri.startsWith("file:")) return undefined;
  const file = fileURLToPath(uri);
  try {
    const result = analyzeOpenFile(file, doc);
    results.set(uri, { version: doc.version, result });
    publish(uri, result ? toDiagnostics(result) : [], doc.version);
    return result;
  } catch (e) {
    connection.console.error(`Async Lens could not analyse ${file}: ${(e as Error).stack ?? e}`);
    // A missing compiler fails every file the same way: say it once where the user looks.
    if (e instanceof CompilerNotFoundError && !toldAboutCompiler) {
      toldAboutCompiler = true;
      void connection.window.showErrorMessage(`Async Lens cannot analyse: ${e.message}`);
    }
    return undefined;
  }
}

registerCodeActions(connection, {
  document: (uri) => documents.get(uri),
  resultFor(uri) {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const cached = results.get(uri);
    if (cached?.version === doc.version) return cached.result;
    // A request that overtakes the debounced analysis gets it now.
    clearTimeout(timers.get(uri));
    return validate(uri);
  },
});

let toldAboutCompiler = false;

function analyzeOpenFile(file: string, doc: TextDocument): FileResult | undefined {
  const projects = getHost();
  if (doc.getText().length > maxFileSize) {
    return { file, findings: [], notices: [{ kind: "skipped", message: `Async Lens skipped this file: it is larger than ${maxFileSize} bytes (asyncLens.maxFileSize).` }], lineStarts: [0] };
  }
  // The first analysis reads the buffer through the overlay; later ones must say it changed.
  if (analysed.has(file)) projects.changed(file);
  analysed.add(file);
  const project = projects.projectFor(file);
  const sourceFile = project?.sourceFile(file);
  if (!project || !sourceFile) return undefined;
  return analyzeSourceFile({ fileName: file, sourceFile, types: project.oracle(), rules });
}

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

connection.onShutdown(() => {
  engine?.close();
  engine = undefined;
  host = undefined;
});

documents.listen(connection);
connection.listen();
