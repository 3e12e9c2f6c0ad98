// The syntax side of the engine: AST node types, SyntaxKind and small structural helpers.
// Rules import these from here, never from `typescript` directly, so a second engine only
// has to provide this module and `oracle.ts`.
import { SyntaxKind, NodeFlags } from "typescript/unstable/ast";
import type {
  Node,
  SourceFile,
  Expression,
  CallExpression,
  PropertyAccessExpression,
  ElementAccessExpression,
  BinaryExpression,
  ExpressionStatement,
  ConditionalExpression,
  Identifier,
  ArrowFunction,
  FunctionExpression,
  FunctionDeclaration,
  MethodDeclaration,
} from "typescript/unstable/ast";

export { SyntaxKind, NodeFlags };
export type {
  Node,
  SourceFile,
  Expression,
  CallExpression,
  PropertyAccessExpression,
  ElementAccessExpression,
  BinaryExpression,
  ExpressionStatement,
  ConditionalExpression,
  Identifier,
  ArrowFunction,
  FunctionExpression,
  FunctionDeclaration,
  MethodDeclaration,
};

export const K = SyntaxKind;

/** Strips parentheses, the way ESTree-based tools never see them. */
export function skipParens(node: Expression): Expression {
  let n = node;
  while (n.kind === SyntaxKind.ParenthesizedExpression) n = (n as unknown as { expression: Expression }).expression;
  return n;
}

export function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** `a && b`, `a || b`, `a ?? b`: ESTree's LogicalExpression. */
export function isLogicalOperator(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;
}

/** The name of `x.name` / `x?.name` / `x["name"]`, when it is static. */
export function memberName(node: Node): string | undefined {
  if (node.kind === SyntaxKind.PropertyAccessExpression) {
    const name = (node as PropertyAccessExpression).name;
    return name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.PrivateIdentifier ? (name as Identifier).text : undefined;
  }
  if (node.kind === SyntaxKind.ElementAccessExpression) {
    const arg = (node as ElementAccessExpression).argumentExpression;
    if (arg.kind === SyntaxKind.StringLiteral || arg.kind === SyntaxKind.NoSubstitutionTemplateLiteral) return (arg as unknown as { text: string }).text;
  }
  return undefined;
}

/** The object of a member access (`x` in `x.y`, `x?.y`, `x["y"]`). */
export function memberObject(node: Node): Expression | undefined {
  if (node.kind === SyntaxKind.PropertyAccessExpression || node.kind === SyntaxKind.ElementAccessExpression) {
    return (node as PropertyAccessExpression).expression;
  }
  return undefined;
}

export type FunctionLike = ArrowFunction | FunctionExpression | FunctionDeclaration | MethodDeclaration;

export function isFunctionLike(node: Node): node is FunctionLike {
  switch (node.kind) {
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

export function hasModifier(node: Node, kind: SyntaxKind): boolean {
  const mods = (node as { modifiers?: readonly Node[] }).modifiers;
  return !!mods && mods.some((m) => m.kind === kind);
}

export function isAsyncFunction(node: Node): boolean {
  return isFunctionLike(node) && hasModifier(node, SyntaxKind.AsyncKeyword);
}

/** The nearest enclosing function (or undefined at module/script top level). */
export function enclosingFunction(node: Node): FunctionLike | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isFunctionLike(p)) return p;
    if (p.kind === SyntaxKind.ClassStaticBlockDeclaration) return undefined;
  }
  return undefined;
}

/**
 * The function a declaration stands for: a function or method declaration, or a variable, property or
 * property assignment initialised with a function or arrow expression.
 */
export function declaredFunction(decl: Node | undefined): Node | undefined {
  if (!decl) return undefined;
  if (decl.kind === SyntaxKind.FunctionDeclaration || decl.kind === SyntaxKind.MethodDeclaration) return decl;
  if (decl.kind === SyntaxKind.VariableDeclaration || decl.kind === SyntaxKind.PropertyDeclaration || decl.kind === SyntaxKind.PropertyAssignment) {
    const init = (decl as unknown as { initializer?: Expression }).initializer;
    const fn = init && skipParens(init);
    return fn && (fn.kind === SyntaxKind.ArrowFunction || fn.kind === SyntaxKind.FunctionExpression) ? fn : undefined;
  }
  return undefined;
}

