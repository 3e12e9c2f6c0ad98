// unbounded-fan-out: Promise.all/allSettled/race/any (or `for await`) over work whose count is
// only known at run time, with nothing limiting how much runs at once. Every element's operation
// starts in the same tick, so peak concurrency equals the input's length.
import {
  K,
  skipParens,
  memberName,
  memberObject,
  isFunctionLike,
  enclosingFunction,
  findDeclaration,
  type Node,
  type Expression,
  type CallExpression,
  type SourceFile,
} from "../ts/syntax.js";
import { defineRule } from "../rule.js";
import type { OptionSpecs } from "../types.js";

export interface UnboundedFanOutOptions {
  defaultConcurrency: number;
  limiterFunctions: readonly string[];
  smallArraySize: number;
}

const options: OptionSpecs<UnboundedFanOutOptions> = {
  defaultConcurrency: {
    type: "number",
    default: 5,
    description: "How many operations at a time the suggested bounded rewrite allows.",
  },
  limiterFunctions: {
    type: "strings",
    default: [],
    description: "Names of your own concurrency limiters (a call to one inside the callback bounds the work), besides p-limit-style `limit`, queues and semaphores.",
  },
  smallArraySize: {
    type: "number",
    default: 10,
    description: "An array literal or tuple with at most this many elements is small enough to run all at once.",
  },
};

const COMBINATORS = new Set(["all", "allSettled", "race", "any"]);
/** Calls that bound concurrency when the callback goes through them. */
const LIMITER_CALL = /^(p?limit|limiter|throttle|schedule|withLimit|withConcurrency)$/i;
const LIMITER_OBJECT = /(limit|queue|pool|sem(aphore)?|mutex|bottleneck|throttle|budget|slot|gate)/i;
const LIMITER_METHOD = /^(add|run|schedule|acquire|runExclusive|exec|submit|wrap)$/;
/** Receivers that are slices of a bigger input: the caller chunked it already. */
const CHUNK_NAME = /(chunk|batch|page|slice|window|group|part)/i;
/** Receivers that are usually short, fixed registries rather than data. */
const REGISTRY_NAME = /(plugin|listener|handler|hook|middleware|callback|subscriber|observer|extension|reporter|transport|contribution|provider|validator|participant)s?$/i;
/** A worker-pool size: `Array.from({ length: Math.min(limit, n) }, worker)` runs at most that many at once. */
const POOL_SIZE_NAME = /(concurrency|limit|workers?|parallel(ism)?|poolSize|maxConcurrent)/i;
/** Calls that are plainly in-memory work. */
const PURE_OBJECTS = new Set(["Math", "JSON", "Number", "String", "Object", "Array", "console", "Promise", "Symbol", "Date", "BigInt", "Reflect"]);

/** Shared with the event-loop explainer (analyzer/explain), which draws the same fan-outs. */
export interface FanOut {
  /** The collection expression as written (for the message). */
  shown: string;
  receiver?: Expression;
  callback?: Expression;
  /** For arrays filled in a loop: the loop. */
  loop?: Node;
  /** The node whose type must be an array of promises. */
  typed: Node;
}

