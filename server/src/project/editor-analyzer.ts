// The editor's analyses of one workspace folder: unsaved text of open files served to one long-lived
// compiler process, projects opened as files are first seen, and recovery when that compiler dies
// (killed, crashed, out of memory): the engine is replaced and the analysis made again, so the editor
// keeps working. The language server's analysis thread holds one per folder.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Engine } from "../analyzer/ts/engine.js";
import { AnalysisStopped, analyzeSourceFile, type EnabledRule } from "../analyzer/analyze.js";
import { DEFAULT_MAX_FILE_SIZE, resolveRules } from "../analyzer/config.js";
import { ProjectHost } from "./host.js";
import type { FileResult } from "../analyzer/types.js";
import type { EngineProject } from "../analyzer/ts/engine.js";
import type { TypeOracle } from "../analyzer/ts/oracle.js";
import type { SourceFile } from "../analyzer/ts/syntax.js";
import { startReuse, wordsOf, type FileAnswers, type ReuseOutcome } from "../analyzer/reuse.js";

export interface EditorAnalyzerOptions {
  rootPath: string;
  rules?: EnabledRule[];
  maxFileSize?: number;
  log?: (level: "info" | "error", message: string) => void;
  /** Explicit compiler binary (tests); found automatically otherwise. */
  compilerPath?: string;
  /** Unsaved text of open files, shared by the folders of one server; a map of its own otherwise. */
  overlay?: Map<string, string>;
  /** What the compiler sees of `file` changed (files importing it may have new findings). */
  onChanged?: (file: string) => void;
  /** A compiler process was started, or (`running` false) closed: the language server kills it if the analysis thread dies. */
  onCompiler?: (pid: number, running: boolean) => void;
  /** Reuse type answers between analyses of a file (default true; tests compare against false). */
  reuse?: boolean;
}

/** Per analysis: a cancellation check and the file's package dependencies (for fixes). */
export interface AnalyzeOptions {
  shouldStop?: () => boolean;
  dependencies?: ReadonlySet<string>;
}

export class EditorAnalyzer {
  rootPath: string;
  rules: EnabledRule[];
  maxFileSize: number;
  /** Times the compiler was found dead and replaced. */
  restarts = 0;
  private readonly overlay: Map<string, string>;
  /** Files the current engine has read (a later analysis must tell it they changed). */
  private readonly analysed = new Set<string>();
  private engine: Engine | undefined;
  private host: ProjectHost | undefined;
  private readonly log: (level: "info" | "error", message: string) => void;
  private readonly onChanged: (file: string) => void;
  /**
   * Per open file: the type answers of its last analysis, for the next one to reuse (analyzer/reuse.ts).
   * Valid while no other file changed for the compiler; the project is part of the key.
   */
  private readonly memory = new Map<string, { project: string | undefined; answers: FileAnswers }>();
  /**
   * Per file and its import list: whether it is in an import cycle, and the words of the files it reaches
   * ("all" when one takes it whole). Valid while no other file changed.
   */
  private readonly cycles = new Map<string, { imports: string; cycle: boolean; words: Set<string> | "all" }>();
  /** How the last analysis reused answers (tests, the latency benchmark). */
  lastReuse: ReuseOutcome | undefined;

  constructor(private readonly options: EditorAnalyzerOptions) {
    this.rootPath = options.rootPath;
    this.rules = options.rules ?? resolveRules([], "editor");
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.log = options.log ?? (() => {});
    this.overlay = options.overlay ?? new Map();
    this.onChanged = options.onChanged ?? (() => {});
  }

  /** The compiler process of the current engine, if one is running. */
  get compilerPid(): number | undefined {
    return this.engine?.compilerPid;
  }

  /** The projects of the running compiler, if there is one. */
  get projects(): ProjectHost | undefined {
    return this.host;
  }

  /** Files the running compiler has read with the editor's text. */
  get files(): ReadonlySet<string> {
    return this.analysed;
  }

  /** Whether `text` is over the size limit, in bytes of UTF-8 as on disk (a string is at most 3 bytes per UTF-16 unit). */
  tooLarge(text: string): boolean {
    return text.length * 3 > this.maxFileSize && Buffer.byteLength(text, "utf8") > this.maxFileSize;
  }

