// Does calling this value return a promise? Read from syntax where possible, for void-return.ts.
//
// Every type question about an expression makes the checker check it and whatever it depends on: a
// name inferred from a generic call, or a callback parameter typed by the call around it, means
// resolving that call. In heavily generic code (viem's ABI types) asking about every value given where
// a function is expected costs five times the rest of the analysis. So a value is read from syntax
// where that settles it (an `async` function, a local async function's name, a literal), then from
// types that come from declarations (an annotation, a function, an import, a global), and only then,
// where the caller can afford it, from the type of the value itself ("unknown").
import {
  K,
  NEVER_PROMISE_SYNTAX,
  skipParens,
  memberName,
  memberObject,
  hasModifier,
  isFunctionLike,
  findDeclaration,
  type Node,
  type Expression,
  type CallExpression,
  type BinaryExpression,
} from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";

/**
 * What tells whether calling a value can return a thenable:
 * - `yes`: nothing more (an async function); `no`: nothing can (a literal, a generator, no `return`);
 * - `check`: cheap questions, true when some of `values` has a thenable type (what a function
 *   returns, or its return type annotation), some of `functions` returns one, or some property `name`
 *   of the type of `object` (as declared, not narrowed where it is used) returns one;
 * - `unknown`: only the value's own type tells, which may cost a check of the code around it.
 */
export type Probe =
  | { kind: "yes" }
  | { kind: "no" }
  | { kind: "unknown" }
  | { kind: "check"; values: readonly Node[]; functions: readonly Node[]; members: readonly { object: Node; name: string }[] };

const YES: Probe = { kind: "yes" };
const NO: Probe = { kind: "no" };
const UNKNOWN: Probe = { kind: "unknown" };
const values = (...nodes: Node[]): Probe => ({ kind: "check", values: nodes, functions: [], members: [] });
export const functions = (...nodes: Node[]): Probe => ({ kind: "check", values: [], functions: nodes, members: [] });
const member = (object: Node, name: string): Probe => ({ kind: "check", values: [], functions: [], members: [{ object, name }] });

/** A promise from any part makes a promise; an unknown part makes the whole unknown. */
function merge(probes: readonly Probe[]): Probe {
  if (probes.some((p) => p.kind === "yes")) return YES;
  if (probes.some((p) => p.kind === "unknown")) return UNKNOWN;
  const checks = probes.filter((p): p is Extract<Probe, { kind: "check" }> => p.kind === "check");
  if (checks.length === 0) return NO;
  return { kind: "check", values: checks.flatMap((c) => c.values), functions: checks.flatMap((c) => c.functions), members: checks.flatMap((c) => c.members) };
}

/** The nodes whose types a `check` probe needs, for the file's batch. */
export function probeNodes(probe: Probe): readonly Node[] {
  return probe.kind === "check" ? [...probe.values, ...probe.functions, ...probe.members.map((m) => m.object)] : [];
}

/** The answer, once the probe's nodes are fetched. `unknown` must have been replaced by the caller. */
export function returnsThenable(types: TypeOracle, probe: Probe): boolean {
  switch (probe.kind) {
    case "yes":
      return true;
    case "no":
    case "unknown":
      return false;
    case "check":
      return (
        probe.values.some((n) => types.thenable(n) !== "never") ||
        probe.functions.some((n) => types.returnsThenable(n)) ||
        probe.members.some((m) => types.memberReturnsThenable(m.object, m.name))
      );
  }
}

// ---- names ----

/**
 * What a name refers to, read from its declaration in this file: a function to read syntactically, a
 * node whose type comes from a declaration (`typed`; the name itself for a global), nothing callable
 * (`no`, a class), or a value only inference can type (`unknown`).
 */
export type Ref = { kind: "no" } | { kind: "unknown" } | { kind: "typed"; node: Node } | { kind: "function"; fn: Node };

