// Reuse of type answers between two analyses of one file in the editor. After an edit the compiler
// starts a new checker, and asking it again about every node of a 2,000-line file is most of the
// cost of an analysis; yet an edit usually changes one top-level statement, and the answers about
// the others cannot change unless they name something the edit changed.
//
// The unit is a top-level statement. Units are matched by their text. A unit is re-asked when its
// text is new, or when it names (anywhere in its text) a name whose type may have changed: the names
// declared by new or removed units, then, transitively, the names declared by units re-asked for that
// reason. Rules always run on the whole new tree; only the oracle's answers about nodes in the other
// units come from the previous analysis. Whatever this cannot see through leads to no reuse at all:
// global and module augmentations, script files (their declarations are global), a changed file
// header (`/// <reference>`, pragmas), and an import cycle through which this file's exports could come back.
import { K, NodeFlags, isAssignmentOperator, isFunctionLike, type Node, type SourceFile } from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";

/** What one analysis leaves for the next one of the same file. */
export interface FileAnswers {
  readonly text: string;
  readonly prologue: string;
  /** Per unit, in order: its text, what it declares, what it names, and the oracle's answers about its nodes. */
  readonly units: readonly UnitAnswers[];
  /** Names this file exports (declared by exported units or listed in `export { … }`). */
  readonly exported: ReadonlySet<string>;
}

interface UnitAnswers {
  readonly text: string;
  readonly declared: readonly string[];
  readonly named: ReadonlySet<string>;
  /** Parse errors, or a global/module augmentation: a change to such a unit reuses nothing. */
  readonly unsafe: boolean;
  /** The statement can change how code after it runs (calls, assignments, jumps): later statements may narrow differently. */
  readonly flow: boolean;
  readonly answers: Map<string, unknown>;
}

/** Why an analysis could not reuse answers (for the log and tests), or how much it did. */
export type ReuseOutcome = { reused: number; units: number; inside: number } | { reused: 0; units: number; why: string };

export interface ReuseSession {
  /** The oracle for this analysis: answers about reusable units from memory, the rest from `base`. */
  readonly types: TypeOracle;
  readonly outcome: ReuseOutcome;
  /** What to keep for the next analysis (call after it succeeded). */
  answers(): FileAnswers;
}

/**
 * Plans the reuse of `previous` (the last analysis of this file, undefined at first) for `sourceFile`,
 * and wraps `base`. `exportsComeBack` is asked only when exported names changed: whether another file
 * of the project could take them and hand their types back to this one through its imports (an import
 * cycle); then what this file imports may have changed too, and nothing is reused.
 */
