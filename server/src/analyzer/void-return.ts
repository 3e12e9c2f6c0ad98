// The analysis behind floating-promise's `checksVoidReturn`: a function that returns a promise,
// handed to a place whose type says its result is ignored (`() => void`). Whoever calls it there
// drops the promise: nothing waits for it and nothing handles its rejection. The semantics follow
// typescript-eslint's no-misused-promises (checksVoidReturn); where we differ, a comment says so.
//
// Each check asks in the cheapest order. Whether the value returns a promise is read from syntax
// or declarations first (promise-returning.ts); what the place expects is asked next, or first when
// it comes from an annotation. A value that only its own inferred type can settle ("unknown") is
// asked about only where the place is known to expect `void` cheaply (a call's declared parameter,
// an annotation, an `on…` handler attribute): elsewhere it is left out, a limitation traded for
// speed in heavily generic code.
//
// Deliberate differences (notes §5): identical reports are made once (§5.2.2); a callback that
// handles its own rejections is not reported, except to forEach and new Promise (§5.2.1); calls
// that only use a function as a key (`off`, `removeListener`, `disconnect`) are information, and so
// are self-settling async functions (no `await`, see `selfSettling`), except to forEach and new Promise;
// the same function handed over again in one block is reported at its level once (`sameFunctionKey`);
// members match by property name, so quoted names count (§5.1.2), and against the instantiated base
// type, so `extends Gen<void>` counts (§5.1.3).
import {
  declaredFunction,
  K,
  NodeFlags,
  NEVER_PROMISE_SYNTAX,
  skipParens,
  memberName,
  memberObject,
  hasModifier,
  enclosingFunction,
  isInAsyncContext,
  isFunctionLike,
  walk,
  type Node,
  type Expression,
  type CallExpression,
  type BinaryExpression,
  type SourceFile,
} from "./ts/syntax.js";
import { functions, hasCheapRoot, isValueKeepingOperator, probeFunction, probeNodes, probeValue, resolveName, returnsThenable, type Probe } from "./promise-returning.js";
import type { ReportDescriptor, RuleContext, Visitors } from "./rule.js";
import type { TypeOracle } from "./ts/oracle.js";
import type { Fix, OptionSpec } from "./types.js";
import { makeFix } from "./fixes.js";
import { boundedMap, concurrencyTool, mergeEdits } from "./edits.js";

/** The sub-checks, with typescript-eslint's names. */
export const VOID_RETURN_CHECKS = {
  arguments: "Arguments of calls and `new` whose parameter type returns `void` (`forEach`, listeners, timers).",
  attributes: "JSX attributes typed as handlers returning `void`.",
  inheritedMethods: "Class and interface members that return a promise where a base type's member returns `void`.",
  properties: "Object literal properties whose contextual type returns `void`.",
  returns: "Functions returned where the return type is a function returning `void`.",
  variables: "Variables and assignments typed as functions returning `void`, and async `[Symbol.dispose]` methods.",
} as const;

export type VoidReturnChecks = Record<keyof typeof VOID_RETURN_CHECKS, boolean>;

export const checksVoidReturnOption: OptionSpec = {
  type: "flags",
  default: { arguments: true, attributes: true, inheritedMethods: true, properties: true, returns: true, variables: true },
  flags: VOID_RETURN_CHECKS,
  description:
    "Report promise-returning functions passed, assigned or returned where a function returning `void` is " +
    "expected. `true`/`false` for all places, or an object turning single places off: " +
    "`{ arguments, attributes, inheritedMethods, properties, returns, variables }`.",
};

export type VoidReturnMessageId =
  | "voidReturnArgument"
  | "voidReturnAttribute"
  | "voidReturnInheritedMethod"
  | "voidReturnProperty"
  | "voidReturnReturnValue"
  | "voidReturnVariable";

export interface VoidReturnReport extends ReportDescriptor {
  messageId: VoidReturnMessageId;
}

// ---- names and places ----

/** The name of a member or property as the type system sees it: `f`, `'f'` and `["f"]` are all `f`. */
function propertyName(name: Node | undefined): string | undefined {
  if (!name) return undefined;
  switch (name.kind) {
    case K.Identifier:
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return (name as unknown as { text: string }).text;
    case K.ComputedPropertyName: {
      const inner = skipParens((name as unknown as { expression: Expression }).expression);
      return inner.kind === K.StringLiteral || inner.kind === K.NoSubstitutionTemplateLiteral ? (inner as unknown as { text: string }).text : undefined;
    }
    default:
      return undefined; // `#private` names override nothing; other computed names are not known here
  }
}

function sourceText(node: Node, sf: SourceFile): string {
  const text = sf.text.slice(node.getStart(sf), node.end).replace(/\s+/g, " ");
  return text.length > 40 ? text.slice(0, 37) + "…" : text;
}

/**
 * typescript-eslint's function head: from the start of `from` to the `(` of the parameters (to the
 * parameter itself for `x => …`). Reported instead of the whole function so the squiggle stays short.
 */
function headEnd(fn: Node, sf: SourceFile): number {
  const params = (fn as unknown as { parameters: readonly Node[] & { pos: number } }).parameters;
  const open = sf.text.lastIndexOf("(", params.pos);
  const first = params[0];
  if (first && (open < 0 || open < fn.getStart(sf))) return first.getStart(sf);
  return open >= fn.getStart(sf) ? open : fn.end;
}

