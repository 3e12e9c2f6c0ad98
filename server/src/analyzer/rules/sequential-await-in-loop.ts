// sequential-await-in-loop: a loop that awaits each iteration's work before starting the next,
// although no iteration needs another's result. The loop takes N times one operation's latency;
// a bounded-concurrency version takes about N/k times. A suggestion, shown in the editor.
import { K, NodeFlags, isFunctionLike, isAsyncFunction, enclosingFunction, findDeclaration, memberName, memberObject, isAssignmentOperator, type Node, type Expression, type CallExpression, type BinaryExpression, type SourceFile } from "../ts/syntax.js";
import { defineRule, type RuleContext } from "../rule.js";
import { boundedMap, concurrencyTool, mergeEdits } from "../edits.js";
import { makeFix } from "../fixes.js";
import type { Fix, OptionSpecs } from "../types.js";

export interface SequentialAwaitOptions {
  defaultConcurrency: number;
}

const options: OptionSpecs<SequentialAwaitOptions> = {
  defaultConcurrency: { type: "number", default: 5, description: "How many operations at a time the suggested rewrite allows." },
};

/** Awaits that pace a loop on purpose (sleeping, retrying, rate limiting). */
const PACING = /^(sleep|delay|wait|waitFor|setTimeout|timeout|pause|backoff|retry|throttle|rateLimit|tick|nextTick|yieldToEventLoop)$/i;

export default defineRule<SequentialAwaitOptions>({
  meta: {
    id: "sequential-await-in-loop",
    summary: "A loop awaits each iteration in turn, although the iterations do not depend on each other.",
    why:
      "`for (const x of items) await work(x)` waits for each `work` to finish before starting the next, so the " +
      "loop takes the sum of all latencies. When no iteration uses another's result, running a few at a time " +
      "gives the same result in a fraction of the time, without the unbounded load of `Promise.all` over everything.",
    defaultLevel: "info",
    editorOnly: true,
    fixes: ["loop-bounded"],
    options,
    messages: {
      sequential:
        "Each iteration waits for the previous one, but none uses another's result: the loop takes N × one " +
        "operation's time. Running at most {{k}} at a time (e.g. p-map with `concurrency: {{k}}`) gives the same " +
        "results about {{k}}× faster; avoid an unbounded `Promise.all` over all items.",
    },
    eslintEquivalents: ["no-await-in-loop"],
    related: ["eslint/no-await-in-loop"],
    examples: {
      invalid: [
        {
          code:
            "declare function fetchUser(id: string): Promise<{ name: string }>;\nexport async function names(ids: string[]) {\n  const out: string[] = [];\n  for (const id of ids) {\n    const user = await fetchUser(id);\n    out.push(user.name);\n  }\n  return out;\n}\n",
        },
      ],
      valid: [
        {
          code:
            "declare function fetchPage(cursor: string): Promise<{ next?: string }>;\nexport async function all(start: string) {\n  let cursor: string | undefined = start;\n  while (cursor) {\n    const page: { next?: string } = await fetchPage(cursor);\n    cursor = page.next;\n  }\n}\n",
        },
        {
          code:
            "declare function sleep(ms: number): Promise<void>;\ndeclare function ping(): Promise<void>;\nexport async function poll(n: number) {\n  for (let i = 0; i < n; i++) {\n    await ping();\n    await sleep(1000);\n  }\n}\n",
        },
      ],
    },
  },

  create(context) {
    const k = String(context.options.defaultConcurrency);
    const check = (loop: Node, body: Node, loopVariables: readonly string[]) => {
      const fn = enclosingFunction(loop);
      if (!fn || !isAsyncFunction(fn)) return;
      const first = independentAwait(body, loopVariables);
      if (!first) return;
      const items = loop.kind === K.ForOfStatement ? (loop as unknown as { expression: Node }).expression : undefined;
      if (!items) {
        context.report({ node: first, messageId: "sequential", data: { k } });
        return;
      }
      // The bounded rewrite needs to know the loop runs over an array.
      context.defer([items], () => {
        const fix = loopBoundedFix(context, loop);
        context.report({ node: first, messageId: "sequential", data: { k }, ...(fix ? { fixes: [fix] } : {}) });
      });
    };
    return {
      [K.ForOfStatement](node) {
        const loop = node as unknown as { awaitModifier?: Node; initializer: Node; statement: Node };
        if (loop.awaitModifier) return; // consuming an async iterator one by one is the point of `for await`
        check(node, loop.statement, declaredNames(loop.initializer));
      },
      [K.ForStatement](node) {
        const loop = node as unknown as { initializer?: Node; statement: Node };
        check(node, loop.statement, loop.initializer ? declaredNames(loop.initializer) : []);
      },
    };
  },
});

