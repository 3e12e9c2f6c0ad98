// The explainer webview's pure logic: comparison totals, lane geometry, captions, Markdown.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TICK } from "../../shared/explain-protocol.js";
import { checkoutModel, loadAllModel } from "../../client/webview/fixtures.js";
import { captionParts, comparableGroup, compareTotals, defaultN, itemStart, layoutSwimlanes, modeOfGroup, shorten, toMarkdown, units } from "../../client/webview/logic.js";

test("compare totals: N×L sequential, L under Promise.all, ⌈N/k⌉×L under limit(k), and their peaks", () => {
  assert.deepEqual(compareTotals(10, 4), { sequential: 10, all: 1, limit: 3, peak: { sequential: 1, all: 10, limit: 4 } });
  assert.deepEqual(compareTotals(8, 4, 2), { sequential: 16, all: 2, limit: 4, peak: { sequential: 1, all: 8, limit: 4 } });
  assert.deepEqual(compareTotals(3, 10), { sequential: 3, all: 1, limit: 1, peak: { sequential: 1, all: 3, limit: 3 } });
  assert.deepEqual(compareTotals(0, 4), { sequential: 0, all: 0, limit: 0, peak: { sequential: 0, all: 0, limit: 0 } });
  // a nonsensical k is taken as 1, not a division by zero
  assert.equal(compareTotals(5, 0).limit, 5);
});

test("each item's start agrees with the totals", () => {
  for (const [n, k] of [[10, 3], [7, 7], [1, 4], [50, 8]] as const) {
    const t = compareTotals(n, k);
    for (const mode of ["sequential", "all", "limit"] as const) {
      const end = Math.max(...Array.from({ length: n }, (_, i) => itemStart(mode, i, k) + 1));
      assert.equal(end, t[mode], `${mode} n=${n} k=${k}`);
      // the most items whose [start, start+1) overlap at one instant
      const starts = Array.from({ length: n }, (_, i) => itemStart(mode, i, k));
      const peak = Math.max(...starts.map((s) => starts.filter((x) => x <= s && s < x + 1).length));
      assert.equal(peak, t.peak[mode], `peak ${mode} n=${n} k=${k}`);
    }
  }
});

test("the comparison is about the model's loop or fan-out, starting from how the code runs it", () => {
  assert.equal(comparableGroup(checkoutModel), undefined);
  const g = comparableGroup(loadAllModel);
  assert.ok(g);
  assert.equal(modeOfGroup(g), "all");
  assert.equal(defaultN(loadAllModel), 10, "a symbolic size starts at the server's assumed N");
  assert.equal(defaultN({ ...loadAllModel, groups: [{ ...g, multiplicity: { kind: "known", count: 3 } }] }), 3);
  assert.equal(defaultN({ ...loadAllModel, groups: [{ ...g, multiplicity: { kind: "known", count: 5000 } }] }), 200, "clamped to the slider");
});

test("lane layout: one row per lane, bars in proportion, ticks still visible, settle marker before detached work", () => {
  const layout = layoutSwimlanes(checkoutModel.timeline, { width: 800, labelWidth: 170, rowHeight: 26, minBarWidth: 3 });
  assert.equal(layout.lanes.length, checkoutModel.timeline.lanes.length);
  assert.deepEqual(layout.lanes.map((l) => l.y), checkoutModel.timeline.lanes.map((_, i) => i * 26));
  const op = layout.lanes.find((l) => l.lane.id === "op0")!;
  const bar = op.bars[0]!;
  assert.equal(bar.x, layout.plotLeft);
  assert.ok(Math.abs(bar.width - layout.scale) < 1e-9, "a 1-unit bar is one scale wide");
  for (const l of layout.lanes) for (const b of l.bars) {
    assert.ok(b.width >= 3, "a tick is drawn at least 3 px wide");
    assert.ok(b.x + b.width <= layout.width, "inside the drawing");
  }
  assert.ok(layout.settleX < layout.endX, "checkout's receipt runs past the settle marker");
  assert.ok(layout.endX <= layout.plotLeft + layout.plotWidth);
  assert.deepEqual(layout.ticks.map((t) => t.t), [0, 1, 2]);
  assert.equal(layout.height, layout.axisY + 22);
  // on a long timeline a microtask tick is narrower than a pixel: it is still drawn 3 px wide
  const lanes = [...checkoutModel.timeline.lanes, { id: "late", kind: "timers" as const, label: "setTimeout", bars: [{ start: 39, end: 40, kind: "pending" as const }] }];
  const long = layoutSwimlanes({ ...checkoutModel.timeline, endsAt: 40, lanes }, { width: 800, labelWidth: 170, rowHeight: 26, minBarWidth: 3 });
  assert.ok(TICK * long.scale < 1);
  const tick = long.lanes.find((l) => l.lane.id === "micro")!.bars[0]!;
  assert.equal(tick.width, 3);
  assert.deepEqual(long.ticks.map((t) => t.t), [0, 5, 10, 15, 20, 25, 30, 35, 40]);
});

test("group lanes carry their multiplicity; long labels are shortened", () => {
  const layout = layoutSwimlanes(loadAllModel.timeline, { width: 600, labelWidth: 210, rowHeight: 26, minBarWidth: 3 });
  assert.equal(layout.lanes[1]!.label, "fetchUser(id) ×ids.length");
  const narrow = layoutSwimlanes(loadAllModel.timeline, { width: 600, labelWidth: 140, rowHeight: 26, minBarWidth: 3 });
  assert.equal(narrow.lanes[1]!.label, "fetchUser(id) ×ids.…");
  assert.equal(shorten("abcdefghij", 5), "abcd…");
  assert.equal(shorten("abc", 5), "abc");
});

test("captions split at backticks into text and code", () => {
  assert.deepEqual(captionParts("`a` runs up to `await b()`."), [{ text: "a", code: true }, { text: " runs up to ", code: false }, { text: "await b()", code: true }, { text: ".", code: false }]);
  assert.deepEqual(captionParts("plain"), [{ text: "plain", code: false }]);
  assert.deepEqual([units(1), units(0), units(2.5), units(10)], ["1 unit", "0 units", "2.5 units", "10 units"]);
});

test("Markdown has the steps in order with their lines, and each finding's story and fixes", () => {
  const md = toMarkdown(checkoutModel, "checkout.ts");
  assert.match(md, /^## `checkout` on the event loop \(checkout\.ts\)/);
  const steps = md.split("\n").filter((l) => /^\d+\. /.test(l));
  assert.equal(steps.length, checkoutModel.steps.length);
  assert.match(steps[0]!, /^1\. `checkout` runs synchronously .* \(line 12\)$/);
  assert.match(md, /\*\*missing-await\*\* \(line 17\): This promise is not awaited\./);
  assert.match(md, /- The try\/catch has already exited/);
  assert.match(md, /- Fix \(safe\): Add await/);
});
