// floating-promise's checksVoidReturn (typescript-eslint no-misused-promises' void-return checks)
// and rethrowing handlers. Cases are named after the behaviour groups of our notes on upstream's
// test suite (§4 B, D, F, G, H, I, J); "deliberate: …" cases assert where we differ on purpose.
import rule from "./floating-promise.js";
import missingAwait from "./missing-await.js";
import { mark, runRuleTests, type RuleCase } from "../testing/rule-tester.js";
import { mapLimitHelper } from "../edits.js";
import { CONCURRENCY_PACKAGES } from "../testing/fake-packages.js";

const TYPESCRIPT_ESLINT_SPLIT = {
  rule: missingAwait,
  options: { checkReturnInTry: false, checkLocals: false },
  as: {
    notAwaited: "floating-promise:floating",
    arrayNotAwaited: "floating-promise:floatingArray",
    uselessHandler: "floating-promise:uselessHandler",
    rethrowingHandler: "floating-promise:rethrowingHandler",
  },
};

const lines = (...xs: string[]): string => xs.join("\n");

/** `line` with one caret annotation per `[part, expectation, nth?]`, for several findings on one line. */
function marks(line: string, ...specs: [string, string, number?][]): string {
  return [line, ...specs.map(([part, expectation, nth]) => mark(line, part, expectation, nth).split("\n")[1]!)].join("\n");
}
const fp = (messageId: string) => `floating-promise:${messageId}`;
const arg = fp("voidReturnArgument");
const attr = fp("voidReturnAttribute");
const inherited = fp("voidReturnInheritedMethod");
const prop = fp("voidReturnProperty");
const ret = fp("voidReturnReturnValue");
const variable = fp("voidReturnVariable");
const rethrow = fp("rethrowingHandler");

const base = lines(
  "type VoidFn = () => void;",
  "declare function takesVoid(cb: () => void): void;",
  "declare function work(): Promise<void>;",
  "declare const p: Promise<number>;",
  "declare const xs: number[];",
);

