// Suppression comments in the real VS Code, with the packaged extension: the grammar and icon are installed,
// and rule ids in a suppression comment are completed and explained on hover through VS Code's own providers.
const assert = require("assert");
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");
const { poll } = require("./poll");

const EXTENSION_ID = "async-lens.async-lens";
const COMMENT = "// async-lens-ignore-next-line floating-promise -- the scheduler reports failures itself";


suite("Suppression comments (packaged .vsix)", function () {
  let doc;
  let line;
  suiteSetup(async function () {
    this.timeout(120000);
    const folder = vscode.workspace.workspaceFolders[0];
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, "src/reports.ts"));
    await vscode.window.showTextDocument(doc);
    line = doc.getText().split("\n").findIndex((l) => l.includes(COMMENT));
    assert.ok(line >= 0, "examples/src/reports.ts has the suppression comment");
  });

  test("the package holds the grammar and icon it contributes", () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const grammars = ext.packageJSON.contributes.grammars;
    assert.deepStrictEqual(grammars.map((g) => g.injectTo), [["source.ts", "source.tsx", "source.js", "source.js.jsx"]]);
    for (const file of [...grammars.map((g) => g.path), ext.packageJSON.icon]) assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), file);
  });

  test("rule ids are completed inside the comment", async () => {
    const character = doc.lineAt(line).text.indexOf("floating-promise") + "flo".length;
    const list = await poll("rule id completions", async () => {
      const l = await vscode.commands.executeCommand("vscode.executeCompletionItemProvider", doc.uri, new vscode.Position(line, character));
      return l.items.some((i) => (typeof i.label === "string" ? i.label : i.label.label) === "floating-promise") && l;
    });
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    for (const id of ["floating-promise", "missing-await", "misused-promise", "unbounded-fan-out"]) assert.ok(labels.includes(id), id);
  });

  test("hovering a rule id shows its summary and a link to its page", async () => {
    const character = doc.lineAt(line).text.indexOf("floating-promise") + 4;
    const hovers = await poll("a hover on the rule id", async () => {
      const h = await vscode.commands.executeCommand("vscode.executeHoverProvider", doc.uri, new vscode.Position(line, character));
      return h.some((x) => x.contents.some((c) => String(c.value || c).includes("**floating-promise**"))) && h;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => String(c.value || c))).join("\n");
    assert.match(text, /A promise is created and dropped/);
    assert.match(text, /docs\/rules\/floating-promise\.md/);
  });
});
