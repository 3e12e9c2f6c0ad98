// The compiler process and its projects, behind the small `Engine` interface the rest of
// Async Lens uses. Everything that starts, feeds or queries TypeScript 7 lives in this folder.
import { API } from "typescript/unstable/sync";
import type { Project, Snapshot, Diagnostic, Symbol as TsSymbol } from "typescript/unstable/sync";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { locateCompiler, type CompilerBinary } from "./binary.js";
import { Ts7TypeOracle, type TypeOracle } from "./oracle.js";
import type { SourceFile } from "./syntax.js";

export interface EngineOptions {
  cwd: string;
  /** Explicit path of the native `tsc`; found automatically otherwise. */
  compilerPath?: string;
  /** Unsaved editor text: return a file's content, or undefined to read it from disk. */
  readOverlay?: (fileName: string) => string | undefined;
}

/** A message about a file that is not a rule finding (syntax error, config error, skipped file). */
export interface EngineDiagnostic {
  file: string;
  start: number;
  end: number;
  message: string;
}

export interface EngineProject {
  /** The tsconfig.json, or undefined for the inferred project of loose files. */
  readonly configFile: string | undefined;
  /** Files of the program that are the user's own sources (no libs, no node_modules, no .d.ts). */
  ownSourceFiles(): string[];
  sourceFile(fileName: string): SourceFile | undefined;
  /** A type oracle valid until the next snapshot. */
  oracle(): TypeOracle;
  configDiagnostics(): EngineDiagnostic[];
  /** Parse errors of the project's own files, by file. */
  syntaxDiagnostics(): Map<string, EngineDiagnostic[]>;
  /**
   * The project's own source files that `fileName` imports or re-exports (static, dynamic and `import()`
   * type specifiers), as the compiler resolved them; undefined when the file is not in the program.
   */
  importedFiles(fileName: string): string[] | undefined;
  /** Syntax and type errors of one file (one round trip each): to check that an edit broke nothing. */
  errorCounts(fileName: string): { syntactic: number; semantic: number };
}

/**
 * Files in no tsconfig get a project of their own. TypeScript 7.0.2's `openFiles` would make one,
 * but it never re-reads such a file after an edit, so we write a private tsconfig listing them
 * (outside the workspace) and open it like any other project; edits then reach it normally.
 */
const INFERRED_OPTIONS = {
  allowJs: true,
  strictNullChecks: true,
  strictFunctionTypes: true,
  target: "esnext",
  module: "esnext",
  moduleResolution: "bundler",
  jsx: "react-jsx",
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  noEmit: true,
  skipLibCheck: true,
};

export class Engine {
  private readonly api: API;
  private readonly binary: CompilerBinary;
  private snapshot: Snapshot | undefined;
  private readonly projectCache = new Map<string, Ts7Project>();
  private readonly openConfigs = new Set<string>();
  private readonly looseFiles = new Set<string>();
  private inferredDir: string | undefined;

  constructor(private readonly options: EngineOptions) {
    this.binary = locateCompiler(options.compilerPath);
    const overlay = options.readOverlay;
    this.api = new API({
      cwd: options.cwd,
      tsserverPath: this.binary.exe,
      ...(overlay ? { fs: { readFile: (f: string) => overlay(f) } } : {}),
    });
  }

  /** The native compiler this engine runs. */
  get compilerPath(): string {
    return this.binary.exe;
  }

  /** The compiler's process id (for logs and fault tests). */
  get compilerPid(): number | undefined {
    return compilerProcess(this.api)?.pid;
  }

  /**
   * Whether the compiler process still answers. A killed compiler makes every later call throw
   * (a closed pipe); callers check this after a failure to tell a dead compiler from a bad input.
   */
  alive(): boolean {
    const child = compilerProcess(this.api);
    if (child && (child.exitCode !== null || child.signalCode !== null)) return false;
    try {
      echo(this.api, "ping");
      return true;
    } catch {
      return false;
    }
  }

