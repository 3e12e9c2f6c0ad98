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
  hasModifier,
  NodeFlags,
  type Node,
  type Expression,
  type CallExpression,
  type SourceFile,
} from "../ts/syntax.js";
import { defineRule, type RuleContext } from "../rule.js";
import { boundedMap, concurrencyTool, mergeEdits } from "../edits.js";
import { makeFix } from "../fixes.js";
import type { Fix, OptionSpecs, TypeOrValueSpecifier } from "../types.js";
import type { TypeOracle } from "../ts/oracle.js";

export interface UnboundedFanOutOptions {
  defaultConcurrency: number;
  limiterFunctions: readonly string[];
  smallArraySize: number;
  userBoundedTypes: readonly TypeOrValueSpecifier[];
  inProcessCalls: readonly TypeOrValueSpecifier[];
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
  userBoundedTypes: {
    type: "specifiers",
    default: [],
    description:
      "Element types of in-process collections whose size the user bounds, such as the widgets or editors they " +
      "opened (`[\"Widget\"]`; a subclass or an extending interface counts): a fan-out over an array of them is " +
      "information. Written as typescript-eslint's type specifiers: a name, or `{ from: \"file\" | \"lib\" | \"package\", name, … }`.",
  },
  inProcessCalls: {
    type: "specifiers",
    default: [],
    description:
      "Functions and methods whose promise is in-process work, not I/O (WebAssembly bindings, a local decryption or " +
      "parsing step): a fan-out whose only asynchronous work calls them, directly or one call deep, is information, " +
      "like Web Crypto. Written like `userBoundedTypes` (`[\"decryptEventIfNeeded\", { from: \"package\", package: " +
      "\"@matrix-org/matrix-sdk-crypto-wasm\", name: \"OlmMachine\" }]`); a method matches by its own name or its class's. Empty by default.",
  },
};

const COMBINATORS = new Set(["all", "allSettled", "race", "any"]);
/** Calls that bound concurrency when the callback goes through them. */
const LIMITER_CALL = /^(p?limit|limiter|throttle|schedule|withLimit|withConcurrency)$/i;
const LIMITER_OBJECT = /(limit|queue|pool|sem(aphore)?|mutex|bottleneck|throttle|budget|slot|gate)/i;
const LIMITER_METHOD = /^(add|run|schedule|acquire|runExclusive|exec|submit|wrap)$/;
/**
 * Receivers that are slices of a bigger input: the caller chunked it already. Singular names only:
 * `batch` is one slice, `batches` (or `chunkedCalls`) is every slice of the input.
 */
