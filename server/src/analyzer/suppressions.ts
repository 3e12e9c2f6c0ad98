// Suppression comments: ours (`async-lens-ignore-next-line`, `async-lens-ignore-file`) and
// ESLint's disable comments when they name an equivalent rule, so that code already annotated
// for typescript-eslint needs no second set of comments.
import { isInTrivia, type SourceFile } from "./ts/syntax.js";
import { computeLineStarts, offsetToPosition } from "./positions.js";
import type { Finding } from "./types.js";

type DirectiveKind = "next-line" | "line" | "file" | "disable" | "enable";

interface Directive {
  kind: DirectiveKind;
  /** Rule names as written; empty means every rule. */
  names: string[];
  /** ESLint's own directives (which name ESLint rules) or ours (which name our ids). */
  eslint: boolean;
  startLine: number;
  endLine: number;
  offset: number;
}

export interface Suppressions {
  /** Line starts, when they had to be computed anyway. */
  lineStarts?: number[];
  fileDisabled(ruleId: string, eslintNames: readonly string[]): boolean;
  suppresses(finding: Finding, lineStarts: readonly number[], eslintNames: readonly string[]): boolean;
}

const NONE: Suppressions = { fileDisabled: () => false, suppresses: () => false };

const DIRECTIVE =
  /(\/\/|\/\*)[ \t]*(async-lens-ignore-next-line|async-lens-ignore-file|eslint-disable-next-line|eslint-disable-line|eslint-disable|eslint-enable)\b([^\r\n]*)/g;

export function parseSuppressions(text: string, sourceFile: SourceFile): Suppressions {
  // Most files have no directive at all: one substring search each decides that.
  if (!text.includes("async-lens-ignore") && !text.includes("eslint-")) return NONE;
  const lineStarts = computeLineStarts(text);
  const directives: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const offset = m.index ?? 0;
    if (!isInTrivia(sourceFile, offset)) continue;
    const block = m[1] === "/*";
    let rest = m[3] ?? "";
    let end = offset + m[0].length;
    if (block) {
      const close = text.indexOf("*/", offset + 2);
      if (close < 0) continue;
      rest = text.slice(offset + m[1]!.length + m[2]!.length, close);
      end = close + 2;
    }
    const word = m[2]!;
    directives.push({
      kind: kindOf(word),
      names: parseNames(rest),
      eslint: word.startsWith("eslint-"),
      startLine: offsetToPosition(lineStarts, offset).line,
      endLine: offsetToPosition(lineStarts, end).line,
      offset,
    });
  }
  if (directives.length === 0) return NONE;

  const names = (d: Directive, ruleId: string, eslintNames: readonly string[]): boolean =>
    d.names.length === 0 ||
    d.names.some((n) => (d.eslint ? eslintNames.includes(n) : n === ruleId || n === `async-lens/${ruleId}`));

  return {
    lineStarts,
    fileDisabled: (ruleId, eslintNames) => directives.some((d) => d.kind === "file" && names(d, ruleId, eslintNames)),
    suppresses(finding, starts, eslintNames) {
      const line = offsetToPosition(starts, finding.start).line;
      let disabledByRange = false;
      for (const d of directives) {
        if (!names(d, finding.ruleId, eslintNames)) continue;
        if (d.kind === "next-line" && d.endLine + 1 === line) return true;
        if (d.kind === "line" && d.startLine <= line && line <= d.endLine) return true;
        if (d.kind === "file") return true;
        if (d.offset < finding.start) {
          if (d.kind === "disable") disabledByRange = true;
          else if (d.kind === "enable") disabledByRange = false;
        }
      }
      return disabledByRange;
    },
  };
}

function kindOf(word: string): DirectiveKind {
  switch (word) {
    case "async-lens-ignore-next-line":
    case "eslint-disable-next-line":
      return "next-line";
    case "eslint-disable-line":
      return "line";
    case "async-lens-ignore-file":
      return "file";
    case "eslint-enable":
      return "enable";
    default:
      return "disable";
  }
}

/** `a, b -- why` → ["a", "b"]: the part after `--` is the reason. */
function parseNames(rest: string): string[] {
  const beforeReason = rest.split(/\s--\s|\s--$|^--\s/)[0] ?? "";
  return beforeReason
    .replace(/\*\/.*$/, "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
