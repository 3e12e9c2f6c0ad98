// Keeps the projects of the files an editor has open: the first time a file is seen its
// tsconfig (and that config's references) are opened, or it joins the inferred project;
// after that, edits only tell the engine which file changed.
import type { Engine, EngineProject } from "../analyzer/ts/engine.js";
import { discover } from "./discover.js";

export class ProjectHost {
  /** file -> its tsconfig, or null for the inferred project */
  private readonly homes = new Map<string, string | null>();

  constructor(
    private readonly engine: Engine,
    private readonly cwd: string,
    /** Discovery messages (a reference not followed, …), for the log. */
    private readonly onMessage: (file: string, message: string) => void = () => {},
  ) {}

  /** The project to analyse `file` in, opening what it needs. */
  projectFor(file: string): EngineProject | undefined {
    let home = this.homes.get(file);
    if (home === undefined) {
      home = this.findHome(file);
      this.homes.set(file, home);
    }
    if (home === null) return this.engine.projectForFile(file);
    return this.engine.projects().find((p) => p.configFile === home);
  }

  /** The text of `file` changed (in the editor or on disk). */
  changed(file: string): void {
    if (this.homes.has(file)) this.engine.filesChanged([file]);
  }

  /** The editor closed `file`: forget where it lived, and take it out of the inferred project. */
  forget(file: string): void {
    const home = this.homes.get(file);
    this.homes.delete(file);
    if (home === null) this.engine.closeLoose([file]);
  }

  private findHome(file: string): string | null {
    // Only projects inside the workspace folder are opened: a tsconfig above it, or a reference
    // leading out of it, is not followed (the file then gets the inferred project).
    const { configs, messages } = discover([file], this.cwd, [], { confineTo: this.cwd });
    for (const m of messages) this.onMessage(m.file, m.message);
    if (configs.length) {
      this.engine.open(configs);
      // The most specific config whose program holds the file.
      const candidates = this.engine.projects().filter((p) => p.configFile && configs.includes(p.configFile));
      candidates.sort((a, b) => b.configFile!.length - a.configFile!.length);
      const home = candidates.find((p) => p.sourceFile(file) !== undefined);
      if (home) return home.configFile!;
    }
    this.engine.open([], [file]);
    return null;
  }
}
