// The explainer panel's UI, in the webview (a browser: no node, no vscode module). It draws the model the
// extension posts and sends back only the closed FromWebview messages.
import "@vscode/codicons/dist/codicon.css";
import "./style.css";
import type { ExplainModel, FromWebview, Step, ToWebview, WebviewState } from "../../shared/explain-protocol.js";
import { h, icon, richText, s } from "./dom.js";
import {
  N_MAX,
  N_MIN,
  captionParts,
  clamp,
  comparableGroup,
  compareTotals,
  defaultN,
  itemStart,
  layoutSwimlanes,
  modeOfGroup,
  multiplicityText,
  shorten,
  toMarkdown,
  units,
  fmt,
  type CompareMode,
} from "./logic.js";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") as HTMLElement;

const saved = (vscode.getState() ?? {}) as Partial<WebviewState>;
const view = {
  model: undefined as ExplainModel | undefined,
  empty: undefined as string | undefined,
  pinned: saved.pinned === true,
  fn: saved.fn,
  step: typeof saved.step === "number" ? saved.step : 0,
  n: typeof saved.n === "number" ? saved.n : 10,
  compare: (saved.compare ?? "sequential") as CompareMode,
  limit: typeof saved.limit === "number" ? saved.limit : 4,
  focus: undefined as number | undefined,
  status: "",
};

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function persist(): void {
  const m = view.model;
  vscode.setState({
    uri: m?.uri ?? saved.uri,
    position: m ? m.fn.headRange.start : saved.position,
    fn: m?.fn.name ?? view.fn,
    pinned: view.pinned,
    n: view.n,
    step: view.step,
    compare: view.compare,
    limit: view.limit,
  });
}

window.addEventListener("message", (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  if (msg.type === "model") {
    const sameFunction = view.fn === msg.model.fn.name && (view.model === undefined || view.model.uri === msg.model.uri);
    view.model = msg.model;
    view.empty = undefined;
    view.pinned = msg.pinned;
    view.focus = msg.focus;
    if (!sameFunction) {
      const group = comparableGroup(msg.model);
      view.step = 0;
      view.n = defaultN(msg.model);
      view.compare = group ? modeOfGroup(group) : "sequential";
      view.limit = group?.limit ?? 4;
      view.status = "";
    }
    view.fn = msg.model.fn.name;
    view.step = clamp(view.step, 0, Math.max(0, msg.model.steps.length - 1));
    render();
    // opened from a problem: bring its story into view, once
    if (msg.focus !== undefined && !sameFunction) document.getElementById(`diag-${msg.focus}`)?.scrollIntoView({ block: "nearest" });
  } else if (msg.type === "empty") {
    view.model = undefined;
    view.empty = msg.reason;
    view.pinned = msg.pinned;
    render();
  } else if (msg.type === "fixApplied") {
    view.status = msg.ok ? "Fix applied; the panel shows the function as it is now." : `The fix was not applied: ${msg.message ?? "unknown reason"}`;
    const live = document.getElementById("status");
    if (live) live.textContent = view.status;
  }
});

// ---- rendering ----

function render(): void {
  persist();
  // rebuilt from scratch, so keep the reader where they were
  const scroll = window.scrollY;
  app.replaceChildren();
  app.removeAttribute("aria-busy");
  app.append(header());
  if (!view.model) {
    app.append(
      h("section", { class: "empty" },
        h("p", {}, view.empty ?? "Waiting for the language server…"),
        h("p", { class: "hint" }, "Put the cursor in a function that awaits or creates promises, or use “Explain on the event loop” on an Async Lens problem."),
      ),
    );
    return;
  }
  const m = view.model;
  app.append(timelineSection(m), stepsSection(m));
  if (comparableGroup(m)) app.append(compareSection(m));
  if (m.diagnostics.length > 0) app.append(diagnosticsSection(m));
  app.append(h("p", { id: "status", class: "status", "aria-live": "polite" }, view.status));
  if (m.truncated) app.append(h("p", { class: "hint" }, `Only the start of the function is modelled: ${m.truncated.reason}`));
  window.scrollTo(0, scroll);
}

