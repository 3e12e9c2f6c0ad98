// Quick fixes and fix-all. Actions are listed from the analysis of the document's current version;
// their edits are computed on `codeAction/resolve`, and refused when the document changed since.
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { offsetToPosition } from "../analyzer/positions.js";
import type { FileResult, Finding, Fix, TextEdit } from "../analyzer/types.js";
import { FIX_ALL_KIND, type FixActionData } from "../../../shared/protocol.js";
import { EXPLAIN_COMMAND, type ExplainCommandArgs } from "../../../shared/explain-protocol.js";
import { EXPLAIN_TITLE } from "./explain.js";

export interface CodeActionHost {
  document(uri: string): TextDocument | undefined;
  /** The analysis of the document as it is now (analysing it if needed). */
  resultFor(uri: string): Promise<FileResult | undefined>;
}

export function registerCodeActions(connection: Connection, host: CodeActionHost): void {
  connection.onCodeAction((params) => codeActions(host, params));
  connection.onCodeActionResolve((action) => resolve(host, action));
}

async function codeActions(host: CodeActionHost, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = host.document(params.textDocument.uri);
  const result = doc && (await host.resultFor(doc.uri));
  if (!doc || !result) return [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + "."));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const from = doc.offsetAt(params.range.start);
    const to = doc.offsetAt(params.range.end);
    for (const finding of result.findings) {
      if (finding.end < from || finding.start > to) continue;
      const diagnostic = params.context.diagnostics.find((d) => d.source === "async-lens" && d.code === finding.ruleId && doc.offsetAt(d.range.start) === finding.start);
      let preferred = false;
      for (const fix of finding.fixes ?? []) {
        const data: FixActionData = { uri: doc.uri, version: doc.version, ruleId: finding.ruleId, start: finding.start, fixId: fix.id };
        const isPreferred: boolean = !preferred && fix.safety === "safe";
        preferred ||= isPreferred;
        actions.push({
          title: fix.title,
          kind: `${CodeActionKind.QuickFix}.asyncLens.${fix.id}`,
          ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
          ...(isPreferred ? { isPreferred } : {}),
          data,
        });
      }
      // Every finding can be opened in the event-loop explainer, with its story in focus.
      const range = { start: offsetToPosition(result.lineStarts, finding.start), end: offsetToPosition(result.lineStarts, finding.end) };
      const args: ExplainCommandArgs = { uri: doc.uri, position: range.start, focus: { ruleId: finding.ruleId, range } };
      actions.push({ title: EXPLAIN_TITLE, kind: CodeActionKind.QuickFix, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), command: { title: EXPLAIN_TITLE, command: EXPLAIN_COMMAND, arguments: [args] } });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    // Fix-all carries its edit at once: on-save runs may not resolve lazily.
    const edits = safeEdits(result.findings);
    if (edits.length > 0) {
      actions.push({ title: "Fix all safe Async Lens problems", kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: toLsp(edits, result) } } });
    }
  }
  return actions;
}

async function resolve(host: CodeActionHost, action: CodeAction): Promise<CodeAction> {
  const data = action.data as FixActionData | undefined;
  if (!data || action.edit) return action;
  const doc = host.document(data.uri);
  if (!doc || doc.version !== data.version) {
    throw new ResponseError(LSPErrorCodes.ContentModified, "The document changed since this fix was offered; ask for fixes again.");
  }
  const result = await host.resultFor(data.uri);
  if (host.document(data.uri)?.version !== data.version) {
    throw new ResponseError(LSPErrorCodes.ContentModified, "The document changed since this fix was offered; ask for fixes again.");
  }
  const fix = result?.findings.find((f) => f.ruleId === data.ruleId && f.start === data.start)?.fixes?.find((x) => x.id === data.fixId);
  if (!result || !fix) throw new ResponseError(LSPErrorCodes.ContentModified, "This problem is gone; ask for fixes again.");
  return { ...action, edit: { changes: { [data.uri]: toLsp(fix.edits, result) } } };
}

/** The first safe fix of each finding, leaving out any whose edits would overlap one already taken. */
export function safeEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const f of findings) {
    const fix: Fix | undefined = f.fixes?.find((x) => x.safety === "safe");
    if (!fix) continue;
    const clashes = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === t.start && e.end === t.end)));
    if (!clashes) taken.push(...fix.edits);
  }
  return taken;
}

function toLsp(edits: readonly TextEdit[], result: FileResult): LspTextEdit[] {
  return edits.map((e) => ({
    range: { start: offsetToPosition(result.lineStarts, e.start), end: offsetToPosition(result.lineStarts, e.end) },
    newText: e.newText,
  }));
}