export function resolveName(id: Node): Ref {
  const decl = findDeclaration(id) ?? findBindingElement(id);
  if (!decl) return { kind: "typed", node: id }; // a global: declared in a lib or an ambient file
  const named = (decl as unknown as { name?: Node }).name;
  const name = named?.kind === K.Identifier ? named : id;
  switch (decl.kind) {
    case K.FunctionDeclaration:
      return { kind: "function", fn: decl };
    case K.ClassDeclaration:
      return { kind: "no" };
    case K.VariableDeclaration: {
      const v = decl as unknown as { type?: Node; initializer?: Expression };
      if (v.type) return { kind: "typed", node: name };
      const init = v.initializer && skipParens(v.initializer);
      if (!init) return { kind: "unknown" };
      if (init.kind === K.ArrowFunction || init.kind === K.FunctionExpression) return { kind: "function", fn: init };
      // `useCallback(async () => …)`, `fn.bind(this)`, `[async () => {}]`: cheap to infer, and likely functions.
      return wrapsFunction(init) ? { kind: "typed", node: name } : { kind: "unknown" };
    }
    case K.Parameter:
      return isCheaplyTyped(decl) ? { kind: "typed", node: name } : { kind: "unknown" };
    case K.BindingElement: {
      // `{ onSave }` destructured from an annotated parameter, or from a name typed by its declaration.
      let root: Node = decl;
      while (root.kind === K.BindingElement || root.kind === K.ObjectBindingPattern || root.kind === K.ArrayBindingPattern) root = root.parent;
      if (root.kind === K.Parameter) return isCheaplyTyped(root) ? { kind: "typed", node: name } : { kind: "unknown" };
      const v = root as unknown as { type?: Node; initializer?: Expression };
      const init = v.initializer && skipParens(v.initializer);
      const fromName = !!init && (init.kind === K.ThisKeyword || (init.kind === K.Identifier && resolveName(init).kind === "typed"));
      return root.kind === K.VariableDeclaration && (v.type || fromName) ? { kind: "typed", node: name } : { kind: "unknown" };
    }
    default:
      return { kind: "typed", node: name }; // imports, catch and loop variables
  }
}

/**
 * A parameter whose type needs no call resolved (annotated, or of a function that is not a callback),
 * outside generic functions: there, types are instantiations of generic types, costly to compute (viem's
 * actions) and rarely callbacks whose promise matters.
 */
function isCheaplyTyped(param: Node): boolean {
  const owner = param.parent;
  if ((owner as unknown as { typeParameters?: readonly Node[] }).typeParameters?.length) return false;
  if ((param as unknown as { type?: Node }).type) return true;
  return !(owner.kind === K.ArrowFunction || owner.kind === K.FunctionExpression || (owner.kind === K.MethodDeclaration && owner.parent.kind === K.ObjectLiteralExpression));
}

