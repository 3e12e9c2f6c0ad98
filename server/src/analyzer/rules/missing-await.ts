// missing-await: in an async body, a promise that the code goes on without waiting for.
// Three shapes: a promise-valued statement left unawaited; `return promise` inside `try`, whose
// rejection then skips the `catch` (and runs `finally` too early); and a promise kept in a local
// `const` that is never awaited, returned, passed on or handled, or not on every way out.
import {
  K,
  skipParens,
  isInAsyncContext,
  isFunctionLike,
  enclosingFunction,
  isAsyncFunction,
  NodeFlags,
  type Node,
  type Expression,
  type ExpressionStatement,
  type SourceFile,
} from "../ts/syntax.js";
import { defineRule, type RuleContext } from "../rule.js";
import { awaitAll, prefixOperator } from "../edits.js";
import { makeFix } from "../fixes.js";
import type { Fix } from "../types.js";
import { droppedPromiseOptions, isIIFE, promiseQuery, typedNodes, unhandled, type Dropped, type DroppedPromiseOptions } from "../dropped-promise.js";
import type { OptionSpecs } from "../types.js";
import { neverRejects, neverRejectsNote } from "../never-rejects.js";

export interface MissingAwaitOptions extends DroppedPromiseOptions {
  checkReturnInTry: boolean;
  checkLocals: boolean;
}

const options: OptionSpecs<MissingAwaitOptions> = {
  ...droppedPromiseOptions,
  checkReturnInTry: {
    type: "boolean",
    default: true,
    description: "Report `return promise` inside `try` (or inside `catch` with a `finally`), where the rejection escapes the handler.",
  },
  checkLocals: {
    type: "boolean",
    default: true,
    description: "Report a `const` holding a promise that is never awaited, returned, passed on or handled on some way out of its block.",
  },
};

const MESSAGE = { dropped: "notAwaited", array: "arrayNotAwaited", uselessHandler: "uselessHandler", rethrowingHandler: "rethrowingHandler" } as const;

