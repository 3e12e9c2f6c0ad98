// misused-promise: a promise used where its value was meant. Conditions and `!`/`&&`/`||`/`??`
// operands, async predicates given to array methods, object spreads (typescript-eslint's
// no-misused-promises `checksConditionals` and `checksSpreads`), and, beyond it, promises turned
// into strings or compared with plain values.
import { K, memberName, memberObject, skipParens, findDeclaration, NEVER_PROMISE_SYNTAX, NodeFlags, type Node, type Expression, type CallExpression, type BinaryExpression } from "../ts/syntax.js";
import { defineRule, type RuleContext } from "../rule.js";

export interface MisusedPromiseOptions {
  checksConditionals: boolean;
  checksSpreads: boolean;
  checksStringUse: boolean;
  checksComparisons: boolean;
}

const PREDICATES: Record<string, string> = {
  filter: "every element passes the filter",
  some: "it is true whenever the array is not empty",
  every: "it is always true",
  find: "it returns the first element",
  findLast: "it returns the last element",
  findIndex: "it returns the first index",
  findLastIndex: "it returns the last index",
};

const EQUALITY = new Set<number>([K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken, K.EqualsEqualsToken, K.ExclamationEqualsToken]);
const LITERALS = new Set<number>([K.StringLiteral, K.NumericLiteral, K.NoSubstitutionTemplateLiteral, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.BigIntLiteral]);

