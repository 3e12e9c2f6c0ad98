// UI end-to-end test: a real VS Code (code-server) with the packaged Async Lens installed, driven through
// Chromium like a user would: open a file, read the Problems panel and the hover, type, look again.
//   node test/e2e/ui.test.mjs            (code-server must run: test/e2e/start-server.sh)
// Screenshots go to test/e2e/shots/ (or $ASYNC_LENS_E2E_SHOTS). Every wait is for a condition, with a timeout.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SHOTS, copyExamples, extensionHostErrors, launchChromium, logger, poll, serverUrl, steps, workbench } from "./lib.mjs";
import expected from "./expected.cjs";

const log = logger();
const workspace = copyExamples("ui");
let browser;
let page;
const pageErrors = [];
const { shot, step, failed } = steps(test, () => page, log, {
  describeFailure: async () => `Problems panel: ${JSON.stringify(await problems(), null, 1)}`,
});

/** The rows of the Problems panel, in order: { file, severity, message, source, code, line, column }. */
function problems() {
  return page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) => {
    let file = "";
    const out = [];
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    for (const row of rows) {
      const text = (sel) => row.querySelector(sel)?.textContent.trim() ?? "";
      if (row.querySelector(".marker-message")) {
        const [, line, column] = /Ln (\d+), Col (\d+)/.exec(text(".marker-line")) ?? [];
        const icon = row.querySelector(".marker-icon");
        const severity = ["error", "warning", "info"].find((s) => icon?.classList.contains(s)) ?? "?";
        out.push({ file, severity, message: text(".marker-message"), source: text(".marker-source"), code: text(".marker-code"), line: Number(line), column: Number(column) });
      } else if (row.querySelector(".label-name")) {
        file = `${text(".label-description")}/${text(".label-name")}`.replace(/^\//, "");
      }
    }
    return out;
  });
}

/**
 * Polls the Problems panel until our (source async-lens) rows for `file` satisfy `ok`; returns them.
 * Gives up at once when the extension host logs an error about Async Lens (activation, server start).
 */
async function ourProblems(file, what, ok, timeoutMs = 60000) {
  return poll(what, async () => {
    const errors = extensionHostErrors();
    if (errors.length) throw new Error(`Async Lens logged errors while the test waited for ${what}:\n${errors.join("\n")}`);
    const rows = (await problems()).filter((r) => r.source === "async-lens" && r.file === file);
    return ok(rows) ? rows : false;
  }, { timeoutMs });
}

function assertRows(rows, file) {
  const want = expected[file];
  assert.deepEqual(
    rows.map(({ line, column, code, severity }) => ({ line, column, code, severity })),
    want.map(({ line, column, code, severity }) => ({ line, column, code, severity: severity.toLowerCase() })),
    `Problems panel rows for ${file}`,
  );
  rows.forEach((r, i) => assert.match(r.message, want[i].message, `message at ${file}:${r.line}`));
}

const { runCommand, quickOpen, goTo, editorLine } = workbench(() => page);

