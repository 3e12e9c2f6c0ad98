// A fuzzing campaign: generated programs, mutated fixtures (the examples and every rule's docs
// examples) and, when asked, mutated files of real projects, each checked by harness.ts.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { asyncProgram, damage, mutation, ruleOptions } from "./generate.js";
import { resolveRules } from "../../server/src/analyzer/config.js";
import type { EnabledRule } from "../../server/src/analyzer/analyze.js";
import { FuzzProject, type FuzzFailure } from "./harness.js";
import { rules as allRules } from "../../server/src/analyzer/rules/index.js";

export interface FuzzOptions {
  seed: number;
  /** Generated programs. */
  generated: number;
  /** Mutations of our fixtures (examples/ and the rules' docs examples). */
  fixtures: number;
  /** Mutations of files of each real project (tsconfig paths in `projects`). */
  perProject: number;
  projects: readonly string[];
  repoRoot: string;
  timeBoundMs?: number;
  /** Before each input is checked (a watchdog can then name the input that hangs). */
  onStart?: (label: string, file: string, input: string) => void;
  onInput?: (label: string, done: number) => void;
}

export interface FuzzReport {
  inputs: number;
  /** Inputs without any syntax or type error (where a fix must not add one). */
  cleanInputs: number;
  findings: number;
  fixesChecked: number;
  slowestMs: number;
  failures: (FuzzFailure & { label: string })[];
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const report: FuzzReport = { inputs: 0, cleanInputs: 0, findings: 0, fixesChecked: 0, slowestMs: 0, failures: [] };
  const projectOptions = options.timeBoundMs !== undefined ? { timeBoundMs: options.timeBoundMs } : {};
  const check = (project: FuzzProject, label: string, file: string, input: string, rules?: EnabledRule[]) => {
    options.onStart?.(label, file, input);
    record(label, project.check(file, input, rules));
  };
  const record = (label: string, outcome: ReturnType<FuzzProject["check"]>) => {
    report.inputs++;
    if (outcome.clean) report.cleanInputs++;
    report.findings += outcome.findings;
    report.fixesChecked += outcome.fixesChecked;
    report.slowestMs = Math.max(report.slowestMs, outcome.analysisMs);
    for (const f of outcome.failures) report.failures.push({ ...f, label });
    options.onInput?.(label, report.inputs);
  };

  const scratch = FuzzProject.scratch(projectOptions);
  try {
    // Half the programs stay whole: fixes on code without errors must not add type errors.
    const maybeDamage = fc.oneof(damage(0), damage());
    // A third of the programs run with other rule options than the defaults.
    const configured = fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: ruleOptions(allRules) });
    const generated = fc.sample(fc.tuple(asyncProgram, maybeDamage, fc.constantFrom("ts", "ts", "ts", "ts", "tsx", "js") as fc.Arbitrary<"ts" | "tsx" | "js">, configured), {
      seed: options.seed,
      numRuns: options.generated,
    });
    generated.forEach(([program, broken, ext, ruleConfig], k) => {
      const rules = ruleConfig ? resolveRules([{ rules: Object.fromEntries(Object.entries(ruleConfig).map(([id, o]) => [id, ["error", o]])) }], "editor") : undefined;
      check(scratch, `generated #${k}${ruleConfig ? ` with options ${JSON.stringify(ruleConfig)}` : ""}`, scratch.scratchFile(ext), broken(program), rules);
    });

    const docExamples = allRules.flatMap((r) => [...r.meta.examples.invalid, ...r.meta.examples.valid].map((e, k) => ({ label: `${r.meta.id} example ${k}`, text: e.code })));
    const mutations = fc.sample(fc.tuple(fc.nat(), mutation()), { seed: options.seed + 1, numRuns: options.fixtures });
    const examples = FuzzProject.existing(path.join(options.repoRoot, "examples", "tsconfig.json"), projectOptions);
    try {
      const exampleFiles = examples.ownSourceFiles().sort();
      mutations.forEach(([pick, mutate], k) => {
        // Half on the examples project (real imports), half on docs examples in the scratch project.
        if (k % 2 === 0 && exampleFiles.length > 0) {
          const file = exampleFiles[pick % exampleFiles.length]!;
          check(examples, `mutated ${path.relative(options.repoRoot, file)} #${k}`, file, mutate(examples.text(file) ?? ""));
        } else {
          const example = docExamples[pick % docExamples.length]!;
          check(scratch, `mutated ${example.label} #${k}`, scratch.scratchFile("ts"), mutate(example.text));
        }
      });
    } finally {
      examples.close();
    }
  } finally {
    scratch.close();
  }

  options.projects.forEach((tsconfig, p) => {
    if (options.perProject <= 0) return;
    const project = FuzzProject.existing(tsconfig, projectOptions);
    try {
      // Files with async code say more; the rest are sampled too.
      const files = project.ownSourceFiles().sort();
      const asyncFiles = files.filter((f) => /\bawait\b|\.then\(/.test(safeRead(f)));
      const pool = asyncFiles.length > 0 ? asyncFiles : files;
      const picks = fc.sample(fc.tuple(fc.nat(), mutation()), { seed: options.seed + 2 + p, numRuns: options.perProject });
      picks.forEach(([pick, mutate], k) => {
        const file = pool[pick % pool.length]!;
        check(project, `mutated ${file} #${k}`, file, mutate(project.text(file) ?? safeRead(file)));
      });
    } finally {
      project.close();
    }
  });
  return report;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** tsconfig.json of each folder under `dir` that has one. */
export function projectsUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name, "tsconfig.json"))
      .filter((f) => safeRead(f) !== "");
  } catch {
    return [];
  }
}