const CHUNK_NAME = /(chunk|batch|page|slice|window|group|part)$/i;
/** Array methods whose result has at most as many elements as their receiver. */
const SHRINKING = new Set(["filter", "sort", "toSorted", "reverse", "toReversed", "map", "slice", "with"]);
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
  /** The node whose type must be an array of promises (or, with `typedIsElement`, one promise). */
  typed: Node;
  /** `typed` is one element (a generator's yielded value), not the collection. */
  typedIsElement?: boolean;
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
    fixes: ["bound-fan-out"],
    options,
    messages: {
      unbounded:
        "`Promise.{{combinator}}` over `{{shown}}` starts every operation at once: peak concurrency is the length " +
        "of the input, which is only known at run time, {{settles}}. Bound it, e.g. at most {{k}} at a time with " +
        "p-limit or p-map's `concurrency`.{{local}}",
      capped:
        "`Promise.{{combinator}}` over `{{shown}}` starts up to {{bound}} operations at once: the source caps the " +
        "count, but above the small size. If each one opens a connection or a query, bound it (e.g. at most {{k}} " +
        "at a time with p-limit or p-map's `concurrency`).{{local}}",
      unboundedForAwait:
        "`for await` over `{{shown}}` starts every operation before the loop reads the first result: peak " +
        "concurrency is the length of the input. Bound it (at most {{k}} at a time) or start each one inside the loop.",
    },
    informationLevel: [
      "Lists that are usually short registries rather than data: receivers named like plugins, listeners, " +
        "handlers, hooks, middleware, transports, contributions, providers or validators (`registry.getContributions()`), " +
        "and arrays filled in a loop over one.",
      "A class's own list filled only by registration: a private or protected field declared empty, added to only " +
        "in methods named `add…`, `register…` or `contribute…` (outside loops, and never called from a loop in the " +
        "class) or with fixed elements in the constructor, and otherwise only read where it stands (`this.packs.filter(…)`, " +
        "`for … of`, a spread). Handed elsewhere (returned, passed, stored), it could be filled from data there, and stays a warning.",
      "Arrays whose elements are of a type listed in `userBoundedTypes` (or a subclass): in-process collections " +
        "the user bounds, such as the widgets they opened. Nothing in the code tells these from data (every " +
        "connected client, every row), so the list is yours to make; it is empty by default.",
      "A count the source caps above the small size (`xs.slice(0, 100)`), including a parameter (or one property of " +
        "it, or a rest parameter) of a function no other file can call (not exported, or a `private`/`#` method) that " +
        "this file only calls, each time with a fixed list: the largest such list is the bound. At or below " +
        "`smallArraySize` it is not reported at all.",
      "Callbacks whose calls return no promise (in-memory work), and arrays whose elements are promises already.",
      "Callbacks whose only promise-returning calls are in-process platform APIs, directly or one call deep (a " +
        "function of yours that only awaits them): the default library's Web Crypto (`crypto.subtle.digest`, …) and " +
        "`TextEncoder`/`TextDecoder`, and Node's `crypto` module. Decided by where the callee is declared, not by its name. " +
        "The calls you list in `inProcessCalls` count the same way.",
      "Releasing what is already held: callbacks whose only promise-returning calls are the element's own `close`, " +
        "`dispose`, `destroy`, `end…`, `disconnect`, `terminate`, `release`, `abort`, `cancel`, `stop` or `unsubscribe` " +
        "(`cursors.map((c) => c.close())`). Nothing new is opened: the count is what the program acquired before, one at a time.",
      "Promises that only a timer settles: `new Promise((resolve) => setTimeout(…resolve…))`, whose `resolve`/`reject` " +
        "are called only in the executor or a timer callback it starts (not handed to an I/O callback). They wait for no I/O.",
      "A constant table's entries, wherever it is declared: `Object.keys(T)`, `Array.from(T.keys())`, `[...T]` where `T` " +
        "is a `const` array, object, `new Map([...])` or `new Set([...])` literal without spreads that its file never " +
        "adds to. Up to `smallArraySize` entries it is not reported.",
      "Dispatch to registered handlers: callbacks over an object's keys (`Object.keys(response)`) whose only " +
        "promise-returning calls go to the handler registered under that key in a class's own registration list " +
        "(`this.extensions[name].onResponse(…)`, see above): at most one operation per registered handler.",
    ],
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
        {
          code:
            "declare function upload(path: string): Promise<void>;\nexport async function uploadAll(first: string, rest: string[]) {\n  const uploads = [upload(first)];\n  uploads.push(...rest.map((p) => upload(p)));\n  await Promise.all(uploads);\n}\n",
        },
        {
          code:
            "declare function request(id: string): Promise<void>;\nfunction* requests(ids: string[]) {\n  for (const id of ids) yield request(id);\n}\nexport async function run(ids: string[]) {\n  await Promise.all(requests(ids));\n}\n",
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
      // A callback (or pushed value) that calls nothing only collects promises that already exist
      // (`deferreds.map((d) => d.promise)`): it starts no work, so there is no fan-out.
      if (evidence !== "yes" && evidence.length === 0) return;
      // A length the source caps (`xs.slice(0, 100)`, an array literal with spreads of such) bounds the
      // peak, though above the small size it is still worth a look.
      const bound = fanOut.receiver && sizeBound(fanOut.receiver);
      const types = context.types;
      const query = { checkThenables: false, allow: [] };
      // Every call the callback makes, awaited or not: a callback whose only asynchronous work is in-process
      // platform work (hashing with Web Crypto) puts no I/O in flight, however many run at once.
      const made = callbackCalls(fanOut);
      context.defer([fanOut.typed, ...(fanOut.receiver ? [fanOut.receiver] : []), ...(evidence === "yes" ? [] : evidence), ...made], () => {
        if (fanOut.typedIsElement ? !types.promiseKind(fanOut.typed, query) : !types.isPromiseArray(fanOut.typed, query)) return;
        let ioCalls: Node[] | undefined;
        if (evidence !== "yes") {
          ioCalls = evidence.filter((c) => types.promiseKind(c, query));
          // Each promise comes from an async function that never awaits: its work all runs synchronously
          // inside the map (signing, hashing), so nothing is in flight at once.
          if (ioCalls.length > 0 && ioCalls.every((c) => runsSynchronously(c, types.valueDeclaration((c as CallExpression).expression)))) return;
        }
        let constant: number | undefined;
        if (fanOut.receiver) {
          const length = types.tupleLength(fanOut.receiver) ?? types.elementDomainSize(fanOut.receiver);
          if (length !== undefined && length <= options.smallArraySize) return;
          // The keys of a constant table, maybe declared in another file (`Array.from(PERMISSIONS.keys())`).
          constant = constantCollectionSize(fanOut.receiver, types);
          if (constant !== undefined && constant <= options.smallArraySize) return;
        }
        const capped = bound ?? constant;
        const started = made.filter((c) => types.promiseKind(c, query));
        const local = onlyLocalWork(fanOut, made, types, options.inProcessCalls) || (started.length > 0 && started.every(settlesInProcess));
        const releases = !local && releasesHeld(fanOut, started);
        const dispatches = !local && !releases && dispatchesToRegistry(fanOut, started);
        const note = local ? LOCAL_NOTE : releases ? RELEASE_NOTE : dispatches ? DISPATCH_NOTE : "";
        const data = {
          shown: fanOut.shown,
          k: String(options.defaultConcurrency),
          combinator: combinator ?? "",
          bound: String(capped ?? ""),
          settles: SETTLES[combinator ?? "all"] ?? SETTLES.all!,
          local: note,
        };
        const fix = combinator === "all" ? boundFix(context, node as CallExpression) : undefined;
        context.report({
          node,
          messageId: !combinator ? "unboundedForAwait" : capped !== undefined ? "capped" : "unbounded",
          data,
          ...(fix ? { fixes: [fix] } : {}),
          lowConfidence:
            local ||
            releases ||
            dispatches ||
            isRegistry(fanOut) ||
            isRegistrationField(fanOut) ||
            (!!fanOut.receiver && types.elementMatchesSpecifier(fanOut.receiver, options.userBoundedTypes)) ||
            capped !== undefined ||
            (ioCalls !== undefined && ioCalls.length === 0) ||
            // The elements are promises already (`pending.map((p) => p.then(…))`): their work started elsewhere.
            (!!fanOut.receiver && types.isPromiseArray(fanOut.receiver, { checkThenables: true, allow: [] })),
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

const LOCAL_NOTE =
  " Each operation's only asynchronous work is in-process platform work (Web Crypto, Node's crypto module, text " +
  "encoding, or calls listed in `inProcessCalls`), not I/O, so running them all at once is probably harmless.";
const RELEASE_NOTE =
  " Each operation only releases its element (closing or disposing something already held): nothing new is " +
  "acquired, so running them all at once is usually fine.";
const DISPATCH_NOTE =
  " Each key goes to the handler registered under it, so there is at most one operation per registered handler.";

/**
 * `new Promise((resolve) => setTimeout(() => { …; resolve(x); }, 0))`: a promise whose `resolve`/`reject` are
 * called only in the executor itself or in a timer's callback started there. It waits for no I/O (a callback-style
 * API that settles it, `fs.readFile(p, (e, d) => resolve(d))`, hands `resolve` to another function's callback), so
 * however many are pending, nothing is in flight outside the process.
 */
function settlesInProcess(made: Node): boolean {
  if (made.kind !== K.NewExpression) return false;
  const n = made as unknown as { expression: Node; arguments?: readonly Expression[] };
  if (!isIdentifier(n.expression, "Promise") || !n.arguments?.[0]) return false;
  const executor = unwrap(n.arguments[0]);
  if (!isFunctionLike(executor) || hasModifier(executor, K.AsyncKeyword)) return false;
  const settlers = (executor as unknown as { parameters: readonly Node[] }).parameters.map((p) => (p as unknown as { name: Node }).name);
  if (settlers.some((s) => s.kind !== K.Identifier)) return false;
  const names = new Set(settlers.map((s) => (s as unknown as { text: string }).text));
  if (names.size === 0) return false;
  let ok = true;
  const visit = (node: Node): undefined => {
    if (!ok) return undefined;
    if (node.kind === K.AwaitExpression) ok = false;
    else if (node.kind === K.Identifier && names.has((node as unknown as { text: string }).text) && !settlers.includes(node)) {
      // Called (not handed on), from the executor or a timer callback it starts.
      const call = node.parent;
      const called = call.kind === K.CallExpression && (call as CallExpression).expression === node;
      // `setTimeout(resolve, ms)`: handed to a timer, which calls it.
      const timed = call.kind === K.CallExpression && (call as CallExpression).arguments[0] === node && isTimerCall(call as CallExpression);
      if (!(called || timed) || !reachedThroughTimersOnly(node, executor)) ok = false;
    }
    node.forEachChild(visit);
    return undefined;
  };
  executor.forEachChild(visit);
  return ok;
}

const TIMERS = new Set(["setTimeout", "setImmediate", "queueMicrotask", "requestAnimationFrame"]);

/** Every function between `node` and `executor` is the callback of a timer (`setTimeout(() => …)`). */
function reachedThroughTimersOnly(node: Node, executor: Node): boolean {
  for (let p: Node | undefined = node.parent; p && p !== executor; p = p.parent) {
    if (!isFunctionLike(p)) continue;
    const call: Node = p.parent;
    if (call.kind !== K.CallExpression || (call as CallExpression).arguments[0] !== p) return false;
    if (!isTimerCall(call as CallExpression)) return false;
  }
  return true;
}

function isTimerCall(call: CallExpression): boolean {
  const callee = call.expression;
  const name = callee.kind === K.Identifier ? (callee as unknown as { text: string }).text : memberName(callee);
  return !!name && TIMERS.has(name);
}

/**
 * The count of a constant table the collection runs over, wherever it is declared: `Array.from(T.keys())`,
 * `Object.keys(T)`, `[...T]`, `T.values()`, `T` itself, where `T` is a `const` initialised with an array or object
 * literal, or `new Map([...])`/`new Set([...])` of an array literal, without spreads, and its file never adds to it
 * (`T.set`, `T.add`, `T.push`, `T[k] = …`). Undefined otherwise.
 */
function constantCollectionSize(receiver: Expression, types: TypeOracle): number | undefined {
  let r = unwrap(receiver);
  for (let i = 0; i < 4; i++) {
    if (r.kind === K.ArrayLiteralExpression) {
      const elements = (r as unknown as { elements: readonly Node[] }).elements;
      if (elements.length !== 1 || elements[0]!.kind !== K.SpreadElement) return undefined;
      r = unwrap((elements[0] as unknown as { expression: Expression }).expression);
      continue;
    }
    if (r.kind !== K.CallExpression) break;
    const call = r as CallExpression;
    const method = memberName(call.expression);
    const object = memberObject(call.expression);
    if (object && method === "from" && isIdentifier(object, "Array") && call.arguments.length === 1) r = unwrap(call.arguments[0]!);
    else if (object && (method === "keys" || method === "values" || method === "entries") && isIdentifier(object, "Object") && call.arguments.length === 1) r = unwrap(call.arguments[0]!);
    else if (object && (method === "keys" || method === "values" || method === "entries") && call.arguments.length === 0) r = unwrap(object as Expression);
    else return undefined;
  }
  if (r.kind !== K.Identifier) return undefined;
  let decl: Node | undefined;
  try {
    decl = types.valueDeclaration(r);
  } catch {
    return undefined;
  }
  if (!decl || decl.kind !== K.VariableDeclaration || !(decl.parent.flags & NodeFlags.Const)) return undefined;
  const init = (decl as unknown as { initializer?: Expression }).initializer;
  const size = init && literalTableSize(unwrap(init));
  if (size === undefined) return undefined;
  const name = (r as unknown as { text: string }).text;
  return addsTo(decl.getSourceFile(), name) ? undefined : size;
}

/** Entries of `[a, b]`, `{ a, b }`, `new Map([[k, v], …])` or `new Set([…])`, written out without spreads. */
function literalTableSize(e: Expression): number | undefined {
  const noSpread = (xs: readonly Node[]) => (xs.some((x) => x.kind === K.SpreadElement || x.kind === K.SpreadAssignment) ? undefined : xs.length);
  if (e.kind === K.ArrayLiteralExpression) return noSpread((e as unknown as { elements: readonly Node[] }).elements);
  if (e.kind === K.ObjectLiteralExpression) return noSpread((e as unknown as { properties: readonly Node[] }).properties);
  if (e.kind === K.NewExpression) {
    const n = e as unknown as { expression: Node; arguments?: readonly Expression[] };
    if (!isIdentifier(n.expression, "Map") && !isIdentifier(n.expression, "Set")) return undefined;
    const arg = n.arguments?.[0] && unwrap(n.arguments[0]);
    return arg && arg.kind === K.ArrayLiteralExpression ? noSpread((arg as unknown as { elements: readonly Node[] }).elements) : undefined;
  }
  return undefined;
}

/** Whether the file calls an inserting method on `name` or assigns to one of its elements. */
function addsTo(sf: SourceFile, name: string): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    if (n.kind === K.Identifier && (n as unknown as { text: string }).text === name) {
      const p = n.parent;
      if (p.kind === K.PropertyAccessExpression && (p as unknown as { expression: Node }).expression === n) {
        const method = memberName(p);
        const call = p.parent;
        if (method && INSERTING.has(method) && call.kind === K.CallExpression && (call as CallExpression).expression === p) found = true;
      } else if (p.kind === K.ElementAccessExpression && (p as unknown as { expression: Node }).expression === n) {
        const target = p.parent;
        if (target.kind === K.BinaryExpression && (target as unknown as { left: Node }).left === p && isAssignment(target)) found = true;
      }
    }
    n.forEachChild(visit);
    return undefined;
  };
  sf.forEachChild(visit);
  return found;
}

/** Methods that release what their object holds; closing many at once acquires nothing new. */
const RELEASING = /^(close|dispose|destroy|end|endSession|disconnect|terminate|release|abort|cancel|stop|unsubscribe|kill|free|shutdown)$/;

/**
 * Every promise the operation starts is its own element releasing itself: `(c) => c.close()`, `s => s.endSession()`
 * (a callback written in place over a collection, or a loop pushing `x.dispose()` for its loop variable).
 */
function releasesHeld(f: FanOut, started: readonly Node[]): boolean {
  const element = elementName(f);
  if (!element || started.length === 0) return false;
  return started.every((c) => {
    if (c.kind !== K.CallExpression) return false;
    const callee = skipParens((c as CallExpression).expression);
    const method = memberName(callee);
    const object = memberObject(callee);
    return !!method && RELEASING.test(method) && !!object && isIdentifier(unwrap(object as Expression), element);
  });
}

/**
 * `Promise.all(Object.keys(ext).map(async (name) => { await this.extensions[name].onResponse(…) }))`: over an object's
 * keys (each once), every promise started is a call on what a class's registration list holds under that key
 * (`this.handlers[key]` or `this.handlers.get(key)`), so no more run than there are registered handlers.
 */
function dispatchesToRegistry(f: FanOut, started: readonly Node[]): boolean {
  const element = elementName(f);
  if (!element || started.length === 0 || !isKeysOfObject(f.receiver)) return false;
  return started.every((c) => {
    if (c.kind !== K.CallExpression) return false;
    let target = memberObject(skipParens((c as CallExpression).expression));
    target = target && unwrap(target as Expression);
    if (!target) return false;
    let table: Node | undefined;
    if (target.kind === K.ElementAccessExpression) {
      const access = target as unknown as { expression: Expression; argumentExpression: Expression };
      if (isIdentifier(unwrap(access.argumentExpression), element)) table = unwrap(access.expression);
    } else if (target.kind === K.CallExpression && memberName((target as CallExpression).expression) === "get") {
      const [key] = (target as CallExpression).arguments;
      if (key && isIdentifier(unwrap(key), element)) table = memberObject((target as CallExpression).expression);
    }
    if (!table || table.kind !== K.PropertyAccessExpression || memberObject(table)?.kind !== K.ThisKeyword) return false;
    const name = memberName(table);
    return !!name && isRegistrationList({ name, access: table });
  });
}

/** `Object.keys(o)`, `Object.entries(o)` (then the key is the first of the pair), `m.keys()`: each key once. */
function isKeysOfObject(receiver: Expression | undefined): boolean {
  const r = receiver && unwrap(receiver);
  if (!r || r.kind !== K.CallExpression) return false;
  const callee = (r as CallExpression).expression;
  const method = memberName(callee);
  const object = memberObject(callee);
  if (method === "keys" && (r as CallExpression).arguments.length === 0) return true;
  return !!object && isIdentifier(object, "Object") && (method === "keys" || method === "entries");
}

/**
 * The name the operation gives each element: the first parameter of a callback written in place (or the first
 * name of `([key, value]) => …`), or a `for … of` loop's variable when the array is filled in the loop.
 */
function elementName(f: FanOut): string | undefined {
  if (f.loop) {
    if (f.loop.kind !== K.ForOfStatement) return undefined;
    const init = (f.loop as unknown as { initializer: Node }).initializer;
    const decl = init.kind === K.VariableDeclarationList ? (init as unknown as { declarations: readonly Node[] }).declarations[0] : undefined;
    const name = decl && (decl as unknown as { name: Node }).name;
    return name && name.kind === K.Identifier ? (name as unknown as { text: string }).text : undefined;
  }
  const cb = f.callback && unwrap(f.callback);
  if (!cb || !isFunctionLike(cb)) return undefined;
  const first = (cb as unknown as { parameters: readonly Node[] }).parameters[0];
  let name = first && (first as unknown as { name: Node }).name;
  if (name && name.kind === K.ArrayBindingPattern) {
    const el = (name as unknown as { elements: readonly Node[] }).elements[0];
    name = el && el.kind === K.BindingElement ? (el as unknown as { name: Node }).name : undefined;
  }
  return name && name.kind === K.Identifier ? (name as unknown as { text: string }).text : undefined;
}

/**
 * The calls a callback written in place makes (not inside functions nested in it), or, for a function named
 * by reference (`xs.map(hash)`), nothing: `onlyLocalWork` reads its declaration instead.
 */
function callbackCalls(f: FanOut): Node[] {
  const cb = f.callback && unwrap(f.callback);
  // A loop pushing a call (`ps.push(h.dispose())`): that call is the operation.
  if (cb && f.loop && (cb.kind === K.CallExpression || cb.kind === K.NewExpression)) return [cb];
  if (!cb || !isFunctionLike(cb)) return [];
  return callsIn(cb);
}

function callsIn(fn: Node): Node[] {
  const calls: Node[] = [];
  const visit = (n: Node): undefined => {
    if (isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.CallExpression || n.kind === K.NewExpression) calls.push(n);
    n.forEachChild(visit);
    return undefined;
  };
  fn.forEachChild(visit);
  return calls;
}

/**
 * Whether every promise the operation starts comes from an in-process platform API (see `isLocalPlatformCall`),
 * directly in the callback or one call deep: a function of the project whose own promise-returning calls are
 * all such. A `for await` or a promise-valued call of anything else counts as I/O.
 */
function onlyLocalWork(f: FanOut, made: readonly Node[], types: TypeOracle, configured: readonly TypeOrValueSpecifier[]): boolean {
  const query = { checkThenables: true, allow: [] };
  const cb = f.callback && unwrap(f.callback);
  if (!cb) return false;
  const calls: readonly Node[] = made;
  if (!isFunctionLike(cb)) {
    // `xs.map(hash)`: the function named is the operation.
    if (f.loop || (cb.kind !== K.Identifier && cb.kind !== K.PropertyAccessExpression)) return false;
    const fn = declaredBody(cb, types);
    if (!fn) return false;
    return functionDoesOnlyLocalWork(fn, types, configured);
  }
  if (hasForAwait(cb)) return false;
  const started = calls.filter((c) => types.promiseKind(c, query));
  if (started.length === 0) return false;
  return started.every((c) => isLocalCall(c, types, configured) || (() => {
    const fn = c.kind === K.CallExpression ? declaredBody((c as CallExpression).expression, types) : undefined;
    return !!fn && functionDoesOnlyLocalWork(fn, types, configured);
  })());
}

/** A function of the project (not a library's declaration) whose promise-returning calls are all local platform work. */
function functionDoesOnlyLocalWork(fn: Node, types: TypeOracle, configured: readonly TypeOrValueSpecifier[]): boolean {
  const query = { checkThenables: true, allow: [] };
  if ((fn as { asteriskToken?: Node }).asteriskToken || hasForAwait(fn)) return false;
  const calls = callsIn(fn);
  types.prefetch(calls);
  const started = calls.filter((c) => types.promiseKind(c, query));
  return started.length > 0 && started.every((c) => isLocalCall(c, types, configured));
}

/**
 * In-process work: a platform API (`isLocalPlatformCall`), or a call the user listed in `inProcessCalls`, matched by
 * the callee (a function, or a method by its own name) or, for a method, by its object's type (`OlmMachine`).
 */
function isLocalCall(call: Node, types: TypeOracle, configured: readonly TypeOrValueSpecifier[]): boolean {
  if (isLocalPlatformCall(call, types)) return true;
  if (configured.length === 0 || call.kind !== K.CallExpression) return false;
  const callee = skipParens((call as CallExpression).expression);
  const object = memberObject(callee);
  // `local(x).then(() => undefined)`: chaining on in-process work, with handlers that call nothing, adds none of its own.
  const method = memberName(callee);
  const handlersCallNothing = () => (call as CallExpression).arguments.every((a) => !hasCall(a) && !(isFunctionLike(a) && callsAnything(a)));
  if (object && (method === "then" || method === "catch" || method === "finally") && unwrap(object as Expression).kind === K.CallExpression && handlersCallNothing()) {
    return isLocalCall(unwrap(object as Expression), types, configured);
  }
  try {
    return types.calleeMatchesSpecifier(callee, configured) || (!!object && types.matchesSpecifier(object, configured));
  } catch {
    return false;
  }
}

/** The declaration, with a body, of the function a callee names (a function, method, or variable holding one). */
function declaredBody(callee: Node, types: TypeOracle): Node | undefined {
  let decl: Node | undefined;
  try {
    decl = types.valueDeclaration(skipParens(callee as Expression));
  } catch {
    return undefined;
  }
  if (!decl) return undefined;
  if (decl.kind === K.VariableDeclaration || decl.kind === K.PropertyDeclaration || decl.kind === K.PropertyAssignment) {
    const init = (decl as unknown as { initializer?: Expression }).initializer;
    decl = init && unwrap(init);
  }
  if (!decl || !isFunctionLike(decl) || !(decl as unknown as { body?: Node }).body) return undefined;
  return decl;
}

function hasForAwait(fn: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || isFunctionLike(n)) return undefined;
    if (n.kind === K.ForOfStatement && (n as unknown as { awaitModifier?: Node }).awaitModifier) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  fn.forEachChild(visit);
  return found;
}

/** Interfaces of TypeScript's default library whose methods compute in process (Web Crypto, text encoding). */
const LOCAL_LIB_INTERFACES = new Set(["SubtleCrypto", "Crypto", "TextEncoder", "TextDecoder"]);
const NODE_CRYPTO_TYPES = /[\\/]node_modules[\\/]@types[\\/]node[\\/](?:ts[\d.]+[\\/])?crypto\.d\.ts$/;

/**
 * A call whose callee is declared by the platform as in-process work, decided by where it is declared
 * (not by what it is called here): a method of the default library's `SubtleCrypto`/`Crypto`/`TextEncoder`/
 * `TextDecoder` (or `structuredClone`), or anything of Node's `crypto` module.
 */
function isLocalPlatformCall(call: Node, types: TypeOracle): boolean {
  if (call.kind !== K.CallExpression) return false;
  const callee = skipParens((call as CallExpression).expression);
  let origin: { files: readonly string[]; isDefaultLib: boolean } | undefined;
  let decl: Node | undefined;
  try {
    origin = types.declarationOrigin(callee);
    decl = types.valueDeclaration(callee);
  } catch {
    return false;
  }
  if (!origin || origin.files.length === 0) return false;
  if (origin.files.every((f) => NODE_CRYPTO_TYPES.test(f))) return true;
  if (!origin.isDefaultLib || !decl) return false;
  const container = decl.parent;
  if (container && container.kind === K.InterfaceDeclaration) {
    const name = nameText((container as unknown as { name: Node }).name);
    return !!name && LOCAL_LIB_INTERFACES.has(name);
  }
  return decl.kind === K.FunctionDeclaration && nameText((decl as unknown as { name?: Node }).name ?? decl) === "structuredClone";
}

/** What the combinator waits for, said after the concurrency (each settles differently). */
const SETTLES: Record<string, string> = {
  all: "and the first rejection fails the call while the rest keep running",
  allSettled: "and the call waits for every one of them",
  race: "and the first to settle decides the call while the rest keep running",
  any: "and the first fulfilment decides the call while the rest keep running",
};

/**
 * `Promise.all(xs.map(f))` → `pMap(xs, f, { concurrency: k })`, a p-limit limiter, or our `mapLimit(xs, k, f)`.
 * Only for `all` over an array mapped through a function written in place with at most (item, index):
 * the other combinators settle differently, and a function reference might take map's third argument.
 */
function boundFix(context: RuleContext<UnboundedFanOutOptions>, all: CallExpression): Fix | undefined {
  const sf = context.sourceFile;
  const [arg] = all.arguments;
  if (!arg || all.arguments.length !== 1 || all.questionDotToken) return undefined;
  const mapped = unwrap(arg);
  if (mapped.kind !== K.CallExpression) return undefined;
  const map = mapped as CallExpression;
  const receiver = memberObject(map.expression);
  const callback = map.arguments[0];
  if (memberName(map.expression) !== "map" || !receiver || !callback || map.arguments.length !== 1 || map.questionDotToken) return undefined;
  if ((map.expression as unknown as { questionDotToken?: Node }).questionDotToken) return undefined;
  const arity = plainArity(callback);
  if (arity === undefined || !context.types.isPlainArray(receiver)) return undefined;
  const tool = concurrencyTool(sf, context.dependencies);
  if (!tool) return undefined;
  const k = context.options.defaultConcurrency;
  const source = (n: Node) => sf.text.slice(n.getStart(sf), n.end);
  const rewrite = boundedMap(tool, receiver, source(callback), arity, k, sf, enclosingStatement(all));
  if (!rewrite) return undefined;
  const title = rewrite.kind === "helper" ? `Run at most ${k} at a time (a local mapLimit helper)` : `Run at most ${k} at a time with ${rewrite.kind}`;
  return makeFix("bound-fan-out", mergeEdits([{ start: all.getStart(sf), end: all.end, newText: rewrite.expression }, ...rewrite.edits]), title);
}

/** The number of parameters of a function written in place, if it takes at most (item, index) plainly. */
export function plainArity(callback: Node): number | undefined {
  const fn = skipParens(callback as Expression) as unknown as { kind: number; parameters: readonly { dotDotDotToken?: Node }[]; asteriskToken?: Node };
  if (fn.kind !== K.ArrowFunction && fn.kind !== K.FunctionExpression) return undefined;
  if (fn.asteriskToken || fn.parameters.length > 2 || fn.parameters.some((p) => p.dotDotDotToken)) return undefined;
  return fn.parameters.length;
}

/** The statement holding `node`, in the same function (a p-limit limiter can be declared before it). */
function enclosingStatement(node: Node): Node | undefined {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    if (isFunctionLike(p) || p.kind === K.ClassDeclaration || p.kind === K.ClassExpression) return undefined;
    const parent = p.parent;
    if (parent && (parent.kind === K.Block || parent.kind === K.SourceFile || parent.kind === K.CaseClause || parent.kind === K.DefaultClause)) return p;
  }
  return undefined;
}

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
    // `[first(), ...xs.map(f)]`: a spread element can be a fan-out; the other elements are fixed in the source.
    for (const element of (c as unknown as { elements: readonly Node[] }).elements) {
      if (element.kind !== K.SpreadElement) continue;
      const inner = findFanOut((element as unknown as { expression: Expression }).expression, sf, depth);
      if (inner) return inner;
    }
    return undefined;
  }
  if (c.kind === K.ConditionalExpression) {
    // `cond ? xs.map(f) : []`: either branch may run.
    const branches = c as unknown as { whenTrue: Expression; whenFalse: Expression };
    return findFanOut(branches.whenTrue, sf, depth) ?? findFanOut(branches.whenFalse, sf, depth);
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
    return generatorFanOut(call, sf);
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
  const isLiteral = init.kind === K.ArrayLiteralExpression;
  if (!isLiteral || (init as unknown as { elements: readonly Node[] }).elements.length > 0) {
    const fromInit = findFanOut(init, sf, depth + 1);
    if (fromInit || !isLiteral) return fromInit;
  }
  // `ps.push(...xs.map(f))`, in a loop or not: the spread adds one promise per element of `xs`.
  for (const { call } of pushes) {
    for (const arg of call.arguments) {
      if (arg.kind !== K.SpreadElement) continue;
      const inner = findFanOut((arg as unknown as { expression: Expression }).expression, sf, depth + 1);
      if (inner) return inner;
    }
  }
  if ((init as unknown as { elements: readonly Node[] }).elements.length > 0) return undefined;
  const inLoop = pushes.find((p) => p.loop);
  if (!inLoop?.call.arguments[0]) return undefined;
  return { shown: `${name} (filled in a loop)`, loop: inLoop.loop!, callback: inLoop.call.arguments[0], typed: id, receiver: iterated(inLoop.loop!) };
}

