// The event-loop explainer's contract, typed once: the model the language server computes for one
// function (custom request `asyncLens/explain`), and the messages between the extension and its webview.
// Plain JSON only: the model crosses the LSP connection and the webview's postMessage.

/** Zero-based, as in LSP. */
export interface ExplainPosition {
  line: number;
  character: number;
}

export interface ExplainRange {
  start: ExplainPosition;
  end: ExplainPosition;
}

/** Client → server: the model of the function around `position` (the innermost function with async work). */
export const EXPLAIN_REQUEST = "asyncLens/explain";

export interface ExplainParams {
  uri: string;
  position: ExplainPosition;
  /** Explain this diagnostic's story in particular (its rule id and start), when opened from a diagnostic. */
  focus?: { ruleId: string; range: ExplainRange };
}

export type ExplainResult = { model: ExplainModel } | { model?: undefined; reason: string };

export type FunctionKind = "function" | "method" | "arrow" | "function-expression" | "accessor" | "constructor" | "module";

export interface ExplainModel {
  uri: string;
  /** The document version the model was computed from (ranges refer to it). */
  version: number;
  fn: {
    /** As a reader would name it: `loadAll`, `Cache.get`, `(arrow in main)`. */
    name: string;
    kind: FunctionKind;
    isAsync: boolean;
    isGenerator: boolean;
    range: ExplainRange;
    /** The head (`async function loadAll(ids)`), for highlighting without the body. */
    headRange: ExplainRange;
  };
  /** The body cut into the pieces that run without interruption, in source order. */
  segments: Segment[];
  /** Every promise-producing operation in the body (calls that return thenables, async callbacks). */
  operations: Operation[];
  groups: Group[];
  timeline: Timeline;
  steps: Step[];
  /** The Async Lens findings inside this function, each with its run-time story. */
  diagnostics: ExplainedDiagnostic[];
  /** Set when the function was too large to model whole (the model covers its start). */
  truncated?: { reason: string };
}

/** Where a synchronous segment stops: the suspension point that ends it, or the end of the function. */
export type SegmentEnd = "await" | "for-await" | "yield" | "return" | "throw" | "end";

export interface Segment {
  id: number;
  range: ExplainRange;
  endsWith: SegmentEnd;
  /** The `await`/`yield` expression that suspends the function at the end of this segment. */
  suspendRange?: ExplainRange;
  /** Inside a loop: this segment runs once per iteration. */
  inLoop?: { multiplicity: Multiplicity };
}

/** What happens to a promise after it is created. */
export type Handling =
  | "awaited" //           awaited where it is created
  | "awaited-later" //     stored, awaited further down
  | "returned" //          handed to the caller
  | "combinator" //        passed to Promise.all/allSettled/race/any (see its group)
  | "caught" //            a rejection handler is attached (.catch / .then(_, onRejected))
  | "then-only" //         .then without a rejection handler: the chain's rejection is unhandled
  | "voided" //            marked with `void`: deliberately not awaited
  | "passed" //            given to another function, which takes over
  | "unhandled"; //        nothing: fire-and-forget

export type OperationKind = "io" | "timer" | "async-call" | "promise" | "callback";

export interface Operation {
  id: number;
  /** Short source text (`fetch(url)`, `db.save(user)`), shortened with `…` past ~40 characters. */
  label: string;
  range: ExplainRange;
  kind: OperationKind;
  /** The segment during which it starts. */
  segment: number;
  handling: Handling;
  /** Where it is awaited/caught/returned, when that is somewhere else. */
  handledAt?: ExplainRange;
  /** Still pending when the function's own promise settles (nobody waits for it). */
  outlivesFunction: boolean;
  /** A rejection of it reaches nobody's handler (becomes an unhandled rejection). */
  rejectionEscapes: boolean;
  group?: number;
  /** Rule ids of findings on this operation. */
  ruleIds: string[];
}

export type Multiplicity =
  | { kind: "known"; count: number }
  /** Known only at run time; `expression` is the source that decides it, e.g. `users.length`. */
  | { kind: "symbolic"; expression: string }
  | { kind: "unbounded" };

