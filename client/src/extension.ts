// The VS Code side: starts the Async Lens language server, and shows its status. All analysis
// happens in the server.
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { createStatusBar } from "./status-bar.js";
import { ANALYSE_WORKSPACE_REQUEST, STATUS_NOTIFICATION, WATCHED_FILES_GLOB, type AnalyseWorkspaceResult, type StatusParams } from "../../shared/protocol.js";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6012"] } },
  };
  const output = vscode.window.createOutputChannel("Async Lens", { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "typescriptreact", "javascript", "javascriptreact"].map((language) => ({ scheme: "file", language })),
    // Files changed on disk reach the server: a tsconfig edited, a source deleted or regenerated.
    synchronize: { configurationSection: "asyncLens", fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB) },
    outputChannel: output,
  };
  client = new LanguageClient("asyncLens", "Async Lens", serverOptions, clientOptions);
  const status = createStatusBar();
  context.subscriptions.push(
    output,
    status.item,
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    vscode.commands.registerCommand("asyncLens.restartServer", () => client?.restart()),
    vscode.commands.registerCommand("asyncLens.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("asyncLens.analyseWorkspace", () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Async Lens: analysing the workspace…" }, async () => {
        const result = await client!.sendRequest<AnalyseWorkspaceResult>(ANALYSE_WORKSPACE_REQUEST);
        void vscode.window.showInformationMessage(`Async Lens analysed ${result.files} files: ${result.problems} problem${result.problems === 1 ? "" : "s"}.`);
        return result;
      }),
    ),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
