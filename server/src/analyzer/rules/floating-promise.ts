// floating-promise: a promise created by a statement and then dropped — not awaited, not
// returned, no rejection handler. Its semantics follow typescript-eslint's no-floating-promises
// with default options, so teams can switch without a flood of new or lost findings.
// Statements inside async bodies belong to missing-await: there the fix is `await`, here it
// is a handler or an explicit `void`.
// A promise is also dropped when a promise-returning function goes where its result is ignored
// (`forEach(async …)`, `onClick={async …}`): typescript-eslint's no-misused-promises
// `checksVoidReturn`, in void-return.ts.
import { K, skipParens, isInAsyncContext, type Node, type Expression, type ExpressionStatement, type ArrowFunction } from "../ts/syntax.js";
import { appendCatch, catchHandler, prefixOperator } from "../edits.js";
import { arrowBodyProblem } from "../ts/scan.js";
import { makeAsyncFix } from "../make-async.js";
import { makeFix } from "../fixes.js";
import type { Fix } from "../types.js";
import { defineRule, type Visitors } from "../rule.js";
import { droppedPromiseOptions, isIIFE, typedNodes, unhandled, type Dropped, type DroppedPromiseOptions } from "../dropped-promise.js";
import { neverRejects, neverRejectsNote } from "../never-rejects.js";
import { checksVoidReturnOption, voidReturnVisitors, type VoidReturnChecks } from "../void-return.js";

export interface FloatingPromiseOptions extends DroppedPromiseOptions {
  checksVoidReturn: VoidReturnChecks;
  catchHandler: string;
  defaultConcurrency: number;
}

