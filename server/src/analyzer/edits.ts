// The one edit builder: every fix's text changes come from here, so precedence (`await (a || b)`),
// ASI (`;(await x)` at the start of a line) and member access (`(await a).x`) are handled once.
import { K, type Expression, type Node, type SourceFile } from "./ts/syntax.js";
import type { TextEdit } from "./types.js";

/** Expressions that bind at least as tightly as a unary operator: `await x` needs no parentheses. */
function bindsTighterThanUnary(e: Expression): boolean {
  switch (e.kind) {
    case K.Identifier:
    case K.ThisKeyword:
    case K.SuperKeyword:
    case K.CallExpression:
    case K.NewExpression:
    case K.PropertyAccessExpression:
    case K.ElementAccessExpression:
    case K.TaggedTemplateExpression:
    case K.ParenthesizedExpression:
    case K.ArrayLiteralExpression:
    case K.ObjectLiteralExpression:
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
    case K.PostfixUnaryExpression:
    case K.MetaProperty:
      return true;
    default:
      return false;
  }
}

/** Whether the expression starts its statement (so text put in front of it may meet ASI). */
function startsStatement(e: Node, sf: SourceFile): boolean {
  let n: Node = e;
  while (n.parent && n.parent.kind !== K.ExpressionStatement && n.parent.getStart(sf) === n.getStart(sf)) n = n.parent;
  return n.parent?.kind === K.ExpressionStatement && n.parent.getStart(sf) === e.getStart(sf);
}

/**
 * A `(` at the start of a statement joins the previous line when that line does not end the
 * statement (`a\n(await b)` calls `a`): lead with `;` unless the previous token closes a statement.
 */
function asiGuard(e: Node, sf: SourceFile): string {
  if (!startsStatement(e, sf)) return "";
  const before = sf.text.slice(0, e.getStart(sf)).replace(/(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)+$/, "");
  const last = before[before.length - 1];
  return last === undefined || last === ";" || last === "{" || last === "}" ? "" : ";";
}

const WORD_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;

/**
 * Text inserted at `at`, with a space in front where it would otherwise join the word before it:
 * `else(p)` becomes `else await (p)`, not `elseawait (p)`.
 */
function insertAt(sf: SourceFile, at: number, newText: string): TextEdit {
  const joins = at > 0 && WORD_CHAR.test(sf.text[at - 1]!) && WORD_CHAR.test(newText[0] ?? "");
  return { start: at, end: at, newText: joins ? ` ${newText}` : newText };
}

/** `op x`, parenthesised as precedence needs: `await f()`, `void (a || b)`, `;(await x).y` style guards. */
export function prefixOperator(op: "await" | "void", expression: Expression, sf: SourceFile): TextEdit[] {
  const start = expression.getStart(sf);
  if (bindsTighterThanUnary(expression)) return [insertAt(sf, start, `${op} `)];
  return [insertAt(sf, start, `${asiGuard(expression, sf)}${op} (`), { start: expression.end, end: expression.end, newText: ")" }];
}

/** `await Promise.all(x)` for an expression statement dropping an array of promises (`((a, b))` for a comma list). */
export function awaitAll(expression: Expression, sf: SourceFile): TextEdit[] {
  const comma = expression.kind === K.BinaryExpression && (expression as unknown as { operatorToken: Node }).operatorToken.kind === K.CommaToken;
  const start = expression.getStart(sf);
  return [insertAt(sf, start, comma ? "await Promise.all((" : "await Promise.all("), { start: expression.end, end: expression.end, newText: comma ? "))" : ")" }];
}

/**
 * `await x` where `x` is the object of a member access or call: `(await x).y`, since
 * `await x.y` would await the member instead.
 */
export function awaitOperand(expression: Expression, sf: SourceFile): TextEdit[] {
  const parent = expression.parent;
  const isObject =
    (parent.kind === K.PropertyAccessExpression || parent.kind === K.ElementAccessExpression || parent.kind === K.CallExpression) &&
    (parent as unknown as { expression: Node }).expression === expression;
  if (!isObject) return prefixOperator("await", expression, sf);
  const start = expression.getStart(sf);
  return [
    { start, end: start, newText: `${asiGuard(expression, sf)}(await ` },
    { start: expression.end, end: expression.end, newText: ")" },
  ];
}

/** `x.catch(handler)`, parenthesising `x` when it binds more loosely than a member access. */
export function appendCatch(expression: Expression, handler: string, sf: SourceFile): TextEdit[] {
  const e = expression;
  const simple = bindsTighterThanUnary(e) && e.kind !== K.PostfixUnaryExpression;
  if (simple) return [{ start: e.end, end: e.end, newText: `.catch(${handler})` }];
  const start = e.getStart(sf);
  return [
    { start, end: start, newText: `${asiGuard(e, sf)}(` },
    { start: e.end, end: e.end, newText: `).catch(${handler})` },
  ];
}

/** A comment line above the statement holding `node`, indented like it. */
export function commentAbove(node: Node, sf: SourceFile, comment: string): TextEdit[] {
  const start = node.getStart(sf);
  const lineStart = sf.text.lastIndexOf("\n", start - 1) + 1;
  const indent = /^[ \t]*/.exec(sf.text.slice(lineStart, start))![0];
  return [{ start: lineStart, end: lineStart, newText: `${indent}${comment}\n` }];
}

/** The default rejection handler a fix adds; JavaScript files get no type annotation. */
export function defaultHandler(sf: SourceFile): string {
  return /\.(m|c)?jsx?$/.test(sf.fileName) ? "(error) => console.error(error)" : "(error: unknown) => console.error(error)";
}

/** Applies edits (non-overlapping) to a text; used by tests and by fix-all. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