function header(): HTMLElement {
  const m = view.model;
  const pin = h("button", {
    class: "icon-button", id: "pin", type: "button", "aria-pressed": String(view.pinned),
    title: view.pinned ? "Unpin: follow the cursor's function again" : "Pin: keep explaining this function when the cursor moves",
  }, icon(view.pinned ? "pinned" : "pin"), view.pinned ? " Pinned" : " Follow cursor");
  pin.addEventListener("click", () => {
    view.pinned = !view.pinned;
    post({ type: "setPinned", pinned: view.pinned });
    render();
  });
  const copy = h("button", { class: "icon-button", id: "copy-markdown", type: "button", title: "Copy the steps and findings as Markdown", disabled: !m }, icon("copy"), " Copy as Markdown");
  copy.addEventListener("click", () => {
    if (!view.model) return;
    post({ type: "copyMarkdown", markdown: toMarkdown(view.model, fileName(view.model.uri)) });
  });
  const title = m
    ? h("h1", {}, h("code", {}, m.fn.name), h("span", { class: "muted" }, ` ${m.fn.isAsync ? "async " : ""}${m.fn.kind} · ${fileName(m.uri)}`))
    : h("h1", {}, "Event loop");
  return h("header", { class: "top" }, title, h("div", { class: "actions" }, pin, copy));
}

function fileName(uri: string): string {
  const path = uri.split("?")[0] ?? uri;
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
}

// ---- the swimlane timeline ----

const BAR_NAMES: Record<string, string> = {
  running: "running on the call stack",
  suspended: "suspended at an await",
  pending: "in flight (pending)",
  tick: "microtask",
  settled: "settled",
  rejected: "rejected",
};

