// Real code, not snippets: the explainer runs on every function of Async Lens's own sources (with
// the project's async-lens.json) and must give a well-formed model or a reason for each, in bounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { Engine } from "../ts/engine.js";
import { explainAt, lensTargets, settingsOf } from "./explain.js";
import { resolveRules, type AsyncLensConfig } from "../config.js";
import { isFunctionLike, walk, type Node } from "../ts/syntax.js";
import { LIMITS } from "./shape.js";

test("every function of our own sources is explained without failing, within bounds", async () => {
  const config = JSON.parse(await readFile("async-lens.json", "utf8")) as AsyncLensConfig;
  const rules = resolveRules([config], "editor");
  const engine = new Engine({ cwd: process.cwd() });
  try {
    engine.open([path.resolve("tsconfig.json")]);
    const project = engine.projects()[0]!;
    let functions = 0;
    let models = 0;
    let lenses = 0;
    for (const file of project.ownSourceFiles().filter((f) => f.includes(`${path.sep}server${path.sep}src${path.sep}`))) {
      const sf = project.sourceFile(file)!;
      lenses += lensTargets(sf, project.oracle(), settingsOf(rules)).length;
      const fns: Node[] = [];
      walk(sf, (n) => {
        if (isFunctionLike(n)) fns.push(n);
      });
      for (const fn of fns) {
        functions++;
        const out = explainAt({ fileName: file, uri: `file://${file}`, version: 1, sourceFile: sf, types: project.oracle(), rules, offset: fn.getStart(sf) });
        if (!("model" in out)) {
          assert.ok(out.reason.length > 0);
          continue;
        }
        models++;
        const m = out.model;
        assert.ok(m.steps.length >= 2 && m.steps.length <= LIMITS.steps, `${m.fn.name}: ${m.steps.length} steps`);
        assert.ok(m.segments.length >= 1 && m.operations.length <= LIMITS.operations);
        assert.ok(m.timeline.endsAt >= m.timeline.settlesAt && m.timeline.settlesAt > 0, `${m.fn.name}: times`);
        // Our own code is clean, so nothing in it is drawn as dropped, except what `void` marks as deliberate
        // (whose rejection does escape: the model says so) and timers.
        const dropped = m.operations.filter((o) => o.rejectionEscapes && o.kind !== "timer" && o.handling !== "awaited-later" && o.handling !== "voided");
        assert.deepEqual(dropped.map((o) => `${m.fn.name}: ${o.label} (${o.handling})`), []);
        assert.doesNotThrow(() => JSON.stringify(m));
      }
    }
    assert.ok(functions > 500 && models > 50 && lenses > 8, `${functions} functions, ${models} models, ${lenses} lenses`);
  } finally {
    engine.close();
  }
});