describe("Async Lens in VS Code (code-server, packaged .vsix)", () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    log(`workspace ${workspace.dir}`);
  });

  after(async () => {
    if (pageErrors.length) writeFileSync(path.join(SHOTS, "page-errors.txt"), pageErrors.join("\n"));
    await browser?.close();
    if (!failed()) workspace.remove();
    else log(`workspace kept for inspection: ${workspace.dir}`);
  });

  step("the workbench opens the copy of examples/", async () => {
    await page.goto(`${serverUrl()}/?folder=${encodeURIComponent(workspace.dir)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "src" }).first().waitFor({ timeout: 60000 });
    log("workbench and explorer ready");
  });

  step("checkout.ts: the Problems panel lists our two findings with code, line and column", async () => {
    await quickOpen("src/checkout.ts");
    await page.locator(".editor-instance .view-lines", { hasText: "markPaid" }).waitFor();
    await runCommand("View: Focus Problems");
    await page.locator(".markers-panel").waitFor({ state: "visible" });
    const want = expected["src/checkout.ts"].length;
    const rows = await ourProblems("src/checkout.ts", `${want} async-lens rows`, (r) => r.length === want, 120000);
    log(`Problems panel: ${rows.map((r) => `${r.code} [Ln ${r.line}, Col ${r.column}]`).join(", ")}`);
    assertRows(rows, "src/checkout.ts");
    // the editor underlines them too
    await poll("two error squiggles in the editor", async () => (await page.locator(".editor-instance .squiggly-error").count()) >= want);
    // the status bar item counts the problems in the open files
    await page.locator(".statusbar-item", { hasText: `Async Lens: ${want}` }).waitFor({ timeout: 30000 });
    await shot("01-checkout-problems");
  });

  step("the hover on line 8 shows the explanation and the rule", async () => {
    await goTo(8, 3);
    await runCommand("Show or Focus Hover");
    const hover = page.locator(".monaco-hover:visible", { hasText: "async-lens" }).first();
    await hover.waitFor({ timeout: 15000 });
    const text = await hover.innerText();
    assert.match(text, expected["src/checkout.ts"][0].message);
    assert.match(text, /async-lens\s*\(?\s*floating-promise/);
    await shot("02-checkout-hover");
    await page.keyboard.press("Escape");
    await hover.waitFor({ state: "hidden" });
  });

  step("the lightbulb menu (Ctrl+.) on line 8 offers our fixes; choosing .catch changes the text and the finding goes; undo brings it back", async () => {
    await goTo(8, 3);
    await page.keyboard.press("Control+.");
    const menu = page.locator(".action-widget").filter({ has: page.locator(".monaco-list-row") }).last();
    await menu.waitFor({ state: "visible" });
    const catchRow = menu.locator(".monaco-list-row", { hasText: "that logs the error" }).first();
    await catchRow.waitFor();
    const offered = await menu.locator(".monaco-list-row").allInnerTexts();
    assert.ok(offered.some((t) => /deliberately not awaited/.test(t)), `the menu offers: ${offered.join(" | ")}`);
    await shot("03a-checkout-quick-fix-menu");
    await catchRow.click();
    await menu.waitFor({ state: "hidden" });
    await poll("line 8 with the .catch added", async () => /^saveOrder\(order\)\.catch\(\(error: unknown\) => console\.error\(error\)\);$/.test((await editorLine(8))?.trim() ?? ""));
    await ourProblems("src/checkout.ts", "only the line-17 row after the fix", (r) => r.length === 1 && r[0].line === 17, 30000);
    await shot("03b-checkout-after-quick-fix");
    await page.keyboard.press("Control+Z");
    await poll("line 8 as before", async () => (await editorLine(8))?.trim() === "saveOrder(order);");
    await ourProblems("src/checkout.ts", "both rows again after undo", (r) => r.length === expected["src/checkout.ts"].length, 30000);
  });

  step("typing `void ` on line 8 removes that finding; line 17 stays", async () => {
    await goTo(8, 3);
    await page.keyboard.type("void ");
    await page.keyboard.press("Escape"); // a suggestion list, if one opened
    // The editor's DOM may lag behind the keystrokes on a busy machine: wait for the text, don't read it once.
    await poll("line 8 with void typed", async () => (await editorLine(8))?.trim() === "void saveOrder(order);", { timeoutMs: 10000 });
    const rows = await ourProblems("src/checkout.ts", "only the line-17 row", (r) => r.length === 1 && r[0].line === 17, 30000);
    assert.equal(rows[0].code, expected["src/checkout.ts"][1].code);
    await shot("03-checkout-after-void");
  });

  step("typing `await ` on line 17 removes the last finding (unsaved buffer)", async () => {
    await goTo(17, 5);
    await page.keyboard.type("await ");
    await page.keyboard.press("Escape");
    await poll("line 17 with await typed", async () => /^await sendReceipt\(/.test((await editorLine(17))?.trim() ?? ""), { timeoutMs: 10000 });
    await ourProblems("src/checkout.ts", "no async-lens rows for checkout.ts", (r) => r.length === 0, 30000);
    await page.locator(".tab.active.dirty", { hasText: "checkout.ts" }).waitFor(); // never saved
    await shot("04-checkout-after-await");
  });

  step("reports.ts: the dropped array and .catch(undefined) are listed; the suppressed call is not", async () => {
    await quickOpen("src/reports.ts");
    const want = expected["src/reports.ts"].length;
    const rows = await ourProblems("src/reports.ts", `${want} async-lens rows`, (r) => r.length === want, 60000);
    assertRows(rows, "src/reports.ts");
    assert.ok(!rows.some((r) => r.line === 19), "line 19 carries async-lens-ignore-next-line");
    await shot("05-reports-problems");
  });

  step("'Async Lens: Show Output' opens our output channel; no error notification, nothing logged as an error", async () => {
    await runCommand("Async Lens: Show Output");
    await poll("the Output view showing the Async Lens channel", () =>
      page.locator(".panel select.monaco-select-box").evaluateAll((boxes) => boxes.some((b) => b.options[b.selectedIndex]?.text === "Async Lens")));
    const text = await page.locator(".panel .monaco-editor .view-lines").first().innerText();
    assert.doesNotMatch(text, /\[error\]|could not|not found/i, "the Async Lens output channel");
    const toasts = await page.locator(".notifications-toasts .notification-toast").allInnerTexts();
    assert.deepEqual(toasts.filter((t) => /async lens/i.test(t)), [], "notifications about Async Lens");
    assert.deepEqual(extensionHostErrors(), [], "errors in the extension host logs");
    await shot("06-output");
  });
});
