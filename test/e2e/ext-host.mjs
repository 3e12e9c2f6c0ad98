// Runs the extension-host suite (suite/index.js, @vscode/test-electron style) inside code-server's Node
// extension host, in a window on a fresh copy of examples/, with the packaged Async Lens that start-server.sh
// installed from the .vsix. Exit code 0 when the suite's run() resolves.
//   node test/e2e/ext-host.mjs            (code-server must run: test/e2e/start-server.sh)
//
// code-server's command line refuses --extensionDevelopmentPath/--extensionTestsPath, but its workbench reads
// developmentOptions from the JSON in #vscode-workbench-web-configuration[data-settings]. An init script
// adds them as the workbench reads that attribute. The suite's exit code comes back through
// window.codeAutomationExit, and the extension host's console output through the page console.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";
import { E2E_DIR, SHOTS, copyExamples, extensionHostErrors, launchChromium, logger, serverUrl } from "./lib.mjs";

const TIMEOUT_MS = Number(process.env.ASYNC_LENS_E2E_TIMEOUT_MS || 240000);
const SUITE = path.join(E2E_DIR, "suite");
const log = logger();
// the workbench's own console lines, printed between the suite's; none of them is about the tests
const WORKBENCH_CHATTER = new RegExp([
  String.raw`^\[(remote-connection|AgentHost[^\]]*|AccountPolicyGate|reconnection-grace-time|Service Worker|perf)\]`,
  String.raw`^\[Extension Host\] \(ext host\)`,
  String.raw`^(Resolving|Resolved|Creating a socket|Started local|ExtensionService|Ignoring fetching additional builtin|Updating additional builtin|Creation of workbench contribution)`,
  String.raw`is not a web extension`, // the suite is a workspace extension; the web worker host refuses it, as it should
].join("|"));

const base = serverUrl();
const workspace = copyExamples("host");
mkdirSync(SHOTS, { recursive: true });
log(`extension-host suite ${SUITE}/index.js on ${base}, workspace ${workspace.dir}`);

const browser = await launchChromium();
let result = "no result";
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.addInitScript(({ devPath, testsPath }) => {
    const getAttribute = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (name) {
      const value = getAttribute.call(this, name);
      if (name !== "data-settings" || this.id !== "vscode-workbench-web-configuration" || !value) return value;
      const config = JSON.parse(value);
      // the remote authority is the page's host:port
      const uri = (p) => ({ scheme: "vscode-remote", authority: location.host, path: p });
      config.developmentOptions = { ...config.developmentOptions, extensions: [uri(devPath)], extensionTestsPath: uri(testsPath) };
      window.__asyncLensE2EPatched = true;
      return JSON.stringify(config);
    };
  }, { devPath: SUITE, testsPath: path.join(SUITE, "index.js") });

  let exited;
  const exit = new Promise((resolve) => (exited = resolve));
  await page.exposeFunction("codeAutomationLog", () => {});
  await page.exposeFunction("codeAutomationExit", (code) => exited(code));
  // In test mode the workbench logs the extension host's console as ("%c INFO", "<css>", ...original args).
  page.on("console", async (message) => {
    const text = message.text();
    if (process.env.ASYNC_LENS_E2E_DEBUG) console.log("[page]", message.type(), text.slice(0, 500));
    if (!/^%c\s+(INFO|WARN|ERR|DEBUG|TRACE)/.test(text)) return;
    const args = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => "?")));
    const rest = args.slice(2);
    if (typeof rest[0] !== "string") return;
    const line = format(...rest);
    if (!WORKBENCH_CHATTER.test(line)) console.log(line);
  });

  await page.goto(`${base}/?folder=${encodeURIComponent(workspace.dir)}`);
  // Wait for the suite; give up on a timeout, or 20 s after Async Lens logs an error (the run fails anyway then;
  // the grace lets mocha print what failed).
  const timers = [];
  const timeout = new Promise((r) => timers.push(setTimeout(() => r(`timeout after ${TIMEOUT_MS} ms`), TIMEOUT_MS)));
  const logged = new Promise((r) => {
    const watch = setInterval(() => {
      if (!extensionHostErrors().length) return;
      clearInterval(watch);
      timers.push(setTimeout(() => r("gave up: Async Lens logged errors"), 20000));
    }, 1000);
    timers.push(watch);
  });
  result = await Promise.race([exit, timeout, logged]);
  timers.forEach((t) => clearTimeout(t));
  if (!(await page.evaluate(() => window.__asyncLensE2EPatched).catch(() => false))) console.error("the workbench configuration was not patched");
  // after a failure: the window as the suite left it (after a pass the extension host is already gone)
  if (result !== 0) await page.screenshot({ path: path.join(SHOTS, "99-failure-ext-host-suite.png") }).catch(() => {});
} finally {
  await browser.close();
}
const logErrors = extensionHostErrors();
if (logErrors.length) console.error(`errors in the extension host logs:\n${logErrors.join("\n")}`);
const ok = result === 0 && logErrors.length === 0;
if (ok) workspace.remove();
else log(`workspace kept for inspection: ${workspace.dir}`);
log(`extension-host suite: ${ok ? "PASS" : `FAIL (exit code ${result})`}`);
process.exit(ok ? 0 : 1);
