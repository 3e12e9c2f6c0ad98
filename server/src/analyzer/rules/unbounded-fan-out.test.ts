import rule from "./unbounded-fan-out.js";
import { mark, runRuleTests } from "../testing/rule-tester.js";
import { mapLimitHelper } from "../edits.js";
import { CONCURRENCY_PACKAGES } from "../testing/fake-packages.js";

const lines = (...xs: string[]) => xs.join("\n");
const U = "unbounded-fan-out:unbounded";
const FETCH = "declare function fetchUser(id: string): Promise<{ name: string }>;";

const decls = `
declare function fetchUser(id: string): Promise<{ name: string }>;
declare function save(x: unknown): Promise<void>;
declare function limit<T>(fn: () => Promise<T>): Promise<T>;
declare const queue: { add<T>(fn: () => Promise<T>): Promise<T> };
declare const ids: string[];
`;

runRuleTests(rule, {
  files: {
    ...CONCURRENCY_PACKAGES,
    "src/buffer-like.ts": "export type Buffer = Uint8Array;\n",
    "src/users.js": "exports.fetchUser = async (/** @type {string} */ id) => ({ name: id });\n",
    "src/lib/sign.ts": "export async function sign(key: string): Promise<string> {\n  const digest = key.split('').reverse().join('');\n  return (() => digest + '!')();\n}\n",
  },
  valid: [
    // a private function's parameter whose every caller passes a small fixed list (review 2026-11-22 (c), lesson 2)
    {
      name: "a module-private function whose callers pass object literals with small array literals (overloads, destructured property)",
      code: lines(
        decls,
        "async function readAll<const T extends readonly string[]>(parameters: { ids: T; tag?: string }): Promise<unknown[]>;",
        "async function readAll(parameters: { ids: readonly string[]; tag?: string }): Promise<unknown[]> {",
        "  const { ids, ...rest } = parameters;",
        "  return Promise.all(ids.map((id) => fetchUser(id + (rest.tag ?? \"\"))));",
        "}",
        "export const a = readAll({ tag: \"x\", ids: [\"a\", \"b\"] as const });",
        "const THREE = [\"a\", \"b\", \"c\"];",
        "export const b = readAll({ ids: THREE });",
      ),
    },
    {
      name: "a private method's rest parameter, through filter, whose callers pass one or two arguments",
      code: lines(
        decls,
        "export class Thread {",
        "  private async fetchEdits(...events: string[]) {",
        "    return Promise.all(events.filter((e) => e.length > 0).map((e) => fetchUser(e)));",
        "  }",
        "  async add(e: string) { await this.fetchEdits(e); }",
        "  async addTwo(a: string, b: string) { await this.fetchEdits(a, b); }",
        "}",
      ),
    },
    {
      name: "a # method and a non-exported const arrow, each called with a small literal",
      code: lines(
        decls,
        "const loadAll = (xs: string[]) => Promise.all(xs.map((x) => fetchUser(x)));",
        "export const p = loadAll([\"a\"]);",
        "export class C {",
        "  async #each(xs: string[]) { await Promise.all(xs.map((x) => save(x))); }",
        "  run() { return this.#each([\"a\", \"b\"]); }",
        "}",
      ),
    },
    { name: "an array literal of a few promises", code: `${decls}export const p = Promise.all([fetchUser("a"), fetchUser("b")]);` },
    { name: "a small literal receiver", code: `${decls}export const p = Promise.all(["a", "b", "c"].map((id) => fetchUser(id)));` },
    { name: "a tuple receiver", code: `${decls}declare const pair: [string, string];\nexport const p = Promise.all(pair.map((id) => fetchUser(id)));` },
    { name: "Array.from with a small length", code: `${decls}export const p = Promise.all(Array.from({ length: 3 }, (_, i) => fetchUser(String(i))));` },
    { name: "bounded by p-limit in the callback", code: `${decls}export const p = Promise.all(ids.map((id) => limit(() => fetchUser(id))));` },
    { name: "bounded by a queue", code: `${decls}export const p = Promise.all(ids.map((id) => queue.add(() => fetchUser(id))));` },
    { name: "a user limiter by option", code: `${decls}declare function gate<T>(f: () => Promise<T>): Promise<T>;\nexport const p = Promise.all(ids.map((id) => gate(() => fetchUser(id))));`, options: { limiterFunctions: ["gate"] } },
    { name: "a chunk of the input", code: `${decls}export async function f(chunk: string[]) { await Promise.all(chunk.map((id) => fetchUser(id))); }` },
    { name: "a slice of the input", code: `${decls}export async function f(i: number) { await Promise.all(ids.slice(i, i + 10).map((id) => fetchUser(id))); }` },
    { name: "not promises", code: `${decls}export const p = Promise.all(ids.map((id) => id.length));` },
    { name: "a loop that flushes as it goes", code: `${decls}export async function f() {\n  let batch: Promise<void>[] = [];\n  for (const id of ids) {\n    batch.push(save(id));\n    if (batch.length >= 10) { await Promise.all(batch); batch = []; }\n  }\n}` },
    { name: "an array filled outside any loop", code: `${decls}export async function f() { const ps: Promise<void>[] = []; ps.push(save(1)); ps.push(save(2)); await Promise.all(ps); }` },
    { name: "a worker pool sized by Math.min", code: `${decls}export async function f(n: number) {\n  let next = 0;\n  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, async () => { while (next < ids.length) await fetchUser(ids[next++]!); }));\n}` },
    { name: "a worker pool sized by a concurrency setting", code: `${decls}declare const concurrency: number;\nexport const p = Promise.all(Array.from({ length: concurrency }, () => fetchUser("x")));` },
    { name: "a budget limiter in the callback", code: `${decls}declare const budget: { run<T>(f: () => Promise<T>): Promise<T> };\nexport const p = Promise.all(ids.map((id) => budget.run(() => fetchUser(id))));` },
    { name: "a rest parameter: as many as the call's arguments", code: `${decls}export function any(...names: string[]) { return Promise.race(names.map((n) => fetchUser(n))); }` },
    { name: "Promise.resolve is not a combinator", code: `${decls}export const p = Promise.resolve(ids.map((id) => fetchUser(id)));` },
    // Precision lessons of bench/reviews/2026-11-22.md
    { name: "a worker pool sized by Math.min with a const batch size", code: `${decls}const batchSize = 10;\nexport async function f() {\n  let next = 0;\n  await Promise.all(Array.from({ length: Math.min(batchSize, ids.length) }, async () => { while (next < ids.length) await save(ids[next++]); }));\n}` },
    { name: "elements drawn from an enum", code: `${decls}enum Scope { User, Workspace, Folder }\ndeclare function scopesToChange(): Scope[];\nexport const p = Promise.all(scopesToChange().map((s) => save(s)));` },
    { name: "elements drawn from a union of literals", code: `${decls}declare const kinds: ("a" | "b" | "c")[];\nexport const p = Promise.all(kinds.map((k) => fetchUser(k)));` },
    { name: "the callback only reads promises that already exist", code: `${decls}declare const states: { promise: Promise<void> }[];\nexport const p = Promise.race(states.map((s) => s.promise));` },
    { name: "a loop pushes promises that already exist", code: `${decls}declare const windows: { closed: Promise<void> }[];\nexport async function f() {\n  const ps: Promise<void>[] = [];\n  for (const w of windows) { const d = w; ps.push(d.closed); }\n  await Promise.all(ps);\n}` },
    { name: "an async function that never awaits runs synchronously (declared in another file)", code: `${decls}import { sign } from "./lib/sign";\ndeclare const keys: string[];\nexport const p = Promise.all(keys.map((key) => sign(key)));` },
    { name: "a small constant slice", code: `${decls}export const p = Promise.all(ids.slice(0, 5).map((id) => fetchUser(id)));` },
    { name: "a small array built with spreads of small arrays", code: `${decls}declare const a: string;\nconst few = [a, ...(a ? [a] : [])];\nexport const p = Promise.all(few.map((id) => fetchUser(id)));` },
  ],
  invalid: [
    {
      name: "fix: a local mapLimit helper, added once at the end of the file",
      code: lines(FETCH, "export async function load(ids: string[]) {", mark("  return Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "}"),
      fixes: {
        "bound-fan-out": lines(FETCH, "export async function load(ids: string[]) {", "  return mapLimit(ids, 5, (id) => fetchUser(id));", "}", "export {};", "", mapLimitHelper(false)),
      },
    },
    {
      name: "fix: a second fan-out reuses the helper; the concurrency comes from defaultConcurrency",
      code: lines(
        FETCH,
        "export async function names(ids: readonly string[]) {",
        mark("  const users = await Promise.all(ids.map(async (id, i) => ({ i, user: await fetchUser(id) })));", "Promise.all(ids.map(async (id, i) => ({ i, user: await fetchUser(id) })))", U),
        "  return users.map((u) => u.user.name);",
        "}",
        mapLimitHelper(false),
      ),
      options: { defaultConcurrency: 8 },
      fixes: {
        "bound-fan-out": lines(
          FETCH,
          "export async function names(ids: readonly string[]) {",
          "  const users = await mapLimit(ids, 8, async (id, i) => ({ i, user: await fetchUser(id) }));",
          "  return users.map((u) => u.user.name);",
          "}",
          mapLimitHelper(false),
        ),
      },
    },
    {
      name: "fix: p-map when the package depends on it, imported after the other imports",
      dependencies: ["p-map", "lodash"],
      code: lines('import type { Buffer } from "./buffer-like";', FETCH, "export async function load(ids: string[], _b?: Buffer) {", mark("  return Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "}"),
      fixes: {
        "bound-fan-out": lines('import type { Buffer } from "./buffer-like";', 'import pMap from "p-map";', FETCH, "export async function load(ids: string[], _b?: Buffer) {", "  return pMap(ids, (id) => fetchUser(id), { concurrency: 5 });", "}"),
      },
    },
    {
      name: "fix: p-map already imported under another name is reused",
      dependencies: ["p-map"],
      code: lines('import mapConcurrently from "p-map";', FETCH, "export const all = (ids: string[]) => {", mark("  return Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "};", "export const some = (ids: string[]) => mapConcurrently(ids, fetchUser);"),
      fixes: {
        "bound-fan-out": lines('import mapConcurrently from "p-map";', FETCH, "export const all = (ids: string[]) => {", "  return mapConcurrently(ids, (id) => fetchUser(id), { concurrency: 5 });", "};", "export const some = (ids: string[]) => mapConcurrently(ids, fetchUser);"),
      },
    },
    {
      name: "fix: p-limit, with one limiter declared before the statement",
      dependencies: ["p-limit"],
      code: lines(FETCH, "export async function load(ids: string[]) {", mark("  const users = await Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "  return users;", "}"),
      fixes: {
        "bound-fan-out": lines(
          'import pLimit from "p-limit";',
          FETCH,
          "export async function load(ids: string[]) {",
          "  const limit = pLimit(5);",
          "  const users = await Promise.all(ids.map((item) => limit(() => ((id) => fetchUser(id))(item))));",
          "  return users;",
          "}",
        ),
      },
    },
    {
      // Found by fuzzing: the helper appended at the end of the file became part of an unclosed `[`.
      name: "no helper fix in a file with a parse error elsewhere (the helper would land after the broken code)",
      code: lines(FETCH, "export async function load(ids: string[]) {", mark("  return Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "}", "const broken = [fetchUser"),
      noFixes: ["bound-fan-out"],
    },
    {
      name: "fix: with p-limit but no statement to declare a limiter before (an arrow's expression body), the helper",
      dependencies: ["p-limit"],
      code: lines(FETCH, mark("export const load = (ids: string[]) => Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U)),
      fixes: { "bound-fan-out": lines(FETCH, "export const load = (ids: string[]) => mapLimit(ids, 5, (id) => fetchUser(id));", "export {};", "", mapLimitHelper(false)) },
    },
    {
      name: "fix: in JavaScript, a typed helper in JSDoc and require() for CommonJS",
      fileName: "load.cjs",
      dependencies: ["p-map"],
      code: lines('const { fetchUser } = require("./users");', "async function load(/** @type {string[]} */ ids) {", mark("  return Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U), "}", "module.exports = { load };"),
      fixes: {
        "bound-fan-out": lines('const { fetchUser } = require("./users");', 'const pMap = require("p-map");', "async function load(/** @type {string[]} */ ids) {", "  return pMap(ids, (id) => fetchUser(id), { concurrency: 5 });", "}", "module.exports = { load };"),
      },
    },
    {
      name: "no fix: other combinators, a function reference (map passes three arguments), a script",
      code: lines(
        FETCH,
        "declare const ids: string[];",
        mark("export const a = Promise.allSettled(ids.map((id) => fetchUser(id)));", "Promise.allSettled(ids.map((id) => fetchUser(id)))", U),
        mark("export const b = Promise.all(ids.map(fetchUser));", "Promise.all(ids.map(fetchUser))", U),
      ),
      noFixes: ["bound-fan-out"],
    },
    {
      name: "no fix in a script: a helper would be a new global",
      script: true,
      code: lines(FETCH, "declare const ids: string[];", mark("const scripted = Promise.all(ids.map((id) => fetchUser(id)));", "Promise.all(ids.map((id) => fetchUser(id)))", U)),
      noFixes: ["bound-fan-out"],
    },
    {
      name: "ranked low: pure in-memory async work",
      code: `${decls}export const p = Promise.all(ids.map(async (id) => id.toUpperCase()));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded@info`,
    },
    {
      name: "ranked low: a list of plugins",
      code: `${decls}declare const plugins: { init(): Promise<void> }[];\nexport const p = Promise.all(plugins.map((x) => x.init()));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded@info`,
    },
    {
      name: "ranked low: contributions from a getter",
      code: `${decls}declare const registry: { getContributions(): { start(): Promise<void> }[] };\n${mark("export const p = Promise.all(registry.getContributions().map((c) => c.start()));", "Promise.all(registry.getContributions().map((c) => c.start()))", "unbounded-fan-out:unbounded@info")}`,
    },
    {
      name: "ranked high: I/O per element",
      code: `${decls}export const p = Promise.all(ids.map((id) => fetchUser(id)));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded@error`,
    },
    {
      name: "map with an async callback",
      code: `${decls}export async function f() {\n  await Promise.all(ids.map(async (id) => save(await fetchUser(id))));\n  //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded\n}`,
    },
    {
      name: "map with a function reference",
      code: `${decls}export const p = Promise.allSettled(ids.map(fetchUser));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded`,
      // allSettled never fails on a rejection: its message says what it does wait for.
      messageMatches: [/waits for every one of them/],
      messageLacks: [/first rejection/],
    },
    {
      name: "race and any, spread",
      code: `${decls}export const p = Promise.race([...ids.map((id) => fetchUser(id))]);\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded`,
    },
    {
      name: "an array of promises built first",
      code: `${decls}export async function f() {\n  const users = ids.map((id) => fetchUser(id));\n  return Promise.all(users);\n  //       ^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded\n}`,
    },
    {
      name: "filled in a for-of loop",
      code: `${decls}export async function f() {\n  const ps: Promise<void>[] = [];\n  for (const id of ids) ps.push(save(id));\n  await Promise.all(ps);\n  //      ^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded\n}`,
    },
    {
      name: "filled in a forEach",
      code: `${decls}export async function f() {\n  const ps: Promise<void>[] = [];\n  ids.forEach((id) => { ps.push(save(id)); });\n  await Promise.all(ps);\n  //      ^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded\n}`,
    },
    {
      name: "Array.from over data",
      code: `${decls}export const p = Promise.all(Array.from(ids, (id) => fetchUser(id)));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unbounded`,
    },
    {
      name: "for await over a map",
      code: `${decls}export async function f() {\n  for await (const u of ids.map((id) => fetchUser(id))) console.log(u);\n  //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:unboundedForAwait\n}`,
    },
    {
      name: "ranked low: capped by a constant slice, through filter, sort, await and Promise.all",
      code: lines(
        decls,
        "export async function f() {",
        "  const candidates = [...new Set(ids)].filter(Boolean).slice(0, 100);",
        mark("  const balances = await Promise.all(candidates.map(async (id) => ({ id, user: await fetchUser(id) })));", "Promise.all(candidates.map(async (id) => ({ id, user: await fetchUser(id) })))", "unbounded-fan-out:capped@info"),
        "  const funded = balances.filter((b) => b.user.name).sort();",
        mark("  return Promise.all(funded.map(({ id }) => save(id)));", "Promise.all(funded.map(({ id }) => save(id)))", "unbounded-fan-out:capped@info"),
        "}",
      ),
    },
    {
      name: "a spread of a map inside an array literal",
      code: lines(decls, mark("export const p = Promise.all([fetchUser('me'), ...ids.map((id) => fetchUser(id))]);", "Promise.all([fetchUser('me'), ...ids.map((id) => fetchUser(id))])", "unbounded-fan-out:unbounded@error")),
    },
    {
      name: "a conditional array, and the plural list of all chunks",
      code: lines(
        decls,
        "declare const batching: boolean;",
        "declare const chunkedCalls: string[][];",
        mark("export const p = Promise.all(batching ? ids.map((id) => fetchUser(id)) : []);", "Promise.all(batching ? ids.map((id) => fetchUser(id)) : [])", "unbounded-fan-out:unbounded@error"),
        "const batches = batching ? chunkedCalls.flatMap((calls) => calls.map((call) => [call])) : chunkedCalls;",
        mark("export const q = Promise.allSettled(batches.map((calls) => save(calls)));", "Promise.allSettled(batches.map((calls) => save(calls)))", "unbounded-fan-out:unbounded@error"),
      ),
    },
    {
      name: "ranked low: filled in loops over contributions",
      code: lines(
        decls,
        "declare const contributions: { getContributions(): { start?(): Promise<void> }[] };",
        "export async function f() {",
        "  const ps: Promise<void>[] = [];",
        "  contributions.getContributions().forEach((c) => { if (c.start) ps.push(c.start()); });",
        mark("  await Promise.all(ps);", "Promise.all(ps)", "unbounded-fan-out:unbounded@info"),
        "  const qs: Promise<void>[] = [];",
        "  for (const c of contributions.getContributions()) if (c.start) qs.push(c.start());",
        mark("  await Promise.all(qs);", "Promise.all(qs)", "unbounded-fan-out:unbounded@info"),
        "}",
      ),
    },
    {
      name: "ranked low: a class's own list filled only by registration methods",
      code: lines(
        decls,
        "interface Pack { id: string; load(): Promise<string> }",
        "export class Packs {",
        "  protected packs: Pack[] = [];",
        "  private readonly byId = new Map<string, Pack>();",
        "  #named: Pack[] = [];",
        "  constructor(builtin: Pack) { this.packs.push(builtin); }",
        "  addPacks(...packs: Pack[]) {",
        "    this.packs.push(...packs);",
        "    return { dispose: () => { for (const p of packs) { const i = this.packs.indexOf(p); if (i >= 0) this.packs.splice(i, 1); } } };",
        "  }",
        "  registerPack(pack: Pack) { this.byId.set(pack.id, pack); this.#named.push(pack); }",
        "  reset() { this.packs = []; }",
        "  get count() { return this.packs.length; }",
        "  async loadAll(id: string) {",
        mark("    return Promise.all(this.packs.filter((p) => p.id === id).map((p) => p.load()));", "Promise.all(this.packs.filter((p) => p.id === id).map((p) => p.load()))", "unbounded-fan-out:unbounded@info"),
        "  }",
        "  async loadNamed() {",
        mark("    await Promise.all(Array.from(this.byId.values()).map((p) => p.load()));", "Promise.all(Array.from(this.byId.values()).map((p) => p.load()))", "unbounded-fan-out:unbounded@info"),
        mark("    await Promise.all(this.#named.map((p) => p.load()));", "Promise.all(this.#named.map((p) => p.load()))", "unbounded-fan-out:unbounded@info"),
        "  }",
        "}",
      ),
    },
    {
      name: "a class's list is data when filled elsewhere: in a loop, from a load method, through an alias, from the constructor's array, or public",
      code: lines(
        decls,
        "interface Pack { id: string; load(): Promise<string> }",
        "export class Looped {",
        "  private packs: Pack[] = [];",
        "  addPacks(all: Pack[]) { for (const p of all) this.packs.push(p); }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class CalledInLoop {",
        "  private packs: Pack[] = [];",
        "  addPack(p: Pack) { this.packs.push(p); }",
        "  fill(all: Pack[]) { all.forEach((p) => this.addPack(p)); }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class Loaded {",
        "  private packs: Pack[] = [];",
        "  async refresh(source: () => Promise<Pack[]>) { this.packs = await source(); }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class Aliased {",
        "  private packs: Pack[] = [];",
        "  list() { return this.packs; }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class Given {",
        "  private packs: Pack[] = [];",
        "  constructor(packs: Pack[]) { this.packs.push(...packs); }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class Public {",
        "  packs: Pack[] = [];",
        "  addPack(p: Pack) { this.packs.push(p); }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export class Seeded {",
        "  private packs: Pack[];",
        "  constructor(seed: Pack[]) { this.packs = seed; }",
        mark("  run() { return Promise.all(this.packs.map((p) => p.load())); }", "Promise.all(this.packs.map((p) => p.load()))", "unbounded-fan-out:unbounded@error"),
        "}",
      ),
    },
    {
      name: "ranked low: collections of element types the user bounds (userBoundedTypes), their subclasses and extending interfaces",
      options: { userBoundedTypes: ["Widget", { from: "file", name: "Pane" }] },
      code: lines(
        decls,
        "declare class Widget { id: string; close(): Promise<void> }",
        "declare class EditorWidget extends Widget { save(): Promise<void> }",
        "interface Pane { revert(): Promise<void> }",
        "interface SplitPane extends Pane { size: number }",
        "interface Peer { id: string; close(): Promise<void> }",
        "declare const editors: EditorWidget[];",
        "declare const widgets: readonly Widget[];",
        "declare const panes: SplitPane[];",
        "declare const mixed: (Widget | Peer)[];",
        "declare const peers: Peer[];",
        mark("export const a = Promise.all(editors.map((e) => e.save()));", "Promise.all(editors.map((e) => e.save()))", "unbounded-fan-out:unbounded@info"),
        mark("export const b = Promise.all(widgets.map((w) => w.close()));", "Promise.all(widgets.map((w) => w.close()))", "unbounded-fan-out:unbounded@info"),
        mark("export const c = Promise.all(panes.map((p) => p.revert()));", "Promise.all(panes.map((p) => p.revert()))", "unbounded-fan-out:unbounded@info"),
        mark("export const d = Promise.all(mixed.map((m) => m.close()));", "Promise.all(mixed.map((m) => m.close()))", "unbounded-fan-out:unbounded@error"),
        mark("export const e = Promise.all(peers.map((p) => p.close()));", "Promise.all(peers.map((p) => p.close()))", "unbounded-fan-out:unbounded@error"),
      ),
    },
    {
      name: "userBoundedTypes is empty by default: widgets are run-time data like any other",
      code: lines(
        decls,
        "declare class Widget { id: string; close(): Promise<void> }",
        "declare class EditorWidget extends Widget { save(): Promise<void> }",
        "interface Pane { revert(): Promise<void> }",
        "interface SplitPane extends Pane { size: number }",
        "interface Peer { id: string; close(): Promise<void> }",
        "declare const editors: EditorWidget[];",
        "declare const widgets: readonly Widget[];",
        "declare const panes: SplitPane[];",
        "declare const mixed: (Widget | Peer)[];",
        "declare const peers: Peer[];",
        mark("export const a = Promise.all(editors.map((e) => e.save()));", "Promise.all(editors.map((e) => e.save()))", "unbounded-fan-out:unbounded@error"),
      ),
    },
    {
      name: "ranked low: the elements are promises already",
      code: lines(decls, "declare const pending: Promise<string>[];", mark("export const p = Promise.all(pending.map((x) => x.then((id) => save(id))));", "Promise.all(pending.map((x) => x.then((id) => save(id))))", "unbounded-fan-out:unbounded@info")),
    },
    {
      name: "an async function that awaits (or returns another call's promise) is I/O",
      code: lines(
        decls,
        "async function load(id: string) { await fetchUser(id); }",
        "async function relay(id: string) { return fetchUser(id); }",
        mark("export const p = Promise.all(ids.map((id) => load(id)));", "Promise.all(ids.map((id) => load(id)))", "unbounded-fan-out:unbounded@error"),
        mark("export const q = Promise.all(ids.map((id) => relay(id)));", "Promise.all(ids.map((id) => relay(id)))", "unbounded-fan-out:unbounded@error"),
        "declare function sign(key: string): Promise<string>;",
        mark("export const r = Promise.all(ids.map((key) => sign(key)));", "Promise.all(ids.map((key) => sign(key)))", "unbounded-fan-out:unbounded@error"),
      ),
    },
    {
      name: "a pushed promise made in the loop starts work",
      code: lines(decls, "export async function f() {", "  const ps: Promise<void>[] = [];", "  for (const id of ids) { const p = save(id); ps.push(p); }", mark("  await Promise.all(ps);", "Promise.all(ps)", "unbounded-fan-out:unbounded@error"), "}"),
    },
    {
      name: "ranked low: a big literal receiver, capped in the source",
      code: `${decls}export const p = Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => fetchUser(String(n))));\n//                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unbounded-fan-out:capped@info`,
    },
    {
      name: "an exported function's parameter: callers elsewhere may pass anything",
      code: lines(
        decls,
        "export async function loadAll(xs: string[]) {",
        mark("  return Promise.all(xs.map((x) => fetchUser(x)));", "Promise.all(xs.map((x) => fetchUser(x)))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export const p = loadAll([\"a\"]);",
      ),
    },
    {
      name: "a private function with one caller passing run-time data",
      code: lines(
        decls,
        "async function loadAll(xs: readonly string[]) {",
        mark("  return Promise.all(xs.map((x) => fetchUser(x)));", "Promise.all(xs.map((x) => fetchUser(x)))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export const p = loadAll([\"a\"]);",
        "export const q = loadAll(ids);",
      ),
    },
    {
      name: "a private function handed on as a value: some caller is out of sight",
      code: lines(
        decls,
        "async function loadAll(xs: string[]) {",
        mark("  return Promise.all(xs.map((x) => fetchUser(x)));", "Promise.all(xs.map((x) => fetchUser(x)))", "unbounded-fan-out:unbounded@error"),
        "}",
        "export const p = loadAll([\"a\"]);",
        "export const handler = loadAll;",
      ),
    },
    {
      name: "a private method's rest parameter given a spread of run-time data",
      code: lines(
        decls,
        "export class Thread {",
        "  private async fetchEdits(...events: string[]) {",
        mark("    return Promise.all(events.filter((e) => e.length > 0).map((e) => fetchUser(e)));", "Promise.all(events.filter((e) => e.length > 0).map((e) => fetchUser(e)))", "unbounded-fan-out:unbounded@error"),
        "  }",
        "  async add(e: string) { await this.fetchEdits(e); }",
        "  async addAll() { await this.fetchEdits(...ids); }",
        "}",
      ),
    },
    {
      name: "ranked low: a private function whose callers pass fixed lists above the small size",
      code: lines(
        decls,
        "async function loadAll(xs: readonly string[]) {",
        mark("  return Promise.all(xs.map((x) => fetchUser(x)));", "Promise.all(xs.map((x) => fetchUser(x)))", "unbounded-fan-out:capped@info"),
        "}",
        "export const p = loadAll([\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\", \"l\"]);",
      ),
      messageMatches: [/up to 12 operations/],
    },
    {
      name: "a recursive private function bounds nothing by its own calls (and the analysis ends)",
      code: lines(
        decls,
        "async function walk(xs: readonly string[]): Promise<void> {",
        "  if (xs.length === 0) return;",
        mark("  await Promise.all(xs.map((x) => fetchUser(x)));", "Promise.all(xs.map((x) => fetchUser(x)))", "unbounded-fan-out:unbounded@error"),
        "  return walk(xs.slice(1));",
        "}",
        "export const p = walk([\"a\"]);",
      ),
    },
    // in-process platform work (review 2026-11-22 (c), lesson 3)
    {
      name: "ranked low: the callback's only async work is Web Crypto, one call deep",
      code: lines(
        decls,
        "async function sha(text: string) {", "  const digest = await crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(text));", "  return new Uint8Array(digest);", "}",
        mark("export const p = Promise.all(ids.map(async (id) => { const h = await sha(id); return h.length; }));", "Promise.all(ids.map(async (id) => { const h = await sha(id); return h.length; }))", "unbounded-fan-out:unbounded@info"),
      ),
      messageMatches: [/in-process platform work/],
    },
    {
      name: "ranked low: Web Crypto called in the callback, and a hashing function given by reference",
      code: lines(
        decls,
        "async function sha(text: string) {", "  const digest = await crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(text));", "  return new Uint8Array(digest);", "}",
        mark("export const p = Promise.all(ids.map((id) => crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(id))));", "Promise.all(ids.map((id) => crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(id))))", "unbounded-fan-out:unbounded@info"),
        mark("export const q = Promise.all(ids.map(sha));", "Promise.all(ids.map(sha))", "unbounded-fan-out:unbounded@info"),
      ),
    },
    {
      name: "hashing beside a request is still I/O",
      code: lines(
        decls,
        "async function sha(text: string) {", "  const digest = await crypto.subtle.digest(\"SHA-256\", new TextEncoder().encode(text));", "  return new Uint8Array(digest);", "}",
        mark("export const p = Promise.all(ids.map(async (id) => { await sha(id); return fetchUser(id); }));", "Promise.all(ids.map(async (id) => { await sha(id); return fetchUser(id); }))", "unbounded-fan-out:unbounded@error"),
      ),
      messageLacks: [/in-process platform work/],
    },
    {
      name: "a project object shaped like Web Crypto is not the platform's (decided by declaration, not name)",
      code: lines(
        decls,
        "declare const remote: { subtle: { digest(a: string, b: Uint8Array): Promise<ArrayBuffer> } };",
        mark("export const p = Promise.all(ids.map((id) => remote.subtle.digest(\"SHA-256\", new TextEncoder().encode(id))));", "Promise.all(ids.map((id) => remote.subtle.digest(\"SHA-256\", new TextEncoder().encode(id))))", "unbounded-fan-out:unbounded@error"),
      ),
      messageLacks: [/in-process platform work/],
    },
  ],
});
