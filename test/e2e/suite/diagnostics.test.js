// Runs inside the VS Code extension host with the packaged Async Lens extension installed (not a development
// folder), in a window on a copy of examples/. Uses only the public vscode API.
const assert = require("assert");
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");
const { poll } = require("./poll");
const expected = require(path.join(__dirname, "..", "expected.cjs"));

const EXTENSION_ID = "async-lens.async-lens";
const RULES = [...new Set(Object.values(expected).flat().map((f) => f.code))];
const IN_CHECKOUT = expected["src/checkout.ts"].length;


/** Language server processes started by this extension host (Linux /proc): Async Lens's dist/server.js. */
function serverPids() {
  const out = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
      if (ppid === process.pid && /async-lens[^\0]*[\\/]dist[\\/]server\.js/.test(cmdline)) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * The code actions VS Code gathers for `range`, asked again until `wanted(actions)` holds. VS Code cancels a
 * code-action request when the document's model changes while it runs (the lightbulb simply asks again), and
 * right after a revert it can answer with no actions once; so a "Canceled" error or an unwanted answer is retried.
 */
async function codeActionsWhere(what, uri, range, kind, resolveCount, wanted, timeoutMs = 15000) {
  let offered = [];
  let lastError;
  try {
    return await poll(
      what,
      async () => {
        try {
          const actions = await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, range, kind, resolveCount);
          offered = actions.map((a) => a.title);
          return wanted(actions) && actions;
        } catch (e) {
          if (!/Canceled/.test(String(e && e.message))) throw e;
          lastError = e;
          return false;
        }
      },
      timeoutMs,
    );
  } catch (e) {
    assert.fail(`${e.message}; offered: ${offered.join(" | ")}${lastError ? `; last request: ${lastError.message}` : ""}`);
  }
}

const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "async-lens");
const code = (d) => (typeof d.code === "object" && d.code !== null ? d.code.value : d.code);
/** Our diagnostics, sorted, as rows like those in expected.cjs (1-based positions, underlined text, severity name). */
function rows(doc) {
  return ours(doc.uri)
    .sort((a, b) => a.range.start.compareTo(b.range.start))
    .map((d) => ({
      line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      code: code(d), severity: vscode.DiagnosticSeverity[d.severity], text: doc.getText(d.range), message: d.message,
    }));
}
/** Waits until our diagnostics for `doc` satisfy `ok(rows)`, and returns them. */
function diagnosticsWhere(doc, what, ok, timeoutMs) {
  return poll(what, () => {
    const r = rows(doc);
    return ok(r) ? r : false;
  }, timeoutMs).catch((e) => {
    throw new Error(`${e.message}\nnow: ${JSON.stringify(rows(doc).map(({ message, ...rest }) => rest))}`);
  });
}

async function open(relativePath) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, "the window has a workspace folder (a copy of examples/)");
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