/**
 * `for (const x of xs) { … }` → `await mapLimit(xs, k, async (x) => { … });` (or p-map, or a p-limit limiter).
 * Only over an array, with a `const`/`let` loop variable, no label, and no `var` in the body (it would no
 * longer be visible after the loop). Unsafe: the iterations' side effects may happen in another order.
 */
function loopBoundedFix(context: RuleContext<SequentialAwaitOptions>, loop: Node): Fix | undefined {
  const sf = context.sourceFile;
  const l = loop as unknown as { initializer: Node; expression: Node; statement: Node };
  const list = l.initializer as unknown as { kind: number; flags: number; declarations?: readonly { name: Node }[] };
  if (list.kind !== K.VariableDeclarationList || list.declarations?.length !== 1) return undefined;
  // `const`/`let` only: not `var` (visible after the loop), not `using` (disposed per iteration).
  if (!(list.flags & (NodeFlags.Const | NodeFlags.Let)) || list.flags & NodeFlags.Using) return undefined;
  const declaration = list.declarations[0]!;
  if (loop.parent.kind === K.LabeledStatement || declaresVar(l.statement) || !context.types.isPlainArray(l.expression)) return undefined;
  if (mayLoseNarrowing(loop, l.statement, sf)) return undefined;
  const tool = concurrencyTool(sf, context.dependencies);
  if (!tool) return undefined;
  const text = (n: Node) => sf.text.slice(n.getStart(sf), n.end);
  const param = text(declaration.name);
  const body = l.statement.kind === K.Block ? text(l.statement) : `{ ${text(l.statement)} }`;
  const k = context.options.defaultConcurrency;
  const rewrite = boundedMap(tool, l.expression as Expression, `async (${param}) => ${body}`, 1, k, sf, loop);
  if (!rewrite) return undefined;
  const start = loop.getStart(sf);
  const title = `Run the iterations at most ${k} at a time${rewrite.kind === "helper" ? "" : ` with ${rewrite.kind}`}`;
  return makeFix("loop-bounded", mergeEdits([{ start, end: loop.end, newText: `await ${rewrite.expression};` }, ...rewrite.edits]), title);
}

/**
 * Whether moving the loop body into a callback may lose a narrowing it relies on: TypeScript does not
 * carry the narrowing of a property (`if (this.cb) for (…) await this.cb.run()`) or of a `let` or
 * parameter into a function created later. So a property chain or an identifier (other than a `const`
 * or one declared in the body) that the body reads, and that the function's code before the loop
 * mentions anywhere (a condition, a guard, an assignment), declines the fix. Conservative: text only.
 */
function mayLoseNarrowing(loop: Node, body: Node, sf: SourceFile): boolean {
  const fn = enclosingFunction(loop);
  const fnBody = (fn as unknown as { body?: Node } | undefined)?.body;
  if (!fn || !fnBody) return true;
  const before = sf.text.slice(fnBody.getStart(sf), loop.getStart(sf));
  const declaredInside = new Set<string>();
  const collectDeclared = (n: Node): undefined => {
    if (n.kind === K.Identifier && (n.parent.kind === K.VariableDeclaration || n.parent.kind === K.BindingElement || n.parent.kind === K.Parameter || n.parent.kind === K.FunctionDeclaration)) {
      declaredInside.add((n as unknown as { text: string }).text);
    }
    n.forEachChild(collectDeclared);
    return undefined;
  };
  collectDeclared(loop);
  const sensitive: string[] = [];
  const visit = (n: Node): undefined => {
    if (n.kind === K.PropertyAccessExpression || n.kind === K.ElementAccessExpression) sensitive.push(tight(sf.text.slice(n.getStart(sf), n.end)));
    else if (n.kind === K.Identifier && !declaredInside.has((n as unknown as { text: string }).text)) {
      const p = n.parent;
      const isName = (p.kind === K.PropertyAccessExpression && (p as unknown as { name: Node }).name === n) || (p.kind === K.PropertyAssignment && (p as unknown as { name: Node }).name === n);
      const declaration = isName ? undefined : findDeclaration(n);
      const constant = !!declaration && declaration.kind === K.VariableDeclaration && !!(declaration.parent.flags & NodeFlags.Const);
      if (!isName && !constant) sensitive.push((n as unknown as { text: string }).text);
    }
    n.forEachChild(visit);
    return undefined;
  };
  visit(body);
  const compact = tight(before);
  return sensitive.some((ref) => new RegExp(`(?<![\\w$.])${ref.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$])`).test(compact));
}