export default defineRule<MisusedPromiseOptions>({
  meta: {
    id: "misused-promise",
    summary: "A promise is used where its value was meant: in a condition, as a predicate's result, spread, stringified or compared.",
    why:
      "A promise is an object. In a condition it is always truthy, whatever it will resolve to; an array method " +
      "that does not await its callback sees a promise, so `filter(async …)` keeps everything; spreading it copies " +
      "nothing; turning it into a string gives \"[object Promise]\"; and comparing it with a plain value is never " +
      "equal. The code runs without an error and silently does the wrong thing.",
    defaultLevel: "error",
    options: {
      checksConditionals: {
        type: "boolean",
        default: true,
        description: "Promises in `if`/`while`/`for`/ternary tests, `!` operands, `&&`/`||`/`??` operands, and async array predicates.",
      },
      checksSpreads: { type: "boolean", default: true, description: "Spreading a promise (`{ ...promise }`)." },
      checksStringUse: { type: "boolean", default: true, description: "A promise in a template literal or `+` string concatenation." },
      checksComparisons: { type: "boolean", default: true, description: "A promise compared (`===`, `!==`, `==`, `!=`) with a literal value." },
    },
    messages: {
      conditional:
        "This promise is always truthy here: a promise is an object, so the test does not wait for its result and " +
        "passes even when the awaited value would be false. Did you mean `await`?",
      predicate:
        "`{{method}}` does not await its callback: this async predicate returns a promise, which is always truthy, " +
        "so {{effect}}. Compute the answers first (e.g. `await Promise.all(…)`) and filter on those.",
      spread:
        "Spreading a promise copies none of its result (a promise has no own properties to copy). Await it first.",
      stringified:
        "This promise becomes the text \"[object Promise]\" here, not its result. Await it first.",
      comparison:
        "This compares a promise object with a plain value, which is never equal: the answer is fixed before the " +
        "promise settles. Await it first.",
    },
    eslintEquivalents: ["@typescript-eslint/no-misused-promises"],
    related: ["@typescript-eslint/no-misused-promises", "@typescript-eslint/restrict-template-expressions", "biome/nursery/noMisusedPromises"],
    examples: {
      invalid: [
        { code: "declare function isAdmin(id: string): Promise<boolean>;\nexport function guard(id: string) {\n  if (isAdmin(id)) return 'ok';\n  return 'denied';\n}\n" },
        { code: "declare function exists(path: string): Promise<boolean>;\nexport async function present(paths: string[]) {\n  return paths.filter(async (p) => exists(p));\n}\n" },
        { code: "declare function loadUser(): Promise<{ name: string }>;\nexport function label() {\n  return `user: ${loadUser()}`;\n}\n" },
      ],
      valid: [
        { code: "declare function isAdmin(id: string): Promise<boolean>;\nexport async function guard(id: string) {\n  if (await isAdmin(id)) return 'ok';\n  return 'denied';\n}\n" },
        { code: "declare const pending: Promise<void> | undefined;\nexport function busy() {\n  return pending ? 'busy' : 'idle';\n}\n" },
      ],
    },
  },

  create(context) {
    const { options } = context;
    const checked = new Set<Node>();

    /** typescript-eslint's walk: in a test every leaf counts; elsewhere only the left of `&&`/`||`. */
    const conditional = (node: Expression, isTest: boolean) => {
      const e = skipParens(node);
      if (checked.has(e)) return;
      checked.add(e);
      if (e.kind === K.BinaryExpression) {
        const b = e as BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
          if (op !== K.QuestionQuestionToken || isTest) conditional(b.left, isTest);
          if (isTest) conditional(b.right, isTest);
          return;
        }
      }
      // `if (!cached)` on `let cached: Promise<T>;` asks "assigned yet?" (a lazy cache), though the compiler
      // counts the variable as assigned: information, where typescript-eslint reports an error.
      const lazy = isUnassignedLet(e);
      if (!lazy && !couldBeThenable(e)) return;
      context.defer([e], () => {
        if (context.types.thenable(e) === "always") context.report({ node: e, messageId: "conditional", ...(lazy ? { lowConfidence: true } : {}) });
      });
    };

    const test = (n: Node | undefined) => {
      if (n && options.checksConditionals) conditional(n as Expression, true);
    };

    return {
      [K.IfStatement]: (n) => test((n as unknown as { expression: Node }).expression),
      [K.WhileStatement]: (n) => test((n as unknown as { expression: Node }).expression),
      [K.DoStatement]: (n) => test((n as unknown as { expression: Node }).expression),
      [K.ForStatement]: (n) => test((n as unknown as { condition?: Node }).condition),
      [K.ConditionalExpression]: (n) => test((n as unknown as { condition: Node }).condition),
      [K.PrefixUnaryExpression](n) {
        const u = n as unknown as { operator: number; operand: Node };
        if (u.operator === K.ExclamationToken) test(u.operand);
      },
      [K.BinaryExpression](n) {
        const b = n as BinaryExpression;
        const op = b.operatorToken.kind;
        if (options.checksConditionals && (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken)) {
          conditional(b, false);
        } else if (options.checksStringUse && op === K.PlusToken) {
          stringUse(context, b);
        } else if (options.checksComparisons && EQUALITY.has(op)) {
          comparison(context, b);
        }
      },
      [K.CallExpression](n) {
        if (!options.checksConditionals) return;
        const call = n as CallExpression;
        const method = memberName(call.expression);
        const receiver = memberObject(call.expression);
        const callback = call.arguments[0];
        if (!method || !receiver || !callback || !(method in PREDICATES)) return;
        const cb = callback.kind === K.SpreadElement ? (callback as unknown as { expression: Expression }).expression : callback;
        context.defer([receiver, cb], () => {
          if (context.types.isArrayOrTuple(receiver) && context.types.returnsThenable(cb)) {
            context.report({ node: callback, messageId: "predicate", data: { method, effect: PREDICATES[method]! } });
          }
        });
      },
      [K.SpreadAssignment]: (n) => spread(context, (n as unknown as { expression: Expression }).expression),
      [K.SpreadElement]: (n) => spread(context, (n as unknown as { expression: Expression }).expression),
      [K.TemplateSpan](n) {
        if (!options.checksStringUse || n.parent.parent.kind === K.TaggedTemplateExpression) return;
        const e = skipParens((n as unknown as { expression: Expression }).expression);
        if (couldBeThenable(e)) context.defer([e], () => {
          if (context.types.thenable(e) === "always") context.report({ node: e, messageId: "stringified" });
        });
      },
    };
  },
});

/** Property names that suggest a promise-valued field. */
const PROMISE_NAME = /(promise|pending|ready|deferred|task|future|thenable|loading)$/i;

/**
 * Whether an expression could plausibly hold a promise, decided without types. A type query on an
 * arbitrary expression can cost the checker seconds (it may have to infer the generic call around
 * it), and the bug these checks exist for is a forgotten `await` on a call: so calls, values
 * initialised from calls or declared as promises, imports, and promise-named fields are asked
 * about; parameters and plain data are not.
 */