const valid: (RuleCase | string)[] = [
  {
    name: "mutually recursive functions given as a void callback: no answer from syntax, and no crash",
    code: "function tick(): void { void tock(); }\nfunction tock() { return later(); }\nfunction later() { return tock(); }\n[1].forEach(() => later());",
  },
  // ---- B. void-return positions that are fine ----
  { name: "§4.11 sync callbacks", code: lines(base, "xs.forEach((n) => { console.log(n); });", "takesVoid(() => {});", "const q = new Promise<void>((resolve) => resolve());") },
  {
    name: "§4.11 async callbacks with checksVoidReturn: false",
    code: lines(base, "xs.forEach(async () => {});", "const q = new Promise<void>(async (resolve) => resolve());"),
    options: { checksVoidReturn: false },
  },
  {
    name: "§4.11 async callbacks with arguments: false",
    code: lines(base, "xs.forEach(async () => {});", "takesVoid(async () => {});"),
    options: { checksVoidReturn: { arguments: false } },
  },
  { name: "§4.12 map(async …) inside Promise.all", code: lines(base, "export async function f() { await Promise.all(xs.map(async (n) => n)); }") },
  { name: "§4.13 a parameter typed () => Promise<void> | void", code: lines("declare function both(cb: () => Promise<void> | void): void;", "both(async () => {});") },
  {
    name: "§4.14 an untyped variable; targets typed as promise-returning",
    code: lines("let f;", "f = async () => 1;", "const g: () => Promise<number> = async () => 1;", "let h: () => Promise<number>;", "h = async () => 2;"),
  },
  {
    name: "§4.15 object literals: no contextual type, promise-returning members, computed method, non-object context",
    code: lines(
      "const loose = { f: async () => {}, async g() {} };",
      "const typed: { f: () => Promise<void> } = { f: async () => {} };",
      "const k = 'f';",
      "const computed: { f: () => void } = { async [k]() {} };",
      "const anyCtx: any = { f: async () => {} };",
    ),
  },
  { name: "§4.16 returning an async function from an unannotated function; bare return", code: lines("function mk() { return async () => {}; }", "function none(): () => void { return; }") },
  {
    name: "§4.17 JSX: promise-returning attribute type, an any component, a union with a promise-returning member, a sync value",
    fileName: "attrs.tsx",
    code: lines(
      "declare function Async(props: { onX: () => Promise<void> }): any;",
      "declare const Loose: any;",
      "declare function Either(props: { onX: (() => void) | (() => Promise<void>) }): any;",
      "declare function Opt(props: { onX?: () => void }): any;",
      "declare const sync: () => void;",
      "export const a = <Async onX={async () => {}} />;",
      "export const b = <Loose onX={async () => {}} />;",
      "export const c = <Either onX={async () => {}} />;",
      "export const d = <Opt onX={sync} />;",
    ),
  },
  {
    name: "§4.18 overloads where one accepts a promise-returning callback, in either order",
    code: lines(
      "interface First { (n: string, cb: () => Promise<void>): void; (n: string, cb: () => void): void }",
      "interface Last { (n: string, cb: () => void): void; (n: string, cb: () => Promise<void>): void }",
      "declare const first: First;",
      "declare const last: Last;",
      "first('a', async () => {});",
      "last('a', async () => {});",
    ),
  },
  {
    name: "§4.19 rest parameters typed any, any[], unknown[], promise-returning; sync callbacks; rest tuples",
    code: lines(
      "declare function anyRest(...a: any): void;",
      "declare function anyArr(...a: Array<any>): void;",
      "declare function unk(...a: Array<unknown>): void;",
      "declare function asyncs(...a: Array<() => Promise<undefined>>): void;",
      "anyRest(async () => {});",
      "anyArr(async () => {});",
      "unk(async () => {});",
      "asyncs(async () => undefined);",
      "declare class Many { constructor(...cbs: Array<() => void>); }",
      "new Many(() => {}, () => {});",
      "new Many;",
      "new Many();",
      "interface Tupled { (...a: []): void; (...a: [string]): void }",
      "declare const tupled: Tupled;",
      "tupled('x');",
    ),
  },
  {
    name: "§4.20 sync functions into Record<string, VoidFn>",
    code: lines(
      "type Handlers = Record<string, () => void>;",
      "declare let handlers: Handlers;",
      "handlers.a = () => {};",
      "function mk(): Handlers { const b = () => {}; return { a: () => {}, b }; }",
    ),
  },
  { name: "§4.21 a void function returning a void call", code: lines("declare function log(): void;", "const f: () => void = () => log();") },
  { name: "§4.22 an undefined | VoidFn value into an undefined | VoidFn parameter", code: lines("declare const maybe: undefined | (() => void);", "declare function opt(cb: undefined | (() => void)): void;", "opt(maybe);") },
  {
    name: "§4.23 an explicit type argument returning a promise, or a union with one",
    code: lines("declare function useCb<T>(cb: T): T;", "useCb<() => Promise<void>>(async () => {});", "useCb<(() => Promise<void>) | (() => void)>(async () => {});"),
  },
  {
    name: "§1.4: a typed emitter with one promise-returning listener type accepts async listeners for every event (the constraint's union signature returns a promise)",
    code: lines(
      "interface Events { data: () => void; done: () => Promise<void> }",
      "declare function on<K extends keyof Events>(event: K, listener: Events[K]): void;",
      "on('data', async () => {});",
    ),
  },
  {
    name: "probe §1.5: type parameters inferred from the async callback itself accept it",
    code: lines(
      "declare function gen<T extends () => void>(cb: T): void;",
      "gen(async () => {});",
      "declare function either<T>(cb: (() => void) | (() => T)): void;",
      "either(async () => {});",
      "declare const xs: number[];",
      "const all = Promise.all(xs.map(async (n) => n));",
    ),
  },
  { name: "§4.24 finally(async …) on a Promise, also through a computed key", code: lines(base, "void p.finally(async () => {});", "const k = 'finally';", "void p[k](async () => {});") },
  {
    name: "§4.25 sync dispose; await using an async dispose; async-only dispose under using",
    code: lines(
      "export function f() {",
      "  using a = { [Symbol.dispose]() {} };",
      "}",
      "export async function g() {",
      "  await using b = { async [Symbol.asyncDispose]() {} };",
      "  using c = { async [Symbol.asyncDispose]() {} };",
      "}",
    ),
  },
  {
    name: "§4.26 annotations that cannot be functions",
    code: lines("const s: string = '';", "const n: number = 1;", "const b: boolean = true;", "const o: { prop: number } = { prop: 1 };", "const e: {} = {};"),
  },
  { name: "§4.27 a sync array predicate", code: lines(base, "const big = xs.filter((n) => n > 1);") },
  {
    name: "§4.11 variables, properties, returns, attributes switched off one by one",
    code: lines(
      "type VoidFn = () => void;",
      "let f: VoidFn;",
      "f = async () => {};",
      "const o: { g: VoidFn } = { g: async () => {} };",
      "function mk(): VoidFn { return async () => {}; }",
    ),
    options: { checksVoidReturn: { variables: false, properties: false, returns: false } },
  },

  // ---- D. inherited members that are fine ----
  {
    name: "§4.30 static members on either side",
    code: lines(
      "class A { static run(): void {} static f: () => void = () => {}; run2(): void {} }",
      "class B extends A { static async run() {} static f = async () => {}; static async run2() {} }",
    ),
  },
  {
    name: "§4.31 index signatures are not compared",
    code: lines("interface S { [k: string]: () => void }", "interface A extends S { [k: string]: () => Promise<void> }"),
    options: { checksVoidReturn: { inheritedMethods: true } },
  },
  {
    name: "§4.32 void overrides of void members in every heritage shape",
    code: lines(
      "class C1 { run(): void {} }",
      "abstract class AC { abstract run(): void; }",
      "interface I1 { run(): void }",
      "interface I2 { stop(): void }",
      "type Both = I1 & I2;",
      "class A extends C1 { run(): void {} }",
      "class B extends AC { run(): void {} }",
      "class C implements I1 { run(): void {} }",
      "abstract class D extends AC { abstract run(): void; }",
      "interface E extends I1 { run(): void }",
      "class F implements Both { run(): void {} stop(): void {} }",
      "interface G extends I1, I2 { run(): void; stop(): void }",
      "const H = class extends C1 { run(): void {} };",
      "class J extends H { run(): void {} }",
    ),
  },
  {
    name: "§4.33 async over async; a conditional heritage that resolves to the async branch",
    code: lines(
      "class A { async run(): Promise<void> {} }",
      "class B extends A { async run() {} }",
      "interface Sync { run(): void }",
      "interface Async { run(): Promise<void> }",
      "type Pick<T> = T extends string ? Async : Sync;",
      "interface C extends Pick<'x'> { run(): Promise<void> }",
    ),
  },
  {
    name: "§4.34 inheritedMethods: false",
    code: lines("class A { run(): void {} }", "class B extends A { async run() {} }", "interface I { run(): void }", "class C implements I { async run() {} }"),
    options: { checksVoidReturn: { inheritedMethods: false } },
  },
  {
    name: "§4.35 call and construct signatures are never compared, nor members the base lacks",
    code: lines(
      "interface S { (): void; new (): void; run(): void }",
      "interface A extends S { (): Promise<void>; new (): Promise<void>; other(): Promise<void> }",
      "class B { run(): void {} }",
      "class C extends B { async other() {} }",
    ),
  },

  // ---- limitations: values only inference can type, where asking would mean resolving the code around ----
  {
    name: "limitation: a function returned by a call, as an argument or a property, is not examined",
    code: lines(
      base,
      "declare function pick(): () => Promise<void>;",
      "declare function makeApi(): { save(): Promise<void> };",
      "const api = makeApi();",
      "takesVoid(pick());",
      "const o: { f: () => void } = { f: api.save };",
    ),
  },
  {
    name: "limitation: a non-handler JSX attribute given a function only inference can type is not examined",
    fileName: "render.tsx",
    code: lines(
      "declare function makeApi(): { save(): Promise<void> };",
      "const api = makeApi();",
      "declare function C(props: { render: () => void }): any;",
      "export const a = <C render={() => api.save()} />;",
    ),
  },

  // ---- rethrowing handlers that are not ----
  {
    name: "rethrow: a handler that may return normally, a later real handler, a rethrow awaited",
    code: lines(
      base,
      "declare function ignorable(e: unknown): boolean;",
      "declare function log(e: unknown): void;",
      "p.catch((e) => { if (ignorable(e)) return; throw e; });",
      "p.catch((e) => { throw e; }).catch(log);",
      "p.catch((e) => { throw e; }).then(() => {}, log);",
      "export async function f() { await p.catch((e) => { throw e; }); }",
      "const kept = p.catch((e) => { throw e; });",
    ),
  },
];

