// Files changed on disk, as the client's watcher reports them (workspace/didChangeWatchedFiles):
// which ones reshape projects (tsconfig, jsconfig, package.json), which are our settings, and
// which are sources the compiler must re-read.
import { fileURLToPath } from "node:url";
import path from "node:path";

export interface WatchedChange {
  uri: string;
  /** LSP FileChangeType: 1 created, 2 changed, 3 deleted. */
  type: number;
}

export interface ClassifiedChanges {
  /** A project file changed: projects must be opened again. */
  projects: boolean;
  /** async-lens.json or a package.json (its "asyncLens" key) changed: settings must be read again. */
  settings: boolean;
  created: string[];
  changed: string[];
  deleted: string[];
}

const PROJECT_FILE = /^(tsconfig.*|jsconfig.*|package)\.json$/i;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

export function classifyChanges(changes: readonly WatchedChange[]): ClassifiedChanges {
  const out: ClassifiedChanges = { projects: false, settings: false, created: [], changed: [], deleted: [] };
  for (const change of changes) {
    if (!change.uri.startsWith("file:")) continue;
    const file = fileURLToPath(change.uri);
    const name = path.basename(file);
    if (PROJECT_FILE.test(name)) out.projects = true;
    if (name === "async-lens.json" || name === "package.json") out.settings = true;
    if (!SOURCE.test(name)) continue;
    const list = change.type === 1 ? out.created : change.type === 3 ? out.deleted : out.changed;
    list.push(file);
  }
  return out;
}
