// The "make the enclosing function async and await" fix for a promise dropped outside async code.
// `async` changes what the function returns (a promise, settled later), so it is offered only where
// every caller this file can see tolerates that and the function's own contract allows it:
// - a callback: the place it is given to must take a promise-returning function ("welcome"); where
//   the result is ignored (`forEach`, listeners) the rejection would stay unhandled, so not there;
// - a named function, method or field: each reference in the file must be a call whose result is
//   dropped, voided or awaited; an exported function (callers we cannot see) only if it returns
//   nothing; a member of a class other files can reach only if private (it could be overridden there);
// - a method: every base class or interface must welcome a promise-returning member of that name;
// - never constructors, accessors, generators, overloads, or a declared return type other than
//   `Promise<…>` (`: void` becomes `: Promise<void>`).
// Unsafe in any case: code after the call no longer waits for the function's tail, and errors it
// threw synchronously now reject instead.
import { K, skipParens, enclosingFunction, hasModifier, isFunctionLike, type Expression, type Node, type SourceFile } from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";
import { awaitAll, makeAsync, prefixOperator } from "./edits.js";
import { makeFix } from "./fixes.js";
import type { Fix } from "./types.js";

interface FnNode {
  kind: number;
  name?: Node & { text?: string };
  type?: Node;
  body?: Node;
  asteriskToken?: Node;
  parent: Node;
}

/** The fix for the statement `e` (whose promise is dropped), or undefined where it may not compile. */
export function makeAsyncFix(e: Expression, array: boolean, sf: SourceFile, types: TypeOracle): Fix | undefined {
  if (e.kind === K.VoidExpression) return undefined;
  // `Promise.all(x)` needs an array everywhere (not `T[] | undefined`, not a bare type parameter).
  if (array && !types.hasPropertyEverywhere(skipParens(e), "length")) return undefined;
  const fn = enclosingFunction(e);
  if (!fn) return undefined;
  const f = fn as unknown as FnNode;
  const allowed = fn.kind === K.FunctionDeclaration || fn.kind === K.FunctionExpression || fn.kind === K.ArrowFunction || fn.kind === K.MethodDeclaration;
  if (!allowed || f.asteriskToken || !f.body || f.body.kind !== K.Block) return undefined;
  if (/\.(m|c)?jsx?$/.test(sf.fileName) && declaresReturnInJsDoc(fn, sf)) return undefined;

  // The declared return type: none, `Promise<…>` (unchanged by async), or `void` (rewritten).
  let voidType: Node | undefined;
  let returnsPromiseAlready = false;
  if (f.type) {
    if (f.type.kind === K.VoidKeyword) voidType = f.type;
    else if (isPromiseReference(f.type)) returnsPromiseAlready = true;
    else return undefined;
  }
  if (!returnsPromiseAlready && !callersTolerate(fn, f, !voidType && returnsValue(f.body), sf, types)) return undefined;

  const name = displayName(fn, f, sf);
  const edits = [...makeAsync(fn, sf, voidType), ...(array ? awaitAll(e, sf) : prefixOperator("await", e, sf))];
  return makeFix("make-async", edits, name ? `Make ${name} async and await this` : undefined);
}

function callersTolerate(fn: Node, f: FnNode, returnsValue: boolean, sf: SourceFile, types: TypeOracle): boolean {
  if (hasOverloads(fn, f)) return false;
  if (fn.kind === K.FunctionDeclaration) {
    const name = f.name?.text;
    if (!name) return isDefaultExport(fn) && !returnsValue;
    const refs = references(sf, name, f.name!, false);
    if (!refs) return false;
    return !(refs.exported || isExported(fn)) || !returnsValue;
  }
  if (fn.kind === K.MethodDeclaration) return memberTolerates(fn, f.name, f.parent, returnsValue, sf, types);

  // A function or arrow expression: the place it is given to decides, else the name it is bound to.
  const fit = types.promiseReturnFit(fn);
  if (fit === "welcome") return true;
  if (fit !== "none") return false;
  let holder: Node = fn.parent;
  while (holder.kind === K.ParenthesizedExpression) holder = holder.parent;
  if (holder.kind === K.CallExpression && skipParensUp(fn) === (holder as unknown as { expression: Node }).expression) return droppedResult(holder); // an IIFE
  if (holder.kind === K.VariableDeclaration) {
    const v = holder as unknown as { name: Node & { text?: string }; type?: Node; initializer?: Node };
    if (v.name.kind !== K.Identifier || v.type || skipParensDown(v.initializer) !== fn) return false;
    const refs = references(sf, v.name.text!, v.name, false);
    if (!refs) return false;
    const statement = holder.parent?.parent;
    const exported = refs.exported || (!!statement && statement.kind === K.VariableStatement && hasModifier(statement, K.ExportKeyword));
    return !exported || !returnsValue;
  }
  if (holder.kind === K.PropertyDeclaration) {
    const p = holder as unknown as { name?: Node & { text?: string }; type?: Node; initializer?: Node };
    if (p.type || skipParensDown(p.initializer) !== fn) return false;
    return memberTolerates(holder, p.name, holder.parent, returnsValue, sf, types);
  }
  return false;
}

