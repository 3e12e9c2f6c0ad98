// What becomes of a promise: its value followed outwards through parentheses, `.then/.catch` chains,
// awaits, returns, variables (and their later uses), arrays and combinators.
import { K, memberName, memberObject, isFunctionLike, type Node, type CallExpression } from "../ts/syntax.js";
import type { Handling } from "../../../../shared/explain-protocol.js";
import { CHAIN_METHODS, field, idText, isCombinatorCall, ownNodes, unwrap, type Body } from "./walk.js";

export interface Flow {
  handling: Handling;
  at?: Node;
  /** The await that ends up waiting for it. */
  await?: Node;
  returned?: boolean;
  combinator?: CallExpression;
  /** `xs.forEach(cb)`: the results are dropped by forEach itself. */
}

export const RANK: Record<Handling, number> = {
  awaited: 9,
  "awaited-later": 8,
  returned: 7,
  combinator: 6,
  caught: 5,
  passed: 4,
  "then-only": 3,
  voided: 2,
  unhandled: 1,
};

export class FlowAnalysis {
  constructor(private readonly body: Body) {}

  /** Follows the value of `node` outwards: chains, awaits, returns, variables, combinators. */
  flow(node: Node, depth = 0): Flow {
    let caught = false;
    let thenOnly = false;
    let caughtAt: Node | undefined;
    let cur = node;
    const finish = (f: Flow): Flow => {
      if (f.handling === "voided" || f.handling === "unhandled") {
        if (caught) return { ...f, handling: "caught", ...(caughtAt ? { at: caughtAt } : {}) };
        if (thenOnly) return { ...f, handling: "then-only" };
      }
      return f;
    };
    for (let guard = 0; guard < 64; guard++) {
      const p = cur.parent;
      if (!p) return finish({ handling: "unhandled" });
      switch (p.kind) {
        case K.ParenthesizedExpression:
        case K.AsExpression:
        case K.NonNullExpression:
        case K.SatisfiesExpression:
        case K.TypeAssertionExpression:
        case K.ConditionalExpression:
          // Tested as a condition: the promise object is used and dropped (misused-promise).
          if (p.kind === K.ConditionalExpression && field(p, "condition") === cur) return finish({ handling: "unhandled" });
          cur = p;
          continue;
        case K.BinaryExpression: {
          const op = field<Node>(p, "operatorToken")!.kind;
          if (op === K.EqualsToken && field(p, "right") === cur) {
            const target = idText(field<Node>(p, "left"));
            return target ? finish(this.stored(target, p, depth)) : { handling: "passed", at: p };
          }
          const flowsOn =
            ((op === K.BarBarToken || op === K.QuestionQuestionToken || op === K.AmpersandAmpersandToken || op === K.CommaToken) && field(p, "right") === cur) ||
            ((op === K.BarBarToken || op === K.QuestionQuestionToken) && field(p, "left") === cur);
          if (flowsOn) {
            cur = p;
            continue;
          }
          // Compared, concatenated, tested with &&, or dropped by a comma: the value is used up here.
          return finish({ handling: "unhandled" });
        }
        case K.PropertyAccessExpression: {
          const name = memberName(p);
          const call = p.parent;
          if (field(p, "expression") === cur && name && CHAIN_METHODS.has(name) && call?.kind === K.CallExpression && field(call, "expression") === p) {
            const args = (call as CallExpression).arguments;
            const handler = name === "catch" ? args[0] : name === "then" ? args[1] : undefined;
            if (handler && handles(handler)) {
              caught = true;
              caughtAt ??= call;
            } else if ((name === "then" || name === "catch") && !caught) thenOnly = true; // a link without a working rejection handler
            cur = call;
            continue;
          }
          return finish({ handling: "passed", at: p });
        }
        case K.AwaitExpression:
          return { handling: "awaited", at: p, await: p };
        case K.ReturnStatement:
          return { handling: "returned", at: p, returned: !this.inNested(p) };
        case K.ArrowFunction:
          if (field(p, "body") === cur) return p === this.body ? { handling: "returned", at: p, returned: true } : { handling: "passed", at: p };
          return { handling: "passed", at: p };
        case K.VoidExpression:
          return finish({ handling: "voided", at: p });
        case K.ExpressionStatement:
          return finish({ handling: "unhandled" });
        case K.ArrayLiteralExpression:
        case K.SpreadElement:
          cur = p;
          continue;
        case K.CallExpression:
        case K.NewExpression: {
          if (field(p, "expression") === cur) return finish({ handling: "passed", at: p });
          if (isCombinatorCall(p)) {
            const outer = this.flow(p, depth + 1);
            return { handling: "combinator", at: p, combinator: p, ...(outer.await ? { await: outer.await } : {}), ...(outer.returned ? { returned: true } : {}) };
          }
          const callee = field<Node>(p, "expression")!;
          const target = memberName(callee) === "push" ? idText(unwrap(memberObject(callee)!)) : undefined;
          if (target) return finish(this.stored(target, p, depth));
          return finish({ handling: "passed", at: p });
        }
        case K.ForOfStatement:
          // `for await (const x of promises)`: the loop awaits them, one per iteration.
          if (field(p, "awaitModifier") && field(p, "expression") === cur) return { handling: "awaited", at: p, await: p };
          return finish({ handling: "passed", at: p });
        case K.VariableDeclaration: {
          const name = idText(field<Node>(p, "name"));
          return name && field(p, "initializer") === cur ? finish(this.stored(name, p, depth)) : { handling: "passed", at: p };
        }
        case K.IfStatement:
        case K.WhileStatement:
        case K.DoStatement:
        case K.TemplateSpan:
        case K.PrefixUnaryExpression:
        case K.SpreadAssignment:
          // A condition, text, `!p` or `{ ...p }`: the promise object is used and dropped.
          return finish({ handling: "unhandled" });
        default:
          return finish({ handling: "passed", at: p });
      }
    }
    return { handling: "passed" };
  }

