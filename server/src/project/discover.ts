// Finds what to analyse: tsconfig projects (with their references) and source files, from the
// paths a user names. Only the file system is read here; the compiler is not involved.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseJsonc } from "./jsonc.js";
import { isInside } from "./confine.js";

export const TS_SOURCE = /\.(ts|tsx|mts|cts)$/i;
export const ANY_SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
export const DECLARATION = /\.d\.(ts|mts|cts)$|\.d\.[^/\\]*\.ts$/i;
const SKIP_DIRS = new Set(["node_modules", "bower_components"]);

export interface DiscoveryMessage {
  file: string;
  message: string;
}

export interface Discovery {
  /** tsconfig files to open, references expanded, each existing. */
  configs: string[];
  /** Source files found by walking the paths (TypeScript always; JavaScript only if named directly). */
  files: string[];
  /** The absolute paths the user named (files and folders). */
  roots: string[];
  messages: DiscoveryMessage[];
}

export class UsageError extends Error {}

export interface DiscoverOptions {
  /** Follow project references only inside this folder (the editor's workspace folder). */
  confineTo?: string;
}

export function discover(paths: readonly string[], cwd: string, explicitProjects: readonly string[] = [], options: DiscoverOptions = {}): Discovery {
  const roots = (paths.length ? paths : ["."]).map((p) => path.resolve(cwd, p));
  for (const r of roots) if (!existsSync(r)) throw new UsageError(`No such file or directory: ${r}`);
  const messages: DiscoveryMessage[] = [];
  const configs = new Set<string>();

  const addConfig = (file: string, seen: Set<string>) => {
    if (seen.has(file)) return;
    seen.add(file);
    configs.add(file);
    for (const ref of readReferences(file)) {
      const target = existsSync(ref) && statSync(ref).isDirectory() ? path.join(ref, "tsconfig.json") : ref;
      if (options.confineTo !== undefined && !isInside(options.confineTo, target)) {
        messages.push({ file, message: `Referenced project ${target} is outside the workspace folder; it is not followed.` });
      } else if (existsSync(target)) addConfig(target, seen);
      else messages.push({ file, message: `Referenced project ${target} does not exist; it is skipped.` });
    }
  };

  const seen = new Set<string>();
  if (explicitProjects.length) {
    for (const p of explicitProjects) {
      let file = path.resolve(cwd, p);
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "tsconfig.json");
      if (!existsSync(file)) throw new UsageError(`Project file not found: ${file}`);
      addConfig(file, seen);
    }
  } else {
    for (const r of roots) {
      const nearest = findUp(statSync(r).isDirectory() ? r : path.dirname(r), "tsconfig.json");
      if (nearest && (options.confineTo === undefined || isInside(options.confineTo, nearest))) addConfig(nearest, seen);
    }
  }

  const files: string[] = [];
  // `--project` alone means that project's files: no sweep of the folder for loose files.
  const sweep = explicitProjects.length === 0 || paths.length > 0;
  for (const r of sweep ? roots : []) {
    if (statSync(r).isFile()) {
      if (ANY_SOURCE.test(r)) files.push(r);
      else messages.push({ file: r, message: "Not a TypeScript or JavaScript file; skipped." });
      continue;
    }
    walkDir(r, (file) => {
      if (TS_SOURCE.test(file) && !DECLARATION.test(file)) files.push(file);
      else if (!explicitProjects.length && path.basename(file) === "tsconfig.json") addConfig(file, seen);
    });
  }
  return { configs: [...configs], files: [...new Set(files)], roots, messages };
}

function walkDir(dir: string, onFile: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkDir(p, onFile);
    else if (e.isFile()) onFile(p);
  }
}

function findUp(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The `references` of a tsconfig; a broken file yields none (the compiler reports its errors with positions). */
function readReferences(file: string): string[] {
  let json: unknown;
  try {
    json = parseJsonc(readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  const refs = (json as { references?: unknown })?.references;
  if (!Array.isArray(refs)) return [];
  return refs
    .map((r) => (r as { path?: unknown })?.path)
    .filter((p): p is string => typeof p === "string")
    .map((p) => path.resolve(path.dirname(file), p));
}

/** Whether `file` is `root` or below it. */
export function isUnder(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
