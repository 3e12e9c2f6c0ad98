// Messages between the language server's LSP thread and its analysis thread: plain data only
// (rules are functions, so the worker resolves them from the configuration layers itself).
import type { FileResult } from "./analyzer/types.js";
import type { ExplainModel } from "../../shared/explain-protocol.js";

export type WorkerRequest =
  | { type: "configure"; rootPath: string; maxFileSize: number; layers: unknown[] }
  | { type: "analyze"; id: number; file: string; text: string }
  | { type: "close"; file: string }
  | { type: "workspace"; id: number }
  /** The explainer's model of the function around `offset` (the text is the editor's, as for analyze). */
  | { type: "explain"; id: number; file: string; uri: string; version: number; text: string; offset: number; focus?: { ruleId: string; start: number } }
  /** Start offsets of the functions that get an "Explain on the event loop" CodeLens. */
  | { type: "lenses"; id: number; file: string; text: string }
  | { type: "shutdown" };

export type WorkerReply =
  | { type: "result"; id: number; result?: FileResult | undefined; error?: string; compilerMissing?: boolean }
  | { type: "log"; level: "info" | "error"; message: string }
  | { type: "closed" }
  | { type: "workspace"; id: number; results?: FileResult[]; error?: string }
  | { type: "explain"; id: number; model?: ExplainModel; reason?: string; error?: string }
  | { type: "lenses"; id: number; offsets?: number[]; lineStarts?: number[]; error?: string };