const MESSAGE = { dropped: "floating", array: "floatingArray", uselessHandler: "uselessHandler", rethrowingHandler: "rethrowingHandler" } as const;

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
    fixes: ["add-catch", "add-void", "make-async", "for-of", "for-each-bounded"],
    options: {
      ...droppedPromiseOptions,
      checksVoidReturn: checksVoidReturnOption,
      catchHandler: {
        type: "string",
        default: "console.error(error)",
        description:
          "The body of the rejection handler that the `.catch(…)` fix adds: an expression or a `{ … }` block, which " +
          "sees the rejection as `error` (e.g. `logger.warn(error)`). Checked to parse when configured.",
        check: arrowBodyProblem,
      },
      defaultConcurrency: {
        type: "number",
        default: 5,
        description: "How many items at a time the bounded rewrite of `forEach(async …)` runs.",
      },
    },
    messages: {
      floating:
        "This {{kind}} is dropped: nothing awaits it or handles its rejection, so a failure escapes every " +
        "try/catch here and ends a Node.js process as an unhandled rejection. {{advice}}{{never}}",
      floatingArray:
        "This array of promises is dropped: nothing waits for them, and any rejection among them goes " +
        "unhandled. Await them together, e.g. `await Promise.all(…)`.",
      uselessHandler:
        "The rejection handler here is not a function, so it handles nothing: a rejection still goes " +
        "unhandled and ends a Node.js process.",
      rethrowingHandler:
        "This {{kind}} still floats: its rejection handler only throws again, so the promise that `.catch`/`.then` " +
        "returns rejects too, and nothing handles that. {{advice}}",
      voidReturnArgument:
        "{{effect}} Catch errors inside the function, or pass one that returns nothing, e.g. " +
        "`() => { void run().catch(report); }`.{{settles}}",
      voidReturnAttribute:
        "`{{name}}` expects a handler that returns nothing: the element calls it and drops the promise this one " +
        "returns, so nothing waits for it and a rejection goes unhandled. Catch errors inside the handler.{{settles}}",
      voidReturnInheritedMethod:
        "`{{name}}` returns a promise, but `{{heritageTypeName}}` declares it as returning nothing: code written " +
        "against `{{heritageTypeName}}` calls it without waiting and never handles its rejection.{{settles}}",
      voidReturnProperty:
        "`{{name}}` is typed as a function that returns nothing, so whoever calls it drops the promise this one " +
        "returns: nothing waits for it, and a rejection goes unhandled.{{settles}}",
      voidReturnReturnValue:
        "The function returned here is typed to return nothing, so its callers will drop the promise it returns: " +
        "nothing waits for it, and a rejection goes unhandled.{{settles}}",
      voidReturnVariable: "{{effect}}{{settles}}",
    },
    informationLevel: [
      "An async function given where its result is ignored that never awaits, chains nothing on a promise " +
        "(`.then`/`.catch`/`.finally`) and returns no promise: it runs to its end when called, so its promise " +
        "rejects only where a plain function would throw. A function named by reference (`this.onEvent.bind(this)`) " +
        "is judged by the declaration the type checker finds. Not for `forEach` and `new Promise`: there the " +
        "loop's error handling and the new promise's settling still depend on it.",
      "The same function (by reference: `handler`, `this.serve.bind(this, type)`) handed to void places again in " +
        "the same block, e.g. one `app.get(path, …)` per file type: reported at the rule's level at the first place, " +
        "which lists the others as related locations; each other place is information pointing back to it, and " +
        "keeps its own suppression comment. Not for `forEach` and `new Promise`, where each place is its own problem.",
      "A dropped promise that cannot reject: `new Promise(executor)` whose executor never uses `reject` and cannot " +
        "throw, or is async; or a call to a function whose declaration returns such a promise on every path.",
      "A function given to a call that only uses it as a key and never calls it (`removeEventListener`, `off`, " +
        "`disconnect`): the promise is dropped where the function was registered.",
    ],
    eslintEquivalents: ["@typescript-eslint/no-floating-promises", "@typescript-eslint/no-misused-promises"],
    related: [
      "@typescript-eslint/no-floating-promises",
      "@typescript-eslint/no-misused-promises (checksVoidReturn)",
      "biome/nursery/noFloatingPromises",
      "oxlint/typescript/no-floating-promises",
    ],
    examples: {
      invalid: [
        { code: "async function save(): Promise<void> {}\nexport function onClick() {\n  save();\n}\n" },
        { code: "declare const jobs: Promise<void>[];\njobs;\n" },
        { code: "async function load(): Promise<string> { return ''; }\nload().then((text) => console.log(text));\n" },
        { code: "async function load(): Promise<string> { return ''; }\nload().catch(undefined);\n" },
        { code: "async function save(): Promise<void> {}\nvoid save();\n", options: { ignoreVoid: false } },
        { code: "async function save(id: number): Promise<void> {}\nexport function saveAll(ids: number[]) {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n}\n" },
        { code: "async function save(): Promise<void> {}\nsave().catch((error: unknown) => {\n  throw error;\n});\n" },
      ],
      valid: [
        { code: "async function save(): Promise<void> {}\nexport async function onSubmit() {\n  await save();\n}\n" },
        { code: "async function save(): Promise<void> {}\nsave().catch((error: unknown) => console.error(error));\n" },
        { code: "async function save(): Promise<void> {}\nsave().then(() => {}, (error: unknown) => console.error(error));\n" },
        { code: "async function save(): Promise<void> {}\nvoid save();\n" },
        { code: "async function save(): Promise<void> {}\nexport function start(): Promise<void> {\n  return save();\n}\n" },
        { code: "async function save(id: number): Promise<void> {}\nexport async function saveAll(ids: number[]) {\n  for (const id of ids) await save(id);\n}\n" },
      ],
    },
  },

  create(context) {
    const { options } = context;
    const report = (node: Node, verdict: Dropped, statementExpression?: Expression) => {
      if (!verdict) return;
      const dropped = statementExpression ?? (node as Expression);
      const never = verdict.kind === "dropped" ? neverRejects(dropped.kind === K.VoidExpression ? (dropped as unknown as { expression: Expression }).expression : dropped, context.types) : undefined;
      context.report({
        node,
        messageId: MESSAGE[verdict.kind],
        data: { kind: verdict.what, never: neverRejectsNote(never), advice: options.ignoreVoid
            ? "Return it, add `.catch(…)`, or mark it `void` if dropping it is intended."
            : "Return it or add `.catch(…)`." },
        ...(never ? { lowConfidence: true } : {}),
        ...(statementExpression ? { fixes: statementFixes(verdict, statementExpression) } : {}),
      });
    };
    // Outside async code `await` would not compile: a handler, or an explicit `void`.
    const statementFixes = (verdict: NonNullable<Dropped>, e: Expression): Fix[] => {
      const sf = context.sourceFile;
      const fixes: Fix[] = [];
      // Only where `.catch` exists on every member of the type: not on `Promise | number`, `PromiseLike`, `p?.then(…)`.
      if (verdict.kind !== "array" && e.kind !== K.VoidExpression && context.types.hasPropertyEverywhere(skipParens(e), "catch")) {
        const configured = options.catchHandler !== "console.error(error)";
        fixes.push(makeFix("add-catch", appendCatch(e, catchHandler(sf, options.catchHandler), sf), configured ? "Add .catch(…) with the configured handler" : undefined));
      }
      if (options.ignoreVoid && e.kind !== K.VoidExpression) {
        fixes.push(makeFix("add-void", prefixOperator("void", e, sf)));
      }
      const makeAsync = makeAsyncFix(e, verdict.kind === "array", sf, context.types);
      if (makeAsync) fixes.push(makeAsync);
      return fixes;
    };

    const statements: Visitors = {
      [K.ExpressionStatement](node) {
        const statement = node as ExpressionStatement;
        if (isInAsyncContext(statement, context.sourceFile)) return;
        const expression = skipParens(statement.expression);
        if (options.ignoreIIFE && isIIFE(expression)) return;
        const typed = typedNodes(expression, options);
        if (typed.length === 0) return;
        context.defer(typed, () => report(statement, unhandled(context.types, options, expression), statement.expression));
      },
      // `() => void work()` hands back nothing: with ignoreVoid off, the promise inside is dropped.
      [K.ArrowFunction](node) {
        const body = (node as ArrowFunction).body;
        if (options.ignoreVoid || body.kind !== K.VoidExpression) return;
        const typed = typedNodes(body as Expression, options);
        if (typed.length) context.defer(typed, () => report(body, unhandled(context.types, options, body as Expression)));
      },
    };
    return { ...statements, ...voidReturnVisitors(context, options.checksVoidReturn, options.defaultConcurrency) };
  },
});

