// Conformance cases for `floating-promise` against typescript-eslint's `no-floating-promises`.
// Every case is named after the behaviour group of upstream's test suite it covers ("§4.N …", the
// numbering of our research notes); a few extra cases check behaviours probed by hand against the
// published typescript-eslint 8.73.0 ("probe …").
// Message ids map as: floating / floatingVoid → `floating`; floatingPromiseArray(Void) →
// `floatingArray`; floatingUselessRejectionHandler(Void) → `uselessHandler`.
// Where Async Lens deliberately differs from upstream, the case asserts our behaviour and its
// name says "deliberate: …".
import rule from "./floating-promise.js";
import missingAwait from "./missing-await.js";
import { runRuleTests, type RuleCase } from "../testing/rule-tester.js";

// typescript-eslint's no-floating-promises is our floating-promise plus missing-await's statement check.
const TYPESCRIPT_ESLINT_SPLIT = {
  rule: missingAwait,
  options: { checkReturnInTry: false, checkLocals: false },
  as: { notAwaited: "floating-promise:floating", arrayNotAwaited: "floating-promise:floatingArray", uselessHandler: "floating-promise:uselessHandler", rethrowingHandler: "floating-promise:rethrowingHandler" },
};

type Msg = "floating" | "floatingArray" | "uselessHandler" | "rethrowingHandler";

/** `line`, then a caret annotation under `part` (default: the whole statement without its indent). */
function flag(line: string, messageId: Msg, part?: string): string {
  const text = part ?? line.trim();
  const column = line.indexOf(text);
  if (column < 0 || text.length === 0) throw new Error(`'${text}' is not in '${line}'`);
  return `${line}\n${" ".repeat(column)}//${"^".repeat(text.length)} floating-promise:${messageId}`;
}

const lines = (...xs: string[]): string => xs.filter((x) => x !== "").join("\n");

const base = lines(
  "declare const p: Promise<number>;",
  "declare function f(): Promise<void>;",
  "declare const h: () => void;",
  "declare const cond: boolean;",
  "declare const promiseArray: Promise<number>[];",
);

/** §4.1: the ways of handling a promise, applied to one promise-valued expression. */
const handledForms = (x: string, withFinally = true): string =>
  lines(
    "async function use() {",
    `  await ${x};`,
    `  ${x}.then(h, h);`,
    `  ${x}.then(h).catch(h);`,
    withFinally ? `  ${x}.then(h).catch(h).finally(h);` : "",
    `  ${x}.catch(h);`,
    `  return ${x};`,
    "}",
  );

/** §4.55: the ways of dropping a promise, applied to one promise-valued expression. */
const droppedForms = (x: string, withFinally = true): string =>
  lines(
    flag(`${x};`, "floating"),
    flag(`${x}.then(h);`, "floating"),
    flag(`${x}.catch();`, "floating"),
    withFinally ? flag(`${x}.finally();`, "floating") : "",
  );

const polyfill = lines("interface MyPromiseCtor extends PromiseConstructor {}", "declare const MyPromise: MyPromiseCtor;");
const promiseClass = lines("class MyP extends Promise<number> {}", "declare const myp: MyP;");

// Recursive generic instantiation through `typeof x.method<…>` inside a generic call: the shape that
// overflowed TypeScript's stack in typescript-eslint #11947 (microsoft/TypeScript#63441).
const recursiveGeneric = lines(
  "declare function spy<F extends (...a: any[]) => any>(impl?: F): F & { calls: Parameters<F>[] };",
  "interface Api { make<T>(v: T): Promise<T>; nested: Api }",
  "declare const api: Api;",
  "declare function stub<M>(load: () => Promise<M>): void;",
);
const recursiveBody =
  "(async () => { const made = spy<typeof api.nested.make<unknown>>(api.nested.make); stub<typeof api>(async () => ({ ...api, make: made })); await made(1); })()";