export function startReuse(
  sourceFile: SourceFile,
  base: TypeOracle,
  previous: FileAnswers | undefined,
  exportsComeBack: (names: readonly string[]) => boolean,
  scriptKindIsJs: boolean,
  /** The tree of another file of the program (for declarations found there). */
  otherFile: (fileName: string) => SourceFile | undefined,
): ReuseSession {
  const text = sourceFile.text;
  const statements = sourceFile.statements;
  const prologue = text.slice(0, statements.length > 0 ? statements[0]!.getStart(sourceFile) : text.length);
  const units = statements.map((s) => unitOf(s, text));
  const records = new Map<Node, UnitAnswers>();
  const reusable = new Set<Node>();
  /** The edit inside one unit, when it could be placed there; statements beside it that keep their answers. */
  let inner: InnerEdit | undefined;
  const reusableInside = new Set<Node>();
  const exported = exportedNames(statements);

  const plan = (): { why: string } | undefined => {
    if (!previous) return { why: "first analysis" };
    if (prologue !== previous.prologue) return { why: "the file header changed" };
    if (!isModule(statements)) return { why: "a script file (its declarations are global)" };
    // Units are matched in order, from both ends: what lies between changed. Order matters (overloads,
    // duplicate declarations), so a moved statement counts as removed and added.
    const old = previous.units;
    let head = 0;
    while (head < units.length && head < old.length && units[head]!.text === old[head]!.text) head++;
    let tail = 0;
    while (tail < units.length - head && tail < old.length - head && units[units.length - 1 - tail]!.text === old[old.length - 1 - tail]!.text) tail++;
    const matched = new Map<Node, UnitAnswers>();
    for (let i = 0; i < head; i++) matched.set(units[i]!.node, old[i]!);
    for (let i = 1; i <= tail; i++) matched.set(units[units.length - i]!.node, old[old.length - i]!);
    const changedNew = units.slice(head, units.length - tail);
    const removed = old.slice(head, old.length - tail);
    const changedRecords = changedNew.map((u) => describe(u, scriptKindIsJs));
    changedNew.forEach((u, i) => records.set(u.node, changedRecords[i]!));
    if (changedRecords.some((r) => r.unsafe) || removed.some((r) => r.unsafe)) return { why: "a changed statement has parse errors or augments a global or module" };
    const names = new Set<string>();
    inner = innerEdit(previous.text, text, changedNew, removed, scriptKindIsJs, sourceFile);
    if (!inner?.keepsUnitNames) for (const r of [...changedRecords, ...removed]) for (const n of r.declared) names.add(n);
    for (const n of inner?.names ?? []) names.add(n);
    // Units naming a changed name are asked again, and what they declare may change in turn; so are the
    // statements beside the edit inside its unit.
    const affected = new Set<Node>(changedNew.map((u) => u.node));
    // A statement at the top level that can change the flow (a call that never returns, an assignment, a
    // throw) changes what the code after it sees of narrowed variables: everything after it is asked again.
    if (changedRecords.some((r) => r.flow) || removed.some((r) => r.flow)) for (let i = head; i < units.length; i++) affected.add(units[i]!.node);
    const candidates: { node: Node; named: ReadonlySet<string>; declared: readonly string[] }[] = [
      ...units.filter((u) => !affected.has(u.node)).map((u) => ({ node: u.node, ...matched.get(u.node)! })),
      // A statement beside the edit that is asked again may also narrow what follows it differently: all its
      // words count. A class member is code of its own (no flow between members): only what it declares.
      ...(inner?.siblings ?? []).map((node) => {
        const named = wordsOf(text.slice(node.getStart(sourceFile), node.end));
        const member = node.parent.kind === K.ClassDeclaration || node.parent.kind === K.ClassExpression;
        return { node, named, declared: member ? declaredNames(node, named) : [...named] };
      }),
    ];
    // Breadth first over names, through an index from each word to the statements naming it: linear in the
    // words of the file (a chain of thousands of generated functions must not cost their square).
    const naming = new Map<string, typeof candidates>();
    for (const c of candidates) {
      if (affected.has(c.node)) continue;
      for (const w of c.named) {
        const list = naming.get(w);
        if (list) list.push(c);
        else naming.set(w, [c]);
      }
    }
    const spread = (queue: string[]) => {
      while (queue.length > 0) {
        for (const c of naming.get(queue.pop()!) ?? []) {
          if (affected.has(c.node)) continue;
          affected.add(c.node);
          for (const n of c.declared) if (!names.has(n)) names.add(n), queue.push(n);
        }
      }
    };
    spread([...names]);
    // A function without a declared return type kept its type only if every `return` and `yield` of it lies
    // in a statement beside the edit that keeps its answers.
    const pending = inner?.pendingFunction;
    const kept = (n: Node) => {
      for (let p: Node | undefined = n; p && p !== pending; p = p.parent) if (inner!.shifts.has(p)) return !affected.has(p);
      return false;
    };
    if (pending && ownReturns(pending).some((r) => !kept(r))) {
      const more = [...inner!.namesAbove, ...[...changedRecords, ...removed].flatMap((r) => r.declared)].filter((n) => !names.has(n));
      for (const n of more) names.add(n);
      spread(more);
    }
    if (inner) for (const node of inner.siblings) if (!affected.has(node)) reusableInside.add(node);
    // Another file of the project may derive its exports from ours and hand them back through an import.
    const changedExports = [...names].filter((n) => exported.has(n) || previous.exported.has(n));
    if (changedExports.length > 0 && exportsComeBack(changedExports)) return { why: "an exported name changed and may come back through an import cycle" };
    for (const u of units) {
      const kept = matched.get(u.node);
      if (!kept) continue;
      if (affected.has(u.node)) {
        // The same text: what it declares and names holds; only its answers are asked afresh.
        records.set(u.node, { ...kept, answers: new Map() });
        continue;
      }
      reusable.add(u.node);
      records.set(u.node, kept);
    }
    return undefined;
  };
  const refused = plan();
  if (refused) reusableInside.clear();
  for (const u of units) if (!records.has(u.node)) records.set(u.node, describe(u, scriptKindIsJs));
  const unitByNode = new Map(units.map((u) => [u.node, u]));

  /** The unit holding `node` and the node's key in it, if the node is in this file's tree. */
  const locate = (node: Node): { unit: Node; key: string } | undefined => {
    let top: Node = node;
    while (top.parent && top.parent !== sourceFile) top = top.parent;
    if (top.parent !== sourceFile) return undefined;
    const unit = unitByNode.get(top);
    if (!unit) return undefined;
    return { unit: top, key: keyOf(node, unit.anchor, 0) };
  };
  const keyOf = (node: Node, anchor: number, shift: number) => `${node.kind}:${Math.max(node.getStart(sourceFile), anchor) - anchor - shift}:${node.end - anchor - shift}`;

  /** For a node of the edited unit in a statement beside the edit that keeps its answers: its key in the old unit. */
  const oldKeyInside = (node: Node, unit: Node): string | undefined => {
    if (!inner || unit !== inner.unit.node || reusableInside.size === 0) return undefined;
    for (let p: Node | undefined = node; p && p !== unit; p = p.parent) {
      if (!reusableInside.has(p)) continue;
      return keyOf(node, inner.unit.anchor, inner.shifts.get(p)!);
    }
    return undefined;
  };

  const ask = (method: keyof TypeOracle, args: readonly unknown[], call: () => unknown): unknown => {
    const where = locate(args[0] as Node);
    if (!where) return call();
    const rest = args.length > 1 ? JSON.stringify(args.slice(1)) : "";
    const key = `${method}|${where.key}|${rest}`;
    const answers = records.get(where.unit)!.answers;
    if (answers.has(key)) return copy(answers.get(key));
    const oldKey = oldKeyInside(args[0] as Node, where.unit);
    if (oldKey !== undefined && inner!.old.answers.has(`${method}|${oldKey}|${rest}`)) {
      const kept = inner!.old.answers.get(`${method}|${oldKey}|${rest}`);
      answers.set(key, kept);
      return copy(kept);
    }
    const answer = call();
    answers.set(key, copy(answer));
    return answer;
  };

  const unitByText = new Map(units.map((u) => [u.text, u]));
  // A declaration is kept as where it is: in a unit of this file (which may have moved), or in another file.
  const place = (decl: Node | undefined): DeclarationPlace | null => {
    if (!decl) return null;
    const here = locate(decl);
    if (here) return { unit: unitByNode.get(here.unit)!.text, key: here.key };
    let root: Node = decl;
    while (root.parent) root = root.parent;
    const fileName = (root as { fileName?: string }).fileName;
    return fileName ? { file: fileName, key: `${decl.kind}:${decl.pos}:${decl.end}` } : null;
  };
  const find = (p: DeclarationPlace | null): Node | undefined => {
    if (!p) return undefined;
    if ("unit" in p) {
      const u = unitByText.get(p.unit);
      if (u) return nodeAt(u.node, p.key, u.anchor, (n) => n.getStart(sourceFile));
      // In the old text of the edited unit: found again if it lies wholly before or after the edit.
      if (!inner || p.unit !== inner.old.text) return undefined;
      const [kind, from, to] = p.key.split(":").map(Number) as [number, number, number];
      const editFrom = inner.start - inner.unit.anchor;
      const oldEditTo = inner.end - inner.delta - inner.unit.anchor;
      const shift = to <= editFrom ? 0 : from >= oldEditTo ? inner.delta : undefined;
      return shift === undefined ? undefined : nodeAt(inner.unit.node, `${kind}:${from + shift}:${to + shift}`, inner.unit.anchor, (n) => n.getStart(sourceFile));
    }
    const other = otherFile(p.file);
    return other && nodeAt(other, p.key, 0, (n) => n.pos);
  };
  const declarationOf = (callee: Node): Node | undefined => {
    const where = locate(callee);
    if (!where) return base.valueDeclaration(callee);
    const key = `valueDeclaration|${where.key}|`;
    const answers = records.get(where.unit)!.answers;
    if (answers.has(key)) {
      const found = find(answers.get(key) as DeclarationPlace | null);
      if (found || answers.get(key) === null) return found;
    }
    // Beside the edit in the edited unit: what the previous analysis found, found again in the new tree.
    const oldKey = oldKeyInside(callee, where.unit);
    const kept = oldKey === undefined ? undefined : inner!.old.answers.get(`valueDeclaration|${oldKey}|`);
    if (kept !== undefined) {
      const found = find(kept as DeclarationPlace | null);
      if (found || kept === null) {
        answers.set(key, place(found));
        return found;
      }
    }
    const decl = base.valueDeclaration(callee);
    answers.set(key, place(decl));
    return decl;
  };

  const types = wrapOracle(base, ask, declarationOf, (nodes) =>
    base.prefetch(
      nodes.filter((n) => {
        const where = locate(n);
        return !where || (!reusable.has(where.unit) && oldKeyInside(n, where.unit) === undefined);
      }),
    ),
  );
  return {
    types,
    outcome: refused ? { reused: 0, units: units.length, why: refused.why } : { reused: reusable.size, units: units.length, inside: reusableInside.size },
    answers: () => ({ text, prologue, exported, units: units.map((u) => records.get(u.node)!) }),
  };
}

