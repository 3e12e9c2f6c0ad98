// The explainer's pure logic: comparison totals, swimlane geometry and the Markdown export. No DOM here,
// so node's test runner checks it directly.
import type { Bar, ExplainModel, Group, Lane, Multiplicity, Timeline } from "../../shared/explain-protocol.js";

export type CompareMode = "sequential" | "all" | "limit";

export interface CompareTotals {
  /** Time for N operations of latency L, one after the other: N×L. */
  sequential: number;
  /** All started at once under Promise.all: L. */
  all: number;
  /** At most k at a time: ⌈N/k⌉×L. */
  limit: number;
  peak: Record<CompareMode, number>;
}

export function compareTotals(n: number, k: number, latency = 1): CompareTotals {
  const count = Math.max(0, Math.floor(n));
  const width = Math.max(1, Math.floor(k));
  return {
    sequential: count * latency,
    all: count > 0 ? latency : 0,
    limit: Math.ceil(count / width) * latency,
    peak: { sequential: Math.min(1, count), all: count, limit: Math.min(width, count) },
  };
}

/** When item `i` (0-based) starts under each mode, for latency L. */
export function itemStart(mode: CompareMode, i: number, k: number, latency = 1): number {
  if (mode === "sequential") return i * latency;
  if (mode === "all") return 0;
  return Math.floor(i / Math.max(1, Math.floor(k))) * latency;
}

/** The loop or fan-out the comparison is about: the first group that runs many of the same operation. */
export function comparableGroup(model: ExplainModel): Group | undefined {
  return model.groups.find((g) => g.kind === "sequential-loop" || g.kind === "parallel" || g.kind === "bounded");
}

/** How the user's code runs that group now, in the comparison's terms. */
export function modeOfGroup(group: Group): CompareMode {
  return group.kind === "sequential-loop" ? "sequential" : group.kind === "bounded" ? "limit" : "all";
}

export function multiplicityText(m: Multiplicity | undefined): string {
  if (!m) return "";
  if (m.kind === "known") return `×${m.count}`;
  if (m.kind === "symbolic") return `×${m.expression}`;
  return "×N (unbounded)";
}

/** The N the slider starts at: the group's known count, else what the server assumed. */
export function defaultN(model: ExplainModel): number {
  const g = comparableGroup(model);
  const n = g?.multiplicity.kind === "known" ? g.multiplicity.count : model.timeline.assumedN;
  return clamp(Math.round(n), N_MIN, N_MAX);
}

export const N_MIN = 1;
export const N_MAX = 200;

export function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}

// ---- swimlane geometry ----

export interface LayoutOptions {
  width: number;
  labelWidth: number;
  rowHeight: number;
  /** Narrowest a bar is drawn, so that a microtask tick stays visible. */
  minBarWidth: number;
}

export interface PlacedBar {
  bar: Bar;
  x: number;
  width: number;
}

export interface PlacedLane {
  lane: Lane;
  y: number;
  label: string;
  bars: PlacedBar[];
}

export interface SwimlaneLayout {
  width: number;
  height: number;
  plotLeft: number;
  plotWidth: number;
  /** Units per pixel's inverse: x = plotLeft + t × scale. */
  scale: number;
  /** The end of the drawn time axis, in units. */
  span: number;
  lanes: PlacedLane[];
  settleX: number;
  endX: number;
  /** Axis marks at whole units (or every few units when the span is long). */
  ticks: { t: number; x: number }[];
  axisY: number;
}

export function layoutSwimlanes(timeline: Timeline, o: LayoutOptions): SwimlaneLayout {
  const lastBar = Math.max(0, ...timeline.lanes.flatMap((l) => l.bars.map((b) => b.end)));
  const span = Math.max(1, timeline.settlesAt, timeline.endsAt, lastBar) * 1.04;
  const plotLeft = o.labelWidth;
  const plotWidth = Math.max(40, o.width - o.labelWidth - 8);
  const scale = plotWidth / span;
  const x = (t: number) => plotLeft + Math.max(0, t) * scale;
  const lanes = timeline.lanes.map((lane, i) => ({
    lane,
    y: i * o.rowHeight,
    label: shorten(lane.label + (lane.kind === "group" && lane.count ? ` ${multiplicityText(lane.count)}` : ""), Math.floor(o.labelWidth / 7)),
    bars: lane.bars.map((bar) => {
      const left = x(bar.start);
      return { bar, x: left, width: Math.max(o.minBarWidth, x(bar.end) - left) };
    }),
  }));
  const axisY = timeline.lanes.length * o.rowHeight;
  const every = span <= 12 ? 1 : Math.ceil(span / 10);
  const ticks: { t: number; x: number }[] = [];
  for (let t = 0; t <= span; t += every) ticks.push({ t, x: x(t) });
  return { width: o.width, height: axisY + 22, plotLeft, plotWidth, scale, span, lanes, settleX: x(timeline.settlesAt), endX: x(timeline.endsAt), ticks, axisY };
}

/** Cuts text to `max` characters with an ellipsis (labels sit in a fixed column). */
export function shorten(text: string, max: number): string {
  const limit = Math.max(2, max);
  return text.length <= limit ? text : text.slice(0, limit - 1) + "…";
}

/** Splits a caption at backticks: odd pieces are code. */
export function captionParts(caption: string): { text: string; code: boolean }[] {
  return caption.split("`").map((text, i) => ({ text, code: i % 2 === 1 })).filter((p) => p.text.length > 0);
}

// ---- Markdown export ----

export function toMarkdown(model: ExplainModel, file: string): string {
  const line = (r: { start: { line: number } } | undefined) => (r ? ` (line ${r.start.line + 1})` : "");
  const out: string[] = [`## \`${model.fn.name}\` on the event loop (${file})`, ""];
  const t = model.timeline;
  out.push(`Its promise settles at ${units(t.settlesAt)}; the last work it started ends at ${units(t.endsAt)}; peak concurrency ${t.peakConcurrency} (for N = ${t.assumedN}).`, "");
  out.push("### Steps", "");
  for (const s of model.steps) out.push(`${s.index + 1}. ${s.caption}${line(s.range)}`);
  if (model.diagnostics.length > 0) {
    out.push("", "### Findings");
    for (const d of model.diagnostics) {
      out.push("", `**${d.ruleId}**${line(d.range)}: ${d.message}`, "");
      for (const s of d.story) out.push(`- ${s}`);
      for (const f of d.fixes) out.push(`- Fix (${f.safety}): ${f.title}`);
    }
  }
  if (model.truncated) out.push("", `_Only the start of the function is modelled: ${model.truncated.reason}_`);
  return out.join("\n") + "\n";
}

export function fmt(units: number): string {
  return Number.isInteger(units) ? String(units) : units.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

/** "1 unit", "2.5 units". */
export function units(n: number): string {
  return `${fmt(n)} unit${n === 1 ? "" : "s"}`;
}