/** Text with the spaces around `.`, `?.` and brackets taken out (`a . b` and `a.b` compare equal). */
function tight(text: string): string {
  return text.replace(/\s*(\?\.|\.|\[|\])\s*/g, "$1");
}

function declaresVar(body: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || isFunctionLike(n)) return undefined;
    if (n.kind === K.VariableDeclarationList && !((n as unknown as { flags: number }).flags & NodeFlags.BlockScoped)) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  visit(body);
  return found;
}

function declaredNames(n: Node): string[] {
  const out: string[] = [];
  const visit = (x: Node): undefined => {
    if (x.kind === K.Identifier && (x.parent.kind === K.VariableDeclaration || x.parent.kind === K.BindingElement)) {
      out.push((x as unknown as { text: string }).text);
    }
    x.forEachChild(visit);
    return undefined;
  };
  visit(n);
  return out;
}

/**
 * The first `await` of the loop body if every iteration stands alone: no early exit, no pacing
 * await, nothing carried from one iteration to the next (an assignment to a variable declared
 * outside the loop, other than the loop's own counter or pushing onto a list).
 */
function independentAwait(body: Node, loopVariables: readonly string[]): Node | undefined {
  const local = new Set<string>(loopVariables);
  let first: Node | undefined;
  let dependent = false;
  const visit = (n: Node): undefined => {
    if (dependent || isFunctionLike(n)) return undefined;
    switch (n.kind) {
      case K.BreakStatement:
      case K.ContinueStatement:
      case K.ReturnStatement:
      case K.ThrowStatement:
      case K.YieldExpression:
        dependent = true; // the loop's course depends on what an iteration found
        return undefined;
      case K.VariableDeclaration:
        for (const name of declaredNames((n as unknown as { name: Node }).name)) local.add(name);
        break;
      case K.AwaitExpression: {
        const operand = (n as unknown as { expression: Node }).expression;
        if (operand.kind !== K.CallExpression || isPacing(operand as CallExpression)) {
          dependent = true;
          return undefined;
        }
        first ??= n;
        break;
      }
      case K.BinaryExpression: {
        const b = n as BinaryExpression;
        if (isAssignmentOperator(b.operatorToken.kind) && !isLocalTarget(b.left, local)) dependent = true;
        break;
      }
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression: {
        const operand = (n as unknown as { operand: Node }).operand;
        if (!isLocalTarget(operand, local)) dependent = true;
        break;
      }
      case K.CallExpression: {
        // Mutating an outer collection other than by appending (`map.set(k, v)` is fine too) may carry state.
        const method = memberName((n as CallExpression).expression);
        if (method && /^(shift|pop|splice|unshift)$/.test(method)) dependent = true;
        break;
      }
    }
    n.forEachChild(visit);
    return undefined;
  };
  visit(body);
  return dependent ? undefined : first;
}

/** An assignment target that belongs to this iteration (declared in the loop, or a member of such). */
function isLocalTarget(target: Node, local: ReadonlySet<string>): boolean {
  let t: Node = target;
  while (t.kind === K.PropertyAccessExpression || t.kind === K.ElementAccessExpression || t.kind === K.ParenthesizedExpression) {
    t = (t as unknown as { expression: Node }).expression;
  }
  return t.kind === K.Identifier && local.has((t as unknown as { text: string }).text);
}

function isPacing(call: CallExpression): boolean {
  const callee = call.expression;
  const name = callee.kind === K.Identifier ? (callee as unknown as { text: string }).text : memberName(callee);
  if (name && PACING.test(name)) return true;
  // `new Promise(r => setTimeout(r, ms))` written inline, awaited through a helper or not
  const object = memberObject(callee);
  return !!object && object.kind === K.Identifier && /^(timers|scheduler)$/.test((object as unknown as { text: string }).text);
}