function timelineSection(m: ExplainModel): HTMLElement {
  const holder = h("div", { class: "timeline", id: "timeline" });
  const section = h("section", { "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, "Timeline"),
    h("p", { class: "hint" }, `Time in round trips: one I/O operation takes 1 unit; thin marks are microtask ticks. Peak concurrency ${m.timeline.peakConcurrency}` +
      (comparableGroup(m) ? ` for N = ${m.timeline.assumedN}.` : ".")),
    holder,
    legend(),
  );
  const draw = () => drawTimeline(holder, m);
  new ResizeObserver(() => draw()).observe(holder);
  draw();
  return section;
}

let lastWidth = 0;
function drawTimeline(holder: HTMLElement, m: ExplainModel): void {
  const width = Math.max(320, Math.floor(holder.clientWidth || 600));
  if (holder.firstChild && width === lastWidth) return;
  lastWidth = width;
  // a wider panel gives the operation labels more room before they are shortened
  const labelWidth = Math.round(Math.min(240, Math.max(140, width * 0.28)));
  const layout = layoutSwimlanes(m.timeline, { width, labelWidth, rowHeight: 26, minBarWidth: 3 });
  const top = 18;
  const svg = s("svg", { width, height: layout.height + top, viewBox: `0 0 ${width} ${layout.height + top}`, role: "img", "aria-labelledby": "timeline-desc" });
  svg.append(s("desc", { id: "timeline-desc" }, timelineDescription(m)));
  for (const lane of layout.lanes) svg.append(s("rect", { class: `lane-bg lane-${lane.lane.kind}`, x: 0, y: top + lane.y, width, height: 26 }));
  // work that runs past the function's own promise: shaded, so it is plain that nobody waits for it
  if (m.timeline.endsAt > m.timeline.settlesAt + 1e-9) {
    svg.append(s("defs", {}, s("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("line", { class: "hatch-line", x1: 0, y1: 0, x2: 0, y2: 6 }))));
    svg.append(s("rect", { class: "detached-zone", x: layout.settleX, y: top, width: Math.max(0, layout.endX - layout.settleX), height: layout.axisY, fill: "url(#hatch)" }));
  }
  for (const lane of layout.lanes) {
    const y = top + lane.y;
    svg.append(s("text", { class: "lane-label", x: 6, y: y + 17 }, lane.label, s("title", {}, lane.lane.label)));
    for (const b of lane.bars) {
      const future = b.bar.step !== undefined && b.bar.step > view.step;
      const current = b.bar.step === view.step;
      const rect = s("rect", {
        class: `bar bar-${b.bar.kind}${future ? " future" : ""}${current ? " current" : ""}`,
        x: b.x, y: y + 5, width: b.width, height: 16, rx: 2,
      });
      rect.append(s("title", {}, `${lane.lane.label}: ${BAR_NAMES[b.bar.kind] ?? b.bar.kind}, ${fmt(b.bar.start)}–${fmt(b.bar.end)}`));
      svg.append(rect);
    }
  }
  // axis
  svg.append(s("line", { class: "axis", x1: layout.plotLeft, y1: top + layout.axisY + 2, x2: layout.plotLeft + layout.plotWidth, y2: top + layout.axisY + 2 }));
  for (const t of layout.ticks) {
    svg.append(s("line", { class: "axis", x1: t.x, y1: top + layout.axisY + 2, x2: t.x, y2: top + layout.axisY + 6 }));
    svg.append(s("text", { class: "axis-label", x: t.x, y: top + layout.axisY + 18, "text-anchor": "middle" }, String(t.t)));
  }
  // the function's promise settles here
  svg.append(s("line", { class: "settle", x1: layout.settleX, y1: top - 4, x2: layout.settleX, y2: top + layout.axisY }));
  const settleLabel = `${shorten(m.fn.name, 24)} settles`;
  const anchorEnd = layout.settleX > width - 140;
  svg.append(s("text", { class: "settle-label", x: layout.settleX + (anchorEnd ? -4 : 4), y: 12, "text-anchor": anchorEnd ? "end" : "start" }, settleLabel));
  // where the current step sits
  const step = m.steps[view.step];
  if (step) {
    const x = layout.plotLeft + step.time * layout.scale;
    svg.append(s("line", { class: "cursor", x1: x, y1: top, x2: x, y2: top + layout.axisY }));
  }
  holder.replaceChildren(svg);
}

function timelineDescription(m: ExplainModel): string {
  const t = m.timeline;
  const detached = t.endsAt > t.settlesAt ? ` Work it started keeps running until ${fmt(t.endsAt)}, after its promise has settled.` : "";
  return `${m.fn.name}'s promise settles at ${units(t.settlesAt)}.${detached} Lanes: ${t.lanes.map((l) => l.label).join(", ")}.`;
}

function legend(): HTMLElement {
  const items = (["running", "suspended", "pending", "tick", "settled", "rejected"] as const).map((k) =>
    h("li", {}, h("span", { class: `swatch bar-${k}`, "aria-hidden": "true" }), BAR_NAMES[k] ?? k));
  items.push(h("li", {}, h("span", { class: "swatch swatch-settle", "aria-hidden": "true" }), "the function's promise settles"));
  items.push(h("li", {}, h("span", { class: "swatch swatch-detached", "aria-hidden": "true" }), "runs after it settled (nobody waits)"));
  return h("ul", { class: "legend", "aria-label": "Legend" }, ...items);
}

// ---- steps ----

function stepsSection(m: ExplainModel): HTMLElement {
  const count = m.steps.length;
  const step: Step | undefined = m.steps[view.step];
  const button = (id: string, name: string, label: string, to: () => number, disabled: boolean) => {
    const b = h("button", { class: "icon-button", id, type: "button", title: label, "aria-label": label, disabled }, icon(name));
    b.addEventListener("click", () => goToStep(to()));
    return b;
  };
  const controls = h("div", { class: "step-controls", role: "toolbar", "aria-label": "Steps (← → Home End)" },
    button("step-first", "debug-reverse-continue", "First step (Home)", () => 0, view.step <= 0),
    button("step-prev", "chevron-left", "Previous step (←)", () => view.step - 1, view.step <= 0),
    h("span", { class: "step-count", id: "step-count" }, count ? `Step ${view.step + 1} of ${count}` : "No steps"),
    button("step-next", "chevron-right", "Next step (→)", () => view.step + 1, view.step >= count - 1),
    button("step-last", "debug-continue", "Last step (End)", () => count - 1, view.step >= count - 1),
  );
  const caption = h("p", { class: "caption", id: "caption", "aria-live": "polite" }, step ? richText(captionParts(step.caption)) : "");
  const queues = step
    ? h("div", { class: "queues" },
      queue("Call stack", step.callStack, "innermost last", true),
      queue("Microtasks", step.microtasks, "run before any task"),
      queue("Task queue", step.tasks, "timers, I/O callbacks"),
    )
    : h("div");
  return h("section", { "aria-labelledby": "steps-title" }, h("h2", { id: "steps-title" }, "Step by step"), controls, caption, queues);
}

function queue(title: string, items: string[], hint: string, reversed = false): HTMLElement {
  const shown = reversed ? [...items].reverse() : items;
  return h("div", { class: "queue" },
    h("h3", {}, title, h("span", { class: "muted" }, ` · ${hint}`)),
    shown.length ? h("ol", {}, ...shown.map((x) => h("li", {}, h("code", {}, x)))) : h("p", { class: "muted" }, "empty"),
  );
}

function goToStep(i: number): void {
  const m = view.model;
  if (!m || m.steps.length === 0) return;
  const next = clamp(i, 0, m.steps.length - 1);
  if (next === view.step) return;
  view.step = next;
  view.status = "";
  const range = m.steps[next]?.range;
  if (range) post({ type: "reveal", range });
  lastWidth = 0;
  const focused = document.activeElement?.id;
  render();
  // keep keyboard focus where it was (render rebuilt the buttons)
  const again = focused ? document.getElementById(focused) : null;
  if (again instanceof HTMLButtonElement && !again.disabled) again.focus();
  else if (focused?.startsWith("step-")) document.getElementById("step-count")?.parentElement?.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
}

document.addEventListener("keydown", (e) => {
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const m = view.model;
  if (!m) return;
  const to = e.key === "ArrowRight" ? view.step + 1 : e.key === "ArrowLeft" ? view.step - 1 : e.key === "Home" ? 0 : e.key === "End" ? m.steps.length - 1 : undefined;
  if (to === undefined) return;
  e.preventDefault();
  goToStep(to);
});

// ---- sequential vs Promise.all vs limit(k) ----

const MODE_TITLES: Record<CompareMode, string> = { sequential: "Sequential (await in a loop)", all: "Promise.all", limit: "limit(k)" };

function compareSection(m: ExplainModel): HTMLElement {
  const group = comparableGroup(m)!;
  const yours = modeOfGroup(group);
  const n = view.n;
  const k = clamp(view.limit, 1, N_MAX);
  const totals = compareTotals(n, k);
  const modes: CompareMode[] = ["sequential", "all", "limit"];
  const toggle = h("div", { class: "segmented", role: "group", "aria-label": "Compare how the loop runs" },
    ...modes.map((mode) => {
      const b = h("button", { type: "button", id: `compare-${mode}`, "aria-pressed": String(view.compare === mode) }, mode === "limit" ? `limit(${k})` : MODE_TITLES[mode]);
      b.addEventListener("click", () => {
        view.compare = mode;
        render();
        document.getElementById(`compare-${mode}`)?.focus();
      });
      return b;
    }));
  const slider = (id: string, label: string, value: number, max: number, set: (v: number) => void) => {
    const input = h("input", { type: "range", id, min: N_MIN, max, value, "aria-label": label });
    const out = h("output", { for: id }, String(value));
    input.addEventListener("input", () => {
      set(Number(input.value));
      out.textContent = input.value;
      persist();
      refreshCompare();
    });
    input.addEventListener("change", () => {
      render();
      document.getElementById(id)?.focus();
    });
    return h("label", { class: "slider" }, h("span", {}, label), input, out);
  };
  const rows = modes.map((mode) => {
    const total = totals[mode];
    const formula = mode === "sequential" ? `N×L = ${n}×1` : mode === "all" ? "L" : `⌈N/k⌉×L = ⌈${n}/${k}⌉×1`;
    const meter = h("span", { class: "meter" }, h("span", { class: `meter-fill meter-${mode}`, "data-fraction": String(total / Math.max(1, totals.sequential)) }));
    return h("tr", { class: view.compare === mode ? "selected" : "" },
      h("th", { scope: "row" }, mode === "limit" ? `limit(${k})` : MODE_TITLES[mode], mode === yours ? h("span", { class: "badge" }, "your code") : ""),
      h("td", {}, units(total), h("span", { class: "muted" }, ` (${formula})`)),
      h("td", {}, meter),
      h("td", {}, String(totals.peak[mode])),
    );
  });
  const table = h("table", { class: "totals", id: "compare-totals" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "How"), h("th", { scope: "col" }, "Total time"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Relative time")), h("th", { scope: "col" }, "Peak concurrency"))),
    h("tbody", {}, ...rows));
  const groupText = `${group.kind === "sequential-loop" ? "The loop" : "The fan-out"} over ${multiplicityText(group.multiplicity).slice(1) || "N items"}`;
  const section = h("section", { "aria-labelledby": "compare-title", id: "compare" },
    h("h2", { id: "compare-title" }, "Compare"),
    h("p", { class: "hint" }, `${groupText}: each operation takes L = 1 unit. Drag N to see how the total and the number of requests in flight grow.`),
    toggle,
    h("div", { class: "sliders" },
      slider("compare-n", "N", n, N_MAX, (v) => (view.n = v)),
      slider("compare-k", "k", k, Math.max(1, Math.min(N_MAX, 32)), (v) => (view.limit = v)),
    ),
    table,
    h("div", { class: "compare-chart", id: "compare-chart" }),
    h("p", { class: "caption", id: "compare-caption", "aria-live": "polite" }),
  );
  queueMicrotask(refreshCompare);
  return section;
}

/** Redraws the parts of the comparison that follow the sliders, without rebuilding the controls. */
function refreshCompare(): void {
  const chart = document.getElementById("compare-chart");
  const caption = document.getElementById("compare-caption");
  if (!chart || !caption) return;
  const n = view.n;
  const k = clamp(view.limit, 1, N_MAX);
  const totals = compareTotals(n, k);
  for (const fill of document.querySelectorAll<HTMLElement>(".meter-fill")) {
    const mode = (["sequential", "all", "limit"] as const).find((x) => fill.classList.contains(`meter-${x}`))!;
    // CSSOM, not a style attribute: allowed under the CSP
    fill.style.width = `${Math.max(1, (totals[mode] / Math.max(1, totals.sequential)) * 100)}%`;
  }
  const mode = view.compare;
  const total = totals[mode];
  const width = Math.max(320, chart.clientWidth || 600);
  const labelWidth = 80;
  const rowH = 14;
  const shownRows = Math.min(n, 12);
  const scale = (width - labelWidth - 8) / Math.max(1, total);
  const svg = s("svg", { width, height: shownRows * rowH + 24, viewBox: `0 0 ${width} ${shownRows * rowH + 24}`, role: "img", "aria-label": `${MODE_TITLES[mode]}: ${n} operations take ${units(total)}, at most ${totals.peak[mode]} at once` });
  for (let row = 0; row < shownRows; row++) {
    // with more items than rows, the last row stands for the rest
    const i = row === shownRows - 1 && n > shownRows ? n - 1 : row;
    const y = row * rowH;
    const label = row === shownRows - 1 && n > shownRows ? `#${row + 1}…#${n}` : `#${i + 1}`;
    svg.append(s("text", { class: "lane-label", x: 4, y: y + 11 }, label));
    const start = itemStart(mode, i, k);
    svg.append(s("rect", { class: "bar bar-pending", x: labelWidth + start * scale, y: y + 2, width: Math.max(2, scale - 1), height: rowH - 4, rx: 1 }));
  }
  const axisY = shownRows * rowH + 4;
  svg.append(s("line", { class: "axis", x1: labelWidth, y1: axisY, x2: width - 8, y2: axisY }));
  svg.append(s("text", { class: "axis-label", x: labelWidth, y: axisY + 14 }, "0"));
  svg.append(s("text", { class: "axis-label", x: width - 8, y: axisY + 14, "text-anchor": "end" }, units(total)));
  chart.replaceChildren(svg);
  caption.textContent = `${MODE_TITLES[mode]} with N = ${n}${mode === "limit" ? `, k = ${k}` : ""}: ${units(total)} in total, at most ${totals.peak[mode]} in flight at once.`;
}

// ---- findings ----

function diagnosticsSection(m: ExplainModel): HTMLElement {
  const cards = m.diagnostics.map((d, di) => {
    const show = h("button", { type: "button", class: "link-button", title: "Show in the editor" }, icon("go-to-file"), ` line ${d.range.start.line + 1}`);
    show.addEventListener("click", () => post({ type: "reveal", range: d.range }));
    const fixes = d.fixes.map((f, fi) => {
      const b = h("button", { type: "button", class: "fix-button", id: `fix-${di}-${fi}`, title: f.safety === "safe" ? "A safe fix: it keeps the program's meaning" : "An unsafe fix: it changes when or whether code runs; review it" },
        icon("lightbulb-autofix"), ` Apply fix: ${f.title}`, h("span", { class: `badge badge-${f.safety}` }, f.safety));
      b.addEventListener("click", () => {
        view.status = `Applying “${f.title}”…`;
        const live = document.getElementById("status");
        if (live) live.textContent = view.status;
        post({ type: "applyFix", diagnostic: di, fix: fi });
      });
      return b;
    });
    return h("article", { class: `finding${view.focus === di ? " focused" : ""}`, id: `diag-${di}`, "aria-label": `${d.ruleId}: ${d.message}` },
      h("h3", {}, icon("warning"), " ", h("code", {}, d.ruleId), " ", show),
      h("p", {}, richText(captionParts(d.message))),
      d.story.length ? h("ol", { class: "story" }, ...d.story.map((x) => h("li", {}, richText(captionParts(x))))) : null,
      fixes.length ? h("div", { class: "fixes" }, ...fixes) : null,
    );
  });
  return h("section", { "aria-labelledby": "findings-title" }, h("h2", { id: "findings-title" }, "What goes wrong"), ...cards);
}

render();
post({ type: "ready" });
