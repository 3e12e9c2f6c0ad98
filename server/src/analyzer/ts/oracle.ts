// The type side of the engine: every question a rule asks about types goes through
// `TypeOracle`, answered here with TypeScript 7's checker. Answers are cached per type id
// (and per generic target), because one file asks the same question about `Promise<T>` often,
// and every uncached question costs a round trip to the compiler process.
import { ObjectFlags, SignatureKind, SymbolFlags, TypeFlags } from "typescript/unstable/sync";
import type { Checker, Signature, Symbol as TsSymbol, Type } from "typescript/unstable/sync";
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
  /**
   * Whether the value is an array or tuple (every member of a union) whose every element type is named by
   * one of `specifiers`, directly or through a base class or interface (`EditorWidget extends Widget`).
   */
  elementMatchesSpecifier(node: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean;
  /** Whether the function called through `callee` is named by one of `specifiers` (by its local name or its type). */
  calleeMatchesSpecifier(callee: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean;
  /**
   * How thenable a value is: "always" when every member of its type has a `then` taking a callback
   * (a promise where a value is expected), "sometimes" when some member has one, else "never".
   */
  thenable(node: Node): "always" | "sometimes" | "never";
  /** Whether the value may be a thenable: some member has a `then` taking a callback, or its type is `any`/`unknown` or unknown to us. */
  mayBeThenable(node: Node): boolean;
  /** Whether calling the value can return a thenable (some signature of some member does). */
  returnsThenable(node: Node): boolean;
  /** Whether property `name` of the value's type, as declared (not narrowed here), can return a thenable when called. */
  memberReturnsThenable(object: Node, name: string): boolean;
  /** Whether every member of the value's type has a property of this name (so `x.name` compiles). */
  hasPropertyEverywhere(node: Node, name: string): boolean;
  /** Whether the value is an array or tuple (some member of its constrained type; every member with `everyMember`). */
  isArrayOrTuple(node: Node, everyMember?: boolean): boolean;
  /**
   * Whether the value's type is itself one array or tuple type: not a union of them (`[a] | B[]`), an
   * intersection or a type parameter, from which a generic `readonly T[]` parameter may fail to infer `T`.
   */
  isPlainArray(node: Node): boolean;
  /** The number of elements of a tuple-typed value, or undefined when it is not a tuple. */
  tupleLength(node: Node): number | undefined;
  /** Where the value at `node` is declared (the files of its declarations). */
  declarationOrigin(node: Node): { files: readonly string[]; isDefaultLib: boolean } | undefined;
  /** Whether the value is the built-in Promise or a subclass (every member of a union; a type parameter's constraint). */
  isBuiltinPromiseValue(node: Node): boolean;
  /** The value of an expression whose type is one string literal (`const k = "finally"; p[k]`). */
  stringLiteralValue(node: Node): string | undefined;

  // ---- what a position does with the result of a function given to it (checksVoidReturn) ----

  /** The expectation of the type of `node` itself: a declared binding, an assignment target, a type node. */
  callbackExpectation(node: Node): CallbackExpectation;
  /** The expectation of the contextual type of an expression: what its position asks for. */
  contextualCallbackExpectation(node: Node): CallbackExpectation;
  /** The expectation of property `name` in the contextual type of an object literal (first union member that has it). */
  contextualPropertyExpectation(objectLiteral: Node, name: string): CallbackExpectation;
  /** The expectation of property `name` of the type of `node` (a heritage clause's type, instantiated). */
  propertyExpectation(node: Node, name: string): CallbackExpectation;
  /**
   * Of the given argument indices of a call or `new`, those where some signature of some member of the
   * callee's type (or the argument's contextual type) expects a function returning `void`, and none
   * accepts a promise-returning one. Rest parameters spread over the arguments they take.
   */
  voidCallbackArguments(call: Node, indices: readonly number[]): number[];
  /**
   * The same question from the callee's declared parameter types alone (no contextual types, so the
   * call itself is not resolved): the indices that may be void positions, including generic ones
   * that an instantiation at this call could make void.
   */
  possiblyVoidCallbackArguments(call: Node, indices: readonly number[]): number[];
  /** The expectation of the value's `[Symbol.dispose]` method, or undefined when it has none. */
  disposeExpectation(node: Node): CallbackExpectation | undefined;
  /**
   * How many distinct values an array's elements can take, when its element type is a union of unit
   * types (an enum, a union of literals, boolean); undefined for anything else.
   */
  elementDomainSize(node: Node): number | undefined;
  /** The declaration (resolved to its syntax, possibly in another file) of the value `callee` names. */
  valueDeclaration(callee: Node): Node | undefined;

  // ---- whether a function may start returning a promise (the make-async fix) ----

  /**
   * How a function type at a place would take a promise returned instead of what the function returns now:
   * the contextual type of `at`; or, with `property`, that property of the type of `at` (a heritage clause),
   * or of the contextual type of `at` when `contextual` is set (an object literal).
   */
  promiseReturnFit(at: Node, property?: string, contextual?: boolean): PromiseReturnFit;
}

/**
 * "none": no function type constrains the place; "welcome": every signature returns `any`, `unknown` or
 * something with a thenable member; "ignored": some signature returns `void` (the promise would be dropped);
 * "rejected": some signature returns another value, or the type is not a plain function type.
 */
export type PromiseReturnFit = "none" | "welcome" | "ignored" | "rejected";

/**
 * What a function type does with the result of the function it stands for, as typescript-eslint's
 * checksVoidReturn decides it: "thenable" when some call signature of some union member returns a
 * thenable (a promise-returning function is welcome there), else "void" when some signature returns
 * exactly `void` (the result is ignored), else "other" (`unknown`, `any`, `Function`, not a function).
 */
export type CallbackExpectation = "void" | "thenable" | "other";

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
  /** Per type id: the element types if the type is an array (one) or tuple (each), else null. */
  private readonly arrayShapes = new Map<number, ArrayShape | null>();
  private readonly ambientModules = new Map<number, readonly string[]>();
  private readonly callbackThen = new Map<number, boolean>();
  private readonly notArrayTargets = new Set<number>();
  private readonly typeParts = new Map<number, readonly Type[]>();
  private readonly signatureLists = new Map<string, readonly Signature[]>();
  /** Per generic target: instantiations of a target with no signatures have none either. */
  private readonly signatureless = new Set<string>();
  private readonly returnTypes = new Map<number, Type | undefined>();
  private readonly parameterTypes = new Map<string, Type | undefined>();
  private readonly returnsThenableTypes = new Map<number, boolean>();
  private readonly expectations = new Map<number, CallbackExpectation>();
  private readonly contextualTypes = new Map<Node, Type | undefined>();
  private readonly properties = new Map<string, TsSymbol | undefined>();
  private readonly symbolTypes = new Map<number, Type | undefined>();
  /** The global `Disposable` interface, or null when the program's lib lacks it. */
  private disposable: { type: Type; name: string } | null | undefined;
  /** Per apparent type id: its `[Symbol.dispose]` member, or null. */
  private readonly disposeMembers = new Map<number, TsSymbol | null>();

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
    return this.arrayShape(type)?.elements;
  }

  private arrayShape(type: Type): ArrayShape | undefined {
    // Arrays and tuples are always type references: everything else is answered without a round trip.
    if (!(type.flags & TypeFlags.Object) || !((type as { objectFlags?: number }).objectFlags! & ObjectFlags.Reference)) return undefined;
    let shape = this.arrayShapes.get(type.id);
    // Being an array is a property of the generic target: `Promise<A>` and `Promise<B>` need one answer.
    const target = (type as { target?: number }).target;
    if (shape === undefined && target && this.notArrayTargets.has(target)) shape = null;
    if (shape === undefined) {
      if (this.checker.isArrayType(type)) shape = { tuple: false, elements: this.checker.getTypeArguments(type as never).slice(0, 1) };
      else if (this.checker.isTupleType(type)) shape = { tuple: true, elements: this.checker.getTypeArguments(type as never) };
      else {
        shape = null;
        if (target) this.notArrayTargets.add(target);
      }
      this.arrayShapes.set(type.id, shape);
    }
    return shape ?? undefined;
  }

  isCallable(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type) return false;
    // `any` and the global `Function` type may well be functions; only say "not callable" when we know.
    if (type.flags & TypeFlags.Any) return true;
    if (this.signatures(type, SignatureKind.Call).length > 0) return true;
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

  mayBeThenable(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & TypeFlags.AnyOrUnknown) return true;
    if (type.flags & TypeFlags.Never) return false;
    return this.unionParts(this.apparentType(type)).some((m) => m.flags & TypeFlags.AnyOrUnknown || this.hasCallbackThen(m));
  }

  returnsThenable(node: Node): boolean {
    return this.typeReturnsThenable(this.typeAt(node));
  }

  memberReturnsThenable(object: Node, name: string): boolean {
    const type = this.typeAt(object);
    if (!type || type.flags & NEVER_PROMISE) return false;
    const property = this.propertyOf(this.apparentType(type), name);
    return this.typeReturnsThenable(property && this.typeOfSymbol(property));
  }

  /** Whether calling a value of this type can return a thenable (cached per type). */
  private typeReturnsThenable(type: Type | undefined): boolean {
    if (!type || type.flags & NEVER_PROMISE) return false;
    let result = this.returnsThenableTypes.get(type.id);
    if (result === undefined) {
      result = this.unionParts(this.apparentType(type)).some((m) => this.someSignatureReturnsThenable(m));
      this.returnsThenableTypes.set(type.id, result);
    }
    return result;
  }

  private someSignatureReturnsThenable(type: Type): boolean {
    return this.signatures(type, SignatureKind.Call).some((sig) => this.isThenableType(this.returnType(sig)));
  }

  /** ts-api-utils' isThenableType: some member of the apparent type has a `then` taking a callback. */
  private isThenableType(type: Type | undefined): boolean {
    return !!type && !(type.flags & NEVER_PROMISE) && this.unionParts(this.apparentType(type)).some((r) => this.hasCallbackThen(r));
  }

  isArrayOrTuple(node: Node, everyMember = false): boolean {
    const type = this.typeAt(node);
    if (!type) return false;
    const constrained = type.flags & TypeFlags.TypeParameter ? (this.checker.getBaseConstraintOfType(type) ?? type) : type;
    const isArray = (u: Type) => this.parts(u).some((m) => this.elementsOf(this.apparentType(m)) !== undefined);
    return everyMember ? this.unionParts(constrained).every(isArray) : this.unionParts(constrained).some(isArray);
  }

  isPlainArray(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & (TypeFlags.Instantiable | TypeFlags.UnionOrIntersection)) return false;
    return this.elementsOf(type) !== undefined;
  }

  /** A `then` property whose first parameter takes a callback (a rest parameter's element counts). */
  private hasCallbackThen(type: Type): boolean {
    const key = cacheKey(type);
    const cached = this.callbackThen.get(key);
    if (cached !== undefined) return cached;
    const result = this.someThenSignature(type, (sig) => {
      const first = sig.getParameters()[0];
      if (!first) return false;
      let paramType = this.checker.getTypeOfSymbol(first);
      if (paramType && sig.hasRestParameter && sig.getParameters().length === 1) {
        paramType = this.checker.getTypeArguments(paramType as never)[0] ?? paramType;
      }
      return !!paramType && this.unionParts(this.apparentType(paramType)).some((p) => this.isCallableType(p));
    });
    this.callbackThen.set(key, result);
    return result;
  }

  hasPropertyEverywhere(node: Node, name: string): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & (TypeFlags.AnyOrUnknown | TypeFlags.Never)) return false;
    return this.unionParts(this.apparentType(type)).every((m) => !(m.flags & TypeFlags.Nullable) && !!this.checker.getPropertyOfType(m, name));
  }

  tupleLength(node: Node): number | undefined {
    const type = this.typeAt(node);
    if (!type) return undefined;
    const shape = this.arrayShape(this.apparentType(type));
    return shape?.tuple ? shape.elements.length : undefined;
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

  elementDomainSize(node: Node): number | undefined {
    const type = this.typeAt(node);
    if (!type) return undefined;
    const shape = this.arrayShape(this.apparentType(type));
    if (!shape || shape.tuple || shape.elements.length !== 1) return undefined;
    const parts = this.unionParts(shape.elements[0]!);
    return parts.every((p) => p.flags & TypeFlags.Unit) ? parts.length : undefined;
  }

  valueDeclaration(callee: Node): Node | undefined {
    const at = callee.kind === SyntaxKind.PropertyAccessExpression ? (callee as unknown as { name: Node }).name : callee;
    try {
      let symbol: TsSymbol | undefined = this.checker.getSymbolAtLocation(at);
      if (symbol && symbol.flags & SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      return (symbol?.valueDeclaration?.resolve() as Node | undefined) ?? undefined;
    } catch {
      // A node the compiler cannot answer for (see `failures`): no declaration.
      this.failures++;
      return undefined;
    }
  }

  isBuiltinPromiseValue(node: Node): boolean {
    const type = this.typeAt(node);
    if (!type || type.flags & NEVER_PROMISE) return false;
    const constrained = type.flags & TypeFlags.TypeParameter ? (this.checker.getBaseConstraintOfType(type) ?? type) : type;
    return this.isBuiltinPromise(constrained);
  }

  stringLiteralValue(node: Node): string | undefined {
    const type = this.typeAt(node);
    const value = type && type.flags & TypeFlags.StringLiteral ? (type as { value?: unknown }).value : undefined;
    return typeof value === "string" ? value : undefined;
  }

  // ---- checksVoidReturn: what a position does with a function's result ----

  callbackExpectation(node: Node): CallbackExpectation {
    const type = this.typeAt(node);
    return type ? this.expectationOf(type) : "other";
  }

  contextualCallbackExpectation(node: Node): CallbackExpectation {
    const type = this.contextualTypeOf(node);
    return type ? this.expectationOf(type) : "other";
  }

  contextualPropertyExpectation(objectLiteral: Node, name: string): CallbackExpectation {
    const type = this.contextualTypeOf(objectLiteral);
    if (!type) return "other";
    for (const part of this.unionParts(type)) {
      if (part.flags & NEVER_PROMISE) continue;
      const property = this.propertyOf(part, name);
      if (property) {
        const propertyType = this.typeOfSymbol(property);
        return propertyType ? this.expectationOf(propertyType) : "other";
      }
    }
    return "other";
  }

  propertyExpectation(node: Node, name: string): CallbackExpectation {
    const type = this.typeAt(node);
    if (!type || type.flags & NEVER_PROMISE) return "other";
    const property = this.propertyOf(type, name);
    const propertyType = property && this.typeOfSymbol(property);
    return propertyType ? this.expectationOf(propertyType) : "other";
  }

  promiseReturnFit(at: Node, property?: string, contextual?: boolean): PromiseReturnFit {
    let type = property === undefined || contextual ? this.contextualTypeOf(at) : this.typeAt(at);
    if (type && property !== undefined) {
      // The first member of a union that has the property decides, as for contextualPropertyExpectation.
      const owner = this.unionParts(type).find((part) => !(part.flags & NEVER_PROMISE) && this.propertyOf(part, property));
      const symbol = owner && this.propertyOf(owner, property);
      type = symbol && this.typeOfSymbol(symbol);
    }
    if (!type) return "none";
    if (type.flags & TypeFlags.AnyOrUnknown) return "welcome";
    let fit: PromiseReturnFit = "welcome";
    for (const part of this.unionParts(type)) {
      if (part.flags & (TypeFlags.Undefined | TypeFlags.Null)) continue; // an optional member
      const signatures = this.signatures(part, SignatureKind.Call);
      if (signatures.length === 0) return "rejected";
      for (const signature of signatures) {
        const returned = this.returnType(signature);
        if (!returned || returned.flags & TypeFlags.AnyOrUnknown || this.isThenableType(returned)) continue;
        if (returned.flags & TypeFlags.Void) fit = "ignored";
        else return "rejected";
      }
    }
    return fit;
  }

  voidCallbackArguments(call: Node, indices: readonly number[]): number[] {
    const { voids, thenables, generic } = this.declaredCallbackPositions(call, indices);
    // A second look through the argument's contextual type sees generic callees instantiated at this
    // call (`useCallback<() => void>(async …)`). A position whose declared types are not generic has its
    // declared type as contextual type, so only generic ones are asked about (each question resolves the call).
    const args = (call as unknown as { arguments?: readonly Node[] }).arguments ?? [];
    for (const index of generic) {
      const contextual = args[index] && this.contextualTypeOf(args[index]);
      if (!contextual) continue;
      const expectation = this.expectationOf(contextual);
      if (expectation === "thenable") thenables.add(index);
      else if (expectation === "void") voids.add(index);
    }
    return indices.filter((i) => voids.has(i) && !thenables.has(i));
  }

  possiblyVoidCallbackArguments(call: Node, indices: readonly number[]): number[] {
    const { voids, thenables, generic } = this.declaredCallbackPositions(call, indices);
    return indices.filter((i) => !thenables.has(i) && (voids.has(i) || generic.has(i)));
  }

  /**
   * typescript-eslint's first look at a call: every signature of every union member of the callee's type,
   * not the resolved one, since an overload that accepts a promise-returning function anywhere makes the
   * position fine (microsoft/TypeScript#48077). Rest parameters spread over the arguments they take.
   */
  private declaredCallbackPositions(call: Node, indices: readonly number[]): { voids: Set<number>; thenables: Set<number>; generic: Set<number> } {
    const voids = new Set<number>();
    const thenables = new Set<number>();
    const generic = new Set<number>();
    const { expression: callee, arguments: args = [] } = call as unknown as { expression: Node; arguments?: readonly Node[] };
    const calleeType = indices.length > 0 ? this.typeAt(callee) : undefined;
    if (!calleeType) return { voids, thenables, generic };
    const kind = call.kind === SyntaxKind.NewExpression ? SignatureKind.Construct : SignatureKind.Call;
    const wanted = new Set(indices);
    // Type arguments written at the call can instantiate anything. Without them, a type parameter that is the
    // parameter's type (`cb: T`) or a callback's return type (`map(cb: (v: T) => U)`) is inferred from this very
    // argument, a promise-returning function, so it cannot turn the position void; it can only clear a void
    // one (`T extends () => void`). `Events[K]` and other computed types are instantiated from elsewhere. Each
    // contextual question resolves the call, which in heavily generic code costs milliseconds.
    const explicit = !!(call as unknown as { typeArguments?: readonly Node[] }).typeArguments?.length;
    const mark = (index: number, type: Type | undefined) => {
      if (!type || !wanted.has(index)) return;
      const expectation = this.expectationOf(type);
      if (expectation === "thenable") thenables.add(index);
      else if (expectation === "void") voids.add(index);
      const instantiable =
        explicit || expectation === "void"
          ? this.mayChangeOnInstantiation(type)
          : this.unionParts(type).some((p) => !!(p.flags & TypeFlags.Instantiable) && !(p.flags & TypeFlags.TypeParameter));
      if (instantiable) generic.add(index);
    };
    for (const part of this.unionParts(calleeType)) {
      for (const signature of this.signatures(part, kind)) {
        // Only the positions asked about: a generic signature's other parameter types can be costly to instantiate.
        for (const index of indices) {
          if (index < args.length) mark(index, this.parameterTypeAt(signature, index));
        }
      }
    }
    return { voids, thenables, generic };
  }

  disposeExpectation(node: Node): CallbackExpectation | undefined {
    const type = this.typeAt(node);
    const disposable = type && !(type.flags & NEVER_PROMISE) ? this.disposableType() : undefined;
    if (!type || !disposable) return undefined;
    const apparent = this.apparentType(type);
    // A cheap yes/no first (most types are not disposable), then the member, which TypeScript 7.0.2's
    // getPropertyOfType does not find by its `__@dispose@…` name: read it from the property list.
    let property = this.disposeMembers.get(apparent.id);
    if (property === undefined) {
      property = this.checker.isTypeAssignableTo(apparent, disposable.type)
        ? (this.checker.getPropertiesOfType(apparent).find((p) => p.name === disposable.name) ?? null)
        : null;
      this.disposeMembers.set(apparent.id, property);
    }
    const propertyType = property && this.typeOfSymbol(property);
    return propertyType ? this.expectationOf(propertyType) : undefined;
  }

  /** typescript-eslint's isThenableReturningFunctionType, then isVoidReturningFunctionType (per type id). */
  private expectationOf(type: Type): CallbackExpectation {
    let result = this.expectations.get(type.id);
    if (result === undefined) {
      result = "other";
      outer: for (const part of this.unionParts(type)) {
        for (const signature of this.signatures(part, SignatureKind.Call)) {
          const returned = this.returnType(signature);
          if (this.isThenableType(returned)) {
            result = "thenable";
            break outer;
          }
          if (returned && returned.flags & TypeFlags.Void) result = "void";
        }
      }
      this.expectations.set(type.id, result);
    }
    return result;
  }

  /**
   * Whether instantiating type parameters could change the expectation of a function type: the type
   * itself, or what one of its signatures returns, is (or has a member that is) a type variable.
   */
  private mayChangeOnInstantiation(type: Type): boolean {
    const isVariable = (t: Type | undefined) => !!t && this.unionParts(t).some((p) => !!(p.flags & TypeFlags.Instantiable));
    return isVariable(type) || this.unionParts(type).some((part) => this.signatures(part, SignatureKind.Call).some((sig) => isVariable(this.returnType(sig))));
  }

  /**
   * The type a signature gives the argument at `index` (the checker's getTypeAtPosition): its parameter's
   * type, or for a rest parameter the array's element type or the tuple's element at that position. Past a
   * fixed tuple's end, and for `...args: any`, that is `any`, which expects nothing (as typescript-eslint).
   */
  private parameterTypeAt(signature: Signature, index: number): Type | undefined {
    if (index >= signature.parameters.length && !signature.hasRestParameter) return undefined;
    const key = `${signature.id}:${index}`;
    if (!this.parameterTypes.has(key)) this.parameterTypes.set(key, this.checker.getParameterType(signature, index));
    return this.parameterTypes.get(key);
  }

  private contextualTypeOf(node: Node): Type | undefined {
    if (!this.contextualTypes.has(node)) {
      let type: Type | undefined;
      try {
        type = this.checker.getContextualType(node as never);
      } catch {
        this.failures++; // TypeScript 7.0.2 can fail on some nodes: no contextual type, no finding
      }
      this.contextualTypes.set(node, type);
    }
    return this.contextualTypes.get(node);
  }

  /** The global `Disposable` and its `[Symbol.dispose]` property's name (`__@dispose@<id>`), read once. */
  private disposableType(): { type: Type; name: string } | undefined {
    if (this.disposable === undefined) {
      this.disposable = null;
      const symbol = this.checker.resolveName("Disposable", SymbolFlags.Interface);
      if (symbol) {
        const type = this.checker.getDeclaredTypeOfSymbol(symbol);
        const name = this.checker.getPropertiesOfType(type).find((p) => p.name.startsWith("__@dispose@"))?.name;
        if (name) this.disposable = { type, name };
      }
    }
    return this.disposable ?? undefined;
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

  elementMatchesSpecifier(node: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    const type = this.typeAt(node);
    if (!type || type.flags & NEVER_PROMISE) return false;
    const arrays = this.unionParts(type).map((part) => this.elementsOf(this.apparentType(part)));
    if (arrays.some((elements) => !elements || elements.length === 0)) return false;
    return arrays.every((elements) => elements!.every((e) => specifiers.some((s) => this.typeOrBaseMatches(e, s, 0))));
  }

  /** The type, or one of its base classes or interfaces (a few levels up), is named by the specifier. */
  private typeOrBaseMatches(type: Type, specifier: TypeOrValueSpecifier, depth: number): boolean {
    if (this.typeMatches(type, specifier)) return true;
    if (depth >= 8 || !(type.flags & TypeFlags.Object)) return false;
    const symbol = type.getSymbol();
    if (!symbol || !(symbol.flags & (SymbolFlags.Class | SymbolFlags.Interface))) return false;
    const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
    return this.checker.getBaseTypes(declared as never).some((b) => this.typeOrBaseMatches(b, specifier, depth + 1));
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
    else if (type.flags & TypeFlags.Intersection) result = this.parts(type).some((t) => this.isBuiltinPromise(t));
    else if (type.flags & TypeFlags.Union) result = this.parts(type).every((t) => this.isBuiltinPromise(t));
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
    const result = this.someThenSignature(type, (sig) => {
      const params = sig.getParameters();
      return params.length >= 2 && this.isFunctionParameter(params[0]!) && this.isFunctionParameter(params[1]!);
    });
    this.twoCallbackThen.set(key, result);
    return result;
  }

  /** Whether some call signature of the type's `then` property passes `test`. */
  private someThenSignature(type: Type, test: (sig: Signature) => boolean): boolean {
    if (type.flags & NEVER_PROMISE) return false;
    const then = this.propertyOf(type, "then");
    const thenType = then && this.typeOfSymbol(then);
    return !!thenType && this.unionParts(thenType).some((part) => this.signatures(part, SignatureKind.Call).some(test));
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
    const result = this.signatures(type, SignatureKind.Call).length > 0;
    this.callable.set(type.id, result);
    return result;
  }

  // ---- specifiers (allow-lists) ----

  private typeMatches(type: Type, specifier: TypeOrValueSpecifier): boolean {
    if (type.isErrorType()) return false;
    if (type.flags & TypeFlags.Union) {
      // Every member must match; `null`/`undefined` members (an optional safe promise) do not count against it.
      const members = this.parts(type).filter((t) => !(t.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
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
    if (type.flags & TypeFlags.Intersection) return this.parts(type).some((t) => this.typeMatches(t, specifier));
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
    return type.flags & TypeFlags.Union ? this.parts(type) : [type];
  }

  /** The members of a union or intersection (one round trip per type, then cached). */
  private parts(type: Type): readonly Type[] {
    if (!(type.flags & TypeFlags.UnionOrIntersection)) return [type];
    let members = this.typeParts.get(type.id);
    if (!members) {
      members = type.isUnionType() || type.isIntersectionType() ? type.getTypes() : [type];
      this.typeParts.set(type.id, members);
    }
    return members;
  }

  /** Call or construct signatures; none for primitives, `any` and `unknown`, without asking. */
  private signatures(type: Type, kind: SignatureKind): readonly Signature[] {
    if (type.flags & NEVER_PROMISE) return [];
    const key = `${kind}:${type.id}`;
    // Instantiations of a generic interface or class without signatures have none either (Promise<X>, Map<K, V>).
    const isReference = !!(type.flags & TypeFlags.Object) && !!((type as { objectFlags?: number }).objectFlags! & ObjectFlags.Reference);
    const generic = isReference ? `${kind}:${cacheKey(type)}` : undefined;
    if (generic && this.signatureless.has(generic)) return [];
    let list = this.signatureLists.get(key);
    if (!list) {
      list = this.checker.getSignaturesOfType(type, kind);
      this.signatureLists.set(key, list);
      if (list.length === 0 && generic && generic !== key) this.signatureless.add(generic);
    }
    return list;
  }

  private returnType(sig: Signature): Type | undefined {
    if (!this.returnTypes.has(sig.id)) this.returnTypes.set(sig.id, this.checker.getReturnTypeOfSignature(sig));
    return this.returnTypes.get(sig.id);
  }

  private propertyOf(type: Type, name: string): TsSymbol | undefined {
    const key = `${type.id}\0${name}`;
    if (!this.properties.has(key)) this.properties.set(key, this.checker.getPropertyOfType(type, name));
    return this.properties.get(key);
  }

  private typeOfSymbol(symbol: TsSymbol): Type | undefined {
    if (!this.symbolTypes.has(symbol.id)) this.symbolTypes.set(symbol.id, this.checker.getTypeOfSymbol(symbol));
    return this.symbolTypes.get(symbol.id);
  }
}

interface ArrayShape {
  tuple: boolean;
  elements: readonly Type[];
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

function isInNodeModules(file: string): boolean {
  return file.includes("/node_modules/");
}

function isInPackage(file: string, pkg: string): boolean {
  const typesName = pkg.startsWith("@") ? pkg.slice(1).replace("/", "__") : pkg;
  return file.includes(`/node_modules/${pkg}/`) || file.includes(`/node_modules/@types/${typesName}/`);
}
