// The language server: wiring only. Diagnostics (pulled or pushed) live in handlers/diagnostics.ts,
// quick fixes and fix-all in handlers/code-actions.ts, workspace folders and their settings in
// handlers/folders.ts, files changed on disk in handlers/watched-files.ts, the explainer and its CodeLens in
// handlers/explain.ts. Analysis runs on a worker thread (analysis-worker.ts): the compiler API blocks
// the thread it runs on, and this one must stay free to answer requests and drop outdated work.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { AnalysisThread, type Log } from "./analysis-thread.js";
import { VERSION } from "./version.js";
import { registerCodeActions } from "./handlers/code-actions.js";
import { COMMENT_TRIGGER_CHARACTERS, registerCommentFeatures } from "./handlers/comments.js";
import { registerExplain } from "./handlers/explain.js";
import { registerDiagnostics } from "./handlers/diagnostics.js";
import { WorkspaceFolders } from "./handlers/folders.js";
import { registerWatchedFiles } from "./handlers/watched-files.js";
import { FIX_ALL_KIND } from "../../shared/protocol.js";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

// Levels map onto the client's log channel (VS Code: debug lines show at log level Debug or below).
const log: Log = {
  debug: (m) => connection.console.debug(m),
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m) => connection.console.error(m),
};
const thread = new AnalysisThread(log);
const folders = new WorkspaceFolders(connection, thread, log);
const diagnostics = registerDiagnostics(connection, { documents, thread, folders, log });

registerCodeActions(connection, {
  document: (uri) => documents.get(uri),
  resultFor: (uri) => diagnostics.resultFor(uri),
});
registerWatchedFiles(connection, { isOpen: (uri) => documents.get(uri) !== undefined, folders, thread, diagnostics });
registerCommentFeatures(connection, (uri) => documents.get(uri));
const explain = registerExplain(connection, { document: (uri) => documents.get(uri), rootFor: (file) => folders.folderFor(file).root, request: (make) => thread.request(make), log: log.error });
diagnostics.onAnalysed((uri) => explain.analysed(uri));
documents.onDidClose((e) => explain.closed(e.document.uri));

connection.onInitialize((params) => {
  log.info(`Async Lens ${VERSION}`);
  folders.initialize(params);
  explain.initialize(params.capabilities);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      completionProvider: { triggerCharacters: COMMENT_TRIGGER_CHARACTERS },
      hoverProvider: true,
      codeLensProvider: {},
      ...diagnostics.initialize(params.capabilities),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
  };
});

connection.onInitialized(() => folders.start());
connection.onDidChangeConfiguration(() => folders.reload());

connection.onShutdown(() => thread.shutdown());

documents.listen(connection);
connection.listen();
