// UI end-to-end test of the event-loop explainer panel, in the real VS Code (code-server) with the packaged
// Async Lens: open it from a problem's lightbulb menu, step through, compare a fan-out's strategies, apply a
// fix from the panel, and take screenshots in light, dark and high-contrast themes.
//   node test/e2e/explainer.test.mjs      (code-server must run: test/e2e/start-server.sh)
// The webview lives in two nested iframes; Playwright reaches into them with frame locators.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SHOTS, copyExamples, extensionHostErrors, launchChromium, logger, poll, serverUrl, steps, workbench } from "./lib.mjs";

const log = logger();
const workspace = copyExamples("explainer");
let browser;
let page;
const { runCommand, quickOpen, goTo, editorLine } = workbench(() => page);
const { shot, step, failed } = steps(test, () => page, log, { prefix: "explainer-" });

/** The explainer's document: the inner frame of the (only) webview whose panel is ours. */
function panel() {
  return page.locator("iframe.webview.ready").last().contentFrame().locator("iframe#active-frame").contentFrame();
}

async function panelText(selector) {
  return (await panel().locator(selector).first().innerText()).replace(/\s+/g, " ").trim();
}

/** Switches the colour theme through "Preferences: Color Theme", choosing the row labelled `label`. */
async function switchTheme(label, workbenchClass) {
  const input = page.locator(".quick-input-widget input");
  const row = (re) => page.locator(".quick-input-list .monaco-list-row", { hasText: re }).first();
  await page.keyboard.press("F1");
  await input.waitFor({ state: "visible" });
  await input.fill(">Preferences: Color Theme");
  await row(/^Preferences: Color Theme/).click(); // not the first row: that one browses the Marketplace
  await row(/^Dark Modern/).waitFor();
  await input.fill(label);
  await row(new RegExp(`^${label}`)).click();
  await input.waitFor({ state: "hidden" });
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
  // the webview receives the new theme's variables: wait until its body says so
  const bodyClass = { vs: "vscode-light", "vs-dark": "vscode-dark", "hc-black": "vscode-high-contrast", "hc-light": "vscode-high-contrast-light" }[workbenchClass];
  await poll(`the panel in ${label}`, () => panel().locator(`body.${bodyClass}`).count());
}

