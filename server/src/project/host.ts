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

  private findHome(file: string): string | null {
    const { configs } = discover([file], this.cwd);
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