type DeclarationPlace = { unit: string; key: string } | { file: string; key: string };

/** The node of kind and span `key` (as made by `locate`, relative to `anchor`) below `root`. */
function nodeAt(root: Node, key: string, anchor: number, startOf: (n: Node) => number): Node | undefined {
  const [kind, pos, end] = key.split(":").map(Number) as [number, number, number];
  let found: Node | undefined;
  const visit = (n: Node): boolean | undefined => {
    const to = n.end - anchor;
    if (to < end || n.pos - anchor > pos) return undefined;
    if (n.kind === kind && to === end && Math.max(startOf(n), anchor) - anchor === pos) return !!(found = n);
    return n.forEachChild(visit) ?? undefined;
  };
  if (root.kind === kind && Math.max(startOf(root), anchor) - anchor === pos && root.end - anchor === end) return root;
  root.forEachChild(visit);
  return found;
}

interface Unit {
  node: Node;
  /** Offset of the unit's first non-blank character: blank lines before a statement do not change it. */
  anchor: number;
  text: string;
}

function unitOf(node: Node, text: string): Unit {
  let anchor = node.pos;
  while (anchor < node.end && /\s/.test(text[anchor]!)) anchor++;
  return { node, anchor, text: text.slice(anchor, node.end) };
}

const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu;

