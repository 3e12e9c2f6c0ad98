// Messages between the language server's LSP thread and its analysis thread: plain data only
// (rules are functions, so the worker resolves them from the configuration layers itself).
import type { FileResult } from "./analyzer/types.js";

export type WorkerRequest =
  | { type: "configure"; rootPath: string; maxFileSize: number; layers: unknown[] }
  | { type: "analyze"; id: number; file: string; text: string }
  | { type: "close"; file: string }
  /** Files changed on disk; `projects`: a tsconfig/jsconfig/package.json among them. */
  | { type: "files"; projects: boolean; created: string[]; changed: string[]; deleted: string[] }
  | { type: "workspace"; id: number }
  | { type: "shutdown" };

export type WorkerReply =
  | { type: "result"; id: number; result?: FileResult | undefined; error?: string; compilerMissing?: boolean }
  | { type: "log"; level: "info" | "error"; message: string }
  | { type: "closed" }
  | { type: "workspace"; id: number; results?: FileResult[]; error?: string };
