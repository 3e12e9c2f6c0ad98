import rule from "./floating-promise.js";
import missingAwait from "./missing-await.js";
import { mark, runRuleTests } from "../testing/rule-tester.js";

const lines = (...xs: string[]) => xs.join("\n");
const SAVE = "declare function save(): Promise<void>;";
const F = "floating-promise";

// typescript-eslint's no-floating-promises is our floating-promise plus missing-await's statement check.
const TYPESCRIPT_ESLINT_SPLIT = {
  rule: missingAwait,
  options: { checkReturnInTry: false, checkLocals: false },
  as: { notAwaited: "floating-promise:floating", arrayNotAwaited: "floating-promise:floatingArray", uselessHandler: "floating-promise:uselessHandler", rethrowingHandler: "floating-promise:rethrowingHandler" },
};

const decls = `
declare function work(): Promise<number>;
declare function maybeWork(): Promise<number> | undefined;
declare const p: Promise<string>;
declare const flag: boolean;
`;

runRuleTests(rule, {
  companions: [TYPESCRIPT_ESLINT_SPLIT],
  files: {
    // The shape @types/node gives node:test: functions inside an ambient module, exported by a list.
    "types/runner.d.ts": `declare module "node:runner" {\n  function it(name: string, fn: () => void): Promise<void>;\n  function helper(): Promise<void>;\n  export { it, helper };\n}\n`,
  },
  valid: [
    {
      name: "known safe call from a package declared as an ambient module with an export list",
      code: `import { it } from "node:runner";\nit("works", () => {});`,
      options: { allowForKnownSafeCalls: [{ from: "package", package: "node:runner", name: ["it"] }] },
    },
    { name: "awaited", code: `${decls}async function f() { await work(); }` },
    { name: "returned", code: `${decls}function f() { return work(); }` },
    { name: "assigned", code: `${decls}let x: Promise<number>; x = work();` },
    { name: "stored in a const (not a statement)", code: `${decls}const q = work();` },
    { name: "catch with a handler", code: `${decls}work().catch(() => {});` },
    { name: "then with a rejection handler", code: `${decls}work().then(() => {}, () => {});` },
    { name: "catch then finally", code: `${decls}work().catch(() => {}).finally(() => {});` },
    { name: "void by default", code: `${decls}void work();` },
    { name: "non-promise call", code: `declare function f(): number; f();` },
    { name: "any-typed call", code: `declare const f: any; f();` },
    { name: "unknown value", code: `declare const u: unknown; u;` },
    { name: "thenable ignored without checkThenables", code: `declare const t: { then(a: () => void, b: () => void): void }; t;` },
    { name: "handled in a conditional", code: `${decls}flag ? work().catch(() => {}) : p.catch(() => {});` },
    { name: "handled in a logical expression", code: `${decls}flag && work().catch(() => {});` },
    { name: "optional call with handler", code: `${decls}maybeWork()?.catch(() => {});` },
    { name: "await of a promise intersection", code: `${decls}async function f(x: Promise<number> & { extra: 1 }) { await x; }` },
    { name: "IIFE ignored when ignoreIIFE", code: `(async () => { await 1; })();`, options: { ignoreIIFE: true } },
    { name: "IIFE (function) ignored when ignoreIIFE", code: `(async function () {})();`, options: { ignoreIIFE: true } },
    { name: "known safe call", code: `${decls}work();`, options: { allowForKnownSafeCalls: ["work"] } },
    {
      name: "known safe promise type by file",
      code: `type SafePromise = Promise<number> & { __safe: true };\ndeclare const s: SafePromise;\ns;`,
      options: { allowForKnownSafePromises: [{ from: "file", name: "SafePromise" }] },
    },
    { name: "comma expression with no promise", code: `declare let a: number; a++, a--;` },
    { name: "suppressed by our comment", code: `${decls}// async-lens-ignore-next-line floating-promise -- fire and forget\nwork();` },
    { name: "suppressed by an eslint comment", code: `${decls}// eslint-disable-next-line @typescript-eslint/no-floating-promises\nwork();` },
    { name: "suppressed on the same line", code: `${decls}work(); // eslint-disable-line @typescript-eslint/no-floating-promises` },
    { name: "suppressed for the whole file", code: `// async-lens-ignore-file floating-promise\n${decls}work();\nwork();` },
    { name: "suppressed by an eslint-disable block", code: `${decls}/* eslint-disable @typescript-eslint/no-floating-promises */\nwork();` },
    { name: "directive text inside a string does not count", code: `${decls}const s = "// async-lens-ignore-file";\nvoid s;` },
    { name: "class extending a non-promise", code: `class Box<T> { value!: T }\ndeclare const b: Box<number>;\nb;` },
  ],
  invalid: [
    {
      name: "a package specifier does not cover other functions of the package",
      code: `import { helper } from "node:runner";\nhelper();\n//^^^^^^^^^ floating-promise`,
      options: { allowForKnownSafeCalls: [{ from: "package", package: "node:runner", name: ["it"] }] },
    },
    {
      name: "a package specifier names the package exactly",
      code: `import { it } from "node:runner";\nit("works", () => {});\n//^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
      options: { allowForKnownSafeCalls: [{ from: "package", package: "node:run", name: ["it"] }] },
    },
    {
      name: "fix: add a .catch that logs, or mark void",
      code: `declare function save(): Promise<void>;\nsave();\n//^^^^^^^ floating-promise`,
      fixes: {
        "add-catch": `declare function save(): Promise<void>;\nsave().catch((error: unknown) => console.error(error));`,
        "add-void": `declare function save(): Promise<void>;\nvoid save();`,
      },
    },
    {
      name: "fix: .catch with a configured handler body",
      code: lines(SAVE, "declare const logger: { warn(e: unknown): void };", mark("save();", "save();", F)),
      options: { catchHandler: "logger.warn(error)" },
      fixes: { "add-catch": lines(SAVE, "declare const logger: { warn(e: unknown): void };", "save().catch((error: unknown) => logger.warn(error));") },
    },
    {
      name: "fix: .catch with a configured block, in JavaScript (no annotation)",
      fileName: "plain.js",
      code: lines("/** @returns {Promise<void>} */", "async function go() {}", "/** @param {unknown} e */", "function report(e) { void e; }", mark("go();", "go();", F)),
      options: { catchHandler: "{ report(error); }" },
      fixes: { "add-catch": lines("/** @returns {Promise<void>} */", "async function go() {}", "/** @param {unknown} e */", "function report(e) { void e; }", "go().catch((error) => { report(error); });") },
    },
    {
      name: "fix: make a local function async; its one caller drops the result",
      code: lines(SAVE, "function submit() {", mark("  save();", "save();", F), "}", "submit();"),
      fixes: { "make-async": lines(SAVE, "async function submit() {", "  await save();", "}", "submit();") },
    },
    {
      name: "fix: make async; a string with the function's name is not a use of it",
      code: lines(SAVE, "function submit() {", mark("  save();", "save();", F), "}", 'export const label = "submit";', "void submit();"),
      fixes: { "make-async": lines(SAVE, "async function submit() {", "  await save();", "}", 'export const label = "submit";', "void submit();") },
    },
    {
      name: "fix: make async rewrites a declared void return type",
      code: lines(SAVE, "export function submit(): void {", mark("  save();", "save();", F), "}"),
      fixes: { "make-async": lines(SAVE, "export async function submit(): Promise<void> {", "  await save();", "}") },
    },
    {
      name: "fix: make async keeps a declared Promise return type, whatever the callers do",
      code: lines(SAVE, "export function submit(): Promise<number> {", mark("  save();", "save();", F), "  return Promise.resolve(1);", "}", "export const n = submit().then((x) => x + 1);"),
      fixes: { "make-async": lines(SAVE, "export async function submit(): Promise<number> {", "  await save();", "  return Promise.resolve(1);", "}", "export const n = submit().then((x) => x + 1);") },
    },
    {
      name: "fix: make async an arrow given where a promise-returning function is welcome",
      code: lines(SAVE, "declare function schedule(task: () => Promise<void> | void): void;", "schedule(() => {", mark("  save();", "save();", F), "});"),
      fixes: { "make-async": lines(SAVE, "declare function schedule(task: () => Promise<void> | void): void;", "schedule(async () => {", "  await save();", "});") },
    },
    {
      name: "fix: make async a private method whose callers in the class await it",
      code: lines(SAVE, "export class Form {", "  private submit() {", mark("    save();", "save();", F), "  }", "  async send() {", "    await this.submit();", "  }", "}"),
      fixes: { "make-async": lines(SAVE, "export class Form {", "  private async submit() {", "    await save();", "  }", "  async send() {", "    await this.submit();", "  }", "}") },
    },
    {
      name: "fix: make async an arrow bound to a const, waiting for an array of promises",
      code: lines(SAVE, "const flush = () => {", mark("  [save(), save()];", "[save(), save()];", "floating-promise:floatingArray"), "};", "void flush();"),
      fixes: { "make-async": lines(SAVE, "const flush = async () => {", "  await Promise.all([save(), save()]);", "};", "void flush();") },
    },
    {
      name: "no make async: forEach ignores what its callback returns (the rejection would stay unhandled)",
      code: lines(SAVE, "declare const xs: number[];", "xs.forEach(() => {", mark("  save();", "save();", F), "});"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: the caller uses the result synchronously",
      code: lines(SAVE, "function count() {", mark("  save();", "save();", F), "  return 1;", "}", "export const n = count() + 1;"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: map's callback must return a value",
      code: lines(SAVE, "export const ns = [1, 2].map((n) => {", mark("  save();", "save();", F), "  return n * 2;", "});"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: an exported function returning a value (callers elsewhere)",
      code: lines(SAVE, "export function count() {", mark("  save();", "save();", F), "  return 1;", "}"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: passed on as a value",
      code: lines(SAVE, "function tick() {", mark("  save();", "save();", F), "}", "setTimeout(tick, 10);"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: a declared non-promise return type",
      code: lines(SAVE, "export function count(): number {", mark("  save();", "save();", F), "  return 1;", "}"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: constructors, getters, setters and generators",
      code: lines(
        SAVE,
        "export class C {",
        "  constructor() {",
        mark("    save();", "save();", F),
        "  }",
        "  get x() {",
        mark("    save();", "save();", F),
        "    return 1;",
        "  }",
        "  set x(v: number) {",
        mark("    save();", "save();", F),
        "  }",
        "  *gen() {",
        mark("    save();", "save();", F),
        "  }",
        "}",
      ),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: a method whose base declares a non-promise return",
      code: lines(SAVE, "class Base {", "  run(): number {", "    return 1;", "  }", "}", "export class Impl extends Base {", "  override run() {", mark("    save();", "save();", F), "    return 2;", "  }", "}"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: the base's member returns a value or void (unexported class, no callers: only the base decides)",
      code: lines(
        SAVE,
        "class Base {",
        "  run(): number | undefined { return 1; }",
        "  stop(): void {}",
        "}",
        "class Impl extends Base {",
        "  override run() {",
        mark("    save();", "save();", F),
        "    return undefined;",
        "  }",
        "  override stop() {",
        mark("    save();", "save();", F),
        "  }",
        "}",
        "export const impl = new Impl();",
      ),
      noFixes: ["make-async"],
    },
    {
      name: "fix: make async where the base's member may return a promise",
      code: lines(SAVE, "class Base {", "  stop(): Promise<void> | void {}", "}", "class Impl extends Base {", "  override stop() {", mark("    save();", "save();", F), "  }", "}", "export const impl = new Impl();"),
      fixes: { "make-async": lines(SAVE, "class Base {", "  stop(): Promise<void> | void {}", "}", "class Impl extends Base {", "  override async stop() {", "    await save();", "  }", "}", "export const impl = new Impl();") },
    },
    {
      name: "no make async: an interface method that returns void (the promise would be dropped)",
      code: lines(SAVE, "interface Job {", "  run(): void;", "}", "export const job: Job = {", "  run() {", mark("    save();", "save();", F), "  },", "};"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: a public or protected method of an exported class (a subclass elsewhere may override it)",
      code: lines(SAVE, "export class Form {", "  submit(): void {", mark("    save();", "save();", F), "  }", "  protected reset() {", mark("    save();", "save();", F), "  }", "}"),
      noFixes: ["make-async"],
    },
    {
      name: "no make async: overloads",
      code: lines(SAVE, "function go(a: number): void;", "function go(a: string): void;", "function go(a: unknown) {", mark("  save();", "save();", F), "  void a;", "}", "go(1);"),
      noFixes: ["make-async"],
    },
    {
      name: "fix: .catch on a conditional of promises is parenthesised",
      code: `declare const a: Promise<void>;\ndeclare const b: Promise<void>;\ndeclare const c: boolean;\nc ? a : b;\n//^^^^^^^^^^ floating-promise`,
      fixes: { "add-catch": `declare const a: Promise<void>;\ndeclare const b: Promise<void>;\ndeclare const c: boolean;\n(c ? a : b).catch((error: unknown) => console.error(error));` },
    },
    {
      name: "bare call",
      code: `${decls}work();\n//^^^^^^^ floating-promise:floating`,
    },
    {
      name: "promise-valued identifier",
      code: `${decls}p;\n//^^ floating-promise:floating`,
    },
    {
      name: "then without a rejection handler",
      code: `${decls}work().then(() => {});\n//^^^^^^^^^^^^^^^^^^^^^^ floating-promise:floating`,
    },
    {
      name: "catch without arguments",
      code: `${decls}work().catch();\n//^^^^^^^^^^^^^^^ floating-promise:floating`,
    },
    {
      name: "catch with a non-function handler",
      code: `${decls}work().catch(null);\n//^^^^^^^^^^^^^^^^^^^ floating-promise:uselessHandler`,
    },
    {
      name: "then with a non-function rejection handler",
      code: `${decls}work().then(() => {}, 42);\n//^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise:uselessHandler`,
    },
    {
      name: "finally passes through its receiver",
      code: `${decls}work().finally(() => {});\n//^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise:floating`,
    },
    {
      name: "then-with-handler then finally is fine, then without handler is not",
      code: `${decls}work().catch(() => {}).then(() => {});\n//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise:floating`,
    },
    {
      name: "inside an async function",
      code: `${decls}async function f() {\n  work();\n  //^^^^^^^ floating-promise\n}`,
    },
    {
      name: "inside an arrow callback",
      code: `${decls}[1].forEach(() => {\n  work();\n  //^^^^^^^ floating-promise\n});`,
    },
    {
      name: "new Promise",
      code: `new Promise<void>((resolve) => resolve());\n//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "Promise.resolve and Promise.all",
      code: `declare const xs: Promise<number>[];\nPromise.resolve(1);\n//^^^^^^^^^^^^^^^^^^^ floating-promise\nPromise.all(xs);\n//^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "async IIFE by default",
      code: `(async () => { await 1; })();\n//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "void with ignoreVoid off",
      code: `${decls}void work();\n//^^^^^^^^^^^^ floating-promise:floating`,
      options: { ignoreVoid: false },
    },
    {
      name: "parenthesised",
      code: `${decls}(work());\n//^^^^^^^^^ floating-promise`,
    },
    {
      name: "conditional: either branch",
      code: `${decls}flag ? work() : 1;\n//^^^^^^^^^^^^^^^^^^ floating-promise\nflag ? work().catch(() => {}) : work();\n//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "logical operands",
      code: `${decls}flag && work();\n//^^^^^^^^^^^^^^^ floating-promise\nmaybeWork() ?? work();\n//^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "comma expression: any operand",
      code: `${decls}work(), 1;\n//^^^^^^^^^^ floating-promise`,
    },
    {
      name: "optional call",
      code: `${decls}maybeWork()?.then(() => {});\n//^^^^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "array of promises",
      code: `${decls}[work(), work()];\n//^^^^^^^^^^^^^^^^^ floating-promise:floatingArray`,
    },
    {
      name: "mapped to promises",
      code: `${decls}[1, 2].map(() => work());\n//^^^^^^^^^^^^^^^^^^^^^^^^^ floating-promise:floatingArray`,
    },
    {
      name: "tuple containing a promise",
      code: `declare const t: [number, Promise<void>];\nt;\n//^^ floating-promise:floatingArray`,
    },
    {
      name: "readonly array of promises",
      code: `declare const r: readonly Promise<void>[];\nr;\n//^^ floating-promise:floatingArray`,
    },
    {
      name: "union containing a promise",
      code: `declare const u: Promise<void> | number;\nu;\n//^^ floating-promise`,
    },
    {
      name: "subclass of Promise",
      code: `class Task<T> extends Promise<T> {}\ndeclare const t: Task<number>;\nt;\n//^^ floating-promise`,
    },
    {
      name: "generic constrained to a promise",
      code: `function run<T extends Promise<number>>(t: T) {\n  t;\n  //^^ floating-promise\n}`,
    },
    {
      name: "thenable with checkThenables",
      code: `declare const t: { then(a: () => void, b: () => void): void };\nt;\n//^^ floating-promise`,
      options: { checkThenables: true },
    },
    {
      name: "PromiseLike with checkThenables",
      code: `declare const t: PromiseLike<number>;\nt;\n//^^ floating-promise`,
      options: { checkThenables: true },
    },
    {
      name: "tagged template returning a promise",
      code: `declare function sql(s: TemplateStringsArray): Promise<void>;\nsql\`select 1\`;\n//^^^^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "method call on an object",
      code: `declare const api: { save(): Promise<void> };\napi.save();\n//^^^^^^^^^^^ floating-promise`,
    },
    {
      name: "known safe call names another function",
      code: `${decls}declare function other(): Promise<void>;\nother();\n//^^^^^^^^ floating-promise`,
      options: { allowForKnownSafeCalls: ["work"] },
    },
    {
      name: "a suppression for another rule does not apply",
      code: `${decls}// eslint-disable-next-line no-console\nwork();\n//^^^^^^^ floating-promise`,
    },
    {
      name: "an eslint-enable ends the disabled range",
      code: `${decls}/* eslint-disable @typescript-eslint/no-floating-promises */\nwork();\n/* eslint-enable @typescript-eslint/no-floating-promises */\nwork();\n//^^^^^^^ floating-promise`,
    },
    {
      name: "JavaScript file with checkJs",
      fileName: "plain.js",
      code: `/** @returns {Promise<void>} */\nasync function go() {}\ngo();\n//^^^^^ floating-promise`,
    },
    {
      name: "TSX file",
      fileName: "view.tsx",
      code: `declare function load(): Promise<void>;\nexport const View = () => { load(); return null; };\n//                            ^^^^^^^ floating-promise`,
    },
    {
      name: "a dropped call to a function whose declaration returns a timer promise that cannot reject: information",
      code: `function delay(ms: number) {\n  return new Promise<void>((resolve) => setTimeout(resolve, ms));\n}\nexport function f() {\n  delay(5);\n  //^^^^^^^^^ floating-promise:floating@info\n}`,
      messageMatches: [/cannot reject, unless an override/],
    },
    {
      name: "a dropped call to a function whose promise can reject stays an error",
      code: `function delay(ms: number) {\n  return new Promise<void>((resolve, reject) => setTimeout(ms > 0 ? resolve : reject, ms));\n}\nexport function f() {\n  delay(5);\n  //^^^^^^^^^ floating-promise:floating@error\n}`,
      messageLacks: [/cannot reject/],
    },
  ],
});