/** A method or field `name` of a class or object literal. */
function memberTolerates(member: Node, nameNode: (Node & { text?: string }) | undefined, owner: Node, returnsValue: boolean, sf: SourceFile, types: TypeOracle): boolean {
  if (!nameNode || (nameNode.kind !== K.Identifier && nameNode.kind !== K.PrivateIdentifier && nameNode.kind !== K.StringLiteral)) return false;
  const name = nameNode.text!;
  if (owner.kind === K.ObjectLiteralExpression) {
    const fit = types.promiseReturnFit(owner, name, true);
    if (fit === "welcome") return true;
    if (fit !== "none") return false;
    const refs = references(sf, name, nameNode, true);
    if (!refs) return false;
    // Only a literal bound to a local, unexported name keeps its callers in this file.
    let holder = owner.parent;
    while (holder.kind === K.ParenthesizedExpression) holder = holder.parent;
    const statement = holder.kind === K.VariableDeclaration ? holder.parent?.parent : undefined;
    const local = !!statement && statement.kind === K.VariableStatement && !hasModifier(statement, K.ExportKeyword) && statement.parent?.kind === K.SourceFile;
    return local || !returnsValue;
  }
  if (owner.kind !== K.ClassDeclaration && owner.kind !== K.ClassExpression) return false;
  const heritage = ((owner as unknown as { heritageClauses?: readonly { types: readonly Node[] }[] }).heritageClauses ?? []).flatMap((c) => c.types);
  if (heritage.length > 0 && hasModifier(member, K.StaticKeyword)) return false;
  for (const base of heritage) {
    const fit = types.promiseReturnFit(base, name);
    if (fit === "ignored" || fit === "rejected") return false;
  }
  if (hasModifier(member, K.AbstractKeyword) || hasModifier(member, K.OverrideKeyword) && heritage.length === 0) return false;
  // The bases' own declarations of the member were judged above, through their types.
  const baseNames = new Set(heritage.map((h) => (h as unknown as { expression: Node & { text?: string } }).expression.text).filter((n): n is string => !!n));
  const refs = references(sf, name, nameNode, true, (id) => isMemberOf(id, baseNames));
  if (!refs) return false;
  const hidden = nameNode.kind === K.PrivateIdentifier || hasModifier(member, K.PrivateKeyword);
  const classExported = owner.kind === K.ClassDeclaration && (isExported(owner) || refs.exported);
  // A public or protected member of a class other files can reach may be overridden there with a
  // non-promise return, which would then no longer compile: only private members, or classes kept here.
  const reachable = !hidden && (classExported || owner.kind === K.ClassExpression || classNameEscapes(owner, sf));
  return !reachable;
}

/** A class whose name is used other than by `new Name(…)` may be handed elsewhere; conservative. */
function classNameEscapes(owner: Node, sf: SourceFile): boolean {
  const name = (owner as unknown as { name?: Node & { text?: string } }).name;
  if (!name?.text) return true;
  let escapes = false;
  visitIdentifiers(sf, name.text, (id) => {
    if (id === name) return;
    const p = id.parent;
    if (!(p.kind === K.NewExpression && (p as unknown as { expression: Node }).expression === id)) escapes = true;
  });
  return escapes;
}

/**
 * Every occurrence of `name` in the file other than `own`: each must be a call (`name(…)`, or `x.name(…)`
 * for a member) whose result is dropped, voided or awaited, or an export of it. Undefined when some
 * occurrence is anything else (a value passed on, a type query, another declaration of the name).
 */
function references(sf: SourceFile, name: string, own: Node, member: boolean, judged?: (id: Node) => boolean): { exported: boolean } | undefined {
  let ok = true;
  let exported = false;
  visitIdentifiers(sf, name, (id) => {
    if (id === own || !ok || judged?.(id)) return;
    const p = id.parent;
    if (!member && (p.kind === K.ExportSpecifier || p.kind === K.ExportAssignment)) {
      exported = true;
      return;
    }
    let callee: Node = id;
    if (member) {
      if ((p.kind !== K.PropertyAccessExpression || (p as unknown as { name: Node }).name !== id)) {
        ok = false;
        return;
      }
      callee = p;
    }
    let call = callee.parent;
    while (call.kind === K.ParenthesizedExpression) call = call.parent;
    if (call.kind !== K.CallExpression || skipParensDown((call as unknown as { expression: Node }).expression) !== callee || !droppedResult(call)) ok = false;
  }, member);
  return ok ? { exported } : undefined;
}

