// The static shape of one function for the event-loop explainer: which function the cursor is in,
// where it suspends, which promise-producing operations it starts, what becomes of each promise,
// and how operations group (a sequential loop, a parallel combinator, a limiter, detached work).
// Offsets only; explain.ts turns this into the protocol's model.
import {
  K,
  NodeFlags,
  memberName,
  memberObject,
  isFunctionLike,
  isAsyncFunction,
  hasModifier,
  findDeclaration,
  deepestNodeAt,
  walk,
  type Node,
  type SourceFile,
  type Expression,
  type CallExpression,
  type FunctionLike,
} from "../ts/syntax.js";
import type { TypeOracle, TypeOrValueSpecifier } from "../ts/oracle.js";
import { CHAIN_METHODS, field, idText, isCombinatorCall, ownNodes, sourceText, unwrap, type Body } from "./walk.js";
import { FlowAnalysis, RANK } from "./flow.js";
import { findFanOut, isBounded, type UnboundedFanOutOptions } from "../rules/unbounded-fan-out.js";
import type { FunctionKind, GroupKind, Handling, Multiplicity, OperationKind, SegmentEnd } from "../../../../shared/explain-protocol.js";

/** Limits that keep a huge function's model small and its computation short. */
export const LIMITS = { operations: 200, segments: 200, steps: 160, groups: 100, diagnostics: 60 } as const;

const FAN_OUT_OPTIONS: UnboundedFanOutOptions = { defaultConcurrency: 5, limiterFunctions: [], smallArraySize: 10, userBoundedTypes: [], inProcessCalls: [] };
/** What a limiter is drawn with when its size cannot be read from the source. */
export const DEFAULT_LIMIT = FAN_OUT_OPTIONS.defaultConcurrency;

const ITERATION_METHODS = new Set(["map", "flatMap", "forEach", "filter", "some", "every", "find", "findIndex", "reduce"]);
const PREDICATE_METHODS = new Set(["filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex"]);
const TIMER_CALLS = /^(setTimeout|setInterval|setImmediate)$/;
const LIMITER_NAME = /(limit|throttle|queue|pool|sem(aphore)?|mutex|gate|bottleneck)/i;
const TIMER_LIKE = /^(sleep|delay|wait|pause|timeout|setTimeout)$/i;

export interface Suspension {
  node: Node;
  kind: "await" | "for-await" | "yield";
  /** Where the function stops: the end of the await/yield expression, or the start of a `for await` loop. */
  at: number;
  loops: Node[];
  /** Awaits a promise that is not one of the function's operations (a parameter, a field): drawn as 1 unit. */
  pendingOperand?: boolean;
}

export interface OpShape {
  id: number;
  node: Node;
  kind: OperationKind;
  label: string;
  handling: Handling;
  /** The await/return/`.catch`/call that takes care of it, when it is not the op's own parent. */
  handledAt?: Node;
  /** The await that waits for it (directly, through a variable or through a combinator). */
  waitedBy?: Node;
  /** The function's own promise follows it (`return op`, `return Promise.all([op])`). */
  returned: boolean;
  outlives: boolean;
  escapes: boolean;
  /** A `.then(cb)` callback: starts when this other operation settles. */
  after?: number;
  /** The combinator call that waits for it. */
  combinator?: CallExpression;
  /** Started once per element (map/forEach callback, or a loop that does not await). */
  fanOut?: Multiplicity;
  /** Enclosing loops of this function (outermost first). */
  loops: Node[];
  /** Source offset at which it starts (ordering with suspension points). */
  at: number;
  /** Units it takes (awaits inside an async callback, at least 1). */
  duration: number;
  /** For a callback: the method it is given to (`forEach`, `map`, `then`). */
  via?: string;
  /** Run at most this many at a time by the call it is given to (`pMap(xs, fn, { concurrency: 3 })`). */
  limit?: number;
  group?: number;
}

export interface GroupShape {
  id: number;
  kind: GroupKind;
  node: Node;
  combinator?: "all" | "allSettled" | "race" | "any";
  multiplicity: Multiplicity;
  limit?: number;
  operations: number[];
}

export interface FunctionShape {
  fn: Body;
  sf: SourceFile;
  name: string;
  kind: FunctionKind;
  isAsync: boolean;
  isGenerator: boolean;
  start: number;
  end: number;
  headEnd: number;
  bodyStart: number;
  suspensions: Suspension[];
  /** Loops of this function that suspend inside (each iteration waits). */
  awaitingLoops: Set<Node>;
  ops: OpShape[];
  groups: GroupShape[];
  truncated?: string;
}

