// Runs rule test cases through the real engine. A case is a module of source; expected
// findings are written under the line they flag, as a comment of carets (rust-analyzer style):
//
//     save();
//   //^^^^^^^ floating-promise:floating
//
// Read an annotation with its `//` deleted: the carets then stand under the flagged text, giving
// the start column and the extent on that line. `:messageId` is optional.
// Annotation lines are removed before analysis. All cases of one `runRuleTests` call share one
// temporary project, so one compiler process serves them all.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engine, type EngineProject } from "../ts/engine.js";
import { analyzeSourceFile } from "../analyze.js";
import { offsetToPosition } from "../positions.js";
import { applyEdits } from "../edits.js";
import { validateOptions } from "../config.js";
import type { AnyRule } from "../rule.js";
import type { FileResult, RuleLevel } from "../types.js";

export interface RuleCase {
  name?: string;
  code: string;
  options?: Record<string, unknown>;
  /** File name inside the test project (default `case-N.ts`); use `.tsx`, `.js` etc. to change language. */
  fileName?: string;
  /** Packages the case's package.json would list (what fixes may import, e.g. `p-map`). */
  dependencies?: readonly string[];
  /** Do not append `export {}` (the case is a script, sharing the global scope). */
  script?: boolean;
  /** Fix id -> the whole code after applying that fix of the first finding offering it (annotations removed). */
  fixes?: Record<string, string>;
  /** Fix ids that no finding of the case may offer (where a fix would not compile or not be right). */
  noFixes?: readonly string[];
  /** Patterns each of which some finding's message must match; and patterns no finding's message may match. */
  messageMatches?: readonly RegExp[];
  messageLacks?: readonly RegExp[];
  /** Expected findings given explicitly instead of carets: 1-based line and column. */
  errors?: { line: number; column: number; messageId?: string }[];
}

export interface ExpectedFinding {
  line: number; // 0-based
  column: number; // 0-based
  /** Extent on the first line, or undefined when only the start is checked. */
  width?: number;
  ruleId: string;
  messageId?: string;
  /** As the rule runs at level "error": `info` marks a low-confidence finding. */
  severity?: string;
}

const ANNOTATION = /^(\s*)\/\/(\s*)(\^+)\s+([\w-]+)(?::(\w+))?(?:@(error|warning|info))?\s*$/;

/** Removes caret annotation lines and returns the expectations they describe. */
export function parseAnnotations(code: string): { code: string; expected: ExpectedFinding[] } {
  const out: string[] = [];
  const expected: ExpectedFinding[] = [];
  for (const line of code.split("\n")) {
    const m = ANNOTATION.exec(line);
    if (m && out.length > 0) {
      const column = line.indexOf("^") - 2; // as if the `//` were deleted
      expected.push({ line: out.length - 1, column, width: m[3]!.length, ruleId: m[4]!, ...(m[5] ? { messageId: m[5] } : {}), ...(m[6] ? { severity: m[6] } : {}) });
    } else {
      out.push(line);
    }
  }
  return { code: out.join("\n"), expected };
}

export interface RuleTests {
  valid: readonly (RuleCase | string)[];
  invalid: readonly RuleCase[];
  /** Compiler options for the shared test project. */
  compilerOptions?: Record<string, unknown>;
  /** Extra files of the test project (declarations, fake packages under node_modules). */
  files?: Record<string, string>;
  /**
   * Rules run beside the one under test, whose findings count as its own after renaming: used where
   * one upstream rule became two of ours (no-floating-promises = floating-promise + missing-await).
   */
  companions?: readonly Companion[];
}

export interface Companion {
  rule: AnyRule;
  /** Options for the companion on every case (the case's own options are passed on where they fit). */
  options?: Record<string, unknown>;
  /** Companion message id -> `ruleId:messageId` it stands for, or null to leave such findings out. */
  as: Record<string, string | null>;
}

