// Where the cursor is inside a suppression comment, decided lexically on the editor's text: the
// language server's own thread has no compiler (that runs on the analysis worker), and completion
// must answer at once, even for text that does not parse.

export interface CommentSpan {
  start: number;
  /** Line comments: the line break (or end of text). Block comments: just past the closing star-slash. */
  end: number;
  block: boolean;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

/**
 * The comment holding `offset`: the cursor is inside once past the opening `//` or slash-star, up to the
 * end of the line (line comments) or the closing star-slash. Strings, template literals and regular
 * expressions are skipped, so `"// x"` is not a comment. (JSX text is scanned as code: rare enough.)
 */
export function commentAt(text: string, offset: number): CommentSpan | undefined {
  let i = 0;
  let regexAllowed = true;
  let braces = 0;
  // Brace depth at which each open template substitution (`${`) began.
  const templates: number[] = [];
  while (i < text.length && i < offset) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 47 /* / */ && next === 47) {
      const end = lineEnd(text, i);
      if (offset >= i + 2 && offset <= end) return { start: i, end, block: false };
      i = end;
    } else if (c === 47 && next === 42 /* * */) {
      const close = text.indexOf("*/", i + 2);
      const end = close < 0 ? text.length : close + 2;
      if (offset >= i + 2 && offset <= (close < 0 ? text.length : close)) return { start: i, end, block: true };
      i = end;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i = skipString(text, i, c);
      regexAllowed = false;
    } else if (c === 96 /* ` */) {
      i = skipTemplatePart(text, i + 1, templates, braces);
      regexAllowed = false;
    } else if (c === 125 /* } */ && templates.length > 0 && templates[templates.length - 1] === braces) {
      templates.pop();
      i = skipTemplatePart(text, i + 1, templates, braces);
      regexAllowed = false;
    } else if (c === 47 && regexAllowed) {
      i = skipRegex(text, i);
      regexAllowed = false;
    } else if (isWordChar(c)) {
      const start = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      regexAllowed = REGEX_AFTER.has(text.slice(start, i));
    } else {
      if (c === 123 /* { */) braces++;
      else if (c === 125) braces--;
      if (!isSpace(c)) regexAllowed = c !== 41 /* ) */ && c !== 93 /* ] */;
      i++;
    }
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return i;
  }
  return text.length;
}

function skipString(text: string, from: number, quote: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === quote) return i + 1;
    else if (c === 10 || c === 13) return i; // unterminated: the string ends with its line
  }
  return text.length;
}

/** From inside a template, past its closing backtick, or past a `${` (then recorded in `templates`). */
function skipTemplatePart(text: string, from: number, templates: number[], braces: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 96) return i + 1;
    else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123) {
      templates.push(braces);
      return i + 2;
    }
  }
  return text.length;
}

function skipRegex(text: string, from: number): number {
  let inClass = false;
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 10 || c === 13) return i; // not a regex after all (or unterminated): resume at the line break
    else if (c === 91 /* [ */) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) {
      let j = i + 1;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      return j;
    }
  }
  return text.length;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

// ---- directives ----

/** The directive words of server/src/analyzer/suppressions.ts, longest first where one prefixes another. */
export const OUR_DIRECTIVES = ["async-lens-ignore-next-line", "async-lens-ignore-file"] as const;
export const ESLINT_DIRECTIVES = ["eslint-disable-next-line", "eslint-disable-line", "eslint-disable", "eslint-enable"] as const;
const DIRECTIVE = new RegExp(`(//|/\\*)[ \\t]*(${[...OUR_DIRECTIVES, ...ESLINT_DIRECTIVES].join("|")})\\b`, "g");

export type CommentContext =
  /** The cursor is on (a prefix of) a directive word right after the comment's opener. */
  | { kind: "directive"; start: number; end: number; prefix: string }
  /** The cursor is on a rule name (possibly empty) in a directive's list. */
  | { kind: "rule"; directive: string; eslint: boolean; start: number; end: number; name: string; listed: string[] };

/** What the cursor at `offset` is on, inside a suppression comment; undefined elsewhere. */
export function commentContext(text: string, offset: number): CommentContext | undefined {
  const span = commentAt(text, offset);
  if (!span) return undefined;
  const bodyEnd = span.block ? Math.max(span.start + 2, span.end - 2) : span.end;
  const comment = text.slice(span.start, bodyEnd);
  const at = offset - span.start;
  let last: RegExpMatchArray | undefined;
  for (const m of comment.matchAll(DIRECTIVE)) {
    if ((m.index ?? 0) + m[0].length <= at) last = m;
  }
  if (last) {
    const listStart = (last.index ?? 0) + last[0].length;
    const reason = /(?:^|\s)--(?:\s|$)/.exec(comment.slice(listStart));
    const listEnd = reason ? listStart + reason.index : comment.length;
    // The cursor right after the word (no space yet) is still on the word, not in the list.
    if (at > listEnd || at === listStart) return undefined;
    let from = at;
    let to = at;
    while (from > listStart && !/[\s,]/.test(comment[from - 1]!)) from--;
    while (to < listEnd && !/[\s,]/.test(comment[to]!)) to++;
    const listed = comment
      .slice(listStart, listEnd)
      .split(/[\s,]+/)
      .filter((n) => n.length > 0);
    const directive = last[2]!;
    return {
      kind: "rule",
      directive,
      eslint: directive.startsWith("eslint-"),
      start: span.start + from,
      end: span.start + to,
      name: comment.slice(from, to),
      listed,
    };
  }
  // Only the comment's own opener can start a directive being typed.
  const typed = /^[ \t]*([a-z-]*)$/.exec(comment.slice(2, at));
  if (!typed || typed[1]!.length === 0) return undefined;
  const prefix = typed[1]!;
  if (!OUR_DIRECTIVES.some((d) => d.startsWith(prefix))) return undefined;
  let to = at;
  while (to < comment.length && /[a-z-]/.test(comment[to]!)) to++;
  return { kind: "directive", start: offset - prefix.length, end: span.start + to, prefix };
}
