// Promises that cannot reject, seen from syntax: a `new Promise(executor)` whose executor never
// touches `reject` and cannot throw, or whose executor is async (its throws reject the executor's
// own promise, which nobody sees, so the outer promise never rejects). A finding about such a
// promise's rejection escaping describes something that cannot happen, so rules lower it.
import { K, declaredFunction, skipParens, memberName, memberObject, isFunctionLike, hasModifier, findDeclaration, type Node, type Expression, type CallExpression } from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";

/**
 * "here": the expression is such a `new Promise` (certain). "declared": it calls a function whose
 * declaration returns one on every path; an override or a rebinding could differ, so it is a hint only.
 */
export type NeverRejects = "here" | "declared" | undefined;

/** Appended to a finding's message about a promise that cannot reject (see `neverRejects`). */
export function neverRejectsNote(verdict: NeverRejects): string {
  if (verdict === "here") {
    return (
      " This promise cannot reject, though: its executor never calls `reject` and cannot throw (or is async, " +
      "so what it throws is lost), so no rejection can escape; at worst it stays pending."
    );
  }
  if (verdict === "declared") {
    return (
      " The called function, as declared, returns a promise whose executor never calls `reject` and cannot " +
      "throw (or is async), so it cannot reject, unless an override or another implementation does."
    );
  }
  return "";
}

export function neverRejects(expression: Expression, types: TypeOracle): NeverRejects {
  const e = skipParens(expression);
  if (e.kind === K.NewExpression) return isNeverRejectingNew(e, types) ? "here" : undefined;
  if (e.kind !== K.CallExpression) return undefined;
  let decl: Node | undefined;
  try {
    decl = declaredFunction(types.valueDeclaration(skipParens((e as CallExpression).expression)));
  } catch {
    return undefined; // a declaration the compiler cannot give: nothing is known
  }
  return decl && everyReturnNeverRejects(decl, types) ? "declared" : undefined;
}

/**
 * Every `return` of the function hands back a never-rejecting `new Promise`. A plain function may run
 * other code first (a throw there is synchronous, not a rejection); an async one must do nothing else,
 * since anything it throws before returning would reject its promise.
 */
function everyReturnNeverRejects(fn: Node, types: TypeOracle): boolean {
  if ((fn as { asteriskToken?: Node }).asteriskToken) return false;
  const body = (fn as unknown as { body?: Node }).body;
  if (!body) return false;
  if (body.kind !== K.Block) return isNeverRejectingNew(skipParens(body as Expression), types);
  const isAsync = hasModifier(fn, K.AsyncKeyword);
  const statements = (body as unknown as { statements: readonly Node[] }).statements;
  if (isAsync) {
    if (statements.length !== 1 || statements[0]!.kind !== K.ReturnStatement) return false;
  }
  const returned: (Expression | undefined)[] = [];
  const visit = (n: Node): undefined => {
    if (isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.ReturnStatement) returned.push((n as unknown as { expression?: Expression }).expression);
    n.forEachChild(visit);
    return undefined;
  };
  body.forEachChild(visit);
  return returned.length > 0 && returned.every((r) => !!r && skipParens(r).kind === K.NewExpression && isNeverRejectingNew(skipParens(r), types));
}

/** `new Promise(executor)` (the global Promise) whose executor cannot make it reject. */
function isNeverRejectingNew(e: Node, types: TypeOracle): boolean {
  if (e.kind !== K.NewExpression) return false;
  const n = e as unknown as { expression: Node; arguments?: readonly Expression[] };
  if (n.expression.kind !== K.Identifier || (n.expression as unknown as { text: string }).text !== "Promise") return false;
  if (findDeclaration(n.expression)) return false; // a local `Promise` is someone else's class
  if (!n.arguments || n.arguments.length !== 1) return false;
  const executor = skipParens(n.arguments[0]!);
  if (executor.kind !== K.ArrowFunction && executor.kind !== K.FunctionExpression) return false;
  if ((executor as { asteriskToken?: Node }).asteriskToken) return false;
  const params = (executor as unknown as { parameters: readonly { name: Node; dotDotDotToken?: Node }[] }).parameters;
  if (params.some((p) => p.name.kind !== K.Identifier || p.dotDotDotToken)) return false;
  const body = (executor as unknown as { body: Node }).body;
  const rejectName = params[1] && (params[1].name as unknown as { text: string }).text;
  // `arguments[1]` is `reject` too, in a function expression.
  if ((rejectName && mentions(body, rejectName)) || (executor.kind === K.FunctionExpression && mentions(body, "arguments"))) return false;
  if (!isGlobalPromise(n.expression, types)) return false;
  const resolveName = params[0] && (params[0].name as unknown as { text: string }).text;
  // `resolve(p)` adopts `p`'s outcome: resolving with a rejecting thenable rejects, so every use of
  // `resolve` must hand it a value that cannot be one (or none, when a timer calls it).
  if (resolveName && !resolveUsesAreSafe(body, resolveName, types)) return false;
  // What an async executor throws rejects only its own promise, which nothing sees.
  if (hasModifier(executor, K.AsyncKeyword)) return true;
  const safe = new SafeCode(resolveName, types);
  if (body.kind !== K.Block) return safe.expression(body as Expression);
  return (body as unknown as { statements: readonly Node[] }).statements.every((s) => safe.statement(s));
}

function isGlobalPromise(id: Node, types: TypeOracle): boolean {
  try {
    return types.declarationOrigin(id)?.isDefaultLib === true;
  } catch {
    return false;
  }
}

