// Checks, with the compiler's scanner (no parser is needed), that a piece of code a user configured
// can stand as the body of an arrow function inside an argument list: `.catch((error) => <body>)`.
import { createScanner } from "typescript/unstable/ast/scanner";
import { SyntaxKind } from "typescript/unstable/ast";

const OPENERS: Partial<Record<number, string>> = {
  [SyntaxKind.OpenParenToken]: ")",
  [SyntaxKind.OpenBracketToken]: "]",
  [SyntaxKind.OpenBraceToken]: "}",
};
const CLOSERS: Partial<Record<number, string>> = {
  [SyntaxKind.CloseParenToken]: ")",
  [SyntaxKind.CloseBracketToken]: "]",
  [SyntaxKind.CloseBraceToken]: "}",
};
const STATEMENT_KEYWORDS = new Set<number>([
  SyntaxKind.ReturnKeyword, SyntaxKind.IfKeyword, SyntaxKind.ForKeyword, SyntaxKind.WhileKeyword, SyntaxKind.DoKeyword,
  SyntaxKind.VarKeyword, SyntaxKind.LetKeyword, SyntaxKind.ConstKeyword, SyntaxKind.ThrowKeyword, SyntaxKind.TryKeyword,
  SyntaxKind.SwitchKeyword, SyntaxKind.BreakKeyword, SyntaxKind.ContinueKeyword, SyntaxKind.WithKeyword, SyntaxKind.DebuggerKeyword,
  SyntaxKind.ImportKeyword, SyntaxKind.ExportKeyword,
]);
/** After these a `/` divides; elsewhere it starts a regular expression. */
const ENDS_OPERAND = new Set<number>([
  SyntaxKind.Identifier, SyntaxKind.ThisKeyword, SyntaxKind.SuperKeyword, SyntaxKind.NumericLiteral, SyntaxKind.BigIntLiteral,
  SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateTail, SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.CloseParenToken, SyntaxKind.CloseBracketToken, SyntaxKind.CloseBraceToken, SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword, SyntaxKind.NullKeyword, SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken,
]);

/**
 * Why `text` cannot be an arrow function's body inside `( … )`, or undefined when it can: one expression,
 * or one `{ … }` block; brackets balanced, literals closed, no `,` or `;` outside brackets, no `//` comment
 * (it would swallow the closing parenthesis).
 */
export function arrowBodyProblem(text: string): string | undefined {
  if (text.trim() === "") return "it is empty";
  const scanner = createScanner(false, undefined, text);
  const stack: string[] = [];
  let first: number | undefined;
  let firstBlockClosedAt: number | undefined;
  let previous: number | undefined;
  let index = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EndOfFile; token = scanner.scan()) {
    if (token === SyntaxKind.WhitespaceTrivia || token === SyntaxKind.NewLineTrivia || token === SyntaxKind.MultiLineCommentTrivia) {
      if (scanner.isUnterminated()) return "a comment is not closed";
      continue;
    }
    if (token === SyntaxKind.SingleLineCommentTrivia) return "a `//` comment would swallow the rest of the line; use `/* … */`";
    if ((token === SyntaxKind.SlashToken || token === SyntaxKind.SlashEqualsToken) && (previous === undefined || !ENDS_OPERAND.has(previous))) {
      token = scanner.reScanSlashToken();
    }
    if (token === SyntaxKind.CloseBraceToken && stack[stack.length - 1] === "${") {
      token = scanner.reScanTemplateToken(false);
      stack.pop();
      if (token === SyntaxKind.TemplateMiddle) stack.push("${");
    } else if (token === SyntaxKind.TemplateHead) {
      stack.push("${");
    } else if (OPENERS[token]) {
      stack.push(OPENERS[token]!);
    } else if (CLOSERS[token]) {
      if (stack.pop() !== CLOSERS[token]) return `\`${scanner.getTokenText()}\` does not match an opening bracket`;
      if (stack.length === 0 && first === SyntaxKind.OpenBraceToken && firstBlockClosedAt === undefined) firstBlockClosedAt = index;
    } else if (token === SyntaxKind.Unknown) {
      return `\`${scanner.getTokenText()}\` is not valid here`;
    } else if (stack.length === 0 && (token === SyntaxKind.CommaToken || token === SyntaxKind.SemicolonToken)) {
      return `\`${scanner.getTokenText()}\` outside brackets would end the handler; wrap several statements in \`{ … }\``;
    }
    if (scanner.isUnterminated()) return "a string, template or regular expression is not closed";
    if (first === undefined) {
      first = token;
      if (STATEMENT_KEYWORDS.has(token)) return `it starts with the statement \`${scanner.getTokenText()}\`; write an expression, or a block \`{ … }\``;
    } else if (firstBlockClosedAt !== undefined && firstBlockClosedAt < index) {
      return "a `{ … }` block must be the whole body";
    }
    previous = token;
    index++;
  }
  if (stack.length > 0) return `\`${stack[stack.length - 1] === "${" ? "}" : stack[stack.length - 1]}\` is missing`;
  return undefined;
}