const valid: RuleCase[] = [
  // ---- A. handled forms ----
  { name: "§4.1 handled forms: Promise.resolve", code: lines(base, handledForms("Promise.resolve(1)")) },
  { name: "§4.1 handled forms: Promise.reject", code: lines(base, handledForms("Promise.reject(new Error('x'))")) },
  { name: "§4.1 handled forms: async arrow IIFE", code: lines(base, handledForms("(async () => 1)()")) },
  { name: "§4.1 handled forms: local async function", code: lines(base, "async function local() { return 1; }", handledForms("local()")) },
  { name: "§4.1 handled forms: declared promise variable", code: lines(base, handledForms("p")) },
  {
    name: "§4.1 §4.8 handled forms: Promise | number union, and an undeclared name",
    code: lines(base, "declare const u: Promise<number> | number;", handledForms("u"), "missingName.finally(h);", "missingName;", "missingFn();"),
  },
  { name: "§4.1 handled forms: Promise & number intersection", code: lines(base, "declare const pn: Promise<number> & number;", handledForms("pn", false)) },
  { name: "§4.1 handled forms: Promise subclass", code: lines(base, promiseClass, handledForms("myp")) },
  { name: "§4.1 handled forms: PromiseConstructor-derived polyfill", code: lines(base, polyfill, handledForms("new MyPromise<number>((resolve) => resolve(1))")) },
  { name: "§4.2 kept in a variable, handled later", code: lines(base, "const q = p.then(h);", "q.catch(h);") },
  { name: "§4.3 conditional: handled promise branch, non-promise branch", code: lines(base, "Math.random() > 0.5 ? p.catch(h) : null;") },
  { name: "§4.4 sequence of handled promises in any position", code: lines(base, "(p.catch(h), 1);", "(1, p.then(h, h));", "(1, p.then(h, h), 1);") },
  { name: "§4.5 void of a handled chain", code: lines(base, "void p.catch(h);") },
  { name: "§4.6 logical with both sides handled", code: lines(base, "p.catch(h) || p.then(h, h);") },
  {
    name: "§4.7 await of a conditional of undeclared names, await of a Promise & number",
    code: lines(base, "declare const pi: Promise<number> & number;", "await (cond ? notDeclaredA : notDeclaredB);", "await pi;"),
  },
  {
    name: "§4.9 optional-chain handled forms",
    code: lines(
      base,
      "declare const g: () => Promise<void> | null;",
      "async function use() {",
      "  await g?.();",
      "  g()?.then(h, h);",
      "  g()?.then(h)?.catch(h);",
      "  g()?.catch(h);",
      "  return g();",
      "}",
    ),
  },
  {
    name: "§4.10 await on deep optional chains, return of an optional call, void of a call",
    code: lines(
      "interface Deep { a: Deep; b: Deep; c: () => Promise<void>; m(): Deep }",
      "declare const o: Deep;",
      "declare const maybe: Deep | undefined;",
      "declare const cb: (() => Promise<void>) | undefined;",
      "async function doIt() {}",
      "async function use() {",
      "  await o.a?.b?.c?.();",
      "  await o.a?.b?.c();",
      "  await o.a?.b.c?.();",
      "  await o.a.b.c?.();",
      "  await o.m?.().b?.c?.();",
      "  await maybe?.a.b.c?.();",
      "  return cb?.();",
      "}",
      "void doIt();",
    ),
  },
  { name: "§4.11 void with ignoreVoid on (explicit)", code: lines(base, "void p;", "void f();"), options: { ignoreVoid: true } },
  {
    name: "§4.12 catch with a definitely callable handler, ignoreVoid off",
    code: lines(base, "declare const definitelyCallable: () => void;", "p.catch(definitelyCallable);"),
    options: { ignoreVoid: false },
  },
  { name: "§4.13 catch then finallys (default)", code: lines(base, "p.catch(h).finally(h);", "p.catch(h).finally(h).finally(h);") },
  { name: "§4.13 catch then finallys (ignoreVoid off)", code: lines(base, "p.catch(h).finally(h).finally(h);"), options: { ignoreVoid: false } },
  { name: "§4.14 await Promise.all", code: lines(base, "await Promise.all([p, p]);") },
  {
    name: "§4.15 tagged template returning a promise, with catch",
    code: lines(base, "declare const tag: (s: TemplateStringsArray) => Promise<void>;", "tag`x`.catch(h);"),
  },
  { name: "§4.16 tagged template returning a non-promise", code: lines("declare const tag2: (s: TemplateStringsArray) => number;", "tag2`x`;") },

  // ---- B. not statements, or not promise-typed ----
  {
    name: "§4.17 assignments are never reported (plain, compound, logical)",
    code: lines(
      base,
      "let arr: Promise<number>[];",
      "arr = promiseArray;",
      "let q: Promise<number>;",
      "q = Promise.resolve(2);",
      "let z: Promise<number> | undefined;",
      "z ||= p;",
      "z ??= p;",
      "z &&= p;",
    ),
  },
  { name: "§4.18 return of a promise array is not inspected", code: lines(base, "async function all() { return promiseArray; }") },
  {
    name: "§4.19 async generator: yield* of a promise array, yield of a promise",
    code: lines(base, "async function* gen() {", "  yield* promiseArray;", "  yield p;", "}"),
  },
  { name: "§4.20 string array literal", code: `["a", "b"];` },
  { name: "§4.21 array literal holding void p (ignoreVoid off)", code: lines(base, "[1, void p];"), options: { ignoreVoid: false } },
  { name: "§4.22 void of a promise array", code: lines(base, "void promiseArray;") },

  // ---- C. thenables with checkThenables off ----
  {
    name: "§4.23 thenable with a one-callback then (default)",
    code: lines(
      "interface OneCb { then(cb: (v: number) => void): OneCb }",
      "declare const one: OneCb;",
      "declare const h: () => void;",
      "one;",
      "one.then(h);",
      "async function use() { await one; return one; }",
    ),
  },
  {
    name: "§4.23 thenable with a one-callback then is not promise-like even with checkThenables",
    code: lines("interface OneCb { then(cb: (v: number) => void): OneCb }", "declare const one: OneCb;", "declare const h: () => void;", "one;", "one.then(h);"),
    options: { checkThenables: true },
  },
  {
    name: "§4.24 then with non-function parameters (default and checkThenables)",
    code: lines("interface Odd { then(a: string, b: number): Odd }", "declare const odd: Odd;", "odd;", "odd.then('a', 1);"),
    options: { checkThenables: true },
  },
  { name: "§4.25 then is a number property", code: lines("declare const notThen: { then: number };", "notThen;"), options: { checkThenables: true } },
  {
    name: "§4.26 catchable thenable used with await and return",
    code: lines(
      "interface Catchable { then(ok: () => void, err: () => void): Catchable }",
      "declare const c: Catchable;",
      "async function use() { await c; return c; }",
      "c;",
    ),
  },
  { name: "§4.27 call returning PromiseLike, bare", code: lines("declare const mk: () => PromiseLike<number>;", "mk();") },
  {
    name: "§4.28 call returning a custom two-callback thenable, bare",
    code: lines("interface Catchable { then(ok: () => void, err: () => void): Catchable }", "declare const mkC: () => Catchable;", "mkC();"),
  },

  // ---- D. ignoreIIFE ----
  {
    name: "§4.29 ignoreIIFE: async arrow IIFEs with awaited or floating content",
    code: lines(base, "(async () => { await f(); })();", "(async () => { notDeclaredFn(); })();"),
    options: { ignoreIIFE: true },
  },
  {
    name: "§4.30 ignoreIIFE: named and anonymous async function IIFEs, top level, in a function, in an executor",
    code: lines(
      base,
      "(async function run() { await f(); })();",
      "(async function () { await f(); })();",
      "function outer() {",
      "  (async function () { await f(); })();",
      "}",
      "export const started = new Promise<void>((resolve) => {",
      "  (async function () { await f(); resolve(); })();",
      "});",
    ),
    options: { ignoreIIFE: true },
  },

  // ---- E. logical and void combinations ----
  { name: "§4.31 void of a logical expression", code: lines(base, "void (cond && f());") },
  { name: "§4.32 await of a logical expression (ignoreVoid off)", code: lines(base, "await (cond && f());"), options: { ignoreVoid: false } },
  { name: "§4.33 cond && void f(): the whole expression is undefined (default)", code: lines(base, "cond && void f();") },
  {
    name: "§4.33 cond && void f() and cond ? void f() : 0 stay unreported with ignoreVoid off (whole-expression type gate)",
    code: lines(base, "cond && void f();", "cond ? void f() : 0;"),
    options: { ignoreVoid: false },
  },
  { name: "§4.34 cond && (await f()) (ignoreVoid off)", code: lines(base, "cond && (await f());"), options: { ignoreVoid: false } },
  {
    name: "§4.35 control-flow narrowing makes the logical expression a non-promise (ignoreVoid off)",
    code: lines(base, "let c = false;", "c && f();", "c = true;", "c || f();", "c ?? f();"),
    options: { ignoreVoid: false },
  },

  // ---- F. allowForKnownSafePromises ----
  {
    name: "§4.36 allow-listed thenable in a sequence and a conditional (default)",
    code: lines(
      "interface SafeThenable<T> { then(ok: (v: T) => void, err: (e: unknown) => void): SafeThenable<T> }",
      "declare const st: SafeThenable<number>;",
      "(0, st);",
      "0 ? st : 3;",
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafeThenable" }] },
  },
  {
    name: "§4.36 allow-listed thenable in a sequence and a conditional (checkThenables on)",
    code: lines(
      "interface SafeThenable<T> { then(ok: (v: T) => void, err: (e: unknown) => void): SafeThenable<T> }",
      "declare const st: SafeThenable<number>;",
      "(0, st);",
      "0 ? st : 3;",
    ),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "file", name: "SafeThenable" }] },
  },
  {
    name: "§4.37 allow-listed Promise subclass: identifier and member access",
    code: lines(
      "class SafePromise<T> extends Promise<T> {}",
      "declare const sp: SafePromise<number>;",
      "declare const holder: { a: SafePromise<number> };",
      "sp;",
      "holder.a;",
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.38 allow-listed intersection alias in a logical expression",
    code: lines("type Foo = Promise<number> & { tag?: string };", "declare const foo: Foo;", "0 || foo;"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Foo" }] },
  },
  {
    name: "§4.39 finally on an allow-listed receiver",
    code: lines("type Foo = Promise<number> & { tag?: string };", "declare const foo: Foo;", "foo.finally();"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Foo" }] },
  },
  {
    name: "§4.40 calls returning an allow-listed thenable in a sequence and a conditional",
    code: lines(
      "interface SafeThenable<T> { then(ok: (v: T) => void, err: (e: unknown) => void): SafeThenable<T> }",
      "declare function mkSt(): SafeThenable<number>;",
      "(0, mkSt());",
      "0 ? mkSt() : 3;",
    ),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "file", name: "SafeThenable" }] },
  },
  {
    name: "§4.41 call returning an allow-listed alias, bare and with finally",
    code: lines("type Foo = Promise<number> & { tag?: string };", "declare function mkFoo(): Foo;", "mkFoo();", "mkFoo().finally();"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Foo" }] },
  },
  {
    name: "§4.42 allow-listed subclass calls behind || and ??",
    code: lines("class SafePromise<T> extends Promise<T> {}", "declare function mkSafe(): SafePromise<number>;", "0 || mkSafe();", "null ?? mkSafe();"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.43 lib specifier PromiseLike (checkThenables on, so the allow-list is what keeps it quiet)",
    code: lines("declare function mkLike(): PromiseLike<number>;", "mkLike();"),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "lib", name: "PromiseLike" }] },
  },
  {
    name: "§4.44 array and tuple of an allow-listed alias are not promise arrays",
    code: lines(
      "type Foo<T> = Promise<T> & { tag?: string };",
      "declare const foos: Foo<unknown>[];",
      "declare const tup: [Foo<unknown>, 5];",
      "foos;",
      "tup;",
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Foo" }] },
  },
  {
    name: "§4.45 tagged template returning an allow-listed intersection alias",
    code: lines("type SafePromise = Promise<number> & { __safe?: true };", "declare function tag(s: TemplateStringsArray): SafePromise;", "tag`x`;"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.46 then(h) on an allow-listed thenable (checkThenables on)",
    code: lines(
      "interface SafeThenable<T> { then(ok?: (v: T) => void, err?: (e: unknown) => void): SafeThenable<T> }",
      "declare function mkSt(): SafeThenable<number>;",
      "declare const h: () => void;",
      "mkSt().then(h);",
    ),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "file", name: "SafeThenable" }] },
  },
  {
    name: "§4.47 the allow-list beats both the builtin and the thenable tests",
    code: lines("interface SafePromise<T> extends Promise<T> { brand: 'safe' }", "declare function mkSafe(): SafePromise<number>;", "mkSafe();"),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },

  // ---- G. allowForKnownSafeCalls ----
  {
    name: "§4.48 file specifier with a path: the listed function",
    code: lines("import { it } from '../types/spec';", "it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/spec.d.ts" }] },
  },
  {
    name: "§4.48 the path of a file specifier is not checked for a bare-identifier call (value test, as upstream)",
    code: lines("import { it } from '../types/spec';", "it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/elsewhere.d.ts" }] },
  },
  {
    name: "§4.48 file specifier with a path matches a namespace call by its declaration file (type test)",
    code: lines("import * as spec from '../types/spec';", "spec.it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/spec.d.ts" }] },
  },
  {
    name: "§4.49 package specifier for an ambient module's export (imported, returning a promise)",
    code: lines("import { it } from 'abc';", "it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "package", name: "it", package: "abc" }] },
  },
  {
    name: "§4.50 package specifier node:test (skipped upstream; expressed with an ambient 'node:test' module)",
    code: lines("import { it } from 'node:test';", "it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "package", name: "it", package: "node:test" }] },
  },
  {
    name: "§4.50 package specifier for a node_modules package: named, renamed and namespace calls",
    code: lines("import { it, it as check } from 'fakepkg';", "import * as pkg from 'fakepkg';", "it('x', () => {});", "check('x', () => {});", "pkg.it('x', () => {});"),
    options: { allowForKnownSafeCalls: [{ from: "package", name: "it", package: "fakepkg" }] },
  },
  { name: "§4.51 string specifier: const arrow (value match)", code: lines("const go = async () => 1;", "go();"), options: { allowForKnownSafeCalls: ["go"] } },
  { name: "§4.52 string specifier: async function declaration", code: lines("async function go() {}", "go();"), options: { allowForKnownSafeCalls: ["go"] } },

  // ---- H. arrow concise bodies, recursive types ----
  {
    name: "§4.53 arrow concise void body and block body with void (default)",
    code: lines(
      "declare const el: HTMLElement;",
      "el.addEventListener('click', () => void fetch('/a'));",
      "el.addEventListener('click', () => { void fetch('/a'); });",
    ),
  },
  { name: "§4.54 recursive generic instantiation in an async IIFE ending in catch: no crash", code: lines(base, recursiveGeneric, `${recursiveBody}.catch(h);`) },

  // ---- deliberate differences ----
  {
    name: "deliberate: an any-typed or global Function-typed rejection handler counts as a function",
    code: lines(base, "declare const anyH: any;", "declare const fnH: Function;", "p.catch(anyH);", "p.then(h, anyH);", "p.catch(fnH);", "p.then(h, fnH);"),
  },
  {
    name: "deliberate: known-safe calls hold anywhere in the statement (&&, sequence, void with ignoreVoid off)",
    code: lines(base, "declare function safe(): Promise<void>;", "cond && safe();", "(safe(), 0);", "void safe();", "cond ? safe() : null;"),
    options: { ignoreVoid: false, allowForKnownSafeCalls: ["safe"] },
  },
  {
    name: "deliberate (§4.111): finally on a known-safe call is not reported, our finally recursion reaches the safe call",
    code: lines("import { it } from '../types/spec';", "declare const h: () => void;", "it('x', () => {}).finally(h);"),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/spec.d.ts" }] },
  },
  {
    name: "deliberate: SafePromise | undefined still matches the allow-list",
    code: lines("class SafePromise<T> extends Promise<T> {}", "declare const maybeSafe: SafePromise<number> | undefined;", "declare function mkMaybe(): SafePromise<void> | null;", "maybeSafe;", "mkMaybe();"),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "deliberate: nested optional chains that are handled are not reported",
    code: lines(
      base,
      "declare const mp: Promise<number> | undefined;",
      "cond ? mp?.catch(h) : null;",
      "cond && mp?.catch(h);",
      "(mp?.catch(h), 1);",
      "(mp?.catch(h))?.finally(h);",
      "mp?.catch(h).finally(h);",
      "cond ? mp!.catch(h) : null;",
    ),
  },
  { name: "probe §1.4: literal computed keys p['catch'](h), p[`catch`](h) are recognised", code: lines(base, "p['catch'](h);", "p[`catch`](h);", "p['then'](h, h);") },

  // ---- probes from §1–§2 and the appendix ----
  {
    name: "probe §1.1: ignoreIIFE skips non-async IIFEs too",
    code: lines(base, "(() => p)();", "(function () { return p; })();"),
    options: { ignoreIIFE: true },
  },
  {
    name: "probe §1.3: p && num() has a non-promise type; !p and typeof p are not promises (ignoreVoid off)",
    code: lines(base, "declare function num(): number;", "p && num();", "!p;", "typeof p;", "export const fn = () => !p;"),
    options: { ignoreVoid: false },
  },
  {
    name: "probe §1.4: custom object's catch, then(null, h)",
    code: lines(base, "declare const custom: { catch(h: () => void): Promise<void> };", "custom.catch(h);", "p.then(null, h);"),
  },
  {
    name: "probe §1.5: containers that are not promise arrays",
    code: lines(
      "declare const nested: Promise<number>[][];",
      "declare const branded: Promise<number>[] & { brand: 1 };",
      "class PA extends Array<Promise<number>> {}",
      "declare const pa: PA;",
      "declare const set: Set<Promise<number>>;",
      "declare const likes: PromiseLike<number>[];",
      "declare const anys: any[];",
      "nested;",
      "branded;",
      "pa;",
      "set;",
      "likes;",
      "anys;",
    ),
  },
  {
    name: "probe §2.1: then(Function, Function) and then(...fns) are not thenables",
    code: lines(
      "declare const fnThen: { then(a: Function, b: Function): void };",
      "declare const restThen: { then(...fns: ((v: unknown) => void)[]): void };",
      "fnThen;",
      "restThen;",
    ),
    options: { checkThenables: true },
  },
  {
    name: "probe §2.2: a type alias is named by the alias; an interface by its own name",
    code: lines("type P = Promise<number>;", "interface IP extends Promise<number> {}", "declare const pp: P;", "declare const ip: IP;", "pp;", "ip;"),
    options: { allowForKnownSafePromises: ["P", "IP"] },
  },
  {
    name: "probe §2.3: safe calls by declared name (method, function alias) and by value (const arrow)",
    code: lines(
      "declare const obj: { safe(): Promise<void> };",
      "declare function safeFn(): Promise<void>;",
      "const safeArrow = async () => {};",
      "const alias = safeFn;",
      "obj.safe();",
      "safeFn();",
      "safeArrow();",
      "alias();",
    ),
    options: { allowForKnownSafeCalls: ["safe", "safeArrow", "safeFn"] },
  },
  {
    name: "probe §2.2: package specifier for a type from node_modules",
    code: lines("import { pkgWork } from 'fakepkg';", "pkgWork();"),
    options: { allowForKnownSafePromises: [{ from: "package", name: "PkgPromise", package: "fakepkg" }] },
  },
];

const invalid: RuleCase[] = [
  // ---- I. basic unhandled forms ----
  { name: "§4.55 dropped forms: Promise.resolve", code: lines(base, droppedForms("Promise.resolve(1)")) },
  { name: "§4.55 dropped forms: Promise.reject", code: lines(base, droppedForms("Promise.reject(new Error('x'))")) },
  { name: "§4.55 dropped forms: local async function", code: lines(base, "async function local() { return 1; }", droppedForms("local()")) },
  { name: "§4.55 dropped forms: declared promise variable", code: lines(base, droppedForms("p")) },
  { name: "§4.55 dropped forms: Promise subclass", code: lines(base, promiseClass, droppedForms("myp")) },
  { name: "§4.55 dropped forms: async arrow IIFE", code: lines(base, droppedForms("(async () => 1)()", false)) },
  { name: "§4.55 dropped forms: Promise & number intersection", code: lines(base, "declare const pn: Promise<number> & number;", droppedForms("pn", false)) },
  { name: "§4.55 dropped forms: PromiseConstructor-derived polyfill", code: lines(base, polyfill, droppedForms("new MyPromise<number>((resolve) => resolve(1))", false)) },
  { name: "§4.56 Promise | number union used bare", code: lines("declare const u: Promise<number> | number;", flag("u;", "floating")) },
  { name: "§4.57 ignoreVoid on (explicit)", code: flag("Promise.resolve(1);", "floating"), options: { ignoreVoid: true } },
  {
    name: "§4.58 optional-chain call statements, any mix of ?.",
    code: lines(
      "interface Deep { a: Deep; b: Deep; c: () => Promise<void>; m(): Deep }",
      "declare const o: Deep;",
      "declare const maybe: Deep | undefined;",
      "declare const cb: (() => Promise<void>) | undefined;",
      "async function run() {}",
      flag("o.a?.b?.c?.();", "floating"),
      flag("o.a?.b?.c();", "floating"),
      flag("o.a?.b.c?.();", "floating"),
      flag("o.a.b.c?.();", "floating"),
      flag("o.m?.().b?.c?.();", "floating"),
      flag("maybe?.a.b.c?.();", "floating"),
      flag("cb?.();", "floating"),
      flag("run();", "floating"),
    ),
  },
  {
    name: "§4.59 tagged template returning a promise: bare, then(h), finally(h)",
    code: lines(
      base,
      "declare const tag: (s: TemplateStringsArray) => Promise<void>;",
      flag("tag`x`;", "floating"),
      flag("tag`x`.then(h);", "floating"),
      flag("tag`x`.finally(h);", "floating"),
    ),
  },
  { name: "§4.60 member access typed as a promise", code: lines("declare const obj: { p: Promise<void> };", flag("obj.p;", "floating")) },
  { name: "§4.61 new Promise statement", code: flag("new Promise<number>((resolve) => setTimeout(() => resolve(1)));", "floating") },
  {
    name: "§4.62 plain calls returning a Promise and a Promise subclass",
    code: lines(
      "class MyP<T> extends Promise<T> {}",
      "declare function mk(): Promise<number>;",
      "declare function mkMy(): MyP<number>;",
      flag("mk();", "floating"),
      flag("mkMy();", "floating"),
    ),
  },
  { name: "§4.63 then() without arguments, finally()", code: lines(base, flag("p.then();", "floating"), flag("p.finally();", "floating")) },
  {
    name: "§4.64 spread in the first argument slot",
    code: lines(base, "declare const none: [];", flag("p.finally(...none, h);", "floating"), flag("p.then(...none, h);", "floating"), flag("p.catch(...none, h);", "floating")),
  },
  { name: "§4.65 recursive generic instantiation in an unhandled async IIFE: no crash", code: lines(base, recursiveGeneric, flag(`${recursiveBody};`, "floating")) },

  // ---- J. conditional, sequence, logical ----
  { name: "§4.66 promise in either branch of ?:", code: lines(base, flag("cond ? p : null;", "floating"), flag("cond ? null : p;", "floating")) },
  { name: "§4.67 promise anywhere in a sequence", code: lines(base, flag("(p, 1);", "floating"), flag("(1, p);", "floating"), flag("(1, p, 1);", "floating")) },
  {
    name: "§4.68 sequence and conditional (ignoreVoid off)",
    code: lines(base, flag("(1, f());", "floating"), flag("cond ? f() : null;", "floating")),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.69 &&, ||, ?? with const conditions",
    code: lines(base, "const yes = true;", "const no = false;", "const nothing = null;", flag("yes && f();", "floating"), flag("no || f();", "floating"), flag("nothing ?? f();", "floating")),
  },
  { name: "§4.70 void c || f(): the right side floats", code: lines(base, flag("void cond || f();", "floating")) },
  {
    name: "§4.71 (await c) && f() (ignoreVoid off)",
    code: lines(base, "declare const c: Promise<boolean>;", flag("(await c) && f();", "floating")),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.72 narrowed let conditions with a promise identifier (ignoreVoid off)",
    code: lines(
      "declare const q: Promise<void>;",
      "let c1 = true;",
      flag("c1 && q;", "floating"),
      "let c2 = false;",
      flag("c2 || q;", "floating"),
      "let c3 = null;",
      flag("c3 ?? q;", "floating"),
    ),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.35 control: without narrowing, the logical expressions float (ignoreVoid off)",
    code: lines(base, "declare let c: boolean;", flag("c && f();", "floating"), flag("c || f();", "floating")),
    options: { ignoreVoid: false },
  },
  { name: "§4.73 nested logical", code: lines(base, flag("cond || cond || f();", "floating")) },
  { name: "§4.74 Promise.reject() || 3 (default)", code: flag("Promise.reject() || 3;", "floating") },
  { name: "§4.74 Promise.reject() || 3 (ignoreVoid off)", code: flag("Promise.reject() || 3;", "floating"), options: { ignoreVoid: false } },

  // ---- K. ignoreVoid off ----
  { name: "§4.75 void p, void f() (ignoreVoid off)", code: lines(base, flag("void p;", "floating"), flag("void f();", "floating")), options: { ignoreVoid: false } },
  { name: "§4.76 bare promise variable (ignoreVoid off)", code: lines(base, flag("p;", "floating")), options: { ignoreVoid: false } },
  { name: "§4.77 void with a comment (ignoreVoid off)", code: lines(base, flag("void /* note */ f();", "floating")), options: { ignoreVoid: false } },
  {
    name: "§4.78 arrow concise void body (ignoreVoid off): reported on the void expression",
    code: lines("declare const el: HTMLElement;", flag("el.addEventListener('click', () => void fetch('/a'));", "floating", "void fetch('/a')")),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.79 void inside a non-async arrow block (ignoreVoid off)",
    code: lines("export const handler = () => {", flag("  void fetch('/a');", "floating"), "};"),
    options: { ignoreVoid: false },
  },

  // ---- L. non-function rejection handlers ----
  {
    name: "§4.80 non-function rejection handlers (default); callable handlers are fine",
    code: lines(
      base,
      "declare const maybeCallable: string | (() => void);",
      flag("p.then(h, undefined);", "uselessHandler"),
      flag("p.then(h, null);", "uselessHandler"),
      flag("p.then(h, 3);", "uselessHandler"),
      flag("p.then(h, maybeCallable);", "uselessHandler"),
      flag("p.catch(undefined);", "uselessHandler"),
      flag("p.catch(null);", "uselessHandler"),
      flag("p.catch(3);", "uselessHandler"),
      flag("p.catch(maybeCallable);", "uselessHandler"),
      "p.then(h, h);",
      "p.catch(h);",
      "p.catch(() => {});",
      "p.catch(function () {});",
      "p.catch(class {} as unknown as () => void);",
    ),
  },
  {
    name: "§4.81 non-function rejection handlers (ignoreVoid off)",
    code: lines(
      base,
      "declare const maybeCallable: string | (() => void);",
      flag("p.then(h, undefined);", "uselessHandler"),
      flag("p.then(h, null);", "uselessHandler"),
      flag("p.then(h, 3);", "uselessHandler"),
      flag("p.then(h, maybeCallable);", "uselessHandler"),
      flag("p.catch(undefined);", "uselessHandler"),
      flag("p.catch(null);", "uselessHandler"),
      flag("p.catch(3);", "uselessHandler"),
      flag("p.catch(maybeCallable);", "uselessHandler"),
    ),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.82 the useless-handler flag propagates through a looked-through void (ignoreVoid off)",
    code: lines(base, flag("void p.then(h, undefined);", "uselessHandler")),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.83 then with a maybe-callable rejection handler (ignoreVoid off)",
    code: lines(base, "declare const maybeCallable: (() => void) | number;", flag("p.then(h, maybeCallable);", "uselessHandler")),
    options: { ignoreVoid: false },
  },
  {
    name: "deliberate: an unknown-typed rejection handler is still not a function",
    code: lines(base, "declare const unknownH: unknown;", flag("p.catch(unknownH);", "uselessHandler"), flag("p.then(h, unknownH);", "uselessHandler")),
  },

  // ---- M. finally ----
  { name: "§4.84 finally on an unhandled source", code: lines(base, flag("Promise.reject().finally(h);", "floating")) },
  { name: "§4.85 two finallys (ignoreVoid off)", code: lines(base, flag("Promise.reject().finally(h).finally(h);", "floating")), options: { ignoreVoid: false } },
  { name: "§4.85 three finallys (default)", code: lines(base, flag("Promise.reject().finally(h).finally(h).finally(h);", "floating")) },
  { name: "§4.86 then(h).finally(h)", code: lines(base, flag("p.then(h).finally(h);", "floating")) },
  { name: "§4.87 optional finally", code: lines(base, "declare const g: () => Promise<void> | undefined;", flag("g()?.finally(h);", "floating")) },
  {
    name: "§4.88 finally on an intersection, inside a sequence, on an async IIFE",
    code: lines(
      base,
      "declare const pn: Promise<number> & number;",
      flag("pn.finally(h);", "floating"),
      flag("(p.finally(h), 1);", "floating"),
      flag("(async () => {})().finally();", "floating"),
    ),
  },

  // ---- N. IIFEs ----
  {
    name: "§4.89 async IIFEs of every shape (ignoreIIFE off)",
    code: lines(
      base,
      flag("(async () => { await f(); })();", "floating"),
      flag("(async () => { h(); })();", "floating"),
      flag("(async function named() { await f(); })();", "floating"),
      "function outer() {",
      flag("  (async () => { await f(); })();", "floating"),
      "}",
      "export const started = new Promise<void>((resolve) => {",
      flag("  (async () => { await f(); resolve(); })();", "floating"),
      "});",
      flag("(async function () { await f(); })();", "floating"),
    ),
  },
  {
    name: "§4.90 ignoreIIFE: a floating promise inside an IIFE body is still reported",
    code: lines("(async function () {", flag("  Promise.resolve();", "floating"), "})();"),
    options: { ignoreIIFE: true },
  },
  {
    name: "§4.90 ignoreIIFE: intersection-typed statements inside an IIFE",
    code: lines(
      base,
      "declare const pn: Promise<number> & number;",
      "(async () => {",
      flag("  pn;", "floating"),
      flag("  pn.then(h);", "floating"),
      flag("  pn.catch();", "floating"),
      flag("  pn.finally();", "floating"),
      "})();",
    ),
    options: { ignoreIIFE: true },
  },

  // ---- O. promise arrays ----
  {
    name: "§4.91 map to promises",
    code: lines(
      "declare const us: unknown[];",
      flag("[1, 2].map(() => Promise.reject());", "floatingArray"),
      flag("us.map(() => Promise.reject());", "floatingArray"),
      flag("[1, 2].map(async (n) => { await null; return n; });", "floatingArray"),
    ),
  },
  {
    name: "§4.92 void and await of a promise array (ignoreVoid off)",
    code: lines(base, flag("void promiseArray;", "floatingArray"), flag("await promiseArray;", "floatingArray")),
    options: { ignoreVoid: false },
  },
  {
    name: "§4.93 array literals with a promise, even a handled one",
    code: lines(base, flag("[1, Promise.reject(), 3];", "floatingArray"), flag("[1, p.catch(h)];", "floatingArray")),
  },
  {
    name: "§4.94 generic S extends Array<T | Array<T | Promise<T>>>, element access",
    code: lines("function pick<T, S extends Array<T | Array<T | Promise<T>>>>(s: S) {", flag("  s?.[0];", "floatingArray"), "}"),
  },
  {
    name: "§4.95 type parameter constrained to a promise array, with and without undefined; a maybe-undefined variable",
    code: lines(
      "function bare<T extends Array<Promise<number>>>(a: T, b: T | undefined) {",
      flag("  a;", "floatingArray"),
      flag("  b;", "floatingArray"),
      "}",
      "declare const maybeArr: Array<Promise<number>> | undefined;",
      flag("maybeArr;", "floatingArray"),
    ),
  },
  {
    name: "§4.96 tuples: as const, a returned pair, a mixed as const tuple",
    code: lines(
      base,
      "declare function pair(): [Promise<string>, Promise<number>];",
      flag("[p] as const;", "floatingArray"),
      flag("pair();", "floatingArray"),
      flag("[1, 'x', p] as const;", "floatingArray"),
    ),
  },
  {
    name: "§4.97 unions of arrays and tuples",
    code: lines(
      "declare const m1: Array<number> | [number, Promise<number>];",
      "declare const m2: Array<number> | Array<Promise<number>>;",
      flag("m1;", "floatingArray"),
      flag("m2;", "floatingArray"),
    ),
  },
  {
    name: "§4.98 the allow-list does not match the alias: arrays and tuples of it are reported",
    code: lines(
      "type Foo<T> = Promise<T> & { tag?: string };",
      "declare const foos: Foo<unknown>[];",
      "declare const tup: [Foo<unknown>, 5];",
      flag("foos;", "floatingArray"),
      flag("tup;", "floatingArray"),
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Bar" }] },
  },
  {
    name: "§4.99 array literal mixing a plain promise and an allow-listed one",
    code: lines(
      "class SafePromise<T> extends Promise<T> {}",
      "declare const safe: SafePromise<number>;",
      "declare const plain: Promise<number>;",
      flag("[plain, safe];", "floatingArray"),
      "[safe];",
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },

  // ---- P. element access on a generic maybe-promise ----
  {
    name: "§4.100 S extends Array<T | Promise<T>>, element access",
    code: lines("function first<T, S extends Array<T | Promise<T>>>(s: S) {", flag("  s?.[0];", "floating"), "}"),
  },

  // ---- Q. thenables with checkThenables ----
  {
    name: "§4.101 class with a two-callback then: bare and then(h)",
    code: lines(
      "class Later { then(onOk?: (v: number) => void, onErr?: (e: unknown) => void): Later { return this; } }",
      "declare const later: Later;",
      "declare const h: () => void;",
      flag("later;", "floating"),
      flag("later.then(h);", "floating"),
    ),
    options: { checkThenables: true },
  },
  {
    name: "§4.102 calls returning PromiseLike and a custom two-callback thenable",
    code: lines(
      "interface Catchable { then(ok: () => void, err: () => void): Catchable }",
      "declare const mkLike: () => PromiseLike<number>;",
      "declare const mkC: () => Catchable;",
      flag("mkLike();", "floating"),
      flag("mkC();", "floating"),
    ),
    options: { checkThenables: true },
  },
  {
    name: "§4.103 Promise subclass with an extra member (checkThenables on)",
    code: lines("class Extra<T> extends Promise<T> { extra = 1; }", "declare function mkExtra(): Extra<number>;", flag("mkExtra();", "floating")),
    options: { checkThenables: true },
  },
  {
    name: "§4.104 a differently named thenable is not covered by the allow-list",
    code: lines(
      "interface SafeThenable { then(ok: () => void, err: () => void): SafeThenable }",
      "interface OtherThenable { then(ok: () => void, err: () => void): OtherThenable }",
      "declare const other: OtherThenable;",
      flag("other;", "floating"),
    ),
    options: { checkThenables: true, allowForKnownSafePromises: [{ from: "file", name: "SafeThenable" }] },
  },

  // ---- R. allow-list boundaries ----
  {
    name: "§4.105 catch() on an allow-listed subclass returns a plain Promise",
    code: lines("class SafePromise<T> extends Promise<T> {}", "declare const sp: SafePromise<number>;", flag("sp.catch();", "floating")),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.106 finally on a different subclass",
    code: lines(
      "class SafePromise<T> extends Promise<T> {}",
      "class UnsafePromise<T> extends Promise<T> {}",
      "declare function mkUnsafe(): UnsafePromise<number>;",
      flag("mkUnsafe().finally();", "floating"),
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.107 an unmatched alias in a conditional and behind ??",
    code: lines(
      "class SafePromise<T> extends Promise<T> {}",
      "type Unsafe = Promise<number> & { tag?: string };",
      "declare const u: Unsafe;",
      "declare function mkU(): Unsafe;",
      flag("0 ? u.catch() : 2;", "floating"),
      flag("null ?? mkU().catch();", "floating"),
    ),
    options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
  },
  {
    name: "§4.108 tagged template returning a differently named brand",
    code: lines("type Foo = Promise<number> & { foo?: 1 };", "type Bar = Promise<number> & { bar?: 1 };", "declare function tag(s: TemplateStringsArray): Bar;", flag("tag`x`;", "floating")),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Foo" }] },
  },

  // ---- S. safe-call boundaries ----
  {
    name: "§4.109 a call to a different function than the safe one",
    code: lines("import { unsafe } from '../types/spec';", flag("unsafe('x', () => {});", "floating")),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/spec.d.ts" }] },
  },
  {
    name: "§4.110 then(h) on a safe call: the callee is now .then",
    code: lines("import { it } from '../types/spec';", "declare const h: () => void;", flag("it('x', () => {}).then(h);", "floating")),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/spec.d.ts" }] },
  },
  {
    name: "§4.109 a file specifier with another path does not match a namespace call (type test)",
    code: lines("import * as spec from '../types/spec';", flag("spec.it('x', () => {});", "floating")),
    options: { allowForKnownSafeCalls: [{ from: "file", name: "it", path: "types/elsewhere.d.ts" }] },
  },
  {
    name: "§4.49 control: the same ambient-module call without the option is reported",
    code: lines("import { it } from 'abc';", flag("it('x', () => {});", "floating")),
  },
  {
    name: "deliberate (boundary): a known-safe call inside a composite does not hide another call; then(h) on a safe call is reported",
    code: lines(base, "declare function safe(): Promise<void>;", "declare function other(): Promise<void>;", flag("cond ? safe() : other();", "floating"), flag("safe().then(h);", "floating")),
    options: { ignoreVoid: false, allowForKnownSafeCalls: ["safe"] },
  },

  // ---- T. generators and type assertions ----
  {
    name: "§4.112 yield whose own type is a promise",
    code: lines("function* gen(): Generator<number, void, Promise<number>> {", flag("  yield 1;", "floating"), "}"),
  },
  {
    name: "§4.113 yield* whose delegate returns a promise",
    code: lines("declare const inner: Generator<number, Promise<number>, unknown>;", "function* outer(): Generator<number, void, unknown> {", flag("  yield* inner;", "floating"), "}"),
  },
  { name: "§4.114 as Promise", code: lines("declare const v: unknown;", flag("v as Promise<number>;", "floating")) },
  {
    name: "§4.115 object literal asserted to Promise intersections",
    code: lines(flag("({}) as Promise<number> & number;", "floating"), flag("({}) as Promise<number> & { x?: string };", "floating")),
  },
  { name: "§4.116 angle-bracket assertion", code: flag("<Promise<number>>{};", "floating") },

  // ---- deliberate differences ----
  {
    name: "deliberate: {from: 'file'} without path means the project's own files, so lib's Promise is not allowed",
    code: lines(base, flag("p;", "floating"), flag("f();", "floating")),
    options: { allowForKnownSafePromises: [{ from: "file", name: "Promise" }] },
  },
  {
    name: "deliberate: {from: 'file'} without path does not match a type declared in node_modules",
    code: lines("import { pkgWork } from 'fakepkg';", flag("pkgWork();", "floating")),
    options: { allowForKnownSafePromises: [{ from: "file", name: "PkgPromise" }] },
  },
  {
    name: "deliberate (boundary): nested optional chains that are not handled are still reported",
    code: lines(
      base,
      "declare const mp: Promise<number> | undefined;",
      flag("cond ? mp?.then(h) : null;", "floating"),
      flag("cond && mp?.catch();", "floating"),
      flag("(mp?.then(h), 1);", "floating"),
      flag("(mp?.then(h))?.finally(h);", "floating"),
    ),
  },
  {
    name: "deliberate: a handler that only throws again handles nothing (typescript-eslint counts any function)",
    code: lines(base, flag("p.catch(() => { throw new Error('again'); });", "rethrowingHandler"), flag("p.then(h, (e) => Promise.reject(e));", "rethrowingHandler")),
  },
  {
    name: "deliberate/limitation: a computed key held in a const is not recognised as catch, so the call is reported",
    code: lines(base, "const k = 'catch';", flag("p[k](h);", "floating")),
  },

  // ---- probes from §1–§2 and the appendix ----
  {
    name: "probe §1.1: statements at any depth (label, if body, loop body)",
    code: lines(base, flag("label: p;", "floating", "p;"), flag("if (cond) p;", "floating", "p;"), "for (;;) {", flag("  p;", "floating"), "  break;", "}"),
  },
  {
    name: "probe §1.1: ignoreIIFE does not cover an optional call or .call",
    code: lines(flag("(async () => {})?.();", "floating"), flag("(async function () {}).call(null);", "floating")),
    options: { ignoreIIFE: true },
  },
  {
    name: "probe §1.3: non-null, satisfies, Promise.all([p]), p || num()",
    code: lines(
      base,
      "declare function num(): number;",
      flag("p!;", "floating"),
      flag("p satisfies Promise<number>;", "floating"),
      flag("Promise.all([p]);", "floating"),
      flag("p || num();", "floating"),
    ),
  },
  {
    name: "probe §1.3: a void in a sequence is looked through (ignoreVoid off)",
    code: lines(base, flag("(void p, 1);", "floating")),
    options: { ignoreVoid: false },
  },
  {
    name: "probe §1.4: then chains without a final handler",
    code: lines(base, flag("p.then(h, h).then(h);", "floating")),
  },
  {
    name: "probe §1.5: readonly arrays, readonly tuples, rest elements, union elements, array | promise",
    code: lines(
      "declare const ra: ReadonlyArray<Promise<number>>;",
      "declare const rt: readonly [Promise<number>];",
      "declare const rest: [number, ...Promise<number>[]];",
      "declare const mixed: (Promise<number> | number)[];",
      "declare const either: Promise<number>[] | Promise<number>;",
      flag("ra;", "floatingArray"),
      flag("rt;", "floatingArray"),
      flag("rest;", "floatingArray"),
      flag("mixed;", "floatingArray"),
      flag("either;", "floatingArray"),
    ),
  },
  {
    name: "probe §1.5: PromiseLike[] is a promise array with checkThenables",
    code: lines("declare const likes: PromiseLike<number>[];", flag("likes;", "floatingArray")),
    options: { checkThenables: true },
  },
  {
    name: "probe §2.1: then with optional / nullable callbacks, or a third parameter, is a thenable",
    code: lines(
      "type F = (v: unknown) => void;",
      "declare const opt: { then(a?: F, b?: F | null): void };",
      "declare const three: { then(a: F, b: F, c: number): void };",
      flag("opt;", "floating"),
      flag("three;", "floating"),
    ),
    options: { checkThenables: true },
  },
  {
    name: "probe §2.1: Promise<void> | void is promise-like; a promise-returning overload",
    code: lines(
      "declare const pv: Promise<void> | void;",
      "declare function load(x: string): Promise<void>;",
      "declare function load(x: number): void;",
      flag("pv;", "floating"),
      flag("load('a');", "floating"),
      "load(1);",
    ),
  },
  {
    name: "probe §2.2: an alias is named by the alias, so a lib Promise specifier does not match it",
    code: lines("type P = Promise<number>;", "declare const pp: P;", flag("pp;", "floating")),
    options: { allowForKnownSafePromises: [{ from: "lib", name: "Promise" }] },
  },
  {
    name: "probe §2.3: a function-typed property cannot be allowed by name",
    code: lines("declare const obj: { arrowSafe: () => Promise<void> };", flag("obj.arrowSafe();", "floating")),
    options: { allowForKnownSafeCalls: ["arrowSafe"] },
  },
  {
    name: "probe §2.4: package names match by path component",
    code: lines("import { it } from 'fakepkg';", flag("it('x', () => {});", "floating")),
    options: { allowForKnownSafeCalls: [{ from: "package", name: "it", package: "fake" }] },
  },
];

runRuleTests(rule, {
  companions: [TYPESCRIPT_ESLINT_SPLIT],
  valid,
  invalid,
  files: {
    "types/spec.d.ts": lines(
      "export declare function it(name: string, fn: () => void): Promise<void>;",
      "export declare function unsafe(name: string, fn: () => void): Promise<void>;",
    ),
    "types/abc.d.ts": "declare module 'abc' {\n  export function it(name: string, fn: () => void): Promise<void>;\n}\n",
    "types/node-test.d.ts": "declare module 'node:test' {\n  export function it(name: string, fn: () => void): Promise<void>;\n}\n",
    "node_modules/fakepkg/package.json": JSON.stringify({ name: "fakepkg", version: "1.0.0", types: "index.d.ts" }),
    "node_modules/fakepkg/index.d.ts": lines(
      "export interface PkgPromise<T> extends Promise<T> {}",
      "export declare function pkgWork(): PkgPromise<void>;",
      "export declare function it(name: string, fn: () => void): Promise<void>;",
    ),
  },
});