describe("The event-loop explainer panel (code-server, packaged .vsix)", () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    // clipboard access so that the test can read what "Copy as Markdown" wrote
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, permissions: ["clipboard-read", "clipboard-write"] });
    page = await context.newPage();
    log(`workspace ${workspace.dir}`);
  });

  after(async () => {
    await browser?.close();
    if (!failed()) workspace.remove();
    else log(`workspace kept for inspection: ${workspace.dir}`);
  });

  step("the workbench opens the copy of examples/ and checkout.ts shows its two problems", async () => {
    await page.goto(`${serverUrl()}/?folder=${encodeURIComponent(workspace.dir)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "src" }).first().waitFor({ timeout: 60000 });
    await quickOpen("src/checkout.ts");
    await poll("two error squiggles in checkout.ts", async () => (await page.locator(".editor-instance .squiggly-error").count()) >= 2, { timeoutMs: 120000 });
  });

  step("'Explain on the event loop' in the lightbulb menu on line 17 opens the panel beside the editor", async () => {
    await goTo(17, 5);
    const menu = page.locator(".action-widget").filter({ has: page.locator(".monaco-list-row") }).last();
    const explain = menu.locator(".monaco-list-row", { hasText: "Explain on the event loop" }).first();
    // the menu waits for every provider (the built-in TypeScript one starts slowly): ask again if it stays shut
    await poll("the lightbulb menu with 'Explain on the event loop'", async () => {
      if (!(await menu.isVisible())) await page.keyboard.press("Control+.");
      return explain.waitFor({ timeout: 10000 }).then(() => true, () => false);
    }, { timeoutMs: 60000 });
    await explain.click();
    await menu.waitFor({ state: "hidden" });
    await page.locator(".tab", { hasText: "Event loop: checkout" }).waitFor({ timeout: 30000 });
    // beside the editor: two editor groups, the code still in the first
    assert.equal(await page.locator(".editor-group-container").count(), 2);
    await panel().locator("h1", { hasText: "checkout" }).waitFor({ timeout: 30000 });
    assert.ok((await panel().locator("#timeline svg rect.bar").count()) > 0, "the timeline has bars");
    await panel().locator(".settle-label").waitFor();
    await panel().locator("article.finding", { hasText: "missing-await" }).waitFor();
    assert.match(await panelText("#step-count"), /^Step 1 of \d+$/);
    assert.ok((await panelText("#caption")).length > 10, "the first step has a caption");
    assert.deepEqual(extensionHostErrors(), [], "errors in the extension host logs");
    await shot("10-explainer-dark");
  });

  step("the step buttons and the arrow/Home/End keys walk through the steps and highlight each step's source", async () => {
    const total = Number(/of (\d+)/.exec(await panelText("#step-count"))[1]);
    assert.ok(total >= 2, `at least two steps (${total})`);
    const first = await panelText("#caption");
    await panel().locator("#step-next").click();
    await poll("step 2", async () => (await panelText("#step-count")) === `Step 2 of ${total}`);
    assert.notEqual(await panelText("#caption"), first, "a new caption");
    await panel().locator("#step-next").press("End");
    await poll("the last step", async () => (await panelText("#step-count")) === `Step ${total} of ${total}`);
    await page.keyboard.press("Home");
    await poll("back to step 1", async () => (await panelText("#step-count")) === `Step 1 of ${total}`);
    await page.keyboard.press("ArrowRight");
    await poll("step 2 by the arrow key", async () => (await panelText("#step-count")) === `Step 2 of ${total}`);
    // every step with a source range highlights it in the editor (a decoration in the first editor group)
    await poll("a highlighted range in the editor", () => page.locator(".editor-group-container").first().locator(".view-overlays [class*='ced-']").count());
    await shot("11-explainer-step-2");
  });

  step("following the cursor to loadAll in users.ts: compare sequential, Promise.all and limit(k) with the N slider", async () => {
    await page.locator(".editor-group-container").first().click({ position: { x: 300, y: 200 } });
    await quickOpen("src/users.ts");
    await goTo(18, 20);
    await panel().locator("h1", { hasText: "loadAll" }).waitFor({ timeout: 30000 });
    await panel().locator("#compare").waitFor();
    assert.equal(await panel().locator("#compare-all").getAttribute("aria-pressed"), "true", "the code's own strategy (Promise.all) is selected first");
    await panel().locator("#compare-limit").click();
    await poll("limit(k) selected", async () => (await panel().locator("#compare-limit").getAttribute("aria-pressed")) === "true");
    await panel().locator("#compare-n").fill("40");
    await panel().locator("#compare-k").fill("4");
    await poll("the totals for N = 40, k = 4", async () => {
      const t = await panelText("#compare-totals");
      return /40 units/.test(t) && /10 units/.test(t) && /1 units?/.test(t) ? t : false;
    });
    assert.match(await panelText("#compare-caption"), /N = 40, k = 4: 10 units in total, at most 4 in flight/);
    await panel().locator("#compare-sequential").click();
    await poll("sequential caption", async () => /40 units in total, at most 1 in flight/.test(await panelText("#compare-caption")));
    await panel().locator("#compare").scrollIntoViewIfNeeded();
    await shot("12-explainer-compare");
  });

  step("pinned to loadAll, the panel changes only on request: the CodeLens above names() explains that loop", async () => {
    await panel().locator("#pin").click();
    await poll("pinned", async () => (await panel().locator("#pin").getAttribute("aria-pressed")) === "true");
    const lens = page.locator(".editor-group-container").first().locator(".codelens-decoration a", { hasText: "Explain on the event loop" });
    await page.locator(".tab.active", { hasText: "users.ts" }).click(); // back to the editor from the webview
    await poll("the CodeLens above names()", async () => {
      // the lenses sit above each function; scroll the one over names() into view
      await goTo(35, 1);
      return (await lens.count()) >= 6;
    });
    await lens.last().click();
    await panel().locator("h1", { hasText: "names" }).waitFor({ timeout: 30000 });
    assert.equal(await panel().locator("#compare-sequential").getAttribute("aria-pressed"), "true", "names() awaits in a loop");
    await shot("12b-explainer-codelens-names");
    await panel().locator("#pin").click();
    await poll("following the cursor again", async () => (await panel().locator("#pin").getAttribute("aria-pressed")) === "false");
  });

  step("'Apply fix' in the panel adds the await on line 17 of checkout.ts and the finding goes", async () => {
    await page.locator(".tab", { hasText: "checkout.ts" }).first().click();
    await page.locator(".tab.active", { hasText: "checkout.ts" }).waitFor();
    await goTo(17, 5);
    await panel().locator("h1", { hasText: "checkout" }).waitFor({ timeout: 30000 });
    const card = panel().locator("article.finding", { hasText: "missing-await" });
    const fix = card.locator("button.fix-button", { hasText: "Add await" }).first();
    await fix.click();
    await poll("line 17 with await", async () => /^await sendReceipt\(/.test((await editorLine(17))?.trim() ?? ""), { timeoutMs: 30000 });
    await poll("the panel redrawn without the finding", async () => (await panel().locator("article.finding", { hasText: "missing-await" }).count()) === 0, { timeoutMs: 30000 });
    await page.locator(".tab.active", { hasText: "checkout.ts" }).click(); // the editor, not the webview, takes the undo
    await page.keyboard.press("Control+Z");
    await poll("line 17 as before", async () => /^sendReceipt\(/.test((await editorLine(17))?.trim() ?? ""));
    await panel().locator("article.finding", { hasText: "missing-await" }).waitFor({ timeout: 30000 });
  });

  step("'Copy as Markdown' puts the steps and the story on the clipboard", async () => {
    await panel().locator("#copy-markdown").click();
    const text = await poll("the Markdown on the clipboard", async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.startsWith("## `checkout` on the event loop") ? t : false;
    });
    assert.match(text, /^1\. .*\(line 1[12]\)$/m, "numbered steps with their lines");
    assert.match(text, /\*\*missing-await\*\* \(line 17\)/);
    assert.match(text, /- Fix \(safe\): Add await/);
  });

  step("after a window reload the panel comes back (serializer) and explains the same function", async () => {
    assert.deepEqual(extensionHostErrors(), [], "errors in the extension host logs before the reload");
    await runCommand("Developer: Reload Window");
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".tab", { hasText: "Event loop: checkout" }).waitFor({ timeout: 60000 });
    await panel().locator("h1", { hasText: "checkout" }).waitFor({ timeout: 60000 });
    await panel().locator("article.finding", { hasText: "missing-await" }).waitFor();
  });

  step("light and high-contrast themes", async () => {
    // After the reload the panel draws the restored state, then the fresh model: the heading may be replaced
    // under the first attempt.
    await poll("the panel's heading scrolled into view", () =>
      panel().locator("h1").first().scrollIntoViewIfNeeded({ timeout: 2000 }).then(() => true, () => false),
    );
    await switchTheme("Light Modern", "vs");
    await shot("13-explainer-light");
    await switchTheme("Dark High Contrast", "hc-black");
    await shot("14-explainer-high-contrast");
    await switchTheme("Light High Contrast", "hc-light");
    await shot("15-explainer-high-contrast-light");
    await switchTheme("Dark Modern", "vs-dark");
    // the picture for the README: more room (no side bar), the story's last step, the panel from its top
    await runCommand("View: Toggle Primary Side Bar Visibility");
    await panel().locator("#step-last").click();
    await poll("the last step", async () => /^Step (\d+) of \1$/.test(await panelText("#step-count")));
    await panel().locator("h1").first().scrollIntoViewIfNeeded();
    await shot("16-explainer-readme");
    // including the extension host the reload ended: requests it cut off are not errors
    assert.deepEqual(extensionHostErrors(), [], "errors in the extension host logs");
  });
});
