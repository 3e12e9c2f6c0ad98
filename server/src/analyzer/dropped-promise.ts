// The analysis behind floating-promise and missing-await: given an expression used as a
// statement, does it leave a promise unhandled? It mirrors typescript-eslint's
// no-floating-promises decision order, so both rules stay conformant with it.
import {
  K,
  NEVER_PROMISE_SYNTAX,
  skipParens,
  memberName,
  memberObject,
  isAssignmentOperator,
  isLogicalOperator,
  isFunctionLike,
  type Node,
  type Expression,
  type CallExpression,
  type BinaryExpression,
  type ConditionalExpression,
} from "./ts/syntax.js";
import type { PromiseQuery, TypeOracle, TypeOrValueSpecifier } from "./ts/oracle.js";
import type { OptionSpecs } from "./types.js";

export interface DroppedPromiseOptions {
  ignoreVoid: boolean;
  ignoreIIFE: boolean;
  checkThenables: boolean;
  allowForKnownSafePromises: readonly TypeOrValueSpecifier[];
  allowForKnownSafeCalls: readonly TypeOrValueSpecifier[];
}

/** The options both rules take, with typescript-eslint's names and defaults. */
export const droppedPromiseOptions: OptionSpecs<DroppedPromiseOptions> = {
  ignoreVoid: {
    type: "boolean",
    default: true,
    description: "Accept `void promise` as a deliberate fire-and-forget.",
  },
  ignoreIIFE: {
    type: "boolean",
    default: false,
    description: "Accept immediately invoked async functions, `(async () => { … })();`.",
  },
  checkThenables: {
    type: "boolean",
    default: false,
    description:
      "Report any value with a `then(onFulfilled, onRejected)` method, not only the built-in `Promise` " +
      "and its subclasses (query builders and other lazy thenables are often meant to be dropped).",
  },
  allowForKnownSafePromises: {
    type: "specifiers",
    default: [],
    description: "Promise types that may be dropped, by name and origin (`{ from: \"package\", name, package }`).",
  },
  allowForKnownSafeCalls: {
    type: "specifiers",
    default: [],
    description: "Functions whose returned promise may be dropped, by name and origin.",
  },
};

export type Dropped = { kind: "dropped" | "array" | "uselessHandler" | "rethrowingHandler"; what: "promise" | "thenable" } | undefined;

export function promiseQuery(options: DroppedPromiseOptions): PromiseQuery {
  return { checkThenables: options.checkThenables, allow: options.allowForKnownSafePromises };
}

export function isIIFE(expression: Expression): boolean {
  // `(async () => {})?.()` is an optional call, which typescript-eslint does not count as an IIFE.
  if (expression.kind !== K.CallExpression || (expression as CallExpression).questionDotToken) return false;
  const callee = skipParens((expression as CallExpression).expression);
  return callee.kind === K.ArrowFunction || callee.kind === K.FunctionExpression;
}

/**
 * A call to a function the user listed as safe. Unlike typescript-eslint, this holds wherever the
 * call appears in the statement (`cond && safe()`, `(safe(), 0)`), not only at its top.
 */
function isKnownSafeCall(types: TypeOracle, options: DroppedPromiseOptions, expression: Expression): boolean {
  const safe = options.allowForKnownSafeCalls;
  return safe.length > 0 && expression.kind === K.CallExpression && types.calleeMatchesSpecifier((expression as CallExpression).expression, safe);
}

/** A `.catch(h)`, `.then(a, h)` or `.finally(f)` call, seen from its shape alone. */
export function promiseMethodCall(call: CallExpression): { method: "catch" | "then" | "finally"; receiver: Expression; onRejected?: Expression } | undefined {
  const callee = call.expression;
  const receiver = memberObject(callee);
  const name = memberName(callee);
  if (!receiver) return undefined;
  const args = call.arguments;
  // A spread hides which argument lands where: it counts as no handler.
  const spreadBefore = (i: number) => args.slice(0, i + 1).some((a) => a.kind === K.SpreadElement);
  if (name === "catch") return { method: "catch", receiver, ...(args[0] && !spreadBefore(0) ? { onRejected: args[0] } : {}) };
  if (name === "then") return { method: "then", receiver, ...(args[1] && !spreadBefore(1) ? { onRejected: args[1] } : {}) };
  if (name === "finally") return { method: "finally", receiver };
  return undefined;
}

function isFunctionExpression(e: Expression): boolean {
  return e.kind === K.ArrowFunction || e.kind === K.FunctionExpression;
}

/** `Promise.reject(…)` */
function isRejection(e: Expression): boolean {
  const x = skipParens(e);
  if (x.kind !== K.CallExpression) return false;
  const callee = skipParens((x as CallExpression).expression);
  const object = memberObject(callee);
  return memberName(callee) === "reject" && !!object && object.kind === K.Identifier && (object as unknown as { text: string }).text === "Promise";
}

/**
 * A rejection handler that always ends by throwing or returning `Promise.reject(…)`: `e => { throw e }`,
 * `e => Promise.reject(e)`, `function (e) { log(e); throw new AppError(e); }`. It looks like handling,
 * but the promise that `.catch`/`.then` returns rejects again, so the chain still needs a handler.
 * typescript-eslint counts any function as a handler (a deliberate difference). Read from syntax only:
 * a handler that may return normally on some path (`if (ignorable(e)) return;`) does not count.
 */
