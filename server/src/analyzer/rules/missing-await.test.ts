import rule from "./missing-await.js";
import { runRuleTests } from "../testing/rule-tester.js";

const decls = `
declare function load(): Promise<string>;
declare function save(): Promise<void>;
declare function use(x: unknown): void;
declare const flag: boolean;
`;

runRuleTests(rule, {
  valid: [
    // statements
    { name: "awaited statement", code: `${decls}async function f() { await save(); }` },
    { name: "statement outside an async body is floating-promise's", code: `${decls}function f() { save(); }` },
    { name: "top level of a module without top-level await", code: `${decls}save();` },
    { name: "void marks it deliberate", code: `${decls}async function f() { void save(); }` },
    { name: "a nested sync callback is not the async body", code: `${decls}async function f() { [1].forEach(() => { void save(); }); }` },
    // return in try
    { name: "return await inside try", code: `${decls}async function f() { try { return await load(); } catch { return ""; } }` },
    { name: "return in catch without finally", code: `${decls}async function f() { try { await save(); } catch { return load(); } }` },
    { name: "return in finally", code: `${decls}async function f() { try { await save(); } finally { return load(); } }` },
    { name: "return in try of an async generator (it awaits already)", code: `${decls}async function* g() { try { yield 1; return load(); } catch { return ""; } }` },
    { name: "return outside any try", code: `${decls}async function f() { return load(); }` },
    { name: "return of a non-promise in try", code: `${decls}async function f() { try { return 1; } catch { return 2; } }` },
    { name: "return in try of a sync function", code: `${decls}function f() { try { return load(); } catch { return Promise.resolve(""); } }` },
    { name: "a nested function's return inside try", code: `${decls}async function f() { try { const g = () => load(); await g(); } catch {} }` },
    { name: "deliberate: the catch only returns the same call (a fallback that awaiting would run twice)", code: `${decls}async function f(bad: boolean) {\n  try {\n    if (bad) return load();\n    return await load();\n  } catch {\n    return load();\n  }\n}` },
    { name: "checkReturnInTry off", code: `${decls}async function f() { try { return load(); } catch { return ""; } }`, options: { checkReturnInTry: false } },
    // locals
    { name: "local awaited", code: `${decls}async function f() { const p = load(); use(1); return await p; }` },
    { name: "locals awaited together", code: `${decls}async function f() { const a = load(); const b = load(); await Promise.all([a, b]); }` },
    { name: "local returned", code: `${decls}function f() { const p = load(); return p; }` },
    { name: "local passed on", code: `${decls}function f() { const p = load(); use(p); }` },
    { name: "local chained", code: `${decls}function f() { const p = load(); p.then(use, use); }` },
    { name: "local captured by a closure", code: `${decls}function f() { const p = load(); return () => p; }` },
    { name: "local stored in an object", code: `${decls}function f() { const p = load(); return { p }; }` },
    { name: "local awaited in both branches", code: `${decls}async function f() { const p = load(); if (flag) { use(await p); } else { await p; } }` },
    { name: "local awaited in a loop counts", code: `${decls}async function f(xs: number[]) { const p = load(); for (const x of xs) use(await p); }` },
    { name: "a throw before the await is not reported", code: `${decls}async function f() { const p = load(); if (flag) throw new Error("x"); await p; }` },
    { name: "a handled chain in a local", code: `${decls}function f() { const p = load().catch(() => ""); use(1); }` },
    { name: "a non-promise local", code: `${decls}function f() { const n = 1; use(2); }` },
    { name: "an awaited initializer", code: `${decls}async function f() { const s = await load(); }` },
    { name: "let is not followed", code: `${decls}async function f() { let p = load(); p = load(); await p; }` },
    { name: "a shadowing declaration stops the check", code: `${decls}async function f() { const p = load(); { const p = 1; use(p); } }` },
    { name: "module-level const", code: `${decls}export const ready = load();` },
    { name: "checkLocals off", code: `${decls}async function f() { const p = load(); }`, options: { checkLocals: false } },
  ],
  invalid: [
    {
      name: "fix: add await",
      code: `declare function save(): Promise<void>;\nasync function f() {\n  save();\n  //^^^^^^^ missing-await\n}`,
      fixes: { "add-await": `declare function save(): Promise<void>;\nasync function f() {\n  await save();\n}` },
    },
    {
      name: "fix: add await with parentheses where precedence needs them, and a leading ; against ASI",
      code: `declare const a: Promise<void> | undefined;\ndeclare const b: Promise<void>;\nasync function f() {\n  const x = 1\n  a || b;\n  //^^^^^^^ missing-await\n}`,
      fixes: { "add-await": `declare const a: Promise<void> | undefined;\ndeclare const b: Promise<void>;\nasync function f() {\n  const x = 1\n  ;await (a || b);\n}` },
    },
    {
      name: "fix: await an array of promises together",
      code: `declare function save(x: number): Promise<void>;\nasync function f(xs: number[]) {\n  xs.map((x) => save(x));\n  //^^^^^^^^^^^^^^^^^^^^^^^ missing-await:arrayNotAwaited\n}`,
      fixes: { "await-all": `declare function save(x: number): Promise<void>;\nasync function f(xs: number[]) {\n  await Promise.all(xs.map((x) => save(x)));\n}` },
    },
    {
      name: "fix: no Promise.all over something that may not be an array (it would not compile)",
      code: `async function f(b: Promise<void>[] | undefined) {\n  b;\n  //^^ missing-await:arrayNotAwaited\n}`,
      noFixes: ["await-all"],
    },
    {
      name: "fix: a statement right after a keyword (`else(…)`) keeps a space before the inserted await",
      code: `declare function save(): Promise<void>;\nasync function f(c: boolean) {\n  if (c) await save();\n  else(save());\n  //    ^^^^^^^^^ missing-await\n}`,
      fixes: { "add-await": `declare function save(): Promise<void>;\nasync function f(c: boolean) {\n  if (c) await save();\n  else await (save());\n}` },
    },
    {
      name: "fix: await-all right after a keyword keeps a space",
      code: `declare function save(x: number): Promise<void>;\nasync function f(c: boolean, xs: number[]) {\n  if (c) await save(1);\n  else(xs.map((x) => save(x)));\n  //    ^^^^^^^^^^^^^^^^^^^^^^^^^ missing-await:arrayNotAwaited\n}`,
      fixes: { "await-all": `declare function save(x: number): Promise<void>;\nasync function f(c: boolean, xs: number[]) {\n  if (c) await save(1);\n  else await Promise.all((xs.map((x) => save(x))));\n}` },
    },
    {
      // Found by fuzzing: `Promise.all` takes no boolean, so wrapping this would not compile.
      name: "no await-all fix where only some members of the type are arrays",
      code: `declare function save(x: number): Promise<void>;\nasync function f(c: boolean) {\n  c ? [save(1), save(2)] : false;\n  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-await:arrayNotAwaited\n}`,
    },
    {
      name: "fix: return await inside try",
      code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    return load();\n    //       ^^^^^^ missing-await:returnInTry\n  } catch {\n    return "";\n  }\n}`,
      fixes: { "return-await": `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    return await load();\n  } catch {\n    return "";\n  }\n}` },
    },
    {
      name: "fix: a suppression comment with a reason to fill in",
      code: `declare function save(): Promise<void>;\nasync function f() {\n  save();\n  //^^^^^^^ missing-await\n}`,
      fixes: { suppress: `declare function save(): Promise<void>;\nasync function f() {\n  // async-lens-ignore-next-line missing-await -- why this is safe: \n  save();\n}` },
    },
    {
      name: "dropped statement in an async function",
      code: `${decls}async function f() {\n  save();\n  //^^^^^^^ missing-await:notAwaited\n}`,
    },
    {
      name: "dropped statement in an async arrow and method",
      code: `${decls}const g = async () => {\n  load().then(use);\n  //^^^^^^^^^^^^^^^^^ missing-await:notAwaited\n};\nclass C {\n  async m() {\n    save();\n    //^^^^^^^ missing-await:notAwaited\n  }\n}`,
    },
    {
      name: "array of promises in an async body",
      code: `${decls}async function f(xs: string[]) {\n  xs.map(() => save());\n  //^^^^^^^^^^^^^^^^^^^^^ missing-await:arrayNotAwaited\n}`,
    },
    {
      name: "top level of a module that uses top-level await",
      code: `${decls}await save();\nsave();\n//^^^^^^^ missing-await:notAwaited`,
    },
    {
      name: "return in try with catch",
      code: `${decls}async function f() {\n  try {\n    return load();\n    //       ^^^^^^ missing-await:returnInTry\n  } catch {\n    return "";\n  }\n}`,
    },
    {
      name: "a catch that returns another call still needs the await",
      code: `${decls}declare function other(): Promise<string>;\nasync function f() {\n  try {\n    return load();\n    //       ^^^^^^ missing-await:returnInTry\n  } catch {\n    return other();\n  }\n}`,
    },
    {
      name: "return in try with only finally",
      code: `${decls}async function f() {\n  try {\n    return load();\n    //       ^^^^^^ missing-await:returnInTry\n  } finally {\n    use(1);\n  }\n}`,
    },
    {
      name: "return in catch with finally",
      code: `${decls}async function f() {\n  try {\n    await save();\n  } catch {\n    return load();\n    //       ^^^^^^ missing-await:returnInTry\n  } finally {\n    use(1);\n  }\n}`,
    },
    {
      name: "return in an inner catch, inside an outer try",
      code: `${decls}async function f() {\n  try {\n    try {\n      await save();\n    } catch {\n      return load();\n      //       ^^^^^^ missing-await:returnInTry\n    }\n  } catch {}\n  return "";\n}`,
    },
    {
      name: "conditional return value in try",
      code: `${decls}async function f() {\n  try {\n    return flag ? load() : "x";\n    //       ^^^^^^^^^^^^^^^^^^^ missing-await:returnInTry\n  } catch {\n    return "";\n  }\n}`,
    },
    {
      name: "local never used",
      code: `${decls}async function f() {\n  const p = load();\n  //      ^ missing-await:localNeverAwaited\n  use(1);\n}`,
    },
    {
      name: "local in a sync function never used",
      code: `${decls}function f() {\n  const pending = save();\n  //      ^^^^^^^ missing-await:localNeverAwaited\n}`,
    },
    {
      name: "local dropped by an early return",
      code: `${decls}async function f() {\n  const p = load();\n  //      ^ missing-await:localDroppedOnPath\n  if (flag) return "";\n  return await p;\n}`,
    },
    {
      name: "local awaited in one branch only, then the block ends",
      code: `${decls}async function f() {\n  const p = load();\n  //      ^ missing-await:localDroppedOnPath\n  if (flag) {\n    use(await p);\n  } else {\n    return;\n  }\n}`,
    },
    {
      name: "local awaited only if a condition holds, then the function ends",
      code: `${decls}async function f() {\n  const p = load();\n  //      ^ missing-await:localDroppedOnPath\n  if (flag) await p;\n}`,
    },
    // promises that cannot reject (review 2026-11-22 (c), lesson 1)
    {
      name: "a wakeup promise whose executor only hands out a function calling resolve() cannot reject: information",
      code: `declare function sleep(ms: number): Promise<void>;\nclass S {\n  wakeup?: () => void;\n  async run(due: boolean) {\n    const wake = new Promise<void>((resolve) => {\n    //      ^^^^ missing-await:localDroppedOnPath@info\n      this.wakeup = () => { resolve(); };\n    });\n    if (due) return;\n    await Promise.race([wake, sleep(5)]);\n  }\n}`,
      messageMatches: [/cannot reject/, /executor never calls `reject`/],
    },
    {
      name: "an executor that uses reject can reject: error",
      code: `declare function sleep(ms: number): Promise<void>;\nasync function f(due: boolean) {\n  const wake = new Promise<void>((resolve, reject) => {\n  //      ^^^^ missing-await:localDroppedOnPath@error\n    setTimeout(reject, 5);\n  });\n  if (due) return;\n  await Promise.race([wake, sleep(5)]);\n}`,
      messageLacks: [/cannot reject/],
    },
    {
      name: "an executor that may throw (a call other than resolve or a timer) can reject: error",
      code: `declare function sleep(ms: number): Promise<void>;\ndeclare const text: string;\nasync function f(due: boolean) {\n  const wake = new Promise<unknown>((resolve) => {\n  //      ^^^^ missing-await:localDroppedOnPath@error\n    resolve(JSON.parse(text));\n  });\n  if (due) return;\n  await wake;\n}`,
      messageLacks: [/cannot reject/],
    },
    {
      name: "resolve handed out bare could be called with a rejecting promise: error",
      code: `class S {\n  resolveIt?: (v: void | PromiseLike<void>) => void;\n  async run(due: boolean) {\n    const wake = new Promise<void>((resolve) => {\n    //      ^^^^ missing-await:localDroppedOnPath@error\n      this.resolveIt = resolve;\n    });\n    if (due) return;\n    await wake;\n  }\n}`,
      messageLacks: [/cannot reject/],
    },
    {
      name: "resolving with a promise adopts its rejection: error",
      code: `${decls}async function f(due: boolean) {\n  const inner = save();\n  const wake = new Promise<void>((resolve) => {\n  //      ^^^^ missing-await:localDroppedOnPath@error\n    resolve(inner);\n  });\n  if (due) return;\n  await wake;\n}`,
      messageLacks: [/cannot reject/],
    },
    {
      name: "a timer promise dropped as a statement cannot reject: information",
      code: `async function f(ms: number) {\n  new Promise((resolve) => setTimeout(resolve, ms));\n  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-await:notAwaited@info\n}`,
      messageMatches: [/cannot reject/],
    },
    {
      name: "a local class named Promise is not the built-in one: error",
      code: `class Promise<T> { constructor(run: (resolve: (v: T) => void) => void) { run(() => {}); } then(a?: (v: T) => unknown, b?: (e: unknown) => unknown): Promise<T> { return this; } }\nasync function f(ms: number) {\n  new Promise((resolve) => setTimeout(resolve, ms));\n  //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-await:notAwaited@error\n}`,
      options: { checkThenables: true },
      messageLacks: [/cannot reject/],
    },
    {
      name: "returned in try from a method whose declaration returns new Promise(async …): information (an override could differ)",
      code: `declare function check(): Promise<boolean>;\nclass Validator {\n  async allow(): Promise<boolean> {\n    return new Promise(async (resolve) => {\n      if (!(await check())) resolve(false);\n      resolve(true);\n    });\n  }\n}\nasync function connect(v: Validator) {\n  try {\n    return v.allow();\n    //       ^^^^^^^^^ missing-await:returnInTry@info\n  } catch {\n    return false;\n  }\n}`,
      messageMatches: [/unless an override/],
    },
    {
      name: "an async function that does other work before returning new Promise(async …) can reject: error",
      code: `declare function check(): Promise<boolean>;\ndeclare function prepare(): void;\nclass Validator {\n  async allow(): Promise<boolean> {\n    prepare();\n    return new Promise(async (resolve) => {\n      resolve(await check());\n    });\n  }\n}\nasync function connect(v: Validator) {\n  try {\n    return v.allow();\n    //       ^^^^^^^^^ missing-await:returnInTry@error\n  } catch {\n    return false;\n  }\n}`,
      messageLacks: [/cannot reject|unless an override/],
    },
    {
      name: "an async executor that calls reject can reject: error",
      code: `declare function check(): Promise<boolean>;\nasync function f() {\n  try {\n    return new Promise<boolean>(async (resolve, reject) => {\n    //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-await:returnInTry@error\n      if (await check()) resolve(true); else reject(new Error("no"));\n    });\n  } catch {\n    return false;\n  }\n}`,
    },
  ],
});