/** From the floating-promise rule's options: promise types and calls the user lets go unawaited (`it(…)`). */
export interface ExplainSettings {
  allowPromises: readonly TypeOrValueSpecifier[];
  safeCalls: readonly TypeOrValueSpecifier[];
}

export const NO_SETTINGS: ExplainSettings = { allowPromises: [], safeCalls: [] };

/** A call that starts promise work worth drawing (not one the user declared safe to drop, like a test's `it`). */
function startsPromise(call: Node, types: TypeOracle, settings: ExplainSettings): boolean {
  if (!types.promiseKind(call, { checkThenables: true, allow: settings.allowPromises })) return false;
  return !(settings.safeCalls.length > 0 && types.calleeMatchesSpecifier(field<Node>(call, "expression")!, settings.safeCalls));
}

/** The nodes whose types `startsPromise` asks about. */
function typedNodes(calls: readonly Node[], settings: ExplainSettings): Node[] {
  return settings.safeCalls.length > 0 ? [...calls, ...calls.map((c) => field<Node>(c, "expression")!)] : [...calls];
}

const QUERY = { checkThenables: true, allow: [] };

// ---- which function ----


/** A callback given to a call (`xs.map(async x => …)`, `.then(() => …)`), rather than a named function. */
function isArgument(fn: Node): boolean {
  let p = fn.parent;
  while (p && p.kind === K.ParenthesizedExpression) p = p.parent;
  return !!p && (p.kind === K.CallExpression || p.kind === K.NewExpression) && field<Node>(p, "expression") !== fn;
}

interface Candidates {
  calls: Node[];
  callbacks: Node[];
  suspends: boolean;
}

function candidatesOf(body: Body): Candidates {
  const calls: Node[] = [];
  const callbacks: Node[] = [];
  let suspends = false;
  ownNodes(body, (n) => {
    if (n === body) return;
    if (n.kind === K.AwaitExpression || n.kind === K.YieldExpression || (n.kind === K.ForOfStatement && field(n, "awaitModifier"))) suspends = true;
    else if (n.kind === K.CallExpression || n.kind === K.NewExpression) calls.push(n);
    else if (isFunctionLike(n) && isArgument(n)) callbacks.push(n);
  });
  return { calls, callbacks, suspends };
}

function hasPromiseWork(c: Candidates, types: TypeOracle, settings: ExplainSettings): boolean {
  if (c.suspends) return true;
  if (c.callbacks.some((cb) => isAsyncFunction(cb))) return true;
  return c.calls.some((call) => isTimerCall(call) || startsPromise(call, types, settings));
}

/**
 * The innermost function around `offset` with async work (async, suspends, or starts promises),
 * else the module's top level when it has some. `skipCallbackAt`: a callback starting exactly
 * there is passed over (a finding on a whole callback is explained in the function that passes it).
 */
export function functionAt(sf: SourceFile, types: TypeOracle, offset: number, settings: ExplainSettings, skipCallbackAt?: number): Body | undefined {
  const chain: Body[] = [];
  for (let n: Node | undefined = deepestNodeAt(sf, offset); n; n = n.parent) {
    if (isFunctionLike(n)) {
      if (skipCallbackAt !== undefined && n.getStart(sf) === skipCallbackAt && isArgument(n)) continue;
      chain.push(n);
    }
    if (n.kind === K.ClassStaticBlockDeclaration) break;
  }
  chain.push(sf);
  const candidates = chain.map((b) => candidatesOf(b));
  // One batch for every question below.
  types.prefetch(typedNodes(candidates.flatMap((c) => c.calls), settings));
  for (let i = 0; i < chain.length; i++) {
    const b = chain[i]!;
    if ((b.kind !== K.SourceFile && isAsyncFunction(b)) || hasPromiseWork(candidates[i]!, types, settings)) return b;
  }
  return undefined;
}

/** Functions worth a CodeLens: async ones, and named ones that start promises. Callbacks are left out (too many). */
export function lensTargets(sf: SourceFile, types: TypeOracle, settings: ExplainSettings = NO_SETTINGS, max = 200): Node[] {
  const named: { fn: FunctionLike; c?: Candidates }[] = [];
  walk(sf, (n) => {
    if (named.length >= max) return false;
    if (!isFunctionLike(n) || isArgument(n)) return;
    if (!field(n, "body")) return;
    named.push(isAsyncFunction(n) ? { fn: n } : { fn: n, c: candidatesOf(n) });
  });
  types.prefetch(typedNodes(named.flatMap((x) => x.c?.calls ?? []), settings));
  return named.filter((x) => !x.c || hasPromiseWork(x.c, types, settings)).map((x) => x.fn);
}

