// Runs the same extension-host suite (suite/index.js) in desktop VS Code (Electron) with @vscode/test-electron,
// for machines that can download VS Code. Not part of `npm run test:e2e`, and not for CI: it downloads VS Code
// from Microsoft, which machines that reach only the npm registry and Debian apt cannot (it fails at that step).
//   npm run package && bash test/e2e/install.sh --tools-only && node test/e2e/run-electron.mjs
//   (on a headless Linux machine: xvfb-run -a node test/e2e/run-electron.mjs)
// Like the code-server run, it installs the packaged .vsix into fresh extensions/user-data folders and opens a
// copy of examples/. Variables: ASYNC_LENS_E2E_VSIX (default <repo>/async-lens-<platform>-<arch>.vsix),
// ASYNC_LENS_E2E_VSCODE_VERSION (default "stable"), ASYNC_LENS_E2E_HOME (downloads go to its vscode-test/).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from "@vscode/test-electron";
import { E2E_DIR, E2E_HOME, REPO_ROOT, copyExamples } from "./lib.mjs";

const vsix = path.resolve(process.env.ASYNC_LENS_E2E_VSIX || path.join(REPO_ROOT, `async-lens-${process.platform}-${process.arch}.vsix`));
if (!existsSync(vsix)) {
  console.error(`no ${vsix}: run 'npm run package' first`);
  process.exit(2);
}
if (!existsSync(path.join(E2E_HOME, "tools", "node_modules", "mocha"))) {
  console.error(`mocha is not installed under ${E2E_HOME}/tools: run 'bash test/e2e/install.sh --tools-only'`);
  process.exit(2);
}

const suite = path.join(E2E_DIR, "suite");
const run = path.join(E2E_HOME, "electron-run");
rmSync(run, { recursive: true, force: true });
mkdirSync(path.join(run, "user-data", "User"), { recursive: true });
writeFileSync(path.join(run, "user-data", "User", "settings.json"), JSON.stringify({
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "git.enabled": false,
  "chat.disableAIFeatures": true,
}, null, 2));
const profile = [`--extensions-dir=${path.join(run, "extensions")}`, `--user-data-dir=${path.join(run, "user-data")}`];

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({
    version: process.env.ASYNC_LENS_E2E_VSCODE_VERSION || "stable",
    cachePath: path.join(E2E_HOME, "vscode-test"),
  });
} catch (e) {
  console.error(`could not download VS Code (${e instanceof Error ? e.message : e}); on a machine without that access use 'npm run test:e2e', which runs this suite in code-server`);
  process.exit(1);
}
const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
const install = spawnSync(cli, [...cliArgs, ...profile, "--install-extension", vsix, "--force"], {
  encoding: "utf8", stdio: "inherit", shell: process.platform === "win32",
});
if (install.status !== 0) {
  console.error(`installing ${vsix} failed (exit code ${install.status})`);
  process.exit(1);
}

const workspace = copyExamples("electron");
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: suite,
    extensionTestsPath: path.join(suite, "index.js"),
    launchArgs: [workspace.dir, ...profile, "--disable-workspace-trust", "--skip-welcome", "--skip-release-notes", "--disable-gpu"],
    extensionTestsEnv: { ASYNC_LENS_E2E_HOME: E2E_HOME },
  });
} catch (e) {
  console.error(`extension-host suite failed: ${e instanceof Error ? e.message : e}`);
} finally {
  if (code === 0) workspace.remove();
  else console.error(`workspace kept for inspection: ${workspace.dir}`);
}
process.exit(code === 0 ? 0 : 1);
