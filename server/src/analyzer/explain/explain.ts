// The event-loop explainer's model of one function: the entry point. Finds the function around an
// offset, computes its shape (shape.ts), runs it on an idealised event loop (simulate.ts), and
// attaches the Async Lens findings inside it, each with its run-time story (stories.ts).
import { K, isFunctionLike, type Node, type SourceFile } from "../ts/syntax.js";
import type { TypeOracle, TypeOrValueSpecifier } from "../ts/oracle.js";
import { analyzeSourceFile, type EnabledRule } from "../analyze.js";
import { computeLineStarts, offsetToPosition } from "../positions.js";
import type { ExplainModel, ExplainRange, ExplainedDiagnostic, Multiplicity, Segment, SegmentEnd } from "../../../../shared/explain-protocol.js";
import { functionAt, loopIterations, loopMultiplicity, shapeOf, LIMITS, type ExplainSettings, type FunctionShape } from "./shape.js";
import { field } from "./walk.js";
import { simulate, type Simulation } from "./simulate.js";
import { storyFor } from "./stories.js";

export { lensTargets } from "./shape.js";

/** How many items a run-time-sized group is drawn with. */
export const DEFAULT_ASSUMED_N = 4;

export interface ExplainInput {
  fileName: string;
  uri: string;
  version: number;
  sourceFile: SourceFile;
  types: TypeOracle;
  rules: readonly EnabledRule[];
  offset: number;
  /** A finding to explain in particular: its rule and start offset. */
  focus?: { ruleId: string; start: number };
  assumedN?: number;
}

export type ExplainOutput = { model: ExplainModel; simulation: Simulation; shape: FunctionShape } | { reason: string };

export function explainAt(input: ExplainInput): ExplainOutput {
  const { sourceFile: sf, types } = input;
  const offset = Math.max(0, Math.min(input.offset, sf.text.length));
  const settings = settingsOf(input.rules);
  const fn = functionAt(sf, types, input.focus?.start ?? offset, settings, input.focus?.start);
  if (!fn) return { reason: "No async work here: put the cursor in an async function or one that starts promises." };
  const shape = shapeOf(fn, sf, types, settings);
  const lineStarts = computeLineStarts(sf.text);
  const range = (start: number, end: number): ExplainRange => ({ start: offsetToPosition(lineStarts, start), end: offsetToPosition(lineStarts, end) });
  const nodeRange = (n: Node) => range(n.getStart(sf), n.end);

  const assumedN = input.assumedN ?? DEFAULT_ASSUMED_N;
  const loopCounts = new Map<Node, { multiplicity: Multiplicity; iterations: number }>();
  for (const loop of shape.awaitingLoops) {
    const multiplicity = loopMultiplicity(loop, sf, types);
    loopCounts.set(loop, { multiplicity, iterations: loopIterations(loop, multiplicity, assumedN) });
  }
  const simulation = simulate(shape, loopCounts, assumedN);

  const segments: Segment[] = [];
  let from = shape.bodyStart;
  for (const s of shape.suspensions) {
    const loop = [...s.loops].reverse().find((l) => shape.awaitingLoops.has(l));
    segments.push({
      id: segments.length,
      range: range(from, s.at),
      endsWith: s.kind,
      suspendRange: s.kind === "for-await" ? range(s.node.getStart(sf), s.at) : nodeRange(s.node),
      ...(loop ? { inLoop: { multiplicity: loopCounts.get(loop)!.multiplicity } } : {}),
    });
    from = s.at;
  }
  segments.push({ id: segments.length, range: range(from, shape.end), endsWith: lastStatementEnd(shape) });

  let diagnosticsCut = false;
  const diagnostics = findingsIn(input, shape);
  const ruleIdsByOp = new Map<number, string[]>();
  for (const d of diagnostics) if (d.operation !== undefined) ruleIdsByOp.set(d.operation, [...(ruleIdsByOp.get(d.operation) ?? []), d.ruleId]);

  const model: ExplainModel = {
    uri: input.uri,
    version: input.version,
    fn: {
      name: shape.name,
      kind: shape.kind,
      isAsync: shape.isAsync,
      isGenerator: shape.isGenerator,
      range: range(shape.start, shape.end),
      headRange: range(shape.start, shape.headEnd),
    },
    segments,
    operations: shape.ops.map((o) => ({
      id: o.id,
      label: o.label,
      range: nodeRange(o.node),
      kind: o.kind,
      segment: shape.suspensions.filter((s) => s.at <= o.at).length,
      handling: o.handling,
      ...(o.handledAt ? { handledAt: nodeRange(o.handledAt) } : {}),
      outlivesFunction: o.outlives,
      rejectionEscapes: o.escapes,
      ...(o.group !== undefined ? { group: o.group } : {}),
      ruleIds: ruleIdsByOp.get(o.id) ?? [],
    })),
    groups: shape.groups.map((g) => ({
      id: g.id,
      kind: g.kind,
      range: nodeRange(g.node),
      ...(g.combinator ? { combinator: g.combinator } : {}),
      multiplicity: g.multiplicity,
      ...(g.limit !== undefined ? { limit: g.limit } : {}),
      operations: g.operations,
    })),
    timeline: {
      assumedN: simulation.assumedN,
      settlesAt: simulation.settlesAt,
      endsAt: simulation.endsAt,
      peakConcurrency: simulation.peakConcurrency,
      lanes: simulation.lanes,
    },
    steps: simulation.steps.map((s, index) => {
      const { span, ...rest } = s;
      return { index, ...rest, ...(span ? { range: range(span.start, span.end) } : {}) };
    }),
    diagnostics,
  };
  const truncated = shape.truncated ?? simulation.truncated ?? (diagnosticsCut ? `more than ${LIMITS.diagnostics} findings` : undefined);
  if (truncated) model.truncated = { reason: `Only part of \`${shape.name}\` is drawn: ${truncated}.` };
  return { model, simulation, shape };

  function findingsIn(inp: ExplainInput, sh: FunctionShape): ExplainedDiagnostic[] {
    if (inp.rules.length === 0) return [];
    const result = analyzeSourceFile({ fileName: inp.fileName, sourceFile: sf, types, rules: inp.rules });
    let inside = result.findings.filter((f) => f.start >= sh.start && f.start < sh.end);
    if (inside.length > LIMITS.diagnostics) {
      // The finding the panel was opened from stays, whatever its place.
      const focused = inside.find((f) => f.ruleId === inp.focus?.ruleId && f.start === inp.focus.start);
      inside = [...(focused ? [focused] : []), ...inside.filter((f) => f !== focused).slice(0, LIMITS.diagnostics - (focused ? 1 : 0))].sort((a, b) => a.start - b.start);
      diagnosticsCut = true;
    }
    return inside.map((f) => {
        const op = opFor(sh, f.start, f.end);
        const group =
          (op?.group !== undefined ? sh.groups[op.group] : undefined) ??
          sh.groups.find((g) => g.node.getStart(sf) === f.start || (g.node.getStart(sf) <= f.start && f.end <= g.node.end && g.kind !== "detached"));
        return {
          ruleId: f.ruleId,
          message: f.message,
          range: range(f.start, f.end),
          ...(op ? { operation: op.id } : {}),
          ...(group ? { group: group.id } : {}),
          story: storyFor(f, sh, op, group),
          fixes: (f.fixes ?? []).map((x) => ({ fixId: x.id, title: x.title, safety: x.safety })),
        };
      });
  }

  /** The operation a finding is about: the innermost one around its start, or the first inside its range. */
  function opFor(sh: FunctionShape, start: number, end: number) {
    const around = sh.ops.filter((o) => o.node.getStart(sf) <= start && start < o.node.end).sort((a, b) => a.node.end - a.node.pos - (b.node.end - b.node.pos))[0];
    const inside = sh.ops.find((o) => o.node.getStart(sf) >= start && o.node.end <= end);
    // A finding on a variable (`const all = listOrders()` … never awaited on some path): the operation of its statement.
    return around ?? inside ?? sh.ops.find((o) => {
      const statement = statementOf(o.node);
      return statement.getStart(sf) <= start && start < statement.end && !inNestedFunction(statement, start);
    });
  }
}

