// The VS Code side: starts the Async Lens language server, shows its status, and hosts the event-loop
// explainer panel. All analysis happens in the server.
import * as path from "node:path";
import * as vscode from "vscode";
import { CloseAction, DiagnosticPullMode, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { registerExplainer } from "./explainer/panel.js";
import { RestartPolicy } from "./restart-policy.js";
import { createStatusBar } from "./status-bar.js";
import { createTraceChannel } from "./trace-channel.js";
import { ANALYSE_WORKSPACE_REQUEST, STATUS_NOTIFICATION, WATCHED_FILES_GLOB, type AnalyseWorkspaceResult, type StatusParams } from "../../shared/protocol.js";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6012"] } },
  };
  const output = vscode.window.createOutputChannel("Async Lens", { log: true });
  const trace = createTraceChannel(output);
  const status = createStatusBar();
  const restarts = new RestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "typescriptreact", "javascript", "javascriptreact"].map((language) => ({ scheme: "file", language })),
    // Files changed on disk reach the server: a tsconfig edited, a source deleted or regenerated.
    synchronize: { configurationSection: "asyncLens", fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB) },
    outputChannel: output,
    traceOutputChannel: trace,
    // The client's defaults pull only on open; pull as typed and on save too, except as typed in folders
    // whose asyncLens.analyseOn is "save" (the filter is asked per document, so per folder).
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      filter: (document, mode) =>
        mode === DiagnosticPullMode.onType && vscode.workspace.getConfiguration("asyncLens", document.uri).get<string>("analyseOn", "change") === "save",
    },
    // While the client stops (window reload or close, restart), the editor may still ask for code actions and
    // lenses; those requests fail with "Channel has been closed". Nothing is lost: answer empty, log nothing.
    // The server stopping on its own (crashed, killed): started again without a pop-up, up to a limit; past it, one
    // message with what to do. A message written to a server that just died fails (EPIPE) before its exit is seen:
    // logged, not shown, since the exit restarts it.
    errorHandler: {
      error: (_error, _message, count) => ((count ?? 0) <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown }),
      closed: () => {
        if (restarts.onStop() === "restart") return { action: CloseAction.Restart, message: "The Async Lens language server stopped; starting it again.", handled: true };
        const { restarts: n, minutes } = restarts.limit;
        const message = `The Async Lens language server stopped ${n + 1} times in ${minutes} minutes and was not started again.`;
        status.update({ state: "error", problems: 0, message: "the language server stopped" });
        void vscode.window.showErrorMessage(message, "Show Output", "Restart").then((choice) => {
          if (choice === "Show Output") output.show(true);
          else if (choice === "Restart") void vscode.commands.executeCommand("asyncLens.restartServer");
        });
        return { action: CloseAction.DoNotRestart, message, handled: true };
      },
    },
    middleware: {
      provideCodeActions: (document, range, context, token, next) => whileRunning(next(document, range, context, token), []),
      provideCodeLenses: (document, token, next) => whileRunning(next(document, token), []),
    },
  };
  client = new LanguageClient("asyncLens", "Async Lens", serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    trace,
    status.item,
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    vscode.commands.registerCommand("asyncLens.restartServer", () => {
      restarts.reset();
      return client?.restart();
    }),
    vscode.commands.registerCommand("asyncLens.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("asyncLens.analyseWorkspace", () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Async Lens: analysing the workspace…" }, async () => {
        const result = await client!.sendRequest<AnalyseWorkspaceResult>(ANALYSE_WORKSPACE_REQUEST);
        void vscode.window.showInformationMessage(`Async Lens analysed ${result.files} files: ${result.problems} problem${result.problems === 1 ? "" : "s"}.`);
        return result;
      }),
    ),
  );
  const started = client.start();
  const running = client;
  // registered before the server is up, so that a panel VS Code restores finds its serializer at once
  registerExplainer(context, async () => {
    await started;
    return running;
  });
  await started;
}

/** The request's answer; `fallback` when it failed because the client is no longer running. */
async function whileRunning<T, F>(request: vscode.ProviderResult<T>, fallback: F): Promise<T | F | null | undefined> {
  try {
    return await request;
  } catch (e) {
    if (client?.isRunning()) throw e;
    return fallback;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