  /** Opens tsconfig projects (which must exist) and loose files (which get the inferred project). */
  open(configFiles: readonly string[], looseFiles: readonly string[] = []): void {
    const newConfigs = configFiles.filter((c) => !this.openConfigs.has(c));
    const newLoose = looseFiles.filter((f) => !this.looseFiles.has(f));
    if (newConfigs.length === 0 && newLoose.length === 0 && this.snapshot) return;
    const openProjects = [...newConfigs];
    const changed: string[] = [];
    if (newLoose.length) {
      newLoose.forEach((f) => this.looseFiles.add(f));
      const config = this.writeInferredConfig();
      if (this.openConfigs.has(config)) changed.push(config);
      else openProjects.push(config);
    }
    openProjects.forEach((c) => this.openConfigs.add(c));
    this.replaceSnapshot(
      this.api.updateSnapshot({
        ...(openProjects.length ? { openProjects } : {}),
        ...(changed.length ? { fileChanges: { changed } } : {}),
      }),
    );
  }

  /**
   * Loose files the editor closed leave the inferred project (so it does not grow with every file
   * ever opened). The project is rebuilt at the next loose file's opening, which rebuilds it anyway:
   * a rebuild per close would double the cost of loose files.
   */
  closeLoose(files: readonly string[]): void {
    for (const f of files) this.looseFiles.delete(f);
  }

  /** The inferred project's tsconfig, rewritten to list the current loose files. */
  private writeInferredConfig(): string {
    this.inferredDir ??= mkdtempSync(path.join(os.tmpdir(), "async-lens-inferred-"));
    const config = path.join(this.inferredDir, "tsconfig.json");
    const typeRoots = [path.join(this.options.cwd, "node_modules", "@types")];
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...INFERRED_OPTIONS, typeRoots }, files: [...this.looseFiles] }, null, 2));
    return config;
  }

  /** Tells the compiler that files changed on disk or in the overlay. */
  filesChanged(changed: readonly string[], deleted: readonly string[] = [], created: readonly string[] = []): void {
    this.replaceSnapshot(this.api.updateSnapshot({ fileChanges: { changed: [...changed], deleted: [...deleted], created: [...created] } }));
  }

  projects(): EngineProject[] {
    const snapshot = this.requireSnapshot();
    return snapshot.getProjects().map((p) => this.wrap(p));
  }

  /** The project a file belongs to (configured if any, else inferred), after it was opened. */
  projectForFile(fileName: string): EngineProject | undefined {
    const snapshot = this.requireSnapshot();
    if (this.looseFiles.has(fileName) && this.inferredDir) {
      const inferred = snapshot.getProject(path.join(this.inferredDir, "tsconfig.json"));
      if (inferred) return this.wrap(inferred);
    }
    const p = snapshot.getDefaultProjectForFile(fileName);
    return p && this.wrap(p);
  }

  close(): void {
    try {
      this.snapshot?.dispose();
    } catch {
      // the compiler is already gone (killed or crashed): nothing to release
    }
    this.snapshot = undefined;
    this.api.close();
    if (this.inferredDir) rmSync(this.inferredDir, { recursive: true, force: true });
  }

  private replaceSnapshot(next: Snapshot): void {
    this.snapshot?.dispose();
    this.snapshot = next;
    this.projectCache.clear();
  }

  private requireSnapshot(): Snapshot {
    if (!this.snapshot) throw new Error("Engine: no snapshot yet; call open() first");
    return this.snapshot;
  }

  private wrap(project: Project): Ts7Project {
    let w = this.projectCache.get(project.id);
    if (!w) {
      const inferred = !!this.inferredDir && path.dirname(project.configFileName) === this.inferredDir;
      w = new Ts7Project(project, this.binary.libDir, this.options.cwd, inferred);
      this.projectCache.set(project.id, w);
    }
    return w;
  }
}

// TypeScript 7.0.2's sync API keeps its child process and its echo request on internal objects;
// the version is pinned, and both helpers degrade to "unknown" if the shape ever changes.
interface ApiInternals {
  client?: { channel?: { child?: ChildProcess }; echo?: (payload: string) => string };
}

