// Runs a function's shape on an idealised event loop: each I/O-like operation takes its duration
// in units (1 by default), every resumption after a settled promise costs a microtask hop (TICK).
// The result is the timeline's lanes and the steps of the story, in the order things happen.
import { TICK, type Bar, type Lane, type Multiplicity, type Step } from "../../../../shared/explain-protocol.js";
import { DEFAULT_LIMIT, LIMITS, type FunctionShape, type OpShape, type Suspension } from "./shape.js";
import { K, type Node } from "../ts/syntax.js";

/** Offsets of something to highlight; explain.ts turns them into ranges. */
export interface SimStep extends Omit<Step, "index" | "range"> {
  span?: { start: number; end: number };
}

export interface Simulation {
  assumedN: number;
  settlesAt: number;
  endsAt: number;
  peakConcurrency: number;
  lanes: Lane[];
  steps: SimStep[];
  /** Start times of every instance of each operation (for tests against real runs). */
  starts: Map<number, number[]>;
  /** End time of each operation's last instance. */
  ends: Map<number, number>;
  truncated?: string;
}

type Item = { kind: "op"; op: OpShape } | { kind: "suspend"; s: Suspension } | { kind: "loop"; loop: Node; items: Item[] };

/** Item simulations allowed in total (loops in loops multiply). */
const BUDGET = 4000;

export function count(m: Multiplicity | undefined, assumedN: number): number {
  if (!m) return 1;
  return m.kind === "known" ? Math.max(0, Math.min(m.count, 50)) : assumedN;
}

export function describeCount(m: Multiplicity): string {
  return m.kind === "known" ? String(m.count) : m.kind === "symbolic" ? `\`${m.expression}\`` : "an unbounded number of";
}

const fmt = (t: number) => String(Math.round(t * 100) / 100);
/** Sums of ticks drift in binary floating point; the model carries times rounded to 1e-6. */
const clean = (t: number) => Math.round(t * 1e6) / 1e6;

