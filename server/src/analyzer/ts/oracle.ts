// The type side of the engine: every question a rule asks about types goes through
// `TypeOracle`, answered here with TypeScript 7's checker. Answers are cached per type id
// (and per generic target), because one file asks the same question about `Promise<T>` often,
// and every uncached question costs a round trip to the compiler process.
import { ObjectFlags, SignatureKind, SymbolFlags, TypeFlags } from "typescript/unstable/sync";
import type { Checker, Symbol as TsSymbol, Type } from "typescript/unstable/sync";
import { SyntaxKind } from "typescript/unstable/ast";
import type { Node } from "./syntax.js";
import path from "node:path";

/**
 * Names a type or value by where it is declared, in the format typescript-eslint made common:
 * a bare name matches anywhere; `from: "file"` means the project's own sources (optionally one
 * path, relative to the project folder); `from: "lib"` the TypeScript default libraries;
 * `from: "package"` the declarations of an npm package.
 */
export type TypeOrValueSpecifier =
  | string
  | { from: "file"; name: string | readonly string[]; path?: string }
  | { from: "lib"; name: string | readonly string[] }
  | { from: "package"; name: string | readonly string[]; package: string };

export type PromiseKind = "promise" | "thenable";

export interface PromiseQuery {
  /** Count any object with a two-callback `then` method, not only the built-in Promise. */
  checkThenables: boolean;
  /** Types that are never reported (typescript-eslint's allowForKnownSafePromises). */
  allow: readonly TypeOrValueSpecifier[];
}

/** What rules may ask about types. Engine-neutral: nodes in, plain answers out. */
export interface TypeOracle {
  /** Fetches the types of many nodes in one round trip; later questions about them are free. */
  prefetch(nodes: readonly Node[]): void;
  /** Whether the value of `node` is a promise (built-in Promise or subclass) or other thenable. */
  promiseKind(node: Node, query: PromiseQuery): PromiseKind | undefined;
  /** Whether `node` is an array or tuple holding promises. */
  isPromiseArray(node: Node, query: PromiseQuery): boolean;
  /** Whether the value of `node` can be called (every member of a union). */
  isCallable(node: Node): boolean;
  /** Whether the type of `node` is named by one of `specifiers`. */
  matchesSpecifier(node: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean;
  /** Whether the function called through `callee` is named by one of `specifiers` (by its local name or its type). */
  calleeMatchesSpecifier(callee: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean;
  /**
   * How thenable a value is: "always" when every member of its type has a `then` taking a callback
   * (a promise where a value is expected), "sometimes" when some member has one, else "never".
   */
  thenable(node: Node): "always" | "sometimes" | "never";
  /** Whether calling the value can return a thenable (some signature of some member does). */
  returnsThenable(node: Node): boolean;
  /** Whether the value is an array or tuple (some member of its constrained type). */
  isArrayOrTuple(node: Node): boolean;
  /** The number of elements of a tuple-typed value, or undefined when it is not a tuple. */
  tupleLength(node: Node): number | undefined;
  /** Where the value at `node` is declared (the files of its declarations). */
  declarationOrigin(node: Node): { files: readonly string[]; isDefaultLib: boolean } | undefined;
}

export interface OracleEnvironment {
  /** Folder of the TypeScript default library files (`lib.*.d.ts`). */
  libDir: string;
  /** Folder `from: "file"` paths are relative to (the project's folder). */
  projectDir: string;
}

const NEVER_PROMISE =
  TypeFlags.AnyOrUnknown |
  TypeFlags.Never |
  TypeFlags.VoidLike |
  TypeFlags.Null |
  TypeFlags.StringLike |
  TypeFlags.NumberLike |
  TypeFlags.BooleanLike |
  TypeFlags.BigIntLike |
  TypeFlags.ESSymbolLike |
  TypeFlags.EnumLike;

export class Ts7TypeOracle implements TypeOracle {
  private readonly nodeTypes = new Map<Node, Type | undefined>();
  private readonly apparent = new Map<number, Type>();
  private readonly builtinPromise = new Map<number, boolean>();
  private readonly twoCallbackThen = new Map<number, boolean>();
  private readonly callable = new Map<number, boolean>();
  /** Per type id: the element types if the type is an array or tuple, else null. */
  private readonly arrayElements = new Map<number, readonly Type[] | null>();
  private readonly ambientModules = new Map<number, readonly string[]>();
  private readonly callbackThen = new Map<number, boolean>();

  constructor(
    private readonly checker: Checker,
    private readonly env: OracleEnvironment,
  ) {}

  /** Nodes whose type the compiler failed to give (TypeScript 7.0.2 panics on some types). */
  failures = 0;

  prefetch(nodes: readonly Node[]): void {
    const missing = nodes.filter((n) => !this.nodeTypes.has(n));
    if (missing.length === 0) return;
    try {
      const types = this.checker.getTypeAtLocation(missing);
      missing.forEach((n, i) => this.nodeTypes.set(n, types[i]));
    } catch {
      // One bad node fails the whole batch: ask one by one, and treat the failing ones as unknown.
      for (const n of missing) {
        try {
          this.nodeTypes.set(n, this.checker.getTypeAtLocation(n));
        } catch {
          this.failures++;
          this.nodeTypes.set(n, undefined);
        }
      }
    }
  }

  private typeAt(node: Node): Type | undefined {
    if (!this.nodeTypes.has(node)) this.prefetch([node]);
    return this.nodeTypes.get(node);
  }

  promiseKind(node: Node, query: PromiseQuery): PromiseKind | undefined {
    const type = this.typeAt(node);
    return type ? this.promiseKindOfType(type, query) : undefined;
  }

  isPromiseArray(node: Node, query: PromiseQuery): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & NEVER_PROMISE) return false;
    return this.unionParts(type).some((part) => this.elementsOf(this.apparentType(part))?.some((e) => !!this.promiseKindOfType(e, query)));
  }

