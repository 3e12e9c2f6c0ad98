// Runs one input through every rule and every fix, through the real engine, and says what went
// wrong: an exception, a rule check that failed (the runner turns those into "engine" notices), an
// analysis slower than the bound, a finding or edit outside the text, or a fix whose output has
// more syntax errors than its input (or type errors, where the input had none).
// Inputs never touch the disk: they are served through the engine's unsaved-text overlay.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine, type EngineProject } from "../../server/src/analyzer/ts/engine.js";
import { analyzeSourceFile, type EnabledRule } from "../../server/src/analyzer/analyze.js";
import { resolveRules } from "../../server/src/analyzer/config.js";
import { applyEdits } from "../../server/src/analyzer/edits.js";
import { rules as allRules } from "../../server/src/analyzer/rules/index.js";
import type { FileResult } from "../../server/src/analyzer/types.js";

export interface FuzzFailure {
  kind: "exception" | "rule-failed" | "slow" | "bad-range" | "bad-edit" | "fix-breaks-syntax" | "fix-adds-type-error" | "not-in-program";
  detail: string;
  file: string;
  input: string;
  /** The fix's output, for fix failures. */
  output?: string;
}

export interface CheckOutcome {
  failures: FuzzFailure[];
  findings: number;
  fixesChecked: number;
  analysisMs: number;
  /** The input had no syntax or type error. */
  clean?: boolean;
}

export interface FuzzProjectOptions {
  /** An analysis of one file slower than this fails (ms). */
  timeBoundMs?: number;
  /** At most this many fixes are applied and compiled per input (the cost is two compiler round trips each). */
  maxFixesPerInput?: number;
}

/** Every rule on, in editor mode (editor-only suggestions included). */
export function everyRule(): EnabledRule[] {
  return resolveRules([{ rules: Object.fromEntries(allRules.map((r) => [r.meta.id, "error" as const])) }], "editor");
}

export class FuzzProject {
  private readonly overlay = new Map<string, string>();
  private readonly engine: Engine;
  private readonly rules = everyRule();
  private readonly timeBoundMs: number;
  private readonly maxFixes: number;

  private constructor(
    readonly dir: string,
    private readonly tsconfig: string,
    private readonly temporary: boolean,
    options: FuzzProjectOptions,
  ) {
    this.timeBoundMs = options.timeBoundMs ?? 10_000;
    this.maxFixes = options.maxFixesPerInput ?? 12;
    this.engine = new Engine({ cwd: dir, readOverlay: (f) => this.overlay.get(f) });
    this.engine.open([tsconfig]);
  }

  /** A scratch project whose `src/` holds one placeholder per extension (a .ts, .tsx and .js file). */
  static scratch(options: FuzzProjectOptions = {}): FuzzProject {
    const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-fuzz-"));
    mkdirSync(path.join(dir, "src"));
    for (const ext of ["ts", "tsx", "js"]) writeFileSync(path.join(dir, "src", `input-${ext}.${ext}`), "export {};\n");
    const compilerOptions = { target: "es2022", lib: ["es2023", "dom"], module: "esnext", moduleResolution: "bundler", strict: true, allowJs: true, checkJs: true, jsx: "preserve", noEmit: true, skipLibCheck: true, types: [] };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
    return new FuzzProject(dir, path.join(dir, "tsconfig.json"), true, options);
  }

  /** An existing project: inputs replace the text of its files in the overlay only. */
  static existing(tsconfig: string, options: FuzzProjectOptions = {}): FuzzProject {
    return new FuzzProject(path.dirname(tsconfig), tsconfig, false, options);
  }

  scratchFile(ext: "ts" | "tsx" | "js"): string {
    return path.join(this.dir, "src", `input-${ext}.${ext}`);
  }

  /** The project's own source files (for picking real code to mutate). */
  ownSourceFiles(): string[] {
    return this.project().ownSourceFiles();
  }

  /** The file's text as the compiler sees it now (disk, since the overlay is emptied after each check). */
  text(file: string): string | undefined {
    return this.project().sourceFile(file)?.text;
  }

