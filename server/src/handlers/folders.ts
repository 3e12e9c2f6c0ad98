// Workspace folders and their settings. Each folder is its own root: its own async-lens.json, its
// own `asyncLens.*` settings (asked with the folder as scope, so folder-level settings apply), and its
// own compiler in the analysis thread. A file belongs to the innermost folder holding it.
import { fileURLToPath } from "node:url";
import type { Connection, InitializeParams, WorkspaceFolder } from "vscode-languageserver/node";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, resolveRules, type AsyncLensConfig } from "../analyzer/config.js";
import { loadConfig } from "../project/config-file.js";
import { isUnder } from "../project/discover.js";
import type { AnalysisThread, Log } from "../analysis-thread.js";
import { DEFAULT_DEBOUNCE_MS, type AnalyseOn, type AsyncLensSettings } from "../../../shared/protocol.js";

export interface Folder {
  /** The folder's path: the root its projects and async-lens.json are found from. */
  root: string;
  uri: string;
  name: string;
  analyseOn: AnalyseOn;
  /** How long typing must pause before a changed document is analysed. */
  debounceMs: number;
}

export class WorkspaceFolders {
  private folders: Folder[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly thread: AnalysisThread,
    private readonly log: Log,
  ) {}

  private followChanges = false;

  /** Takes the folders the client opened with (or its root, or the server's working folder). */
  initialize(params: InitializeParams): void {
    this.followChanges = !!params.capabilities.workspace?.workspaceFolders;
    const given: WorkspaceFolder[] = params.workspaceFolders?.length
      ? params.workspaceFolders
      : params.rootUri
        ? [{ uri: params.rootUri, name: "root" }]
        : [];
    const local = given.filter((f) => f.uri.startsWith("file:"));
    this.folders = (local.length ? local : [{ uri: "", name: "working folder" }]).map((f) => ({
      root: f.uri ? fileURLToPath(f.uri) : process.cwd(),
      uri: f.uri,
      name: f.name,
      analyseOn: "change",
      debounceMs: DEFAULT_DEBOUNCE_MS,
    }));
  }

  /** After `initialized`: read the settings, and follow folders being added and removed where the client reports it. */
  async start(): Promise<void> {
    this.log.info(`workspace folders: ${this.folders.map((f) => f.root).join(", ")}`);
    if (this.followChanges) this.listen();
    await this.reload();
  }

  private listen(): void {
    this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      for (const f of this.folders.filter((f) => removed.has(f.uri))) this.thread.forgetFolder(f.root);
      this.folders = this.folders.filter((f) => !removed.has(f.uri));
      for (const f of e.added.filter((a) => a.uri.startsWith("file:"))) {
        this.folders.push({ root: fileURLToPath(f.uri), uri: f.uri, name: f.name, analyseOn: "change", debounceMs: DEFAULT_DEBOUNCE_MS });
      }
      this.log.info(`workspace folders now: ${this.folders.map((f) => f.root).join(", ") || "none"}`);
      void this.reload();
    });
  }

  /** Called after every reload of the settings (and folder change). */
  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  all(): readonly Folder[] {
    return this.folders;
  }

  /** The innermost folder holding `file` (a path); the first folder for files outside them all. */
  folderFor(file: string): Folder {
    let best: Folder | undefined;
    for (const f of this.folders) if (isUnder(file, f.root) && (!best || f.root.length > best.root.length)) best = f;
    return best ?? this.folders[0] ?? this.loose();
  }

  /** Every folder was removed: files still open get the server's working folder, with default settings. */
  private loose(): Folder {
    const folder: Folder = { root: process.cwd(), uri: "", name: "working folder", analyseOn: "change", debounceMs: DEFAULT_DEBOUNCE_MS };
    this.folders.push(folder);
    void this.load(folder);
    return folder;
  }

  /** Reads each folder's settings and async-lens.json again, and tells the analysis thread. */
  async reload(): Promise<void> {
    // One folder after another: a handful of settings round trips, and the log stays in folder order.
    for (const f of [...this.folders]) await this.load(f);
    for (const listener of this.listeners) listener();
  }

  private async load(folder: Folder): Promise<void> {
    let settings: AsyncLensSettings = {};
    try {
      settings = ((await this.connection.workspace.getConfiguration({ section: "asyncLens", ...(folder.uri ? { scopeUri: folder.uri } : {}) })) as AsyncLensSettings | null) ?? {};
    } catch (e) {
      // a client without workspace/configuration: defaults and async-lens.json only
      this.log.debug(`no settings from the client for ${folder.root} (${String(e)}); using defaults`);
    }
    folder.debounceMs = typeof settings.debounceMs === "number" && settings.debounceMs >= 0 ? settings.debounceMs : DEFAULT_DEBOUNCE_MS;
    folder.analyseOn = settings.analyseOn === "save" ? "save" : "change";
    let layers: AsyncLensConfig[] = [];
    let maxFileSize = DEFAULT_MAX_FILE_SIZE;
    try {
      // Only inside the folder: a settings file above it is the workspace's surroundings, not its own.
      const loaded = loadConfig(folder.root, undefined, { confineTo: folder.root });
      // Unchecked settings from the client: resolveRules below validates them.
      layers = [loaded.config, { rules: (settings.rules ?? {}) as AsyncLensConfig["rules"] }];
      resolveRules(layers, "editor"); // validated here, where errors can be shown
      maxFileSize = settings.maxFileSize ?? loaded.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      this.log.info(`folder ${folder.root}: configuration ${loaded.file ?? "(none: defaults)"}, analyse on ${folder.analyseOn}, debounce ${folder.debounceMs} ms`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.log.error(`folder ${folder.root}: ${e.message}`);
      void this.connection.window.showErrorMessage(`Async Lens: ${e.message}`);
      layers = [];
    }
    this.thread.configure(folder.root, maxFileSize, layers);
  }
}