/** Whether `offset` lies inside a function nested in `node` (code that runs at another time). */
function inNestedFunction(node: Node, offset: number): boolean {
  let found = false;
  const visit = (n: Node): undefined => {
    if (found || offset < n.pos || offset >= n.end) return undefined;
    if (isFunctionLike(n)) found = true;
    else n.forEachChild(visit);
    return undefined;
  };
  node.forEachChild(visit);
  return found;
}

function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.kind !== K.Block && n.parent.kind !== K.SourceFile && n.parent.kind !== K.CaseClause && n.parent.kind !== K.DefaultClause && !isFunctionLike(n.parent)) n = n.parent;
  return n;
}

/** What the user told floating-promise may be dropped is not drawn as work either (a test's `it(…)`). */
export function settingsOf(rules: readonly EnabledRule[]): ExplainSettings {
  const options = rules.find((r) => r.rule.meta.id === "floating-promise")?.options as
    | { allowForKnownSafeCalls?: readonly TypeOrValueSpecifier[]; allowForKnownSafePromises?: readonly TypeOrValueSpecifier[] }
    | undefined;
  return { safeCalls: options?.allowForKnownSafeCalls ?? [], allowPromises: options?.allowForKnownSafePromises ?? [] };
}

function lastStatementEnd(shape: FunctionShape): SegmentEnd {
  if (shape.fn.kind === K.SourceFile) return "end";
  const body = field<Node>(shape.fn, "body");
  if (!body) return "end";
  if (body.kind !== K.Block) return "return";
  const statements = field<readonly Node[]>(body, "statements") ?? [];
  const last = statements[statements.length - 1];
  if (last?.kind === K.ReturnStatement) return "return";
  if (last?.kind === K.ThrowStatement) return "throw";
  return "end";
}
