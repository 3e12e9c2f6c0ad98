// The built `async-lens` command, run as a user runs it, on small projects made per test.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const CLI = path.resolve("dist/cli.js");
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-cli-"));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "esnext", moduleResolution: "bundler", noEmit: true }, include: ["src"] });
const FLOATING = "export async function save(): Promise<void> {}\nexport function go() {\n  save();\n}\n";
const CLEAN = "export async function save(): Promise<void> {}\nexport async function go() {\n  await save();\n}\n";

describe("async-lens check", () => {
  it("reports a finding in stylish text with file, line:col and rule id, and exits 1", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": FLOATING, "src/b.ts": CLEAN });
    const r = run(dir, "check", ".");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^src\/a\.ts$/m);
    assert.match(r.stdout, /^\s+3:3\s+error\s+This promise is dropped.*floating-promise$/m);
    assert.match(r.stdout, /1 problem \(1 error, 0 warnings\)/);
    assert.doesNotMatch(r.stdout, /src\/b\.ts/);
  });

  it("exits 0 on a clean project", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/b.ts": CLEAN });
    const r = run(dir, "check");
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No async problems found/);
  });

  it("writes ESLint-shaped JSON", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": FLOATING });
    const r = run(dir, "check", "--format", "json");
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; messageId: string; line: number; column: number; endLine: number; endColumn: number; severity: number }[]; errorCount: number }[];
    const file = out.find((f) => f.filePath.endsWith("src/a.ts"))!;
    assert.equal(file.errorCount, 1);
    assert.deepEqual(
      file.messages.map((m) => [m.ruleId, m.messageId, m.severity, m.line, m.column, m.endLine, m.endColumn]),
      [["floating-promise", "floating", 2, 3, 3, 3, 10]],
    );
  });

  it("writes SARIF 2.1.0 with relative URIs, 1-based regions and rule metadata", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a b.ts": FLOATING });
    const r = run(dir, "check", "--format", "sarif");
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, "2.1.0");
    const runObj = sarif.runs[0];
    assert.equal(runObj.tool.driver.name, "async-lens");
    assert.ok(runObj.tool.driver.rules.some((x: { id: string }) => x.id === "floating-promise"));
    assert.equal(runObj.originalUriBaseIds["%SRCROOT%"].uri.startsWith("file:///"), true);
    assert.equal(runObj.results.length, 1);
    const res = runObj.results[0];
    assert.equal(res.ruleId, "floating-promise");
    assert.equal(res.level, "error");
    assert.equal(runObj.tool.driver.rules[res.ruleIndex].id, "floating-promise");
    assert.equal(runObj.tool.driver.rules[res.ruleIndex].helpUri, "https://github.com/async-lens/async-lens/blob/main/docs/rules/floating-promise.md");
    const loc = res.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: "src/a%20b.ts", uriBaseId: "%SRCROOT%" });
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 3, endLine: 3, endColumn: 10 });
  });

  it("reports a function registered several times in one block once, with the other places as related locations in text, JSON and SARIF", () => {
    const registrations = [
      "declare const app: { get(path: string, handler: (req: string) => void): void };",
      "declare function send(req: string): Promise<void>;",
      "export class Server {",
      "  async serve(type: string, req: string): Promise<void> { await send(type + req); }",
      "  configure() {",
      "    app.get('*.js', this.serve.bind(this, 'text/javascript'));",
      "    app.get('*.css', this.serve.bind(this, 'text/css'));",
      "    app.get('*.png', this.serve.bind(this, 'image/png'));",
      "  }",
      "}",
      "",
    ];
    const dir = project({ "tsconfig.json": TSCONFIG, "src/server.ts": registrations.join("\n") });
    const text = run(dir, "check");
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /^\s+6:21\s+error\s+`get` expects.*floating-promise\n\s+also\s+7:22 .*\n\s+also\s+8:22 /m);
    assert.match(text.stdout, /^\s+7:22\s+info\s+.*reported at its level on line 6; shown here as information\..*\n\s+also\s+6:21 /m);
    assert.match(text.stdout, /3 problems \(1 error, 0 warnings, 2 info\)/);

    type JsonMessage = { line: number; severity: number; info?: boolean; relatedLocations?: { line: number; column: number; message: string }[] };
    const json = JSON.parse(run(dir, "check", "--format", "json").stdout) as { messages: JsonMessage[] }[];
    const messages = json[0]!.messages;
    assert.deepEqual(messages.map((m) => [m.line, m.severity, !!m.info, (m.relatedLocations ?? []).map((r) => `${r.line}:${r.column}`)]), [
      [6, 2, false, ["7:22", "8:22"]],
      [7, 1, true, ["6:21"]],
      [8, 1, true, ["6:21"]],
    ]);

    const sarif = JSON.parse(run(dir, "check", "--format", "sarif").stdout);
    const [first, second] = sarif.runs[0].results;
    assert.equal(first.level, "error");
    assert.deepEqual(first.relatedLocations.map((r: { id: number; physicalLocation: { region: { startLine: number } } }) => [r.id, r.physicalLocation.region.startLine]), [[0, 7], [1, 8]]);
    assert.equal(second.level, "note");
    assert.equal(second.relatedLocations[0].physicalLocation.artifactLocation.uri, "src/server.ts");

    // A suppression comment at one place takes that place out; the first place lists only those still reported.
    const lines = [...registrations];
    lines.splice(6, 0, "    // async-lens-ignore-next-line floating-promise -- a fixed asset");
    writeFileSync(path.join(dir, "src/server.ts"), lines.join("\n"));
    const suppressed = (JSON.parse(run(dir, "check", "--format", "json").stdout) as { messages: JsonMessage[] }[])[0]!.messages;
    assert.deepEqual(suppressed.map((m) => [m.line, m.severity, (m.relatedLocations ?? []).map((r) => r.line)]), [
      [6, 2, [9]],
      [9, 1, [6]],
    ]);
    // At the first place it silences the report at its level; the other places stay information.
    writeFileSync(path.join(dir, "src/server.ts"), registrations.join("\n").replace("    app.get('*.js'", "    // async-lens-ignore-next-line floating-promise -- the handler reports its own errors\n    app.get('*.js'"));
    const head = run(dir, "check");
    assert.equal(head.code, 0, head.stdout);
    assert.match(head.stdout, /2 problems \(0 errors, 0 warnings, 2 info\)/);
  });

  it("takes rule levels from --rule, async-lens.json and package.json", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": FLOATING });
    const warn = run(dir, "check", "--rule", "floating-promise=warn");
    assert.equal(warn.code, 0, "warnings alone do not fail, as in ESLint");
    assert.match(warn.stdout, /3:3\s+warning/);
    assert.equal(run(dir, "check", "--rule", "floating-promise=warn", "--max-warnings", "0").code, 1);

    writeFileSync(path.join(dir, "async-lens.json"), JSON.stringify({ rules: { "floating-promise": "off" } }));
    assert.equal(run(dir, "check").code, 0, "the one finding's rule is off");
    const ids = /^Rules: (.*)$/m.exec(run(dir, "--help").stdout)![1]!.split(", ");
    writeFileSync(path.join(dir, "async-lens.json"), JSON.stringify({ rules: Object.fromEntries(ids.map((id) => [id, "off"])) }));
    const off = run(dir, "check");
    assert.equal(off.code, 0);
    assert.match(off.stderr, /every rule is turned off/);
    rmSync(path.join(dir, "async-lens.json"));

    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "x", asyncLens: { rules: { "floating-promise": ["error", { ignoreVoid: false }] } } }));
    writeFileSync(path.join(dir, "src/v.ts"), "declare function f(): Promise<void>;\nvoid f();\n");
    const strict = run(dir, "check", "--format", "json");
    const files = JSON.parse(strict.stdout) as { filePath: string; errorCount: number }[];
    assert.equal(files.find((f) => f.filePath.endsWith("v.ts"))?.errorCount, 1, "ignoreVoid: false reports `void f()`");
  });

  it("rejects bad usage and bad config with exit 2 and a message", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": CLEAN });
    const cases: [string[], RegExp][] = [
      [["check", "--format", "xml"], /--format must be text, json or sarif/],
      [["check", "--rule", "no-such-rule=error"], /Unknown rule 'no-such-rule'/],
      [["check", "--rule", "floating-promise=loud"], /--rule expects id=level/],
      [["check", "missing-folder"], /No such file or directory/],
      [["check", "--project", "nope.json"], /Project file not found/],
      [["lint"], /unknown command 'lint'/],
      [["check", "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = run(dir, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
    writeFileSync(path.join(dir, "async-lens.json"), JSON.stringify({ rules: { "floating-promise": ["error", { ignoreVoidd: true }] } }));
    const r = run(dir, "check");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has no option 'ignoreVoidd'/);
  });

  it("follows project references of a solution-style tsconfig", () => {
    const dir = project({
      "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "./packages/app" }, { path: "./packages/lib/tsconfig.lib.json" }] }),
      "packages/app/tsconfig.json": TSCONFIG,
      "packages/app/src/a.ts": FLOATING,
      "packages/lib/tsconfig.lib.json": TSCONFIG,
      "packages/lib/src/l.ts": FLOATING,
    });
    const r = run(dir, "check", "--project", "tsconfig.json", "--format", "json");
    const files = (JSON.parse(r.stdout) as { filePath: string; errorCount: number }[]).filter((f) => f.errorCount > 0).map((f) => path.relative(dir, f.filePath));
    assert.deepEqual(files.sort(), ["packages/app/src/a.ts", "packages/lib/src/l.ts"]);
  });

  it("analyses files in a tsconfig and loose files side by side; --project alone takes only its files", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": FLOATING, "scripts/loose.ts": FLOATING, "tsconfig.broken.json": "{ nope" });
    const both = run(dir, "check", "--format", "json");
    const flagged = (out: string) =>
      (JSON.parse(out) as { filePath: string; errorCount: number }[]).filter((f) => f.errorCount > 0).map((f) => path.relative(dir, f.filePath)).sort();
    assert.equal(both.code, 1, both.stderr);
    assert.deepEqual(flagged(both.stdout), ["scripts/loose.ts", "src/a.ts"]);
    const only = run(dir, "check", "--project", "tsconfig.json", "--format", "json");
    assert.deepEqual(flagged(only.stdout), ["src/a.ts"]);
  });

  it("analyses JavaScript only where a project allows it", () => {
    const js = "/** @returns {Promise<void>} */\nasync function f() {}\nf();\n";
    const withJs = project({
      "tsconfig.json": JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, noEmit: true, strict: true }, include: ["src"] }),
      "src/a.js": js,
    });
    assert.equal(run(withJs, "check").code, 1);
    const withoutJs = project({ "tsconfig.json": TSCONFIG, "src/a.js": js, "src/b.ts": CLEAN });
    assert.equal(run(withoutJs, "check").code, 0);
  });
});

