// Small syntax helpers of the explainer: raw field access on compiler nodes, unwrapping, source
// text for labels, and a walk over a function's own nodes (nested functions are seen, not entered).
import { K, memberName, memberObject, isFunctionLike, walk, type Node, type SourceFile, type CallExpression, type FunctionLike } from "../ts/syntax.js";

export type Body = FunctionLike | SourceFile;

export const COMBINATORS = new Set(["all", "allSettled", "race", "any"]);
export const CHAIN_METHODS = new Set(["then", "catch", "finally"]);

export function field<T = Node>(n: Node, key: string): T | undefined {
  return (n as unknown as Record<string, T | undefined>)[key];
}

export function idText(n: Node | undefined): string | undefined {
  return n && n.kind === K.Identifier ? field<string>(n, "text") : undefined;
}

export function unwrap(e: Node): Node {
  let x = e;
  while (
    x.kind === K.ParenthesizedExpression ||
    x.kind === K.AsExpression ||
    x.kind === K.NonNullExpression ||
    x.kind === K.SatisfiesExpression ||
    x.kind === K.TypeAssertionExpression
  ) {
    x = field<Node>(x, "expression")!;
  }
  return x;
}

export function sourceText(node: Node, sf: SourceFile, max = 40): string {
  const t = sf.text.slice(node.getStart(sf), node.end).replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

export function isLoop(n: Node): boolean {
  return n.kind === K.ForStatement || n.kind === K.ForOfStatement || n.kind === K.ForInStatement || n.kind === K.WhileStatement || n.kind === K.DoStatement;
}

export function isCombinatorCall(n: Node): n is CallExpression {
  if (n.kind !== K.CallExpression) return false;
  const callee = (n as CallExpression).expression;
  const object = memberObject(callee);
  return !!object && idText(unwrap(object)) === "Promise" && COMBINATORS.has(memberName(callee) ?? "");
}

/** The body's own nodes: every node below `body` except inside nested functions (which are visited, not entered). */
export function ownNodes(body: Body, visit: (node: Node, loops: Node[]) => void): void {
  const loops: Node[] = [];
  const go = (node: Node): boolean => {
    visit(node, loops);
    if (isFunctionLike(node) || node.kind === K.ClassDeclaration || node.kind === K.ClassExpression) return false;
    if (isLoop(node)) {
      loops.push(node);
      walk(node, go);
      loops.pop();
      return false;
    }
    return true;
  };
  if (body.kind === K.SourceFile) walk(body, go);
  else {
    const b = field<Node>(body, "body");
    if (b) {
      if (go(b)) walk(b, go);
    }
  }
}