export function isRethrowingHandler(handler: Expression): boolean {
  const h = skipParens(handler);
  if (!isFunctionExpression(h) || (h as unknown as { asteriskToken?: Node }).asteriskToken) return false;
  const body = (h as unknown as { body: Node }).body;
  if (body.kind !== K.Block) return isRejection(body as Expression);
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  const last = statements[statements.length - 1];
  if (!last) return false;
  const value = (last as unknown as { expression?: Expression }).expression;
  const rejects = last.kind === K.ThrowStatement || (last.kind === K.ReturnStatement && !!value && isRejection(value));
  return rejects && !returnsElsewhere(body, last);
}

/** A `return` in `body` (not in functions or classes inside it) other than `last`. */
function returnsElsewhere(body: Node, last: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || n === last || isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.ReturnStatement) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  body.forEachChild(visit);
  return found;
}

/** Every node whose type `unhandled` may ask for, so that one batch fetches them all. */
export function typedNodes(expression: Expression, options: DroppedPromiseOptions, out: Node[] = []): Node[] {
  const e = skipParens(expression);
  switch (e.kind) {
    case K.BinaryExpression: {
      const b = e as BinaryExpression;
      const op = b.operatorToken.kind;
      if (isAssignmentOperator(op)) return out;
      if (op === K.CommaToken) {
        typedNodes(b.left, options, out);
        typedNodes(b.right, options, out);
        return out;
      }
      out.push(e);
      if (isLogicalOperator(op)) {
        typedNodes(b.left, options, out);
        typedNodes(b.right, options, out);
      }
      return out;
    }
    case K.VoidExpression:
      if (!options.ignoreVoid) typedNodes((e as unknown as { expression: Expression }).expression, options, out);
      return out;
    case K.ConditionalExpression: {
      const c = e as ConditionalExpression;
      out.push(e);
      typedNodes(c.whenTrue, options, out);
      typedNodes(c.whenFalse, options, out);
      return out;
    }
    case K.CallExpression: {
      const call = e as CallExpression;
      out.push(e);
      if (options.allowForKnownSafeCalls.length > 0) out.push(call.expression);
      const method = promiseMethodCall(call);
      // A function written in place is callable: only other handlers need their type.
      if (method?.onRejected && !isFunctionExpression(skipParens(method.onRejected))) out.push(method.onRejected);
      if (method?.method === "finally") typedNodes(method.receiver, options, out);
      return out;
    }
    default:
      // Values that can never be a promise need no question.
      if (!NEVER_PROMISE_SYNTAX.has(e.kind)) out.push(e);
      return out;
  }
}

/**
 * Whether the value of `expression`, used as a statement, leaves a promise unhandled.
 * Order matters and mirrors typescript-eslint: arrays first, then `await`, then the
 * promise test, then how a promise-valued expression is built.
 */
export function unhandled(types: TypeOracle, options: DroppedPromiseOptions, expression: Expression): Dropped {
  const query = promiseQuery(options);
  const e = skipParens(expression);
  const again = (x: Expression) => unhandled(types, options, x);

  if (e.kind === K.BinaryExpression) {
    const b = e as BinaryExpression;
    const op = b.operatorToken.kind;
    if (isAssignmentOperator(op)) return undefined;
    // Any operand of a comma expression may start a promise, whatever the last one is.
    if (op === K.CommaToken) return again(b.left) ?? again(b.right);
  }
  if (e.kind === K.VoidExpression) {
    return options.ignoreVoid ? undefined : again((e as unknown as { expression: Expression }).expression);
  }
  if (types.isPromiseArray(e, query)) return { kind: "array", what: "promise" };
  if (e.kind === K.CallExpression && isKnownSafeCall(types, options, e)) return undefined;
  if (e.kind === K.AwaitExpression) return undefined;
  const kind = types.promiseKind(e, query);
  if (!kind) return undefined;

  if (e.kind === K.CallExpression) {
    const method = promiseMethodCall(e as CallExpression);
    if (method?.method === "finally") return again(method.receiver);
    if (method && (method.method === "catch" || method.method === "then")) {
      if (!method.onRejected) return { kind: "dropped", what: kind };
      if (isRethrowingHandler(method.onRejected)) return { kind: "rethrowingHandler", what: kind };
      if (isFunctionExpression(skipParens(method.onRejected))) return undefined;
      return types.isCallable(method.onRejected) ? undefined : { kind: "uselessHandler", what: kind };
    }
    return { kind: "dropped", what: kind };
  }
  if (e.kind === K.ConditionalExpression) {
    const c = e as ConditionalExpression;
    return again(c.whenFalse) ?? again(c.whenTrue);
  }
  if (e.kind === K.BinaryExpression && isLogicalOperator((e as BinaryExpression).operatorToken.kind)) {
    const b = e as BinaryExpression;
    return again(b.left) ?? again(b.right);
  }
  return { kind: "dropped", what: kind };
}