/** Registers node:test suites for a rule: its docs examples, then the given cases. */
export function runRuleTests(rule: AnyRule, tests: RuleTests): void {
  const id = rule.meta.id;
  const docsValid = rule.meta.examples.valid.map((e, i) => ({ name: `docs example (valid) ${i + 1}`, code: e.code, ...(e.options ? { options: e.options } : {}) }));
  const docsInvalid = rule.meta.examples.invalid.map((e, i) => ({ name: `docs example (invalid) ${i + 1}`, code: e.code, ...(e.options ? { options: e.options } : {}), exactlyOne: true }));
  const valid = [...docsValid, ...tests.valid.map((c) => (typeof c === "string" ? { code: c } : c))];
  const invalid = [...docsInvalid, ...tests.invalid];

  interface Prepared {
    c: RuleCase & { exactlyOne?: boolean };
    file: string;
    expected: ExpectedFinding[];
    valid: boolean;
  }
  const prepared: Prepared[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), `async-lens-${id}-`));
  let engine: Engine | undefined;
  let project: EngineProject | undefined;

  const prepare = (c: RuleCase & { exactlyOne?: boolean }, isValid: boolean, index: number) => {
    const parsed = parseAnnotations(c.code);
    const fileName = c.fileName ? `case-${index}-${c.fileName}` : `case-${index}.ts`;
    const file = path.join(dir, "src", fileName);
    const trailer = c.script || /\.(js|jsx|cjs|mjs)$/.test(fileName) ? "" : "\nexport {};\n";
    writeFileSync(file, parsed.code + trailer);
    const expected = c.errors ? c.errors.map((e) => ({ line: e.line - 1, column: e.column - 1, ruleId: id, ...(e.messageId ? { messageId: e.messageId } : {}) })) : parsed.expected;
    prepared.push({ c, file, expected, valid: isValid });
  };

  describe(`rule ${id}`, () => {
    before(() => {
      mkdirSync(path.join(dir, "src"), { recursive: true });
      for (const [name, text] of Object.entries(tests.files ?? {})) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "es2022",
            lib: ["es2023", "dom"],
            module: "esnext",
            moduleResolution: "bundler",
            strict: true,
            allowJs: true,
            checkJs: true,
            jsx: "preserve",
            noEmit: true,
            skipLibCheck: true,
            types: [],
            ...tests.compilerOptions,
          },
          include: ["src", "types"],
        }),
      );
      valid.forEach((c, i) => prepare(c, true, i));
      invalid.forEach((c, i) => prepare(c, false, valid.length + i));
      engine = new Engine({ cwd: dir });
      engine.open([path.join(dir, "tsconfig.json")]);
      project = engine.projects()[0];
    });
    after(() => {
      engine?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Every fix offered on an invalid case, applied, to be compiled at the end. */
    const fixed: { file: string; name: string; text: string }[] = [];
    const check = (p: () => Prepared) => () => {
      const { c, file, expected, valid: isValid } = p();
      const result = analyze(project!, rule, file, c.options, tests.companions ?? [], c.dependencies ?? []);
      const source = project!.sourceFile(file)!.text;
      if (!isValid && !c.script && /\.tsx?$/.test(file)) {
        for (const f of result.findings) for (const fix of f.fixes ?? []) fixed.push({ file, name: `${f.ruleId}/${fix.id}`, text: applyEdits(source, fix.edits) });
      }
      for (const [id, after] of Object.entries(c.fixes ?? {})) {
        const fix = result.findings.flatMap((f) => f.fixes ?? []).find((x) => x.id === id);
        assert.ok(fix, `no finding offers the fix '${id}'`);
        assert.equal(applyEdits(source, fix.edits).replace(/\nexport \{\};\n$/, ""), after, `the text after fix '${id}'`);
      }
      for (const id of c.noFixes ?? []) {
        const offered = result.findings.filter((f) => (f.fixes ?? []).some((x) => x.id === id));
        assert.equal(offered.length, 0, `the fix '${id}' must not be offered`);
      }
      for (const re of c.messageMatches ?? []) assert.ok(result.findings.some((f) => re.test(f.message)), `no finding's message matches ${re}`);
      for (const re of c.messageLacks ?? []) assert.ok(!result.findings.some((f) => re.test(f.message)), `a finding's message matches ${re}`);
      // A check that threw is contained at run time (a notice), but in a test it is a bug.
      assert.deepEqual(result.notices.filter((n) => n.kind === "engine").map((n) => n.message), [], "no check may fail");
      const actual = result.findings.map((f) => {
        const s = offsetToPosition(result.lineStarts, f.start);
        const e = offsetToPosition(result.lineStarts, f.end);
        return { line: s.line, column: s.character, endLine: e.line, endColumn: e.character, ruleId: f.ruleId, messageId: f.messageId, severity: f.severity };
      });
      const render = (xs: { line: number; column: number; ruleId: string; messageId?: string | undefined }[]) =>
        xs.map((x) => `${x.line + 1}:${x.column + 1} ${x.ruleId}${x.messageId ? ":" + x.messageId : ""}`).join("\n") || "(none)";
      if (isValid) {
        assert.equal(render(actual), "(none)", "a valid case must give no finding");
        return;
      }
      if (c.exactlyOne) {
        assert.equal(actual.length, 1, `an invalid docs example must give exactly one finding, got:\n${render(actual)}`);
        return;
      }
      assert.ok(expected.length > 0, "an invalid case must state its expected findings (carets or errors)");
      const lines = (result.lineStarts as number[]).map((start, i, all) => (all[i + 1] ?? Number.MAX_SAFE_INTEGER) - start);
      const expectedText = render(expected);
      const actualText = render(
        actual.map((a, i) => ({ ...a, messageId: expected[i]?.messageId ? a.messageId : undefined })),
      );
      assert.equal(actualText, expectedText, "findings differ (line:column rule:messageId)");
      expected.forEach((x, i) => {
        if (x.severity) assert.equal(actual[i]!.severity, x.severity, `finding ${i + 1}: severity`);
        if (x.width === undefined) return;
        const a = actual[i]!;
        const width = a.endLine === a.line ? a.endColumn - a.column : lines[a.line]! - a.column;
        const lineWidth = Math.min(width, lines[a.line]! - a.column);
        assert.ok(
          x.width === width || x.width === lineWidth || (a.endLine > a.line && x.width <= lineWidth),
          `finding ${i + 1}: carets cover ${x.width} columns, the finding covers ${width}`,
        );
      });
    };

    const all = [...valid.map((c) => ({ c, valid: true })), ...invalid.map((c) => ({ c, valid: false }))];
    all.forEach(({ c, valid: isValid }, i) => {
      const name = `${isValid ? "valid" : "invalid"}: ${c.name ?? firstLine(c.code)}`;
      it(name, check(() => prepared[i]!));
    });

    // "A quick fix never produces code that no longer compiles": each fixed text is compiled beside
    // its original, and may have no more syntax or type errors than it.
    it("every fix leaves code with no new syntax or type error", () => {
      if (fixed.length === 0) return;
      const written = fixed.map((f, i) => {
        const target = path.join(dir, "src", `fixed-${i}${path.extname(f.file)}`);
        writeFileSync(target, f.text);
        return target;
      });
      engine!.filesChanged([], [], written);
      project = engine!.projects()[0];
      const broken: string[] = [];
      fixed.forEach((f, i) => {
        const before = project!.errorCounts(f.file);
        const after = project!.errorCounts(written[i]!);
        if (after.syntactic > before.syntactic || after.semantic > before.semantic) {
          broken.push(`${f.name} on ${path.basename(f.file)}: errors ${before.syntactic}+${before.semantic} -> ${after.syntactic}+${after.semantic}\n${f.text}`);
        }
      });
      assert.deepEqual(broken, [], `${broken.length} of ${fixed.length} fixes break the code`);
    });
  });
}