/** The words of a text that can be names (reserved words cannot). */
export function wordsOf(text: string): Set<string> {
  const words = new Set(text.match(IDENTIFIER) ?? []);
  for (const w of RESERVED) words.delete(w);
  return words;
}

const RESERVED = "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch throw true try typeof var void while with implements interface package private protected public static".split(" ");

function describe(u: Unit, js: boolean): UnitAnswers {
  const node = u.node;
  const unsafe = (node.flags & (NodeFlags.ThisNodeHasError | NodeFlags.ThisNodeOrAnySubNodesHasError)) !== 0 || isAugmentation(node) || (js && !isDeclaration(node));
  // Every word of the text counts as named (strings and comments too): more re-asking, never less.
  const named = wordsOf(u.text);
  return { text: u.text, declared: declaredNames(node, named), named, unsafe, flow: mayAffectFlow(node), answers: new Map() };
}

function isDeclaration(node: Node): boolean {
  return DECLARATIONS.has(node.kind);
}

const DECLARATIONS = new Set<number>([
  K.FunctionDeclaration,
  K.ClassDeclaration,
  K.InterfaceDeclaration,
  K.TypeAliasDeclaration,
  K.EnumDeclaration,
  K.ModuleDeclaration,
  K.VariableStatement,
  K.ImportDeclaration,
  K.ImportEqualsDeclaration,
  K.ExportDeclaration,
  K.ExportAssignment,
]);

/** `declare global { … }` and `declare module "x" { … }` change types no name of this file points to. */
function isAugmentation(node: Node): boolean {
  if (node.kind !== K.ModuleDeclaration) return false;
  const name = (node as { name?: Node }).name;
  return !name || name.kind !== K.Identifier || (name as Node & { text: string }).text === "global";
}

/**
 * The names a statement declares in its scope. A statement that is not a declaration (an expression
 * statement, an `if`) may still give a name new members (`fn.extra = 1`), change a variable, or declare
 * a `var` inside a block: then every word in it counts. (How it changes the flow for the code after it
 * is `mayAffectFlow`'s question.)
 */