/** `id` names a member declared in a class or interface called one of `owners`. */
function isMemberOf(id: Node, owners: ReadonlySet<string>): boolean {
  const declaration = id.parent;
  const kinds = [K.MethodDeclaration, K.MethodSignature, K.PropertyDeclaration, K.PropertySignature];
  if (!kinds.includes(declaration.kind) || (declaration as unknown as { name: Node }).name !== id) return false;
  const owner = declaration.parent as unknown as { kind: number; name?: { text?: string } };
  return (owner.kind === K.ClassDeclaration || owner.kind === K.InterfaceDeclaration) && !!owner.name?.text && owners.has(owner.name.text);
}

/** The call's value is dropped (a statement), voided or awaited: a promise there compiles. */
function droppedResult(call: Node): boolean {
  let p = call.parent;
  while (p.kind === K.ParenthesizedExpression) p = p.parent;
  return p.kind === K.ExpressionStatement || p.kind === K.VoidExpression || p.kind === K.AwaitExpression;
}

/** Identifiers named `name` in the file; with `strings`, string literals too (a member may be named or reached by one). */
function visitIdentifiers(sf: SourceFile, name: string, visit: (id: Node) => void, strings = false): void {
  for (const n of namedNodes(sf).get(name) ?? []) if (strings || n.kind !== K.StringLiteral) visit(n);
}

const nameIndex = new WeakMap<SourceFile, Map<string, Node[]>>();

/** The file's identifiers and string literals by text, in source order: one walk per tree, not one per question. */
function namedNodes(sf: SourceFile): Map<string, Node[]> {
  let index = nameIndex.get(sf);
  if (!index) {
    const built = new Map<string, Node[]>();
    const go = (n: Node): undefined => {
      if (n.kind === K.Identifier || n.kind === K.PrivateIdentifier || n.kind === K.StringLiteral) {
        const text = (n as unknown as { text: string }).text;
        const list = built.get(text);
        if (list) list.push(n);
        else built.set(text, [n]);
      }
      n.forEachChild(go);
      return undefined;
    };
    sf.forEachChild(go);
    nameIndex.set(sf, (index = built));
  }
  return index;
}

/** A `return` with a value in the function's own body (not in functions inside it). */
function returnsValue(body: Node): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression) return undefined;
    if (n.kind === K.ReturnStatement && (n as unknown as { expression?: Node }).expression) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  body.forEachChild(visit);
  return found;
}

function hasOverloads(fn: Node, f: FnNode): boolean {
  const name = f.name?.text;
  if (!name) return false;
  const siblings = (fn.parent as unknown as { statements?: readonly Node[]; members?: readonly Node[] }).statements ?? (fn.parent as unknown as { members?: readonly Node[] }).members ?? [];
  return siblings.some((s) => s !== fn && s.kind === fn.kind && (s as unknown as FnNode).name?.text === name && !(s as unknown as FnNode).body);
}

function isPromiseReference(type: Node): boolean {
  if (type.kind !== K.TypeReference) return false;
  const name = (type as unknown as { typeName: Node & { text?: string } }).typeName;
  return name.kind === K.Identifier && name.text === "Promise";
}

function isExported(node: Node): boolean {
  return hasModifier(node, K.ExportKeyword);
}

function isDefaultExport(node: Node): boolean {
  return hasModifier(node, K.ExportKeyword) && hasModifier(node, K.DefaultKeyword);
}

/** In JavaScript a JSDoc `@returns`/`@type` fixes the return type; async would contradict it. */
function declaresReturnInJsDoc(fn: Node, sf: SourceFile): boolean {
  const holders = [fn, fn.parent, fn.parent?.parent?.parent].filter((n): n is Node => !!n);
  return holders.some((n) => /@(returns?|type)\b/.test(sf.text.slice(n.pos, n.getStart(sf))));
}

function skipParensUp(n: Node): Node {
  let x = n;
  while (x.parent.kind === K.ParenthesizedExpression) x = x.parent;
  return x;
}

function skipParensDown(n: Node | undefined): Node | undefined {
  let x = n;
  while (x && x.kind === K.ParenthesizedExpression) x = (x as unknown as { expression: Node }).expression;
  return x;
}

function displayName(fn: Node, f: FnNode, sf: SourceFile): string | undefined {
  const own = f.name?.text;
  // Menus show titles as plain text: quotes, not Markdown backticks.
  if (own) return `'${own}'`;
  const p = fn.parent as unknown as { kind: number; name?: Node };
  if ((p.kind === K.VariableDeclaration || p.kind === K.PropertyDeclaration) && p.name) return `'${sf.text.slice(p.name.getStart(sf), p.name.end)}'`;
  return fn.kind === K.ArrowFunction || fn.kind === K.FunctionExpression ? "this function" : undefined;
}