export default defineRule<UnboundedFanOutOptions>({
  meta: {
    id: "unbounded-fan-out",
    summary: "Promise.all (or race/any/allSettled, or `for await`) over run-time data, with no limit on how much runs at once.",
    why:
      "`Promise.all(items.map(async …))` starts one operation per item in the same tick. With ten items that " +
      "is fine; with ten thousand it opens ten thousand sockets, file handles or database queries at once, " +
      "which exhausts pools and rate limits and can take the service down. `Promise.all` also rejects on the " +
      "first failure without stopping the rest, which keep running unobserved. Bounding the concurrency keeps " +
      "the speed-up and caps the load.",
    defaultLevel: "warn",
    options,
    messages: {
      unbounded:
        "`Promise.{{combinator}}` over `{{shown}}` starts every operation at once: peak concurrency is the length " +
        "of the input, which is only known at run time, and the first rejection fails the call while the rest keep " +
        "running. Bound it, e.g. at most {{k}} at a time with p-limit or p-map's `concurrency`.",
      unboundedForAwait:
        "`for await` over `{{shown}}` starts every operation before the loop reads the first result: peak " +
        "concurrency is the length of the input. Bound it (at most {{k}} at a time) or start each one inside the loop.",
    },
    eslintEquivalents: [],
    related: ["ruff/ASYNC (no equivalent)", "eslint/no-await-in-loop (the opposite concern)"],
    examples: {
      invalid: [
        {
          code:
            "declare function fetchUser(id: string): Promise<unknown>;\nexport async function loadAll(ids: string[]) {\n  return Promise.all(ids.map((id) => fetchUser(id)));\n}\n",
        },
        {
          code:
            "declare function upload(path: string): Promise<void>;\nexport async function uploadAll(paths: string[]) {\n  const uploads: Promise<void>[] = [];\n  for (const p of paths) uploads.push(upload(p));\n  await Promise.all(uploads);\n}\n",
        },
      ],
      valid: [
        {
          code:
            "declare function fetchUser(id: string): Promise<unknown>;\nexport async function loadPair(a: string, b: string) {\n  return Promise.all([fetchUser(a), fetchUser(b)]);\n}\n",
        },
        {
          code:
            "declare function fetchUser(id: string): Promise<unknown>;\ndeclare function limit<T>(fn: () => Promise<T>): Promise<T>;\nexport async function loadAll(ids: string[]) {\n  return Promise.all(ids.map((id) => limit(() => fetchUser(id))));\n}\n",
        },
      ],
    },
  },

  create(context) {
    const { options } = context;
    const check = (node: Node, collection: Expression, combinator: string | undefined) => {
      const fanOut = findFanOut(collection, context.sourceFile);
      if (!fanOut || isBounded(fanOut, options)) return;
      const evidence = ioEvidence(fanOut);
      const query = { checkThenables: false, allow: [] };
      context.defer([fanOut.typed, ...(fanOut.receiver ? [fanOut.receiver] : []), ...(evidence === "yes" ? [] : evidence)], () => {
        if (!context.types.isPromiseArray(fanOut.typed, query)) return;
        if (fanOut.receiver) {
          const length = context.types.tupleLength(fanOut.receiver);
          if (length !== undefined && length <= options.smallArraySize) return;
        }
        const data = { shown: fanOut.shown, k: String(options.defaultConcurrency), combinator: combinator ?? "" };
        context.report({
          node,
          messageId: combinator ? "unbounded" : "unboundedForAwait",
          data,
          lowConfidence: isRegistry(fanOut) || (evidence !== "yes" && !evidence.some((c) => context.types.promiseKind(c, query))),
        });
      });
    };

    return {
      [K.CallExpression](node) {
        const call = node as CallExpression;
        const callee = call.expression;
        const method = memberName(callee);
        const object = memberObject(callee);
        if (!method || !COMBINATORS.has(method) || !object || !isIdentifier(object, "Promise")) return;
        const [arg] = call.arguments;
        if (arg) check(call, unwrap(arg), method);
      },
      [K.ForOfStatement](node) {
        const loop = node as unknown as { awaitModifier?: Node; expression: Expression };
        if (loop.awaitModifier) check(loop.expression, unwrap(loop.expression), undefined);
      },
    };
  },
});

function isIdentifier(node: Node, text?: string): boolean {
  return node.kind === K.Identifier && (text === undefined || (node as unknown as { text: string }).text === text);
}

/** Strips parentheses, `as`, `!` and `satisfies`: they do not change what runs. */
function unwrap(e: Expression): Expression {
  let x = skipParens(e);
  while (x.kind === K.AsExpression || x.kind === K.NonNullExpression || x.kind === K.SatisfiesExpression || x.kind === K.ParenthesizedExpression) {
    x = (x as unknown as { expression: Expression }).expression;
  }
  return x;
}

function text(node: Node, sf: SourceFile): string {
  const t = sf.text.slice(node.getStart(sf), node.end).replace(/\s+/g, " ");
  return t.length > 40 ? t.slice(0, 37) + "…" : t;
}