const invalid: RuleCase[] = [
  {
    name: "fix: forEach with an async callback becomes a for…of loop that awaits each item",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[]) {",
      mark("  xs.forEach(async (x: number) => { await save(x); });", "async (x: number) => { await save(x); }", "floating-promise:voidReturnArgument"),
      "}",
    ),
    fixes: {
      "for-of": lines("declare function save(x: number): Promise<void>;", "export async function all(xs: number[]) {", "  for (const x of xs) { await save(x); }", "}"),
      // Bounded: a local helper, added once at the end of the file.
      "for-each-bounded": lines(
        "declare function save(x: number): Promise<void>;",
        "export async function all(xs: number[]) {",
        "  await mapLimit(xs, 5, async (x: number) => { await save(x); });",
        "}",
        "export {};",
        "",
        mapLimitHelper(false),
      ),
    },
  },
  {
    name: "fix: bounded forEach reuses the helper an earlier fix added, with the configured concurrency",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[]) {",
      mark("  xs.forEach(async (x, i) => save(x + i));", "async (x, i) => save(x + i)", "floating-promise:voidReturnArgument"),
      "}",
      mapLimitHelper(false),
    ),
    options: { defaultConcurrency: 3 },
    fixes: {
      "for-each-bounded": lines(
        "declare function save(x: number): Promise<void>;",
        "export async function all(xs: number[]) {",
        "  await mapLimit(xs, 3, async (x, i) => save(x + i));",
        "}",
        mapLimitHelper(false),
      ),
    },
  },
  {
    name: "fix: bounded forEach with p-map from the package's dependencies (import added)",
    dependencies: ["p-map"],
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: readonly number[]) {",
      mark("  xs.forEach(async (x) => { await save(x); });", "async (x) => { await save(x); }", "floating-promise:voidReturnArgument"),
      "}",
    ),
    fixes: {
      "for-each-bounded": lines(
        'import pMap from "p-map";',
        "declare function save(x: number): Promise<void>;",
        "export async function all(xs: readonly number[]) {",
        "  await pMap(xs, async (x) => { await save(x); }, { concurrency: 5 });",
        "}",
      ),
    },
  },
  {
    name: "fix: bounded forEach with p-limit: one limiter declared before the statement",
    dependencies: ["p-limit"],
    code: lines(
      'import { readFile } from "./fs-like";',
      "export async function all(paths: string[]) {",
      mark("  paths.forEach(async (path) => { await readFile(path); });", "async (path) => { await readFile(path); }", "floating-promise:voidReturnArgument"),
      "}",
    ),
    fixes: {
      "for-each-bounded": lines(
        'import { readFile } from "./fs-like";',
        'import pLimit from "p-limit";',
        "export async function all(paths: string[]) {",
        "  const limit = pLimit(5);",
        "  await Promise.all(paths.map((item) => limit(() => (async (path) => { await readFile(path); })(item))));",
        "}",
      ),
    },
  },
  {
    name: "no bounded forEach outside async code, or over something that is not an array",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "declare const set: Set<number>;",
      "export function all(xs: number[]) {",
      mark("  xs.forEach(async (x) => { await save(x); });", "async (x) => { await save(x); }", "floating-promise:voidReturnArgument"),
      "}",
      "export async function each() {",
      mark("  set.forEach(async (x) => { await save(x); });", "async (x) => { await save(x); }", "floating-promise:voidReturnArgument"),
      "}",
    ),
    noFixes: ["for-each-bounded"],
  },
  {
    name: "fix: an expression-bodied callback is awaited in the loop",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[]) {",
      mark("  xs.forEach(async (x) => save(x));", "async (x) => save(x)", "floating-promise:voidReturnArgument"),
      "}",
    ),
    fixes: { "for-of": lines("declare function save(x: number): Promise<void>;", "export async function all(xs: number[]) {", "  for (const x of xs) await save(x);", "}") },
  },
  // The loop would change what names mean: no for-of fix (the tester compiles every fix offered).
  {
    name: "no for-of fix where a label inside the callback repeats an enclosing one",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[]) {",
      "  outer: for (const y of xs) {",
      mark("    xs.forEach(async (x) => { outer: for (const z of xs) { await save(x + y + z); break outer; } });", "async (x) => { outer: for (const z of xs) { await save(x + y + z); break outer; } }", arg),
      "  }",
      "}",
    ),
  },
  {
    name: "no for-of fix where the parameter's name is used by the receiver",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(rows: number[][]) {",
      mark("  rows.forEach(async (rows) => { await save(rows.length); });", "async (rows) => { await save(rows.length); }", arg),
      "}",
    ),
  },
  {
    name: "no for-of fix where the callback declares a var (it would move into the enclosing function)",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[]) {",
      "  let total = 0;",
      mark("  xs.forEach(async (x) => { var total = x; await save(total); });", "async (x) => { var total = x; await save(total); }", arg),
      "  return total;",
      "}",
    ),
  },
  {
    name: "no for-of fix for a function expression using this (the loop would see the enclosing this)",
    code: lines(
      "declare function save(x: unknown): Promise<void>;",
      "export class C {",
      "  async all(xs: number[]) {",
      mark("    xs.forEach(async function (x) { await save(this); });", "async function (x) { await save(this); }", arg),
      "  }",
      "}",
    ),
  },
  {
    name: "no for-of fix where the receiver may be something other than an array",
    code: lines(
      "declare function save(x: number): Promise<void>;",
      "export async function all(xs: number[] | undefined, ys: number[] | Set<number>) {",
      mark("  xs?.forEach(async (x) => { await save(x); });", "async (x) => { await save(x); }", arg),
      mark("  ys.forEach(async (y) => { await save(y); });", "async (y) => { await save(y); }", arg),
      "}",
    ),
  },
  // ---- F. arguments ----
  {
    name: "§4.39 forEach(async …) and an async Promise executor",
    code: lines(
      base,
      mark("xs.forEach(async (n) => { await work(); });", "async (n) => { await work(); }", arg),
      mark("const q = new Promise<void>(async (resolve) => { await work(); resolve(); });", "async (resolve) => { await work(); resolve(); }", arg),
    ),
  },
  {
    name: "§4.40 a node-style callback given an async arrow, a promise-returning arrow, a maybe-promise; through Fn | null",
    code: lines(
      "type Cb = (err: unknown, res: number) => void;",
      "declare function withCb(cb: Cb): void;",
      "declare const maybeCb: ((cb: Cb) => void) | null;",
      "declare const either: () => 'x' | Promise<string>;",
      mark("withCb(async () => {});", "async () => {}", arg),
      mark("withCb(() => Promise.resolve());", "() => Promise.resolve()", arg),
      mark("withCb(() => either());", "() => either()", arg),
      mark("maybeCb?.(async () => {});", "async () => {}", arg),
      mark("maybeCb!(async () => {});", "async () => {}", arg),
    ),
  },
  {
    name: "§4.41 overloads pairing () => void with () => number, in either order",
    code: lines(
      "interface A { (cb: () => void): void; (cb: () => number): void }",
      "interface B { (cb: () => number): void; (cb: () => void): void }",
      "declare const a: A;",
      "declare const b: B;",
      mark("a(async () => {});", "async () => {}", arg),
      mark("b(async () => {});", "async () => {}", arg),
    ),
  },
  {
    name: "§4.42 rest parameters: arrays, unions, tuples, constructors, overloads",
    code: lines(
      "type VoidFn = () => void;",
      "declare function all(...cbs: Array<VoidFn>): void;",
      "declare function mixed(...cbs: Array<VoidFn | boolean>): void;",
      "declare function one(...cbs: [VoidFn]): void;",
      "declare function middle(...cbs: [undefined, VoidFn, undefined]): void;",
      "declare function several(...cbs: [VoidFn, boolean, VoidFn, VoidFn]): void;",
      "declare class Ctor { constructor(...cbs: VoidFn[]); }",
      "interface Over { (...a: [boolean, VoidFn]): void; (...a: [string]): void }",
      "declare const over: Over;",
      marks("all(async () => {}, () => {}, async () => 1, async () => 2);", ["async () => {}", arg], ["async () => 1", arg], ["async () => 2", arg]),
      mark("mixed(async () => {});", "async () => {}", arg),
      mark("one(async () => {});", "async () => {}", arg),
      mark("middle(undefined, async () => {}, undefined);", "async () => {}", arg),
      marks("several(async () => 1, true, () => {}, async () => 2);", ["async () => 1", arg], ["async () => 2", arg]),
      mark("new Ctor(async () => {});", "async () => {}", arg),
      mark("over(true, async () => {});", "async () => {}", arg),
    ),
  },
  {
    name: "§4.43 union and intersection types on both sides",
    code: lines(
      "declare const maybeAsync: undefined | (() => Promise<void>);",
      "declare function opt(cb: undefined | (() => void)): void;",
      "declare const branded: string & (() => Promise<void>);",
      "declare function brandedCb(cb: string & (() => void)): void;",
      mark("opt(maybeAsync);", "maybeAsync", arg),
      mark("brandedCb(branded);", "branded", arg),
    ),
  },
  {
    name: "§4.44 spread arguments into a void rest: annotated array, as const tuple, inferred array",
    code: lines(
      "declare function all(...cbs: Array<() => void>): void;",
      "const annotated: Array<() => Promise<void>> = [async () => {}];",
      "const tuple = [async () => {}] as const;",
      "const inferred = [async () => {}];",
      mark("all(...annotated);", "...annotated", arg),
      mark("all(...tuple);", "...tuple", arg),
      mark("all(...inferred);", "...inferred", arg),
    ),
  },
  {
    name: "§4.45 generics instantiated to void",
    code: lines(
      "type VoidFn = () => void;",
      "declare function useCb<T>(cb: T): T;",
      "declare const useVoid: typeof useCb<VoidFn>;",
      "interface Foo<T> { (cb: () => T): void; (cb: () => T, n: number): void }",
      "declare const foo: Foo<void>;",
      "declare function tri<T>(...fns: [T, string, T]): void;",
      "declare function arr<T>(...fns: (T | string)[]): void;",
      mark("useVoid(async () => {});", "async () => {}", arg),
      mark("useCb<VoidFn>(async () => {});", "async () => {}", arg),
      mark("foo(async () => {});", "async () => {}", arg),
      marks("tri<VoidFn>(async () => 1, 'x', async () => 2);", ["async () => 1", arg], ["async () => 2", arg]),
      marks("arr<VoidFn>(async () => 1, 'x', async () => 2);", ["async () => 1", arg], ["async () => 2", arg]),
    ),
  },
  {
    name: "a typed emitter whose listeners all return void",
    code: lines(
      "interface Events { data: (chunk: string) => void; end: () => void }",
      "declare function on<K extends keyof Events>(event: K, listener: Events[K]): void;",
      mark("on('data', async () => {});", "async () => {}", arg),
    ),
  },
  {
    name: "listeners and timers typed as void callbacks; a named async function; bind",
    code: lines(
      "declare const target: { addEventListener(type: string, listener: () => void): void };",
      "declare const emitter: { on(event: string, listener: (...args: unknown[]) => void): void };",
      "declare function setTimeout(cb: () => void, ms?: number): number;",
      "async function handle(): Promise<void> {}",
      "declare const obj: { run(): Promise<void> };",
      mark("target.addEventListener('click', async () => {});", "async () => {}", arg),
      mark("emitter.on('data', handle);", "handle", arg),
      mark("setTimeout(async () => {}, 10);", "async () => {}", arg),
      mark("setTimeout(obj.run.bind(obj));", "obj.run.bind(obj)", arg),
      mark("setTimeout(async function named() {});", "async function named() {}", arg),
    ),
  },
  {
    name: "a class's #private async handlers passed by name or bound (puppeteer-core's `this.#emitter.on(event, this.#onX)`)",
    code: lines(
      "export type Handler<T = unknown> = (event: T) => void;",
      "interface Events { created: string; gone: string }",
      "declare class Emitter<E> { on<K extends keyof E>(type: K, handler: Handler<E[K]>): this }",
      "export class Browser {",
      "  #emitter = new Emitter<Events>();",
      "  #onCreated = async (id: string) => { await Promise.resolve(id); };",
      "  #onLogged = (id: string) => { console.log(id); };",
      "  async #onGone(id: string) { await Promise.resolve(id); }",
      "  #count(id: string) { return id.length; }",
      "  start() {",
      mark("    this.#emitter.on('created', this.#onCreated);", "this.#onCreated", arg),
      mark("    this.#emitter.on('gone', this.#onGone.bind(this));", "this.#onGone.bind(this)", arg),
      "    this.#emitter.on('created', this.#onLogged);",
      "    this.#emitter.on('gone', this.#count.bind(this));",
      "  }",
      "}",
    ),
  },
  {
    name: "names typed through their declarations: a wrapped async function, a destructured prop, an import",
    code: lines(
      base,
      "import { saveAll } from './types/api';",
      "declare function useCallback<T>(f: T, deps: unknown[]): T;",
      "const onSave = useCallback(async () => {}, []);",
      mark("takesVoid(onSave);", "onSave", arg),
      "export function View({ onDone }: { onDone: () => Promise<void> }) {",
      mark("  takesVoid(onDone);", "onDone", arg),
      "}",
      mark("takesVoid(saveAll);", "saveAll", arg),
    ),
  },
  {
    name: "values only their own type settles, where the place is known to expect void",
    code: lines(
      base,
      "declare function makeApi(): { save(): Promise<void> };",
      "const api = makeApi();",
      "declare const items: { save(): Promise<void> }[];",
      mark("items.forEach((item) => item.save());", "(item) => item.save()", arg),
      mark("takesVoid(() => api.save());", "() => api.save()", arg),
      mark("const f: () => void = api.save;", "api.save", variable),
      "let g: () => void;",
      mark("g = api.save;", "api.save", variable),
      mark("function mk(): () => void { return api.save; }", "api.save", ret),
    ),
  },
  {
    name: "an event handler attribute given a function only its own type settles",
    fileName: "handler.tsx",
    code: lines(
      "declare function makeApi(): { save(): Promise<void> };",
      "const api = makeApi();",
      "declare function C(props: { onSave: () => void }): any;",
      mark("export const a = <C onSave={() => api.save()} />;", "{() => api.save()}", attr),
    ),
  },
  {
    name: "a custom finally typed as a void callback is checked",
    code: lines("declare const custom: { finally(cb: () => void): void };", mark("custom.finally(async () => {});", "async () => {}", arg)),
  },

  // ---- G. variables ----
  {
    name: "§4.46 assignment to a VoidFn variable",
    code: lines("type VoidFn = () => void;", "let f: VoidFn;", mark("f = async () => 3;", "async () => 3", variable)),
  },
  {
    name: "§4.46 assignment with variables: true",
    code: lines("let f: () => void;", mark("f = async () => 3;", "async () => 3", variable)),
    options: { checksVoidReturn: { variables: true } },
  },
  {
    name: "§4.46 annotated declarators, one of several; optional member; Record member; logical assignment",
    code: lines(
      "type VoidFn = () => void;",
      mark("const a: VoidFn = async () => {};", "async () => {}", variable),
      marks("const b: VoidFn = () => {}, c: VoidFn = async () => 1, d: VoidFn = async () => 2;", ["async () => 1", variable], ["async () => 2", variable]),
      "declare const obj: { f?: VoidFn };",
      mark("obj.f = async () => {};", "async () => {}", variable),
      "declare const rec: Record<string, VoidFn>;",
      mark("rec.key = async () => {};", "async () => {}", variable),
      mark("rec['other'] ||= async () => {};", "async () => {}", variable),
    ),
  },
  {
    name: "§4.47 dispose: a Disposable binding, using an object literal, using a value with an async dispose",
    code: lines(
      "declare const asyncDispose: { [Symbol.dispose](): Promise<void> };",
      mark("const d: Disposable = asyncDispose;", "asyncDispose", variable),
      "export function f() {",
      mark("  using u = { async [Symbol.dispose]() {} };", "{ async [Symbol.dispose]() {} }", variable),
      mark("  using v = asyncDispose;", "asyncDispose", variable),
      "}",
    ),
  },
  {
    name: "deliberate: using x: Disposable = asyncDispose is reported once (typescript-eslint reports it twice)",
    code: lines(
      "declare const asyncDispose: { [Symbol.dispose](): Promise<void> };",
      "export function f() {",
      mark("  using x: Disposable = asyncDispose;", "asyncDispose", variable),
      "}",
    ),
  },

  // ---- H. properties ----
  {
    name: "§4.48 property, shorthand and method into { f: VoidFn }; heads",
    code: lines(
      "type VoidFn = () => void;",
      mark("const a: { f: VoidFn } = { f: async () => 'x' };", "f: async ", prop),
      "const g = async () => {};",
      mark("const b: { g: VoidFn } = { g };", "g", prop, 2),
      mark("const c: { f: VoidFn } = { async f() {} };", "async f", prop),
    ),
  },
  {
    name: "§4.48 properties: true; all three kinds in a returned object; a Record returned from a function",
    code: lines(
      "type VoidFn = () => void;",
      "const g = async () => {};",
      "async function h() {}",
      "function mk(): { f: VoidFn; g: VoidFn; m: VoidFn } {",
      "  return {",
      mark("    f: async () => {},", "f: async ", prop),
      mark("    g,", "g", prop),
      mark("    async m() {},", "async m", prop),
      "  };",
      "}",
      "function rec(): Record<string, VoidFn> {",
      marks("  return { a: async () => {}, h };", ["a: async ", prop], ["h", prop]),
      "}",
    ),
    options: { checksVoidReturn: { properties: true } },
  },
  {
    name: "§4.49 method shapes against { f(): void }",
    code: lines(
      "type O = { f(): void };",
      "const asyncFn = async () => {};",
      mark("const a: O = { async f() {} };", "async f", prop),
      mark("const b: O = { async f(): Promise<number> { return 1; } };", "Promise<number>", prop),
      mark("const c: O = { f() { return Promise.resolve(); } };", "f", prop),
      mark("const d: O = { f(): Promise<void> { throw new Error(); } };", "Promise<void>", prop),
      mark("const e: O = { f: asyncFn };", "asyncFn", prop),
      mark("const g: O = { f: async (): Promise<void> => {} };", "Promise<void>", prop),
      mark("const h: { f: () => void } | undefined = { async f() {} };", "async f", prop),
    ),
  },
  {
    name: "an object argument's method and an array element's property",
    code: lines(
      "declare function register(o: { start(): void }): void;",
      mark("register({ async start() {} });", "async start", prop),
      mark("const list: { run: () => void }[] = [{ run: async () => {} }];", "run: async ", prop),
    ),
  },

  // ---- I. returns and attributes ----
  {
    name: "§4.50 returning an async function where a VoidFn is the return type",
    code: lines("type VoidFn = () => void;", mark("function mk(): VoidFn { return async () => 0; }", "async () => 0", ret)),
  },
  {
    name: "§4.50 returns: true; a union return type; a contextually typed arrow",
    code: lines(
      "type VoidFn = () => void;",
      mark("function mk(): VoidFn | number { return async () => 0; }", "async () => 0", ret),
      mark("const make: () => VoidFn = () => { return async () => {}; };", "async () => {}", ret),
    ),
    options: { checksVoidReturn: { returns: true } },
  },
  {
    name: "§4.51 JSX attributes: an async arrow, an async const",
    fileName: "attrs.tsx",
    code: lines(
      "declare function C(props: { onX: () => void; other?: string }): any;",
      "const g = async () => {};",
      mark("export const a = <C onX={async () => 0} />;", "{async () => 0}", attr),
      mark("export const b = <C other='x' onX={g} />;", "{g}", attr),
    ),
  },
  {
    name: "§4.51 attributes: true",
    fileName: "attrs-on.tsx",
    code: lines("declare function C(props: { onX: () => void }): any;", mark("export const a = <C onX={async () => 0} />;", "{async () => 0}", attr)),
    options: { checksVoidReturn: { attributes: true } },
  },

  // ---- J. inherited members ----
  {
    name: "§4.53 async or promise-returning members over void ones, in every heritage shape",
    code: lines(
      "class C1 { run(): void {} }",
      "abstract class AC { abstract run(): void; }",
      "interface I1 { run(): void }",
      "interface I2 { stop(): void }",
      "type Both = I1 & I2;",
      mark("class A extends C1 { async run() {} }", "async run() {}", inherited),
      mark("class B extends AC { async run() {} }", "async run() {}", inherited),
      mark("class C implements I1 { async run() {} }", "async run() {}", inherited),
      mark("abstract class D extends C1 { abstract run(): Promise<void>; }", "abstract run(): Promise<void>;", inherited),
      mark("interface E extends I1 { run(): Promise<void> }", "run(): Promise<void>", inherited),
      mark("class F implements Both { run(): void {} async stop() {} }", "async stop() {}", inherited),
      mark("class G extends C1 { run = async () => {}; }", "run = async () => {};", inherited),
      "class Acc { accessor run: () => void = () => {}; }",
      mark("class H extends Acc { accessor run = async () => {}; }", "accessor run = async () => {};", inherited),
      "interface Sync { run(): void }",
      "interface Async { run(): Promise<void> }",
      "type Pick<T> = T extends string ? Sync : Async;",
      mark("interface J extends Pick<'x'> { run(): Promise<void> }", "run(): Promise<void>", inherited),
    ),
  },
  {
    name: "§4.54 one report per base expecting void",
    code: lines(
      "interface I1 { run(): void }",
      "interface I2 { run(): void }",
      "interface I3 { run(): Promise<void> }",
      "class Base { run(): void {} }",
      marks("class A implements I1, I2 { async run() {} }", ["async run() {}", inherited], ["async run() {}", inherited]),
      mark("class B extends Base implements I3 { async run() {} }", "async run() {}", inherited),
    ),
  },
  {
    name: "§4.55 class expressions, typeof a class expression, a non-async method returning a promise",
    code: lines(
      "class Base { run(): void {} }",
      mark("const A = class extends Base { async run() {} };", "async run() {}", inherited),
      "const Mid = class extends Base {};",
      "type MidT = typeof Mid;",
      "declare const M: MidT;",
      mark("class B extends M { async run() {} }", "async run() {}", inherited),
      mark("class C extends Base { run(): Promise<void> { return Promise.resolve(); } }", "run(): Promise<void> { return Promise.resolve(); }", inherited),
    ),
  },
  {
    name: "§4.56 among signatures only the named members are reported",
    code: lines(
      "interface S { (): void; new (): void; [k: number]: () => void; run(): void; cb: () => void }",
      lines(
        "interface A extends S {",
        "  (): Promise<void>;",
        "  new (): Promise<void>;",
        mark("  run(): Promise<void>;", "run(): Promise<void>;", inherited),
        mark("  cb: () => Promise<void>;", "cb: () => Promise<void>;", inherited),
        "}",
      ),
    ),
  },

  // ---- rethrowing handlers ----
  {
    name: "rethrow: catch(e => { throw e }), catch(e => Promise.reject(e)), catch(function), then(ok, rethrow)",
    code: lines(
      base,
      mark("p.catch((e) => { throw e; });", "p.catch((e) => { throw e; });", rethrow),
      mark("p.catch((e) => Promise.reject(e));", "p.catch((e) => Promise.reject(e));", rethrow),
      mark("p.catch(function (e) { throw e; });", "p.catch(function (e) { throw e; });", rethrow),
      mark("p.then(() => {}, (e) => { throw e; });", "p.then(() => {}, (e) => { throw e; });", rethrow),
    ),
  },
  {
    name: "rethrow: wrapped, logged first, returned rejection, async handler, through finally and a conditional",
    code: lines(
      base,
      "declare function log(e: unknown): void;",
      "declare const flag: boolean;",
      mark("p.catch((e) => { throw new Error('failed', { cause: e }); });", "p.catch((e) => { throw new Error('failed', { cause: e }); });", rethrow),
      mark("p.catch((e) => { log(e); throw e; });", "p.catch((e) => { log(e); throw e; });", rethrow),
      mark("p.catch((e) => { return Promise.reject(new Error(String(e))); });", "p.catch((e) => { return Promise.reject(new Error(String(e))); });", rethrow),
      mark("p.catch(async (e) => { throw e; });", "p.catch(async (e) => { throw e; });", rethrow),
      mark("p.catch((e) => { throw e; }).finally(() => {});", "p.catch((e) => { throw e; }).finally(() => {});", rethrow),
      mark("flag ? p.catch((e) => { throw e; }) : null;", "flag ? p.catch((e) => { throw e; }) : null;", rethrow),
    ),
  },
  {
    name: "rethrow: inside an async function (missing-await's statement check)",
    code: lines(base, "export async function f() {", mark("  p.catch((e) => { throw e; });", "p.catch((e) => { throw e; });", rethrow), "}"),
  },

  // ---- deliberate differences ----
  {
    name: "deliberate: a base member is read from the instantiated base type (extends Gen<void>)",
    code: lines("class Gen<T> { run(): T { return undefined as T; } }", mark("class L extends Gen<void> { async run() {} }", "async run() {}", inherited)),
  },
  {
    name: "deliberate: quoted member names match the base's and the contextual type's property",
    code: lines(
      "class Base { run(): void {} }",
      mark("class A extends Base { async 'run'() {} }", "async 'run'() {}", inherited),
      mark("const o: { f(): void } = { async 'f'() {} };", "async 'f'", prop),
    ),
  },
  {
    name: "deliberate: a callback that handles its own rejections is not reported, except to forEach; key-only calls are information",
    fileName: "handlers.tsx",
    code: lines(
      "declare const target: { addEventListener(type: string, listener: () => void): void; removeEventListener(type: string, listener: () => void): void };",
      "declare function work(): Promise<void>;",
      "declare function Button(props: { onClick: () => void }): any;",
      "declare const handler: () => Promise<void>;",
      "target.addEventListener('click', async () => { try { await work(); } catch {} });",
      "target.addEventListener('click', () => work().catch(() => {}));",
      "export const b = <Button onClick={async () => { try { await work(); } catch {} }} />;",
      mark("target.removeEventListener('click', handler);", "handler", `${arg}@info`),
      mark("[1].forEach(async () => { try { await work(); } catch {} });", "async () => { try { await work(); } catch {} }", `${arg}@error`),
      mark("target.addEventListener('click', async () => { await work(); });", "async () => { await work(); }", `${arg}@error`),
    ),
  },
  {
    name: "deliberate: a self-settling async function (no await, no chained or returned promise) is information, except to forEach and new Promise",
    code: lines(
      "import { saveAll } from './types/api';",
      base,
      "declare let anyValue: any;",
      "declare const emitter: { on(event: string, listener: () => void): void };",
      "let count = 0;",
      "async function bump(): Promise<void> { count++; }",
      "async function bumpLater(): Promise<void> { await work(); count++; }",
      "declare function declaredOnly(): Promise<void>;",
      "class App {",
      "  n = 0;",
      "  handle = async () => { this.n++; };",
      "  async onEvent(): Promise<void> { this.n++; }",
      "  async onEventLater(): Promise<void> { await work(); this.n++; }",
      "  register() {",
      mark("    emitter.on('a', this.onEvent.bind(this));", "this.onEvent.bind(this)", `${arg}@info`),
      mark("    emitter.on('b', this.onEventLater.bind(this));", "this.onEventLater.bind(this)", `${arg}@error`),
      mark("    emitter.on('c', this.handle);", "this.handle", `${arg}@info`),
      "  }",
      "}",
      mark("takesVoid(async () => { console.log(1); });", "async () => { console.log(1); }", `${arg}@info`),
      mark("takesVoid(async () => count + 1);", "async () => count + 1", `${arg}@info`),
      mark("takesVoid(async () => { if (count) return 'x'; });", "async () => { if (count) return 'x'; }", `${arg}@info`),
      mark("takesVoid(bump);", "bump", `${arg}@info`),
      mark("takesVoid(saveAll);", "saveAll", `${arg}@info`),
      mark("takesVoid(async () => { await work(); });", "async () => { await work(); }", `${arg}@error`),
      mark("takesVoid(async () => { for await (const x of [work()]) console.log(x); });", "async () => { for await (const x of [work()]) console.log(x); }", `${arg}@error`),
      mark("takesVoid(async () => work());", "async () => work()", `${arg}@error`),
      mark("takesVoid(async () => { return work(); });", "async () => { return work(); }", `${arg}@error`),
      mark("takesVoid(async () => { return anyValue; });", "async () => { return anyValue; }", `${arg}@error`),
      mark("takesVoid(async () => { void p.then(() => {}); });", "async () => { void p.then(() => {}); }", `${arg}@error`),
      mark("takesVoid(bumpLater);", "bumpLater", `${arg}@error`),
      mark("takesVoid(declaredOnly);", "declaredOnly", `${arg}@error`),
      mark("xs.forEach(async () => { console.log(1); });", "async () => { console.log(1); }", `${arg}@error`),
      mark("const q = new Promise<void>(async (resolve) => { resolve(); });", "async (resolve) => { resolve(); }", `${arg}@error`),
      mark("const v: VoidFn = async () => { count++; };", "async () => { count++; }", `${variable}@info`),
      mark("const o: { f: VoidFn } = { async f() { count++; } };", "async f", `${prop}@info`),
      mark("class Sub extends App { async register() { count++; } }", "async register() { count++; }", `${inherited}@info`),
    ),
  },
  {
    name: "deliberate: the same function handed to void places several times in one block is reported once at its level, the others as information",
    code: lines(
      base,
      "declare const app: { get(path: string, handler: (req: string) => void): void; use(handler: (req: string) => void): void };",
      "declare function send(req: string): Promise<void>;",
      "declare const paths: string[];",
      'import { readFile } from "./fs-like";',
      "async function handle(req: string): Promise<void> { await send(req); }",
      "class Server {",
      "  async serve(type: string, req: string): Promise<void> { await send(type + req); }",
      "  configure() {",
      mark("    app.get('*.js', this.serve.bind(this, 'text/javascript'));", "this.serve.bind(this, 'text/javascript')", `${arg}@error`),
      mark("    app.get('*.css', this.serve.bind(this, 'text/css'));", "this.serve.bind(this, 'text/css')", `${arg}@info`),
      mark("    app.use(this.serve.bind(this, 'text/plain'));", "this.serve.bind(this, 'text/plain')", `${arg}@info`),
      "    if (xs.length) {",
      mark("      app.get('*.png', this.serve.bind(this, 'image/png'));", "this.serve.bind(this, 'image/png')", `${arg}@error`),
      "    }",
      "  }",
      "}",
      mark("app.get('/r', readFile);", "readFile", `${arg}@error`),
      mark("app.get('/s', readFile);", "readFile", `${arg}@info`),
      mark("app.get('/a', handle);", "handle", `${arg}@error`),
      mark("app.get('/b', handle);", "handle", `${arg}@info`),
      mark("app.get('/c', async (req) => { await send(req); });", "async (req) => { await send(req); }", `${arg}@error`),
      mark("app.get('/d', async (req) => { await send(req); });", "async (req) => { await send(req); }", `${arg}@error`),
      mark("paths.forEach(handle);", "handle", `${arg}@error`),
      mark("paths.forEach(handle);", "handle", `${arg}@error`),
    ),
  },
  {
    name: "a listener registered on a receiver only inference types (a call's result, a generic parameter) is examined",
    code: lines(
      "interface Emitter { on(event: string, listener: (value: string) => void): this; once(event: string, listener: () => void): this }",
      "declare function open(): Emitter;",
      "declare function makeLogger(): { info(message: string): Promise<void> };",
      "const logger = makeLogger();",
      "const child = open();",
      mark("open().on('line', (line) => logger.info(line));", "(line) => logger.info(line)", arg),
      mark("child.once('exit', () => logger.info('exit'));", "() => logger.info('exit')", arg),
      "export function pipe<S extends Emitter>(stream: S, target: ReturnType<typeof makeLogger>) {",
      mark("  stream.on('data', (data) => target.info(data));", "(data) => target.info(data)", arg),
      "}",
      "open().on('line', (line) => line.length);",
    ),
  },
];

runRuleTests(rule, {
  companions: [TYPESCRIPT_ESLINT_SPLIT],
  compilerOptions: { lib: ["esnext", "dom"], target: "esnext" },
  files: {
    "src/types/api.ts": "export async function saveAll(): Promise<void> {}\n",
    "src/fs-like.ts": "export declare function readFile(path: string): Promise<string>;\n",
    ...CONCURRENCY_PACKAGES,
  },
  valid,
  invalid,
});
