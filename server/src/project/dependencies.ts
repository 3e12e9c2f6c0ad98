// The packages a file's nearest package.json depends on, handed to the analyser as plain data (fixes
// use p-map or p-limit when the project has them). Cached per package.json, re-read when it changes.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

const EMPTY: ReadonlySet<string> = new Set();
const FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

export class DependencyCache {
  /** folder -> its nearest package.json (null: none up to the root) */
  private readonly nearest = new Map<string, string | null>();
  private readonly manifests = new Map<string, { mtimeMs: number; size: number; names: ReadonlySet<string> }>();

  /** A package.json was created, changed or deleted: where each folder's nearest one is may have changed. */
  clear(): void {
    this.nearest.clear();
    this.manifests.clear();
  }

  /** Names of every kind of dependency in the nearest package.json at or above `file`'s folder. */
  forFile(file: string): ReadonlySet<string> {
    const manifest = this.find(path.dirname(path.resolve(file)));
    return manifest ? this.read(manifest) : EMPTY;
  }

  private find(dir: string): string | null {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    const candidate = path.join(dir, "package.json");
    if (isFile(candidate)) found = candidate;
    else {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.find(parent);
    }
    this.nearest.set(dir, found);
    return found;
  }

  private read(manifest: string): ReadonlySet<string> {
    let stat;
    try {
      stat = statSync(manifest);
    } catch {
      return EMPTY; // deleted since it was found
    }
    const cached = this.manifests.get(manifest);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.names;
    const names = new Set<string>();
    try {
      const json: unknown = JSON.parse(readFileSync(manifest, "utf8"));
      for (const field of FIELDS) {
        const deps = (json as Record<string, unknown> | null)?.[field];
        if (deps && typeof deps === "object" && !Array.isArray(deps)) for (const name of Object.keys(deps)) names.add(name);
      }
    } catch {
      // A broken package.json offers no packages; the fixes fall back to a local helper.
    }
    this.manifests.set(manifest, { mtimeMs: stat.mtimeMs, size: stat.size, names });
    return names;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
