// A temporary TypeScript project for explainer tests: files are written once, one compiler process
// serves every case, and `explain` returns the model for the function around a marker.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Engine, type EngineProject } from "../ts/engine.js";
import { explainAt, type ExplainOutput } from "../explain/explain.js";
import { resolveRules } from "../config.js";

export class ExplainProject {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-explain-"));
  private engine: Engine | undefined;
  private project: EngineProject | undefined;

  /** Writes `files` (relative paths) and starts the compiler on them. */
  open(files: Record<string, string>): void {
    mkdirSync(path.join(this.dir, "src"), { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true });
      writeFileSync(path.join(this.dir, name), text);
    }
    writeFileSync(
      path.join(this.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "es2022", lib: ["es2023", "dom"], module: "esnext", moduleResolution: "bundler", strict: true, noEmit: true, skipLibCheck: true, types: [] },
        include: ["src"],
      }),
    );
    this.engine = new Engine({ cwd: this.dir });
    this.engine.open([path.join(this.dir, "tsconfig.json")]);
    this.project = this.engine.projects()[0];
  }

  /** The model for the function around the first occurrence of `marker` in `file` (every rule on, as in the editor). */
  explain(file: string, marker: string, options: { focus?: { ruleId: string; start: number }; assumedN?: number; offsetInMarker?: number } = {}): ExplainOutput {
    const fileName = path.join(this.dir, file);
    const sourceFile = this.project!.sourceFile(fileName);
    if (!sourceFile) throw new Error(`the project did not load ${file}`);
    const at = sourceFile.text.indexOf(marker);
    if (at < 0) throw new Error(`'${marker}' is not in ${file}`);
    return explainAt({
      fileName,
      uri: pathToFileURL(fileName).href,
      version: 1,
      sourceFile,
      types: this.project!.oracle(),
      rules: resolveRules([{ rules: { "sequential-await-in-loop": "info" } }], "editor"),
      offset: at + (options.offsetInMarker ?? 0),
      ...(options.focus ? { focus: options.focus } : {}),
      ...(options.assumedN ? { assumedN: options.assumedN } : {}),
    });
  }

  text(file: string): string {
    return this.project!.sourceFile(path.join(this.dir, file))!.text;
  }

  close(): void {
    this.engine?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
