// The explainer panel's extension side: one webview beside the editor that shows the server's model of the
// cursor's function (or a pinned one), and acts on the few messages its webview may send.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  EXPLAIN_COMMAND,
  EXPLAIN_REQUEST,
  type ExplainCommandArgs,
  type ExplainModel,
  type ExplainParams,
  type ExplainRange,
  type ExplainResult,
  type FromWebview,
  type ToWebview,
} from "../../../shared/explain-protocol.js";
import { explainerHtml, makeNonce } from "./html.js";
import { parseExplainArgs, parseFromWebview, parseWebviewState } from "./messages.js";

export const EXPLAINER_VIEW_TYPE = "asyncLens.explainer";
const LANGUAGES = new Set(["typescript", "typescriptreact", "javascript", "javascriptreact"]);
const FOLLOW_DELAY_MS = 250;
const REFRESH_DELAY_MS = 400;

interface Target {
  uri: string;
  position: vscode.Position | ExplainParams["position"];
  focus?: ExplainParams["focus"];
}

/** Registers the command, the panel serializer and the editor listeners that keep the panel in step. */
export function registerExplainer(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>): void {
  const explainer = new Explainer(context, client);
  context.subscriptions.push(
    explainer,
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (args?: unknown) => explainer.open(args === undefined ? undefined : parseExplainArgs(args), args !== undefined)),
    vscode.window.registerWebviewPanelSerializer(EXPLAINER_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => explainer.restore(panel, state),
    }),
  );
}