/** Where a promise-returning function value is reported: its return type, its head, or the whole value. */
function functionReport(value: Expression, from: Node, sf: SourceFile): Pick<ReportDescriptor, "node" | "endNode" | "end"> {
  const v = skipParens(value);
  if (v.kind !== K.ArrowFunction && v.kind !== K.FunctionExpression && v.kind !== K.MethodDeclaration) return { node: value };
  const annotation = (v as unknown as { type?: Node }).type;
  if (annotation) return { node: annotation };
  return { node: from, end: headEnd(v, sf) };
}

/** Syntactically, could this annotation be a function type? (typescript-eslint's isPossiblyFunctionType) */
function isPossiblyFunctionType(type: Node): boolean {
  let t = type;
  while (t.kind === K.ParenthesizedType) t = (t as unknown as { type: Node }).type;
  switch (t.kind) {
    case K.FunctionType:
    case K.ConstructorType:
    case K.ConditionalType:
    case K.InferType:
    case K.IndexedAccessType:
    case K.ImportType:
    case K.IntersectionType:
    case K.UnionType:
    case K.TypeOperator:
    case K.TypeQuery:
    case K.ThisType:
    case K.TypeReference:
      return true;
    case K.TypeLiteral:
      return (t as unknown as { members: readonly Node[] }).members.some((m) => m.kind === K.CallSignature || m.kind === K.ConstructSignature);
    default:
      return false;
  }
}

/** `() => void`, `{ (): void }`, `(() => void) | undefined`: a function type spelled out in the annotation. */
function isWrittenFunctionType(type: Node): boolean {
  switch (type.kind) {
    case K.FunctionType:
      return true;
    case K.ParenthesizedType:
      return isWrittenFunctionType((type as unknown as { type: Node }).type);
    case K.UnionType:
    case K.IntersectionType:
      return (type as unknown as { types: readonly Node[] }).types.some(isWrittenFunctionType);
    case K.TypeLiteral:
      return (type as unknown as { members: readonly Node[] }).members.some((m) => m.kind === K.CallSignature);
    default:
      return false;
  }
}

/** `X` in an async function's `Promise<X>` annotation (what a `return` there is checked against), else the annotation. */
function awaitedAnnotation(type: Node): Node {
  const t = type as unknown as { typeName?: Node & { text?: string }; typeArguments?: readonly Node[] };
  const promise = type.kind === K.TypeReference && t.typeName?.kind === K.Identifier && (t.typeName.text === "Promise" || t.typeName.text === "PromiseLike");
  return promise && t.typeArguments?.length === 1 ? t.typeArguments[0]! : type;
}

function isFunctionExpression(e: Expression): boolean {
  const x = skipParens(e);
  return x.kind === K.ArrowFunction || x.kind === K.FunctionExpression;
}

/** Annotations that could name a type with a `[Symbol.dispose]` method. */
function couldBeDisposable(type: Node): boolean {
  switch (type.kind) {
    case K.TypeReference:
    case K.TypeLiteral:
    case K.IntersectionType:
    case K.UnionType:
    case K.TypeQuery:
    case K.ParenthesizedType:
    case K.ImportType:
      return true;
    default:
      return false;
  }
}

/** `{ [Symbol.dispose]() … }` (or `async`), read from an object literal. */
function literalDisposeMember(literal: Node): Node | undefined {
  return (literal as unknown as { properties: readonly Node[] }).properties.find((p) => {
    const name = (p as unknown as { name?: Node }).name;
    if (name?.kind !== K.ComputedPropertyName) return false;
    const key = (name as unknown as { expression: Expression }).expression;
    return memberName(key) === "dispose" && memberObject(key)?.kind === K.Identifier && (memberObject(key) as unknown as { text: string }).text === "Symbol";
  });
}

/**
 * Whether an object literal can have a contextual type. One that only initialises an unannotated
 * variable or class field, or stands as a statement, has none, so its members need no questions.
 */
function mayHaveContextualType(literal: Node): boolean {
  let n = literal;
  for (;;) {
    const p = n.parent;
    if (!p) return false;
    switch (p.kind) {
      case K.ParenthesizedExpression:
      case K.ArrayLiteralExpression:
      case K.ConditionalExpression:
      case K.PropertyAssignment:
      case K.ObjectLiteralExpression:
        n = p;
        continue;
      case K.BinaryExpression:
        if (!isValueKeepingOperator((p as BinaryExpression).operatorToken.kind) || (p as BinaryExpression).left === n) return true;
        n = p;
        continue;
      case K.VariableDeclaration:
      case K.PropertyDeclaration:
        return !!(p as unknown as { type?: Node }).type;
      case K.ExpressionStatement:
        return false;
      default:
        return true;
    }
  }
}

// ---- run-time consequences, for the messages ----