function isTimerCall(call: Node): boolean {
  return call.kind === K.CallExpression && TIMER_CALLS.test(idText(field<Node>(call, "expression")) ?? "");
}

// ---- naming ----

export function functionName(fn: Body, sf: SourceFile): string {
  if (fn.kind === K.SourceFile) return "(module top level)";
  const nameNode = field<Node>(fn, "name");
  const own = idText(nameNode) ?? (nameNode ? sourceText(nameNode, sf) : undefined);
  const cls = fn.parent && (fn.parent.kind === K.ClassDeclaration || fn.parent.kind === K.ClassExpression) ? idText(field<Node>(fn.parent, "name")) : undefined;
  if ((fn.kind as number) === K.Constructor) return `${cls ?? "class"} constructor`;
  if (own) return cls ? `${cls}.${own}` : own;
  let p = fn.parent;
  while (p && (p.kind === K.ParenthesizedExpression || p.kind === K.AsExpression || p.kind === K.SatisfiesExpression)) p = p.parent;
  if (p?.kind === K.VariableDeclaration || p?.kind === K.PropertyAssignment || p?.kind === K.PropertyDeclaration) {
    const n = idText(field<Node>(p, "name"));
    // `class Cache { load = async () => … }`: named as a method would be.
    const owner = p.kind === K.PropertyDeclaration && p.parent ? idText(field<Node>(p.parent, "name")) : undefined;
    if (n) return owner ? `${owner}.${n}` : n;
  }
  if (p?.kind === K.ExportAssignment || (fn.kind === K.FunctionDeclaration && hasModifier(fn, K.DefaultKeyword))) return "(default export)";
  for (let q = fn.parent; q; q = q.parent) {
    if (isFunctionLike(q)) return `(${fn.kind === K.ArrowFunction ? "arrow" : "function"} in ${functionName(q, sf)})`;
  }
  return `(${fn.kind === K.ArrowFunction ? "arrow" : "function"})`;
}

function functionKind(fn: Body): FunctionKind {
  // FunctionLike's type omits accessors and constructors, which isFunctionLike accepts.
  switch (fn.kind as number) {
    case K.SourceFile:
      return "module";
    case K.MethodDeclaration:
      return "method";
    case K.ArrowFunction:
      return "arrow";
    case K.FunctionExpression:
      return "function-expression";
    case K.GetAccessor:
    case K.SetAccessor:
      return "accessor";
    case K.Constructor:
      return "constructor";
    default:
      return "function";
  }
}

// ---- multiplicity ----

export function multiplicityOf(expr: Node, sf: SourceFile, types: TypeOracle): Multiplicity {
  const e = unwrap(expr);
  const chunk = chunkSize(e);
  if (chunk !== undefined) return { kind: "known", count: chunk };
  if (e.kind === K.ArrayLiteralExpression) {
    const elements = field<readonly Node[]>(e, "elements")!;
    if (elements.every((x) => x.kind !== K.SpreadElement)) return { kind: "known", count: elements.length };
  }
  if (e.kind === K.ObjectLiteralExpression) {
    for (const p of field<readonly Node[]>(e, "properties") ?? []) {
      const init = field<Node>(p, "initializer");
      if (idText(field<Node>(p, "name")) === "length" && init) return countOf(init, sf);
    }
  }
  const tuple = types.tupleLength(e);
  if (tuple !== undefined) return { kind: "known", count: tuple };
  if (e.kind === K.Identifier) {
    const decl = findDeclaration(e);
    const init = decl && decl.kind === K.VariableDeclaration ? field<Node>(decl, "initializer") : undefined;
    if (init && chunkSize(unwrap(init)) !== undefined) return multiplicityOf(init, sf, types);
    if (init && unwrap(init).kind === K.ArrayLiteralExpression && isConst(decl!)) {
      const m = multiplicityOf(init, sf, types);
      if (m.kind === "known") return m;
    }
  }
  return { kind: "symbolic", expression: `${sourceText(e, sf, 36)}.length` };
}

/** `xs.slice(i, i + 10)`: a chunk of (at most) 10. */
function chunkSize(e: Node): number | undefined {
  if (e.kind !== K.CallExpression || memberName((e as CallExpression).expression) !== "slice") return undefined;
  const end = (e as CallExpression).arguments[1];
  const u = end && unwrap(end);
  if (!u || u.kind !== K.BinaryExpression || field<Node>(u, "operatorToken")!.kind !== K.PlusToken) return undefined;
  return numberIn(field<Node>(u, "right")!);
}