/** Whether the identifier `name` occurs anywhere below `root` (nested functions included). */
function mentions(root: Node, name: string): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    if (n.kind === K.Identifier && (n as unknown as { text: string }).text === name) {
      found = true;
      return undefined;
    }
    n.forEachChild(visit);
    return undefined;
  };
  if (root.kind === K.Identifier) return (root as unknown as { text: string }).text === name;
  root.forEachChild(visit);
  return found;
}

/**
 * Each mention of `resolve` is a call with arguments that cannot be thenables, or `resolve` handed
 * straight to a timer (which calls it with none). Handed anywhere else, anyone could resolve the
 * promise with a rejecting one.
 */
function resolveUsesAreSafe(body: Node, name: string, types: TypeOracle): boolean {
  let ok = true;
  const visit = (n: Node): undefined => {
    if (!ok) return undefined;
    if (n.kind === K.Identifier && (n as unknown as { text: string }).text === name) {
      const parent = n.parent;
      if (parent.kind === K.CallExpression && (parent as CallExpression).expression === n) {
        ok = (parent as CallExpression).arguments.every((a) => notThenable(a, types));
      } else if (parent.kind === K.CallExpression && (parent as CallExpression).arguments.includes(n as Expression)) {
        const callee = skipParens((parent as CallExpression).expression);
        ok = callee.kind === K.Identifier && SCHEDULERS.has((callee as unknown as { text: string }).text) && !findDeclaration(callee);
      } else {
        ok = false;
      }
      return undefined;
    }
    n.forEachChild(visit);
    return undefined;
  };
  if (body.kind === K.Identifier) return (body as unknown as { text: string }).text !== name;
  body.forEachChild(visit);
  return ok;
}

/** A literal or function (never a thenable), or a name whose type has no `then` method. */
function notThenable(arg: Expression, types: TypeOracle): boolean {
  const a = skipParens(arg);
  switch (a.kind) {
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
    case K.ArrowFunction:
    case K.FunctionExpression:
    case K.VoidExpression:
      return true;
    case K.Identifier:
      try {
        return !types.mayBeThenable(a);
      } catch {
        return false;
      }
    default:
      return false;
  }
}

/** Timer functions whose only effect in the executor is to schedule: what they call later cannot reject the promise. */
const SCHEDULERS = new Set(["setTimeout", "setImmediate", "queueMicrotask", "setInterval"]);

/**
 * Code that cannot throw, judged conservatively: calls to `resolve`, timer scheduling, plain
 * assignments to a local or `this.x`, and values that are literals, names or functions. Anything
 * else (a property read, another call, `new`) might throw.
 */
class SafeCode {
  constructor(
    private readonly resolveName: string | undefined,
    private readonly types: TypeOracle,
  ) {}

  statement(s: Node): boolean {
    switch (s.kind) {
      case K.EmptyStatement:
        return true;
      case K.ExpressionStatement:
        return this.expression((s as unknown as { expression: Expression }).expression);
      case K.ReturnStatement: {
        const value = (s as unknown as { expression?: Expression }).expression;
        return !value || this.value(value);
      }
      case K.VariableStatement: {
        const list = (s as unknown as { declarationList: { declarations: readonly { name: Node; initializer?: Expression }[] } }).declarationList;
        return list.declarations.every((d) => d.name.kind === K.Identifier && (!d.initializer || this.value(d.initializer)));
      }
      default:
        return false;
    }
  }

  expression(x: Expression): boolean {
    const e = skipParens(x);
    if (e.kind === K.BinaryExpression) {
      const b = e as unknown as { left: Expression; right: Expression; operatorToken: { kind: number } };
      if (b.operatorToken.kind === K.CommaToken) return this.expression(b.left) && this.expression(b.right);
      if (b.operatorToken.kind !== K.EqualsToken) return false;
      return this.target(skipParens(b.left)) && this.value(b.right);
    }
    if (e.kind === K.CallExpression) {
      const call = e as CallExpression;
      if (call.arguments.some((a) => a.kind === K.SpreadElement || !this.value(a))) return false;
      const callee = skipParens(call.expression);
      if (callee.kind !== K.Identifier) return false;
      const name = (callee as unknown as { text: string }).text;
      if (name === this.resolveName) return true;
      return SCHEDULERS.has(name) && !findDeclaration(callee) && this.isPlatform(callee);
    }
    if (e.kind === K.VoidExpression) return this.expression((e as unknown as { expression: Expression }).expression);
    return this.value(e);
  }

  /** A local name, or `this.name`: assigning to it runs no code of ours (a setter could, which we accept). */
  private target(t: Expression): boolean {
    if (t.kind === K.Identifier) return true;
    return t.kind === K.PropertyAccessExpression && memberObject(t)?.kind === K.ThisKeyword && memberName(t) !== undefined;
  }

  private value(x: Expression): boolean {
    const v = skipParens(x);
    switch (v.kind) {
      case K.Identifier:
      case K.ThisKeyword:
      case K.StringLiteral:
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
      case K.ArrowFunction:
      case K.FunctionExpression:
        return true;
      case K.VoidExpression:
        return this.value((v as unknown as { expression: Expression }).expression);
      default:
        return false;
    }
  }

  /** Declared by the platform (TypeScript's default library or Node's types), not by the project. */
  private isPlatform(callee: Node): boolean {
    try {
      const origin = this.types.declarationOrigin(callee);
      return !!origin && (origin.isDefaultLib || origin.files.some((f) => /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(f)));
    } catch {
      return false;
    }
  }
}