  private inNested(n: Node): boolean {
    for (let p = n.parent; p; p = p.parent) {
      if (p === this.body) return false;
      if (isFunctionLike(p)) return true;
    }
    return false;
  }

  /** A promise kept in variable `name` (declared or assigned at `site`): what its later uses do with it. */
  private stored(name: string, site: Node, depth: number): Flow {
    if (depth > 3) return { handling: "passed", at: site };
    let best: Flow | undefined;
    ownNodes(this.body, (n) => {
      if (n.kind !== K.Identifier || n.pos < site.end || field<string>(n, "text") !== name) return;
      const p = n.parent;
      // A declaration of the same name, or `x.name` / `{ name: … }`, is not a use.
      if (p && (field(p, "name") === n && p.kind !== K.ShorthandPropertyAssignment)) return;
      if (p?.kind === K.BinaryExpression && field(p, "left") === n && field<Node>(p, "operatorToken")!.kind === K.EqualsToken) return;
      // `xs.push(p)` is storage, not a use of `xs`'s contents.
      if (p?.kind === K.PropertyAccessExpression && memberName(p) === "push") return;
      let use = this.flow(n, depth + 1);
      if (use.handling === "awaited") use = { ...use, handling: "awaited-later" };
      if (!best || RANK[use.handling] > RANK[best.handling]) best = use;
    });
    return best ?? { handling: "unhandled" };
  }
}

/** A rejection handler that handles: not `undefined`/`null`, and not one that only throws again. */
function handles(handler: Node): boolean {
  const h = unwrap(handler);
  if (h.kind === K.NullKeyword || h.kind === K.VoidExpression || idText(h) === "undefined") return false;
  if (h.kind === K.ArrowFunction || h.kind === K.FunctionExpression) {
    const body = field<Node>(h, "body");
    const statements = body?.kind === K.Block ? (field<readonly Node[]>(body, "statements") ?? []) : undefined;
    if (statements && statements.length === 1 && statements[0]!.kind === K.ThrowStatement) return false;
  }
  return true;
}