export function simulate(shape: FunctionShape, loopCounts: Map<Node, { multiplicity: Multiplicity; iterations: number }>, assumedN: number): Simulation {
  const name = shape.name;
  const stack: Bar[] = [];
  const suspended: Bar[] = [];
  const microtasks: Bar[] = [];
  const timers: Bar[] = [];
  const opBars = new Map<number, Bar[]>();
  const weights: { bar: Bar; weight: number }[] = [];
  const starts = new Map<number, number[]>();
  const ends = new Map<number, number>();
  const steps: SimStep[] = [];
  let truncated: string | undefined;
  let t = 0;
  let budget = BUDGET;
  const told = new Set<string>();

  const inFlight = (at: number): string[] => {
    const out: string[] = [];
    for (const o of shape.ops) {
      const bars = opBars.get(o.id);
      // Still in flight: its callback joins the task queue when it completes (or when the timer fires).
      if (bars?.some((b) => b.start <= at && at < b.end)) out.push(o.kind === "timer" ? `when the timer of ${o.label} fires` : `when ${o.label} completes`);
    }
    // A queue view, not an inventory: long lists are summarised.
    return out.length > 12 ? [...out.slice(0, 11), `… and ${out.length - 11} more`] : out;
  };
  const step = (s: Omit<SimStep, "tasks"> & { tasks?: string[] }) => {
    if (steps.length >= LIMITS.steps) {
      truncated ??= `more than ${LIMITS.steps} steps`;
      return;
    }
    steps.push({ ...s, tasks: s.tasks ?? inFlight(s.time) });
  };
  const span = (n: Node) => ({ start: n.getStart(shape.sf), end: n.end });
  const groupOf = (o: OpShape) => (o.group !== undefined ? shape.groups[o.group] : undefined);

  const runOp = (o: OpShape, at: number, first: boolean): number => {
    const n = o.fanOut ? count(o.fanOut, assumedN) : 1;
    const g = groupOf(o);
    const limit = g?.kind === "bounded" ? Math.max(1, Number.isFinite(g.limit) ? g.limit! : DEFAULT_LIMIT) : n;
    const waves = n === 0 ? 0 : Math.ceil(n / limit);
    const list = starts.get(o.id) ?? [];
    const bars = opBars.get(o.id) ?? [];
    for (let w = 0; w < waves; w++) {
      const bar: Bar = { start: at + w * o.duration, end: at + (w + 1) * o.duration, kind: "pending", step: steps.length };
      const inWave = Math.min(limit, n - w * limit);
      for (let i = 0; i < inWave; i++) list.push(bar.start);
      if (o.kind === "timer") timers.push(bar);
      bars.push(bar);
      weights.push({ bar, weight: inWave });
    }
    starts.set(o.id, list);
    opBars.set(o.id, bars);
    const end = at + waves * o.duration;
    ends.set(o.id, end);
    if (first) {
      let caption: string;
      if (o.after !== undefined) {
        caption = `\`${shape.ops[o.after]!.label}\` settled, so its \`${o.label}\` callback runs as a microtask and starts its own work.`;
      } else if (o.fanOut && o.handling !== "unhandled" && g?.kind === "bounded") {
        caption = `\`${o.label}\` runs once per element (${describeCount(o.fanOut)}), but the limiter lets at most ${limit} run at once: ${waves} wave${waves === 1 ? "" : "s"} here, peak ${Math.min(limit, n)}.`;
      } else if (o.fanOut) {
        caption = `\`${o.label}\` runs once per element (${describeCount(o.fanOut)}): all of them start in this same tick, so all are in flight at once.`;
      } else if (o.kind === "timer") {
        caption = `\`${o.label}\` schedules a timer: its callback waits in the timer queue until the time is up.`;
      } else {
        caption = `\`${o.label}\` starts: the work is handed off and it returns a pending promise at once.`;
      }
      if (o.outlives && o.after === undefined) caption += " Nothing waits for it.";
      else if (o.handling === "awaited-later" && o.escapes) {
        caption += ` It is awaited only later: if it rejects while \`${name}\` waits for something else, no handler is attached yet, and Node.js reports an unhandled rejection (fatal since Node.js 15).`;
      }
      step({ caption: branchPrefix(o.node, shape) + caption, span: span(o.node), time: at, callStack: o.after !== undefined ? [`${o.label}`] : [name], microtasks: [] });
    }
    // `.then` callbacks start when this settles (a microtask after it).
    for (const next of shape.ops) {
      if (next.after !== o.id) continue;
      microtasks.push({ start: end, end: end + TICK, kind: "tick" });
      runOp(next, end + TICK, first);
    }
    return end;
  };

  const waitFor = (s: Suspension): { until: number; what: OpShape[] } => {
    const what = shape.ops.filter((o) => o.waitedBy === s.node);
    // Not one of ours (a parameter, a field, a promise built elsewhere): pending for one unit.
    if (what.length === 0) return { until: s.kind === "for-await" || s.pendingOperand ? t + 1 : t, what };
    // A race resumes at the first settlement; so does each `for await` step (the next element).
    const race = s.kind === "for-await" || what.some((o) => {
      const g = groupOf(o);
      return g?.combinator === "race" || g?.combinator === "any";
    });
    const times = what.map((o) => ends.get(o.id) ?? t);
    return { until: Math.max(t, race ? Math.min(...times) : Math.max(...times)), what };
  };

  const run = (items: readonly Item[], first: boolean): void => {
    for (const item of items) {
      if (--budget < 0) {
        truncated ??= "the loops are too large to simulate whole";
        return;
      }
      if (item.kind === "op") {
        if (item.op.after === undefined) runOp(item.op, t, first);
      } else if (item.kind === "suspend") {
        const s = item.s;
        const { until, what } = waitFor(s);
        const suspendAt = t + TICK;
        stack.push({ start: t, end: suspendAt, kind: "running" });
        const resume = Math.max(until, suspendAt) + TICK;
        if (resume - TICK > suspendAt) suspended.push({ start: suspendAt, end: resume - TICK, kind: "suspended", step: steps.length });
        microtasks.push({ start: resume - TICK, end: resume, kind: "tick" });
        if (first) {
          const firstOnly = what.some((o) => ["race", "any"].includes(groupOf(o)?.combinator ?? ""));
          const operand = s.kind === "await" ? (s.node as unknown as { expression: Node }).expression : undefined;
          const waited =
            what.length === 0
              ? s.pendingOperand && operand
                ? ` until \`${shape.sf.text.slice(operand.getStart(shape.sf), operand.end).replace(/\s+/g, " ").slice(0, 40)}\` settles`
                : ""
              : s.kind === "for-await"
                ? " until the next element settles"
                : firstOnly
                ? " until the first of its operations settles"
                : what.length === 1
                  ? what[0]!.fanOut
                    ? ` until every \`${what[0]!.label}\` has settled`
                    : ` until \`${what[0]!.label}\` settles`
                  : ` until ${what.length} operations settle`;
          const verb = s.kind === "yield" ? "`yield` hands a value out and pauses" : s.kind === "for-await" ? "`for await` asks the iterator for its next value and suspends" : "`await` suspends";
          step({
            caption: `${branchPrefix(s.node, shape)}${verb} \`${name}\`${waited}: ${shape.isAsync ? "its caller gets a pending promise back, and " : ""}the call stack is free for other work.`,
            span: span(s.node),
            time: suspendAt,
            callStack: [],
            microtasks: [],
          });
          step({
            caption: `At t=${fmt(resume - TICK)} ${what.length > 0 ? "the awaited work has settled" : "the awaited value is ready"}: resuming \`${name}\` is queued as a microtask, which runs before any other task.`,
            span: span(s.node),
            time: resume - TICK,
            callStack: [],
            microtasks: [`resume ${name} after ${s.kind === "for-await" ? "for await" : s.kind}`],
            tasks: inFlight(resume - TICK).filter((x) => !what.some((o) => x.endsWith(` ${o.label} completes`) || x.endsWith(` ${o.label} fires`))),
          });
        }
        t = resume;
      } else {
        const m = loopCounts.get(item.loop)?.multiplicity ?? { kind: "unbounded" as const };
        const n = loopCounts.get(item.loop)?.iterations ?? assumedN;
        for (let i = 0; i < n && budget >= 0; i++) {
          run(item.items, first && i === 0);
          if (first && i === 0 && n > 1) {
            const key = `loop${item.loop.pos}`;
            if (!told.has(key)) {
              told.add(key);
              step({
                caption: `The loop repeats this ${m.kind === "unbounded" ? "until its condition fails" : `${describeCount(m)} times`}, one iteration after another: each waits for the previous one (drawn for ${n}).`,
                span: span(item.loop),
                time: t,
                callStack: [name],
                microtasks: [],
              });
            }
          }
        }
      }
    }
  };

  step({
    caption: `\`${name}\` is called and runs synchronously on the call stack${shape.suspensions.length > 0 ? " up to its first suspension point" : ""}.`,
    span: { start: shape.start, end: shape.headEnd },
    time: 0,
    callStack: [name],
    microtasks: [],
    tasks: [],
  });
  run(buildItems(shape), true);
  stack.push({ start: t, end: t + TICK, kind: "running" });
  t += TICK;

  let settlesAt = t;
  const returned = shape.ops.filter((o) => o.returned);
  if (returned.length > 0) settlesAt = Math.max(t, ...returned.map((o) => (ends.get(o.id) ?? t) + TICK));
  const endsAt = Math.max(settlesAt, ...[...ends.values()]);
  const detached = shape.ops.filter((o) => o.outlives && (ends.get(o.id) ?? 0) > settlesAt);
  const settleCaption = shape.kind === "module"
    ? "The module's code has finished"
    : shape.isAsync || returned.length > 0
      ? `\`${shape.name}\` is done: its promise settles at t=${fmt(settlesAt)}`
      : `\`${shape.name}\` returns at t=${fmt(settlesAt)}`;
  step({
    caption:
      settleCaption +
      (detached.length > 0
        ? `, while ${detached.map((o) => `\`${o.label}\``).join(", ")} ${detached.length === 1 ? "is" : "are"} still pending: nobody waits for ${detached.length === 1 ? "it" : "them"}.`
        : "."),
    span: { start: shape.start, end: shape.end },
    time: settlesAt,
    callStack: [],
    microtasks: [],
  });
  for (const o of detached) {
    step({
      caption: `\`${o.label}\` ${o.kind === "timer" ? "fires" : "finishes"} at t=${fmt(ends.get(o.id)!)}, after \`${shape.name}\` has returned.${o.escapes ? " Had it rejected, no handler would be attached: an unhandled rejection, which ends a Node.js (≥ 15) process." : ""}`,
      span: span(o.node),
      time: ends.get(o.id)!,
      callStack: [],
      microtasks: [],
    });
  }

  const lanes: Lane[] = [
    { id: "stack", kind: "stack", label: `Call stack: ${name}`, bars: stack },
    { id: "suspended", kind: "suspended", label: `${name} suspended`, bars: suspended },
  ];
  for (const o of shape.ops) {
    if (o.kind === "timer") continue;
    const bars = opBars.get(o.id) ?? [];
    if (o.fanOut) {
      // The count travels in `count`; the panel writes it beside the label.
      lanes.push({ id: `op-${o.id}`, kind: "group", label: o.label, operation: o.id, ...(o.group !== undefined ? { group: o.group } : {}), count: o.fanOut, bars });
    } else {
      lanes.push({ id: `op-${o.id}`, kind: "operation", label: o.label, operation: o.id, ...(o.group !== undefined ? { group: o.group } : {}), bars });
    }
  }
  lanes.push({ id: "microtasks", kind: "microtasks", label: "Microtasks", bars: microtasks });
  lanes.push({ id: "timers", kind: "timers", label: "Timers", bars: timers });

  for (const lane of lanes) {
    for (const b of lane.bars) {
      b.start = clean(b.start);
      b.end = clean(b.end);
    }
  }
  for (const s of steps) s.time = clean(s.time);
  for (const list of starts.values()) list.forEach((x, i) => (list[i] = clean(x)));
  return {
    assumedN,
    settlesAt: clean(settlesAt),
    endsAt: clean(endsAt),
    peakConcurrency: peak(weights),
    lanes,
    steps,
    starts,
    ends,
    ...(truncated ? { truncated } : {}),
  };
}

