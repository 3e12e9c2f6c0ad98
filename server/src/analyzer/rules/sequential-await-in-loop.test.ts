import rule from "./sequential-await-in-loop.js";
import { mark, runRuleTests } from "../testing/rule-tester.js";
import { mapLimitHelper } from "../edits.js";
import { CONCURRENCY_PACKAGES } from "../testing/fake-packages.js";

const lines = (...xs: string[]) => xs.join("\n");

const decls = `
declare function fetchUser(id: string): Promise<{ name: string; next?: string }>;
declare function save(x: unknown): Promise<void>;
declare function sleep(ms: number): Promise<void>;
declare const ids: string[];
`;
const S = "sequential-await-in-loop:sequential";

runRuleTests(rule, {
  files: CONCURRENCY_PACKAGES,
  valid: [
    { name: "outside an async function there is no await", code: `${decls}export function f() { for (const id of ids) void save(id); }` },
    { name: "each iteration uses the previous result", code: `${decls}export async function f() {\n  let last = "";\n  for (const id of ids) {\n    const u = await fetchUser(last + id);\n    last = u.name;\n  }\n}` },
    { name: "an accumulator", code: `${decls}export async function f() {\n  let total = 0;\n  for (const id of ids) total += (await fetchUser(id)).name.length;\n  return total;\n}` },
    { name: "stops at the first match", code: `${decls}export async function f() {\n  for (const id of ids) {\n    if ((await fetchUser(id)).name === "x") return id;\n  }\n  return undefined;\n}` },
    { name: "paced on purpose", code: `${decls}export async function f() {\n  for (const id of ids) {\n    await save(id);\n    await sleep(100);\n  }\n}` },
    { name: "for await consumes a stream in order", code: `${decls}declare const stream: AsyncIterable<string>;\nexport async function f() { for await (const x of stream) await save(x); }` },
    { name: "a queue drained in the loop", code: `${decls}export async function f(queue: string[]) {\n  for (let i = 0; i < 3; i++) await save(queue.shift());\n}` },
  ],
  invalid: [
    {
      name: "fix: the loop runs at most k at a time through a local helper (never an unbounded Promise.all)",
      code: `${decls}export async function f() {\n  for (const id of ids) {\n${mark("    const u = await fetchUser(id);", "await fetchUser(id)", S)}\n    await save(u);\n  }\n}`,
      fixes: {
        "loop-bounded": `${decls}export async function f() {\n  await mapLimit(ids, 5, async (id) => {\n    const u = await fetchUser(id);\n    await save(u);\n  });\n}\nexport {};\n\n${mapLimitHelper(false)}`,
      },
    },
    {
      name: "fix: with p-map, a destructured loop variable and a one-statement body",
      dependencies: ["p-map"],
      code: `${decls}export async function f(pairs: [string, number][]) {\n${mark("  for (const [id, n] of pairs) await save(id + n);", "await save(id + n)", S)}\n}`,
      options: { defaultConcurrency: 2 },
      fixes: {
        "loop-bounded": `\nimport pMap from "p-map";${decls}export async function f(pairs: [string, number][]) {\n  await pMap(pairs, async ([id, n]) => { await save(id + n); }, { concurrency: 2 });\n}`,
      },
    },
    {
      name: "fix: with p-limit, a conditional receiver is parenthesised before .map",
      dependencies: ["p-limit"],
      code: `${decls}export async function f(flag: boolean, more: string[]) {\n${mark("  for (const id of flag ? ids : more) await save(id);", "await save(id)", S)}\n}`,
      fixes: {
        "loop-bounded": `\nimport pLimit from "p-limit";${decls}export async function f(flag: boolean, more: string[]) {\n  const limit = pLimit(5);\n  await Promise.all((flag ? ids : more).map((item) => limit(() => (async (id) => { await save(id); })(item))));\n}`,
      },
    },
    {
      name: "no fix over a union of array types (the helper's element type could not be inferred)",
      code: `${decls}declare const one: [number];\nexport async function f(flag: boolean) {\n${mark("  for (const x of flag ? one : ids) await save(x);", "await save(x)", S)}\n}`,
      noFixes: ["loop-bounded"],
    },
    {
      name: "no fix: a var in the body, a label, a loop over a Set",
      code: lines(
        `${decls}declare const set: Set<string>;`,
        "export async function f() {",
        "  for (const id of ids) {",
        mark("    var u = await fetchUser(id);", "await fetchUser(id)", S),
        "  }",
        "  outer: for (const id of ids) {",
        mark("    await save(id);", "await save(id)", S),
        "  }",
        "  for (const id of set) {",
        mark("    await save(id);", "await save(id)", S),
        "  }",
        "  return u;",
        "}",
      ),
      noFixes: ["loop-bounded"],
    },
    {
      // Found on matrix-js-sdk's sync.ts by bench/fix-safety.mjs: in a callback, `this.hooks.onSave` is no longer narrowed.
      name: "no fix where the body relies on a narrowing from before the loop (a property, a parameter)",
      code: lines(
        `${decls}export class Sync {`,
        "  hooks: { onSave?: (id: string) => Promise<void> } = {};",
        "  async run(extra?: { note(id: string): Promise<void> }) {",
        "    if (this.hooks.onSave) {",
        "      for (const id of ids) {",
        mark("        await this.hooks.onSave(id);", "await this.hooks.onSave(id)", S),
        "      }",
        "    }",
        "    if (!extra) return;",
        "    for (const id of ids) {",
        mark("      await extra.note(id);", "await extra.note(id)", S),
        "    }",
        "  }",
        "}",
      ),
      noFixes: ["loop-bounded"],
    },
    {
      name: "fix: a const narrowed before the loop keeps its narrowing in the callback",
      code: `${decls}declare const maybe: { go(id: string): Promise<void> } | undefined;
export async function f() {
  const target = maybe;
  if (!target) return;
${mark("  for (const id of ids) await target.go(id);", "await target.go(id)", S)}
}`,
      fixes: {
        "loop-bounded": `${decls}declare const maybe: { go(id: string): Promise<void> } | undefined;
export async function f() {
  const target = maybe;
  if (!target) return;
  await mapLimit(ids, 5, async (id) => { await target.go(id); });
}
export {};

${mapLimitHelper(false)}`,
      },
    },
    {
      name: "independent fetches collected into a list",
      code: `${decls}export async function f() {\n  const out: string[] = [];\n  for (const id of ids) {\n${mark("    const u = await fetchUser(id);", "await fetchUser(id)", S)}\n    out.push(u.name);\n  }\n  return out;\n}`,
    },
    {
      name: "a counted loop saving each item",
      code: `${decls}export async function f(items: unknown[]) {\n  for (let i = 0; i < items.length; i++) {\n${mark("    await save(items[i]);", "await save(items[i])", S)}\n  }\n}`,
    },
  ],
});
