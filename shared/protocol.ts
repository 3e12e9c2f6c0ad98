// Types that cross the wire between the language server and its clients, written once.

/** What a quick fix carries until `codeAction/resolve` computes its edit. */
export interface FixActionData {
  uri: string;
  /** The document version the fix was offered for; a later version makes it stale. */
  version: number;
  ruleId: string;
  /** Start offset of the finding, which with the rule id names it within that version. */
  start: number;
  fixId: string;
}

/** The code action kind of our fix-all, usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = "source.fixAll.asyncLens";

/** Server → client notification: what the status bar item shows. */
export const STATUS_NOTIFICATION = "asyncLens/status";

export interface StatusParams {
  state: "analysing" | "idle" | "error";
  /** Problems in the open documents (when idle). */
  problems: number;
  /** For `error`: what went wrong, in a sentence. */
  message?: string;
}

/** Client → server request: analyse every file of the workspace and publish their diagnostics. */
export const ANALYSE_WORKSPACE_REQUEST = "asyncLens/analyseWorkspace";

export interface AnalyseWorkspaceResult {
  files: number;
  problems: number;
}

/** When an edited document is analysed: as typed (debounced), or when it is saved. */
export type AnalyseOn = "change" | "save";

/** The `asyncLens.*` settings (package.json contributes them), as the server reads them per workspace folder. */
export interface AsyncLensSettings {
  rules?: Record<string, unknown>;
  maxFileSize?: number;
  debounceMs?: number;
  analyseOn?: AnalyseOn;
}

export const DEFAULT_DEBOUNCE_MS = 100;

/** Files the client watches on disk for the server (projects, settings, sources). */
export const WATCHED_FILES_GLOB = "**/{tsconfig*.json,jsconfig*.json,package.json,async-lens.json,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}";
