// Runs the enabled rules over one file: one AST walk for all rules, then rounds of deferred
// typed checks, each round fetching its nodes' types in a single batch.
import { K, NodeFlags, isInTrivia, walk, type Node, type SourceFile } from "./ts/syntax.js";
import { commentAbove } from "./edits.js";
import { makeFix } from "./fixes.js";
import type { TypeOracle } from "./ts/oracle.js";
import type { AnyRule, ReportDescriptor, RuleContext } from "./rule.js";
import type { FileResult, Finding, Fix, Notice, RuleLevel, Severity } from "./types.js";
import { parseSuppressions } from "./suppressions.js";
import { computeLineStarts, offsetToPosition } from "./positions.js";

export interface EnabledRule {
  rule: AnyRule;
  level: Exclude<RuleLevel, "off">;
  options: Record<string, unknown>;
}

export interface AnalyzeInput {
  fileName: string;
  sourceFile: SourceFile;
  types: TypeOracle;
  rules: readonly EnabledRule[];
  /** Packages the file's nearest package.json depends on (found by the caller: the core reads no files). */
  dependencies?: ReadonlySet<string>;
  /** Asked now and then; when it answers true the analysis stops with `AnalysisStopped` (a newer text superseded it). */
  shouldStop?: () => boolean;
}

const NO_DEPENDENCIES: ReadonlySet<string> = new Set();

/** Thrown out of `analyzeSourceFile` when `shouldStop` said so. */
export class AnalysisStopped extends Error {
  constructor() {
    super("analysis stopped: superseded");
  }
}

/** How many nodes the walk visits between two `shouldStop` questions (cheap, but not free per node). */
const STOP_CHECK_INTERVAL = 512;

const SEVERITY: Record<EnabledRule["level"], Severity> = { error: "error", warn: "warning", info: "info" };

export function analyzeSourceFile(input: AnalyzeInput): FileResult {
  const { sourceFile, types } = input;
  const stopIfAsked = () => {
    if (input.shouldStop?.()) throw new AnalysisStopped();
  };
  stopIfAsked();
  const text = sourceFile.text;
  const suppressions = parseSuppressions(text, sourceFile);
  const lineStarts = suppressions.lineStarts ?? computeLineStarts(text);
  const findings: Finding[] = [];
  const sameProblems = new Map<Finding, string>();
  const notices: Notice[] = [];
  const visitors = new Map<number, ((node: Node) => void)[]>();
  let pending: { prefetch: readonly Node[]; run: () => void }[] = [];

  for (const enabled of input.rules) {
    const { rule } = enabled;
    if (suppressions.fileDisabled(rule.meta.id, rule.meta.eslintEquivalents)) continue;
    const context: RuleContext<Record<string, unknown>> = {
      options: enabled.options,
      sourceFile,
      types,
      dependencies: input.dependencies ?? NO_DEPENDENCIES,
      defer: (prefetch, run) => pending.push({ prefetch, run }),
      report: (d: ReportDescriptor) => {
        const finding = toFinding(enabled, d, sourceFile);
        findings.push(finding);
        if (d.sameProblem !== undefined) sameProblems.set(finding, `${enabled.rule.meta.id}\0${d.sameProblem}`);
      },
    };
    for (const [kind, visit] of Object.entries(rule.create(context))) {
      if (!visit) continue;
      const list = visitors.get(Number(kind)) ?? [];
      list.push(visit);
      visitors.set(Number(kind), list);
    }
  }

  // A failing check (a rule bug, or the compiler failing on a type) costs that check, not the file.
  const failed: string[] = [];
  const guarded = (what: () => void) => {
    try {
      what();
    } catch (e) {
      failed.push(e instanceof Error ? e.message.split("\n")[0]! : String(e));
    }
  };
  if (visitors.size > 0) {
    let visited = 0;
    walk(sourceFile, (node) => {
      if (++visited % STOP_CHECK_INTERVAL === 0) stopIfAsked();
      const list = visitors.get(node.kind);
      if (list) for (const visit of list) guarded(() => visit(node));
    });
  }

  // Deferred checks may defer again (a second question about other nodes); bounded in case a rule loops.
  for (let round = 0; pending.length > 0 && round < 8; round++) {
    stopIfAsked();
    const batch = pending;
    pending = [];
    guarded(() => types.prefetch(batch.flatMap((p) => p.prefetch)));
    for (const p of batch) guarded(p.run);
  }
  if (failed.length > 0) {
    notices.push({ kind: "engine", message: `${failed.length === 1 ? "1 check" : `${failed.length} checks`} could not run here and ${failed.length === 1 ? "was" : "were"} skipped (first: ${failed[0]}).` });
  }
  if (pending.length > 0) notices.push({ kind: "engine", message: "Some checks did not finish: a rule kept deferring work." });

  // Grouped before suppressions: a comment at the first place silences the problem's report at its level,
  // and the other places stay information.
  groupSameProblems(sameProblems, lineStarts);
  const kept = findings.filter((f) => !suppressions.suppresses(f, lineStarts, ruleEquivalents(input.rules, f.ruleId)));
  if (kept.length < findings.length && sameProblems.size > 0) {
    // The first place lists only the places still reported.
    const keptSet = new Set(kept);
    const place = (ruleId: string, r: { start: number; end: number }) => `${ruleId}:${r.start}:${r.end}`;
    const gone = new Set(findings.filter((f) => !keptSet.has(f) && sameProblems.has(f)).map((f) => place(f.ruleId, f)));
    for (const f of kept) {
      if (!f.related || !sameProblems.has(f)) continue;
      f.related = f.related.filter((r) => !gone.has(place(f.ruleId, r)));
      if (f.related.length === 0) delete f.related;
    }
  }
  kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { file: input.fileName, findings: kept, notices, lineStarts };
}