/** How many iterations a loop is drawn with: its known count, or `assumedN` items (in chunks when it steps by a constant). */
export function loopIterations(loop: Node, m: Multiplicity, assumedN: number): number {
  if (m.kind === "known") return Math.max(0, Math.min(m.count, 50));
  const inc = loop.kind === K.ForStatement ? field<Node>(loop, "incrementor") : undefined;
  const step = inc && inc.kind === K.BinaryExpression && field<Node>(inc, "operatorToken")!.kind === K.PlusEqualsToken ? numberIn(field<Node>(inc, "right")!) : undefined;
  return step && step > 1 ? Math.ceil(assumedN / step) : assumedN;
}

function isConst(decl: Node): boolean {
  const list = decl.parent;
  return !!list && ((field<number>(list, "flags") ?? 0) & NodeFlags.Const) !== 0;
}

function countOf(e: Node, sf: SourceFile): Multiplicity {
  const x = unwrap(e);
  if (x.kind === K.NumericLiteral) return { kind: "known", count: Number(field<string>(x, "text")) };
  return { kind: "symbolic", expression: sourceText(x, sf, 36) };
}

export function loopMultiplicity(loop: Node, sf: SourceFile, types: TypeOracle): Multiplicity {
  if (loop.kind === K.ForOfStatement) return multiplicityOf(field<Node>(loop, "expression")!, sf, types);
  if (loop.kind === K.ForInStatement) return { kind: "symbolic", expression: `keys of ${sourceText(field<Node>(loop, "expression")!, sf, 30)}` };
  if (loop.kind === K.ForStatement) {
    const cond = field<Node>(loop, "condition");
    const inc = field<Node>(loop, "incrementor");
    if (cond && cond.kind === K.BinaryExpression) {
      const op = field<Node>(cond, "operatorToken")!.kind;
      const right = field<Node>(cond, "right")!;
      if (op === K.LessThanToken || op === K.LessThanEqualsToken) {
        const step = inc && inc.kind === K.BinaryExpression && field<Node>(inc, "operatorToken")!.kind === K.PlusEqualsToken ? field<Node>(inc, "right") : undefined;
        const base = countOf(right, sf);
        if (!step) return base.kind === "known" && op === K.LessThanEqualsToken ? { kind: "known", count: base.count + 1 } : base;
        const s = unwrap(step);
        if (base.kind === "known" && s.kind === K.NumericLiteral) return { kind: "known", count: Math.ceil(base.count / Number(field<string>(s, "text"))) };
        return { kind: "symbolic", expression: `⌈${base.kind === "symbolic" ? base.expression : String((base as { count: number }).count)} / ${sourceText(s, sf, 20)}⌉` };
      }
    }
  }
  return { kind: "unbounded" };
}

// ---- the shape ----

