// Shared by ui.test.mjs and ext-host.mjs: paths, playwright-core from $ASYNC_LENS_E2E_HOME, Chromium launch,
// a throw-away copy of examples/, and small polling helpers (no fixed sleeps).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import suitePoll from "./suite/poll.js";

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(E2E_DIR, "..", "..");
export const E2E_HOME = path.resolve(process.env.ASYNC_LENS_E2E_HOME || path.join(os.homedir(), ".cache", "async-lens-e2e"));
export const SHOTS = path.resolve(process.env.ASYNC_LENS_E2E_SHOTS || path.join(E2E_DIR, "shots"));
const CHROMIUM = process.env.ASYNC_LENS_E2E_CHROMIUM || "/usr/bin/chromium";

/** The URL start-server.sh wrote, or ASYNC_LENS_E2E_URL. */
export function serverUrl() {
  if (process.env.ASYNC_LENS_E2E_URL) return process.env.ASYNC_LENS_E2E_URL;
  try {
    return readFileSync(path.join(E2E_HOME, "run", "server.url"), "utf8").trim();
  } catch {
    throw new Error("code-server is not running: start it with test/e2e/start-server.sh");
  }
}

let playwright;
function loadPlaywright() {
  if (playwright) return playwright;
  // Chromium and Playwright write per-user files (crash reports, dconf, ms-playwright): not into the real HOME.
  const xdg = path.join(E2E_HOME, "xdg", "browser");
  Object.assign(process.env, {
    HOME: path.join(xdg, "home"),
    XDG_CONFIG_HOME: path.join(xdg, "config"),
    XDG_CACHE_HOME: path.join(xdg, "cache"),
    PLAYWRIGHT_BROWSERS_PATH: path.join(xdg, "ms-playwright"),
  });
  mkdirSync(process.env.HOME, { recursive: true });
  try {
    playwright = createRequire(path.join(E2E_HOME, "tools", "package.json"))("playwright-core");
  } catch {
    throw new Error(`playwright-core is not installed under ${E2E_HOME}/tools: run test/e2e/install.sh`);
  }
  return playwright;
}