function declaredNames(node: Node, named: ReadonlySet<string>): string[] {
  const nameOf = (n: Node | undefined) => (n && n.kind === K.Identifier ? [(n as { text: string } & Node).text] : []);
  switch (node.kind) {
    case K.FunctionDeclaration:
    case K.ClassDeclaration:
    case K.InterfaceDeclaration:
    case K.TypeAliasDeclaration:
    case K.EnumDeclaration:
    case K.ModuleDeclaration:
    case K.ImportEqualsDeclaration:
      return nameOf((node as { name?: Node }).name);
    case K.MethodDeclaration:
    case K.PropertyDeclaration:
    case K.GetAccessor:
    case K.SetAccessor: {
      const name = (node as { name?: Node }).name;
      return name && (name.kind === K.Identifier || name.kind === K.PrivateIdentifier) ? [(name as Node & { text: string }).text] : [...named];
    }
    case K.VariableStatement:
    case K.ImportDeclaration: {
      // Binding names (destructuring included) and import clause names: every identifier below the names;
      // and what an initializer assigns (`const a = (b = f())` narrows `b` in the statements after it).
      const out: string[] = node.kind === K.VariableStatement ? changedNames(node) : [];
      const collect = (n: Node) => identifiersIn(n, out);
      if (node.kind === K.ImportDeclaration) {
        const clause = (node as { importClause?: Node }).importClause;
        if (clause) collect(clause);
      } else {
        const list = (node as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList;
        for (const d of list.declarations) collect((d as unknown as { name: Node }).name);
      }
      return out;
    }
    case K.ExportDeclaration:
    case K.ExportAssignment:
      return [];
    default:
      return changedNames(node);
  }
}

/** Every identifier in `n` (a binding pattern, an assignment target's root), added to `out`. */
function identifiersIn(n: Node, out: string[]): void {
  if (n.kind === K.Identifier) out.push((n as unknown as { text: string }).text);
  n.forEachChild((c) => void identifiersIn(c, out));
}

/** What an assignment target changes: `a` of `a.b[c]!`, `(a as T).b`; a destructuring target itself. */
function assignmentRoot(target: Node): Node {
  let t = target;
  while (ASSIGNMENT_PATH.has(t.kind)) t = (t as unknown as { expression: Node }).expression;
  return t;
}

const ASSIGNMENT_PATH = new Set<number>([
  K.PropertyAccessExpression,
  K.ElementAccessExpression,
  K.NonNullExpression,
  K.ParenthesizedExpression,
  K.AsExpression,
  K.TypeAssertionExpression,
  K.SatisfiesExpression,
]);

/**
 * The names a statement changes outside nested functions: the variables it assigns or increments (the
 * root of `a.b.c = …`, which may also give `a` a new member; every name in a destructuring target), and
 * the `var`s it declares in inner blocks (they belong to the enclosing function or module).
 */
function changedNames(node: Node): string[] {
  const out: string[] = [];
  const root = (target: Node): void => identifiersIn(assignmentRoot(target), out);
  const visit = (n: Node): undefined => {
    if (isFunctionLike(n)) return undefined;
    if (n.kind === K.BinaryExpression && isAssignmentOperator((n as unknown as { operatorToken: Node }).operatorToken.kind)) root((n as unknown as { left: Node }).left);
    else if ((n.kind === K.PrefixUnaryExpression || n.kind === K.PostfixUnaryExpression) && INCREMENTS.has((n as unknown as { operator: number }).operator)) root((n as unknown as { operand: Node }).operand);
    else if (n.kind === K.VariableDeclarationList && (n.flags & (NodeFlags.Let | NodeFlags.Const | NodeFlags.Using)) === 0) {
      for (const d of (n as unknown as { declarations: readonly Node[] }).declarations) identifiersIn((d as unknown as { name: Node }).name, out);
    } else if ((n.kind === K.ForInStatement || n.kind === K.ForOfStatement) && (n as unknown as { initializer: Node }).initializer.kind !== K.VariableDeclarationList) {
      root((n as unknown as { initializer: Node }).initializer); // `for (x of xs)` assigns x
    }
    n.forEachChild(visit);
    return undefined;
  };
  node.forEachChild(visit);
  return out;
}

const INCREMENTS = new Set<number>([K.PlusPlusToken, K.MinusMinusToken]);

function exportedNames(statements: readonly Node[]): Set<string> {
  const out = new Set<string>();
  for (const s of statements) {
    const mods = (s as { modifiers?: readonly Node[] }).modifiers;
    if (mods?.some((m) => m.kind === K.ExportKeyword)) {
      for (const n of declaredNames(s, new Set())) out.add(n);
      if (mods.some((m) => m.kind === K.DefaultKeyword)) out.add("default");
    }
    if (s.kind === K.ExportAssignment) out.add("default");
    if (s.kind === K.ExportDeclaration) {
      const clause = (s as { exportClause?: { elements?: readonly Node[] } }).exportClause;
      for (const e of clause?.elements ?? []) {
        const el = e as unknown as { name: Node; propertyName?: Node };
        for (const n of [el.name, el.propertyName]) if (n && n.kind === K.Identifier) out.add((n as { text: string } & Node).text);
      }
    }
  }
  return out;
}

/** A module has an import or export; in a script every top-level declaration is global. */
function isModule(statements: readonly Node[]): boolean {
  return statements.some(
    (s) =>
      s.kind === K.ImportDeclaration ||
      s.kind === K.ExportDeclaration ||
      s.kind === K.ExportAssignment ||
      (s.kind === K.ImportEqualsDeclaration && (s as { moduleReference?: Node }).moduleReference?.kind === K.ExternalModuleReference) ||
      !!(s as { modifiers?: readonly Node[] }).modifiers?.some((m) => m.kind === K.ExportKeyword),
  );
}

interface InnerEdit {
  /** The edited unit, and what its previous text left. */
  unit: Unit;
  old: UnitAnswers;
  /** The edit in the new text, and how much longer the text got. */
  start: number;
  end: number;
  delta: number;
  /** Statements and class members inside the unit that do not touch the edit. */
  siblings: Node[];
  /** Per sibling: how far its text moved (0 before the edit, `delta` after it). */
  shifts: Map<Node, number>;
  /** Names whose type the edit may change inside the unit. */
  names: Set<string>;
  /** The edit is inside the body of a function whose type does not depend on its body: the unit's names keep their types. */
  keepsUnitNames: boolean;
  /** Set when that holds only if no `return` of this function beside the edit is asked again; then `namesAbove` count. */
  pendingFunction: Node | undefined;
  namesAbove: Set<string>;
}

/**
 * Places the edit from `before` to `after` inside its one changed unit. The old tree is gone, so the old
 * side is judged by its text: neither the old nor the new edited text may hold a brace, quote, backtick,
 * backslash or slash (nothing that could end a block, open a string or comment around unchanged text, or
 * start a regular expression); then the unit's structure outside the edit is the same as before. Not in
 * JavaScript, where `this.x = …` anywhere in a class declares a member.
 */
function innerEdit(before: string, after: string, changedNew: readonly Unit[], removed: readonly UnitAnswers[], js: boolean, sf: SourceFile): InnerEdit | undefined {
  if (js || changedNew.length !== 1 || removed.length !== 1) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const end = after.length - tail;
  const oldMiddle = before.slice(start, before.length - tail);
  const newMiddle = after.slice(start, end);
  if (STRUCTURAL.test(oldMiddle) || STRUCTURAL.test(newMiddle)) return undefined;
  const unit = changedNew[0]!;
  if (start < unit.anchor || end > unit.node.end) return undefined;
  // Touching the edit counts as overlapping it (a deletion leaves an empty span).
  const touches = (n: Node) => n.getStart(sf) <= end && n.end >= start;
  const delta = after.length - before.length;
  const shifts = new Map<Node, number>();
  // Where an insertion lands between two statements is ambiguous ("a;\nb;" + "x;\n" may read as "a;\nb" +
  // ";\nx" + ";\n"): a statement touching the edit whose text is the same as before, moved or not, is unchanged.
  const unchangedShift = (n: Node): number | undefined => {
    const from = n.getStart(sf);
    const own = after.slice(from, n.end);
    if (from < start && before.slice(from, n.end) === own) return 0;
    if (n.end > end && before.slice(from - delta, n.end - delta) === own) return delta;
    return undefined;
  };
  // The innermost node holding the whole edit.
  let node: Node = unit.node;
  for (let descended = true; descended; ) {
    descended = false;
    node.forEachChild((c) => {
      if (!descended && c.getStart(sf) <= start && end <= c.end) {
        node = c;
        descended = true;
      }
      return undefined;
    });
  }
  // What the old text declared or assigned in its edited part is not known: its words count.
  const names = wordsOf(oldMiddle);
  const siblings: Node[] = [];
  let innermostList = true;
  let keepsUnitNames = false;
  let stopNames = false;
  // The innermost function holding the edit, when it has no declared return type but the edit touches no
  // `return` (nor the flow): its type holds if no `return` beside the edit is asked again (plan() checks);
  // else the names of the statements above it count after all.
  let pendingFunction: Node | undefined;
  const namesAbove = new Set<string>();
  let returnOnPath = false;
  // Flow: inside the function (or top level) holding the edit, code after the edit, and in a loop around
  // it all of the loop, may see variables narrowed differently when the edit can change the flow. The old
  // text is judged by its words.
  let flow = OLD_FLOW.test(oldMiddle);
  let sameFlow = true;
  const loops = new Set<Node>();
  for (let p: Node | undefined = node; p && !isFunctionLike(p) && p.kind !== K.Constructor && p.kind !== K.GetAccessor && p.kind !== K.SetAccessor; p = p.parent) {
    if (LOOPS.has(p.kind)) loops.add(p);
  }
  for (let p: Node | undefined = node; p && p !== unit.node.parent; p = p.parent) {
    if (p.kind === K.ReturnStatement || p.kind === K.YieldExpression) returnOnPath = true;
    const list = itemsOf(p);
    if (list) {
      const changedItems = list.filter((item) => touches(item) && unchangedShift(item) === undefined);
      if (innermostList) flow ||= changedItems.some(mayAffectFlow);
      let insideLoop = false;
      for (let q: Node | undefined = p.parent; q && sameFlow; q = q.parent) if (loops.has(q)) insideLoop = true;
      for (const item of list) {
        const shift = touches(item) ? unchangedShift(item) : item.getStart(sf) > end ? delta : 0;
        if (shift === undefined) {
          // The edited statements: what they declare or assign. A statement holding them inside the function:
          // only what the edit's own place in it declares or assigns (`const r = xs.map(() => { … })`).
          if (innermostList) for (const n of declaredNames(item, wordsOf(after.slice(item.getStart(sf), item.end)))) names.add(n);
          else if (!stopNames) for (const n of namesOnPath(node, item)) names.add(n);
          else if (pendingFunction) for (const n of declaredNames(item, wordsOf(after.slice(item.getStart(sf), item.end)))) namesAbove.add(n);
          continue;
        }
        const later = item.getStart(sf) >= start;
        if (sameFlow && flow && (later || insideLoop)) continue; // asked again: not a sibling that keeps its answers
        siblings.push(item);
        shifts.set(item, shift);
      }
      innermostList = false;
    }
    if (isFunctionLike(p) || p.kind === K.Constructor || p.kind === K.GetAccessor || p.kind === K.SetAccessor) sameFlow = false;
    // Above the body of a function whose type its body cannot change, the edit changes no name.
    if (!stopNames && p.kind === K.Block && p.parent && isFunctionBody(p.parent, p) && p.getStart(sf) < start && end < p.end) {
      const fn = p.parent;
      if ((fn as { type?: Node }).type || fn.kind === K.Constructor || fn.kind === K.SetAccessor) {
        stopNames = true;
        keepsUnitNames = true;
      } else if (!flow && !returnOnPath) {
        stopNames = true;
        keepsUnitNames = true;
        pendingFunction = fn;
      }
    }
  }
  return { unit, old: removed[0]!, start, end, delta, siblings, shifts, names, keepsUnitNames, pendingFunction, namesAbove };
}

/**
 * The names declared or assigned at the places from `inner` up to `outer` (its ancestors): a variable whose
 * initialiser holds the edit, an assignment or increment that holds it. What the rest of `outer` declares or
 * assigns does not depend on the edit (the statements beside it are checked by name).
 */
function namesOnPath(inner: Node, outer: Node): string[] {
  const out: string[] = [];
  for (let p: Node | undefined = inner; p; p = p.parent) {
    if (p.kind === K.VariableDeclaration || p.kind === K.BindingElement) identifiersIn((p as unknown as { name: Node }).name, out);
    else if (NAMED_ON_PATH.has(p.kind)) {
      // A function or class that holds the edit may change type (one without a declared return type).
      const name = (p as unknown as { name?: Node }).name;
      if (name && (name.kind === K.Identifier || name.kind === K.PrivateIdentifier)) out.push((name as unknown as { text: string }).text);
    } else if (p.kind === K.BinaryExpression && isAssignmentOperator((p as unknown as { operatorToken: Node }).operatorToken.kind)) identifiersIn(assignmentRoot((p as unknown as { left: Node }).left), out);
    else if ((p.kind === K.PrefixUnaryExpression || p.kind === K.PostfixUnaryExpression) && INCREMENTS.has((p as unknown as { operator: number }).operator)) identifiersIn(assignmentRoot((p as unknown as { operand: Node }).operand), out);
    if (p === outer) break;
  }
  return out;
}

const NAMED_ON_PATH = new Set<number>([K.FunctionDeclaration, K.FunctionExpression, K.ClassDeclaration, K.ClassExpression, K.MethodDeclaration, K.PropertyDeclaration, K.GetAccessor, K.SetAccessor]);

/** The `return` statements and `yield` expressions of a function's own body (not of functions nested in it). */
function ownReturns(fn: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): undefined => {
    if (isFunctionLike(n) || n.kind === K.ClassDeclaration || n.kind === K.ClassExpression || n.kind === K.Constructor || n.kind === K.GetAccessor || n.kind === K.SetAccessor) return undefined;
    if (n.kind === K.ReturnStatement || n.kind === K.YieldExpression) out.push(n);
    n.forEachChild(visit);
    return undefined;
  };
  const body = (fn as unknown as { body?: Node }).body;
  if (body) visit(body);
  return out;
}