export function shapeOf(body: Body, sf: SourceFile, types: TypeOracle, settings: ExplainSettings = NO_SETTINGS): FunctionShape {
  const isSf = body.kind === K.SourceFile;
  const start = isSf ? 0 : body.getStart(sf);
  const end = body.end;
  const inner = isSf ? undefined : field<Node>(body, "body");
  const bodyStart = inner ? inner.getStart(sf) : start;
  const shape: FunctionShape = {
    fn: body,
    sf,
    name: functionName(body, sf),
    kind: functionKind(body),
    isAsync: !isSf && isAsyncFunction(body),
    isGenerator: !isSf && !!field(body, "asteriskToken"),
    start,
    end,
    headEnd: inner ? inner.getStart(sf) : start,
    bodyStart,
    suspensions: [],
    awaitingLoops: new Set(),
    ops: [],
    groups: [],
  };

  const calls: { node: Node; loops: Node[] }[] = [];
  const callbacks: { node: Node; loops: Node[] }[] = [];
  ownNodes(body, (n, loops) => {
    if (n === body) return;
    if (n.kind === K.AwaitExpression || n.kind === K.YieldExpression) {
      shape.suspensions.push({ node: n, kind: n.kind === K.AwaitExpression ? "await" : "yield", at: n.end, loops: [...loops] });
    } else if (n.kind === K.ForOfStatement && field(n, "awaitModifier")) {
      // Suspends before each iteration: drawn at the loop's head, as part of the loop.
      shape.suspensions.push({ node: n, kind: "for-await", at: field<Node>(n, "expression")!.end, loops: [...loops, n] });
    } else if (n.kind === K.CallExpression || n.kind === K.NewExpression) {
      calls.push({ node: n, loops: [...loops] });
    } else if (isFunctionLike(n) && isArgument(n)) {
      callbacks.push({ node: n, loops: [...loops] });
    }
  });
  // `yield await x`: both end at one offset; the inner one (starting later) suspends first.
  shape.suspensions.sort((a, b) => a.at - b.at || b.node.pos - a.node.pos);
  if (shape.suspensions.length > LIMITS.segments) {
    shape.suspensions.length = LIMITS.segments;
    shape.truncated = `the function suspends at more than ${LIMITS.segments} points`;
  }
  for (const s of shape.suspensions) for (const l of s.loops) shape.awaitingLoops.add(l);

  const awaitOperands = shape.suspensions.flatMap((s) => (s.kind === "await" ? [field<Node>(s.node, "expression")!] : []));
  // One batch: every call's type, callbacks' return types, receivers' tuple lengths, awaited values.
  const chainObjects = calls.flatMap((c) => {
    const callee = field<Node>(c.node, "expression")!;
    const object = CHAIN_METHODS.has(memberName(callee) ?? "") ? memberObject(callee) : undefined;
    return object ? [object] : [];
  });
  types.prefetch([...typedNodes(calls.map((c) => c.node), settings), ...callbacks.map((c) => c.node), ...chainObjects, ...awaitOperands]);
  for (const s of shape.suspensions) {
    if (s.kind === "await" && types.promiseKind(field<Node>(s.node, "expression")!, QUERY)) s.pendingOperand = true;
  }
  const flows = new FlowAnalysis(body);

  const add = (op: Omit<OpShape, "id" | "handling" | "returned" | "outlives" | "escapes">, flowFrom: Node): OpShape | undefined => {
    if (shape.ops.length >= LIMITS.operations) {
      shape.truncated ??= `more than ${LIMITS.operations} operations`;
      return undefined;
    }
    const f = flows.flow(flowFrom);
    const o: OpShape = {
      ...op,
      id: shape.ops.length,
      handling: f.handling,
      ...(f.at && f.at !== flowFrom.parent ? { handledAt: f.at } : {}),
      ...(f.await ? { waitedBy: f.await } : {}),
      ...(f.combinator ? { combinator: f.combinator } : {}),
      returned: !!f.returned,
      outlives: false,
      escapes: false,
    };
    shape.ops.push(o);
    return o;
  };

  const chainLinks = new Map<Node, OpShape>();
  for (const { node, loops } of calls) {
    if (isCombinatorCall(node)) continue;
    const callee = field<Node>(node, "expression")!;
    const method = memberName(callee);
    // `.then/.catch/.finally` continue an operation; they are not a new one.
    if (method && CHAIN_METHODS.has(method) && types.promiseKind(memberObject(callee)!, QUERY)) continue;
    if (memberObject(callee) && idText(unwrap(memberObject(callee)!)) === "Promise" && method !== "withResolvers") continue;
    const timer = isTimerCall(node);
    if (!timer && !startsPromise(node, types, settings)) continue;
    // `pMap(items, fn, { concurrency })`: drawn as its callback, once per item, k at a time.
    if (concurrencyOf(node) !== undefined && (node as CallExpression).arguments.some((a) => isFunctionLike(unwrap(a)))) continue;
    const kind = opKind(node, timer, sf);
    const op = add({ node, kind, label: sourceText(node, sf), loops, at: node.getStart(sf), duration: 1, ...fanOutOf(loops, shape, sf, types) }, node);
    if (op && timer) Object.assign(op, { handling: "unhandled" as Handling, handledAt: undefined, waitedBy: undefined });
    if (op) chainLinks.set(node, op);
  }
  for (const { node, loops } of callbacks) {
    const call = skipParent(node);
    if (!call || call.kind !== K.CallExpression) continue;
    const callee = (call as CallExpression).expression;
    const method = memberName(callee);
    const async = isAsyncFunction(node) || types.returnsThenable(node);
    if (!async) continue;
    if (method && CHAIN_METHODS.has(method)) {
      // A rejection handler runs only on failure: not part of the run drawn here.
      if (method === "catch" || (call as CallExpression).arguments[0] !== node) continue;
      // Runs when the link before it settles: the previous link's callback, or the chain's root operation.
      const before = chainRoot(call as CallExpression, chainLinks);
      const op = add({ node, kind: "callback", label: callbackLabel(node, call as CallExpression, sf), loops, at: node.getStart(sf), duration: awaitsIn(node), ...(before ? { after: before.id } : {}), ...fanOutOf(loops, shape, sf, types) }, call);
      if (op) chainLinks.set(call, op);
      continue;
    }
    const concurrency = concurrencyOf(call);
    if (concurrency !== undefined) {
      const receiver = (call as CallExpression).arguments.find((a) => unwrap(a) !== node && a.kind !== K.ObjectLiteralExpression);
      add(
        {
          node,
          kind: "callback",
          label: callbackLabel(node, call as CallExpression, sf),
          loops,
          at: node.getStart(sf),
          duration: awaitsIn(node),
          ...(receiver ? { fanOut: multiplicityOf(receiver, sf, types) } : {}),
          limit: concurrency,
        },
        call,
      );
      continue;
    }
    const iteration = method && ITERATION_METHODS.has(method) && memberObject(callee);
    const fromCall = method === "from" && idText(unwrap(memberObject(callee) ?? callee)) === "Array" ? (call as CallExpression).arguments[0] : undefined;
    if (!iteration && !fromCall) continue;
    const receiver = iteration ? memberObject(callee)! : fromCall!;
    // forEach ignores what the callback returns; a predicate method reads it as a boolean: either way dropped.
    const drops = method === "forEach" || (method !== undefined && PREDICATE_METHODS.has(method));
    const flowFrom = drops ? node : call;
    const op = add(
      {
        node,
        kind: "callback",
        label: callbackLabel(node, call as CallExpression, sf),
        via: method,
        loops,
        at: node.getStart(sf),
        duration: awaitsIn(node),
        fanOut: multiplicityOf(receiver, sf, types),
      },
      flowFrom,
    );
    // forEach calls it and drops what it returns.
    if (op && drops) Object.assign(op, { handling: "unhandled" as Handling, handledAt: undefined, waitedBy: undefined, returned: false });
  }
  shape.ops.sort((a, b) => a.at - b.at);
  const renumber = new Map(shape.ops.map((o, i) => [o.id, i]));
  for (const o of shape.ops) {
    o.id = renumber.get(o.id)!;
    if (o.after !== undefined) o.after = renumber.get(o.after)!;
  }
  // A `.then` callback shares the fate of the chain it belongs to (the chain's end is what is awaited).
  for (const o of shape.ops) {
    if (o.after === undefined) continue;
    const root = shape.ops[o.after]!;
    if (RANK[root.handling] > RANK[o.handling]) Object.assign(o, { handling: root.handling, waitedBy: root.waitedBy, returned: root.returned });
    else if (RANK[o.handling] > RANK[root.handling]) Object.assign(root, { handling: o.handling, waitedBy: o.waitedBy, returned: o.returned });
  }

  computeFates(shape, flows);
  buildGroups(shape, sf, types);
  return shape;
}