/** Nodes that hold only types: no code runs inside them, so no rule looks there. */
function isTypeOnly(node: Node): boolean {
  const k = node.kind;
  return (
    (k >= SyntaxKind.FirstTypeNode && k <= SyntaxKind.LastTypeNode) ||
    k === SyntaxKind.InterfaceDeclaration ||
    k === SyntaxKind.TypeAliasDeclaration ||
    k === SyntaxKind.ImportDeclaration ||
    k === SyntaxKind.HeritageClause ||
    k === SyntaxKind.TypeParameter
  );
}

/**
 * Visits every node below `root` in source order, except type-only subtrees (the AST is decoded
 * lazily, so not entering them saves real time). Interface declarations are visited but not
 * entered: their heritage matters to a rule. Returning `false` skips a node's children.
 */
export function walk(root: Node, visit: (node: Node) => boolean | void): void {
  const go = (node: Node): undefined => {
    if (isTypeOnly(node)) {
      if (node.kind === SyntaxKind.InterfaceDeclaration) visit(node);
      return undefined;
    }
    if (visit(node) !== false) node.forEachChild(go);
    return undefined;
  };
  root.forEachChild(go);
}

const LITERAL_TOKENS = new Set<number>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateHead,
  SyntaxKind.TemplateMiddle,
  SyntaxKind.TemplateTail,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.JsxText,
]);

/**
 * Whether `pos` lies in trivia (where comments live) rather than inside a string, template,
 * regular expression or JSX text. Used to tell a real comment from comment-like text.
 */
export function isInTrivia(sourceFile: SourceFile, pos: number): boolean {
  // Literal tokens have no children: the deepest node at `pos` is the literal, if `pos` is in one.
  const node = deepestNodeAt(sourceFile, pos);
  return LITERAL_TOKENS.has(node.kind) ? pos < node.getStart(sourceFile) : true;
}

/** The deepest node whose full range (leading trivia included) holds `pos`; the file itself if none does. */
export function deepestNodeAt(sourceFile: SourceFile, pos: number): Node {
  let node: Node = sourceFile;
  for (;;) {
    let next: Node | undefined;
    node.forEachChild((child) => {
      if (child.pos <= pos && pos < child.end) next = child;
      return next;
    });
    if (!next) return node;
    node = next;
  }
}

const topLevelAwait = new WeakMap<SourceFile, boolean>();

/** Whether a module awaits at its top level (`await x`, `for await`), outside every function. */
export function hasTopLevelAwait(sourceFile: SourceFile): boolean {
  let result = topLevelAwait.get(sourceFile);
  if (result === undefined) {
    result = false;
    const visit = (node: Node): boolean | undefined => {
      if (isFunctionLike(node) || node.kind === SyntaxKind.ClassStaticBlockDeclaration) return undefined;
      if (node.kind === SyntaxKind.AwaitExpression || (node.kind === SyntaxKind.ForOfStatement && !!(node as { awaitModifier?: Node }).awaitModifier)) {
        return (result = true);
      }
      return node.forEachChild(visit);
    };
    sourceFile.forEachChild(visit);
    topLevelAwait.set(sourceFile, result);
  }
  return result;
}

/**
 * Whether code at `node` runs in an async body, where `await` is available: an async function,
 * or the top level of a module that already awaits there.
 */
export function isInAsyncContext(node: Node, sourceFile: SourceFile): boolean {
  const fn = enclosingFunction(node);
  if (fn) return isAsyncFunction(fn);
  return hasTopLevelAwait(sourceFile);
}

const statementNames = new WeakMap<Node, Map<string, Node>>();