suite("Async Lens extension (packaged .vsix) in the extension host", function () {
  let checkout;
  suiteSetup(async function () {
    this.timeout(120000);
    checkout = await open("src/checkout.ts");
  });

  test("the installed extension is the packaged one, with the native compiler beside its bundles", () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    console.log(`    extension ${ext.packageJSON.version} at ${ext.extensionPath}; VS Code ${vscode.version}, node ${process.version}`);
    assert.match(ext.extensionPath.replace(/\\/g, "/"), /\/async-lens\.async-lens-[^/]+$/, "installed from the .vsix into the extensions folder");
    for (const f of ["dist/client.cjs", "dist/server.js", "dist/typescript/lib.es2022.d.ts"]) {
      assert.ok(fs.existsSync(vscode.Uri.joinPath(ext.extensionUri, f).fsPath), `${f} is in the package`);
    }
    const tsc = vscode.Uri.joinPath(ext.extensionUri, "dist", "typescript", process.platform === "win32" ? "tsc.exe" : "tsc").fsPath;
    assert.ok(fs.existsSync(tsc), "the native TypeScript 7 compiler is in the package");
    if (process.platform !== "win32") fs.accessSync(tsc, fs.constants.X_OK); // still executable after the .vsix was unpacked
  });

  test("opening a TypeScript file activates the extension", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await poll("activation", () => ext.isActive, 60000);
  });

  /** Our diagnostics for the file equal the expected ones: range, code, severity, underlined text, message. */
  async function assertExpected(doc, file, timeoutMs) {
    const want = expected[file];
    const got = await diagnosticsWhere(doc, `${want.length} diagnostics in ${file}`, (r) => r.length === want.length, timeoutMs);
    assert.deepStrictEqual(got.map(({ message, ...rest }) => rest), want.map(({ message, ...rest }) => rest), `diagnostics in ${file}`);
    got.forEach((d, i) => assert.match(d.message, want[i].message, `message at ${file}:${d.line}`));
  }

  test("checkout.ts: the dropped promise (floating-promise) and the unawaited one in an async function (missing-await)", async function () {
    this.timeout(120000);
    await assertExpected(checkout, "src/checkout.ts", 90000); // the first analysis starts the compiler
  });

  test("reports.ts: a dropped array of promises and .catch(undefined); the suppressed call is not reported", async () => {
    const reports = await open("src/reports.ts");
    await assertExpected(reports, "src/reports.ts", 30000);
    assert.match(reports.lineAt(18).text, /^\s*task\(\);/, "line 19 is the suppressed call");
    await vscode.window.showTextDocument(checkout);
  });

  test("edits in the unsaved buffer update the diagnostics (void, await), and reverting brings them back", async () => {
    const editor = await vscode.window.showTextDocument(checkout);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(7, 2), "void ")));
    await diagnosticsWhere(checkout, "only the line-17 finding after `void`", (r) => r.length === 1 && r[0].line === 17);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(16, 4), "await ")));
    await diagnosticsWhere(checkout, "no findings after `await`", (r) => r.length === 0);
    assert.ok(checkout.isDirty, "the edits were never saved");
    await vscode.commands.executeCommand("workbench.action.files.revert");
    assert.ok(!checkout.isDirty);
    await diagnosticsWhere(checkout, "all findings again after revert", (r) => r.length === IN_CHECKOUT);
  });

  test("a quick fix through VS Code's code actions (the lightbulb's source) adds `await`, and the finding goes", async () => {
    const finding = rows(checkout).find((r) => r.code === "missing-await");
    assert.ok(finding, "the missing-await finding is there");
    const at = new vscode.Range(finding.line - 1, finding.column - 1, finding.line - 1, finding.column - 1);
    // The last argument asks VS Code to resolve the actions, as the lightbulb does when one is chosen.
    const actions = await codeActionsWhere("the Add await quick fix", checkout.uri, at, vscode.CodeActionKind.QuickFix.value, 10, (xs) => xs.some((a) => a.title === "Add await"));
    const add = actions.find((a) => a.title === "Add await");
    assert.ok(add.isPreferred, "adding await is the preferred fix");
    assert.ok(add.edit, "the resolved action carries its edit");
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.match(checkout.lineAt(finding.line - 1).text, /^\s*await sendReceipt\(/);
    await diagnosticsWhere(checkout, "the missing-await finding gone after the fix", (r) => !r.some((d) => d.code === "missing-await"));
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await diagnosticsWhere(checkout, "all findings again after revert", (r) => r.length === IN_CHECKOUT);
  });

  test("fix-all (source.fixAll.asyncLens) applies the safe fixes only", async () => {
    // Asked again until offered (see codeActionsWhere): right after the revert above, VS Code sometimes returns no
    // actions although the server's reply (seen in the LSP trace) holds the fix-all action.
    const isFixAll = (a) => a.kind && a.kind.value === "source.fixAll.asyncLens" && a.edit;
    const actions = await codeActionsWhere("the fix-all action", checkout.uri, new vscode.Range(0, 0, 0, 0), "source.fixAll.asyncLens", undefined, (xs) => xs.some(isFixAll));
    const fixAll = actions.find(isFixAll);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    // Safe fixes: a .catch that logs on the dropped promise, await on the unawaited one; no `void`, no comments.
    const text = checkout.getText();
    assert.match(text, /saveOrder\(order\)\.catch\(\(error: unknown\) => console\.error\(error\)\);/);
    assert.match(text, /await sendReceipt\(/);
    assert.doesNotMatch(text, /async-lens-ignore-next-line/);
    await diagnosticsWhere(checkout, "no findings after fix-all", (r) => r.length === 0);
    await vscode.commands.executeCommand("workbench.action.files.revert");
    await diagnosticsWhere(checkout, "all findings again after revert", (r) => r.length === IN_CHECKOUT);
  });

  test("'Async Lens: Analyse Whole Workspace' fills in files that were never opened", async function () {
    this.timeout(120000);
    const folder = vscode.workspace.workspaceFolders[0];
    const users = vscode.Uri.joinPath(folder.uri, "src", "users.ts");
    assert.equal(ours(users).length, 0, "users.ts was never opened");
    const result = await vscode.commands.executeCommand("asyncLens.analyseWorkspace");
    assert.ok(result && result.files >= 7 && result.problems > 0, JSON.stringify(result));
    const codes = await poll("findings for users.ts", () => {
      const c = ours(users).map(code);
      return c.length > 0 ? c : false;
    });
    for (const rule of ["unbounded-fan-out", "misused-promise"]) assert.ok(codes.includes(rule), `users.ts has ${rule}: ${codes.join(", ")}`);
  });

  test("the asyncLens.rules setting changes the level, and 'off' turns the rules off", async () => {
    const config = () => vscode.workspace.getConfiguration("asyncLens");
    try {
      const rules = (level) => Object.fromEntries(RULES.map((id) => [id, level]));
      await config().update("rules", rules("warn"), vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhere(checkout, "warnings", (r) => r.length === IN_CHECKOUT && r.every((d) => d.severity === "Warning"));
      await config().update("rules", rules("off"), vscode.ConfigurationTarget.Workspace);
      await diagnosticsWhere(checkout, "no findings with the rules off", (r) => r.length === 0);
    } finally {
      await config().update("rules", undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsWhere(checkout, "errors again with the setting removed", (r) => r.length === IN_CHECKOUT && r.every((d) => d.severity === "Error"));
  });

  test("'Async Lens: Restart Language Server' restarts it and the findings come back", async function () {
    this.timeout(120000);
    // The client clears its diagnostics when the old server stops; the new server publishes them again.
    const counts = [ours(checkout.uri).length];
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === checkout.uri.toString())) counts.push(ours(checkout.uri).length);
    });
    try {
      await vscode.commands.executeCommand("asyncLens.restartServer");
      await poll("diagnostics cleared and published again", () => {
        const cleared = counts.indexOf(0);
        return cleared >= 0 && counts.slice(cleared).includes(IN_CHECKOUT);
      }, 90000).catch((e) => { throw new Error(`${e.message}; counts seen: ${counts.join(",")}`); });
    } finally {
      sub.dispose();
    }
    await diagnosticsWhere(checkout, "all findings after the restart", (r) => r.length === IN_CHECKOUT);
  });

  test("the language server killed: the client starts it again and diagnostics come back from the new one", async function () {
    this.timeout(120000);
    const [old] = await poll("the running language server process", () => serverPids().length === 1 && serverPids());
    process.kill(old, "SIGKILL");
    const [fresh] = await poll("a new language server process", () => {
      const now = serverPids();
      return now.length === 1 && now[0] !== old && now;
    }, 90000);
    console.log(`    language server ${old} killed; the client started ${fresh}`);
    // The client cleared the dead server's diagnostics; the new server publishes them again.
    const before = await diagnosticsWhere(checkout, "the findings published again", (r) => r.length === IN_CHECKOUT, 90000);
    // An edit only the new server can answer: a line at the top moves every finding down by one.
    const editor = await vscode.window.showTextDocument(checkout);
    try {
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), "\n")));
      await diagnosticsWhere(checkout, "findings moved down a line by the new server", (r) => r.length === IN_CHECKOUT && r.every((d, k) => d.line === before[k].line + 1));
    } finally {
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
    await diagnosticsWhere(checkout, "findings back in place", (r) => r.length === IN_CHECKOUT && r.every((d, k) => d.line === before[k].line));
  });

  test("fix-all runs on save through editor.codeActionsOnSave", async function () {
    this.timeout(60000);
    const original = checkout.getText();
    const setting = vscode.workspace.getConfiguration("editor", { languageId: "typescript" });
    await setting.update("codeActionsOnSave", { "source.fixAll.asyncLens": "explicit" }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const editor = await vscode.window.showTextDocument(checkout);
      // A change to save: a blank line at the end.
      assert.ok(await editor.edit((e) => e.insert(checkout.lineAt(checkout.lineCount - 1).range.end, "\n")));
      await vscode.commands.executeCommand("workbench.action.files.save");
      await poll("the safe fixes applied by the save", () => /saveOrder\(order\)\.catch\(/.test(checkout.getText()) && /await sendReceipt\(/.test(checkout.getText()));
      assert.doesNotMatch(checkout.getText(), /async-lens-ignore-next-line|void saveOrder/, "only safe fixes");
      await diagnosticsWhere(checkout, "no findings after fix-all on save", (r) => r.length === 0);
    } finally {
      await setting.update("codeActionsOnSave", undefined, vscode.ConfigurationTarget.Workspace, true);
      fs.writeFileSync(checkout.uri.fsPath, original);
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
  });
});
