// Reuse of type answers between analyses (analyzer/reuse.ts), checked against the truth: after each
// edit, the findings of the reusing analyser must equal those of an analyser that asks the compiler
// everything afresh. Hand-made edits cover each way a change reaches another statement (a name, a
// chain of names, a shadowed global, an expando, an import cycle, an augmentation); seeded random edit
// sequences cover the rest.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EditorAnalyzer } from "./editor-analyzer.js";
import type { FileResult } from "../analyzer/types.js";
import { explainAt, lensTargets, settingsOf } from "../analyzer/explain/explain.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-reuse-"));
writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], lib: ["es2022"] }, include: ["*.ts"] }));
writeFileSync(path.join(dir, "io.ts"), "export declare function save(x?: unknown): Promise<void>;\nexport declare function load(): Promise<number>;\n");
writeFileSync(path.join(dir, "cycle-b.ts"), 'import { make } from "./cycle-a";\nexport const made = make();\n');

let reusing: EditorAnalyzer;
let fresh: EditorAnalyzer;
before(() => {
  reusing = new EditorAnalyzer({ rootPath: dir });
  fresh = new EditorAnalyzer({ rootPath: dir, reuse: false });
});
after(() => {
  reusing.dispose();
  fresh.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const summary = (r: FileResult | undefined) => (r?.findings ?? []).map((f) => `${f.ruleId}/${f.messageId}/${f.severity}@${f.start}-${f.end}:${(f.fixes ?? []).map((x) => x.id).join(",")}`);

/** Analyses `text` with both analysers; they must agree. Returns the reusing one's outcome. */
const previousText = new Map<string, string>();
function step(file: string, text: string, label: string): { findings: string[]; reused: number; why: string | undefined } {
  const previous = previousText.get(file) ?? "";
  previousText.set(file, text);
  writeFileSync(file, text.length > 0 ? "export {};\n" : ""); // the disk never matters: both read the editor's text
  const got = reusing.analyze(file, text);
  const outcome = reusing.lastReuse!;
  const want = fresh.analyze(file, text);
  assert.deepEqual(summary(got), summary(want), `${label}: reusing and fresh analyses differ (${JSON.stringify(outcome)})\n--- before ---\n${previous}\n--- after ---\n${text}`);
  return { findings: summary(got), reused: outcome.reused, why: "why" in outcome ? outcome.why : undefined };
}

/** A seeded generator of numbers in [0, 1): the same edits on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const IMPORTS = 'import { save, load } from "./io";\n';

describe("reuse of type answers between analyses", () => {
  it("an unrelated statement added at the end: every other statement is reused", () => {
    const file = path.join(dir, "tail.ts");
    const base = `${IMPORTS}export async function a() {\n  save();\n}\nexport async function b() {\n  await load();\n}\n`;
    step(file, base, "open");
    const r = step(file, `${base}export const probe = 1;\n`, "append");
    assert.equal(r.reused, 3);
    assert.equal(r.findings.length, 1);
  });

  it("a function whose inferred return type changes: its callers are asked again", () => {
    const file = path.join(dir, "callers.ts");
    const before = `${IMPORTS}function helper() {\n  return 1;\n}\nexport async function main() {\n  helper();\n}\n`;
    const first = step(file, before, "open");
    assert.equal(first.findings.length, 0);
    const r = step(file, before.replace("return 1;", "return save();"), "helper returns a promise");
    assert.equal(r.findings.length, 1, "main's helper() now drops a promise");
    assert.equal(r.reused, 1, "only the import is reused");
  });

  it("a chain: a change two names away still reaches the caller", () => {
    const file = path.join(dir, "chain.ts");
    const text = (inner: string) => `${IMPORTS}function a() {\n  return ${inner};\n}\nfunction b() {\n  return a();\n}\nexport async function c() {\n  b();\n}\nexport const unrelated = 2;\n`;
    assert.equal(step(file, text("save()"), "open").findings.length, 1);
    const r = step(file, text("1"), "a no longer returns a promise");
    assert.equal(r.findings.length, 0);
    assert.equal(r.reused, 1, "the unrelated constant (the import names `save`, a word of the removed text)");
  });

  it("a body edit inside a function with a declared return type reuses every other statement", () => {
    const file = path.join(dir, "annotated.ts");
    const text = (inG: string, inRun: string) =>
      `${IMPORTS}export async function g(): Promise<number> {\n  const x = 1;${inG}\n  return x;\n}\nexport async function user() {\n  g();\n}\nclass Box {\n  run(): void {\n    const y = 2;${inRun}\n  }\n}\nexport const box = new Box();\n`;
    step(file, text("", ""), "open");
    const r1 = step(file, text(" save();", ""), "edit in g");
    assert.equal(r1.reused, 4, "everything but g");
    assert.equal(r1.findings.length, 2);
    const r2 = step(file, text(" save();", " save();"), "edit in a method with a declared type");
    assert.equal(r2.reused, 4, "everything but the class");
  });

  it("inside the edited function, statements beside the edit keep their answers unless the edit can change what they see", () => {
    const file = path.join(dir, "inside.ts");
    const text = (edit: string) =>
      `${IMPORTS}export async function long(p: Promise<void> | undefined): Promise<void> {\n  let q = p;\n  q = undefined;\n  save();\n${edit}  q;\n  for (const x of [1, 2]) {\n    load();\n  }\n}\n`;
    step(file, text(""), "open");
    const quiet = step(file, text("  const probe = 1;\n"), "a statement that changes nothing");
    assert.equal(quiet.reused, 1);
    assert.ok((quiet as { inside?: number }).inside === undefined || true);
    assert.ok(reusing.lastReuse && "inside" in reusing.lastReuse && reusing.lastReuse.inside >= 4, JSON.stringify(reusing.lastReuse));
    // A return makes `q;` unreachable, where the checker gives its declared type: it must be asked again.
    const jump = step(file, text("  const probe = 1;\n  return;\n"), "a return before the rest");
    assert.equal(jump.reused, 1);
    const later = step(file, text("  const probe = 1;\n  q = p;\n"), "an assignment to q");
    assert.equal(later.findings.length, 3, "q; now drops the promise p");
  });

  it("a function without a declared return type keeps its type when no return of it is touched", () => {
    const file = path.join(dir, "untyped.ts");
    const text = (inRun: string, hValue: string, mValue: string) =>
      `${IMPORTS}export class C {\n  run() {\n    const a = 1;${inRun}\n    return a;\n  }\n}\nexport async function useC() {\n  new C().run();\n}\n` +
      `function h(p: Promise<void>) {\n  const v = ${hValue};\n  return v;\n}\nexport async function useH() {\n  h(save());\n}\n` +
      `function m(c: boolean, p: Promise<void>) {\n  if (c) {\n    var w = ${mValue};\n  } else {\n    return w;\n  }\n  return 0;\n}\nexport async function useM() {\n  m(true, save());\n}\n`;
    step(file, text("", "1", "1"), "open");
    const r1 = step(file, text(" const probe = 2;", "1", "1"), "a statement in run() that no return uses");
    assert.equal(r1.reused, 6, "everything but the class");
    // No call, no jump: the flow is the same, but the return names what the edit changed, so h's type may change.
    const r2 = step(file, text(" const probe = 2;", "p", "1"), "h now returns its promise parameter");
    assert.equal(r2.findings.length, 1, "useH's h(…) now drops a promise");
    assert.ok(r2.reused < 6, JSON.stringify(r2));
    // A var the edit changes reaches a return in another branch: m's type may change.
    const r3 = step(file, text(" const probe = 2;", "p", "p"), "m's var now holds a promise");
    assert.equal(r3.findings.length, 2, "useM's m(…) now drops a promise too");
  });

  it("a function declared inside a method whose type changes reaches the statements beside it", () => {
    const file = path.join(dir, "nested-helper.ts");
    const text = (value: string) => `${IMPORTS}export class K2 {\n  async run() {\n    function helper() {\n      return ${value};\n    }\n    const unrelated = 1;\n    helper();\n    return unrelated;\n  }\n}\n`;
    assert.equal(step(file, text("1"), "open").findings.length, 0);
    assert.equal(step(file, text("load()"), "helper returns a promise").findings.length, 1, "helper() is now a dropped promise");
  });

  it("a new declaration that shadows a global: statements naming it are asked again", () => {
    const file = path.join(dir, "shadow.ts");
    const base = `${IMPORTS}export async function run() {\n  queueMicrotask(() => {});\n  structuredClone(1);\n}\n`;
    step(file, base, "open");
    const r = step(file, `${base}const structuredClone = (_: number) => save();\n`, "shadow structuredClone");
    assert.equal(r.findings.length, 1, "structuredClone(1) now drops a promise");
  });

  it("an expando assignment changes the function it extends", () => {
    const file = path.join(dir, "expando.ts");
    const text = (value: string) => `${IMPORTS}export function h() {}\nh.run = ${value};\nexport async function k() {\n  h.run();\n}\n`;
    step(file, text("() => 1"), "open");
    const r = step(file, text("() => save()"), "h.run returns a promise");
    assert.equal(r.findings.length, 1);
  });

  it("moving a statement: order matters to declarations, so both places are asked again", () => {
    const file = path.join(dir, "move.ts");
    const f = "export async function f() {\n  save();\n}\n";
    const g = "export async function g() {\n  await load();\n}\n";
    step(file, `${IMPORTS}${f}${g}`, "open");
    const r = step(file, `${IMPORTS}${g}\n\n${f}`, "moved");
    assert.equal(r.reused, 1, "the import");
    assert.equal(r.findings.length, 1);
  });

  it("what it cannot see through leads to no reuse: augmentations, scripts, header, parse errors, import cycles", () => {
    const aug = path.join(dir, "augment.ts");
    const base = `${IMPORTS}export async function m(xs: number[]) {\n  xs.at(0);\n}\n`;
    step(aug, base, "open");
    const r1 = step(aug, `${base}declare global {\n  interface Array<T> {\n    at(i: number): Promise<T>;\n  }\n}\n`, "augment Array");
    assert.match(r1.why ?? "", /augments/);
    assert.equal(r1.findings.length, 1, "xs.at(0) now drops a promise");

    const script = path.join(dir, "script.ts");
    step(script, "declare function later(): Promise<void>;\nasync function s() {\n  later();\n}\n", "open script");
    assert.match(step(script, "declare function later(): Promise<void>;\nasync function s() {\n  later();\n}\nconst z = 1;\n", "edit script").why ?? "", /script/);

    const header = path.join(dir, "header.ts");
    step(header, `${IMPORTS}export const a = 1;\n`, "open");
    assert.match(step(header, `// @ts-nocheck\n${IMPORTS}export const a = 1;\n`, "header").why ?? "", /header/);

    const broken = path.join(dir, "broken.ts");
    step(broken, `${IMPORTS}export async function p() {\n  save();\n}\nexport const q = 1;\n`, "open");
    assert.match(step(broken, `${IMPORTS}export async function p() {\n  save(;\n}\nexport const q = 1;\n`, "break").why ?? "", /parse errors/);
    step(broken, `${IMPORTS}export async function p() {\n  save();\n}\nexport const q = 1;\n`, "mend");

    const cycle = path.join(dir, "cycle-a.ts");
    const text = (body: string) => `${IMPORTS}import { made } from "./cycle-b";\nexport function make() {\n  return ${body};\n}\nexport async function use() {\n  if (made) {}\n}\n`;
    assert.equal(step(cycle, text("1"), "open").findings.length, 0);
    const r2 = step(cycle, text("load()"), "make returns a promise, and made with it");
    assert.match(r2.why ?? "", /import cycle/);
    assert.equal(r2.findings.length, 1, "if (made) tests a promise");
    // A new export that no file of the cycle names cannot come back: the rest is reused.
    const r3 = step(cycle, `${text("load()")}export const fresh = 1;\n`, "a new export nobody imports");
    assert.ok(r3.reused > 0, JSON.stringify(r3));

    // A module taken whole (`import * as`) gives every export a way back.
    const whole = path.join(dir, "whole-a.ts");
    writeFileSync(path.join(dir, "whole-b.ts"), 'import * as a from "./whole-a";\nexport const every = a;\n');
    const wholeText = `${IMPORTS}import { every } from "./whole-b";\nexport async function w() {\n  Object.values(every);\n}\n`;
    step(whole, wholeText, "open");
    assert.match(step(whole, `${wholeText}export const added = load();\n`, "a new export, taken whole").why ?? "", /import cycle/);
  });

  it("another file changing for the compiler drops what was kept", () => {
    const file = path.join(dir, "other.ts");
    const text = `${IMPORTS}export async function o() {\n  save();\n}\n`;
    step(file, text, "open");
    step(path.join(dir, "other-2.ts"), `${IMPORTS}export const two = 2;\n`, "another file");
    step(path.join(dir, "other-2.ts"), `${IMPORTS}export const two = 3;\n`, "another file changes");
    assert.match(step(file, `${text}export const more = 1;\n`, "back to the first").why ?? "", /first analysis/);
  });

  it("a long chain of generated functions: a change at its start reaches its end", () => {
    const file = path.join(dir, "chain-long.ts");
    const n = 3000;
    const text = (first: string) =>
      `${IMPORTS}function f0() {\n  return ${first};\n}\n${Array.from({ length: n - 1 }, (_, i) => `function f${i + 1}() {\n  return f${i}();\n}\n`).join("")}export async function last() {\n  f${n - 1}();\n}\nexport const unrelated = 1;\n`;
    assert.equal(step(file, text("1"), "open").findings.length, 0);
    const r = step(file, text("load()"), "f0 returns a promise");
    assert.equal(r.findings.length, 1, "last() now drops the promise that comes down the chain");
    assert.equal(r.reused, 2, "the import and the unrelated constant");
  });

  it("CodeLens targets and explainer models from kept answers equal fresh ones", () => {
    const file = path.join(dir, "lenses.ts");
    const text = `${IMPORTS}export async function one(ids: string[]) {\n  await Promise.all(ids.map((id) => save(id)));\n  load();\n}\nexport function two() {\n  return load().then((n) => n + 1);\n}\nexport const three = async () => {\n  for (const x of [1, 2]) await save(x);\n};\n`;
    const edited = `${text}export const more = 1;\n`;
    for (const t of [text, edited]) {
      step(file, t, "analysis");
      const settings = settingsOf(reusing.rules);
      const mine = reusing.withTypes(file, t, (_p, sf, types) => lensTargets(sf!, types!, settings).map((fn) => fn.getStart(sf!)));
      const theirs = fresh.withTypes(file, t, (_p, sf, types) => lensTargets(sf!, types!, settings).map((fn) => fn.getStart(sf!)));
      assert.deepEqual(mine, theirs);
      assert.equal(mine.length, 3);
      for (const offset of [t.indexOf("Promise.all"), t.indexOf("load().then"), t.indexOf("for (const x")]) {
        const model = (a: EditorAnalyzer) =>
          a.withTypes(file, t, (_p, sf, types) => {
            const out = explainAt({ fileName: file, uri: "file:///lenses.ts", version: 1, sourceFile: sf!, types: types!, rules: a.rules, offset });
            return JSON.stringify("model" in out ? out.model : out);
          });
        assert.equal(model(reusing), model(fresh), `explain at ${offset}`);
      }
    }
  });

  it("seeded random edit sequences agree with fresh analyses", () => {
    // ASYNC_LENS_REUSE_STRESS=N runs N sequences from seed N (a longer search; the default is what CI runs).
    const stress = Number(process.env.ASYNC_LENS_REUSE_STRESS ?? 0);
    const random = seeded(stress || 20261122);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const pieces = [
      "function plain() {\n  return 1;\n}\n",
      "function plain() {\n  return load();\n}\n",
      "function typed(): number {\n  return 1;\n}\n",
      "async function later(): Promise<number> {\n  return load();\n}\n",
      "export async function caller() {\n  plain();\n  typed();\n  later();\n}\n",
      "export async function fan(xs: number[]) {\n  await Promise.all(xs.map((x) => save(x)));\n}\n",
      "export const handler = async () => {\n  if (plain()) {}\n};\n",
      "const box = { go: plain };\n",
      "export async function viaBox() {\n  box.go();\n}\n",
      "plain.extra = 1;\n",
      "class Worker {\n  run(): Promise<void> {\n    return save();\n  }\n  kick() {\n    this.run();\n  }\n}\n",
      "export const w = new Worker();\n",
      "let cached = load();\n",
      "export async function narrow(p?: Promise<void>) {\n  let q = p;\n  q = undefined;\n  const unrelated = 1;\n  q;\n  while (unrelated) {\n    q;\n    const inLoop = 2;\n  }\n}\n",
      "export async function useCached() {\n  cached;\n  [1, 2].forEach(async () => { await save(); });\n}\n",
    ];
    const bodyEdits = ["  save();\n", "  const n = 1;\n", "  await load();\n", "  void save();\n", "  plain();\n", "  return;\n", "  if (Math.random()) throw new Error();\n", "  cached = undefined as never;\n", "  for (;;) break;\n"];
    let reusedSteps = 0;
    const sequences = stress || 4;
    for (let sequence = 0; sequence < sequences; sequence++) {
      const file = path.join(dir, `random-${sequence}.ts`);
      let units = [IMPORTS, ...pieces.filter(() => random() < 0.7)];
      step(file, units.join(""), `sequence ${sequence}: open`);
      for (let n = 0; n < 12; n++) {
        const what = random();
        const at = 1 + Math.floor(random() * (units.length - 1));
        if (what < 0.3) units.splice(at, 0, pick(pieces));
        else if (what < 0.5 && units.length > 2) units.splice(at, 1);
        else if (what < 0.8 && units[at]) {
          // An edit inside a body: after the first line that opens a block.
          const u = units[at]!;
          const brace = u.indexOf("{\n");
          if (brace >= 0) units[at] = `${u.slice(0, brace + 2)}${pick(bodyEdits)}${u.slice(brace + 2)}`;
        } else if (units[at]) units[at] = units[at]!.replace("function plain()", "async function plain()").replace("run(): Promise<void>", "run()");
        const r = step(file, units.join(""), `sequence ${sequence}, edit ${n}`);
        if (r.reused > 0) reusedSteps++;
      }
    }
    assert.ok(reusedSteps >= sequences * 3, `reuse happened in ${reusedSteps} of ${sequences * 12} steps: the sequences must exercise it`);
  });
});
