// Completion and hover of rule ids inside suppression comments, from the bundled server over stdio.
import { describe, it, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { LspPeer } from "./peer.js";
import { rules } from "../../server/src/analyzer/rules/index.js";
import { ruleDocsUrl } from "../../shared/docs-url.js";

interface Item {
  label: string;
  detail?: string;
  textEdit?: { newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
}
interface HoverResult {
  contents: { kind: string; value: string };
  range: { start: { character: number }; end: { character: number } };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-comments-"));
const uri = pathToFileURL(path.join(dir, "a.ts")).href;
let child: ChildProcessWithoutNullStreams;
let peer: LspPeer;
let version = 0;

/** Opens (or replaces) the document with `marked` minus its `|`, and returns the cursor's position. */
function openAt(marked: string): { line: number; character: number } {
  const offset = marked.indexOf("|");
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  version++;
  if (version === 1) peer.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version, text } });
  else peer.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

async function complete(marked: string): Promise<Item[]> {
  const position = openAt(marked);
  const reply = await peer.request("textDocument/completion", { textDocument: { uri }, position });
  return (reply.result ?? []) as Item[];
}

async function hoverAt(marked: string): Promise<HoverResult | null> {
  const position = openAt(marked);
  return (await peer.request("textDocument/hover", { textDocument: { uri }, position })).result as HoverResult | null;
}

before(async () => {
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }));
  child = spawn(process.execPath, [path.resolve("dist/server.js"), "--stdio"], { cwd: dir });
  peer = new LspPeer(child);
  const init = await peer.request("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  const caps = (init.result as { capabilities: { completionProvider?: { triggerCharacters?: string[] }; hoverProvider?: boolean } }).capabilities;
  assert.deepEqual(caps.completionProvider?.triggerCharacters, [" ", ","]);
  assert.equal(caps.hoverProvider, true);
  peer.notify("initialized", {});
});

after(async () => {
  await peer.request("shutdown", null);
  peer.notify("exit", null);
  child.kill();
  await rm(dir, { recursive: true, force: true });
});

describe("rule ids in suppression comments", () => {
  it("completes every rule id, with its summary, after async-lens-ignore-next-line", async () => {
    const items = await complete("f();\n// async-lens-ignore-next-line |\nf();\n");
    assert.deepEqual(items.map((i) => i.label), rules.map((r) => r.meta.id));
    const floating = items.find((i) => i.label === "floating-promise")!;
    assert.equal(floating.detail, rules.find((r) => r.meta.id === "floating-promise")!.meta.summary);
    assert.deepEqual(floating.textEdit?.range, { start: { line: 1, character: 31 }, end: { line: 1, character: 31 } });
  });

  it("replaces the partly typed id and leaves out ids already listed", async () => {
    const items = await complete("/* async-lens-ignore-file missing-await, flo| -- legacy */\n");
    assert.ok(!items.some((i) => i.label === "missing-await"));
    const floating = items.find((i) => i.label === "floating-promise");
    assert.deepEqual(floating?.textEdit, { newText: "floating-promise", range: { start: { line: 0, character: 41 }, end: { line: 0, character: 44 } } });
  });

  it("keeps the async-lens/ prefix the user typed", async () => {
    const items = await complete("// async-lens-ignore-next-line async-lens/miss|\n");
    const missing = items.find((i) => i.label === "missing-await") as Item & { filterText?: string };
    assert.equal(missing.textEdit?.newText, "async-lens/missing-await");
    assert.equal(missing.filterText, "async-lens/missing-await");
  });

  it("offers nothing in code, strings, plain comments, the reason, or ESLint's lists", async () => {
    for (const marked of [
      "const x = 1; |",
      'const s = "// async-lens-ignore-next-line |";',
      "// a note |",
      "// async-lens-ignore-next-line floating-promise -- because |",
      "// eslint-disable-next-line |",
    ]) {
      assert.deepEqual(await complete(marked), [], marked);
    }
  });

  it("completes the directive word", async () => {
    const items = await complete("// async-lens-i|");
    assert.deepEqual(items.map((i) => i.label), ["async-lens-ignore-next-line", "async-lens-ignore-file"]);
  });

  it("shows the rule's summary and a link to its page on hover", async () => {
    const h = await hoverAt("// async-lens-ignore-next-line misused-promise, unbounded-fan|-out -- ok\n");
    assert.ok(h);
    const rule = rules.find((r) => r.meta.id === "unbounded-fan-out")!;
    assert.equal(h.contents.kind, "markdown");
    assert.ok(h.contents.value.includes(rule.meta.summary), h.contents.value);
    assert.ok(h.contents.value.includes(`(${ruleDocsUrl("unbounded-fan-out")})`), h.contents.value);
    assert.ok(ruleDocsUrl("unbounded-fan-out").endsWith("/docs/rules/unbounded-fan-out.md"));
    assert.deepEqual([h.range.start.character, h.range.end.character], [48, 65]);
  });

  it("says when a name is not a rule, and which rules an honoured ESLint name silences", async () => {
    const unknown = await hoverAt("// async-lens-ignore-file floating-promis|\n");
    assert.match(unknown!.contents.value, /`floating-promis` is not an Async Lens rule/);
    const eslint = await hoverAt("// eslint-disable-next-line @typescript-eslint/no-misused-|promises\n");
    assert.match(eslint!.contents.value, /also silences \[`floating-promise`\].*\[`misused-promise`\]/);
    assert.equal(await hoverAt("// eslint-disable-next-line no-con|sole\n"), null);
    assert.equal(await hoverAt("const floating|Promise = 1;\n"), null);
  });
});
