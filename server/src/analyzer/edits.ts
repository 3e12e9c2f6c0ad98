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

/**
 * `await Promise.all(x)` for an expression statement dropping an array of promises (`((a, b))` for a comma list).
 * No ASI guard: a line cannot go on with `await`, so the statement before ends there.
 */
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

/**
 * The rejection handler a fix adds, around the configured body (which sees the rejection as `error`;
 * checked to parse there when configured). JavaScript files get no type annotation.
 */
export function catchHandler(sf: SourceFile, body: string): string {
  const param = /\.(m|c)?jsx?$/.test(sf.fileName) ? "(error)" : "(error: unknown)";
  return `${param} => ${body.trim()}`;
}

/**
 * Folds an insertion into a replacement that starts at the same offset (the insertion first), so a
 * client never sees two edits starting at one position, whose order it might not keep.
 */
export function mergeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const twin = out.find((o) => o.start === e.start);
    if (twin && (e.start === e.end || twin.start === twin.end)) {
      // Two insertions keep their order; an insertion goes before the text that replaces.
      const [first, second] = twin.start === twin.end ? [twin, e] : [e, twin];
      Object.assign(twin, { end: Math.max(twin.end, e.end), newText: first.newText + second.newText });
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

/** Applies edits (non-overlapping) to a text; used by tests and by fix-all. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * `async` on a function: before `function`, before a method's name (after its modifiers), or at the
 * start of an arrow. `voidReturnType` (a `: void` annotation) becomes `Promise<void>`.
 */
export function makeAsync(fn: Node, sf: SourceFile, voidReturnType?: Node): TextEdit[] {
  const edits: TextEdit[] = [];
  let at: number;
  if (fn.kind === K.MethodDeclaration) {
    at = (fn as unknown as { name: Node }).name.getStart(sf);
  } else if (fn.kind === K.ArrowFunction) {
    at = fn.getStart(sf);
  } else {
    const modifiers = (fn as unknown as { modifiers?: readonly Node[] }).modifiers;
    const from = modifiers && modifiers.length > 0 ? modifiers[modifiers.length - 1]!.end : fn.getStart(sf);
    const keyword = /\bfunction\b/.exec(sf.text.slice(from, fn.end));
    if (!keyword) return [];
    at = from + keyword.index;
  }
  edits.push({ start: at, end: at, newText: "async " });
  if (voidReturnType) edits.push({ start: voidReturnType.getStart(sf), end: voidReturnType.end, newText: "Promise<void>" });
  return edits;
}

// ---- running work at most k at a time ----

/** What a file can use to bound concurrency: p-map or p-limit if its package has them, else a helper of ours. */
export interface ConcurrencyTool {
  kind: "p-map" | "p-limit" | "helper";
  /** The local name to call: `pMap`, `pLimit`, `mapLimit`. */
  name: string;
  /** What the file still lacks: the import, or the helper. */
  edits: TextEdit[];
}

/** The helper's doc comment names us, so a second fix in the file finds and reuses it. */
const HELPER_MARK = "at most `limit` calls at a time (Async Lens)";
const HELPER_NAME = "mapLimit";

/**
 * The tool for this file, or undefined when none can be added without risk: a script (no module
 * syntax: a new top-level name would be global), or the names we need are taken.
 */
export function concurrencyTool(sf: SourceFile, dependencies: ReadonlySet<string>): ConcurrencyTool | undefined {
  const style = moduleStyle(sf);
  if (!style) return undefined;
  for (const [pkg, kind, local] of [["p-map", "p-map", "pMap"], ["p-limit", "p-limit", "pLimit"]] as const) {
    if (!dependencies.has(pkg)) continue;
    const existing = importedDefault(sf, pkg);
    if (existing) return { kind, name: existing, edits: [] };
    if (!mentions(sf, local)) return { kind, name: local, edits: [importEdit(sf, style, local, pkg)] };
  }
  const helper = existingHelper(sf);
  if (helper) return { kind: "helper", name: HELPER_NAME, edits: [] };
  if (mentions(sf, HELPER_NAME)) return undefined;
  const js = /\.(m|c)?jsx?$/.test(sf.fileName);
  const text = sf.text;
  const lead = text.endsWith("\n") ? "\n" : "\n\n";
  return { kind: "helper", name: HELPER_NAME, edits: [{ start: text.length, end: text.length, newText: lead + mapLimitHelper(js) }] };
}

/**
 * An expression running `callback` (source text of a function taking `arity` of (item, index)) over the
 * array `itemsNode`, at most `k` at a time, that resolves when all are done (to their results).
 * `statement` is where a p-limit limiter can be declared just before; where there is none (an arrow's
 * expression body, a field initializer) the local helper stands in. `kind` says which tool was used.
 */
export function boundedMap(
  tool: ConcurrencyTool,
  itemsNode: Expression,
  callback: string,
  arity: number,
  k: number,
  sf: SourceFile,
  statement: Node | undefined,
): { expression: string; edits: TextEdit[]; kind: ConcurrencyTool["kind"] } | undefined {
  k = Math.max(1, Math.floor(k)); // a setting of 0 would run nothing
  const written = sf.text.slice(itemsNode.getStart(sf), itemsNode.end);
  const isComma = itemsNode.kind === K.BinaryExpression && (itemsNode as unknown as { operatorToken: Node }).operatorToken.kind === K.CommaToken;
  // As an argument only a comma expression needs parentheses; as the object of `.map`, anything looser than a member access.
  const items = isComma ? `(${written})` : written;
  const receiver = bindsTighterThanUnary(itemsNode) && itemsNode.kind !== K.PostfixUnaryExpression && itemsNode.kind !== K.NewExpression ? written : `(${written})`;
  if (tool.kind === "p-map") return { expression: `${tool.name}(${items}, ${callback}, { concurrency: ${k} })`, edits: tool.edits, kind: tool.kind };
  if (tool.kind === "helper") return { expression: `${tool.name}(${items}, ${k}, ${callback})`, edits: tool.edits, kind: tool.kind };
  // p-limit: one limiter, declared before the statement; each call goes through it. Its name must read as a
  // limiter (unbounded-fan-out recognises `limit(…)` inside the callback).
  const limiter = ["limit", "limiter"].find((n) => !mentions(sf, n));
  if (!statement || !isInStatementList(statement) || !limiter) {
    const helper = concurrencyTool(sf, new Set());
    return helper && boundedMap(helper, itemsNode, callback, arity, k, sf, statement);
  }
  const params = ["item", "index"].slice(0, arity).map((n) => freshName(sf, n));
  const call = `${limiter}(() => (${callback})(${params.join(", ")}))`;
  const start = statement.getStart(sf);
  const lineStart = sf.text.lastIndexOf("\n", start - 1) + 1;
  const indent = /^[ \t]*/.exec(sf.text.slice(lineStart, start))![0];
  const declare = lineStart + indent.length === start ? `const ${limiter} = ${tool.name}(${k});\n${indent}` : `const ${limiter} = ${tool.name}(${k}); `;
  return {
    expression: `Promise.all(${receiver}.map((${params.join(", ")}) => ${call}))`,
    edits: [...tool.edits, { start, end: start, newText: declare }],
    kind: tool.kind,
  };
}

function isInStatementList(statement: Node): boolean {
  const p = statement.parent;
  return !!p && (p.kind === K.Block || p.kind === K.SourceFile || p.kind === K.CaseClause || p.kind === K.DefaultClause || p.kind === K.ModuleBlock);
}

/** ESM (`import`), CommonJS (`require`), or undefined for a script, where new top-level names would be global. */
function moduleStyle(sf: SourceFile): "esm" | "cjs" | undefined {
  const statements = (sf as unknown as { statements: readonly Node[] }).statements;
  const js = /\.(m|c)?jsx?$/.test(sf.fileName);
  if (statements.some((s) => s.kind === K.ImportDeclaration || s.kind === K.ImportEqualsDeclaration)) return "esm";
  if (statements.some((s) => requiredModule(s) !== undefined)) return "cjs";
  if ((sf as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator) return /\.c[jt]s$/.test(sf.fileName) ? "cjs" : "esm";
  if (js && /\b(module\.exports|exports\.\w+)\s*=/.test(sf.text)) return "cjs";
  return undefined;
}

/** `const x = require("pkg")` (or `const { a } = …`) at top level: the package, and the name if one is bound. */
function requiredModule(s: Node): { pkg: string; name?: string } | undefined {
  if (s.kind !== K.VariableStatement) return undefined;
  const [d] = (s as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations;
  const decl = d as unknown as { name: Node & { text?: string }; initializer?: Node } | undefined;
  const init = decl?.initializer;
  if (!decl || !init || init.kind !== K.CallExpression) return undefined;
  const call = init as unknown as { expression: Node & { text?: string }; arguments: readonly (Node & { text?: string })[] };
  if (call.expression.kind !== K.Identifier || call.expression.text !== "require" || call.arguments[0]?.kind !== K.StringLiteral) return undefined;
  return { pkg: call.arguments[0].text!, ...(decl.name.kind === K.Identifier ? { name: decl.name.text! } : {}) };
}

/** The local name of `pkg`'s default export if the file already imports it (not type-only). */
function importedDefault(sf: SourceFile, pkg: string): string | undefined {
  for (const s of (sf as unknown as { statements: readonly Node[] }).statements) {
    const required = requiredModule(s);
    if (required?.pkg === pkg && required.name) return required.name;
    if (s.kind !== K.ImportDeclaration) continue;
    const d = s as unknown as { moduleSpecifier: Node & { text?: string }; importClause?: { name?: Node & { text?: string }; phaseModifier?: number } };
    if (d.moduleSpecifier.text !== pkg || !d.importClause?.name || d.importClause.phaseModifier === K.TypeKeyword) continue;
    return d.importClause.name.text;
  }
  return undefined;
}

function importEdit(sf: SourceFile, style: "esm" | "cjs", local: string, pkg: string): TextEdit {
  const line = style === "esm" ? `import ${local} from "${pkg}";` : `const ${local} = require("${pkg}");`;
  const statements = (sf as unknown as { statements: readonly Node[] }).statements;
  const imports = statements.filter((s) => (style === "esm" ? s.kind === K.ImportDeclaration : requiredModule(s) !== undefined));
  const last = imports[imports.length - 1];
  if (last) return { start: last.end, end: last.end, newText: `\n${line}` };
  // Before the first statement that is not a directive ("use strict"), at the start of its line.
  const first = statements.find((s) => !(s.kind === K.ExpressionStatement && (s as unknown as { expression: Node }).expression.kind === K.StringLiteral));
  if (!first) return { start: sf.text.length, end: sf.text.length, newText: `${sf.text.endsWith("\n") || sf.text.length === 0 ? "" : "\n"}${line}\n` };
  const start = first.getStart(sf);
  const lineStart = sf.text.lastIndexOf("\n", start - 1) + 1;
  return { start: lineStart, end: lineStart, newText: `${line}\n` };
}

/** Our helper, declared at the top level of the file by an earlier fix. */
function existingHelper(sf: SourceFile): boolean {
  return (sf as unknown as { statements: readonly Node[] }).statements.some(
    (s) => s.kind === K.FunctionDeclaration && (s as unknown as { name?: { text: string } }).name?.text === HELPER_NAME && sf.text.slice(s.pos, s.end).includes(HELPER_MARK),
  );
}

/** Whether the word occurs anywhere in the file (a conservative test for a free name). */
function mentions(sf: SourceFile, name: string): boolean {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(sf.text);
}

/** `name`, or `name2`, `name3`, … : the first that occurs nowhere in the file. */
export function freshName(sf: SourceFile, name: string): string {
  if (!mentions(sf, name)) return name;
  for (let i = 2; ; i++) if (!mentions(sf, `${name}${i}`)) return `${name}${i}`;
}

/** The text of the helper a fix adds (exported for tests). */
export function mapLimitHelper(js: boolean): string {
  return js ? HELPER_JS : HELPER_TS;
}

// Workers take the next index until none is left; after a failure they stop starting new items.
const HELPER_TS = `/** Runs \`fn\` over \`items\`, ${HELPER_MARK}; resolves to the results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<Awaited<R>[]> {
  const results: Awaited<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        next = items.length;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
`;

const HELPER_JS = `/**
 * Runs \`fn\` over \`items\`, ${HELPER_MARK}; resolves to the results in order.
 * @template T, R
 * @param {readonly T[]} items
 * @param {number} limit
 * @param {(item: T, index: number) => R | PromiseLike<R>} fn
 * @returns {Promise<Awaited<R>[]>}
 */
async function mapLimit(items, limit, fn) {
  /** @type {Awaited<R>[]} */
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(/** @type {T} */ (items[index]), index);
      } catch (error) {
        next = items.length;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
`;