const LOOPS = new Set<number>([K.ForStatement, K.ForInStatement, K.ForOfStatement, K.WhileStatement, K.DoStatement]);

/** Words and signs in removed text that may have changed the flow: a call, an assignment, a jump. */
const OLD_FLOW = /[(=]|\+\+|--|\b(return|throw|break|continue|yield|await|delete)\b/;

/**
 * Whether running `node` can change what the code after it sees: a call or `new` (a function that never
 * returns, an assertion signature), an assignment or increment, a jump, `await`/`yield`, `delete`, a loop.
 * Not inside nested functions or classes, which run later.
 */
function mayAffectFlow(node: Node): boolean {
  if (FLOW_FREE_DECLARATIONS.has(node.kind)) return false;
  let found = false;
  const visit = (n: Node): undefined => {
    if (found) return undefined;
    if (isFunctionLike(n) || n.kind === K.ClassExpression || n.kind === K.ClassDeclaration) return undefined;
    if (FLOW_KINDS.has(n.kind)) found = true;
    else if (n.kind === K.BinaryExpression && isAssignmentOperator((n as unknown as { operatorToken: Node }).operatorToken.kind)) found = true;
    else if ((n.kind === K.PrefixUnaryExpression || n.kind === K.PostfixUnaryExpression) && INCREMENTS.has((n as unknown as { operator: number }).operator)) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  if (FLOW_KINDS.has(node.kind)) return true;
  node.forEachChild(visit);
  return found;
}

const FLOW_FREE_DECLARATIONS = new Set<number>([
  K.FunctionDeclaration,
  // Class bodies and enum members are flow containers of their own.
  K.ClassDeclaration,
  K.EnumDeclaration,
  K.InterfaceDeclaration,
  K.TypeAliasDeclaration,
  K.ImportDeclaration,
  K.ImportEqualsDeclaration,
  K.ExportDeclaration,
  K.ModuleDeclaration,
  K.EmptyStatement,
]);

const FLOW_KINDS = new Set<number>([
  K.CallExpression,
  K.NewExpression,
  K.TaggedTemplateExpression,
  K.AwaitExpression,
  K.YieldExpression,
  K.DeleteExpression,
  K.ReturnStatement,
  K.ThrowStatement,
  K.BreakStatement,
  K.ContinueStatement,
  K.ForStatement,
  K.ForInStatement,
  K.ForOfStatement,
  K.WhileStatement,
  K.DoStatement,
  K.LabeledStatement,
  K.TryStatement,
  K.SwitchStatement,
  K.Decorator,
]);

/** The statements of a block, clause or namespace body, or the members of a class: what a sibling can be. */
function itemsOf(node: Node): readonly Node[] | undefined {
  switch (node.kind) {
    case K.Block:
    case K.ModuleBlock:
    case K.CaseClause:
    case K.DefaultClause:
      return (node as unknown as { statements: readonly Node[] }).statements;
    case K.ClassDeclaration:
    case K.ClassExpression:
      return (node as unknown as { members: readonly Node[] }).members;
    default:
      return undefined;
  }
}

const STRUCTURAL = /[{}`'"\\/]/;

function isFunctionBody(fn: Node, block: Node): boolean {
  return (isFunctionLike(fn) || fn.kind === K.Constructor || fn.kind === K.GetAccessor || fn.kind === K.SetAccessor) && (fn as { body?: Node }).body === block;
}

/** Answers are plain data; arrays are copied so a caller that changes one cannot change the memory. */
function copy<T>(v: T): T {
  return (Array.isArray(v) ? [...v] : v) as T;
}

/** Not kept as answers: prefetch answers nothing, and a declaration (a node of one tree) is kept as a place. */
const NOT_KEPT: ReadonlySet<keyof TypeOracle> = new Set<keyof TypeOracle>(["prefetch", "valueDeclaration"]);

function wrapOracle(
  base: TypeOracle,
  ask: (method: keyof TypeOracle, args: readonly unknown[], call: () => unknown) => unknown,
  valueDeclaration: (callee: Node) => Node | undefined,
  prefetch: (nodes: readonly Node[]) => void,
): TypeOracle {
  const wrapped: Record<string, unknown> = {};
  for (const method of ORACLE_METHODS) {
    const original = (base[method] as (...a: unknown[]) => unknown).bind(base);
    wrapped[method] = NOT_KEPT.has(method) ? original : (...args: unknown[]) => ask(method, args, () => original(...args));
  }
  wrapped.prefetch = prefetch;
  wrapped.valueDeclaration = valueDeclaration;
  return wrapped as unknown as TypeOracle;
}

/** Every method of the oracle; the record type makes the compiler check that none is missing. */
const METHOD_TABLE: Record<keyof TypeOracle, true> = {
  prefetch: true,
  promiseKind: true,
  isPromiseArray: true,
  isCallable: true,
  matchesSpecifier: true,
  calleeMatchesSpecifier: true,
  thenable: true,
  returnsThenable: true,
  memberReturnsThenable: true,
  hasPropertyEverywhere: true,
  isArrayOrTuple: true,
  isPlainArray: true,
  tupleLength: true,
  declarationOrigin: true,
  isBuiltinPromiseValue: true,
  stringLiteralValue: true,
  callbackExpectation: true,
  contextualCallbackExpectation: true,
  contextualPropertyExpectation: true,
  propertyExpectation: true,
  voidCallbackArguments: true,
  possiblyVoidCallbackArguments: true,
  disposeExpectation: true,
  elementDomainSize: true,
  valueDeclaration: true,
  promiseReturnFit: true,
  mayBeThenable: true,
  elementMatchesSpecifier: true,
};
const ORACLE_METHODS = Object.keys(METHOD_TABLE) as (keyof TypeOracle)[];
