// The explainer's model: which function, its segments, what happens to each promise, groups and
// multiplicity, the story of every kind of finding, bad input, and bounds on huge functions.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ExplainProject } from "../testing/explain-project.js";
import type { ExplainModel } from "../../../../shared/explain-protocol.js";
import { LIMITS } from "./shape.js";

const DECLS = [
  "declare function save(x?: unknown): Promise<void>;",
  "declare function load(id: number): Promise<string>;",
  "declare function keep(p: Promise<unknown>): void;",
  "declare function log(s: string): void;",
  "",
].join("\n");

const CASES: Record<string, string> = {
  "missing-await.ts": `${DECLS}
export async function update() {
  try {
    save();
  } catch (e) {
    log(String(e));
  }
}
export async function returnsInTry() {
  try {
    return save();
  } catch {
    return undefined;
  }
}`,
  "floating.ts": `${DECLS}
export function fire() {
  save("x");
}`,
  "foreach.ts": `${DECLS}
export async function each(ids: number[]) {
  ids.forEach(async (id) => {
    await load(id);
  });
  log("done");
}`,
  "fan-out.ts": `${DECLS}
export async function loadAll(users: number[]) {
  return Promise.all(users.map((id) => load(id)));
}
export async function fixed() {
  const ids = [1, 2, 3] as const;
  return Promise.all(ids.map((id) => load(id)));
}
declare function pMap<T, R>(items: readonly T[], fn: (x: T) => Promise<R>, options: { concurrency: number }): Promise<R[]>;
export async function mapped(ids: number[]) {
  return pMap(ids, async (id) => load(id), { concurrency: 3 });
}
export async function pushed(paths: number[]) {
  const uploads: Promise<void>[] = [];
  for (const p of paths) uploads.push(save(p));
  await Promise.all(uploads);
}
export async function streamed(ids: number[]) {
  for await (const user of ids.map((id) => load(id))) log(user);
}
export async function chunked(ids: number[]) {
  for (let i = 0; i < ids.length; i += 10) {
    const chunk = ids.slice(i, i + 10);
    await Promise.all(chunk.map((id) => load(id)));
  }
}`,
  "sequential.ts": `${DECLS}
export async function names(ids: number[]) {
  const out: string[] = [];
  for (const id of ids) {
    out.push(await load(id));
  }
  return out;
}
export async function tenTimes() {
  for (let i = 0; i < 10; i++) await save(i);
  while (Math.random() > 0.5) await save();
}`,
  "misused.ts": `${DECLS}
export async function check() {
  if (save()) {
    log("saved?");
  }
}`,
  "blocking.ts": `${DECLS}
export async function spin(a: Int32Array) {
  await save();
  Atomics.wait(a, 0, 0);
}`,
  "handling.ts": `${DECLS}
export async function handling() {
  const later = load(1);
  await save();
  await later;
  const both = await Promise.all([load(2), load(3)]);
  const first = await Promise.race([load(4), load(5)]);
  load(6).catch(() => undefined);
  load(7).then((s) => s.length);
  void load(8);
  keep(load(9));
  return [both, first];
}
export async function given(p: Promise<string>, n: number) {
  const x = await p;
  await n;
  await save(x);
}
export function plain(n: number) {
  return n + 1;
}
export async function* pages() {
  yield await load(1);
  for await (const x of [load(2)]) log(x);
}`,
  "branches.ts": `${DECLS}
export async function branchy(fresh: boolean) {
  try {
    if (fresh) {
      await save(1);
    } else {
      await save(2);
    }
  } catch (e) {
    await save(String(e));
  }
}`,
  "dropped.ts": `${DECLS}
export function useless() {
  save(1).catch(undefined);
  save(2).catch((e) => {
    throw e;
  });
}
export async function used(ids: number[], skip: boolean) {
  const kept = ids.filter(async (id) => (await load(id)).length > 0);
  const text = \`\${load(3)}\`;
  const all = load(4);
  if (skip) return [kept, text];
  return (await all).length;
}`,
  "names.ts": `${DECLS}
export class Cache {
  async get(id: number) {
    return load(id);
  }
  refresh = async () => save();
}
export const loadOne = async (id: number) => load(id);
export default async function () {
  await save();
}
export function main(ids: number[]) {
  ids.map(async (id) => {
    await load(id);
  });
}`,
  "module.ts": `${DECLS}
await save();
export {};`,
  "broken.ts": `${DECLS}
export async function broken( {
  await save(
  const x = ;
`,
};

