// Analyses everything under some paths: opens their projects, gives loose files an inferred
// project, assigns each file to the most specific project containing it, and runs the rules.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Engine, type EngineDiagnostic, type EngineProject } from "../analyzer/ts/engine.js";
import { analyzeSourceFile, type EnabledRule } from "../analyzer/analyze.js";
import { computeLineStarts } from "../analyzer/positions.js";
import type { FileResult, Notice } from "../analyzer/types.js";
import { discover, isUnder, type DiscoveryMessage } from "./discover.js";
import { DependencyCache } from "./dependencies.js";

export interface WorkspaceRunOptions {
  cwd: string;
  paths: readonly string[];
  projects: readonly string[];
  rules: readonly EnabledRule[];
  maxFileSize: number;
  compilerPath?: string;
  /** Open projects and follow references only inside this folder (the editor's workspace folder). */
  confineTo?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface WorkspaceRun {
  results: FileResult[];
  /** Messages not tied to a position in an analysed file. */
  messages: DiscoveryMessage[];
}

export function analyzeWorkspace(options: WorkspaceRunOptions): WorkspaceRun {
  const found = discover(options.paths, options.cwd, options.projects, options.confineTo !== undefined ? { confineTo: options.confineTo } : {});
  const messages = [...found.messages];
  const results: FileResult[] = [];
  const engine = new Engine({ cwd: options.cwd, ...(options.compilerPath ? { compilerPath: options.compilerPath } : {}) });
  try {
    if (found.configs.length) engine.open(found.configs);
    const assignment = new Map<string, string | undefined>(); // file -> project config (undefined: inferred)
    const configured = found.configs.length ? engine.projects().filter((p) => p.configFile) : [];
    const everything = options.projects.length > 0 && options.paths.length === 0;

    // Most specific project first, so a file in both a solution's child and a parent goes to the child.
    const ordered = [...configured].sort((a, b) => b.configFile!.length - a.configFile!.length);
    for (const project of ordered) {
      for (const file of project.ownSourceFiles()) {
        if (assignment.has(file)) continue;
        if (everything || found.roots.some((r) => isUnder(file, r))) assignment.set(file, project.configFile);
      }
    }
    const loose = found.files.filter((f) => !assignment.has(f));
    if (loose.length) engine.open([], loose); // a new snapshot: project objects from before are stale now
    for (const f of loose) assignment.set(f, undefined);

    for (const project of engine.projects().filter((p) => p.configFile)) {
      // Grouped by file: an error may sit in a config this one `extends`.
      const byFile = new Map<string, EngineDiagnostic[]>();
      for (const d of project.configDiagnostics()) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
      for (const [file, diagnostics] of byFile) results.push(configResult(file, diagnostics));
    }

    const byProject = new Map<EngineProject, string[]>();
    const current = new Map(engine.projects().map((p) => [p.configFile, p] as const));
    for (const [file, config] of assignment) {
      const project = config ? current.get(config) : engine.projectForFile(file);
      if (!project) {
        messages.push({ file, message: "No project could be made for this file; it was not analysed." });
        continue;
      }
      const list = byProject.get(project) ?? [];
      list.push(file);
      byProject.set(project, list);
    }

    const total = assignment.size;
    let done = 0;
    const dependencies = new DependencyCache();
    for (const [project, files] of byProject) {
      const syntax = project.syntaxDiagnostics();
      const types = project.oracle();
      for (const file of files.sort()) {
        results.push(analyzeOne(project, file, syntax.get(file) ?? [], types, options, dependencies));
        options.onProgress?.(++done, total);
      }
    }
    results.sort((a, b) => a.file.localeCompare(b.file));
    return { results, messages };
  } finally {
    engine.close();
  }
}

function analyzeOne(
  project: EngineProject,
  file: string,
  syntax: readonly EngineDiagnostic[],
  types: ReturnType<EngineProject["oracle"]>,
  options: WorkspaceRunOptions,
  dependencies: DependencyCache,
): FileResult {
  const skipped = (message: string): FileResult => ({ file, findings: [], notices: [{ kind: "skipped", message }], lineStarts: [0] });
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return skipped("The file could not be read (deleted or unreadable); it was not analysed.");
  }
  if (size > options.maxFileSize) {
    return skipped(
      `Skipped: ${formatBytes(size)} is over the ${formatBytes(options.maxFileSize)} limit for analysis ` +
        `(raise "maxFileSize" in async-lens.json or pass --max-file-size).`,
    );
  }
  const sourceFile = project.sourceFile(file);
  if (!sourceFile) return skipped("The compiler did not load this file; it was not analysed.");
  if (sourceFile.text.includes("\u0000")) return skipped("Skipped: this looks like a binary file, not source code.");
  const result = analyzeSourceFile({ fileName: file, sourceFile, types, rules: options.rules, dependencies: dependencies.forFile(file) });
  if (syntax.length > 0) {
    const first = syntax[0]!;
    const notice: Notice = {
      kind: "syntax",
      message:
        `${syntax.length} syntax error${syntax.length === 1 ? "" : "s"} (first: ${first.message}); ` +
        `findings in this file may be incomplete.`,
      start: first.start,
      end: first.end,
    };
    result.notices.unshift(notice);
  }
  return result;
}

function configResult(file: string, diagnostics: readonly EngineDiagnostic[]): FileResult {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // positions then fall back to 1:1
  }
  return {
    file,
    findings: [],
    notices: diagnostics.map((d) => ({
      kind: "config" as const,
      message: `${path.basename(file)}: ${d.message} (analysis goes on with what could be read)`,
      start: d.start,
      end: d.end,
    })),
    lineStarts: computeLineStarts(text),
  };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