describe("the demo project", () => {
  it("shows every rule", () => {
    const examples = path.resolve("examples");
    const r = run(examples, "check", "--format", "json");
    assert.equal(r.code, 1, r.stderr);
    const found = new Set((JSON.parse(r.stdout) as { messages: { ruleId: string | null }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId)));
    const ids = /^Rules: (.*)$/m.exec(run(examples, "--help").stdout)![1]!.split(", ");
    assert.deepEqual(ids.filter((id) => !found.has(id)), [], "rules without an example finding");
  });
});

describe("bad input gives a clear message and no crash", () => {
  it("a project with no tsconfig uses an inferred project", () => {
    const dir = project({ "src/a.ts": FLOATING });
    const r = run(dir, "check", "--format", "json");
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { errorCount: number }[]).reduce((n, f) => n + f.errorCount, 0), 1);
  });

  it("a tsconfig with a JSON error is reported with its position, and analysis goes on", () => {
    const dir = project({ "tsconfig.json": '{ "compilerOptions": { "strict": true, }\n  "include": ["src"]\n}\n', "src/a.ts": FLOATING });
    const r = run(dir, "check");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^tsconfig\.json$/m);
    assert.match(r.stdout, /\d+:\d+\s+warning\s+tsconfig\.json: ',' expected\..*analysis goes on/);
    assert.match(r.stdout, /3:3\s+error\s+This promise is dropped/);
  });

  it("a file with syntax errors is analysed as far as it parses, with a note", () => {
    const dir = project({ "tsconfig.json": TSCONFIG, "src/a.ts": "export async function save(): Promise<void> {}\nsave();\nfunction broken( {\n" });
    const r = run(dir, "check");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /warning\s+1 syntax error \(first: .*\); findings in this file may be incomplete/);
    assert.match(r.stdout, /2:1\s+error\s+This promise is dropped/);
  });

  it("a 5 MB generated file is skipped with a message, and a raised limit analyses it", () => {
    const line = "export const value_%N% = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];\n";
    let big = "";
    for (let i = 0; big.length < 5 * 1024 * 1024; i++) big += line.replace("%N%", String(i));
    big += "Promise.resolve(1);\n";
    const dir = project({ "tsconfig.json": TSCONFIG, "src/generated.ts": big, "src/a.ts": FLOATING });
    const r = run(dir, "check");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /Skipped: 5\.0 MB is over the 2\.0 MB limit/);
    assert.match(r.stdout, /src\/a\.ts/);
    const raised = run(dir, "check", "--max-file-size", String(8 * 1024 * 1024), "--format", "json");
    const files = JSON.parse(raised.stdout) as { filePath: string; errorCount: number }[];
    assert.equal(files.find((f) => f.filePath.endsWith("generated.ts"))?.errorCount, 1);
  });

  it("a 10 MB file is skipped by the maxFileSize of async-lens.json, and the run goes on", () => {
    const line = "export const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];\n";
    const big = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)) + "Promise.resolve(1);\n";
    const dir = project({ "tsconfig.json": TSCONFIG, "async-lens.json": JSON.stringify({ maxFileSize: 4 * 1024 * 1024 }), "src/big.ts": big, "src/a.ts": FLOATING });
    const r = run(dir, "check");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /src\/big\.ts\n\s+1:1\s+warning\s+Skipped: 10\.0 MB is over the 4\.0 MB limit/);
    assert.match(r.stdout, /src\/a\.ts\n\s+3:3\s+error/);
  });

  it("a binary file renamed .ts is skipped as binary", () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const dir = project({ "tsconfig.json": TSCONFIG, "src/image.ts": bytes, "src/a.ts": FLOATING });
    const r = run(dir, "check");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /src\/image\.ts\n\s+1:1\s+warning\s+Skipped: this looks like a binary file/);
  });
});
