// The event-loop explainer on the server side: the `asyncLens/explain` request (the model of the
// function at a position, computed on the analysis thread) and the "Explain on the event loop"
// CodeLens above functions with async work. The panel itself is the client's.
import { CodeLensRefreshRequest, RequestType, type ClientCapabilities, type CodeLens, type CodeLensParams, type Connection } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import { computeLineStarts, offsetToPosition, positionToOffset } from "../analyzer/positions.js";
import { EXPLAIN_COMMAND, EXPLAIN_REQUEST, type ExplainCommandArgs, type ExplainParams, type ExplainPosition, type ExplainResult } from "../../../shared/explain-protocol.js";
import type { WorkerReply, WorkerRequest } from "../worker-protocol.js";

export const EXPLAIN_TITLE = "Explain on the event loop";

type ExplainRequests = Extract<WorkerRequest, { type: "explain" | "lenses" }>;

export interface ExplainHost {
  document(uri: string): TextDocument | undefined;
  /** The workspace folder (its root path) a file is analysed in. */
  rootFor(file: string): string;
  /** Sends a request to the analysis thread (`make` receives the request's id) and waits for its reply. */
  request(make: (id: number) => ExplainRequests): Promise<WorkerReply>;
  log(message: string): void;
}

export interface ExplainFeature {
  initialize(capabilities: ClientCapabilities): void;
  /** A document's analysis completed: lenses answered empty before it may be there now. */
  analysed(uri: string): void;
  /** A document was closed: what was kept about its lenses goes (it is asked afresh if opened again). */
  closed(uri: string): void;
}

export function registerExplain(connection: Connection, host: ExplainHost): ExplainFeature {
  let refreshSupported = false;
  // Documents whose lenses were last answered empty (asked while their project was still loading, say) and
  // not yet refreshed: the editor does not ask again by itself, so the first analysis after that asks it to.
  const answeredEmpty = new Set<string>();
  const refreshed = new Set<string>();
  connection.onRequest(new RequestType<ExplainParams, ExplainResult, void>(EXPLAIN_REQUEST), (params) => explain(host, params));
  connection.onCodeLens(async (params) => {
    const lenses = await codeLenses(host, params);
    if (lenses.length === 0) answeredEmpty.add(params.textDocument.uri);
    else answeredEmpty.delete(params.textDocument.uri);
    return lenses;
  });
  return {
    initialize(capabilities) {
      refreshSupported = !!capabilities.workspace?.codeLens?.refreshSupport;
    },
    analysed(uri) {
      // Once per document: a file with no async work keeps answering empty, and that needs no refresh loop.
      if (!refreshSupported || !answeredEmpty.has(uri) || refreshed.has(uri)) return;
      refreshed.add(uri);
      connection.sendRequest(CodeLensRefreshRequest.type).catch((e: unknown) => host.log(`Async Lens could not refresh CodeLenses: ${String(e)}`));
    },
    closed(uri) {
      answeredEmpty.delete(uri);
      refreshed.delete(uri);
    },
  };
}

function isPosition(x: unknown): x is ExplainPosition {
  const p = x as Partial<ExplainPosition> | undefined;
  return typeof p?.line === "number" && typeof p.character === "number" && Number.isFinite(p.line) && Number.isFinite(p.character);
}

async function explain(host: ExplainHost, params: ExplainParams): Promise<ExplainResult> {
  // Parameters come from another process: checked, not trusted.
  if (typeof params?.uri !== "string" || !isPosition(params.position)) return { reason: "The request needs a document and a position." };
  if (params.focus && (typeof params.focus.ruleId !== "string" || !isPosition(params.focus.range?.start))) return { reason: "The request's focus is malformed." };
  const doc = host.document(params.uri);
  if (!doc) return { reason: "This document is not open." };
  if (!doc.uri.startsWith("file:")) return { reason: "Only files on disk can be explained." };
  const text = doc.getText();
  const lineStarts = computeLineStarts(text);
  const offset = positionToOffset(text, lineStarts, params.position);
  const focus = params.focus ? { ruleId: params.focus.ruleId, start: positionToOffset(text, lineStarts, params.focus.range.start) } : undefined;
  const reply = await host.request((id) => ({
    type: "explain",
    id,
    root: host.rootFor(fileURLToPath(doc.uri)),
    file: fileURLToPath(doc.uri),
    uri: doc.uri,
    version: doc.version,
    text,
    offset,
    ...(focus ? { focus } : {}),
  }));
  if (reply.type !== "explain") return { reason: "The analysis thread gave an unexpected answer." };
  if (reply.error !== undefined) {
    host.log(`Async Lens could not explain ${doc.uri}: ${reply.error}`);
    return { reason: `The explainer failed here: ${reply.error.split("\n")[0]}` };
  }
  return reply.model ? { model: reply.model } : { reason: reply.reason ?? "Nothing to explain here." };
}

async function codeLenses(host: ExplainHost, params: CodeLensParams): Promise<CodeLens[]> {
  const doc = host.document(params.textDocument.uri);
  if (!doc || !doc.uri.startsWith("file:")) return [];
  const reply = await host.request((id) => ({ type: "lenses", id, root: host.rootFor(fileURLToPath(doc.uri)), file: fileURLToPath(doc.uri), text: doc.getText() }));
  if (reply.type !== "lenses" || reply.error !== undefined) {
    if (reply.type === "lenses" && reply.error) host.log(`Async Lens could not list functions of ${doc.uri}: ${reply.error}`);
    return [];
  }
  const lineStarts = reply.lineStarts ?? computeLineStarts(doc.getText());
  return (reply.offsets ?? []).map((offset) => {
    const position = offsetToPosition(lineStarts, offset);
    const args: ExplainCommandArgs = { uri: doc.uri, position };
    return { range: { start: position, end: position }, command: { title: EXPLAIN_TITLE, command: EXPLAIN_COMMAND, arguments: [args] } };
  });
}
