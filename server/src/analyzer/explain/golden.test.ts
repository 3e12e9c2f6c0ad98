// Golden tests: small real programs (test/fixtures/explain) are explained statically, then run for
// real under Node with instrumented I/O (fixed-length timers, a logical clock in units). The model's
// predicted starts of each operation, peak concurrency, the moment the function settles and the work
// that outlives it must match what actually happened.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";
import { ExplainProject } from "../testing/explain-project.js";
import type { GroupKind } from "../../../../shared/explain-protocol.js";

interface TraceEvent {
  kind: "start" | "end" | "settled" | "note";
  key: string;
  unit: number;
  inFlight: number;
}
interface Harness {
  reset(): void;
  observe(target: () => unknown): Promise<TraceEvent[]>;
}

const FIXTURES = path.resolve("test/fixtures/explain");
/** What each program's model must contain besides the run-time agreement. */
const EXPECTED: Record<string, { groups: GroupKind[]; limit?: number }> = {
  "sequential.ts": { groups: [] },
  "await-in-loop.ts": { groups: ["sequential-loop"] },
  "all-map.ts": { groups: ["parallel"] },
  "pool.ts": { groups: ["bounded"], limit: 2 },
  "foreach-async.ts": { groups: ["detached"] },
  "detached.ts": { groups: ["detached", "detached"] },
  "then-chain.ts": { groups: [] },
  "chunked.ts": { groups: ["bounded"], limit: 2 },
  "race.ts": { groups: ["parallel"] },
};

const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".ts"));
const programs = files.filter((f) => f !== "harness.ts");
const project = new ExplainProject();
const runDir = mkdtempSync(path.join(os.tmpdir(), "async-lens-golden-"));

describe("explainer golden programs (model vs a real run)", () => {
  before(async () => {
    const sources: Record<string, string> = {};
    for (const f of files) sources[`src/${f}`] = await readFile(path.join(FIXTURES, f), "utf8");
    project.open(sources);
    await writeFile(path.join(runDir, "package.json"), JSON.stringify({ type: "module" }));
    for (const f of files) {
      const js = await transform(sources[`src/${f}`]!, { loader: "ts", format: "esm", target: "node20" });
      await writeFile(path.join(runDir, f.replace(/\.ts$/, ".js")), js.code);
    }
  });
  after(() => {
    project.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  it("covers every program in the fixtures folder", () => {
    assert.deepEqual([...programs].sort(), Object.keys(EXPECTED).sort());
  });

  for (const program of programs) {
    it(program, async () => {
      const out = project.explain(`src/${program}`, "function target");
      assert.ok("model" in out, "reason" in out ? out.reason : "");
      const { model, simulation, shape } = out;
      const text = project.text(`src/${program}`);

      // The model's prediction, per io key: start units of every instance, and whether one outlives the function.
      const predicted: Record<string, number[]> = {};
      const predictedOutliving = new Set<string>();
      for (const op of shape.ops) {
        const key = /\bio\(\s*["'`]([\w-]+)/.exec(text.slice(op.node.pos, op.node.end))?.[1];
        if (!key) continue;
        (predicted[key] ??= []).push(...(simulation.starts.get(op.id) ?? []).map((t) => Math.floor(t + 1e-9)));
        if ((simulation.ends.get(op.id) ?? 0) > model.timeline.settlesAt) predictedOutliving.add(key);
      }

      const harness = (await import(pathToFileURL(path.join(runDir, "harness.js")).href)) as Harness;
      const mod = (await import(pathToFileURL(path.join(runDir, program.replace(/\.ts$/, ".js"))).href)) as { target(ids: number[]): unknown };
      harness.reset();
      const ids = Array.from({ length: model.timeline.assumedN }, (_, i) => i + 1);
      const trace = await harness.observe(() => mod.target(ids));

      const actual: Record<string, number[]> = {};
      for (const e of trace) if (e.kind === "start") (actual[e.key] ??= []).push(e.unit);
      const settledAt = trace.findIndex((e) => e.kind === "settled");
      const actualOutliving = new Set(trace.slice(settledAt).filter((e) => e.kind === "end").map((e) => e.key));
      const peak = Math.max(0, ...trace.filter((e) => e.kind === "start").map((e) => e.inFlight));
      const sorted = (r: Record<string, number[]>) => Object.fromEntries(Object.entries(r).sort().map(([k, v]) => [k, [...v].sort((a, b) => a - b)]));
      const shown = trace.map((e) => `${e.kind}:${e.key}@${e.unit}`).join(" ");

      assert.deepEqual(sorted(predicted), sorted(actual), `start units per operation (the run: ${shown})`);
      assert.equal(model.timeline.peakConcurrency, peak, `peak concurrency (the run: ${shown})`);
      assert.equal(Math.floor(model.timeline.settlesAt + 1e-9), trace[settledAt]!.unit, `when the function settles (the run: ${shown})`);
      assert.deepEqual([...predictedOutliving].sort(), [...actualOutliving].sort(), `work still running after the function settled (the run: ${shown})`);
      // What really outlived it is marked as not awaited by the function.
      for (const key of actualOutliving) {
        const op = shape.ops.find((o) => text.slice(o.node.pos, o.node.end).includes(`io("${key}"`));
        assert.equal(op && model.operations[op.id]!.outlivesFunction, true, `${key} is marked as outliving the function`);
      }
      assert.ok(model.timeline.endsAt >= model.timeline.settlesAt);

      const expected = EXPECTED[program]!;
      assert.deepEqual(model.groups.map((g) => g.kind), expected.groups);
      if (expected.limit !== undefined) assert.equal(model.groups[0]!.limit, expected.limit);
      if (program === "foreach-async.ts") {
        const done = trace.findIndex((e) => e.kind === "note" && e.key === "done");
        const firstEnd = trace.findIndex((e) => e.kind === "end");
        assert.ok(done >= 0 && done < firstEnd, "the run logs done before any callback finished");
        const story = model.diagnostics.find((d) => d.ruleId === "floating-promise")?.story.join(" ") ?? "";
        assert.match(story, /"done"/, "the model tells that story");
      }
    });
  }
});