export function launchChromium() {
  return loadPlaywright().chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // launch() always uses a fresh temporary profile (Playwright refuses --user-data-dir in args)
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A fresh copy of examples/ at <temporary folder>/examples (the tests edit files; the repository stays clean),
 * with <temporary folder>/node_modules linked to the repository's, so that the copy resolves packages
 * (e.g. `"types": ["node"]` in its tsconfig.json) as examples/ does in the repository.
 */
export function copyExamples(label) {
  const parent = mkdtempSync(path.join(os.tmpdir(), `async-lens-e2e-${label}-`));
  const dir = path.join(parent, "examples");
  cpSync(path.join(REPO_ROOT, "examples"), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  if (existsSync(path.join(REPO_ROOT, "node_modules"))) symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(parent, "node_modules"), "dir");
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Polls `fn` until it returns a truthy value; throws with the last value seen after `timeoutMs`. */
export function poll(what, fn, { timeoutMs = 30000, intervalMs = 200 } = {}) {
  return suitePoll.poll(what, fn, timeoutMs, intervalMs);
}

export function logger() {
  const t0 = Date.now();
  return (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...a);
}

/**
 * Error lines about Async Lens in the logs of the running code-server's extension hosts: activation failures
 * and the like in remoteexthost.log, and every [error] in our own output channel's log ("Async Lens.log"),
 * less the ones the suite causes on purpose.
 *
 * The fault test kills the language server with SIGKILL. The client logs the exit; and when it was writing to the
 * server as it died (a didChange, a CodeLens request), vscode-languageclient also logs "connection to server is
 * erroring" (EPIPE and the like). That second line is a race, so it is expected only next to a SIGKILL exit in the
 * same log: within KILL_WINDOW_MS of it, before or after. Anywhere else it is a real failure.
 */
const KILLED = /Server process exited with signal SIGKILL\./;
const ERRORING_NEAR_KILL = /connection to server is erroring/;
const KILL_WINDOW_MS = 10000;
const stampOf = (line) => {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}`) : NaN;
};

/** The unexpected [error] lines of one log's text (exported for the unit test of this filter). */
export function unexpectedErrorLines(text, { ours = true } = {}) {
  const lines = text.split("\n");
  const kills = lines.filter((l) => /\[error\]/.test(l) && KILLED.test(l)).map(stampOf);
  return lines.filter((line) => {
    if (!/\[error\]/.test(line)) return false;
    if (!ours && !/async-lens|asyncLens|Async Lens/.test(line)) return false;
    if (KILLED.test(line)) return false;
    if (ERRORING_NEAR_KILL.test(line)) {
      const t = stampOf(line);
      if (kills.some((k) => Math.abs(k - t) <= KILL_WINDOW_MS)) return false;
    }
    return true;
  });
}

export function extensionHostErrors() {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "remoteexthost.log" || p.includes(`${path.sep}async-lens.async-lens${path.sep}`)) {
        const ours = e.name !== "remoteexthost.log";
        for (const line of unexpectedErrorLines(readFileSync(p, "utf8"), { ours })) found.push(`${path.relative(E2E_HOME, p)}: ${line}`);
      }
    }
  };
  walk(path.join(E2E_HOME, "run", "user-data", "logs"));
  return found;
}

/**
 * Workbench helpers shared by the UI tests, for the page `getPage()` returns: the command palette, quick open,
 * go to line, and the text of an editor line as rendered.
 */
export function workbench(getPage) {
  const input = () => getPage().locator(".quick-input-widget input");
  return {
    async runCommand(title) {
      const page = getPage();
      await page.keyboard.press("F1");
      await input().waitFor({ state: "visible" });
      await input().fill(`>${title}`);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
      await page.keyboard.press("Enter");
      await input().waitFor({ state: "hidden" });
    },
    async quickOpen(file) {
      const page = getPage();
      await page.keyboard.press("Control+P");
      await input().waitFor({ state: "visible" });
      await input().fill(file);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(file) }).first().waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".tab.active", { hasText: path.basename(file) }).waitFor();
    },
    async goTo(line, column) {
      const page = getPage();
      await page.keyboard.press("Control+G");
      await input().waitFor({ state: "visible" });
      await input().fill(`:${line}:${column}`);
      // an Enter that lands while the picker is still updating is ignored: press again until it closes
      await poll(`go to ${line}:${column} accepted`, async () => {
        if (!(await input().isVisible())) return true;
        await page.keyboard.press("Enter");
        return input().waitFor({ state: "hidden", timeout: 3000 }).then(() => true, () => false);
      });
      await page.locator(".statusbar", { hasText: `Ln ${line}, Col ${column}` }).waitFor();
    },
    /** The text of line `n` (1-based) in the first editor, as rendered: the view line level with gutter number `n`. */
    async editorLine(n) {
      const text = await getPage().locator(".editor-instance").first().evaluate((editor, n) => {
        const number = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")].find((e) => e.textContent.trim() === String(n));
        const top = number?.closest("[style*='top']")?.style.top;
        return [...editor.querySelectorAll(".view-lines .view-line")].find((l) => l.style.top === top)?.textContent ?? null;
      }, n);
      return text?.replace(/\u00a0/g, " ");
    },
  };
}

/**
 * Screenshots and sequential steps for a UI test: `shot(name)` saves test/e2e/shots/<name>.png; `step(name, fn)`
 * is a node:test case that, once a step has failed, does not run (the run is failing already) and on failure saves
 * a `99-failure-<prefix><step>` screenshot, adding `describeFailure()`'s text (if given) to the error.
 */
export function steps(test, getPage, log, { prefix = "", describeFailure } = {}) {
  let failed = false;
  async function shot(name) {
    const file = path.join(SHOTS, `${name}.png`);
    await getPage().screenshot({ path: file });
    log(`screenshot ${path.relative(process.cwd(), file)}`);
  }
  function step(name, fn) {
    test(name, async (t) => {
      if (failed) return t.skip("an earlier step failed");
      try {
        await fn();
      } catch (e) {
        failed = true;
        const slug = name.replace(/[^a-z0-9]+/gi, "-").toLowerCase().slice(0, 40);
        await shot(`99-failure-${prefix}${slug}`).catch(() => {});
        if (describeFailure) e.message += `\n${await describeFailure().catch(() => "(could not describe the failure)")}`;
        throw e;
      }
    });
  }
  return { shot, step, failed: () => failed };
}