/**
 * `Promise.all(this.requests(ctx))` where `requests` is a generator of this file (a function or a method of
 * the enclosing class) that yields a value made by a call inside a loop: one promise per iteration, as many
 * as the loop runs. Seen from syntax alone; the checker then confirms that what it yields is a promise.
 */
function generatorFanOut(call: CallExpression, sf: SourceFile): FanOut | undefined {
  const generator = localGenerator(skipParens(call.expression));
  const body = generator && (generator as unknown as { body?: Node }).body;
  if (!body) return undefined;
  let found: { value: Expression; loop: Node } | undefined;
  const visit = (n: Node, loop: Node | undefined): undefined => {
    if (found || isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.YieldExpression && loop && !(n as unknown as { asteriskToken?: Node }).asteriskToken) {
      const value = (n as unknown as { expression?: Expression }).expression;
      if (value && hasCall(value)) {
        found = { value: unwrap(value), loop };
        return undefined;
      }
    }
    const inner = isLoop(n) ? n : loop;
    n.forEachChild((child) => visit(child, inner));
    return undefined;
  };
  body.forEachChild((child) => visit(child, undefined));
  if (!found) return undefined;
  const { value, loop } = found;
  return { shown: `${text(call, sf)} (a generator yielding in a loop)`, loop, callback: value, typed: value, typedIsElement: true, receiver: iterated(loop) };
}