export default defineRule<MissingAwaitOptions>({
  meta: {
    id: "missing-await",
    summary: "An async function goes on without waiting for a promise it started.",
    why:
      "Without `await`, an async function does not wait: it runs the next line, and may finish, while the " +
      "promise is still pending. If the promise rejects, the error skips the function's own try/catch and its " +
      "caller's `await`, and surfaces as an unhandled rejection that ends a Node.js process. Results that the " +
      "rest of the function relies on may not be there yet.",
    defaultLevel: "error",
    fixes: ["add-await", "return-await", "await-all", "add-void"],
    options,
    messages: {
      notAwaited:
        "This {{kind}} is not awaited: the async function carries on before it settles, and if it rejects the " +
        "error escapes this function's try/catch and its caller. Add await{{advice}}.{{never}}",
      arrayNotAwaited:
        "These promises are not awaited: the async function carries on while they run, and a rejection of any " +
        "one goes unhandled. Use `await Promise.all(…)`.",
      uselessHandler:
        "The rejection handler here is not a function, so it handles nothing: a rejection still escapes this " +
        "async function unhandled.",
      rethrowingHandler:
        "The rejection handler here only throws again, so the promise that `.catch`/`.then` returns rejects too: this " +
        "async function does not wait for it, and the error escapes its try/catch and its caller. Add await (the " +
        "error then reaches this function's caller) or handle the error.",
      returnInTry:
        "Returning this promise without `await` inside `try` hands it back before it settles, so a rejection " +
        "{{skips}}. Write `return await` instead.{{never}}",
      localNeverAwaited:
        "`{{name}}` holds a promise that is never awaited, returned, passed on or handled: the function does not " +
        "wait for it, and if it rejects nothing catches the error.{{never}}",
      localDroppedOnPath:
        "`{{name}}` holds a promise that is not awaited on the way out at line {{line}}: on that path the function " +
        "does not wait for it, and a rejection goes unhandled.{{never}}",
    },
    informationLevel: [
      "A promise that cannot reject: `new Promise(executor)` whose executor never uses `reject` and cannot throw " +
        "(it only calls `resolve` with values that are not thenables, schedules a timer, assigns to a local or " +
        "`this.x`), or whose executor is async (what it throws rejects only the executor's own promise). Also a " +
        "call to a function whose declaration returns such a promise on every path (an override could differ). " +
        "Nothing can escape, though the function still does not wait for it.",
    ],
    eslintEquivalents: ["@typescript-eslint/no-floating-promises", "@typescript-eslint/return-await"],
    related: ["@typescript-eslint/no-floating-promises", "@typescript-eslint/return-await", "biome/nursery/noFloatingPromises", "ruff/RUF006"],
    examples: {
      invalid: [
        { code: "declare function save(): Promise<void>;\nexport async function submit() {\n  save();\n  console.log('saved');\n}\n" },
        {
          code:
            "declare function load(): Promise<string>;\nexport async function read() {\n  try {\n    return load();\n  } catch {\n    return 'fallback';\n  }\n}\n",
        },
        { code: "declare function load(): Promise<string>;\nexport async function read() {\n  const text = load();\n  console.log('started');\n}\n" },
        {
          code:
            "declare function load(): Promise<string>;\nexport async function read(skip: boolean) {\n  const text = load();\n  if (skip) return '';\n  return await text;\n}\n",
        },
      ],
      valid: [
        { code: "declare function save(): Promise<void>;\nexport async function submit() {\n  await save();\n}\n" },
        {
          code:
            "declare function load(): Promise<string>;\nexport async function read() {\n  try {\n    return await load();\n  } catch {\n    return 'fallback';\n  }\n}\n",
        },
        { code: "declare function load(): Promise<string>;\nexport async function both() {\n  const a = load();\n  const b = load();\n  return [await a, await b];\n}\n" },
        { code: "declare function save(): Promise<void>;\nexport async function later() {\n  void save();\n}\n" },
      ],
    },
  },

  create(context) {
    const { options } = context;
    const query = promiseQuery(options);

    return {
      [K.ExpressionStatement](node) {
        const statement = node as ExpressionStatement;
        if (!isInAsyncContext(statement, context.sourceFile)) return;
        const expression = skipParens(statement.expression);
        if (options.ignoreIIFE && isIIFE(expression)) return;
        const typed = typedNodes(expression, options);
        if (typed.length === 0) return;
        context.defer(typed, () => {
          const verdict: Dropped = unhandled(context.types, options, expression);
          if (!verdict) return;
          const never = verdict.kind === "dropped" ? neverRejects(expression, context.types) : undefined;
          context.report({
            node: statement,
            messageId: MESSAGE[verdict.kind],
            data: { kind: verdict.what, advice: options.ignoreVoid ? " (or `void` if it may run on unobserved)" : "", never: neverRejectsNote(never) },
            ...(never ? { lowConfidence: true } : {}),
            // `Promise.all(x)` compiles only where `x` is an array in every case: not `T[] | undefined`, not `T[] | false`.
            fixes: statementFixes(verdict, statement.expression, context.sourceFile, options.ignoreVoid, verdict.kind === "array" && context.types.hasPropertyEverywhere(expression, "length") && context.types.isArrayOrTuple(expression, true)),
          });
        });
      },

      [K.ReturnStatement](node) {
        if (!options.checkReturnInTry) return;
        const value = (node as unknown as { expression?: Expression }).expression;
        if (!value) return;
        const returned = skipParens(value);
        // Values that are never promises need no type query (object and array literals are common here).
        if (returned.kind === K.AwaitExpression || returned.kind === K.ObjectLiteralExpression || returned.kind === K.ArrayLiteralExpression) return;
        if (typedNodes(returned, options).length === 0) return;
        const fn = enclosingFunction(node);
        // In an async generator `return` already awaits its operand.
        if (!fn || !isAsyncFunction(fn) || (fn as { asteriskToken?: Node }).asteriskToken) return;
        const skips = tryConsequence(node, fn, returned);
        if (!skips) return;
        context.defer([returned], () => {
          if (!context.types.promiseKind(returned, query)) return;
          const fix = makeFix("return-await", prefixOperator("await", returned, context.sourceFile));
          const never = neverRejects(returned, context.types);
          context.report({ node: returned, messageId: "returnInTry", data: { skips, never: neverRejectsNote(never) }, fixes: [fix], ...(never ? { lowConfidence: true } : {}) });
        });
      },

      [K.VariableStatement](node) {
        if (!options.checkLocals) return;
        checkLocals(context, node);
      },
    };
  },
});