/**
 * One problem found in several places: the first keeps its level and lists the others; each other one
 * becomes information, says where the problem is reported, and links back to it.
 */
function groupSameProblems(keys: ReadonlyMap<Finding, string>, lineStarts: readonly number[]): void {
  const groups = new Map<string, Finding[]>();
  for (const [finding, key] of keys) groups.set(key, [...(groups.get(key) ?? []), finding]);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => a.start - b.start);
    const [first, ...others] = group as [Finding, ...Finding[]];
    const line = offsetToPosition(lineStarts, first.start).line + 1;
    first.related = [
      ...(first.related ?? []),
      ...others.map((o) => ({ start: o.start, end: o.end, message: "The same problem, here too (shown there as information)." })),
    ];
    for (const o of others) {
      o.severity = "info";
      o.message += ` The same problem is reported at its level on line ${line}; shown here as information.`;
      o.related = [...(o.related ?? []), { start: first.start, end: first.end, message: "Reported here, with every place of the same problem." }];
    }
  }
}

function ruleEquivalents(rules: readonly EnabledRule[], id: string): readonly string[] {
  return rules.find((r) => r.rule.meta.id === id)?.rule.meta.eslintEquivalents ?? [];
}

function toFinding(enabled: EnabledRule, d: ReportDescriptor, sf: SourceFile): Finding {
  const template = enabled.rule.meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${enabled.rule.meta.id} has no message '${d.messageId}'`);
  const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => d.data?.[key] ?? `{{${key}}}`);
  return {
    ruleId: enabled.rule.meta.id,
    messageId: d.messageId,
    message,
    severity: d.lowConfidence ? "info" : SEVERITY[enabled.level],
    start: d.node.getStart(sf),
    end: d.end ?? (d.endNode ?? d.node).end,
    // Around a parse error the tree is the parser's guess, and edits made from it can break more code.
    fixes: [...fixesClearOfParseErrors(d.node, d.fixes ?? [], sf), ...suppressFix(enabled.rule.meta.id, d.node, sf)],
  };
}

const PARSE_ERROR = NodeFlags.ThisNodeHasError | NodeFlags.ThisNodeOrAnySubNodesHasError;
const STATEMENT_LISTS = new Set<number>([K.SourceFile, K.Block, K.ModuleBlock, K.CaseClause, K.DefaultClause]);

/**
 * Whether the statement holding `node`, or the statement before it, contains a parse error. A
 * statement the parser started while recovering (`Promise.await all([…])` leaves `([…])` as one)
 * follows a broken one.
 */
function nearParseError(node: Node): boolean {
  const statement = statementOf(node);
  if ((statement.flags & PARSE_ERROR) !== 0) return true;
  const siblings = (statement.parent as unknown as { statements?: readonly Node[] } | undefined)?.statements ?? [];
  const index = siblings.indexOf(statement);
  return index > 0 && (siblings[index - 1]!.flags & PARSE_ERROR) !== 0;
}

function statementOf(node: Node): Node {
  let statement: Node = node;
  while (statement.parent && !STATEMENT_LISTS.has(statement.parent.kind)) statement = statement.parent;
  return statement;
}

/**
 * The fixes to offer: none near a parse error; and in a file with a parse error anywhere, only those whose
 * edits stay inside the finding's statement (a helper added at the end of the file would land after, or
 * inside, the broken code; found by fuzzing: a mapLimit helper appended after an unclosed `[`).
 */
function fixesClearOfParseErrors(node: Node, fixes: readonly Fix[], sf: SourceFile): Fix[] {
  if (fixes.length === 0 || nearParseError(node)) return [];
  if (!sf.statements.some((s) => (s.flags & PARSE_ERROR) !== 0)) return [...fixes];
  const statement = statementOf(node);
  const from = statement.getStart(sf);
  return fixes.filter((f) => f.edits.every((e) => e.start >= from && e.end <= statement.end));
}

/** Every finding can be silenced with a comment above its line, except where a line comment would become text. */
function suppressFix(ruleId: string, node: Node, sf: SourceFile): Fix[] {
  const start = node.getStart(sf);
  const lineStart = sf.text.lastIndexOf("\n", start - 1) + 1;
  for (let p: Node | undefined = node; p; p = p.parent) {
    if (p.kind === K.JsxElement || p.kind === K.JsxFragment || p.kind === K.JsxSelfClosingElement) return [];
  }
  // A line that starts inside a template literal would get the comment as text.
  if (!isInTrivia(sf, lineStart)) return [];
  const comment = commentAbove(node, sf, `// async-lens-ignore-next-line ${ruleId} -- why this is safe: `);
  return [makeFix("suppress", comment, `Ignore this ${ruleId} finding (comment with a reason)`)];
}