  /** Element types of an array (one) or tuple (each), or undefined for anything else. */
  private elementsOf(type: Type): readonly Type[] | undefined {
    // Arrays and tuples are always type references: everything else is answered without a round trip.
    if (!(type.flags & TypeFlags.Object) || !((type as { objectFlags?: number }).objectFlags! & ObjectFlags.Reference)) return undefined;
    let elements = this.arrayElements.get(type.id);
    if (elements === undefined) {
      if (this.checker.isArrayType(type)) elements = this.checker.getTypeArguments(type as never).slice(0, 1);
      else if (this.checker.isTupleType(type)) elements = this.checker.getTypeArguments(type as never);
      else elements = null;
      this.arrayElements.set(type.id, elements);
    }
    return elements ?? undefined;
  }

  isCallable(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type) return false;
    // `any` and the global `Function` type may well be functions; only say "not callable" when we know.
    if (type.flags & TypeFlags.Any) return true;
    if (this.checker.getSignaturesOfType(type, SignatureKind.Call).length > 0) return true;
    const symbol = type.getSymbol();
    return !!symbol && symbol.name === "Function" && this.isFromDefaultLib(symbol);
  }

  thenable(node: Node): "always" | "sometimes" | "never" {
    const type = this.typeAt(node);
    if (!type || type.flags & (TypeFlags.AnyOrUnknown | TypeFlags.Never)) return "never";
    const members = this.unionParts(this.apparentType(type));
    const thenables = members.filter((m) => this.hasCallbackThen(m));
    if (thenables.length === 0) return "never";
    return thenables.length === members.length ? "always" : "sometimes";
  }

  returnsThenable(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & (TypeFlags.AnyOrUnknown | TypeFlags.Never)) return false;
    return this.unionParts(this.apparentType(type)).some((m) =>
      this.checker.getSignaturesOfType(m, SignatureKind.Call).some((sig) => {
        const ret = this.checker.getReturnTypeOfSignature(sig);
        return !!ret && !(ret.flags & (TypeFlags.AnyOrUnknown | TypeFlags.Never)) && this.unionParts(this.apparentType(ret)).some((r) => this.hasCallbackThen(r));
      }),
    );
  }

  isArrayOrTuple(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type) return false;
    const constrained = type.flags & TypeFlags.TypeParameter ? (this.checker.getBaseConstraintOfType(type) ?? type) : type;
    return this.unionParts(constrained).some((u) => parts(u).some((m) => this.elementsOf(this.apparentType(m)) !== undefined));
  }

  /** A `then` property whose first parameter takes a callback (a rest parameter's element counts). */
  private hasCallbackThen(type: Type): boolean {
    const key = type.id;
    const cached = this.callbackThen.get(key);
    if (cached !== undefined) return cached;
    let result = false;
    if (!(type.flags & NEVER_PROMISE)) {
      const then = this.checker.getPropertyOfType(type, "then");
      const thenType = then && this.checker.getTypeOfSymbol(then);
      if (thenType) {
        result = this.unionParts(thenType).some((part) =>
          this.checker.getSignaturesOfType(part, SignatureKind.Call).some((sig) => {
            const first = sig.getParameters()[0];
            if (!first) return false;
            let paramType = this.checker.getTypeOfSymbol(first);
            if (paramType && sig.hasRestParameter && sig.getParameters().length === 1) {
              paramType = this.checker.getTypeArguments(paramType as never)[0] ?? paramType;
            }
            return !!paramType && this.unionParts(this.apparentType(paramType)).some((p) => this.isCallableType(p));
          }),
        );
      }
    }
    this.callbackThen.set(key, result);
    return result;
  }

  tupleLength(node: Node): number | undefined {
    const type = this.typeAt(node);
    if (!type) return undefined;
    const t = this.apparentType(type);
    const elements = this.elementsOf(t);
    return elements && this.checker.isTupleType(t) ? elements.length : undefined;
  }

  declarationOrigin(node: Node): { files: readonly string[]; isDefaultLib: boolean } | undefined {
    // The value's own symbol (through an import alias); the type's symbol only as a fallback, since an
    // overloaded function's type has none in TypeScript 7.0.2's API.
    const at = node.kind === SyntaxKind.PropertyAccessExpression ? (node as unknown as { name: Node }).name : node;
    let symbol: TsSymbol | undefined = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    if (!symbol || symbol.declarations.length === 0) {
      const type = this.typeAt(node);
      symbol = type && (type.getSymbol() ?? type.getAliasSymbol());
    }
    if (!symbol) return undefined;
    const files = symbol.declarations.map((d) => String(d.path));
    return { files, isDefaultLib: files.some((f) => this.isDefaultLibFile(f)) };
  }

  calleeMatchesSpecifier(callee: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    const type = this.typeAt(callee);
    const local = callee.kind === SyntaxKind.Identifier ? (callee as unknown as { text: string }).text : undefined;
    return specifiers.some((s) => {
      // By value: a bare identifier named in the specifier; a package specifier also wants the declaration there.
      if (local !== undefined && specifierNames(s).includes(local)) {
        if (typeof s === "string" || s.from !== "package") return true;
        const symbol = type && (type.getSymbol() ?? type.getAliasSymbol());
        if (symbol && this.declaredWhere(symbol, s)) return true;
      }
      return !!type && this.typeMatches(type, s);
    });
  }

  matchesSpecifier(node: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    const type = this.typeAt(node);
    return !!type && specifiers.some((s) => this.typeMatches(type, s));
  }

  // ---- promise detection ----

  private promiseKindOfType(type: Type, query: PromiseQuery): PromiseKind | undefined {
    if (type.flags & NEVER_PROMISE) return undefined;
    if (query.allow.length > 0 && query.allow.some((s) => this.typeMatches(type, s))) return undefined;
    const parts = this.unionParts(this.apparentType(type));
    if (parts.some((p) => this.isBuiltinPromise(p))) return "promise";
    if (query.checkThenables && parts.some((p) => this.hasRejectableThen(p))) return "thenable";
    return undefined;
  }

  /** The built-in Promise, a class or interface extending it, or an intersection containing one. */
  private isBuiltinPromise(type: Type): boolean {
    const key = cacheKey(type);
    const cached = this.builtinPromise.get(key);
    if (cached !== undefined) return cached;
    this.builtinPromise.set(key, false); // guards against cycles through base types
    let result = false;
    if (type.flags & NEVER_PROMISE) result = false;
    else if (type.flags & TypeFlags.Intersection) result = parts(type).some((t) => this.isBuiltinPromise(t));
    else if (type.flags & TypeFlags.Union) result = parts(type).every((t) => this.isBuiltinPromise(t));
    else if (type.flags & TypeFlags.TypeParameter) {
      const constraint = this.checker.getBaseConstraintOfType(type);
      result = !!constraint && constraint !== type && this.isBuiltinPromise(constraint);
    } else if (type.flags & TypeFlags.Object) {
      const symbol = type.getSymbol();
      if (symbol) {
        if (symbol.name === "Promise" && this.isFromDefaultLib(symbol)) result = true;
        else if (symbol.flags & (SymbolFlags.Class | SymbolFlags.Interface)) {
          const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
          result = this.checker.getBaseTypes(declared as never).some((b) => this.isBuiltinPromise(b));
        }
      }
    }
    this.builtinPromise.set(key, result);
    return result;
  }

  /** A `then` whose signatures take two callbacks: something a rejection can be handled on. */
  private hasRejectableThen(type: Type): boolean {
    const key = cacheKey(type);
    const cached = this.twoCallbackThen.get(key);
    if (cached !== undefined) return cached;
    let result = false;
    if (!(type.flags & NEVER_PROMISE)) {
      const then = this.checker.getPropertyOfType(type, "then");
      const thenType = then && this.checker.getTypeOfSymbol(then);
      if (thenType) {
        result = this.unionParts(thenType).some((part) =>
          this.checker.getSignaturesOfType(part, SignatureKind.Call).some((sig) => {
            const params = sig.getParameters();
            return params.length >= 2 && this.isFunctionParameter(params[0]!) && this.isFunctionParameter(params[1]!);
          }),
        );
      }
    }
    this.twoCallbackThen.set(key, result);
    return result;
  }

  private isFunctionParameter(param: TsSymbol): boolean {
    const type = this.checker.getTypeOfSymbol(param);
    if (!type) return false;
    const parts = this.unionParts(this.apparentType(type));
    return parts.some((p) => this.isCallableType(p));
  }

  private isCallableType(type: Type): boolean {
    const cached = this.callable.get(type.id);
    if (cached !== undefined) return cached;
    const result = this.checker.getSignaturesOfType(type, SignatureKind.Call).length > 0;
    this.callable.set(type.id, result);
    return result;
  }

  // ---- specifiers (allow-lists) ----

  private typeMatches(type: Type, specifier: TypeOrValueSpecifier): boolean {
    if (type.isErrorType()) return false;
    if (type.flags & TypeFlags.Union) {
      // Every member must match; `null`/`undefined` members (an optional safe promise) do not count against it.
      const members = parts(type).filter((t) => !(t.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
      return members.length > 0 && members.every((t) => this.typeMatches(t, specifier));
    }
    const names = specifierNames(specifier);
    // The name comes from the alias when there is one (`type Safe = Promise<X>` is named `Safe`) ...
    const named = type.getAliasSymbol() ?? type.getSymbol();
    const intrinsic = (type as { intrinsicName?: string }).intrinsicName;
    const nameMatches = (!!named && names.includes(named.name)) || (!!intrinsic && names.includes(intrinsic));
    if (nameMatches) {
      if (typeof specifier === "string") return true;
      // ... but where it is declared is read from the type's own symbol first.
      const declared = type.getSymbol() ?? type.getAliasSymbol();
      if (!declared) return specifier.from === "lib";
      if (this.declaredWhere(declared, specifier)) return true;
    }
    if (type.flags & TypeFlags.Intersection) return parts(type).some((t) => this.typeMatches(t, specifier));
    return false;
  }

  private declaredWhere(symbol: TsSymbol, specifier: Exclude<TypeOrValueSpecifier, string>): boolean {
    const files = symbol.declarations.map((d) => String(d.path));
    switch (specifier.from) {
      case "lib":
        return files.length === 0 || files.some((f) => this.isDefaultLibFile(f));
      case "file": {
        if (specifier.path === undefined) return files.some((f) => !this.isDefaultLibFile(f) && !isInNodeModules(f));
        const wanted = path.resolve(this.env.projectDir, specifier.path);
        return files.some((f) => path.resolve(f) === wanted);
      }
      case "package":
        return files.some((f) => isInPackage(f, specifier.package)) || this.declaredInAmbientModule(symbol, specifier.package);
    }
  }

  /** `declare module "pkg" { … }` in any file. */
  private declaredInAmbientModule(symbol: TsSymbol, pkg: string): boolean {
    for (let parent = symbol.getParent(); parent; parent = parent.getParent()) {
      if (parent.flags & SymbolFlags.ValueModule || parent.flags & SymbolFlags.NamespaceModule) {
        if (parent.name === `"${pkg}"` || parent.name === pkg) return true;
      }
    }
    // TypeScript 7.0.2 gives members of an ambient module no parent symbol: read the declarations instead.
    return this.ambientModulesOf(symbol).includes(pkg);
  }

  /** Names of the `declare module "…"` blocks around a symbol's declarations (one round trip per file, cached). */
  private ambientModulesOf(symbol: TsSymbol): readonly string[] {
    let names = this.ambientModules.get(symbol.id);
    if (!names) {
      const found = new Set<string>();
      for (const handle of symbol.declarations) {
        for (let n: Node | undefined = handle.resolve(); n; n = n.parent) {
          if (n.kind === SyntaxKind.ModuleDeclaration) {
            const name = (n as unknown as { name: Node & { text?: string } }).name;
            if (name.kind === SyntaxKind.StringLiteral && name.text !== undefined) found.add(name.text);
          }
        }
      }
      names = [...found];
      this.ambientModules.set(symbol.id, names);
    }
    return names;
  }

  private isFromDefaultLib(symbol: TsSymbol): boolean {
    return symbol.declarations.some((d) => this.isDefaultLibFile(String(d.path)));
  }

  private isDefaultLibFile(file: string): boolean {
    return path.dirname(file) === this.env.libDir && /^lib\..*\.d\.ts$/.test(path.basename(file));
  }

  // ---- small cached helpers ----

  private apparentType(type: Type): Type {
    let t = this.apparent.get(type.id);
    if (!t) {
      t = type.flags & (TypeFlags.Object | TypeFlags.UnionOrIntersection) ? type : (this.checker.getApparentType(type) ?? type);
      this.apparent.set(type.id, t);
    }
    return t;
  }

  private unionParts(type: Type): readonly Type[] {
    return type.flags & TypeFlags.Union ? parts(type) : [type];
  }
}

/** Generic instantiations share their target's answer (`Promise<number>` is `Promise<T>`). */
function cacheKey(type: Type): number {
  const target = (type as { target?: number }).target;
  return target && target !== type.id ? -target : type.id;
}

function specifierNames(specifier: TypeOrValueSpecifier): readonly string[] {
  if (typeof specifier === "string") return [specifier];
  return typeof specifier.name === "string" ? [specifier.name] : specifier.name;
}

/** The members of a union or intersection. */
function parts(type: Type): readonly Type[] {
  return type.isUnionType() || type.isIntersectionType() ? type.getTypes() : [type];
}

function isInNodeModules(file: string): boolean {
  return file.includes("/node_modules/");
}

function isInPackage(file: string, pkg: string): boolean {
  const typesName = pkg.startsWith("@") ? pkg.slice(1).replace("/", "__") : pkg;
  return file.includes(`/node_modules/${pkg}/`) || file.includes(`/node_modules/@types/${typesName}/`);
}
