// Human-readable output in the layout of ESLint's "stylish" formatter: a file header, then
// one aligned row per problem, then a summary line.
import { displayPath, type Report } from "./report.js";

export interface TextOptions {
  color: boolean;
  /** Only errors (ESLint's --quiet). */
  quiet: boolean;
}

export function formatText(report: Report, options: TextOptions): string {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const dim = (s: string) => paint("2", s);
  const lines: string[] = [];
  let notices = 0;
  for (const f of report.files) {
    const messages = f.messages.filter((m) => !options.quiet || m.severity === "error");
    if (messages.length === 0) continue;
    const rows = messages.map((m) => {
      if (m.notice) notices++;
      return [
        `${m.line}:${m.column}`,
        m.severity,
        m.message,
        m.ruleId ?? `(${m.notice ?? "note"})`,
        m.related ?? [],
      ] as const;
    });
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    lines.push("", paint("4", displayPath(report.cwd, f.file)));
    for (const [where, severity, message, rule, related] of rows) {
      const sev = severity === "error" ? paint("31", severity.padEnd(w1)) : severity === "warning" ? paint("33", severity.padEnd(w1)) : paint("36", severity.padEnd(w1));
      lines.push(`  ${dim(where.padEnd(w0))}  ${sev}  ${message}  ${dim(rule)}`);
      // Related places under their finding, indented past the position column.
      for (const r of related) lines.push(`  ${" ".repeat(w0)}  ${dim(`${"also".padEnd(w1)}  ${r.line}:${r.column}  ${r.message}`)}`);
    }
  }
  for (const g of report.general) lines.push("", `${paint("33", "warning")}  ${displayPath(report.cwd, g.file)}: ${g.message}`);
  const { error, warning, info } = report.counts;
  const problems = error + warning + info;
  lines.push("");
  if (problems === 0) {
    lines.push(paint("32", "✔ No async problems found") + (notices ? dim(` (${notices} note${notices === 1 ? "" : "s"} above)`) : ""));
  } else {
    const parts = [`${error} error${error === 1 ? "" : "s"}`, `${warning} warning${warning === 1 ? "" : "s"}`];
    if (info) parts.push(`${info} info`);
    const summary = `✖ ${problems} problem${problems === 1 ? "" : "s"} (${parts.join(", ")})`;
    lines.push(error ? paint("1;31", summary) : paint("1;33", summary));
  }
  return lines.join("\n") + "\n";
}
