// floating-promise: a promise created by a statement and then dropped — not awaited, not
// returned, no rejection handler. Its semantics follow typescript-eslint's no-floating-promises
// with default options, so teams can switch without a flood of new or lost findings.
import {
  K,
  skipParens,
  memberName,
  memberObject,
  isAssignmentOperator,
  isLogicalOperator,
  type Node,
  type Expression,
  type ExpressionStatement,
  type CallExpression,
  type BinaryExpression,
  type ConditionalExpression,
  type ArrowFunction,
} from "../ts/syntax.js";
import type { PromiseQuery, TypeOrValueSpecifier } from "../ts/oracle.js";
import { defineRule, type RuleContext } from "../rule.js";

export interface FloatingPromiseOptions {
  ignoreVoid: boolean;
  ignoreIIFE: boolean;
  checkThenables: boolean;
  allowForKnownSafePromises: readonly TypeOrValueSpecifier[];
  allowForKnownSafeCalls: readonly TypeOrValueSpecifier[];
}

type Verdict = { messageId: "floating" | "floatingArray" | "uselessHandler"; kind: "promise" | "thenable" } | undefined;

export default defineRule<FloatingPromiseOptions>({
  meta: {
    id: "floating-promise",
    summary: "A promise is created and dropped: nothing awaits it, returns it or handles its rejection.",
    why:
      "A dropped promise runs on after the line that started it. Its errors do not reach the surrounding " +
      "try/catch, which has already finished by the time the promise rejects; Node.js 15 and later end the " +
      "process on such an unhandled rejection, and browsers log it where nobody looks. Code after the line " +
      "also cannot rely on the work being done.",
    defaultLevel: "error",
    options: {
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
    },
    messages: {
      floating:
        "This {{kind}} is dropped: nothing awaits it or handles its rejection, so a failure escapes every " +
        "try/catch here and ends a Node.js process as an unhandled rejection. {{advice}}",
      floatingArray:
        "This array of promises is dropped: nothing waits for them, and any rejection among them goes " +
        "unhandled. Await them together, e.g. `await Promise.all(…)`.",
      uselessHandler:
        "The rejection handler here is not a function, so it handles nothing: a rejection still goes " +
        "unhandled and ends a Node.js process.",
    },
    eslintEquivalents: ["@typescript-eslint/no-floating-promises"],
    related: ["@typescript-eslint/no-floating-promises", "biome/nursery/noFloatingPromises", "oxlint/typescript/no-floating-promises"],
    examples: {
      invalid: [
        { code: "async function save(): Promise<void> {}\nexport function onClick() {\n  save();\n}\n" },
        { code: "declare const jobs: Promise<void>[];\njobs;\n" },
        { code: "async function load(): Promise<string> { return ''; }\nload().then((text) => console.log(text));\n" },
        { code: "async function load(): Promise<string> { return ''; }\nload().catch(undefined);\n" },
        { code: "async function save(): Promise<void> {}\nvoid save();\n", options: { ignoreVoid: false } },
      ],
      valid: [
        { code: "async function save(): Promise<void> {}\nexport async function onSubmit() {\n  await save();\n}\n" },
        { code: "async function save(): Promise<void> {}\nsave().catch((error: unknown) => console.error(error));\n" },
        { code: "async function save(): Promise<void> {}\nsave().then(() => {}, (error: unknown) => console.error(error));\n" },
        { code: "async function save(): Promise<void> {}\nvoid save();\n" },
        { code: "async function save(): Promise<void> {}\nexport function start(): Promise<void> {\n  return save();\n}\n" },
      ],
    },
  },

  create(context) {
    const { options } = context;
    const query: PromiseQuery = { checkThenables: options.checkThenables, allow: options.allowForKnownSafePromises };
    const report = (node: Node, verdict: Verdict) => {
      if (!verdict) return;
      context.report({
        node,
        messageId: verdict.messageId,
        data: { kind: verdict.kind, advice: options.ignoreVoid
            ? "Await it, add `.catch(…)`, or mark it `void` if dropping it is intended."
            : "Await it or add `.catch(…)`." },
      });
    };

    return {
      [K.ExpressionStatement](node) {
        const statement = node as ExpressionStatement;
        const expression = skipParens(statement.expression);
        if (options.ignoreIIFE && isIIFE(expression)) return;
        const typed = typedNodes(expression, options);
        if (typed.length === 0) return;
        context.defer(typed, () => report(statement, unhandled(context, query, expression)));
      },
      // `() => void work()` hands back nothing: with ignoreVoid off, the promise inside is dropped.
      [K.ArrowFunction](node) {
        const body = (node as ArrowFunction).body;
        if (options.ignoreVoid || body.kind !== K.VoidExpression) return;
        const typed = typedNodes(body as Expression, options);
        if (typed.length) context.defer(typed, () => report(body, unhandled(context, query, body as Expression)));
      },
    };
  },
});

