// Entry point of the extension-host suite, @vscode/test-electron style: VS Code loads this file inside the
// extension host and awaits run(). Mocha comes from the project's node_modules when it is there, else from
// the e2e tools folder that test/e2e/install.sh fills ($ASYNC_LENS_E2E_HOME/tools).
const fs = require("fs");
const os = require("os");
const path = require("path");
const { createRequire } = require("module");

function loadMocha() {
  try {
    return require("mocha");
  } catch {
    const home = process.env.ASYNC_LENS_E2E_HOME || path.join(os.homedir(), ".cache", "async-lens-e2e");
    return createRequire(path.join(home, "tools", "package.json"))("mocha");
  }
}

function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 60000, reporter: "spec" });
  const grep = process.env.ASYNC_LENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith(".test.js")) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    // say why at once too: the spec reporter only explains failures at the end, which a run cut short never reaches
    runner.on("fail", (test, err) => console.error(`      failed: ${test.title}\n      ${String(err && err.message).split("\n").slice(0, 12).join("\n      ")}`));
  });
}

module.exports = { run };
