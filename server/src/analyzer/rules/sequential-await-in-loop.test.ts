import rule from "./sequential-await-in-loop.js";
import { mark, runRuleTests } from "../testing/rule-tester.js";

const decls = `
declare function fetchUser(id: string): Promise<{ name: string; next?: string }>;
declare function save(x: unknown): Promise<void>;
declare function sleep(ms: number): Promise<void>;
declare const ids: string[];
`;
const S = "sequential-await-in-loop:sequential";

runRuleTests(rule, {
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
      name: "independent fetches collected into a list",
      code: `${decls}export async function f() {\n  const out: string[] = [];\n  for (const id of ids) {\n${mark("    const u = await fetchUser(id);", "await fetchUser(id)", S)}\n    out.push(u.name);\n  }\n  return out;\n}`,
    },
    {
      name: "a counted loop saving each item",
      code: `${decls}export async function f(items: unknown[]) {\n  for (let i = 0; i < items.length; i++) {\n${mark("    await save(items[i]);", "await save(items[i])", S)}\n  }\n}`,
    },
  ],
});
