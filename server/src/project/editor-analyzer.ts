// The editor's analyses: unsaved text of open files served to one long-lived compiler process,
// projects opened as files are first seen, and recovery when that compiler dies (killed, crashed,
// out of memory): the engine is replaced and the analysis made again, so the editor keeps working.
import path from "node:path";
import { Engine } from "../analyzer/ts/engine.js";
import { analyzeSourceFile, type EnabledRule } from "../analyzer/analyze.js";
import { DEFAULT_MAX_FILE_SIZE, resolveRules } from "../analyzer/config.js";
import { ProjectHost } from "./host.js";
import type { FileResult } from "../analyzer/types.js";

export interface EditorAnalyzerOptions {
  rootPath: string;
  rules?: EnabledRule[];
  maxFileSize?: number;
  log?: (level: "info" | "error", message: string) => void;
  /** Explicit compiler binary (tests); found automatically otherwise. */
  compilerPath?: string;
}

export class EditorAnalyzer {
  rootPath: string;
  rules: EnabledRule[];
  maxFileSize: number;
  /** Times the compiler was found dead and replaced. */
  restarts = 0;
  private readonly overlay = new Map<string, string>();
  /** Files the current engine has read (a later analysis must tell it they changed). */
  private readonly analysed = new Set<string>();
  private engine: Engine | undefined;
  private host: ProjectHost | undefined;
  private readonly log: (level: "info" | "error", message: string) => void;

  constructor(private readonly options: EditorAnalyzerOptions) {
    this.rootPath = options.rootPath;
    this.rules = options.rules ?? resolveRules([], "editor");
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.log = options.log ?? (() => {});
  }

  /** The compiler process of the current engine, if one is running. */
  get compilerPid(): number | undefined {
    return this.engine?.compilerPid;
  }

  /** Analyses `text` as the content of `file`; undefined if no project could hold it. */
  analyze(file: string, text: string): FileResult | undefined {
    // The limit is in bytes of UTF-8, as on disk; a string is at most 3 bytes per UTF-16 unit.
    if (text.length * 3 > this.maxFileSize && Buffer.byteLength(text, "utf8") > this.maxFileSize) {
      const message = `Async Lens skipped this file: it is larger than ${this.maxFileSize} bytes (asyncLens.maxFileSize).`;
      return { file, findings: [], notices: [{ kind: "skipped", message }], lineStarts: [0] };
    }
    this.overlay.set(file, text);
    // A compiler that died between two analyses is replaced before it is used.
    if (this.engine && !this.engine.alive()) this.restart("before an analysis");
    try {
      const result = this.analyzeOnce(file);
      // A compiler that dies during an analysis leaves types unanswered (the oracle treats them as
      // unknown), so the result may miss findings: one round trip tells, and the analysis is made again.
      if (this.engine && !this.engine.alive()) {
        this.restart("during an analysis");
        return this.analyzeOnce(file);
      }
      return result;
    } catch (e) {
      if (!this.engine || this.engine.alive()) throw e;
      this.restart(`during an analysis (${(e as Error).message.split("\n")[0]})`);
      return this.analyzeOnce(file);
    }
  }

  /** The editor closed `file`: the compiler must see it as it is on disk again. */
  close(file: string): void {
    this.overlay.delete(file);
    if (!this.analysed.has(file)) return;
    this.analysed.delete(file);
    try {
      // The compiler sees the file as on disk again; a loose file leaves the inferred project.
      this.host?.changed(file);
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
    try {
      this.engine.filesChanged(changed, deleted, created);
    } catch (e) {
      if (this.engine.alive()) throw e;
      this.restart("while reading changed files");
    }
  }

  dispose(): void {
    this.engine?.close();
    this.engine = undefined;
    this.host = undefined;
    this.analysed.clear();
  }

  private analyzeOnce(file: string): FileResult | undefined {
    const fresh = !this.engine;
    const projects = this.getHost();
    // The compiler may have read this file from disk already (as part of a project opened for
    // another file, or before the editor closed and reopened it): it must re-read it through the
    // overlay. Only a brand-new engine has certainly not read it.
    if (this.analysed.has(file)) projects.changed(file);
    else if (!fresh) this.engine!.filesChanged([file]);
    this.analysed.add(file);
    const project = projects.projectFor(file);
    const sourceFile = project?.sourceFile(file);
    if (!project || !sourceFile) return undefined;
    const result = analyzeSourceFile({ fileName: file, sourceFile, types: project.oracle(), rules: this.rules });
    // A broken tsconfig changes what the compiler knows (options, files): say so where the user looks.
    const configErrors = project.configDiagnostics();
    if (configErrors.length > 0 && project.configFile) {
      const first = configErrors[0]!;
      const more = configErrors.length > 1 ? ` (and ${configErrors.length - 1} more)` : "";
      result.notices.push({ kind: "config", message: `${path.basename(first.file)} has errors: ${first.message}${more}. Analysis goes on with what could be read.` });
    }
    return result;
  }

  private getHost(): ProjectHost {
    if (!this.host) {
      this.engine = new Engine({
        cwd: this.rootPath,
        readOverlay: (fileName) => this.overlay.get(fileName),
        ...(this.options.compilerPath ? { compilerPath: this.options.compilerPath } : {}),
      });
      this.host = new ProjectHost(this.engine, this.rootPath, (file, message) => this.log("info", `${file}: ${message}`));
      this.log("info", `TypeScript 7 compiler ${this.engine.compilerPath} (pid ${this.engine.compilerPid}), workspace ${this.rootPath}`);
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