/**
 * What a reader calls a callback's work: the call an expression body makes (`fetchUser(id)`), else
 * the call it is given to with the callback's head (`ids.forEach(async (id) => {…})`).
 */
function callbackLabel(fn: Node, call: CallExpression, sf: SourceFile): string {
  const body = field<Node>(fn, "body");
  if (body && body.kind !== K.Block) {
    let inner = unwrap(body);
    if (inner.kind === K.AwaitExpression) inner = unwrap(field<Node>(inner, "expression")!);
    if (inner.kind === K.CallExpression || inner.kind === K.NewExpression) return sourceText(inner, sf);
  }
  const head = body ? sf.text.slice(fn.getStart(sf), body.getStart(sf)).replace(/\s+/g, " ").trim() : "";
  const callee = sourceText(call.expression, sf, 24);
  const shownHead = head.length > 24 ? "…" : head;
  const args = call.arguments.map((a) => (unwrap(a) === fn ? `${shownHead} {…}` : "…"));
  return `${callee}(${args.join(", ")})`;
}

function skipParent(n: Node): Node | undefined {
  let p = n.parent;
  while (p && p.kind === K.ParenthesizedExpression) p = p.parent;
  return p;
}

/** The operation a `.then` link waits for: the nearest earlier link with an operation, else the chain's root. */
function chainRoot(call: CallExpression, links: Map<Node, OpShape>): OpShape | undefined {
  const first = memberObject(call.expression);
  if (!first) return undefined;
  let x: Node = unwrap(first);
  for (let i = 0; i < 32; i++) {
    const hit = links.get(x);
    if (hit) return hit;
    const object = x.kind === K.CallExpression ? memberObject((x as CallExpression).expression) : undefined;
    if (!object) return undefined;
    x = unwrap(object);
  }
  return undefined;
}