function mayHoldPromise(e: Expression, depth = 0): boolean {
  const x = skipParens(e);
  if (depth > 4) return false;
  switch (x.kind) {
    case K.CallExpression:
    case K.NewExpression:
    case K.TaggedTemplateExpression:
      return true;
    case K.AsExpression:
    case K.NonNullExpression:
    case K.SatisfiesExpression:
      return mayHoldPromise((x as unknown as { expression: Expression }).expression, depth + 1);
    case K.ConditionalExpression: {
      const c = x as unknown as { whenTrue: Expression; whenFalse: Expression };
      return mayHoldPromise(c.whenTrue, depth + 1) || mayHoldPromise(c.whenFalse, depth + 1);
    }
    case K.BinaryExpression: {
      const b = x as BinaryExpression;
      return mayHoldPromise(b.left, depth + 1) || mayHoldPromise(b.right, depth + 1);
    }
    case K.Identifier: {
      const decl = findDeclaration(x);
      if (!decl) return false;
      if (decl.kind === K.ImportSpecifier || decl.kind === K.ImportClause || decl.kind === K.NamespaceImport) return true;
      return declaredAsPromise(decl, depth);
    }
    case K.PropertyAccessExpression: {
      const name = memberName(x);
      return !!name && PROMISE_NAME.test(name);
    }
    default:
      return false;
  }
}

/** A `let` declared without a value: until assigned it holds `undefined`, whatever its declared type says. */
function isUnassignedLet(e: Expression): boolean {
  if (e.kind !== K.Identifier) return false;
  const decl = findDeclaration(e);
  return !!decl && isDeclaredWithoutValue(decl);
}

function isDeclaredWithoutValue(decl: Node): boolean {
  return decl.kind === K.VariableDeclaration && !(decl as unknown as { initializer?: Node }).initializer && !((decl.parent as unknown as { flags: number }).flags & NodeFlags.Const);
}

/** A variable, parameter or field whose annotation names a promise, or whose initializer may hold one. */
function declaredAsPromise(decl: Node, depth: number): boolean {
  const d = decl as unknown as { type?: Node; initializer?: Expression };
  // `let pending: Promise<T>;` assigned later: comparing it with `undefined` asks "assigned yet?", not for its value.
  if (isDeclaredWithoutValue(decl)) return false;
  if (d.type) return /Promise|Thenable|PromiseLike/.test(typeText(d.type));
  return !!d.initializer && mayHoldPromise(d.initializer, depth + 1);
}

function typeText(n: Node): string {
  return n.getSourceFile().text.slice(n.pos, n.end);
}

/** Literals and operators whose result is a primitive can never hold a promise: no type query. */
function couldBeThenable(e: Expression): boolean {
  if (!mayHoldPromise(e)) return false;
  if (NEVER_PROMISE_SYNTAX.has(e.kind) || e.kind === K.AwaitExpression) return false;
  switch (e.kind) {
    case K.BinaryExpression: {
      // Comparisons, arithmetic and `instanceof`/`in` give primitives; `&&`/`||`/`??`/`,`/assignments may not.
      const op = (e as BinaryExpression).operatorToken.kind;
      return op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken || op === K.CommaToken || (op >= K.FirstAssignment && op <= K.LastAssignment);
    }
    default:
      return true;
  }
}

function spread(context: RuleContext<MisusedPromiseOptions>, expression: Expression): void {
  if (!context.options.checksSpreads) return;
  const e = skipParens(expression);
  if (!couldBeThenable(e)) return;
  context.defer([e], () => {
    if (context.types.thenable(e) !== "never") context.report({ node: e, messageId: "spread" });
  });
}

/** `"id: " + promise`: one operand a string, the other a promise. */
function stringUse(context: RuleContext<MisusedPromiseOptions>, b: BinaryExpression): void {
  const left = skipParens(b.left);
  const right = skipParens(b.right);
  const stringy = (e: Expression) => e.kind === K.StringLiteral || e.kind === K.TemplateExpression || e.kind === K.NoSubstitutionTemplateLiteral;
  const candidate = stringy(left) ? right : stringy(right) ? left : undefined;
  if (!candidate || !couldBeThenable(candidate)) return;
  context.defer([candidate], () => {
    if (context.types.thenable(candidate) === "always") context.report({ node: candidate, messageId: "stringified" });
  });
}

/** `promise === true`: a promise against a literal. Two references compared for identity are fine. */
function comparison(context: RuleContext<MisusedPromiseOptions>, b: BinaryExpression): void {
  const left = skipParens(b.left);
  const right = skipParens(b.right);
  const literal = (e: Expression) => LITERALS.has(e.kind) || (e.kind === K.Identifier && (e as unknown as { text: string }).text === "undefined");
  const candidate = literal(right) ? left : literal(left) ? right : undefined;
  if (!candidate || !couldBeThenable(candidate)) return;
  context.defer([candidate], () => {
    if (context.types.thenable(candidate) === "always") context.report({ node: candidate, messageId: "comparison" });
  });
}