  close(): void {
    this.engine.close();
    if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Analyses `text` as the content of `file`, then applies and compiles its fixes (every rule on; `rules` to vary their options). */
  check(file: string, text: string, rules: readonly EnabledRule[] = this.rules): CheckOutcome {
    const failures: FuzzFailure[] = [];
    const fail = (kind: FuzzFailure["kind"], detail: string, output?: string) => failures.push({ kind, detail, file, input: text, ...(output !== undefined ? { output } : {}) });
    let findings = 0;
    let fixesChecked = 0;
    let analysisMs = 0;
    let cleanInputs = 0;
    try {
      this.use(file, text);
      const project = this.project();
      const sourceFile = project.sourceFile(file);
      if (!sourceFile) {
        fail("not-in-program", "the compiler did not load the file");
        return { failures, findings, fixesChecked, analysisMs };
      }
      const t0 = performance.now();
      let result: FileResult;
      try {
        result = analyzeSourceFile({ fileName: file, sourceFile, types: project.oracle(), rules });
      } catch (e) {
        fail("exception", (e as Error).stack ?? String(e));
        return { failures, findings, fixesChecked, analysisMs };
      } finally {
        analysisMs = performance.now() - t0;
      }
      if (analysisMs > this.timeBoundMs) fail("slow", `analysis took ${analysisMs.toFixed(0)} ms (bound ${this.timeBoundMs} ms)`);
      for (const n of result.notices) if (n.kind === "engine") fail("rule-failed", n.message);
      findings = result.findings.length;

      const before = project.errorCounts(file);
      if (before.syntactic === 0 && before.semantic === 0) cleanInputs++;
      const fixes = result.findings.flatMap((f) => (f.fixes ?? []).map((fix) => ({ finding: f, fix })));
      // Every kind of fix first, then more of them, up to the bound: one comment fix says as much as ten.
      const seen = new Set<string>();
      const ordered = [...fixes.filter((x) => !seen.has(x.fix.id) && seen.add(x.fix.id)), ...fixes.filter((x) => x.fix.id !== "suppress")];
      const chosen = [...new Set(ordered)].slice(0, this.maxFixes);
      for (const f of result.findings) {
        if (!(f.start >= 0 && f.start <= f.end && f.end <= text.length)) fail("bad-range", `${f.ruleId} finding at ${f.start}-${f.end} in a text of ${text.length}`);
      }
      for (const { finding, fix } of chosen) {
        const what = `${finding.ruleId}:${finding.messageId} fix '${fix.id}' at ${finding.start}`;
        const sorted = [...fix.edits].sort((a, b) => a.start - b.start);
        const badEdit = sorted.find((e, k) => !(e.start >= 0 && e.start <= e.end && e.end <= text.length) || (k > 0 && e.start < sorted[k - 1]!.end));
        if (badEdit) {
          fail("bad-edit", `${what}: edit ${badEdit.start}-${badEdit.end} is outside the text or overlaps another`);
          continue;
        }
        const output = applyEdits(text, fix.edits);
        this.use(file, output);
        const after = this.project().errorCounts(file);
        fixesChecked++;
        if (after.syntactic > before.syntactic) {
          fail("fix-breaks-syntax", `${what}: syntax errors ${before.syntactic} -> ${after.syntactic}`, output);
        } else if (before.syntactic === 0 && after.semantic > before.semantic) {
          fail("fix-adds-type-error", `${what}: type errors ${before.semantic} -> ${after.semantic}`, output);
        }
      }
    } catch (e) {
      fail("exception", (e as Error).stack ?? String(e));
    } finally {
      this.overlay.delete(file);
      this.engine.filesChanged([file]);
    }
    return { failures, findings, fixesChecked, analysisMs, clean: cleanInputs === 1 };
  }

  private use(file: string, text: string): void {
    this.overlay.set(file, text);
    this.engine.filesChanged([file]);
  }

  private project(): EngineProject {
    const project = this.engine.projects().find((p) => p.configFile === this.tsconfig);
    if (!project) throw new Error(`no project for ${this.tsconfig}`);
    return project;
  }
}