/** The names a statement list declares (variables, functions, classes, imports), the first declaration of each. */
function namesOfStatements(statements: readonly Node[]): Map<string, Node> {
  const names = new Map<string, Node>();
  const add = (n: Node) => {
    const bound = boundName(n);
    if (bound !== undefined && !names.has(bound)) names.set(bound, n);
  };
  for (const s of statements) {
    if (s.kind === SyntaxKind.VariableStatement) {
      for (const d of (s as unknown as { declarationList: { declarations: readonly Node[] } }).declarationList.declarations) add(d);
    } else if (s.kind === SyntaxKind.FunctionDeclaration || s.kind === SyntaxKind.ClassDeclaration) {
      add(s);
    } else if (s.kind === SyntaxKind.ImportDeclaration) {
      const visit = (n: Node): undefined => {
        if (n.kind === SyntaxKind.ImportSpecifier || n.kind === SyntaxKind.ImportClause || n.kind === SyntaxKind.NamespaceImport) add(n);
        if (n.kind !== SyntaxKind.ImportSpecifier && n.kind !== SyntaxKind.NamespaceImport) n.forEachChild(visit);
        return undefined;
      };
      const clause = (s as unknown as { importClause?: Node }).importClause;
      if (clause) visit(clause);
    }
  }
  return names;
}

/** The name a declaration binds, when it is a plain identifier. */
function boundName(decl: Node): string | undefined {
  const name = (decl as { name?: Node & { text?: string } }).name;
  return name && name.kind === SyntaxKind.Identifier ? name.text : undefined;
}

/**
 * The declaration an identifier refers to, found by walking outwards through the enclosing scopes
 * (no type checker): a variable, parameter, function, class or import in the same file. Undefined
 * when it is declared elsewhere (a global) or by a destructuring pattern.
 */
export function findDeclaration(id: Node): Node | undefined {
  const name = (id as { text?: string }).text;
  if (!name) return undefined;
  // Each statement list is read once per tree: rules ask about many names, most of them declared at the top.
  const inList = (container: Node, statements: readonly Node[] | undefined): Node | undefined => {
    if (!statements) return undefined;
    let names = statementNames.get(container);
    if (!names) statementNames.set(container, (names = namesOfStatements(statements)));
    return names.get(name);
  };
  for (let p: Node | undefined = id.parent; p; p = p.parent) {
    const statements = (p as { statements?: readonly Node[] }).statements;
    const hit = inList(p, statements);
    if (hit) return hit;
    if (isFunctionLike(p)) {
      const param = (p as unknown as { parameters: readonly Node[] }).parameters.find((x) => boundName(x) === name);
      if (param) return param;
    }
    if (p.kind === SyntaxKind.ForOfStatement || p.kind === SyntaxKind.ForInStatement || p.kind === SyntaxKind.ForStatement) {
      const init = (p as unknown as { initializer?: Node }).initializer;
      const list = init && (init as unknown as { declarations?: readonly Node[] }).declarations;
      const d = list?.find((x) => boundName(x) === name);
      if (d) return d;
    }
    if (p.kind === SyntaxKind.CatchClause) {
      const d = (p as unknown as { variableDeclaration?: Node }).variableDeclaration;
      if (d && boundName(d) === name) return d;
    }
  }
  return undefined;
}

/**
 * Expressions whose value is never a promise, and never a function returning one, whatever the
 * types say: literals, operators that yield primitives, function and class expressions. A rule
 * asks the checker nothing about these.
 */
export const NEVER_PROMISE_SYNTAX: ReadonlySet<number> = new Set<number>([
  SyntaxKind.StringLiteral,
  SyntaxKind.NumericLiteral,
  SyntaxKind.BigIntLiteral,
  SyntaxKind.NoSubstitutionTemplateLiteral,
  SyntaxKind.TemplateExpression,
  SyntaxKind.RegularExpressionLiteral,
  SyntaxKind.TrueKeyword,
  SyntaxKind.FalseKeyword,
  SyntaxKind.NullKeyword,
  SyntaxKind.PrefixUnaryExpression,
  SyntaxKind.PostfixUnaryExpression,
  SyntaxKind.TypeOfExpression,
  SyntaxKind.VoidExpression,
  SyntaxKind.DeleteExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ClassExpression,
]);
