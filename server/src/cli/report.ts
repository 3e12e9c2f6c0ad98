// One neutral shape for everything a run found, with 1-based positions, that every output
// format is written from.
import path from "node:path";
import { offsetToPosition } from "../analyzer/positions.js";
import type { FileResult, Severity } from "../analyzer/types.js";

export interface ReportMessage {
  ruleId: string | null;
  messageId?: string;
  severity: Severity;
  message: string;
  /** 1-based line and column (UTF-16 code units). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** For notices (not rule findings): what kind. */
  notice?: "syntax" | "skipped" | "config" | "engine";
  /** Other places in the same file that belong to the finding. */
  related?: ReportRange[];
}

export interface ReportRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface ReportFile {
  file: string;
  messages: ReportMessage[];
}

export interface Report {
  cwd: string;
  files: ReportFile[];
  /** Messages not tied to a position in a file. */
  general: { file: string; message: string }[];
  counts: { error: number; warning: number; info: number };
}

export function buildReport(cwd: string, results: readonly FileResult[], general: { file: string; message: string }[]): Report {
  const counts = { error: 0, warning: 0, info: 0 };
  const byFile = new Map<string, ReportMessage[]>();
  for (const r of results) {
    const list = byFile.get(r.file) ?? [];
    const pos = (offset: number) => offsetToPosition(r.lineStarts, offset);
    for (const n of r.notices) {
      const s = pos(n.start ?? 0);
      const e = pos(n.end ?? n.start ?? 0);
      list.push({ ruleId: null, severity: "warning", message: n.message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, notice: n.kind });
    }
    for (const f of r.findings) {
      const s = pos(f.start);
      const e = pos(f.end);
      counts[f.severity]++;
      const related = f.related?.map((r): ReportRange => {
        const rs = pos(r.start);
        const re = pos(r.end);
        return { line: rs.line + 1, column: rs.character + 1, endLine: re.line + 1, endColumn: re.character + 1, message: r.message };
      });
      list.push({
        ruleId: f.ruleId,
        messageId: f.messageId,
        severity: f.severity,
        message: f.message,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
        ...(related?.length ? { related } : {}),
      });
    }
    byFile.set(r.file, list);
  }
  const files = [...byFile].map(([file, messages]) => ({
    file,
    messages: messages.sort((a, b) => a.line - b.line || a.column - b.column),
  }));
  return { cwd, files, general, counts };
}

export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