const project = new ExplainProject();
before(() => project.open(Object.fromEntries(Object.entries(CASES).map(([f, t]) => [`src/${f}`, t]))));
after(() => project.close());

function model(file: string, marker: string, options: Parameters<ExplainProject["explain"]>[2] = {}): ExplainModel {
  const out = project.explain(`src/${file}`, marker, options);
  assert.ok("model" in out, "reason" in out ? out.reason : "");
  return out.model;
}

function story(m: ExplainModel, ruleId: string): string {
  const d = m.diagnostics.find((x) => x.ruleId === ruleId);
  assert.ok(d, `no ${ruleId} finding in ${m.fn.name}: ${m.diagnostics.map((x) => x.ruleId).join(", ")}`);
  return d.story.join(" ");
}

describe("explainer model: the story of each kind of finding", () => {
  it("missing-await: the try/catch has exited when the rejection arrives; Node ≥ 15 exits", () => {
    const m = model("missing-await.ts", "save();");
    assert.equal(m.fn.name, "update");
    const d = m.diagnostics.find((x) => x.ruleId === "missing-await")!;
    const op = m.operations[d.operation!]!;
    assert.deepEqual([op.label, op.handling, op.outlivesFunction, op.rejectionEscapes, op.ruleIds], ["save()", "unhandled", true, true, ["missing-await"]]);
    assert.match(d.story.join(" "), /try\/catch` around the call .* has already exited/);
    assert.match(d.story.join(" "), /Node\.js 15/);
    assert.ok(d.fixes.some((f) => f.fixId === "add-await" && f.safety === "safe" && f.title === "Add await"));
    assert.ok(m.timeline.endsAt > m.timeline.settlesAt, "the floating save runs past the function's end");
  });

  it("missing-await in return inside try: the catch never sees the rejection", () => {
    const m = model("missing-await.ts", "return save()");
    assert.equal(m.fn.name, "returnsInTry");
    assert.equal(m.operations[0]!.handling, "returned");
    assert.match(story(m, "missing-await"), /return await/);
  });

  it("floating-promise in a plain function", () => {
    const m = model("floating.ts", 'save("x")');
    assert.equal(m.fn.isAsync, false);
    assert.equal(m.operations[0]!.handling, "unhandled");
    assert.match(story(m, "floating-promise"), /unhandled rejection/);
    assert.deepEqual(m.groups.map((g) => g.kind), ["detached"]);
  });

  it("forEach(async): opened from the finding on the callback, it explains the function around it; done is logged first", () => {
    const text = project.text("src/foreach.ts");
    const start = text.indexOf("async (id)");
    const m = model("foreach.ts", "async (id)", { focus: { ruleId: "floating-promise", start } });
    assert.equal(m.fn.name, "each");
    const op = m.operations[0]!;
    assert.equal(op.kind, "callback");
    assert.equal(op.outlivesFunction, true);
    const g = m.groups[op.group!]!;
    assert.deepEqual([g.kind, g.multiplicity], ["detached", { kind: "symbolic", expression: "ids.length" }]);
    assert.match(story(m, "floating-promise"), /"done" is logged|logging "done"/);
    assert.ok(m.diagnostics[0]!.fixes.some((f) => f.fixId === "for-of"));
    const lane = m.timeline.lanes.find((l) => l.operation === op.id)!;
    assert.equal(lane.kind, "group");
    assert.deepEqual(lane.count, { kind: "symbolic", expression: "ids.length" });
    assert.ok(m.timeline.endsAt > m.timeline.settlesAt);
    // Without the focus, the cursor on the callback explains the callback itself.
    assert.equal(model("foreach.ts", "async (id)").fn.name, "(arrow in each)");
  });

  it("unbounded-fan-out: all N start in the same tick, peak N, Promise.all fails fast", () => {
    const m = model("fan-out.ts", "return Promise.all(users");
    assert.equal(m.fn.name, "loadAll");
    const g = m.groups[0]!;
    assert.deepEqual([g.kind, g.combinator, g.multiplicity], ["parallel", "all", { kind: "symbolic", expression: "users.length" }]);
    assert.equal(m.timeline.peakConcurrency, m.timeline.assumedN);
    const s = story(m, "unbounded-fan-out");
    assert.match(s, /same tick/);
    assert.match(s, /peak concurrency is `users.length`/);
    assert.match(s, /cancels nothing/);
    assert.equal(m.diagnostics[0]!.group, g.id);
  });

  it("a fan-out over a constant array has a known count; a chunked loop is bounded by the chunk size", () => {
    const fixed = model("fan-out.ts", "const ids = [1, 2, 3]");
    assert.deepEqual(fixed.groups[0]!.multiplicity, { kind: "known", count: 3 });
    assert.equal(fixed.timeline.peakConcurrency, 3);
    assert.equal(fixed.diagnostics.length, 0);
    const chunked = model("fan-out.ts", "chunk.map");
    assert.deepEqual([chunked.groups[0]!.kind, chunked.groups[0]!.limit], ["bounded", 10]);
    const pushed = model("fan-out.ts", "uploads.push");
    assert.deepEqual(pushed.operations.map((o) => [o.label, o.handling]), [["save(p)", "combinator"]]);
    assert.deepEqual(pushed.groups.map((g) => [g.kind, g.multiplicity]), [["parallel", { kind: "symbolic", expression: "paths.length" }]]);
    assert.equal(pushed.timeline.peakConcurrency, pushed.timeline.assumedN, "the loop starts them all before the await");
    assert.ok(pushed.diagnostics.some((d) => d.ruleId === "unbounded-fan-out"));
    const streamed = model("fan-out.ts", "for await");
    assert.equal(streamed.operations[0]!.label, "load(id)");
    assert.equal(streamed.timeline.peakConcurrency, streamed.timeline.assumedN, "for await over a map: all started before the first read");
    assert.deepEqual(streamed.segments.map((x) => x.endsWith), ["for-await", "end"]);
    assert.deepEqual([streamed.operations[0]!.handling, streamed.operations[0]!.rejectionEscapes], ["awaited", true], "the loop awaits each, in turn");
    assert.match(story(streamed, "unbounded-fan-out"), /before the loop reaches it/);
    const mapped = model("fan-out.ts", "return pMap");
    assert.deepEqual(mapped.operations.map((o) => [o.kind, o.handling]), [["callback", "returned"]], "pMap is drawn as its callback");
    const g = mapped.groups[0]!;
    assert.deepEqual([g.kind, g.limit, g.multiplicity], ["bounded", 3, { kind: "symbolic", expression: "ids.length" }]);
    assert.equal(mapped.timeline.peakConcurrency, 3);
  });

  it("sequential-await-in-loop: one in flight at a time, N × one operation", () => {
    const m = model("sequential.ts", "out.push");
    const g = m.groups[0]!;
    assert.deepEqual([g.kind, g.multiplicity], ["sequential-loop", { kind: "symbolic", expression: "ids.length" }]);
    assert.equal(m.timeline.peakConcurrency, 1);
    assert.ok(m.timeline.settlesAt >= m.timeline.assumedN, "N operations one after another");
    assert.match(story(m, "sequential-await-in-loop"), /`ids.length` × one operation's time/);
    assert.ok(m.segments.some((s) => s.inLoop?.multiplicity.kind === "symbolic"));
    const lane = m.timeline.lanes.find((l) => l.operation === g.operations[0])!;
    assert.equal(lane.bars.length, m.timeline.assumedN, "one bar per iteration");
  });

  it("loop counts: a literal bound is known, a while loop is unbounded", () => {
    const m = model("sequential.ts", "tenTimes");
    assert.deepEqual(m.groups.map((g) => [g.kind, g.multiplicity]), [
      ["sequential-loop", { kind: "known", count: 10 }],
      ["sequential-loop", { kind: "unbounded" }],
    ]);
    assert.equal(m.timeline.lanes.find((l) => l.operation === 0)!.bars.length, 10);
  });

  it("misused-promise: the object is used before the operation settles", () => {
    const m = model("misused.ts", "if (save");
    assert.match(story(m, "misused-promise"), /always truthy/);
    assert.equal(m.diagnostics.find((d) => d.ruleId === "misused-promise")!.operation, 0);
  });

  it("blocking-call-in-async: nothing else runs until it returns", () => {
    const m = model("blocking.ts", "Atomics");
    assert.match(story(m, "blocking-call-in-async"), /no other callback, timer or I\/O completion/);
  });
});

describe("explainer model: the function's shape", () => {
  it("each handling, with where it is handled, and which rejections escape", () => {
    const m = model("handling.ts", "const later");
    const by = Object.fromEntries(m.operations.map((o) => [o.label, [o.handling, o.outlivesFunction, o.rejectionEscapes]]));
    assert.deepEqual(by, {
      "load(1)": ["awaited-later", false, true],
      "save()": ["awaited", false, false],
      "load(2)": ["combinator", false, false],
      "load(3)": ["combinator", false, false],
      "load(4)": ["combinator", false, false],
      "load(5)": ["combinator", false, false],
      "load(6)": ["caught", true, false],
      "load(7)": ["then-only", true, true],
      "load(8)": ["voided", true, true],
      "load(9)": ["passed", false, false],
    });
    const later = m.operations.find((o) => o.label === "load(1)")!;
    assert.equal(later.handledAt?.start.line, later.range.start.line + 2, "awaited two lines further down");
    assert.deepEqual(m.groups.filter((g) => g.kind === "parallel").map((g) => [g.combinator, g.multiplicity]), [
      ["all", { kind: "known", count: 2 }],
      ["race", { kind: "known", count: 2 }],
    ]);
    assert.deepEqual(m.segments.map((s) => s.endsWith), ["await", "await", "await", "await", "return"]);
    assert.equal(m.operations.find((o) => o.label === "load(2)")!.segment, 2);
    // The race resumes when its first operation settles, the all when both have.
    const steps = m.steps.map((s) => s.caption);
    assert.ok(steps.some((c) => /until 2 operations settle/.test(c)));
    for (const s of m.steps) {
      assert.ok(s.caption.length > 10 && Array.isArray(s.callStack) && Array.isArray(s.microtasks) && Array.isArray(s.tasks));
    }
    assert.ok(m.steps.some((s) => s.microtasks.some((x) => /resume handling/.test(x))));
    assert.ok(m.steps.some((s) => s.tasks.length > 0));
    assert.deepEqual(m.steps.map((s) => s.index), m.steps.map((_, i) => i));
    for (let i = 1; i < m.steps.length; i++) assert.ok(m.steps[i]!.time >= m.steps[i - 1]!.time - 1e-9, "steps in time order");
  });

  it("branches are told as such; a catch block is not part of the drawn run; handledAt points at .catch", () => {
    const m = model("branches.ts", "if (fresh)");
    const captions = m.steps.map((s) => s.caption);
    assert.ok(captions.some((c) => c.startsWith("If `fresh` holds: `save(1)` starts")), captions.join("\n"));
    assert.ok(captions.some((c) => c.startsWith("Otherwise (`fresh` fails): `save(2)` starts")));
    assert.ok(!captions.some((c) => c.includes("save(String(e))")), "the catch block is not drawn");
    assert.equal(m.operations.length, 3, "but its operation is listed");
    const lane = m.timeline.lanes.find((l) => l.label === "save(String(e))")!;
    assert.deepEqual(lane.bars, []);
    const h = model("handling.ts", "const later");
    const caught = h.operations.find((o) => o.label === "load(6)")!;
    assert.equal(caught.handledAt?.start.character, caught.range.start.character, "the .catch call starts where its receiver does");
    assert.ok(caught.handledAt!.end.character > caught.range.end.character);
    // Step ranges are the source ranges of what they describe.
    const step = h.steps.find((s) => s.caption.startsWith("`load(6)` starts"))!;
    assert.deepEqual(step.range, caught.range);
  });

  it("a handler that is not a function, or only rethrows, handles nothing; predicates and text drop promises", () => {
    const u = model("dropped.ts", "save(1)");
    assert.deepEqual(u.operations.map((o) => [o.label, o.handling, o.rejectionEscapes]), [
      ["save(1)", "then-only", true],
      ["save(2)", "then-only", true],
    ]);
    assert.match(story(u, "floating-promise"), /not a function|only throws again/);
    const m = model("dropped.ts", "const kept");
    const by = Object.fromEntries(m.operations.map((o) => [o.label, o.handling]));
    assert.equal(by["load(3)"], "unhandled");
    assert.equal(by["load(4)"], "awaited-later");
    assert.equal(m.operations.find((o) => o.kind === "callback")!.handling, "unhandled", "filter reads each promise as true and drops it");
    // The finding on the variable `all` (not awaited on the early-return path) is about load(4).
    const onAll = m.diagnostics.find((d) => d.ruleId === "missing-await" && d.message.includes("`all`"));
    assert.ok(onAll, m.diagnostics.map((d) => d.message).join("\n"));
    assert.equal(m.operations[onAll.operation!]!.label, "load(4)");
  });

  it("awaiting a promise from elsewhere takes a unit; awaiting a plain value only a microtask hop", () => {
    const m = model("handling.ts", "const x = await p");
    assert.ok(m.steps.some((s) => s.caption.includes("until `p` settles")));
    const resumes = m.steps.filter((s) => s.microtasks.length > 0).map((s) => s.time);
    assert.deepEqual(resumes.map((t) => Math.floor(t + 1e-9)), [1, 1, 2], "p: 1 unit; n: a tick; save: 1 unit");
    assert.equal(Math.floor(m.timeline.settlesAt), 2);
  });

  it("functions are named as a reader would name them", () => {
    assert.deepEqual(
      ["return load(id)", "async () => save()", "async (id: number) => load(id)", "await save();\n}", "await load(id);\n  })"].map((marker) => model("names.ts", marker).fn.name),
      ["Cache.get", "Cache.refresh", "loadOne", "(default export)", "(arrow in main)"],
    );
    assert.deepEqual(model("names.ts", "return load(id)").fn.kind, "method");
  });

  it("generators suspend at yield and for await", () => {
    const m = model("handling.ts", "yield await");
    assert.deepEqual([m.fn.isAsync, m.fn.isGenerator], [true, true]);
    assert.deepEqual(m.segments.map((s) => s.endsWith), ["await", "yield", "for-await", "end"]);
  });

  it("a function without async work gives a reason; the module's top level can be explained", () => {
    const out = project.explain("src/handling.ts", "n + 1");
    assert.ok("reason" in out && /No async work/.test(out.reason));
    const m = model("module.ts", "await save");
    assert.deepEqual([m.fn.kind, m.fn.name], ["module", "(module top level)"]);
  });

  it("lanes: call stack, suspended, one per operation, microtasks and timers; settle marker within the run", () => {
    const m = model("handling.ts", "const later");
    const kinds = m.timeline.lanes.map((l) => l.kind);
    assert.equal(kinds[0], "stack");
    assert.equal(kinds[1], "suspended");
    assert.deepEqual(kinds.slice(-2), ["microtasks", "timers"]);
    assert.equal(kinds.filter((k) => k === "operation").length, m.operations.length);
    for (const lane of m.timeline.lanes) for (const b of lane.bars) assert.ok(b.end >= b.start && b.start >= 0);
    assert.ok(m.timeline.settlesAt > 0 && m.timeline.endsAt >= m.timeline.settlesAt);
  });

  it("bad input: offsets out of range and broken syntax give a model or a reason, never an exception", () => {
    for (const offset of [-100, 0, 1e9]) {
      const out = project.explain("src/handling.ts", "declare", { offsetInMarker: offset });
      assert.ok("model" in out || "reason" in out);
    }
    const out = project.explain("src/broken.ts", "await save(");
    assert.ok("model" in out || "reason" in out);
    const json = JSON.parse(JSON.stringify("model" in out ? out.model : out)) as object;
    assert.ok(json);
  });
});

describe("explainer model: bounded on huge functions", () => {
  it("a 600-line function finishes quickly with a capped, truncated model", (t) => {
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) {
      lines.push(`  const v${i} = await load(${i});`);
      lines.push(`  for (const x of items) { await save(x); load(${i}); }`);
      lines.push(`  await Promise.all(items.map((x) => load(x)));`);
      lines.push(`  if (v${i}.length > 3) log(v${i});`);
    }
    const text = `${DECLS}\nexport async function huge(items: number[]) {\n${lines.join("\n")}\n}\n`;
    const deep = `${DECLS}\nexport async function deep(a: number[]) {\n  for (const i of a) for (const j of a) for (const k of a) for (const l of a) for (const m of a) for (const n of a) await save([i, j, k, l, m, n]);\n}\n`;
    const big = new ExplainProject();
    big.open({ "src/huge.ts": text, "src/deep.ts": deep });
    try {
      assert.ok(text.split("\n").length > 600);
      const started = performance.now();
      const out = big.explain("src/huge.ts", "const v0");
      const ms = performance.now() - started;
      assert.ok("model" in out);
      const m = out.model;
      assert.ok(m.truncated, "the model says it is partial");
      assert.ok(m.operations.length <= LIMITS.operations, `${m.operations.length} operations`);
      assert.ok(m.steps.length <= LIMITS.steps, `${m.steps.length} steps`);
      assert.ok(m.segments.length <= LIMITS.segments + 1, `${m.segments.length} segments`);
      const size = JSON.stringify(m).length;
      assert.ok(size < 600_000, `model of ${size} characters`);
      assert.ok(m.diagnostics.length <= LIMITS.diagnostics);
      // Generous: the machine is shared and the first type questions start the checker.
      assert.ok(ms < 20_000, `took ${Math.round(ms)} ms`);
      t.diagnostic(`600-line function: ${Math.round(ms)} ms, ${m.operations.length} operations, ${m.steps.length} steps, ${size} characters of JSON`);

      // Opened from a finding far down, that finding is kept although the list is cut.
      const lastFloating = big.text("src/huge.ts").indexOf("load(149); }");
      const focused = big.explain("src/huge.ts", "load(149); }", { focus: { ruleId: "missing-await", start: lastFloating } });
      const line = big.text("src/huge.ts").slice(0, lastFloating).split("\n").length - 1;
      assert.ok("model" in focused && focused.model.diagnostics.some((x) => x.ruleId === "missing-await" && x.range.start.line === line));
      assert.ok(!m.diagnostics.some((x) => x.range.start.line === line), "without the focus that finding is past the cut");
      const d = big.explain("src/deep.ts", "await save");
      assert.ok("model" in d);
      assert.ok(d.model.truncated, "six nested loops are cut short");
      assert.ok(JSON.stringify(d.model).length < 600_000);
    } finally {
      big.close();
    }
  });
});