const LISTENER_METHODS = new Set(["addEventListener", "addListener", "on", "once", "prependListener", "prependOnceListener"]);
const TIMER_FUNCTIONS = new Set(["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "requestAnimationFrame", "requestIdleCallback"]);

type Place = "forEach" | "executor" | "listener" | "timer" | "call";

function argumentPlace(call: CallExpression, isNew: boolean): { place: Place; name: string } {
  const callee = skipParens(call.expression);
  const name = callee.kind === K.Identifier ? (callee as unknown as { text: string }).text : memberName(callee);
  if (isNew && name === "Promise") return { place: "executor", name };
  if (name === "forEach") return { place: "forEach", name };
  if (name && LISTENER_METHODS.has(name)) return { place: "listener", name };
  if (name && TIMER_FUNCTIONS.has(name)) return { place: "timer", name };
  return { place: "call", name: name ?? "This call" };
}

function argumentEffect(place: Place, name: string): string {
  switch (place) {
    case "forEach":
      return (
        "`forEach` does not wait for an async callback: every call starts at once, the loop \"finishes\" before " +
        "any of them do, and their rejections go unhandled."
      );
    case "executor":
      return (
        "`new Promise` ignores what its executor returns: if this executor's promise rejects (an error after an " +
        "`await`, or a failed chain), that rejection goes unhandled instead of rejecting the new promise, which may " +
        "then never settle."
      );
    case "listener":
      return `\`${name}\` calls this listener and drops the promise it returns: nothing waits for it, and if it rejects the error goes unhandled.`;
    case "timer":
      return `\`${name}\` calls this function later and drops the promise it returns: if it rejects, the error goes unhandled.`;
    case "call":
      return `\`${name}\` expects a function whose result it ignores: it does not wait for the promise this one returns, and a rejection goes unhandled.`;
  }
}

/**
 * A function that handles its own rejections: an async function whose whole body is one
 * `try … catch` (it rejects only if its `catch` throws), or an arrow whose expression body ends in
 * a rejection handler (`() => p.then(ok, fail)`, `() => p.catch(log)`). Dropping its promise loses
 * nothing, so it is not reported (typescript-eslint reports it, the most common complaint about the
 * rule, typescript-eslint#4619) except to `forEach` and `new Promise`, where waiting still matters.
 */
function catchesItsOwnErrors(value: Expression): boolean {
  const v = skipParens(value);
  if (v.kind !== K.ArrowFunction && v.kind !== K.FunctionExpression) return false;
  const body = (v as unknown as { body: Node }).body;
  if (body.kind !== K.Block) {
    const e = skipParens(body as Expression);
    if (e.kind !== K.CallExpression) return false;
    const method = memberName((e as CallExpression).expression);
    const args = (e as CallExpression).arguments;
    return (method === "catch" && args.length >= 1) || (method === "then" && args.length >= 2);
  }
  if (!hasModifier(v, K.AsyncKeyword)) return false;
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  return statements.length === 1 && statements[0]!.kind === K.TryStatement && !!(statements[0] as unknown as { catchClause?: Node }).catchClause;
}

/**
 * The function a value given to a void place stands for, as declared: a function written in place, or
 * a name, member or `f.bind(…)` resolved through the checker to a function or method declaration (or a
 * variable, field or property initialised with a function). Undefined when there is no such declaration.
 */
function handedFunction(value: Node, types: TypeOracle): Node | undefined {
  if (isFunctionLike(value)) return value;
  const e = skipParens(value as Expression);
  switch (e.kind) {
    case K.ArrowFunction:
    case K.FunctionExpression:
      return e;
    case K.NonNullExpression:
    case K.AsExpression:
    case K.SatisfiesExpression:
      return handedFunction((e as unknown as { expression: Expression }).expression, types);
    case K.CallExpression: {
      const callee = skipParens((e as CallExpression).expression);
      return memberName(callee) === "bind" ? handedFunction(memberObject(callee)!, types) : undefined;
    }
    case K.Identifier: {
      const ref = resolveName(e);
      if (ref.kind === "function") return ref.fn;
      return declaredFunction(types.valueDeclaration(e));
    }
    case K.PropertyAccessExpression:
      return declaredFunction(types.valueDeclaration(e));
    default:
      return undefined;
  }
}

/**
 * An async function that settles by itself: its body has no `await`, `for await` or `yield`, chains
 * nothing on a promise (`.then`/`.catch`/`.finally`: work would go on after it returns), and returns no
 * value that may be a thenable (`return fetch(url)` would hand on a promise still running). Such a
 * function runs to its end synchronously when called, so its promise rejects only where a plain
 * function would have thrown. We judge the declaration the checker resolves; an override elsewhere
 * may await, which is one reason such findings are lowered to information, not dropped.
 */
function selfSettling(fn: Node, types: TypeOracle): boolean {
  if (!isFunctionLike(fn) || !hasModifier(fn, K.AsyncKeyword) || (fn as { asteriskToken?: Node }).asteriskToken) return false;
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return false;
  const returned: Expression[] = [];
  let continues = false;
  const visit = (n: Node): undefined => {
    if (continues || isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.AwaitExpression || n.kind === K.YieldExpression || (n.kind === K.ForOfStatement && (n as unknown as { awaitModifier?: Node }).awaitModifier)) {
      continues = true;
      return undefined;
    }
    if (n.kind === K.CallExpression && CHAINS.has(memberName(skipParens((n as CallExpression).expression)) ?? "")) {
      continues = true;
      return undefined;
    }
    if (n.kind === K.ReturnStatement) {
      const value = (n as unknown as { expression?: Expression }).expression;
      if (value) returned.push(skipParens(value));
    }
    n.forEachChild(visit);
    return undefined;
  };
  if (body.kind === K.Block) body.forEachChild(visit);
  else {
    returned.push(skipParens(body as Expression));
    visit(body);
  }
  if (continues) return false;
  return returned.every((r) => NEVER_PROMISE_SYNTAX.has(r.kind) || !types.mayBeThenable(r));
}

const CHAINS = new Set(["then", "catch", "finally"]);

/**
 * `items.forEach(async (x) => { … })` as a statement becomes `for (const x of items) { … }`, which
 * awaits each item in turn. Offered only where that is the whole difference: the receiver is an
 * array, the callback takes one plain parameter and has no `return` of its own, and the loop is
 * in async code (its `await`s stay legal). Unsafe: the items now run one after another.
 */
function forOfFix(call: CallExpression, arg: Expression, sf: SourceFile, types: RuleContext<unknown>["types"]): Fix | undefined {
  const statement = call.parent;
  const receiver = memberObject(skipParens(call.expression));
  const fn = skipParens(arg) as unknown as { kind: number; parameters: readonly Node[]; body: Node };
  if (statement.kind !== K.ExpressionStatement || !receiver || call.arguments.length !== 1) return undefined;
  if ((fn.kind !== K.ArrowFunction && fn.kind !== K.FunctionExpression) || !hasModifier(fn as unknown as Node, K.AsyncKeyword)) return undefined;
  if (fn.parameters.length !== 1) return undefined;
  const param = fn.parameters[0] as unknown as { name: Node; initializer?: Node; dotDotDotToken?: Node };
  if (param.initializer || param.dotDotDotToken) return undefined;
  // Every member an array: `for (const x of xs)` throws where `xs?.forEach(…)` skipped an undefined `xs`.
  if (!isInAsyncContext(statement, sf) || containsOwnReturn(fn.body) || !types.isArrayOrTuple(receiver, true)) return undefined;
  if (!meansTheSameInALoop(statement, receiver, fn as unknown as Node, param.name)) return undefined;
  const text = (n: Node) => sf.text.slice(n.getStart(sf), n.end);
  const body = fn.body.kind === K.Block ? text(fn.body) : `await ${skipParens(fn.body as Expression).kind === K.ObjectLiteralExpression ? `(${text(fn.body)})` : text(fn.body)};`;
  const start = statement.getStart(sf);
  return makeFix("for-of", [{ start, end: statement.end, newText: `for (const ${text(param.name)} of ${text(receiver)}) ${body}` }]);
}

/**
 * `items.forEach(async (x, i) => …)` as a statement in async code becomes `await mapLimit(items, k, async (x, i) => …)`
 * (or p-map, or a p-limit limiter): the items run at most `k` at a time, and the statement waits for all of them.
 * Unsafe: the function now waits, and a rejection reaches it (it went unhandled before).
 */
function forEachBoundedFix(call: CallExpression, arg: Expression, sf: SourceFile, context: RuleContext<unknown>, k: number): Fix | undefined {
  const statement = call.parent;
  const receiver = memberObject(skipParens(call.expression));
  const fn = skipParens(arg) as unknown as { kind: number; parameters: readonly { dotDotDotToken?: Node }[]; asteriskToken?: Node };
  if (statement.kind !== K.ExpressionStatement || !receiver || call.arguments.length !== 1 || call.questionDotToken) return undefined;
  if ((fn.kind !== K.ArrowFunction && fn.kind !== K.FunctionExpression) || fn.asteriskToken || !hasModifier(fn as unknown as Node, K.AsyncKeyword)) return undefined;
  if (fn.parameters.length > 2 || fn.parameters.some((p) => p.dotDotDotToken)) return undefined;
  if (!isInAsyncContext(statement, sf) || !context.types.isPlainArray(receiver)) return undefined;
  const tool = concurrencyTool(sf, context.dependencies);
  if (!tool) return undefined;
  const text = (n: Node) => sf.text.slice(n.getStart(sf), n.end);
  const rewrite = boundedMap(tool, receiver, text(arg), fn.parameters.length, k, sf, statement);
  if (!rewrite) return undefined;
  const start = statement.getStart(sf);
  const title = `Run the callback on at most ${k} items at a time${rewrite.kind === "helper" ? "" : ` with ${rewrite.kind}`}, and await them all`;
  return makeFix("for-each-bounded", mergeEdits([{ start, end: statement.end, newText: `await ${rewrite.expression};` }, ...rewrite.edits]), title);
}

/**
 * Whether the callback's body means the same once it is a loop body in the enclosing function: no
 * label of its own that an enclosing statement already uses, no `var` (it would move into the
 * enclosing function), no parameter name the receiver reads (`for (const x of x)` is a TDZ error),
 * and for a `function` expression no `this` or `arguments` (they would become the enclosing ones).
 */
function meansTheSameInALoop(statement: Node, receiver: Node, fn: Node, paramName: Node): boolean {
  const enclosingLabels = new Set<string>();
  for (let p: Node | undefined = statement.parent; p && !isFunctionLike(p); p = p.parent) {
    if (p.kind === K.LabeledStatement) enclosingLabels.add(identifierText((p as unknown as { label: Node }).label));
  }
  const bound = new Set<string>();
  // Conservative: any identifier in the pattern counts as bound, any in the receiver as read.
  withRoot(paramName, (n) => {
    if (n.kind === K.Identifier) bound.add(identifierText(n));
  });
  let receiverUsesParam = false;
  withRoot(receiver, (n) => {
    if (n.kind === K.Identifier && bound.has(identifierText(n))) receiverUsesParam = true;
  });
  if (receiverUsesParam) return false;
  const isFunctionExpression = fn.kind === K.FunctionExpression;
  let clash = false;
  const body = (fn as unknown as { body: Node }).body;
  walk(body, (n) => {
    if (clash) return false;
    // Nested functions have their own labels, vars and (except arrows) this.
    if (n !== body && isFunctionLike(n) && (n.kind !== K.ArrowFunction || !isFunctionExpression)) return false;
    if (n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return false;
    if (n.kind === K.LabeledStatement && enclosingLabels.has(identifierText((n as unknown as { label: Node }).label))) clash = true;
    else if (n.kind === K.VariableDeclarationList && (n.flags & BLOCK_SCOPED) === 0) clash = true;
    else if (isFunctionExpression && (n.kind === K.ThisKeyword || (n.kind === K.Identifier && identifierText(n) === "arguments"))) clash = true;
    return undefined;
  });
  return !clash;
}

/** `walk`, with the root visited too. */
function withRoot(root: Node, visit: (node: Node) => void): void {
  visit(root);
  walk(root, visit);
}

/** A declaration list with none of these is a `var`. */
const BLOCK_SCOPED = NodeFlags.Let | NodeFlags.Const | NodeFlags.Using;

function identifierText(n: Node): string {
  return (n as unknown as { text?: string }).text ?? "";
}

function containsOwnReturn(body: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || n.kind === K.ArrowFunction || n.kind === K.FunctionExpression || n.kind === K.FunctionDeclaration || n.kind === K.MethodDeclaration) return undefined;
    if (n.kind === K.ReturnStatement) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  if (body.kind === K.Block) body.forEachChild(visit);
  return found;
}

/**
 * For a function given by reference (`handler`, `this.serve.bind(this, type)`), a key naming that
 * function and the statement list the place is in: the same function handed to void places several
 * times in one block (`app.get(path, this.serve.bind(this, type))` for each file type) is one problem,
 * with one fix inside the function. Functions written in place are each their own. Bound arguments and
 * the receiver do not count: the body that drops its errors is the same.
 */
function sameFunctionKey(handed: Node, at: Node, types: TypeOracle): string | undefined {
  let e = skipParens(handed as Expression);
  for (;;) {
    if (e.kind === K.NonNullExpression || e.kind === K.AsExpression || e.kind === K.SatisfiesExpression) e = skipParens((e as unknown as { expression: Expression }).expression);
    else if (e.kind === K.CallExpression && memberName(skipParens((e as CallExpression).expression)) === "bind") e = skipParens(memberObject(skipParens((e as CallExpression).expression))!);
    else break;
  }
  if (e.kind !== K.Identifier && e.kind !== K.PropertyAccessExpression) return undefined;
  const decl = types.valueDeclaration(e);
  if (!decl) return undefined;
  let statement: Node = at;
  while (statement.parent && !STATEMENT_LISTS.has(statement.parent.kind)) statement = statement.parent;
  const block = statement.parent ?? statement;
  let file: string;
  try {
    file = decl.getSourceFile().fileName;
  } catch {
    return undefined; // a declaration the compiler cannot place: the finding stays on its own
  }
  return `${block.pos}:${block.end}|${file}:${decl.pos}:${decl.end}`;
}

const STATEMENT_LISTS = new Set<number>([K.SourceFile, K.Block, K.ModuleBlock, K.CaseClause, K.DefaultClause]);

/** Appended to the message of a self-settling function's finding (see `selfSettling`). */
const SETTLES_NOTE =
  " This async function never awaits and returns no promise, so it runs to its end when called and its promise " +
  "rejects only where a plain function would throw: a risk only if it can throw.";

/** Calls that take a function only as a key, to find and remove it: they never call it. */
const NEVER_CALLS = new Set(["removeEventListener", "removeListener", "off", "disconnect", "unsubscribe", "unregister", "delete", "has", "indexOf", "includes"]);

// ---- the checks ----

/**
 * Visitors for the enabled sub-checks. Identical reports (range and message) are made once:
 * typescript-eslint reports `using x: SyncDisposable = asyncDisposable` twice (§5.2 of our notes).
 */
export function voidReturnVisitors<O>(context: RuleContext<O>, checks: VoidReturnChecks, concurrency: number): Visitors {
  const { types, sourceFile: sf } = context;
  const reported = new Set<string>();
  /**
   * `handed` is the function given to the place, where dropping its promise is the whole problem (not
   * given for `forEach` and `new Promise`, whose callers' ordering and settling still depend on it). A
   * self-settling one is information: it rejects only where a plain function would throw.
   */
  const report = (d: VoidReturnReport, handed?: Node) => {
    const key = `${d.node.getStart(sf)}:${d.end ?? (d.endNode ?? d.node).end}:${d.messageId}:${JSON.stringify(d.data ?? {})}`;
    if (reported.has(key)) return;
    reported.add(key);
    const fn = handed && !d.lowConfidence ? handedFunction(handed, types) : undefined;
    const settles = !!fn && selfSettling(fn, types);
    const same = handed && !d.lowConfidence && !settles ? sameFunctionKey(handed, d.node, types) : undefined;
    context.report({
      ...d,
      data: { ...d.data, settles: settles ? SETTLES_NOTE : "" },
      ...(settles ? { lowConfidence: true } : {}),
      ...(same ? { sameProblem: same } : {}),
    });
  };
  /**
   * Runs `then` if the value returns a thenable, after fetching what its probe needs. An `unknown` probe
   * asks for the value's own type: callers pass one only where the place already expects `void`.
   */
  const whenThenable = (probe: Probe, value: Node, then: () => void) => {
    const settled = probe.kind === "unknown" ? functions(value) : probe;
    const nodes = probeNodes(settled);
    const decide = () => {
      if (returnsThenable(types, settled)) then();
    };
    if (nodes.length === 0) decide();
    else context.defer(nodes, decide);
  };
  const cheap = (probe: Probe) => probe.kind === "yes" || probe.kind === "check";
  const visitors: Visitors = {};

  if (checks.arguments) {
    const checkCall = (node: Node) => {
      const call = node as CallExpression;
      const isNew = node.kind === K.NewExpression;
      const args = call.arguments ?? [];
      // `super(…)` has no call signatures on the instance type: typescript-eslint never checks it.
      if (args.length === 0 || call.expression.kind === K.SuperKeyword) return;
      const probes = args.map(probeValue);
      const known = probes.flatMap((p, i) => (cheap(p) ? [i] : []));
      // Values only their own types can settle are asked about at void positions, and only when the callee's
      // type comes from a declaration (`getAction(…)(…)`, `items.filter(…).forEach(…)` are left to async functions).
      // Of those, only functions written in place (`item => item.save()`): other values (data, mostly) would
      // cost a question about the callee at nearly every call.
      const { place, name } = argumentPlace(call, isNew);
      // `off(…)`, `removeEventListener(…)`: the function is only a key and is never called here; the promise is
      // dropped where it was registered. Shown as information (typescript-eslint reports it like any other).
      const keyOnly = NEVER_CALLS.has(name);
      // Listener registrations (`stream.on('data', d => target.write(d))`) are few and are where a dropped
      // promise is most often a bug, so their callee is asked about whatever its receiver is.
      const calleeTyped =
        place === "listener" || (call.expression.kind === K.Identifier ? resolveName(call.expression).kind !== "unknown" : hasCheapRoot(call.expression));
      const unknown = calleeTyped ? probes.flatMap((p, i) => (p.kind === "unknown" && isFunctionExpression(args[i]!) ? [i] : [])) : [];
      if (known.length === 0 && unknown.length === 0) return;
      // `promise.finally(async …)` is fine: `finally` waits for its callback's promise.
      const callee = skipParens(call.expression);
      const receiver = memberObject(callee);
      const computedKey = callee.kind === K.ElementAccessExpression ? (callee as unknown as { argumentExpression: Node }).argumentExpression : undefined;
      const maybeFinally = !!receiver && (memberName(callee) === "finally" || (computedKey !== undefined && memberName(callee) === undefined));
      const calleeNodes = [call.expression, ...(maybeFinally ? [receiver, ...(computedKey ? [computedKey] : [])] : [])];
      const reportAt = (indices: readonly number[]) => {
        for (const i of types.voidCallbackArguments(call, indices)) {
          const arg = args[i]!;
          if (place !== "forEach" && place !== "executor" && catchesItsOwnErrors(arg)) continue;
          const fixes = place === "forEach" ? [forOfFix(call, arg, sf, types), forEachBoundedFix(call, arg, sf, context as RuleContext<unknown>, concurrency)].filter((f): f is Fix => !!f) : [];
          report({
            node: arg,
            messageId: "voidReturnArgument",
            data: { effect: argumentEffect(place, name) },
            ...(fixes.length ? { fixes } : {}),
            ...(keyOnly ? { lowConfidence: true } : {}),
            // Not lowered for forEach and new Promise even when the callback settles by itself: a plain
            // callback's throw would stop the loop and reach the caller's try/catch, or reject the new
            // promise; an async one's becomes an unhandled rejection and the new promise never settles.
          }, place === "forEach" || place === "executor" ? undefined : arg);
        }
      };
      // The values first (most are plain data, told apart by their declared types), then the callee. An async
      // function needs no question, so its callee comes in the same batch.
      const calleeNow = known.some((i) => probes[i]!.kind === "yes") || (known.length === 0 && unknown.length > 0);
      context.defer([...known.flatMap((i) => probeNodes(probes[i]!)), ...(calleeNow ? calleeNodes : [])], () => {
        const thenable = known.filter((i) => returnsThenable(types, probes[i]!));
        if (thenable.length === 0 && unknown.length === 0) return;
        const withCallee = () => {
          if (maybeFinally && (memberName(callee) ?? types.stringLiteralValue(computedKey!)) === "finally" && types.isBuiltinPromiseValue(receiver)) return;
          if (thenable.length > 0) reportAt(thenable);
          const open = unknown.length > 0 ? types.possiblyVoidCallbackArguments(call, unknown) : [];
          if (open.length > 0) context.defer(open.map((i) => args[i]!), () => reportAt(open.filter((i) => types.returnsThenable(args[i]!))));
        };
        if (calleeNow) withCallee();
        else context.defer(calleeNodes, withCallee);
      });
    };
    visitors[K.CallExpression] = checkCall;
    visitors[K.NewExpression] = checkCall;
  }

  if (checks.attributes) {
    visitors[K.JsxAttribute] = (node) => {
      const container = (node as unknown as { initializer?: Node }).initializer;
      if (container?.kind !== K.JsxExpression) return;
      const value = (container as unknown as { expression?: Expression }).expression;
      if (!value) return;
      const name = sourceText((node as unknown as { name: Node }).name, sf);
      const probe = probeValue(value);
      if (catchesItsOwnErrors(value)) return;
      const found = () => report({ node: container, messageId: "voidReturnAttribute", data: { name } }, value);
      if (cheap(probe)) {
        context.defer(probeNodes(probe), () => {
          if (returnsThenable(types, probe) && types.contextualCallbackExpectation(container) === "void") found();
        });
      } else if (probe.kind === "unknown" && /^on[A-Z]/.test(name)) {
        // Event handler props are where these bugs live: worth resolving the element for.
        context.defer([], () => {
          if (types.contextualCallbackExpectation(container) === "void") whenThenable(probe, value, found);
        });
      }
    };
  }

  if (checks.inheritedMethods) {
    const checkHeritage = (node: Node) => {
      const decl = node as unknown as { heritageClauses?: readonly { types: readonly Node[] }[]; members: readonly Node[] };
      const heritage = (decl.heritageClauses ?? []).flatMap((c) => c.types);
      if (heritage.length === 0) return;
      const candidates: { member: Node; name: string; probe: Probe }[] = [];
      for (const member of decl.members) {
        if (hasModifier(member, K.StaticKeyword)) continue;
        // Matched by property name, so `'run'()` overrides `run()` (typescript-eslint compares source text).
        const name = propertyName((member as unknown as { name?: Node }).name);
        if (name === undefined) continue;
        const probe = probeClassMember(member);
        if (probe.kind !== "no") candidates.push({ member, name, probe });
      }
      if (candidates.length === 0) return;
      // Members that return a promise (by their annotation or body, in the batch) are looked up in the bases;
      // members only inference can settle are asked about, by their declared type, once a base expects `void`.
      context.defer([...heritage, ...candidates.flatMap((c) => probeNodes(c.probe))], () => {
        for (const { member, name, probe } of candidates) {
          if (probe.kind !== "unknown" && !returnsThenable(types, probe)) continue;
          // One report per base that expects `void`. The base member is looked up in the instantiated base
          // type, so `extends Gen<void>` counts (typescript-eslint reads the declared, generic member).
          const bases = heritage.filter((base) => types.propertyExpectation(base, name) === "void");
          if (bases.length === 0) continue;
          whenThenable(probe.kind === "unknown" ? probe : { kind: "yes" }, member, () => {
            for (const base of bases) report({ node: member, messageId: "voidReturnInheritedMethod", data: { name, heritageTypeName: sourceText(base, sf) } }, member);
          });
        }
      });
    };
    visitors[K.ClassDeclaration] = checkHeritage;
    visitors[K.ClassExpression] = checkHeritage;
    visitors[K.InterfaceDeclaration] = checkHeritage;
  }

  // Object literal members are asked about value first: their contextual type usually means resolving the
  // call the literal is given to. Values only inference can settle are left out here.
  if (checks.properties) {
    visitors[K.PropertyAssignment] = (node) => {
      const literal = node.parent;
      if (literal.kind !== K.ObjectLiteralExpression || !mayHaveContextualType(literal)) return;
      const value = (node as unknown as { initializer: Expression }).initializer;
      const probe = probeValue(value);
      if (!cheap(probe)) return;
      context.defer(probeNodes(probe), () => {
        if (!returnsThenable(types, probe) || types.contextualCallbackExpectation(value) !== "void") return;
        report({ ...functionReport(value, node, sf), messageId: "voidReturnProperty", data: { name: sourceText((node as unknown as { name: Node }).name, sf) } }, value);
      });
    };
    visitors[K.ShorthandPropertyAssignment] = (node) => {
      const literal = node.parent;
      if (!mayHaveContextualType(literal)) return;
      const name = (node as unknown as { name: Expression }).name;
      // Through the declaration: the type at the name itself is the literal's property, which needs the whole
      // literal (and the call it is given to) checked. So a global name is not examined.
      const ref = resolveName(name);
      if (ref.kind === "no" || ref.kind === "unknown" || (ref.kind === "typed" && ref.node === name)) return;
      const probe = ref.kind === "function" ? probeFunction(ref.fn) : functions(ref.node);
      if (!cheap(probe)) return;
      context.defer(probeNodes(probe), () => {
        if (!returnsThenable(types, probe) || types.contextualCallbackExpectation(name) !== "void") return;
        report({ node: name, messageId: "voidReturnProperty", data: { name: sourceText(name, sf) } }, name);
      });
    };
    visitors[K.MethodDeclaration] = (node) => {
      const literal = node.parent;
      if (literal.kind !== K.ObjectLiteralExpression || !mayHaveContextualType(literal)) return;
      const nameNode = (node as unknown as { name: Node }).name;
      // Computed names are skipped as typescript-eslint does; quoted ones are matched by their text (it never matches them).
      const name = nameNode.kind === K.ComputedPropertyName ? undefined : propertyName(nameNode);
      if (name === undefined) return;
      const probe = probeFunction(node);
      if (!cheap(probe)) return;
      context.defer(probeNodes(probe), () => {
        if (!returnsThenable(types, probe) || types.contextualPropertyExpectation(literal, name) !== "void") return;
        const annotation = (node as unknown as { type?: Node }).type;
        report({ ...(annotation ? { node: annotation } : { node, end: headEnd(node, sf) }), messageId: "voidReturnProperty", data: { name } }, node);
      });
    };
  }

  if (checks.returns) {
    visitors[K.ReturnStatement] = (node) => {
      const value = (node as unknown as { expression?: Expression }).expression;
      if (!value) return;
      const fn = enclosingFunction(node);
      if (!fn) return;
      const annotation = (fn as unknown as { type?: Node }).type;
      if (annotation ? !isPossiblyFunctionType(annotation) : !mayBeContextuallyTyped(fn)) return;
      const probe = probeValue(value);
      if (probe.kind === "no") return;
      const found = () => report({ node: value, messageId: "voidReturnReturnValue" }, value);
      if (!annotation) {
        // The contextual return type comes from wherever the function is passed: ask about the value first.
        if (!cheap(probe)) return;
        context.defer(probeNodes(probe), () => {
          if (returnsThenable(types, probe) && types.contextualCallbackExpectation(value) === "void") found();
        });
        return;
      }
      // An annotated function's return type is cheap to read: ask about it first. It is the annotation itself,
      // or for an async function the `X` of `Promise<X>`, both type nodes fetched in the batch; a generator's,
      // or an async function's under another annotation, comes from the contextual type.
      const expected = hasModifier(fn, K.AsyncKeyword) ? awaitedAnnotation(annotation) : annotation;
      if (!isPossiblyFunctionType(expected)) return;
      // A value only inference can settle is worth a question only under a function type written out: most
      // returns are of such values, and most annotations name object types, each a question to rule out.
      if (probe.kind === "unknown" && !isWrittenFunctionType(expected)) return;
      const direct = !(fn as { asteriskToken?: Node }).asteriskToken && (expected !== annotation || !hasModifier(fn, K.AsyncKeyword));
      context.defer(direct ? [expected] : [], () => {
        if ((direct ? types.callbackExpectation(expected) : types.contextualCallbackExpectation(value)) === "void") whenThenable(probe, value, found);
      });
    };
  }

  if (checks.variables) {
    visitors[K.VariableDeclaration] = (node) => {
      const decl = node as unknown as { name: Node; type?: Node; initializer?: Expression };
      if (!decl.initializer || decl.name.kind !== K.Identifier) return;
      const init = decl.initializer;
      const list = node.parent;
      const usingKind = list.kind === K.VariableDeclarationList ? list.flags & NodeFlags.BlockScoped : 0;
      const name = (decl.name as unknown as { text: string }).text;
      const disposeEffect =
        usingKind === NodeFlags.Using
          ? "`using` calls this value's `[Symbol.dispose]` at the end of the block and drops the promise it returns: the " +
            "cleanup is not awaited, and if it rejects the error goes unhandled. Use `await using` with `[Symbol.asyncDispose]`."
          : `\`${name}\` is typed as disposable with a \`[Symbol.dispose]\` that returns nothing, but this value's returns a ` +
            "promise: whoever disposes it (`using`, a `DisposableStack`) drops that promise, so the cleanup is not awaited " +
            "and a rejection goes unhandled.";
      const disposeReport = () => report({ node: init, messageId: "voidReturnVariable", data: { effect: disposeEffect } });
      const initCouldDispose = couldHaveDispose(init);

      // `using x = …` calls `[Symbol.dispose]` and ignores its result.
      if (usingKind === NodeFlags.Using && initCouldDispose) {
        context.defer([init], () => {
          if (types.disposeExpectation(init) === "thenable") disposeReport();
        });
      }
      if (!decl.type) return; // `const f = async () => {}` asks for nothing
      const annotation = decl.type;
      // A `Disposable`-typed binding given an object whose `[Symbol.dispose]` is async.
      if (initCouldDispose && couldBeDisposable(annotation)) {
        context.defer([decl.name], () => {
          if (types.disposeExpectation(decl.name) !== "void") return;
          context.defer([init], () => {
            if (types.disposeExpectation(init) === "thenable") disposeReport();
          });
        });
      }
      if (!isPossiblyFunctionType(annotation)) return;
      const probe = probeValue(init);
      if (probe.kind === "no") return;
      // The declared type first: it comes from the annotation.
      context.defer([decl.name], () => {
        if (types.callbackExpectation(decl.name) === "void") whenThenable(probe, init, () => report({ node: init, messageId: "voidReturnVariable", data: { effect: variableEffect(name) } }, init));
      });
    };
    visitors[K.BinaryExpression] = (node) => {
      const b = node as BinaryExpression;
      const op = b.operatorToken.kind;
      if (op < K.FirstAssignment || op > K.LastAssignment) return;
      const target = skipParens(b.left);
      if (target.kind === K.ObjectLiteralExpression || target.kind === K.ArrayLiteralExpression) return;
      const probe = probeValue(b.right);
      if (probe.kind === "no") return;
      // The target's declared type first, when it comes from a declaration; an inferred target only for an async function.
      const typedTarget = target.kind === K.Identifier ? resolveName(target).kind === "typed" : hasCheapRoot(target);
      if (!typedTarget && probe.kind !== "yes") return;
      context.defer([target], () => {
        if (types.callbackExpectation(target) !== "void") return;
        whenThenable(probe, b.right, () => report({ node: b.right, messageId: "voidReturnVariable", data: { effect: variableEffect(sourceText(target, sf)) } }, b.right));
      });
    };
  }

  return visitors;
}

function variableEffect(name: string): string {
  return (
    `\`${name}\` is typed as a function that returns nothing, so whoever calls it through this type drops the ` +
    "promise this function returns: nothing waits for it, and a rejection goes unhandled."
  );
}

/** Class and interface members, as values: what calling them (or reading a function-valued property) returns. */
function probeClassMember(member: Node): Probe {
  switch (member.kind) {
    case K.MethodDeclaration:
    case K.MethodSignature:
      return probeFunction(member);
    case K.PropertyDeclaration:
    case K.PropertySignature: {
      const p = member as unknown as { type?: Node; initializer?: Expression };
      if (p.type) return functions(member);
      return p.initializer ? probeValue(p.initializer) : { kind: "no" };
    }
    case K.GetAccessor:
    case K.SetAccessor:
      return functions(member);
    default:
      return { kind: "no" };
  }
}

/** Functions that can get a contextual return type: expressions and object literal methods, not declarations. */
function mayBeContextuallyTyped(fn: Node): boolean {
  switch (fn.kind) {
    case K.ArrowFunction:
    case K.FunctionExpression:
    case K.GetAccessor:
    case K.SetAccessor:
      return true;
    case K.MethodDeclaration:
      return fn.parent.kind === K.ObjectLiteralExpression;
    default:
      return false;
  }
}

/** Initialisers that might carry a `[Symbol.dispose]`: object literals only when they declare one. */
function couldHaveDispose(init: Expression): boolean {
  const e = skipParens(init);
  if (e.kind === K.ObjectLiteralExpression) return !!literalDisposeMember(e);
  if (e.kind === K.NewExpression) return hasCheapRoot((e as unknown as { expression: Expression }).expression);
  if (e.kind === K.Identifier) return resolveName(e).kind === "typed";
  const probe = probeValue(e);
  return probe.kind === "check";
}