function compilerProcess(api: API): ChildProcess | undefined {
  return (api as unknown as ApiInternals).client?.channel?.child;
}

function echo(api: API, payload: string): void {
  const client = (api as unknown as ApiInternals).client;
  if (typeof client?.echo !== "function") throw new Error("no echo request in this TypeScript API");
  client.echo(payload);
}

/** The inferred project's id has no real config file behind it. */
function isRealConfig(configFileName: string): boolean {
  return /\.json$/i.test(configFileName) && !configFileName.startsWith("/dev/null/");
}

const OWN_SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const DECLARATION = /\.d\.(ts|mts|cts)$|\.d\.[^/]*\.ts$/i;

class Ts7Project implements EngineProject {
  readonly configFile: string | undefined;
  private oracleInstance: TypeOracle | undefined;

  constructor(
    private readonly project: Project,
    private readonly libDir: string,
    private readonly cwd: string,
    inferred: boolean,
  ) {
    this.configFile = !inferred && isRealConfig(project.configFileName) ? project.configFileName : undefined;
  }

  ownSourceFiles(): string[] {
    return this.project.program.getSourceFileNames().filter((f) => this.isOwnSource(f));
  }

  private isOwnSource(f: string): boolean {
    return OWN_SOURCE.test(f) && !DECLARATION.test(f) && !f.includes("/node_modules/") && path.dirname(f) !== this.libDir;
  }

  importedFiles(fileName: string): string[] | undefined {
    const sourceFile = this.sourceFile(fileName);
    if (!sourceFile) return undefined;
    const specifiers = sourceFile.imports;
    if (specifiers.length === 0) return [];
    // A module specifier's symbol is the module, declared by the file it resolved to: one batched query.
    let modules: (TsSymbol | undefined)[];
    try {
      modules = this.project.checker.getSymbolAtLocation(specifiers);
    } catch {
      // One failing node fails the batch (as in the oracle's prefetch): ask one by one.
      modules = specifiers.map((n) => {
        try {
          return this.project.checker.getSymbolAtLocation(n);
        } catch {
          return undefined;
        }
      });
    }
    const files = new Set<string>();
    for (const m of modules) for (const d of m?.declarations ?? []) if (this.isOwnSource(String(d.path))) files.add(String(d.path));
    files.delete(fileName);
    return [...files];
  }

  sourceFile(fileName: string): SourceFile | undefined {
    return this.project.program.getSourceFile(fileName) as SourceFile | undefined;
  }

  oracle(): TypeOracle {
    this.oracleInstance ??= new Ts7TypeOracle(this.project.checker, {
      libDir: this.libDir,
      projectDir: this.configFile ? path.dirname(this.configFile) : this.cwd,
    });
    return this.oracleInstance;
  }

  configDiagnostics(): EngineDiagnostic[] {
    if (!this.configFile) return [];
    return this.project.program.getConfigFileParsingDiagnostics().map((d) => toEngineDiagnostic(d, this.configFile!));
  }

  errorCounts(fileName: string): { syntactic: number; semantic: number } {
    return {
      syntactic: this.project.program.getSyntacticDiagnostics(fileName).length,
      semantic: this.project.program.getSemanticDiagnostics(fileName).length,
    };
  }

  syntaxDiagnostics(): Map<string, EngineDiagnostic[]> {
    const byFile = new Map<string, EngineDiagnostic[]>();
    for (const d of this.project.program.getSyntacticDiagnostics()) {
      if (!d.fileName) continue;
      const list = byFile.get(d.fileName) ?? [];
      list.push(toEngineDiagnostic(d, d.fileName));
      byFile.set(d.fileName, list);
    }
    return byFile;
  }
}

function toEngineDiagnostic(d: Diagnostic, fallbackFile: string): EngineDiagnostic {
  return { file: d.fileName ?? fallbackFile, start: d.pos, end: d.end, message: d.text };
}