function awaitsIn(fn: Node): number {
  let n = 0;
  const visit = (x: Node): undefined => {
    if (x !== fn && isFunctionLike(x)) return undefined;
    if (x.kind === K.AwaitExpression) n++;
    x.forEachChild(visit);
    return undefined;
  };
  fn.forEachChild(visit);
  return Math.max(1, Math.min(n, 5));
}

function opKind(node: Node, timer: boolean, sf: SourceFile): OperationKind {
  if (timer) return "timer";
  if (node.kind === K.NewExpression) return /setTimeout|setImmediate/.test(sf.text.slice(node.pos, node.end)) ? "timer" : "promise";
  const callee = field<Node>(node, "expression")!;
  const name = idText(callee) ?? memberName(callee) ?? "";
  if (TIMER_LIKE.test(name)) return "timer";
  const decl = callee.kind === K.Identifier ? findDeclaration(callee) : undefined;
  if (decl && isAsyncFunction(decl)) return "async-call";
  return "io";
}

/** Ops in a loop that does not wait run once per iteration, all at once. */
function fanOutOf(loops: readonly Node[], shape: FunctionShape, sf: SourceFile, types: TypeOracle): { fanOut?: Multiplicity } {
  const free = loops.filter((l) => !shape.awaitingLoops.has(l));
  if (free.length === 0) return {};
  return { fanOut: loopMultiplicity(free[free.length - 1]!, sf, types) };
}

/** Outlives the function / rejection escapes, from each op's handling and its combinator's fate. */
function computeFates(shape: FunctionShape, flows: FlowAnalysis): void {
  for (const o of shape.ops) {
    let h = o.handling;
    if (h === "combinator" && o.combinator) {
      const outer = flows.flow(o.combinator);
      h = outer.handling === "combinator" ? "passed" : outer.handling;
    }
    switch (h) {
      case "unhandled":
      case "then-only":
      case "voided":
        o.outlives = true;
        o.escapes = true;
        break;
      case "caught":
        o.outlives = true;
        break;
      case "awaited-later":
        // Rejecting while the function waits for something else: no handler is attached yet.
        o.escapes = !!o.waitedBy && shape.suspensions.some((s) => s.at > o.at && s.at < o.waitedBy!.end && s.node !== o.waitedBy);
        break;
      case "awaited":
        // `for await` over promises already running: a later one rejecting before its turn has no handler yet.
        o.escapes = !!o.fanOut && o.waitedBy?.kind === K.ForOfStatement;
        break;
      default:
        break;
    }
    if (o.kind === "timer" && o.node.kind === K.CallExpression && isTimerCall(o.node)) o.escapes = false;
  }
}

function buildGroups(shape: FunctionShape, sf: SourceFile, types: TypeOracle): void {
  const byCombinator = new Map<Node, OpShape[]>();
  for (const o of shape.ops) {
    if (o.combinator) byCombinator.set(o.combinator, [...(byCombinator.get(o.combinator) ?? []), o]);
  }
  const push = (g: Omit<GroupShape, "id">) => {
    if (shape.groups.length >= LIMITS.groups) return;
    const group = { ...g, id: shape.groups.length };
    shape.groups.push(group);
    for (const id of g.operations) shape.ops[id]!.group = group.id;
  };
  for (const [call, ops] of byCombinator) {
    const c = call as CallExpression;
    const combinator = memberName(c.expression) as GroupShape["combinator"];
    const arg = c.arguments[0];
    const fan = arg ? findFanOut(unwrap(arg) as Expression, sf) : undefined;
    const fanned = ops.find((o) => o.fanOut);
    const multiplicity: Multiplicity = fanned?.fanOut ?? (arg && unwrap(arg).kind === K.ArrayLiteralExpression ? multiplicityOf(arg, sf, types) : { kind: "known", count: ops.length });
    const bounded = fan && isBounded(fan, FAN_OUT_OPTIONS);
    const limit = bounded ? (limitOf(fan.callback) ?? limitOf(fan.receiver && initializerOf(fan.receiver)) ?? limitOf(fan.receiver)) : undefined;
    push({ kind: bounded ? "bounded" : "parallel", node: call, ...(combinator ? { combinator } : {}), multiplicity, ...(limit !== undefined ? { limit } : {}), operations: ops.map((o) => o.id) });
  }
  for (const o of shape.ops) {
    if (o.limit === undefined || o.group !== undefined) continue;
    push({ kind: "bounded", node: o.node.parent, multiplicity: o.fanOut ?? { kind: "unbounded" }, ...(Number.isFinite(o.limit) ? { limit: o.limit } : {}), operations: [o.id] });
  }
  for (const loop of shape.awaitingLoops) {
    const ops = shape.ops.filter((o) => o.group === undefined && o.loops.includes(loop) && (o.handling === "awaited" || o.handling === "awaited-later"));
    if (ops.length === 0) continue;
    push({ kind: "sequential-loop", node: loop, multiplicity: loopMultiplicity(loop, sf, types), operations: ops.map((o) => o.id) });
  }
  for (const o of shape.ops) {
    if (o.group !== undefined || !o.outlives) continue;
    push({ kind: "detached", node: o.node, multiplicity: o.fanOut ?? { kind: "known", count: 1 }, operations: [o.id] });
  }
  shape.groups.sort((a, b) => a.node.pos - b.node.pos);
  const renumber = new Map(shape.groups.map((g, i) => [g.id, i]));
  for (const g of shape.groups) g.id = renumber.get(g.id)!;
  for (const o of shape.ops) if (o.group !== undefined) o.group = renumber.get(o.group)!;
}

