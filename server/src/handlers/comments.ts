// Completion and hover inside suppression comments: rule ids after `async-lens-ignore-next-line` /
// `async-lens-ignore-file`, the directive words themselves, and which of our rules an honoured
// ESLint name also silences. Everything comes from the rule registry's metadata.
import { CompletionItemKind, MarkupKind, type CompletionItem, type Connection, type Hover, type MarkupContent } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { rules as registry } from "../analyzer/rules/index.js";
import type { AnyRule } from "../analyzer/rule.js";
import { ruleDocsUrl } from "../../../shared/docs-url.js";
import { commentContext, OUR_DIRECTIVES } from "./comment-scan.js";

/** Typing a space or a comma in a directive's list opens the list of rule ids. */
export const COMMENT_TRIGGER_CHARACTERS = [" ", ","];

const DIRECTIVE_HELP: Record<(typeof OUR_DIRECTIVES)[number], string> = {
  "async-lens-ignore-next-line": "Silences the named Async Lens rules (all of them when none is named) on the next line. Write the reason after ` -- `.",
  "async-lens-ignore-file": "Silences the named Async Lens rules (all of them when none is named) in this whole file. Write the reason after ` -- `.",
};

export function registerCommentFeatures(connection: Connection, document: (uri: string) => TextDocument | undefined, rules: readonly AnyRule[] = registry): void {
  connection.onCompletion((params) => {
    const doc = document(params.textDocument.uri);
    return doc ? completions(doc.getText(), doc.offsetAt(params.position), doc, rules) : [];
  });
  connection.onHover((params) => {
    const doc = document(params.textDocument.uri);
    return doc ? hover(doc.getText(), doc.offsetAt(params.position), doc, rules) : null;
  });
}

export function completions(text: string, offset: number, doc: TextDocument, rules: readonly AnyRule[]): CompletionItem[] {
  const context = commentContext(text, offset);
  if (!context) return [];
  const range = { start: doc.positionAt(context.start), end: doc.positionAt(context.end) };
  if (context.kind === "directive") {
    return OUR_DIRECTIVES.filter((d) => d.startsWith(context.prefix)).map((d) => ({
      label: d,
      kind: CompletionItemKind.Keyword,
      documentation: DIRECTIVE_HELP[d],
      textEdit: { range, newText: d },
    }));
  }
  // ESLint's directives name ESLint rules: ours would not be understood by ESLint there.
  if (context.eslint) return [];
  const already = new Set(context.listed.filter((n) => n !== context.name).map((n) => n.replace(/^async-lens\//, "")));
  // Keep the `async-lens/` prefix when the user started with it, so the editor's filter still matches.
  const prefix = context.name.startsWith("async-lens/") ? "async-lens/" : "";
  return rules
    .filter((r) => !already.has(r.meta.id))
    .map((r, i) => ({
      label: r.meta.id,
      kind: CompletionItemKind.EnumMember,
      detail: r.meta.summary,
      documentation: ruleDoc(r),
      sortText: String(i).padStart(3, "0"),
      ...(prefix ? { filterText: prefix + r.meta.id } : {}),
      textEdit: { range, newText: prefix + r.meta.id },
    }));
}

export function hover(text: string, offset: number, doc: TextDocument, rules: readonly AnyRule[]): Hover | null {
  const context = commentContext(text, offset);
  if (context?.kind !== "rule" || context.name.length === 0) return null;
  const range = { start: doc.positionAt(context.start), end: doc.positionAt(context.end) };
  if (context.eslint) {
    const silenced = rules.filter((r) => r.meta.eslintEquivalents.includes(context.name));
    if (silenced.length === 0) return null;
    const list = silenced.map((r) => `[\`${r.meta.id}\`](${ruleDocsUrl(r.meta.id)})`).join(", ");
    return { range, contents: { kind: MarkupKind.Markdown, value: `Async Lens honours this comment: it also silences ${list}.` } };
  }
  const rule = rules.find((r) => r.meta.id === context.name.replace(/^async-lens\//, ""));
  if (!rule) {
    const known = rules.map((r) => `\`${r.meta.id}\``).join(", ");
    return { range, contents: { kind: MarkupKind.Markdown, value: `\`${context.name}\` is not an Async Lens rule, so this comment silences nothing under that name. Rules: ${known}.` } };
  }
  return { range, contents: ruleDoc(rule) };
}

function ruleDoc(rule: AnyRule): MarkupContent {
  return { kind: MarkupKind.Markdown, value: `**${rule.meta.id}**: ${rule.meta.summary}\n\n[Rule documentation](${ruleDocsUrl(rule.meta.id)})` };
}