/** A destructured name (`const { a } = …`, `({ a }) => …`), which findDeclaration leaves out. */
function findBindingElement(id: Node): Node | undefined {
  const name = (id as unknown as { text?: string }).text;
  if (!name) return undefined;
  const inPattern = (pattern: Node | undefined): Node | undefined => {
    if (!pattern || (pattern.kind !== K.ObjectBindingPattern && pattern.kind !== K.ArrayBindingPattern)) return undefined;
    for (const element of (pattern as unknown as { elements: readonly Node[] }).elements) {
      const n = (element as unknown as { name?: Node }).name;
      if (!n) continue;
      if (n.kind === K.Identifier && (n as unknown as { text: string }).text === name) return element;
      const nested = inPattern(n);
      if (nested) return nested;
    }
    return undefined;
  };
  for (let p: Node | undefined = id.parent; p; p = p.parent) {
    const statements = (p as unknown as { statements?: readonly Node[] }).statements;
    if (statements) {
      // Each statement list's destructured names are read once per tree.
      let names = patternNames.get(p);
      if (!names) patternNames.set(p, (names = namesInPatterns(statements)));
      const hit = names.get(name);
      if (hit) return hit;
    }
    if (isFunctionLike(p)) {
      for (const param of (p as unknown as { parameters: readonly Node[] }).parameters) {
        const hit = inPattern((param as unknown as { name: Node }).name);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

const patternNames = new WeakMap<Node, Map<string, Node>>();

/** The names bound by destructuring in a statement list's variable declarations, the first binding of each. */
function namesInPatterns(statements: readonly Node[]): Map<string, Node> {
  const names = new Map<string, Node>();
  const collect = (pattern: Node): void => {
    if (pattern.kind !== K.ObjectBindingPattern && pattern.kind !== K.ArrayBindingPattern) return;
    for (const element of (pattern as unknown as { elements: readonly Node[] }).elements) {
      const n = (element as unknown as { name?: Node }).name;
      if (!n) continue;
      if (n.kind === K.Identifier) {
        const text = (n as unknown as { text: string }).text;
        if (!names.has(text)) names.set(text, element);
      } else collect(n);
    }
  };
  for (const s of statements) {
    if (s.kind !== K.VariableStatement) continue;
    for (const d of (s as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) collect((d as unknown as { name: Node }).name);
  }
  return names;
}

/**
 * An initialiser that plausibly holds functions, and whose type is cheap to infer: `.bind(…)`, a
 * wrapper given an async function (`useCallback(async …)`), an array of functions (`[async () => {}]`).
 */
function wrapsFunction(init: Expression): boolean {
  const e = skipParens(init);
  switch (e.kind) {
    case K.CallExpression: {
      const call = e as CallExpression;
      return memberName(skipParens(call.expression)) === "bind" || call.arguments.some((a) => isFunctionExpression(a) && probeFunction(skipParens(a)).kind === "yes");
    }
    case K.ArrayLiteralExpression:
      return (e as unknown as { elements: readonly Expression[] }).elements.some(isFunctionExpression);
    case K.AsExpression:
    case K.SatisfiesExpression:
      return wrapsFunction((e as unknown as { expression: Expression }).expression);
    default:
      return false;
  }
}

function isFunctionExpression(e: Expression): boolean {
  const x = skipParens(e);
  return x.kind === K.ArrowFunction || x.kind === K.FunctionExpression;
}

/** `this.x`, `props.onSave`, `api.run.bind(api)`: member chains whose root's type comes from a declaration. */
export function hasCheapRoot(e: Expression): boolean {
  let x = skipParens(e);
  for (;;) {
    if (x.kind === K.PropertyAccessExpression || x.kind === K.ElementAccessExpression || x.kind === K.NonNullExpression) {
      x = skipParens((x as unknown as { expression: Expression }).expression);
    } else if (x.kind === K.CallExpression && memberName(skipParens((x as CallExpression).expression)) === "bind") {
      x = skipParens((x as CallExpression).expression);
    } else break;
  }
  if (x.kind === K.ThisKeyword || x.kind === K.SuperKeyword) return true;
  if (x.kind !== K.Identifier) return false;
  const ref = resolveName(x).kind;
  return ref === "typed" || ref === "function";
}

// ---- values ----

/** `this.x`, `props.onSave`, `api.run`: a member of a name typed by its declaration, as declared. */
function probeMember(e: Expression): Probe {
  const name = memberName(e);
  if (e.kind !== K.PropertyAccessExpression || name === undefined) return UNKNOWN;
  const object = skipParens((e as unknown as { expression: Expression }).expression);
  // `this.#handler`: a private name is not a property the declared type can be asked for by name, so the
  // access's own type is asked (one class declares it; nothing outside can replace it).
  if (name.startsWith("#")) return object.kind === K.ThisKeyword ? functions(e) : UNKNOWN;
  if (object.kind === K.ThisKeyword) return member(object, name);
  if (object.kind !== K.Identifier) return UNKNOWN;
  const ref = resolveName(object);
  return ref.kind === "typed" ? member(ref.node, name) : UNKNOWN;
}

/** A function's own declaration: async, generator, annotated, or what its body returns. */
export function probeFunction(fn: Node): Probe {
  const f = fn as unknown as { asteriskToken?: Node; type?: Node; body?: Node };
  if (f.asteriskToken) return NO; // generators return iterators, async generators async iterators: no `then`
  if (hasModifier(fn, K.AsyncKeyword)) return YES;
  if (f.type) return values(f.type);
  if (!f.body) return NO; // an overload or ambient declaration without a type returns `any`
  // A function that returns a call to itself (directly or through others) has no answer in its syntax.
  if (probing.has(fn)) return UNKNOWN;
  probing.add(fn);
  try {
    if (f.body.kind !== K.Block) return probeReturned(f.body as Expression);
    return merge(returnedExpressions(f.body).map(probeReturned));
  } finally {
    probing.delete(fn);
  }
}

/** Functions whose returns are being followed right now (to stop at recursion). */
const probing = new Set<Node>();

/**
 * What a returned expression tells about its function: `save()` returns what `save` returns, read from
 * the callee's signatures rather than the call's type, so the call need not be resolved (a generic
 * callee instantiated to a promise at this call is missed).
 */
function probeReturned(expression: Expression): Probe {
  const e = skipParens(expression);
  switch (e.kind) {
    case K.CallExpression: {
      const callee = skipParens((e as CallExpression).expression);
      if (callee.kind !== K.Identifier) return probeMember(callee);
      const ref = resolveName(callee);
      return ref.kind === "function" ? probeFunction(ref.fn) : ref.kind === "typed" ? functions(ref.node) : ref.kind === "no" ? NO : UNKNOWN;
    }
    case K.Identifier: {
      const ref = resolveName(e);
      return ref.kind === "typed" ? values(ref.node) : ref.kind === "unknown" ? UNKNOWN : NO;
    }
    case K.ConditionalExpression: {
      const c = e as unknown as { whenTrue: Expression; whenFalse: Expression };
      return merge([probeReturned(c.whenTrue), probeReturned(c.whenFalse)]);
    }
    case K.BinaryExpression: {
      const b = e as BinaryExpression;
      const op = b.operatorToken.kind;
      if (op === K.CommaToken) return probeReturned(b.right);
      if (op === K.BarBarToken || op === K.AmpersandAmpersandToken || op === K.QuestionQuestionToken) return merge([probeReturned(b.left), probeReturned(b.right)]);
      return isValueKeepingOperator(op) ? UNKNOWN : NO;
    }
    default:
      return couldBeThenable(e) ? UNKNOWN : NO;
  }
}

/** A value given where a function is expected: a function, a name, a member, a bound or wrapped function. */
export function probeValue(expression: Expression): Probe {
  const e = skipParens(expression);
  switch (e.kind) {
    case K.ArrowFunction:
    case K.FunctionExpression:
      return probeFunction(e);
    case K.Identifier: {
      const ref = resolveName(e);
      return ref.kind === "function" ? probeFunction(ref.fn) : ref.kind === "typed" ? functions(ref.node) : ref.kind === "no" ? NO : UNKNOWN;
    }
    case K.PropertyAccessExpression:
      return probeMember(e);
    case K.NonNullExpression:
      return probeValue((e as unknown as { expression: Expression }).expression);
    case K.CallExpression: {
      // `fn.bind(this)` returns what `fn` returns; `useCallback(async …)` is asked about where it is.
      const callee = skipParens((e as CallExpression).expression);
      if (memberName(callee) === "bind") return probeValue(memberObject(callee)!);
      return wrapsFunction(e) ? functions(e) : UNKNOWN;
    }
    case K.SpreadElement:
    case K.AsExpression:
    case K.SatisfiesExpression: {
      // `...handlers`, `fn as Handler`: the type of the whole, when the inner value is one we would ask about.
      const inner = probeValue((e as unknown as { expression: Expression }).expression);
      return inner.kind === "no" || inner.kind === "unknown" ? inner : functions(e);
    }
    case K.NewExpression:
    case K.ThisKeyword:
    case K.ClassExpression:
      return NO;
    default:
      return couldBeThenable(e) ? UNKNOWN : NO;
  }
}

/** `return` operands of a function body, not of the functions and classes inside it. */
function returnedExpressions(body: Node): Expression[] {
  const out: Expression[] = [];
  const visit = (n: Node): undefined => {
    if (isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.ReturnStatement) {
      const value = (n as unknown as { expression?: Expression }).expression;
      if (value) out.push(skipParens(value));
    }
    n.forEachChild(visit);
    return undefined;
  };
  body.forEachChild(visit);
  return out;
}

/** Values that can never be (or return) a thenable, told by their syntax. */
function couldBeThenable(e: Expression): boolean {
  if (NEVER_PROMISE_SYNTAX.has(e.kind)) return false;
  switch (e.kind) {
    case K.ArrayLiteralExpression:
    case K.ObjectLiteralExpression: // a literal with its own `then` is too odd to pay a question for
    case K.JsxElement:
    case K.JsxSelfClosingElement:
    case K.JsxFragment:
      return false;
    case K.BinaryExpression:
      return isValueKeepingOperator((e as BinaryExpression).operatorToken.kind);
    default:
      return true;
  }
}

/** `&&`, `||`, `??`, `,` and assignments give one of their operands; other operators give primitives. */
export function isValueKeepingOperator(op: number): boolean {
  return op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken || op === K.CommaToken || (op >= K.FirstAssignment && op <= K.LastAssignment);
}
