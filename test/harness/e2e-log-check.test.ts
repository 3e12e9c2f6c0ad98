// The e2e runs fail on any [error] line about Async Lens in VS Code's logs, less the ones the suite causes on
// purpose (test/e2e/lib.mjs). This checks that filter on its own, without a VS Code: what it lets through and
// what it must not.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";

type Filter = (text: string, options?: { ours?: boolean }) => string[];
let unexpectedErrorLines: Filter;
before(async () => {
  ({ unexpectedErrorLines } = (await import(pathToFileURL(path.resolve("test/e2e/lib.mjs")).href)) as { unexpectedErrorLines: Filter });
});

const killed = "2026-11-22 09:05:10.120 [error] Server process exited with signal SIGKILL.";
const erroring = (time: string) => `2026-11-22 ${time} [error] Client Async Lens: connection to server is erroring.`;

describe("e2e log check", () => {
  it("allows the SIGKILL exit the fault test causes", () => {
    assert.deepEqual(unexpectedErrorLines(`2026-11-22 09:05:09.000 [info] started\n${killed}\n`), []);
  });

  it("allows 'connection to server is erroring' within 10 s of that kill, before or after it", () => {
    const text = [erroring("09:05:10.894"), "write EPIPE", killed, erroring("09:05:03.000")].join("\n");
    assert.deepEqual(unexpectedErrorLines(text), []);
  });

  it("reports 'connection to server is erroring' with no kill in the log, or far from it", () => {
    assert.deepEqual(unexpectedErrorLines(erroring("09:05:10.894")), [erroring("09:05:10.894")]);
    assert.deepEqual(unexpectedErrorLines([killed, erroring("09:06:30.000")].join("\n")), [erroring("09:06:30.000")]);
  });

  it("reports any other error, and in VS Code's own log only the lines that name Async Lens", () => {
    const other = "2026-11-22 09:05:11.000 [error] Request textDocument/codeLens failed.";
    assert.deepEqual(unexpectedErrorLines([killed, other].join("\n")), [other]);
    const foreign = "2026-11-22 09:05:11.000 [error] [vscode.git] something else";
    const activation = "2026-11-22 09:05:11.000 [error] Activating extension async-lens.async-lens failed";
    assert.deepEqual(unexpectedErrorLines([foreign, activation].join("\n"), { ours: false }), [activation]);
  });
});