function isIIFE(expression: Expression): boolean {
  // `(async () => {})?.()` is an optional call, which typescript-eslint does not count as an IIFE.
  if (expression.kind !== K.CallExpression || (expression as CallExpression).questionDotToken) return false;
  const callee = skipParens((expression as CallExpression).expression);
  return callee.kind === K.ArrowFunction || callee.kind === K.FunctionExpression;
}

/**
 * A call to a function the user listed as safe. Unlike typescript-eslint, this holds wherever the
 * call appears in the statement (`cond && safe()`, `(safe(), 0)`), not only at its top.
 */
function isKnownSafeCall(context: RuleContext<FloatingPromiseOptions>, expression: Expression): boolean {
  const safe = context.options.allowForKnownSafeCalls;
  return safe.length > 0 && expression.kind === K.CallExpression && context.types.calleeMatchesSpecifier((expression as CallExpression).expression, safe);
}

/** A `.catch(h)`, `.then(a, h)` or `.finally(f)` call, seen from its shape alone. */
function promiseMethodCall(call: CallExpression): { method: "catch" | "then" | "finally"; receiver: Expression; onRejected?: Expression } | undefined {
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

/** Every node whose type `unhandled` may ask for, so that one batch fetches them all. */
function typedNodes(expression: Expression, options: FloatingPromiseOptions, out: Node[] = []): Node[] {
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
      if (method?.onRejected) out.push(method.onRejected);
      if (method?.method === "finally") typedNodes(method.receiver, options, out);
      return out;
    }
    case K.NumericLiteral:
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
    case K.PrefixUnaryExpression:
    case K.PostfixUnaryExpression:
    case K.DeleteExpression:
    case K.TypeOfExpression:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
    case K.ArrowFunction:
    case K.FunctionExpression:
    case K.ClassExpression:
      return out; // values that can never be a promise: no need to ask
    default:
      out.push(e);
      return out;
  }
}

/**
 * Whether the value of `expression`, used as a statement, leaves a promise unhandled.
 * Order matters and mirrors typescript-eslint: arrays first, then `await`, then the
 * promise test, then how a promise-valued expression is built.
 */
function unhandled(context: RuleContext<FloatingPromiseOptions>, query: PromiseQuery, expression: Expression): Verdict {
  const e = skipParens(expression);
  const { types, options } = context;

  if (e.kind === K.BinaryExpression) {
    const b = e as BinaryExpression;
    const op = b.operatorToken.kind;
    if (isAssignmentOperator(op)) return undefined;
    // Any operand of a comma expression may start a promise, whatever the last one is.
    if (op === K.CommaToken) return unhandled(context, query, b.left) ?? unhandled(context, query, b.right);
  }
  if (e.kind === K.VoidExpression) {
    return options.ignoreVoid ? undefined : unhandled(context, query, (e as unknown as { expression: Expression }).expression);
  }
  if (types.isPromiseArray(e, query)) return { messageId: "floatingArray", kind: "promise" };
  if (e.kind === K.CallExpression && isKnownSafeCall(context, e)) return undefined;
  if (e.kind === K.AwaitExpression) return undefined;
  const kind = types.promiseKind(e, query);
  if (!kind) return undefined;

  if (e.kind === K.CallExpression) {
    const method = promiseMethodCall(e as CallExpression);
    if (method?.method === "finally") return unhandled(context, query, method.receiver);
    if (method && (method.method === "catch" || method.method === "then")) {
      if (!method.onRejected) return { messageId: "floating", kind };
      return types.isCallable(method.onRejected) ? undefined : { messageId: "uselessHandler", kind };
    }
    return { messageId: "floating", kind };
  }
  if (e.kind === K.ConditionalExpression) {
    const c = e as ConditionalExpression;
    return unhandled(context, query, c.whenFalse) ?? unhandled(context, query, c.whenTrue);
  }
  if (e.kind === K.BinaryExpression && isLogicalOperator((e as BinaryExpression).operatorToken.kind)) {
    const b = e as BinaryExpression;
    return unhandled(context, query, b.left) ?? unhandled(context, query, b.right);
  }
  return { messageId: "floating", kind };
}
