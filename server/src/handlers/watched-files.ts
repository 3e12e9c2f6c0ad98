// Files changed on disk, as the client's watcher reports them (workspace/didChangeWatchedFiles):
// which ones reshape projects (tsconfig, jsconfig, package.json), which are our settings, and
// which are sources the compiler must re-read.
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { Connection } from "vscode-languageserver/node";
import type { AnalysisThread } from "../analysis-thread.js";
import type { DiagnosticsFeature } from "./diagnostics.js";
import type { WorkspaceFolders } from "./folders.js";

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

export interface WatchedFilesHost {
  /** Whether the document is open in the editor (its editor text, not the disk, is what counts). */
  isOpen(uri: string): boolean;
  folders: WorkspaceFolders;
  thread: AnalysisThread;
  diagnostics: Pick<DiagnosticsFeature, "invalidateAll">;
}

/**
 * Files changed on disk (a tsconfig edited, a source deleted): each folder's compiler hears of its own
 * files, settings are read again, and open documents are analysed again.
 */
export function registerWatchedFiles(connection: Connection, host: WatchedFilesHost): void {
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const all = classifyChanges(changes);
    // Saving an open document reports it changed on disk: its editor text is already what was analysed.
    if (!all.projects && !all.settings && changes.every((c) => host.isOpen(c.uri))) return;
    // Per folder, so that a tsconfig edited in one folder restarts only that folder's compiler.
    const byRoot = new Map<string, WatchedChange[]>();
    for (const change of changes) {
      if (!change.uri.startsWith("file:")) continue;
      const root = host.folders.folderFor(fileURLToPath(change.uri)).root;
      byRoot.set(root, [...(byRoot.get(root) ?? []), change]);
    }
    for (const [root, own] of byRoot) {
      const { projects, created, changed, deleted } = classifyChanges(own);
      host.thread.filesChanged(root, { projects, created, changed, deleted });
    }
    // A reload re-analyses open documents itself (its listeners); otherwise they are invalidated here.
    if (all.settings) await host.folders.reload();
    else host.diagnostics.invalidateAll("files changed on disk");
  });
}