/** Where the collection's promises come from, if it is a fan-out over run-time data. */
export function findFanOut(collection: Expression, sf: SourceFile, depth = 0): FanOut | undefined {
  const c = unwrap(collection);
  if (c.kind === K.ArrayLiteralExpression) {
    // `[...xs.map(f)]` is the inner fan-out; any other literal has a length fixed in the source.
    const elements = (c as unknown as { elements: readonly Node[] }).elements;
    if (elements.length === 1 && elements[0]!.kind === K.SpreadElement) {
      return findFanOut((elements[0] as unknown as { expression: Expression }).expression, sf, depth);
    }
    return undefined;
  }
  if (c.kind === K.CallExpression) {
    const call = c as CallExpression;
    const method = memberName(call.expression);
    const object = memberObject(call.expression);
    if ((method === "map" || method === "flatMap") && object && call.arguments[0]) {
      return { shown: `${text(object, sf)}.${method}(…)`, receiver: unwrap(object), callback: call.arguments[0], typed: c };
    }
    if (method === "from" && object && isIdentifier(object, "Array") && call.arguments[1]) {
      return { shown: `Array.from(${text(call.arguments[0]!, sf)}, …)`, receiver: unwrap(call.arguments[0]!), callback: call.arguments[1], typed: c };
    }
    return undefined;
  }
  if (c.kind === K.Identifier && depth < 3) return findFilledArray(c, sf, depth);
  return undefined;
}

/** `const xs = items.map(f)`, or `const xs = []` filled with `xs.push(promise)` inside a loop. */
function findFilledArray(id: Expression, sf: SourceFile, depth: number): FanOut | undefined {
  const name = (id as unknown as { text: string }).text;
  const scope = enclosingFunction(id) ?? sf;
  let declaration: { initializer?: Expression } | undefined;
  const pushes: { call: CallExpression; loop: Node | undefined }[] = [];
  const visit = (n: Node, loop: Node | undefined): undefined => {
    if (n !== scope && isFunctionLike(n) && !isIterationCallback(n)) return undefined;
    if (n.kind === K.VariableDeclaration && isIdentifier((n as unknown as { name: Node }).name, name)) declaration = n as unknown as { initializer?: Expression };
    if (n.kind === K.CallExpression) {
      const call = n as CallExpression;
      const object = memberObject(call.expression);
      if (memberName(call.expression) === "push" && object && isIdentifier(object, name)) pushes.push({ call, loop });
    }
    const inner = isLoop(n) ? n : loop;
    n.forEachChild((child) => visit(child, inner));
    return undefined;
  };
  visit(scope, undefined);
  if (!declaration?.initializer) return undefined;
  const init = unwrap(declaration.initializer);
  if (init.kind !== K.ArrayLiteralExpression || (init as unknown as { elements: readonly Node[] }).elements.length > 0) {
    return findFanOut(init, sf, depth + 1);
  }
  const inLoop = pushes.find((p) => p.loop);
  if (!inLoop?.call.arguments[0]) return undefined;
  return { shown: `${name} (filled in a loop)`, loop: inLoop.loop!, callback: inLoop.call.arguments[0], typed: id };
}

function isLoop(n: Node): boolean {
  return (
    n.kind === K.ForStatement ||
    n.kind === K.ForOfStatement ||
    n.kind === K.ForInStatement ||
    n.kind === K.WhileStatement ||
    n.kind === K.DoStatement ||
    isIterationCallback(n)
  );
}

/** `items.forEach(x => …)` and friends: a loop written as a callback. */
function isIterationCallback(n: Node): boolean {
  if (n.kind !== K.ArrowFunction && n.kind !== K.FunctionExpression) return false;
  const call = n.parent;
  return call.kind === K.CallExpression && /^(forEach|map|flatMap|filter|reduce)$/.test(memberName((call as CallExpression).expression) ?? "");
}

/** Something already limits how much of this runs at once. */
export function isBounded(f: FanOut, options: UnboundedFanOutOptions): boolean {
  if (f.receiver) {
    const r = f.receiver;
    if (r.kind === K.ArrayLiteralExpression) {
      const elements = (r as unknown as { elements: readonly Node[] }).elements;
      if (elements.every((e) => e.kind !== K.SpreadElement) && elements.length <= options.smallArraySize) return true;
    }
    if (isSmallLengthObject(r, options.smallArraySize)) return true;
    if (looksChunked(r)) return true;
    if (isRestParameter(r)) return true;
  }
  if (f.loop && loopAwaits(f.loop)) return true;
  const body = f.callback && (isFunctionLike(unwrap(f.callback)) ? unwrap(f.callback) : undefined);
  return !!body && callsLimiter(body, options);
}