/** `await` what the statement drops (all of an array at once); or mark it `void`. */
function statementFixes(verdict: NonNullable<Dropped>, e: Expression, sf: SourceFile, ignoreVoid: boolean, arrayEverywhere: boolean): Fix[] {
  const fixes: Fix[] = [];
  if (verdict.kind === "array" && e.kind !== K.VoidExpression) {
    if (arrayEverywhere) fixes.push(makeFix("await-all", awaitAll(e, sf)));
  } else if (e.kind === K.VoidExpression && verdict.kind !== "array") {
    // `void p` with ignoreVoid off: the keyword becomes `await`.
    const start = e.getStart(sf);
    fixes.push(makeFix("add-await", [{ start, end: start + 4, newText: "await" }], "Replace void with await"));
  } else if (verdict.kind !== "array") {
    fixes.push(makeFix("add-await", prefixOperator("await", e, sf)));
  }
  if (ignoreVoid && e.kind !== K.VoidExpression) {
    fixes.push(makeFix("add-void", prefixOperator("void", e, sf)));
  }
  return fixes;
}

/** What a rejection of a promise returned from here would escape, or undefined if nothing. */
function tryConsequence(from: Node, fn: Node, returned: Expression): string | undefined {
  let child = from;
  for (let p = from.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.kind !== K.TryStatement) continue;
    const t = p as unknown as { tryBlock: Node; catchClause?: Node; finallyBlock?: Node };
    if (child === t.tryBlock) {
      if (t.catchClause && !catchOnlyRepeats(t.catchClause, returned)) return "skips the `catch` below, which never sees it";
      if (t.finallyBlock) return "arrives after the `finally` block has already run";
    } else if (child === t.catchClause && t.finallyBlock) {
      return "arrives after the `finally` block has already run";
    }
  }
  return undefined;
}

/**
 * `try { … return fallback(); } catch { return fallback(); }`: the catch only returns the very call the
 * `try` returns, so awaiting it there would make a failure run it a second time; skipping the catch is right.
 */
function catchOnlyRepeats(catchClause: Node, returned: Expression): boolean {
  const block = (catchClause as unknown as { block: { statements: readonly Node[] } }).block;
  if (block.statements.length !== 1 || block.statements[0]!.kind !== K.ReturnStatement) return false;
  const value = (block.statements[0] as unknown as { expression?: Expression }).expression;
  if (!value) return false;
  const sf = returned.getSourceFile();
  const text = (e: Node) => sf.text.slice(e.getStart(sf), e.end).replace(/\s+/g, "");
  return text(skipParens(value)) === text(returned);
}

// ---- locals holding promises ----

interface Local {
  name: string;
  nameNode: Node;
  initializer: Expression;
  /** Statements after the declaration in its block: where the local can still be used. */
  rest: readonly Node[];
}

function checkLocals(context: RuleContext<MissingAwaitOptions>, statement: Node): void {
  const list = (statement as unknown as { declarationList: { flags: number; declarations: readonly Node[] } }).declarationList;
  // Only `const`: a `let` may be reassigned, which would need real data-flow to follow.
  if (!(list.flags & NodeFlags.Const)) return;
  const block = statement.parent;
  const siblings = (block as unknown as { statements?: readonly Node[] }).statements;
  if (!siblings || (block.kind !== K.Block && block.kind !== K.SourceFile && block.kind !== K.ModuleBlock)) return;
  if (block.kind === K.SourceFile) return; // module-level promises are often deliberate (started once, awaited elsewhere)
  const index = siblings.indexOf(statement);
  for (const d of list.declarations) {
    const decl = d as unknown as { name: Node & { text?: string }; initializer?: Expression };
    if (decl.name.kind !== K.Identifier || !decl.initializer || decl.name.text === undefined) continue;
    const initializer = skipParens(decl.initializer);
    if (initializer.kind === K.AwaitExpression) continue;
    const typed = typedNodes(initializer, context.options);
    if (typed.length === 0) continue;
    const local: Local = { name: decl.name.text, nameNode: decl.name, initializer, rest: siblings.slice(index + 1) };
    // The path analysis needs no types: only a local that looks dropped costs a type query.
    const outcome = followLocal(local);
    if (outcome.kind !== "never" && outcome.kind !== "dropped-at" && outcome.kind !== "dropped-at-end") continue;
    context.defer(typed, () => {
      // A handled chain (`load().catch(log)`) cannot reject unhandled; only a live promise counts.
      const verdict = unhandled(context.types, context.options, initializer);
      if (!verdict || verdict.kind !== "dropped") return;
      const never = neverRejects(initializer, context.types);
      const lowered = { never: neverRejectsNote(never) };
      if (outcome.kind === "never") {
        context.report({ node: decl.name, messageId: "localNeverAwaited", data: { name: local.name, ...lowered }, ...(never ? { lowConfidence: true } : {}) });
        return;
      }
      // The way out: the early `return`, or the closing brace of the block.
      const at = outcome.kind === "dropped-at" ? outcome.at.getStart(context.sourceFile) : block.end - 1;
      const line = context.sourceFile.getLineAndCharacterOfPosition(at).line + 1;
      context.report({ node: decl.name, messageId: "localDroppedOnPath", data: { name: local.name, line: String(line), ...lowered }, ...(never ? { lowConfidence: true } : {}) });
    });
  }
}