  /** Analyses `text` as the content of `file`; undefined if no project could hold it. */
  analyze(file: string, text: string, run: AnalyzeOptions = {}): FileResult | undefined {
    this.lastReuse = undefined;
    if (this.tooLarge(text)) {
      const message = `Async Lens skipped this file: it is larger than ${this.maxFileSize} bytes (asyncLens.maxFileSize).`;
      return { file, findings: [], notices: [{ kind: "skipped", message }], lineStarts: [0] };
    }
    return this.withProject(file, text, (project, sourceFile) => {
      if (!project || !sourceFile) return undefined;
      const kept = this.options.reuse === false ? undefined : this.memory.get(file);
      const reuse = this.startReuse(file, project, sourceFile, kept?.project === project.configFile ? kept?.answers : undefined);
      this.memory.delete(file); // until this analysis has finished
      const result = analyzeSourceFile({
        fileName: file,
        sourceFile,
        types: reuse.types,
        rules: this.rules,
        ...(run.shouldStop ? { shouldStop: run.shouldStop } : {}),
        ...(run.dependencies ? { dependencies: run.dependencies } : {}),
      });
      this.memory.set(file, { project: project.configFile, answers: reuse.answers() });
      this.lastReuse = reuse.outcome;
      // A broken tsconfig changes what the compiler knows (options, files): say so where the user looks.
      const configErrors = project.configDiagnostics();
      if (configErrors.length > 0 && project.configFile) {
        const first = configErrors[0]!;
        const more = configErrors.length > 1 ? ` (and ${configErrors.length - 1} more)` : "";
        result.notices.push({ kind: "config", message: `${path.basename(first.file)} has errors: ${first.message}${more}. Analysis goes on with what could be read.` });
      }
      return result;
    }, run.shouldStop);
  }

  /**
   * Runs `use` with the file's project, tree and a type oracle that answers from what the last analysis
   * of this same text kept (CodeLens and the explainer ask about the nodes the rules asked about), and
   * keeps what it asks in turn. Without such an analysis, the project's own oracle.
   */
  withTypes<T>(file: string, text: string, use: (project: EngineProject | undefined, sourceFile: SourceFile | undefined, types: TypeOracle | undefined) => T): T {
    return this.withProject(file, text, (project, sourceFile) => {
      if (!project || !sourceFile) return use(project, sourceFile, undefined);
      const kept = this.memory.get(file);
      if (this.options.reuse === false || !kept || kept.project !== project.configFile || kept.answers.text !== text) return use(project, sourceFile, project.oracle());
      // The same text, nothing else changed since (what was kept would be gone): every statement's answers hold.
      const reuse = this.startReuse(file, project, sourceFile, kept.answers);
      const out = use(project, sourceFile, reuse.types);
      this.memory.set(file, { project: project.configFile, answers: reuse.answers() });
      return out;
    });
  }

  /** A reuse session for one analysis of `file` on the project's current oracle (analyzer/reuse.ts). */
  private startReuse(file: string, project: EngineProject, sourceFile: SourceFile, previous: FileAnswers | undefined) {
    const js = /\.[cm]?jsx?$/i.test(file);
    return startReuse(sourceFile, project.oracle(), previous, (names) => this.exportsComeBack(project, file, sourceFile, names), js, (other) => project.sourceFile(other));
  }

  /**
   * Gives the compiler `text` as `file`'s content and runs `use` with the file's project. A compiler
   * that died is replaced and `use` run again: a death during `use` leaves types unanswered (the oracle
   * treats them as unknown), so its answer may be incomplete; one round trip tells.
   */
  withProject<T>(file: string, text: string, use: (project: EngineProject | undefined, sourceFile: SourceFile | undefined) => T, shouldStop?: () => boolean): T {
    const previous = this.overlay.get(file);
    this.overlay.set(file, text);
    // A compiler that died between two analyses is replaced before it is used.
    if (this.engine && !this.engine.alive()) this.restart("before an analysis");
    try {
      const result = this.once(file, text, previous, use, shouldStop);
      if (this.engine && !this.engine.alive()) {
        this.restart("during an analysis");
        return this.once(file, text, text, use, shouldStop);
      }
      return result;
    } catch (e) {
      if (!this.engine || this.engine.alive()) throw e;
      this.restart(`during an analysis (${(e as Error).message.split("\n")[0]})`);
      return this.once(file, text, text, use, shouldStop);
    }
  }