/**
 * How many a limiter lets run at once: `pLimit(3)` where the callback's `limit` is declared,
 * `{ concurrency: 3 }`, or the size of a chunk (`items.slice(i, i + 10)`).
 */
function limitOf(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  let found: number | undefined;
  const fromDeclaration = (callee: Node) => {
    // Only a limiter's own size: `const fetchUser = client(5)` says nothing about concurrency.
    if (!LIMITER_NAME.test(idText(callee) ?? "")) return;
    const decl = callee.kind === K.Identifier ? findDeclaration(callee) : undefined;
    const init = decl && decl.kind === K.VariableDeclaration ? field<Node>(decl, "initializer") : undefined;
    if (init && unwrap(init).kind === K.CallExpression) {
      const first = (unwrap(init) as CallExpression).arguments[0];
      if (first) found ??= numberIn(first);
    }
  };
  const visit = (n: Node): undefined => {
    if (found !== undefined) return undefined;
    if (n.kind === K.CallExpression) {
      const callee = (n as CallExpression).expression;
      if (callee.kind === K.Identifier) fromDeclaration(callee);
      else {
        const object = memberObject(callee);
        if (object) fromDeclaration(unwrap(object));
      }
      if (memberName(callee) === "slice") {
        const end = (n as CallExpression).arguments[1];
        if (end && end.kind === K.BinaryExpression) found ??= numberIn(field<Node>(end, "right")!);
      }
    }
    if (n.kind === K.PropertyAssignment && /^(concurrency|limit)$/.test(idText(field<Node>(n, "name")) ?? "")) found ??= numberIn(field<Node>(n, "initializer")!);
    n.forEachChild(visit);
    return undefined;
  };
  visit(node);
  return found;
}

/** The `concurrency` of a call given an options object (`pMap(xs, fn, { concurrency: 4 })`); NaN when not a literal. */
function concurrencyOf(call: Node): number | undefined {
  for (const arg of (call as CallExpression).arguments ?? []) {
    const a = unwrap(arg);
    if (a.kind !== K.ObjectLiteralExpression) continue;
    for (const p of field<readonly Node[]>(a, "properties") ?? []) {
      if (idText(field<Node>(p, "name")) !== "concurrency") continue;
      const init = field<Node>(p, "initializer") ?? field<Node>(p, "name")!;
      return numberIn(init) ?? Number.NaN;
    }
  }
  return undefined;
}

/** `chunk` in `const chunk = items.slice(i, i + 10)`: the expression it was made from. */
function initializerOf(e: Node): Node | undefined {
  const x = unwrap(e);
  const decl = x.kind === K.Identifier ? findDeclaration(x) : undefined;
  return decl && decl.kind === K.VariableDeclaration ? field<Node>(decl, "initializer") : undefined;
}

function numberIn(e: Node): number | undefined {
  const x = unwrap(e);
  if (x.kind === K.NumericLiteral) return Number(field<string>(x, "text"));
  if (x.kind === K.Identifier) {
    const decl = findDeclaration(x);
    const init = decl && decl.kind === K.VariableDeclaration ? field<Node>(decl, "initializer") : undefined;
    if (init && unwrap(init).kind === K.NumericLiteral) return Number(field<string>(unwrap(init), "text"));
  }
  return undefined;
}

