// Messages between the language server's LSP thread and its analysis thread: plain data only
// (rules are functions, so the worker resolves them from the configuration layers itself).
// Each workspace folder is its own root: its own compiler, projects and configuration.
import type { FileResult } from "./analyzer/types.js";
import type { ExplainModel } from "../../shared/explain-protocol.js";

export type WorkerRequest =
  | { type: "configure"; root: string; maxFileSize: number; layers: unknown[] }
  | { type: "forget-folder"; root: string }
  | { type: "analyze"; id: number; root: string; file: string; text: string }
  /** Drop a queued analysis, or stop it if it is running (see `CANCEL_SLOT`). */
  | { type: "cancel"; id: number }
  | { type: "close"; root: string; file: string }
  /** Files of the folder changed on disk; `projects`: a tsconfig/jsconfig/package.json among them. */
  | { type: "files"; root: string; projects: boolean; created: string[]; changed: string[]; deleted: string[] }
  | { type: "workspace"; id: number; root: string }
  /** The explainer's model of the function around `offset` (the text is the editor's, as for analyze). */
  | { type: "explain"; id: number; root: string; file: string; uri: string; version: number; text: string; offset: number; focus?: { ruleId: string; start: number } }
  /** Start offsets of the functions that get an "Explain on the event loop" CodeLens. */
  | { type: "lenses"; id: number; root: string; file: string; text: string }
  | { type: "shutdown" }
  /** A new thread's first request after a restart: the editor's unsaved text of files open before it (nothing analysed). */
  | { type: "texts"; texts: { file: string; text: string }[] };

export type LogLevel = "debug" | "info" | "warn" | "error";

export type WorkerReply =
  | {
      type: "result";
      id: number;
      result?: FileResult | undefined;
      error?: string;
      compilerMissing?: boolean;
      /** Superseded or cancelled before it finished: no result. */
      cancelled?: boolean;
      /** Time spent in the worker on this file, ms. */
      ms?: number;
    }
  /** What the compiler sees of `cause` changed: these open files import it and may have new findings. */
  | { type: "affected"; root: string; cause: string; files: string[] }
  | { type: "log"; level: LogLevel; message: string }
  /** The thread started a compiler process: if the thread dies, the process must not outlive it. */
  | { type: "compiler"; pid: number; running: boolean }
  | { type: "closed" }
  | { type: "workspace"; id: number; results?: FileResult[]; error?: string }
  | { type: "explain"; id: number; model?: ExplainModel; reason?: string; error?: string }
  | { type: "lenses"; id: number; offsets?: number[]; lineStarts?: number[]; error?: string };

/**
 * The worker's data: an Int32Array over a SharedArrayBuffer. The LSP thread writes into slot
 * `CANCEL_SLOT` the id of an analysis to stop; the worker, blocked in a synchronous analysis,
 * cannot read messages, but reads this slot between steps.
 */
export const CANCEL_SLOT = 0;
