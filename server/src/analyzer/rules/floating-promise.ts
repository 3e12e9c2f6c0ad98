// floating-promise: a promise created by a statement and then dropped — not awaited, not
// returned, no rejection handler. Its semantics follow typescript-eslint's no-floating-promises
// with default options, so teams can switch without a flood of new or lost findings.
// Statements inside async bodies belong to missing-await: there the fix is `await`, here it
// is a handler or an explicit `void`.
import { K, skipParens, isInAsyncContext, type Node, type Expression, type ExpressionStatement, type ArrowFunction } from "../ts/syntax.js";
import { defineRule } from "../rule.js";
import { droppedPromiseOptions, isIIFE, typedNodes, unhandled, type Dropped, type DroppedPromiseOptions } from "../dropped-promise.js";

const MESSAGE = { dropped: "floating", array: "floatingArray", uselessHandler: "uselessHandler" } as const;

export default defineRule<DroppedPromiseOptions>({
  meta: {
    id: "floating-promise",
    summary: "A promise is created and dropped: nothing awaits it, returns it or handles its rejection.",
    why:
      "A dropped promise runs on after the line that started it. Its errors do not reach the surrounding " +
      "try/catch, which has already finished by the time the promise rejects; Node.js 15 and later end the " +
      "process on such an unhandled rejection, and browsers log it where nobody looks. Code after the line " +
      "also cannot rely on the work being done.",
    defaultLevel: "error",
    options: droppedPromiseOptions,
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
    const report = (node: Node, verdict: Dropped) => {
      if (!verdict) return;
      context.report({
        node,
        messageId: MESSAGE[verdict.kind],
        data: { kind: verdict.what, advice: options.ignoreVoid
            ? "Return it, add `.catch(…)`, or mark it `void` if dropping it is intended."
            : "Return it or add `.catch(…)`." },
      });
    };

    return {
      [K.ExpressionStatement](node) {
        const statement = node as ExpressionStatement;
        if (isInAsyncContext(statement, context.sourceFile)) return;
        const expression = skipParens(statement.expression);
        if (options.ignoreIIFE && isIIFE(expression)) return;
        const typed = typedNodes(expression, options);
        if (typed.length === 0) return;
        context.defer(typed, () => report(statement, unhandled(context.types, options, expression)));
      },
      // `() => void work()` hands back nothing: with ignoreVoid off, the promise inside is dropped.
      [K.ArrowFunction](node) {
        const body = (node as ArrowFunction).body;
        if (options.ignoreVoid || body.kind !== K.VoidExpression) return;
        const typed = typedNodes(body as Expression, options);
        if (typed.length) context.defer(typed, () => report(body, unhandled(context.types, options, body as Expression)));
      },
    };
  },
});

