// SARIF 2.1.0, in the form GitHub code scanning accepts: rule ids as ruleId, 1-based regions,
// URIs relative to %SRCROOT% (the working folder) where possible, notices as tool notifications.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyRule } from "../analyzer/rule.js";
import type { Report } from "./report.js";
import { VERSION } from "../version.js";
import { ruleDocsUrl } from "../../../shared/docs-url.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;
const CONFIG_LEVEL = { error: "error", warn: "warning", info: "note", off: "none" } as const;

export function formatSarif(report: Report, rules: readonly AnyRule[]): string {
  const root = pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : report.cwd + path.sep).href;
  const location = (file: string) => {
    const rel = path.relative(report.cwd, file);
    if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) {
      return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
    }
    return { uri: pathToFileURL(file).href };
  };
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const results = [];
  const notifications = [];
  for (const f of report.files) {
    for (const m of f.messages) {
      const physicalLocation = {
        artifactLocation: location(f.file),
        region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
      };
      if (m.ruleId) {
        results.push({
          ruleId: m.ruleId,
          ...(ruleIndex.has(m.ruleId) ? { ruleIndex: ruleIndex.get(m.ruleId) } : {}),
          level: LEVEL[m.severity],
          message: { text: m.message },
          locations: [{ physicalLocation }],
          ...(m.related
            ? {
                relatedLocations: m.related.map((r, id) => ({
                  id,
                  physicalLocation: { artifactLocation: location(f.file), region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn } },
                  message: { text: r.message },
                })),
              }
            : {}),
        });
      } else {
        notifications.push({ level: "warning", message: { text: m.message }, locations: [{ physicalLocation }], descriptor: { id: m.notice ?? "note" } });
      }
    }
  }
  for (const g of report.general) {
    notifications.push({ level: "warning", message: { text: g.message }, locations: [{ physicalLocation: { artifactLocation: location(g.file) } }] });
  }
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "async-lens",
            fullName: "Async Lens",
            version: VERSION,
            semanticVersion: VERSION,
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)(\w)/g, (_: string, __: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.summary },
              fullDescription: { text: r.meta.why },
              help: { text: `${r.meta.summary}\n\n${r.meta.why}` },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: CONFIG_LEVEL[r.meta.defaultLevel] },
              properties: { tags: ["async", "correctness", "typescript"], precision: "high" },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: root } },
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
