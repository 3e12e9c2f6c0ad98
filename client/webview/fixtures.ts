// Hand-written models for the webview's unit tests only (the e2e test uses the real server's models).
import type { ExplainModel, ExplainRange } from "../../shared/explain-protocol.js";

const r = (l1: number, c1: number, l2: number, c2: number): ExplainRange => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** `checkout` from examples/src/checkout.ts: a missing await whose work outlives the function. */
export const checkoutModel: ExplainModel = {
  uri: "file:///w/src/checkout.ts",
  version: 1,
  fn: { name: "checkout", kind: "function", isAsync: true, isGenerator: false, range: r(10, 0, 20, 1), headRange: r(10, 0, 10, 55) },
  segments: [
    { id: 0, range: r(10, 56, 11, 44), endsWith: "await", suspendRange: r(11, 16, 11, 43) },
    { id: 1, range: r(11, 44, 20, 1), endsWith: "end" },
  ],
  operations: [
    { id: 0, label: "findOrder(orderId)", range: r(11, 22, 11, 43), kind: "async-call", segment: 0, handling: "awaited", outlivesFunction: false, rejectionEscapes: false, ruleIds: [] },
    {
      id: 1, label: "sendReceipt(order.customerId, order.id)…", range: r(16, 4, 16, 84), kind: "async-call", segment: 1, handling: "then-only",
      outlivesFunction: true, rejectionEscapes: true, ruleIds: ["missing-await"],
    },
  ],
  groups: [],
  timeline: {
    assumedN: 10,
    settlesAt: 1.1,
    endsAt: 2.05,
    peakConcurrency: 1,
    lanes: [
      { id: "stack", kind: "stack", label: "call stack", bars: [{ start: 0, end: 0.05, kind: "running", step: 0 }, { start: 1, end: 1.05, kind: "running", step: 2 }] },
      { id: "suspended", kind: "suspended", label: "checkout suspended", bars: [{ start: 0.05, end: 1, kind: "suspended", step: 1 }] },
      { id: "op0", kind: "operation", label: "findOrder(orderId)", operation: 0, bars: [{ start: 0, end: 1, kind: "pending", step: 1 }] },
      { id: "op1", kind: "operation", label: "sendReceipt(…)", operation: 1, bars: [{ start: 1.05, end: 2.05, kind: "pending", step: 3 }, { start: 2, end: 2.05, kind: "rejected", step: 4 }] },
      { id: "micro", kind: "microtasks", label: "microtasks", bars: [{ start: 1, end: 1.05, kind: "tick", step: 2 }, { start: 1.05, end: 1.1, kind: "settled", step: 3 }] },
      { id: "timers", kind: "timers", label: "timers / I/O", bars: [] },
    ],
  },
  steps: [
    { index: 0, caption: "`checkout` runs synchronously up to `await findOrder(orderId)`.", range: r(11, 16, 11, 43), time: 0, callStack: ["checkout"], microtasks: [], tasks: [] },
    { index: 1, caption: "`checkout` is suspended; the caller carries on.", time: 0.05, callStack: [], microtasks: [], tasks: ["findOrder I/O"] },
    { index: 2, caption: "`findOrder` resolves; `checkout` resumes in a microtask.", range: r(11, 16, 11, 43), time: 1, callStack: ["checkout"], microtasks: ["resume checkout"], tasks: [] },
    { index: 3, caption: "`sendReceipt(…)` starts; nothing waits for it and `checkout`'s promise settles.", range: r(16, 4, 16, 84), time: 1.05, callStack: ["checkout"], microtasks: [], tasks: ["sendReceipt I/O"] },
    { index: 4, caption: "`sendReceipt` rejects after the `try/catch` has exited: an unhandled rejection.", range: r(16, 4, 16, 84), time: 2.05, callStack: [], microtasks: ["unhandled rejection"], tasks: [] },
  ],
  diagnostics: [
    {
      ruleId: "missing-await",
      message: "This promise is not awaited.",
      range: r(16, 4, 16, 84),
      operation: 1,
      story: ["The try/catch has already exited when the rejection arrives.", "Node ≥ 15 exits on unhandled rejections."],
      fixes: [{ fixId: "add-await", title: "Add await", safety: "safe" }],
    },
  ],
};

/** `loadAll` from examples/src/users.ts: an unbounded fan-out under Promise.all. */
export const loadAllModel: ExplainModel = {
  uri: "file:///w/src/users.ts",
  version: 3,
  fn: { name: "loadAll", kind: "function", isAsync: true, isGenerator: false, range: r(16, 0, 18, 1), headRange: r(16, 0, 16, 59) },
  segments: [{ id: 0, range: r(16, 60, 18, 1), endsWith: "return" }],
  operations: [
    { id: 0, label: "fetchUser(id)", range: r(17, 36, 17, 49), kind: "async-call", segment: 0, handling: "combinator", outlivesFunction: false, rejectionEscapes: false, group: 0, ruleIds: ["unbounded-fan-out"] },
  ],
  groups: [{ id: 0, kind: "parallel", range: r(17, 9, 17, 51), combinator: "all", multiplicity: { kind: "symbolic", expression: "ids.length" }, operations: [0] }],
  timeline: {
    assumedN: 10,
    settlesAt: 1.1,
    endsAt: 1.1,
    peakConcurrency: 10,
    lanes: [
      { id: "stack", kind: "stack", label: "call stack", bars: [{ start: 0, end: 0.05, kind: "running", step: 0 }] },
      { id: "g0", kind: "group", label: "fetchUser(id)", group: 0, count: { kind: "symbolic", expression: "ids.length" }, bars: [{ start: 0.05, end: 1.05, kind: "pending", step: 1 }] },
      { id: "micro", kind: "microtasks", label: "microtasks", bars: [{ start: 1.05, end: 1.1, kind: "settled", step: 2 }] },
    ],
  },
  steps: [
    { index: 0, caption: "`loadAll` calls `fetchUser(id)` for every id inside `map`, in the same tick.", range: r(17, 9, 17, 51), time: 0, callStack: ["loadAll", "map"], microtasks: [], tasks: [] },
    { index: 1, caption: "All `ids.length` requests are in flight at once (peak = N).", time: 0.05, callStack: [], microtasks: [], tasks: ["fetchUser ×N"] },
    { index: 2, caption: "`Promise.all` settles when the last one resolves, or at the first rejection.", time: 1.05, callStack: [], microtasks: ["resolve loadAll"], tasks: [] },
  ],
  diagnostics: [
    {
      ruleId: "unbounded-fan-out",
      message: "One request per id, all at once.",
      range: r(17, 9, 17, 51),
      group: 0,
      story: ["All N start in the same tick inside map.", "Promise.all fails fast without cancelling the rest."],
      fixes: [],
    },
  ],
};