  /** The editor closed `file`: the compiler must see it as it is on disk again. */
  close(file: string): void {
    const had = this.overlay.get(file);
    this.overlay.delete(file);
    this.memory.delete(file);
    if (!this.analysed.has(file)) return;
    this.analysed.delete(file);
    try {
      // Unsaved text goes: the compiler sees the file as on disk again, and so must files importing it.
      if (had !== undefined && had !== readDisk(file)) {
        this.othersChanged(file);
        this.host?.changed(file);
        this.onChanged(file);
      }
      // A loose file leaves the inferred project.
      this.host?.forget(file);
    } catch (e) {
      // A dead compiler is replaced on the next analysis; nothing to tell it now.
      if (this.engine?.alive() !== false) throw e;
    }
  }

  /**
   * Files changed on disk. A changed project file (tsconfig, even one edited to garbage) starts
   * over with a new engine, which opens projects afresh; sources are re-read by the current one.
   */
  filesChanged(changes: { projects: boolean; created: readonly string[]; changed: readonly string[]; deleted: readonly string[] }): void {
    if (changes.projects) {
      this.dispose();
      return;
    }
    if (!this.engine) return;
    // Open files keep their editor text; the others are as on disk now.
    const notOpen = (f: string) => !this.overlay.has(f);
    const changed = changes.changed.filter(notOpen);
    const deleted = changes.deleted.filter(notOpen);
    const created = changes.created.filter(notOpen);
    if (changed.length + deleted.length + created.length === 0) return;
    this.othersChanged(undefined);
    try {
      this.engine.filesChanged(changed, deleted, created);
    } catch (e) {
      if (this.engine.alive()) throw e;
      this.restart("while reading changed files");
    }
  }

  dispose(): void {
    this.othersChanged(undefined);
    const pid = this.engine?.compilerPid;
    this.engine?.close();
    if (pid !== undefined) this.options.onCompiler?.(pid, false);
    this.engine = undefined;
    this.host = undefined;
    this.analysed.clear();
  }

  private once<T>(file: string, text: string, previous: string | undefined, use: (project: EngineProject | undefined, sourceFile: SourceFile | undefined) => T, shouldStop?: () => boolean): T {
    const hadCompiler = this.host !== undefined;
    const projects = this.getHost();
    // The compiler reads open files through the overlay, but keeps what it read: it must hear when that
    // differs from now. A file analysed before: if its text changed. A file new to a running compiler (which
    // may have read it from disk for another file, or before the editor closed and reopened it): if the
    // buffer differs from the disk.
    const known = this.analysed.has(file);
    this.analysed.add(file);
    if (known && previous !== text) {
      this.othersChanged(file);
      projects.changed(file);
    }
    let project = projects.projectFor(file);
    const newAndDifferent = !known && hadCompiler && text !== readDisk(file);
    if (newAndDifferent) {
      this.othersChanged(file);
      projects.changed(file); // known to the host now that projectFor found its home
      project = projects.projectFor(file);
    }
    if ((known && previous !== text) || newAndDifferent) this.onChanged(file);
    if (shouldStop?.()) throw new AnalysisStopped();
    return use(project, project?.sourceFile(file));
  }

  /** `file` (or, when undefined, any file) changed for the compiler: what other files kept may be wrong now. */
  private othersChanged(file: string | undefined): void {
    for (const f of [...this.memory.keys()]) if (f !== file) this.memory.delete(f);
    // The file's own entry stays: it is keyed by its imports, the only part of the graph its edit can change.
    for (const f of [...this.cycles.keys()]) if (f !== file) this.cycles.delete(f);
  }

  /**
   * Whether exported `names` of `file` may come back into it: some file it imports, directly or through
   * other files of its project, imports it back (an import cycle), and one of the files it reaches names
   * one of them, or takes the whole module, this one or one re-exporting it (`import * as`, `export * as`,
   * `import()`, `require` of a path ending in its name; `export * from` only passes names on). Text is
   * enough: a file cannot use an export without writing its name or taking the module whole. Files are
   * followed up to a bound, past which the answer is yes.
   */
  private exportsComeBack(project: EngineProject, file: string, sourceFile: SourceFile, names: readonly string[]): boolean {
    const imports = sourceFile.imports.map((i) => (i as { text?: string }).text ?? "").join("\n");
    let known = this.cycles.get(file);
    if (!known || known.imports !== imports) {
      known = { imports, ...this.importClosure(project, file) };
      this.cycles.set(file, known);
    }
    if (!known.cycle) return false;
    return known.words === "all" || names.some((n) => (known.words as Set<string>).has(n));
  }

