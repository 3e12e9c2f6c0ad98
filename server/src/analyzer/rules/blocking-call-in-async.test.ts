import rule from "./blocking-call-in-async.js";
import { runRuleTests } from "../testing/rule-tester.js";

// A small stand-in for @types/node, laid out as the real package is (the rule reads the file layout).
const files = {
  "node_modules/@types/node/package.json": JSON.stringify({ name: "@types/node", version: "20.0.0", types: "index.d.ts" }),
  "node_modules/@types/node/index.d.ts": '/// <reference path="fs.d.ts" />\n/// <reference path="child_process.d.ts" />\n/// <reference path="zlib.d.ts" />\n/// <reference path="crypto.d.ts" />\n',
  "node_modules/@types/node/fs.d.ts":
    'declare module "fs" {\n  export function readFileSync(path: string, encoding?: string): string;\n  export function existsSync(path: string): boolean;\n  export function readFile(path: string, cb: (e: Error | null, d: string) => void): void;\n}\ndeclare module "node:fs" { export * from "fs"; }\n',
  "node_modules/@types/node/child_process.d.ts": 'declare module "child_process" {\n  export function execSync(command: string): string;\n}\ndeclare module "node:child_process" { export * from "child_process"; }\n',
  "node_modules/@types/node/zlib.d.ts": 'declare module "zlib" {\n  export function gzipSync(data: string): Uint8Array;\n}\n',
  "node_modules/@types/node/crypto.d.ts": 'declare module "crypto" {\n  export function pbkdf2Sync(p: string, s: string, i: number, l: number, d: string): Uint8Array;\n}\n',
};

runRuleTests(rule, {
  files,
  compilerOptions: { types: ["node"] },
  valid: [
    { name: "a sync function may block", code: `import { readFileSync } from "node:fs";\nexport function f() { return readFileSync("x"); }` },
    { name: "a user function named like a sync call", code: `function readFileSync(p: string) { return p; }\nexport async function f() { return readFileSync("x"); }` },
    { name: "the callback form", code: `import { readFile } from "fs";\nexport async function f() { readFile("x", () => {}); }` },
    { name: "a callback that runs later is not the async body", code: `import { readFileSync } from "fs";\nexport async function f() { setTimeout(() => readFileSync("x"), 10); }` },
    { name: "Atomics.waitAsync", code: `export async function f(a: Int32Array) { Atomics.waitAsync(a, 0, 0); }` },
    { name: "a module without top-level await", code: `import { readFileSync } from "fs";\nexport const text = readFileSync("x");` },
  ],
  invalid: [
    {
      name: "named import in an async function",
      code: `import { readFileSync } from "node:fs";\nexport async function f() {\n  return readFileSync("x");\n  //       ^^^^^^^^^^^^^^^^^ blocking-call-in-async:blocking\n}`,
    },
    {
      name: "namespace import, existsSync once in an async arrow: information (one metadata look-up)",
      code: `import * as fs from "fs";\nexport const f = async () => {\n  if (fs.existsSync("x")) return 1;\n  //    ^^^^^^^^^^^^^^^^^^ blocking-call-in-async:blocking@info\n  return 0;\n};`,
    },
    {
      name: "existsSync repeated by a loop or an array callback stays at the rule's level",
      code:
        `import { existsSync } from "fs";\nexport async function f(paths: string[]) {\n  for (const p of paths) if (existsSync(p)) return p;\n  //                           ^^^^^^^^^^^^^ blocking-call-in-async:blocking@error\n  return paths.filter((p) => existsSync(p));\n  //                           ^^^^^^^^^^^^^ blocking-call-in-async:blocking@error\n}`,
    },
    {
      name: "child_process, zlib and crypto in an async method",
      code:
        `import { execSync } from "child_process";\nimport { gzipSync } from "zlib";\nimport { pbkdf2Sync } from "crypto";\nexport class Build {\n  async run() {\n    execSync("make");\n    //^^^^^^^^^^^^^^^^ blocking-call-in-async:blocking\n    gzipSync("x");\n    //^^^^^^^^^^^^^ blocking-call-in-async:blocking\n    pbkdf2Sync("p", "s", 1, 32, "sha256");\n    //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async:blocking\n  }\n}`,
    },
    {
      name: "inside an array callback that runs within the async body",
      code: `import { readFileSync } from "fs";\nexport async function f(paths: string[]) {\n  paths.forEach((p) => readFileSync(p));\n  //                     ^^^^^^^^^^^^^^^ blocking-call-in-async:blocking\n}`,
    },
    {
      name: "top level of a module with top-level await",
      code: `import { readFileSync } from "fs";\nawait Promise.resolve();\nreadFileSync("x");\n//^^^^^^^^^^^^^^^^^ blocking-call-in-async:blocking`,
    },
    {
      name: "Atomics.wait",
      code: `export async function f(a: Int32Array) {\n  Atomics.wait(a, 0, 0);\n  //^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async:atomicsWait\n}`,
    },
  ],
});