type Outcome = { kind: "consumed" } | { kind: "never" } | { kind: "dropped-at"; at: Node } | { kind: "dropped-at-end" } | { kind: "unknown" };

/**
 * Follows the statements after a local's declaration. Conservative in the direction of silence:
 * anything it cannot follow (loops, switches, closures, shadowing) counts as consuming the promise.
 */
function followLocal(local: Local): Outcome {
  if (local.rest.some((s) => declaresName(s, local.name))) return { kind: "unknown" };
  const walkList = (statements: readonly Node[]): "consumed" | "open" | { at: Node } => {
    for (const s of statements) {
      const r = walkStatement(s);
      if (r !== "open") return r;
    }
    return "open";
  };
  const walkStatement = (s: Node): "consumed" | "open" | { at: Node } => {
    const refs = references(s, local.name);
    switch (s.kind) {
      case K.Block:
        return walkList((s as unknown as { statements: readonly Node[] }).statements);
      case K.IfStatement: {
        const i = s as unknown as { expression: Node; thenStatement: Node; elseStatement?: Node };
        if (references(i.expression, local.name).length) return "consumed";
        const a = walkStatement(i.thenStatement);
        const b = i.elseStatement ? walkStatement(i.elseStatement) : "open";
        if (typeof a === "object") return a;
        if (typeof b === "object") return b;
        return a === "consumed" && b === "consumed" ? "consumed" : "open";
      }
      case K.ReturnStatement:
        if (refs.length) return "consumed";
        return { at: s };
      case K.ThrowStatement:
        return "consumed"; // an exception path ends the walk: it is not what this check is about
      default:
        // Any mention counts as a use (awaited, returned, passed on, chained, captured). A `return` inside a
        // loop, `try` or `switch` cannot be placed on a path here, so it ends the walk unreported.
        return refs.length || containsReturn(s) ? "consumed" : "open";
    }
  };
  if (!local.rest.some((s) => references(s, local.name).length > 0)) return { kind: "never" };
  const result = walkList(local.rest);
  if (typeof result === "object") return { kind: "dropped-at", at: result.at };
  // Still open after the last statement: used only on some branches, and the block ends here.
  if (result === "open") return { kind: "dropped-at-end" };
  return { kind: "consumed" };
}

/** Identifiers naming the local (not property names), nested functions included: a capture counts as a use. */
function references(root: Node, name: string): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): undefined => {
    if (n.kind === K.Identifier && (n as unknown as { text: string }).text === name && !isPropertyName(n)) out.push(n);
    n.forEachChild(visit);
    return undefined;
  };
  visit(root);
  return out;
}

function isPropertyName(id: Node): boolean {
  const p = id.parent;
  if (p.kind === K.PropertyAccessExpression && (p as unknown as { name: Node }).name === id) return true;
  if ((p.kind === K.PropertyAssignment || p.kind === K.MethodDeclaration || p.kind === K.PropertyDeclaration) && (p as unknown as { name: Node }).name === id) return true;
  return false;
}

function declaresName(root: Node, name: string): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    const named = (n as unknown as { name?: Node & { text?: string } }).name;
    if (
      named?.text === name &&
      (n.kind === K.VariableDeclaration || n.kind === K.Parameter || n.kind === K.FunctionDeclaration || n.kind === K.ClassDeclaration || n.kind === K.BindingElement)
    ) {
      found = true;
      return undefined;
    }
    n.forEachChild(visit);
    return undefined;
  };
  visit(root);
  return found;
}

function containsReturn(root: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || isFunctionLike(n)) return undefined;
    if (n.kind === K.ReturnStatement) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  root.forEachChild(visit);
  return found;
}