/** The most operations in flight at one instant (bars are half-open: one ending as another starts do not overlap). */
function peak(weights: readonly { bar: Bar; weight: number }[]): number {
  const events: [number, number][] = [];
  for (const { bar, weight } of weights) {
    if (bar.end <= bar.start) continue;
    events.push([bar.start, weight], [bar.end, -weight]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let best = 0;
  for (const [, d] of events) {
    now += d;
    best = Math.max(best, now);
  }
  return best;
}

function inCatch(node: Node, shape: FunctionShape): boolean {
  for (let p = node.parent; p && p !== shape.fn; p = p.parent) if (p.kind === K.CatchClause) return true;
  return false;
}

/** "If `cond` holds: " for code in an if's branch (every branch is drawn, one after another). */
function branchPrefix(node: Node, shape: FunctionShape): string {
  let child: Node = node;
  for (let p = node.parent; p && p !== shape.fn; child = p, p = p.parent) {
    if (p.kind !== K.IfStatement) continue;
    const cond = (p as unknown as { expression: Node }).expression;
    if (child === cond) continue;
    const text = shape.sf.text.slice(cond.getStart(shape.sf), cond.end).replace(/\s+/g, " ");
    const shown = text.length > 30 ? text.slice(0, 29) + "…" : text;
    return child === (p as unknown as { elseStatement?: Node }).elseStatement ? `Otherwise (\`${shown}\` fails): ` : `If \`${shown}\` holds: `;
  }
  return "";
}

/** Operations and suspension points in source order, nested in the loops that suspend. */
function buildItems(shape: FunctionShape): Item[] {
  const flat: { at: number; item: Item; loops: Node[] }[] = [
    // The happy path: a catch block runs only when something fails, like a rejection handler.
    ...shape.ops.filter((op) => !inCatch(op.node, shape)).map((op) => ({ at: op.at, item: { kind: "op" as const, op }, loops: op.loops.filter((l) => shape.awaitingLoops.has(l)) })),
    ...shape.suspensions.filter((s) => !inCatch(s.node, shape)).map((s) => ({ at: s.at, item: { kind: "suspend" as const, s }, loops: s.loops.filter((l) => shape.awaitingLoops.has(l)) })),
  ];
  flat.sort((a, b) => a.at - b.at || (a.item.kind === "op" ? -1 : 1));
  const nest = (list: typeof flat, depth: number): Item[] => {
    const out: Item[] = [];
    for (let i = 0; i < list.length; ) {
      const loop = list[i]!.loops[depth];
      if (!loop) {
        out.push(list[i]!.item);
        i++;
        continue;
      }
      let j = i;
      while (j < list.length && list[j]!.loops[depth] === loop) j++;
      out.push({ kind: "loop", loop, items: nest(list.slice(i, j), depth + 1) });
      i = j;
    }
    return out;
  };
  return nest(flat, 0);
}
