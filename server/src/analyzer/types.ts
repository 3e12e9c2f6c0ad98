// Plain data the analyser produces and consumes. No LSP, no VS Code, no compiler objects.
import type { TypeOrValueSpecifier } from "./ts/oracle.js";

export type { TypeOrValueSpecifier };

/** How a rule is configured: ESLint's words, plus `info` for findings worth a look but not a warning. */
export type RuleLevel = "off" | "info" | "warn" | "error";
export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A fix declares whether applying it can change behaviour in a way the user did not ask for. */
export interface Fix {
  id: string;
  title: string;
  safety: "safe" | "unsafe";
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  /** UTF-16 offsets into the file's text. */
  start: number;
  end: number;
  fixes?: Fix[];
  /** Other places in the same file that belong to this finding (LSP relatedInformation, SARIF relatedLocations). */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  /** UTF-16 offsets into the file's text. */
  start: number;
  end: number;
  message: string;
}

/** Something about a file that is not a rule finding: it could not be read, parsed or was skipped. */
export interface Notice {
  kind: "syntax" | "skipped" | "config" | "engine";
  message: string;
  start?: number;
  end?: number;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  notices: Notice[];
  /** Offsets of line starts, for turning offsets into positions (see positions.ts). */
  lineStarts: readonly number[];
}

export type OptionSpec =
  | { type: "boolean"; default: boolean; description: string }
  | { type: "number"; default: number; description: string }
  | { type: "specifiers"; default: readonly TypeOrValueSpecifier[]; description: string }
  | { type: "strings"; default: readonly string[]; description: string }
  /** `check` says why a value cannot be used (it must still parse where a fix puts it), or undefined. */
  | { type: "string"; default: string; description: string; check?: (value: string) => string | undefined }
  /**
   * Named on/off switches written as one option: `true` or `false` set them all, an object sets some
   * (the others keep their defaults). Rules always receive the full object.
   */
  | { type: "flags"; default: Readonly<Record<string, boolean>>; description: string; flags: Readonly<Record<string, string>> };

export type OptionSpecs<O> = { [K in keyof O]: OptionSpec };