export type GroupKind = "sequential-loop" | "parallel" | "bounded" | "detached";

export interface Group {
  id: number;
  kind: GroupKind;
  range: ExplainRange;
  /** For `parallel`/`bounded`: the combinator that waits for them, if any. */
  combinator?: "all" | "allSettled" | "race" | "any";
  multiplicity: Multiplicity;
  /** For `bounded`: how many run at once. */
  limit?: number;
  operations: number[];
}

/**
 * The function's run in relative latency units: each I/O-like operation takes 1 unit by default,
 * a microtask hop is a tick (drawn as a thin step, `TICK` wide). Groups with run-time size are drawn
 * for `assumedN` items (the webview's N slider re-computes totals from the groups themselves).
 */
export interface Timeline {
  assumedN: number;
  /** When the function's own promise settles (returns or throws), in units. */
  settlesAt: number;
  /** When the last operation started by the function finishes (> settlesAt when work is detached). */
  endsAt: number;
  /** The most operations in flight at once (for `assumedN`). */
  peakConcurrency: number;
  lanes: Lane[];
}

export const TICK = 0.05;

export type LaneKind = "stack" | "suspended" | "operation" | "group" | "microtasks" | "timers";

export interface Lane {
  id: string;
  kind: LaneKind;
  label: string;
  operation?: number;
  group?: number;
  /** For a collapsed group lane: how many operations it stands for. */
  count?: Multiplicity;
  bars: Bar[];
}

export interface Bar {
  start: number;
  end: number;
  kind: "running" | "suspended" | "pending" | "tick" | "settled" | "rejected";
  /** The step that introduces this bar (for highlighting). */
  step?: number;
}

/** One step of the story, in the order things happen. */
export interface Step {
  index: number;
  /** A sentence for people and screen readers: "loadAll runs synchronously up to `await fetch(url)`." */
  caption: string;
  /** Source range to highlight in the editor. */
  range?: ExplainRange;
  /** Time (units) on the timeline this step sits at. */
  time: number;
  /** Frames on the call stack at this step, innermost last. */
  callStack: string[];
  /** Reactions waiting in the microtask queue. */
  microtasks: string[];
  /** Callbacks waiting in the task (macrotask) queue: timers, I/O completions. */
  tasks: string[];
}

export interface ExplainedDiagnostic {
  ruleId: string;
  message: string;
  range: ExplainRange;
  operation?: number;
  group?: number;
  /** What goes wrong at run time, one sentence per entry, in order. */
  story: string[];
  /** The finding's fixes, applicable from the panel (through the server's code-action resolve). */
  fixes: { fixId: string; title: string; safety: "safe" | "unsafe" }[];
}

// ---- extension ⇄ webview ----

/** Extension → webview. */
export type ToWebview =
  | { type: "model"; model: ExplainModel; pinned: boolean; focus?: number }
  | { type: "empty"; reason: string; pinned: boolean }
  | { type: "fixApplied"; ok: boolean; message?: string };

/** Webview → extension: a closed union; anything else is dropped (never a command name). */
export type FromWebview =
  | { type: "ready" }
  | { type: "reveal"; range: ExplainRange }
  | { type: "applyFix"; diagnostic: number; fix: number }
  | { type: "setPinned"; pinned: boolean }
  | { type: "copyMarkdown"; markdown: string };

/** Persisted by the webview (getState/setState) and restored by the panel serializer. */
export interface WebviewState {
  uri?: string;
  /** The function the rest of the state belongs to (its name), so another function starts afresh. */
  fn?: string;
  position?: ExplainPosition;
  pinned: boolean;
  n?: number;
  step?: number;
  compare?: "sequential" | "all" | "limit";
  limit?: number;
}

/**
 * The command that opens the panel (palette, CodeLens, the "Explain on the event loop" code action).
 * Without arguments it explains the function at the active editor's cursor.
 */
export const EXPLAIN_COMMAND = "asyncLens.explain";

export interface ExplainCommandArgs {
  uri: string;
  position: ExplainPosition;
  focus?: ExplainParams["focus"];
}
