// ESLint's JSON formatter shape, so tools that read ESLint results read ours unchanged.
import type { Report } from "./report.js";

const ESLINT_SEVERITY = { error: 2, warning: 1, info: 1 } as const;

export function formatJson(report: Report): string {
  const out = report.files.map((f) => ({
    filePath: f.file,
    messages: f.messages.map((m) => ({
      ruleId: m.ruleId,
      ...(m.messageId ? { messageId: m.messageId } : {}),
      severity: ESLINT_SEVERITY[m.severity],
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      ...(m.notice ? { notice: m.notice } : {}),
      ...(m.severity === "info" ? { info: true } : {}),
      // Not in ESLint's shape (it has none); named as in SARIF.
      ...(m.related ? { relatedLocations: m.related } : {}),
    })),
    errorCount: f.messages.filter((m) => m.ruleId && m.severity === "error").length,
    warningCount: f.messages.filter((m) => m.ruleId && m.severity !== "error").length,
  }));
  return JSON.stringify(out) + "\n";
}