/** `Array.from({ length: 3 }, …)`, or a worker pool: `{ length: Math.min(concurrency, n) }`, `{ length: workers }`. */
function isSmallLengthObject(r: Expression, small: number): boolean {
  if (r.kind !== K.ObjectLiteralExpression) return false;
  for (const p of (r as unknown as { properties: readonly Node[] }).properties) {
    const prop = p as unknown as { name?: Node & { text?: string }; initializer?: Expression & { text?: string } };
    if (prop.name?.text !== "length" || !prop.initializer) continue;
    const length = skipParens(prop.initializer);
    if (length.kind === K.NumericLiteral) return Number((length as unknown as { text: string }).text) <= small;
    if (length.kind === K.CallExpression && memberName((length as CallExpression).expression) === "min") return true;
    const name = length.kind === K.Identifier ? (length as unknown as { text: string }).text : memberName(length);
    return !!name && POOL_SIZE_NAME.test(name);
  }
  return false;
}

/** `items.slice(i, i + n)`, or a receiver named as a slice of something bigger (`chunk`, `batch`, `page`). */
export function looksChunked(r: Expression): boolean {
  if (r.kind === K.CallExpression && memberName((r as CallExpression).expression) === "slice") return true;
  const name = r.kind === K.Identifier ? (r as unknown as { text: string }).text : memberName(r);
  return !!name && CHUNK_NAME.test(name);
}

/** `(...states) => Promise.race(states.map(…))`: as many as the arguments written at the call, fixed in the source. */
function isRestParameter(r: Expression): boolean {
  if (r.kind !== K.Identifier) return false;
  const decl = findDeclaration(r);
  return !!decl && decl.kind === K.Parameter && !!(decl as unknown as { dotDotDotToken?: Node }).dotDotDotToken;
}

/** A loop that awaits inside (e.g. flushing a batch every n items) is already paced. */
function loopAwaits(loop: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || (isFunctionLike(n) && n !== loop)) return undefined;
    if (n.kind === K.AwaitExpression) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  loop.forEachChild(visit);
  return found;
}

export function callsLimiter(body: Node, options: UnboundedFanOutOptions): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    if (n.kind === K.CallExpression) {
      const callee = (n as CallExpression).expression;
      if (callee.kind === K.Identifier) {
        const name = (callee as unknown as { text: string }).text;
        if (LIMITER_CALL.test(name) || options.limiterFunctions.includes(name)) found = true;
      } else {
        const method = memberName(callee);
        const object = memberObject(callee);
        const objectName = object && (object.kind === K.Identifier ? (object as unknown as { text: string }).text : memberName(object));
        if (method && (options.limiterFunctions.includes(method) || (LIMITER_METHOD.test(method) && objectName && LIMITER_OBJECT.test(objectName)))) found = true;
      }
    }
    n.forEachChild(visit);
    return undefined;
  };
  body.forEachChild(visit);
  return found;
}

/**
 * How to tell whether each operation does I/O-like work: "yes" when the callback awaits or is a
 * function reference (unknown work); otherwise the calls it makes, which count if one returns a promise.
 */
function ioEvidence(f: FanOut): "yes" | Node[] {
  const cb = f.callback && unwrap(f.callback);
  if (!cb || !isFunctionLike(cb)) return "yes";
  let awaits = false;
  const calls: Node[] = [];
  const visit = (n: Node): undefined => {
    if (awaits || (isFunctionLike(n) && n !== cb)) return undefined;
    if (n.kind === K.AwaitExpression) awaits = true;
    else if (n.kind === K.CallExpression || n.kind === K.NewExpression) {
      const root = rootIdentifier((n as CallExpression).expression);
      if (!root || !PURE_OBJECTS.has(root)) calls.push(n);
    }
    n.forEachChild(visit);
    return undefined;
  };
  cb.forEachChild(visit);
  return awaits ? "yes" : calls;
}

function rootIdentifier(e: Node): string | undefined {
  let x: Node = e;
  while (x.kind === K.PropertyAccessExpression || x.kind === K.ElementAccessExpression) x = (x as unknown as { expression: Node }).expression;
  return x.kind === K.Identifier ? (x as unknown as { text: string }).text : undefined;
}

function isRegistry(f: FanOut): boolean {
  let r = f.receiver;
  if (!r) return false;
  // `this.contributions.getContributions()`: the getter names the list.
  if (r.kind === K.CallExpression) r = (r as CallExpression).expression;
  const name = r.kind === K.Identifier ? (r as unknown as { text: string }).text : memberName(r);
  return !!name && REGISTRY_NAME.test(name);
}
