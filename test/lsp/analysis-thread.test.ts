// The analysis thread's queue: a newer text of a file replaces its queued analysis, and a cancelled
// request settles as cancelled.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AnalysisThread, type Log } from "../../server/src/analysis-thread.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "async-lens-thread-"));
mkdirSync(path.join(dir, "src"));
writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ["src"] }));
const file = path.join(dir, "src", "a.ts");
writeFileSync(file, "export {};\n");
writeFileSync(path.join(dir, "src", "b.ts"), "export {};\n");

const lines: string[] = [];
const log: Log = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(`error: ${m}`) };
const thread = new AnalysisThread(log);
after(async () => {
  await thread.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const text = (n: number) => `export async function save(): Promise<void> {}\n${"save();\n".repeat(n)}`;

describe("analysis thread", () => {
  it("coalesces queued analyses of one file: only the newest text is analysed", async () => {
    thread.configure(dir, 1_000_000, []);
    // Posted together, the three arrive before the first one starts.
    const jobs = [thread.analyze(dir, file, text(1)), thread.analyze(dir, file, text(2)), thread.analyze(dir, file, text(3))];
    const outcomes = await Promise.all([jobs[0]!.promise, jobs[1]!.promise, jobs[2]!.promise]);
    assert.deepEqual(outcomes.map((o) => o.kind), ["cancelled", "cancelled", "done"]);
    const last = outcomes[2]!;
    assert.equal(last.kind === "done" && last.result?.findings.length, 3);
    assert.deepEqual(lines.filter((l) => l.startsWith("error")), []);
  });

  it("settles a cancelled request as cancelled, and goes on with the next", async () => {
    const first = thread.analyze(dir, file, text(4));
    const second = thread.analyze(dir, path.join(dir, "src", "b.ts"), text(1));
    first.cancel();
    assert.equal((await first.promise).kind, "cancelled");
    const next = await second.promise;
    assert.equal(next.kind === "done" && next.result?.findings.length, 1);
  });
});