class Explainer implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private target: Target | undefined;
  private model: ExplainModel | undefined;
  private pinned = false;
  /** The last message for the webview, re-sent when it (re)loads and says it is ready. */
  private last: ToWebview | undefined;
  private requestSeq = 0;
  private followTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly highlight = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor("editor.wordHighlightStrongBackground"),
    borderColor: new vscode.ThemeColor("editor.wordHighlightStrongBorder"),
    borderStyle: "solid",
    borderWidth: "1px",
    overviewRulerColor: new vscode.ThemeColor("editorOverviewRuler.wordHighlightStrongForeground"),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
  ) {
    this.disposables.push(
      this.highlight,
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.scheduleFollow(e.textEditor);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.scheduleFollow(editor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && this.target && e.document.uri.toString() === this.target.uri && e.contentChanges.length > 0) this.scheduleRefresh();
      }),
    );
  }

  /** The command: explain `args`' function, or the one at the active editor's cursor. */
  async open(args: ExplainCommandArgs | undefined, hadArgs: boolean): Promise<void> {
    let target: Target | undefined = args;
    if (!target) {
      const editor = vscode.window.activeTextEditor;
      if (hadArgs || !editor || !LANGUAGES.has(editor.document.languageId)) {
        void vscode.window.showInformationMessage("Async Lens: put the cursor in a function of a TypeScript or JavaScript file to explain it on the event loop.");
        return;
      }
      target = { uri: editor.document.uri.toString(), position: editor.selection.active };
    }
    if (this.panel) this.panel.reveal(undefined, true);
    else this.adopt(vscode.window.createWebviewPanel(EXPLAINER_VIEW_TYPE, "Event loop", { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {}));
    await this.explain(target);
  }

  /** A panel VS Code restored after a reload, with the state its webview saved. */
  async restore(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const state = parseWebviewState(raw);
    if (this.panel) {
      // one panel only: a second restored one is closed
      panel.dispose();
      return;
    }
    this.pinned = state.pinned;
    this.adopt(panel);
    if (state.uri && state.position) await this.explain({ uri: state.uri, position: state.position });
    else if (vscode.window.activeTextEditor) this.scheduleFollow(vscode.window.activeTextEditor, 0);
    else this.post({ type: "empty", reason: "Put the cursor in a function to explain it.", pinned: this.pinned });
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const root = vscode.Uri.joinPath(this.context.extensionUri, "dist", "webview");
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = explainerHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, "main.js")).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, "main.css")).toString(),
      nonce: makeNonce(),
    });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseFromWebview(raw);
        if (message) {
          this.handle(message).catch((e: unknown) =>
            void vscode.window.showErrorMessage(`Async Lens explainer: ${e instanceof Error ? e.message : String(e)}`));
        }
      }),
      panel.onDidDispose(() => this.closed()),
    );
  }

  private closed(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.model = undefined;
    this.target = undefined;
    this.last = undefined;
    clearTimeout(this.followTimer);
    clearTimeout(this.refreshTimer);
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.highlight, []);
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case "ready":
        if (this.last) this.post(this.last);
        return;
      case "reveal":
        await this.reveal(message.range);
        return;
      case "setPinned":
        this.pinned = message.pinned;
        if (!this.pinned && vscode.window.activeTextEditor) this.scheduleFollow(vscode.window.activeTextEditor, 0);
        return;
      case "copyMarkdown":
        await vscode.env.clipboard.writeText(message.markdown);
        vscode.window.setStatusBarMessage("Async Lens: explanation copied as Markdown", 4000);
        return;
      case "applyFix":
        await this.applyFix(message.diagnostic, message.fix);
        return;
    }
  }

  private scheduleFollow(editor: vscode.TextEditor, delay = FOLLOW_DELAY_MS): void {
    if (!this.panel || this.pinned || !LANGUAGES.has(editor.document.languageId)) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      if (!this.panel || this.pinned || editor !== vscode.window.activeTextEditor) return;
      void this.explain({ uri: editor.document.uri.toString(), position: editor.selection.active });
    }, delay);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const target = this.target;
      // after an edit, the function is found again from its head (the cursor may have moved with the text)
      if (target) void this.explain({ uri: target.uri, position: this.model?.uri === target.uri ? this.model.fn.headRange.start : target.position });
    }, REFRESH_DELAY_MS);
  }

  private async explain(target: Target): Promise<void> {
    const seq = ++this.requestSeq;
    this.target = target;
    const params: ExplainParams = {
      uri: target.uri,
      position: { line: target.position.line, character: target.position.character },
      ...(target.focus ? { focus: target.focus } : {}),
    };
    let result: ExplainResult;
    try {
      result = await (await this.client()).sendRequest<ExplainResult>(EXPLAIN_REQUEST, params);
    } catch (e) {
      result = { reason: `The language server could not explain this function: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (seq !== this.requestSeq || !this.panel) return; // a newer request, or the panel closed meanwhile
    if (result.model) {
      // the cursor moved within the same function and nothing changed: keep the panel as it is (no redraw)
      if (!target.focus && this.last?.type === "model" && this.last.pinned === this.pinned && JSON.stringify(this.model) === JSON.stringify(result.model)) return;
      this.model = result.model;
      this.panel.title = `Event loop: ${result.model.fn.name}`;
      const focus = target.focus && result.model.diagnostics.findIndex((d) => d.ruleId === target.focus!.ruleId && sameStart(d.range, target.focus!.range));
      this.post({ type: "model", model: result.model, pinned: this.pinned, ...(focus !== undefined && focus >= 0 ? { focus } : {}) });
    } else {
      this.model = undefined;
      this.panel.title = "Event loop";
      this.post({ type: "empty", reason: result.reason, pinned: this.pinned });
    }
  }

  private post(message: ToWebview): void {
    this.last = message;
    void this.panel?.webview.postMessage(message);
  }

  /** Highlights `range` in the model's document (without moving the cursor, which would re-target the panel). */
  private async reveal(range: ExplainRange): Promise<void> {
    const model = this.model;
    if (!model) return;
    const editor = await this.editorFor(model.uri);
    if (!editor) return;
    const r = toRange(range);
    editor.setDecorations(this.highlight, [r]);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async editorFor(uri: string): Promise<vscode.TextEditor | undefined> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (visible) return visible;
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
      return await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: true });
    } catch {
      return undefined;
    }
  }

  /** Applies one of a finding's fixes through the server's own code action (the lightbulb's, resolved). */
  private async applyFix(diagnosticIndex: number, fixIndex: number): Promise<void> {
    const model = this.model;
    const diagnostic = model?.diagnostics[diagnosticIndex];
    const fix = diagnostic?.fixes[fixIndex];
    if (!model || !diagnostic || !fix) {
      this.post({ type: "fixApplied", ok: false, message: "That fix is no longer offered." });
      return;
    }
    const editor = await this.editorFor(model.uri);
    if (!editor) {
      this.post({ type: "fixApplied", ok: false, message: "The file could not be opened." });
      return;
    }
    if (editor.document.version !== model.version) {
      this.post({ type: "fixApplied", ok: false, message: "The file changed since the panel was drawn; try again." });
      this.scheduleRefresh();
      return;
    }
    const kind = `quickfix.asyncLens.${fix.fixId}`;
    const range = toRange(diagnostic.range);
    let ok = false;
    let why = "Async Lens no longer offers this fix here.";
    try {
      // asked for all quick fixes and picked by kind here: a provider may not narrow `only` to a sub-kind
      const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>("vscode.executeCodeActionProvider", editor.document.uri, range, vscode.CodeActionKind.QuickFix.value, 50)) ?? [];
      const ours = actions.filter((a): a is vscode.CodeAction => "kind" in a && a.kind?.value === kind);
      const action = ours.find((a) => a.diagnostics?.some((d) => codeOf(d) === diagnostic.ruleId && d.range.start.isEqual(range.start))) ?? ours.find((a) => !a.diagnostics?.length);
      if (action) {
        if (action.edit) ok = await vscode.workspace.applyEdit(action.edit);
        if (action.command) {
          await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
          ok = true;
        }
        if (!ok) why = "VS Code did not apply the edit.";
      }
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    this.post({ type: "fixApplied", ok, ...(ok ? {} : { message: why }) });
    if (ok) this.scheduleRefresh();
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function toRange(r: ExplainRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function sameStart(a: ExplainRange, b: ExplainRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === "object" ? d.code.value : d.code;
}