function analyze(
  project: EngineProject,
  rule: AnyRule,
  file: string,
  options: Record<string, unknown> | undefined,
  companions: readonly Companion[],
  dependencies: readonly string[],
): FileResult {
  const level: Exclude<RuleLevel, "off"> = "error";
  const sourceFile = project.sourceFile(file);
  assert.ok(sourceFile, `the test project did not load ${file}`);
  const configured = (r: AnyRule, extra: Record<string, unknown> = {}) => {
    const specs = r.meta.options as Record<string, { default: unknown }>;
    const defaults = Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, v.default]));
    // Companions take the case's options they know; the rule under test must know all of them.
    const own = r === rule ? (options ?? {}) : Object.fromEntries(Object.entries(options ?? {}).filter(([k]) => k in specs));
    return { rule: r, level, options: { ...defaults, ...validateOptions(r, { ...own, ...extra }) } };
  };
  const result = analyzeSourceFile({
    fileName: file,
    sourceFile,
    types: project.oracle(),
    rules: [configured(rule), ...companions.map((c) => configured(c.rule, c.options))],
    dependencies: new Set(dependencies),
  });
  // A rule's metadata lists the fixes it offers (the docs are written from it): an unlisted one is drift.
  for (const f of result.findings) {
    const owner = [rule, ...companions.map((c) => c.rule)].find((r) => r.meta.id === f.ruleId)!;
    for (const fix of f.fixes ?? []) {
      assert.ok(fix.id === "suppress" || (owner.meta.fixes ?? []).includes(fix.id as never), `${owner.meta.id} offers '${fix.id}' but its meta.fixes does not list it`);
    }
  }
  result.findings = result.findings.filter((f) => {
    const companion = companions.find((c) => c.rule.meta.id === f.ruleId);
    if (!companion) return true;
    const renamed = companion.as[f.messageId];
    assert.ok(renamed !== undefined, `companion ${f.ruleId} reported '${f.messageId}', which this suite has no name for`);
    if (renamed === null) return false;
    const [ruleId, messageId] = renamed.split(":");
    Object.assign(f, { ruleId, messageId });
    return true;
  });
  result.findings.sort((a, b) => a.start - b.start);
  return result;
}

function firstLine(code: string): string {
  const line = code.split("\n").find((l) => l.trim() && !l.trim().startsWith("//")) ?? code;
  return line.trim().slice(0, 70);
}

/**
 * `line` followed by a caret annotation under the `nth` (1-based) occurrence of `part` in it:
 * `mark("if (p) {}", "p", "misused-promise:conditional")`. Saves counting columns by hand.
 */
export function mark(line: string, part: string, expectation: string, nth = 1): string {
  // A word is matched as a whole word (`p` is not the p of `export`).
  const pattern = new RegExp(/^\w+$/.test(part) ? `\\b${part}\\b` : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
  let column = -1;
  for (let i = 0; i < nth; i++) column = pattern.exec(line)?.index ?? -1;
  if (column < 0 || part.length === 0) throw new Error(`'${part}' does not occur ${nth} time(s) in '${line}'`);
  // The annotation is read with its `//` deleted, so the `//` goes just before the carets' columns.
  return `${line}\n${" ".repeat(column)}//${"^".repeat(part.length)} ${expectation}`;
}