/** The generator function a callee names in this file: `gen`, or `this.gen` in a class that declares `*gen()`. */
function localGenerator(callee: Expression): Node | undefined {
  let fn: Node | undefined;
  if (callee.kind === K.Identifier) {
    const decl = findDeclaration(callee);
    fn = decl?.kind === K.FunctionDeclaration ? decl : undefined;
  } else if (callee.kind === K.PropertyAccessExpression && memberObject(callee)?.kind === K.ThisKeyword) {
    const cls = classOfThis(callee);
    const name = memberName(callee);
    fn = cls && (cls as unknown as { members: readonly Node[] }).members.find((m) => m.kind === K.MethodDeclaration && nameText((m as unknown as { name: Node }).name) === name);
  }
  return fn && (fn as unknown as { asteriskToken?: Node }).asteriskToken && !hasModifier(fn, K.AsyncKeyword) ? fn : undefined;
}

/** What a `for … of` loop or an iteration callback runs over (`for (const c of registry.getContributions())`). */
function iterated(loop: Node): Expression | undefined {
  if (loop.kind === K.ForOfStatement) return unwrap((loop as unknown as { expression: Expression }).expression);
  if (loop.kind === K.ArrowFunction || loop.kind === K.FunctionExpression) {
    const object = memberObject((loop.parent as CallExpression).expression);
    return object && unwrap(object);
  }
  return undefined;
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
    const bound = sizeBound(r);
    if (bound !== undefined && bound <= options.smallArraySize) return true;
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

/**
 * An upper bound on a collection's length that the source fixes, or undefined: array literals (with
 * spreads of bounded ones), `xs.slice(0, 100)`, and what filtering, sorting, mapping, `await`,
 * `Promise.all`, `new Set` or a `const` keep of such a bound.
 */
function sizeBound(e: Expression, depth = 0): number | undefined {
  const x = unwrap(e);
  if (depth > 16) return undefined;
  switch (x.kind) {
    case K.ArrayLiteralExpression: {
      let n = 0;
      for (const element of (x as unknown as { elements: readonly Node[] }).elements) {
        if (element.kind !== K.SpreadElement) n += 1;
        else {
          const inner = sizeBound((element as unknown as { expression: Expression }).expression, depth + 1);
          if (inner === undefined) return undefined;
          n += inner;
        }
      }
      return n;
    }
    case K.ConditionalExpression: {
      const c = x as unknown as { whenTrue: Expression; whenFalse: Expression };
      const a = sizeBound(c.whenTrue, depth + 1);
      const b = a === undefined ? undefined : sizeBound(c.whenFalse, depth + 1);
      return b === undefined ? undefined : Math.max(a!, b);
    }
    case K.AwaitExpression:
      return sizeBound((x as unknown as { expression: Expression }).expression, depth + 1);
    case K.NewExpression: {
      const n = x as unknown as { expression: Node; arguments?: readonly Expression[] };
      return isIdentifier(n.expression, "Set") && n.arguments?.[0] ? sizeBound(n.arguments[0], depth + 1) : undefined;
    }
    case K.Identifier: {
      const bound = localBinding(x);
      if (!bound) return undefined;
      if (bound.kind === "parameter") return parameterBound(bound, depth + 1);
      const decl = bound.declaration as Node & { initializer?: Expression };
      const isConst = decl.kind === K.VariableDeclaration && !!(decl.parent.flags & NodeFlags.Const);
      if (!isConst || !decl.initializer) return undefined;
      if (bound.property === undefined) return sizeBound(decl.initializer, depth + 1);
      // `const { contracts, ...rest } = parameters`: a property of a parameter.
      const source = unwrap(decl.initializer);
      const from = source.kind === K.Identifier ? localBinding(source) : undefined;
      return from?.kind === "parameter" && from.property === undefined ? parameterBound({ ...from, property: bound.property }, depth + 1) : undefined;
    }
    case K.CallExpression: {
      const call = x as CallExpression;
      const method = memberName(call.expression);
      const object = memberObject(call.expression);
      if (!method || !object) return undefined;
      if (isIdentifier(object, "Promise") && (method === "all" || method === "allSettled") && call.arguments[0]) return sizeBound(call.arguments[0], depth + 1);
      if (method === "slice" && call.arguments.length === 2) {
        const start = constantNumber(call.arguments[0]!);
        const end = constantNumber(call.arguments[1]!);
        if (start !== undefined && end !== undefined && start >= 0 && end >= start) return end - start;
      }
      return SHRINKING.has(method) ? sizeBound(object, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Where a name is bound in this file: a variable or a parameter, directly or as one property of a `{ … }` pattern. */
interface LocalBinding {
  kind: "variable" | "parameter";
  declaration: Node;
  /** The property a `{ name }` (or `{ property: name }`) pattern takes it from. */
  property?: string;
}

/**
 * The nearest declaration of `id`'s name, walking out through statement lists and function parameters.
 * Unlike `findDeclaration` this also sees one level of object destructuring.
 */
function localBinding(id: Node): LocalBinding | undefined {
  const name = (id as unknown as { text?: string }).text;
  if (!name) return undefined;
  const match = (declaration: Node, kind: LocalBinding["kind"]): LocalBinding | undefined => {
    const bindingName = (declaration as unknown as { name: Node }).name;
    if (isIdentifier(bindingName, name)) return { kind, declaration };
    if (bindingName.kind !== K.ObjectBindingPattern) return undefined;
    for (const element of (bindingName as unknown as { elements: readonly Node[] }).elements) {
      const e = element as unknown as { name: Node; propertyName?: Node; dotDotDotToken?: Node };
      if (e.dotDotDotToken || !isIdentifier(e.name, name)) continue;
      const property = e.propertyName ? nameText(e.propertyName) : name;
      return property === undefined ? undefined : { kind, declaration, property };
    }
    return undefined;
  };
  for (let p: Node | undefined = id.parent; p; p = p.parent) {
    for (const s of (p as unknown as { statements?: readonly Node[] }).statements ?? []) {
      if (s.kind === K.FunctionDeclaration || s.kind === K.ClassDeclaration) {
        if (isIdentifier((s as unknown as { name?: Node }).name ?? s, name)) return { kind: "variable", declaration: s };
      }
      if (s.kind !== K.VariableStatement) continue;
      for (const d of (s as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) {
        const hit = match(d, "variable");
        if (hit) return hit;
      }
    }
    if (p.kind === K.ForOfStatement || p.kind === K.ForInStatement || p.kind === K.ForStatement) {
      const init = (p as unknown as { initializer?: Node }).initializer;
      for (const d of (init as unknown as { declarations?: readonly Node[] } | undefined)?.declarations ?? []) {
        const hit = match(d, "variable");
        if (hit) return hit;
      }
    }
    if (p.kind === K.CatchClause) {
      const d = (p as unknown as { variableDeclaration?: Node }).variableDeclaration;
      const hit = d && match(d, "variable");
      if (hit) return hit;
    }
    if (isFunctionLike(p)) {
      for (const param of (p as unknown as { parameters: readonly Node[] }).parameters) {
        const hit = match(param, "parameter");
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/**
 * A bound on what a parameter (or one property of it) receives, when its function is private to this
 * file (a function that is not exported, a `private` or `#` method) and used only as the callee of calls
 * here: the largest `sizeBound` of what those calls pass (for a rest parameter, the count of arguments,
 * spreads counted by their own bound). Undefined when any caller passes something unbounded.
 */
function parameterBound(binding: LocalBinding, depth: number): number | undefined {
  // Remembered per parameter and property, so that chains of helpers calling helpers are read once each.
  const key = binding.property ?? "";
  const known = parameterBounds.get(binding.declaration);
  if (known?.has(key)) return known.get(key);
  const outer = cutOff;
  cutOff = false;
  const bound = computeParameterBound(binding, depth);
  // A cut-off (depth, or a recursion in progress) is not the parameter's answer: do not remember it, nor
  // any answer built on it.
  if (!cutOff) {
    if (known) known.set(key, bound);
    else parameterBounds.set(binding.declaration, new Map([[key, bound]]));
  }
  cutOff = outer || cutOff;
  return bound;
}

const parameterBounds = new WeakMap<Node, Map<string, number | undefined>>();
/** Set when an answer was cut short by the depth limit or a recursion; such answers are not remembered. */
let cutOff = false;

function computeParameterBound(binding: LocalBinding, depth: number): number | undefined {
  const param = binding.declaration as Node & { dotDotDotToken?: Node };
  const fn = param.parent;
  if (!isFunctionLike(fn)) return undefined;
  if (depth > 16 || analysing.has(fn)) {
    cutOff = true;
    return undefined;
  }
  const callee = privateCallee(fn);
  if (!callee) return undefined;
  const index = (fn as unknown as { parameters: readonly Node[] }).parameters.indexOf(param);
  let calls = callSites.get(fn);
  if (!callSites.has(fn)) callSites.set(fn, (calls = callsOf(callee, fn.getSourceFile())));
  if (!calls || calls.length === 0) return undefined;
  analysing.add(fn);
  try {
    let max = 0;
    for (const call of calls) {
      const args = call.arguments;
      // A spread before the parameter hides which argument lands on it.
      if (args.slice(0, index).some((a) => a.kind === K.SpreadElement)) return undefined;
      let n: number | undefined;
      if (param.dotDotDotToken) {
        if (binding.property !== undefined) return undefined;
        n = 0;
        for (const a of args.slice(index)) {
          const inner = a.kind === K.SpreadElement ? sizeBound((a as unknown as { expression: Expression }).expression, depth + 1) : 1;
          if (inner === undefined) return undefined;
          n += inner;
        }
      } else {
        const arg = args[index];
        if (!arg || arg.kind === K.SpreadElement) return undefined;
        const value = binding.property === undefined ? arg : propertyValue(unwrap(arg), binding.property);
        n = value && sizeBound(value, depth + 1);
      }
      if (n === undefined) return undefined;
      max = Math.max(max, n);
    }
    return max;
  } finally {
    analysing.delete(fn);
  }
}

/** Per private function, its calls in the file (undefined: it is used some other way too). */
const callSites = new WeakMap<Node, CallExpression[] | undefined>();

/** Functions whose callers `parameterBound` is reading: a recursive function bounds nothing by itself. */
const analysing = new Set<Node>();

/** The value of property `name` in an object literal, if it is written there and no spread after it can replace it. */
function propertyValue(object: Expression, name: string): Expression | undefined {
  if (object.kind !== K.ObjectLiteralExpression) return undefined;
  let value: Expression | undefined;
  for (const p of (object as unknown as { properties: readonly Node[] }).properties) {
    if (p.kind === K.SpreadAssignment) {
      if (value) return undefined;
      continue;
    }
    const prop = p as unknown as { name?: Node; initializer?: Expression };
    if (!prop.name || nameText(prop.name) !== name) continue;
    if (p.kind === K.PropertyAssignment) value = prop.initializer;
    else if (p.kind === K.ShorthandPropertyAssignment) value = prop.name as Expression;
    else return undefined;
  }
  return value;
}

/** How a private function is called: by its name, or (a private method) as a member of that name. */
type PrivateCallee = { kind: "name"; name: string; declarations: ReadonlySet<Node> } | { kind: "member"; name: string };

/**
 * A function no code outside this file can call: a function declaration without `export`, a `const f =
 * (…) => …` that is not exported, or a `private`/`#` method. Undefined for anything else.
 */
function privateCallee(fn: Node): PrivateCallee | undefined {
  if (fn.kind === K.FunctionDeclaration) {
    const name = nameText((fn as unknown as { name?: Node }).name ?? fn);
    if (!name || hasModifier(fn, K.ExportKeyword) || hasModifier(fn, K.DefaultKeyword)) return undefined;
    // Overload signatures share the name and the export modifiers.
    const siblings = (fn.parent as unknown as { statements?: readonly Node[] }).statements ?? [fn];
    const declarations = siblings.filter((s) => s.kind === K.FunctionDeclaration && nameText((s as unknown as { name?: Node }).name ?? s) === name);
    if (declarations.some((d) => hasModifier(d, K.ExportKeyword) || hasModifier(d, K.DefaultKeyword))) return undefined;
    return { kind: "name", name, declarations: new Set(declarations.map((d) => (d as unknown as { name: Node }).name)) };
  }
  if (fn.kind === K.MethodDeclaration) {
    const nameNode = (fn as unknown as { name: Node }).name;
    const name = nameText(nameNode);
    if (!name || (nameNode.kind !== K.PrivateIdentifier && !hasModifier(fn, K.PrivateKeyword))) return undefined;
    return { kind: "member", name };
  }
  if ((fn.kind === K.ArrowFunction || fn.kind === K.FunctionExpression) && fn.parent.kind === K.VariableDeclaration) {
    const decl = fn.parent as unknown as { name: Node; parent: Node & { parent: Node } };
    const statement = decl.parent.parent;
    const name = decl.name.kind === K.Identifier ? nameText(decl.name) : undefined;
    if (!name || !(decl.parent.flags & NodeFlags.Const) || statement.kind !== K.VariableStatement || hasModifier(statement, K.ExportKeyword)) return undefined;
    return { kind: "name", name, declarations: new Set([decl.name]) };
  }
  return undefined;
}

/**
 * Every call of the function in the file, or undefined if it is used any other way (handed on, exported,
 * its name written as a string): then some caller is out of sight.
 */
function callsOf(callee: PrivateCallee, sf: SourceFile): CallExpression[] | undefined {
  const calls: CallExpression[] = [];
  let escapes = false;
  const visit = (n: Node): undefined => {
    if (escapes) return undefined;
    let use: Node | undefined;
    if (callee.kind === "name" && isIdentifier(n, callee.name) && !callee.declarations.has(n)) use = n;
    else if (callee.kind === "member" && n.kind === K.PropertyAccessExpression && memberName(n) === callee.name) use = n;
    else if ((n.kind === K.StringLiteral || n.kind === K.NoSubstitutionTemplateLiteral) && (n as unknown as { text: string }).text === callee.name) escapes = true;
    if (use) {
      const parent = use.parent;
      if (parent.kind === K.CallExpression && (parent as CallExpression).expression === use) calls.push(parent as CallExpression);
      else escapes = true;
      // A member's own object (`this`) and a call's arguments are still visited below.
    }
    n.forEachChild(visit);
    return undefined;
  };
  visit(sf);
  return escapes ? undefined : calls;
}

/** A number literal, or a `const` initialised with one. */
function constantNumber(e: Expression): number | undefined {
  const x = unwrap(e);
  if (x.kind === K.NumericLiteral) return Number((x as unknown as { text: string }).text);
  if (x.kind !== K.Identifier) return undefined;
  const decl = findDeclaration(x) as (Node & { initializer?: Expression }) | undefined;
  if (!decl || decl.kind !== K.VariableDeclaration || !(decl.parent.flags & NodeFlags.Const) || !decl.initializer) return undefined;
  const init = unwrap(decl.initializer);
  return init.kind === K.NumericLiteral ? Number((init as unknown as { text: string }).text) : undefined;
}

/**
 * An async function that never awaits (nor returns another call's promise): its whole body runs
 * synchronously when called, so calling it per element puts nothing in flight at once.
 */
function runsSynchronously(call: Node, declaration: Node | undefined): boolean {
  if (call.kind !== K.CallExpression || !declaration || !isFunctionLike(declaration) || !hasModifier(declaration, K.AsyncKeyword)) return false;
  const body = (declaration as unknown as { body?: Node }).body;
  if (!body) return false;
  let waits = false;
  const visit = (n: Node): undefined => {
    if (waits || isFunctionLike(n)) return undefined;
    if (n.kind === K.AwaitExpression || (n.kind === K.ForOfStatement && (n as unknown as { awaitModifier?: Node }).awaitModifier)) waits = true;
    else if (n.kind === K.ReturnStatement) {
      // `return fetch(url)` hands on a promise that is still running; an immediately called function expression is synchronous.
      const value = (n as unknown as { expression?: Expression }).expression;
      const v = value && unwrap(value);
      if (v && v.kind === K.CallExpression && !isFunctionLike(unwrap((v as CallExpression).expression))) waits = true;
    }
    if (!waits) n.forEachChild(visit);
    return undefined;
  };
  if (body.kind === K.Block) body.forEachChild(visit);
  else {
    const v = unwrap(body as Expression);
    if (v.kind === K.CallExpression && !isFunctionLike(unwrap((v as CallExpression).expression))) return false;
    visit(v);
  }
  return !waits;
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
  if (cb && f.loop && !isFunctionLike(cb)) {
    // A pushed value: `ps.push(save(x))` starts work, `ps.push(deferred.promise)` collects a promise that exists.
    // A name stands for its initialiser (`const p = save(x); ps.push(p)`).
    const decl = cb.kind === K.Identifier ? (findDeclaration(cb) as (Node & { initializer?: Expression }) | undefined) : undefined;
    const value = decl?.kind === K.VariableDeclaration ? decl.initializer : cb;
    return !value || hasCall(value) ? "yes" : [];
  }
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

/** A function whose body (nested functions included) makes a call. */
function callsAnything(fn: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    if (n.kind === K.CallExpression || n.kind === K.NewExpression) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  fn.forEachChild(visit);
  return found;
}

function hasCall(e: Node): boolean {
  let found = e.kind === K.CallExpression || e.kind === K.NewExpression;
  const visit = (n: Node): undefined => {
    if (found || isFunctionLike(n)) return undefined;
    if (n.kind === K.CallExpression || n.kind === K.NewExpression) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  if (!found) e.forEachChild(visit);
  return found;
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

/**
 * A class's own list that only registration fills: `this.localizations`, declared in the class (not
 * public, so no one outside writes it) as empty, and added to (`push`, `set`, `add`, an assignment) only
 * in the constructor or in methods named add…/register…/contribute…, outside loops, which the class
 * itself never calls from a loop. Every other use reads it where it stands (its members, `for … of`, a
 * spread): handed elsewhere, it could be filled from data there. Such a list holds what extensions
 * registered, short like a contribution list, whatever it is named.
 */
function isRegistrationField(f: FanOut): boolean {
  const field = fieldOfThis(f.receiver);
  return !!field && isRegistrationList(field);
}

/** The field `this.<name>` (read at `access`) is a class's own list that only registration fills (see above). */
function isRegistrationList(field: { name: string; access: Node }): boolean {
  const cls = classOfThis(field.access);
  if (!cls) return false;
  const members = (cls as unknown as { members: readonly Node[] }).members;
  const declaration = members.find((m) => m.kind === K.PropertyDeclaration && nameText((m as unknown as { name: Node }).name) === field.name);
  if (!declaration || hasModifier(declaration, K.StaticKeyword) || hasModifier(declaration, K.PublicKeyword)) return false;
  const isPrivateName = (declaration as unknown as { name: Node }).name.kind === K.PrivateIdentifier;
  if (!isPrivateName && !hasModifier(declaration, K.PrivateKeyword) && !hasModifier(declaration, K.ProtectedKeyword)) return false;
  const init = (declaration as unknown as { initializer?: Expression }).initializer;
  if (init && !isEmptyCollection(unwrap(init))) return false;

  const registrationNames = new Set<string>();
  for (const m of members) {
    const name = m.kind === K.MethodDeclaration ? nameText((m as unknown as { name: Node }).name) : undefined;
    if (name && REGISTRATION_METHOD.test(name)) registrationNames.add(name);
  }
  let ok = true;
  const visit = (n: Node): undefined => {
    if (!ok) return undefined;
    // A nested `function` or class has a `this` of its own.
    if (n.kind === K.FunctionExpression || n.kind === K.FunctionDeclaration || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (isThisMember(n, field.name) && !fieldUseIsRegistration(n, registrationNames)) ok = false;
    // `this.addX(item)` from a loop in the class fills the list from data.
    else if (n.kind === K.CallExpression) {
      const callee = (n as CallExpression).expression;
      const name = memberName(callee);
      const object = memberObject(callee);
      if (name && registrationNames.has(name) && object?.kind === K.ThisKeyword && inLoopWithinMember(n)) ok = false;
    }
    n.forEachChild(visit);
    return undefined;
  };
  for (const m of members) m.forEachChild(visit);
  return ok;
}

const REGISTRATION_METHOD = /^(add|register|contribute)([A-Z_]|$)/;
/** Methods that add elements to an array, map or set. */
const INSERTING = new Set(["push", "unshift", "set", "add", "splice", "fill", "copyWithin"]);

/** `this.x` (under filters, sorts, slices, `values()` or `Array.from`), as the name `x` and the access. */
function fieldOfThis(receiver: Expression | undefined): { name: string; access: Node } | undefined {
  let r = receiver && unwrap(receiver);
  for (let i = 0; r && i < 8; i++) {
    if (r.kind === K.CallExpression) {
      const call = r as CallExpression;
      const method = memberName(call.expression);
      const object = memberObject(call.expression);
      if (object && method && (SHRINKING.has(method) || method === "values" || method === "keys")) r = unwrap(object);
      else if (object && method === "from" && isIdentifier(object, "Array") && call.arguments[0]) r = unwrap(call.arguments[0]);
      else return undefined;
    } else break;
  }
  if (!r || r.kind !== K.PropertyAccessExpression || memberObject(r)?.kind !== K.ThisKeyword) return undefined;
  const name = memberName(r);
  return name === undefined ? undefined : { name, access: r };
}

/** The class whose instance `this` is at `node`: through arrows, not through `function`s. */
function classOfThis(node: Node): Node | undefined {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    if (p.kind === K.ClassDeclaration || p.kind === K.ClassExpression) return p;
    if (p.kind === K.FunctionExpression || p.kind === K.FunctionDeclaration) return undefined;
  }
  return undefined;
}

function isThisMember(n: Node, name: string): boolean {
  return n.kind === K.PropertyAccessExpression && memberObject(n)?.kind === K.ThisKeyword && memberName(n) === name;
}

function nameText(name: Node): string | undefined {
  return name.kind === K.Identifier || name.kind === K.PrivateIdentifier || name.kind === K.StringLiteral ? (name as unknown as { text: string }).text : undefined;
}

function isEmptyCollection(e: Expression): boolean {
  if (e.kind === K.ObjectLiteralExpression) return (e as unknown as { properties: readonly Node[] }).properties.length === 0;
  if (e.kind === K.ArrayLiteralExpression) return (e as unknown as { elements: readonly Node[] }).elements.length === 0;
  if (e.kind !== K.NewExpression) return false;
  const n = e as unknown as { expression: Node; arguments?: readonly Node[] };
  return (isIdentifier(n.expression, "Map") || isIdentifier(n.expression, "Set") || isIdentifier(n.expression, "Array")) && !n.arguments?.length;
}

/**
 * Whether one use of the field keeps it a registration list: a read where it stands, or an addition
 * in the constructor or a registration method, outside loops.
 */
function fieldUseIsRegistration(access: Node, registrationNames: ReadonlySet<string>): boolean {
  const parent = access.parent;
  // In a registration method any addition outside loops; in the constructor only a fixed number of
  // elements (no spread: `this.jobs.push(...files)` there would fill it from the caller's data).
  const adds = (added: readonly Node[]) => {
    const member = memberOf(access);
    if (!member || inLoopWithinMember(access)) return false;
    if (member.kind === K.Constructor) return added.every((e) => e.kind !== K.SpreadElement);
    const name = member.kind === K.MethodDeclaration ? nameText((member as unknown as { name: Node }).name) : undefined;
    return !!name && registrationNames.has(name);
  };
  switch (parent.kind) {
    case K.PropertyAccessExpression: {
      // `this.x.push(…)` adds; `this.x.filter(…)`, `this.x.length`, `this.x.splice(i, 1)` read or remove.
      const method = memberName(parent);
      const call = parent.parent;
      const called = call.kind === K.CallExpression && (call as CallExpression).expression === parent;
      if (!called || !method || !INSERTING.has(method)) return true;
      if (method === "splice" && (call as CallExpression).arguments.length <= 2) return true;
      return adds((call as CallExpression).arguments);
    }
    case K.ElementAccessExpression: {
      const target = parent.parent;
      const assigned = target.kind === K.BinaryExpression && (target as unknown as { left: Node }).left === parent && isAssignment(target);
      return assigned ? adds([]) : true;
    }
    case K.BinaryExpression: {
      const b = parent as unknown as { left: Node; right: Expression; operatorToken: { kind: number } };
      if (b.left === access && isAssignment(parent)) {
        // Emptying it anywhere is fine; the constructor may also set a literal of fixed elements.
        const value = unwrap(b.right);
        if (isEmptyCollection(value)) return true;
        return value.kind === K.ArrayLiteralExpression && memberOf(access)?.kind === K.Constructor && adds((value as unknown as { elements: readonly Node[] }).elements);
      }
      // A comparison reads it; `a = this.x`, `this.x || other` hand the list on.
      return !isAssignment(parent) && !isValueKeeping(b.operatorToken.kind);
    }
    case K.IfStatement:
    case K.PrefixUnaryExpression:
    case K.TypeOfExpression:
      return true;
    case K.ForOfStatement:
    case K.ForInStatement:
      return (parent as unknown as { expression: Node }).expression === access;
    case K.SpreadElement:
      return true;
    default:
      return false; // an argument, a returned or stored value: it may be filled where it goes
  }
}

function isValueKeeping(op: number): boolean {
  return op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken || op === K.CommaToken;
}

function isAssignment(b: Node): boolean {
  const op = (b as unknown as { operatorToken: { kind: number } }).operatorToken.kind;
  return op >= K.FirstAssignment && op <= K.LastAssignment;
}

/** The class member (method, constructor, accessor, property initialiser) holding `node`. */
function memberOf(node: Node): Node | undefined {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    if (p.parent && (p.parent.kind === K.ClassDeclaration || p.parent.kind === K.ClassExpression)) return p;
  }
  return undefined;
}

/** Inside a loop (or an iteration callback) within its class member. */
function inLoopWithinMember(node: Node): boolean {
  for (let p: Node | undefined = node.parent; p; p = p.parent) {
    if (p.parent && (p.parent.kind === K.ClassDeclaration || p.parent.kind === K.ClassExpression)) return false;
    if (isLoop(p)) return true;
  }
  return false;
}