  private importClosure(project: EngineProject, file: string): { cycle: boolean; words: Set<string> | "all" } {
    const seen = new Set<string>();
    const stack = [...(project.importedFiles(file) ?? [])];
    let cycle = false;
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === file) {
        cycle = true;
        continue;
      }
      if (seen.has(next)) continue;
      if (seen.size >= MAX_CYCLE_SEARCH) return { cycle: true, words: "all" };
      seen.add(next);
      for (const f of project.importedFiles(next) ?? []) if (!seen.has(f)) stack.push(f);
    }
    // Without a cycle nothing comes back, and the files' words are never consulted.
    if (!cycle) return { cycle, words: new Set() };
    const words = new Set<string>();
    // Per file reached: the modules it re-exports with `export * from` and those it takes whole, by stem.
    const reexports: { stems: string[]; star: string[]; whole: string[] }[] = [];
    for (const next of seen) {
      const text = project.sourceFile(next)?.text ?? "";
      for (const w of wordsOf(text)) words.add(w);
      const star: string[] = [];
      const whole: string[] = [];
      for (const m of text.matchAll(MODULE_TAKEN)) (m[1] ? star : whole).push(specStem(m[2] ?? m[3] ?? m[4] ?? ""));
      if (star.length + whole.length > 0) reexports.push({ stems: stemsOf(next), star, whole });
    }
    // `export * from` passes names on (whoever uses one writes it); a module taken whole (`import * as`,
    // `export * as`, `import()`) hands on every export anonymously, this file's or a re-exporter's.
    const carriers = new Set(stemsOf(file));
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of reexports) {
        if (r.star.some((s) => carriers.has(s))) for (const s of r.stems) if (!carriers.has(s)) carriers.add(s), (grew = true);
      }
    }
    return { cycle, words: reexports.some((r) => r.whole.some((s) => carriers.has(s))) ? "all" : words };
  }

  private getHost(): ProjectHost {
    if (!this.host) {
      this.engine = new Engine({
        cwd: this.rootPath,
        readOverlay: (fileName) => this.overlay.get(fileName),
        ...(this.options.compilerPath ? { compilerPath: this.options.compilerPath } : {}),
      });
      this.host = new ProjectHost(this.engine, this.rootPath, (file, message) => this.log("info", `${file}: ${message}`));
      this.log("info", `TypeScript 7 compiler ${this.engine.compilerPath} (pid ${this.engine.compilerPid}), workspace folder ${this.rootPath}`);
      if (this.engine.compilerPid !== undefined) this.options.onCompiler?.(this.engine.compilerPid, true);
    }
    return this.host;
  }

  private restart(when: string): void {
    const pid = this.engine?.compilerPid;
    this.restarts++;
    this.log("error", `The TypeScript compiler (pid ${pid}) stopped ${when}; starting a new one.`);
    this.dispose();
  }
}

/** Files an import-cycle search follows before it answers yes (a large project costs about 0.6 ms a file). */
const MAX_CYCLE_SEARCH = 5000;
/** `export * from "x"` (group 1 set), or a module taken whole: `export * as n from "x"`, `import * as n from "x"`, `import("x")`, `require("x")`. */
const MODULE_TAKEN = /(?:(export\s*\*)\s*from|(?:export\s*\*\s*as\s+[\w$]+|import\s*\*\s*as\s+[\w$]+)\s*from)\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']/g;

/** The last segment of a module specifier, without an extension: what a file's stems are compared with. */
function specStem(spec: string): string {
  return (spec.split("/").pop() ?? "").replace(/\.[cm]?[jt]sx?$/, "");
}

/** The names a specifier can reach a file by: its base name, and its folder's for an index file. */
function stemsOf(file: string): string[] {
  const stem = path.basename(file).replace(/\.[^.]*$/, "");
  return stem === "index" ? [stem, path.basename(path.dirname(file))] : [stem];
}

function readDisk(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // a new, unsaved file
  }
}
