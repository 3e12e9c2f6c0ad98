// A bounded, seeded fuzzing run (the longer one is `npm run fuzz`): generated async programs and
// mutated fixtures through every rule and every fix.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { runFuzz } from "./run.js";
import { FuzzProject } from "./harness.js";
import { asyncProgram, damage, mutation } from "./generate.js";

describe("fuzzing", () => {
  it("generated and mutated code: no exception, no slow file, every fix's output parses and adds no type error", { timeout: 120_000 }, () => {
    const report = runFuzz({ seed: 20261122, generated: 120, fixtures: 80, perProject: 0, projects: [], repoRoot: process.cwd(), timeBoundMs: 10_000 });
    assert.equal(report.inputs, 200);
    // The generator must keep producing code the rules have something to say about, and fixes to try.
    assert.ok(report.findings > 400, `only ${report.findings} findings`);
    assert.ok(report.fixesChecked > 250, `only ${report.fixesChecked} fixes checked`);
    assert.ok(report.cleanInputs > 10, `only ${report.cleanInputs} inputs without errors`);
    const summary = report.failures.slice(0, 5).map((f) => `${f.kind} — ${f.label}: ${f.detail}\n--- input ---\n${f.input}${f.output !== undefined ? `\n--- fix output ---\n${f.output}` : ""}`);
    assert.equal(report.failures.length, 0, summary.join("\n\n"));
  });

  it("inputs fuzzing found: fixes next to a parse error are withheld, and the rest still work", { timeout: 60_000 }, () => {
    const project = FuzzProject.scratch();
    try {
      // From viem's isWithdrawalFinalized.ts with `Promise.all` damaged: the parser makes `([…])` a
      // statement of its own, and wrapping it in `await Promise.all(…)` broke more code.
      const damaged = "declare function load(n: number): Promise<string>;\nexport async function g() {\n  const [a] = await Promise.await all([\n    load(1), load(2)\n  ]);\n  load(3);\n}\n";
      const outcome = project.check(project.scratchFile("ts"), damaged);
      assert.deepEqual(outcome.failures, []);
      assert.ok(outcome.fixesChecked >= 2, "the later statement's fixes are still offered and checked");
      // From a generated program: a block-bodied arrow followed by `?` leaves `([…])` after `Promise.all`.
      const generated = "declare function load(n: number): Promise<string>;\nexport const f = async () => { a: 1 } ? Promise.all([load(8), load(9)]) : load(1);\n";
      assert.deepEqual(project.check(project.scratchFile("ts"), generated).failures, []);
    } finally {
      project.close();
    }
  });

  it("the generators are deterministic for a seed and damage can be undone by shrinking to no edit", () => {
    const a = fc.sample(asyncProgram, { seed: 7, numRuns: 5 });
    assert.deepEqual(fc.sample(asyncProgram, { seed: 7, numRuns: 5 }), a);
    assert.ok(a.every((p) => p.includes("declare function load")));
    const [undamaged] = fc.sample(damage(0), { seed: 1, numRuns: 1 });
    assert.equal(undamaged!("await load(1);"), "await load(1);");
    const mutated = fc.sample(mutation(), { seed: 3, numRuns: 20 }).map((m) => m("async function f() { await load(1); for (const x of xs) { g(x); } }"));
    assert.ok(mutated.some((t) => t !== "async function f() { await load(1); for (const x of xs) { g(x); } }"));
  });
});
