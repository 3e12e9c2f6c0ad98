// The analysis thread's queue: a newer text of a file replaces its queued analysis, and a cancelled
// request settles as cancelled.
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** Whether a process runs (a zombie left for its parent to reap counts as ended). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (test()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting: ${what}`);
}

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

  it("clears each analysis's hang watch when its reply comes (a timer per edit would pile up for a minute)", async () => {
    const jobs = Array.from({ length: 20 }, (_, i) => thread.analyze(dir, file, text(i % 3)));
    await Promise.all(jobs.map((j) => j.promise));
    assert.equal(thread.watching, 0);
  });
});

// The analysis thread dies or hangs: the request in flight gets an error reply, a new thread starts
// with each folder's last configuration, and the next request is answered (crashing-worker.ts stands in).
describe("analysis thread: faults", () => {
  const script = new URL("./crashing-worker.js", import.meta.url);
  const logOf = (lines: string[]): Log => ({ debug: () => {}, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) });

  it("a thread that dies is replaced, configured again, and serves the next request", async () => {
    const logs: string[] = [];
    const crashing = new AnalysisThread(logOf(logs), { script });
    try {
      crashing.configure("/ws", 1, []);
      crashing.configure("/other", 1, []);
      crashing.forgetFolder("/other");
      assert.equal((await crashing.analyze("/ws", "a.ts", "").promise).kind, "done");
      assert.equal((await crashing.analyze("/ws", "b.ts", "unsaved b").promise).kind, "done");
      assert.equal((await crashing.analyze("/ws", "c.ts", "unsaved c").promise).kind, "done");
      crashing.close("/ws", "c.ts");
      const crashed = await crashing.analyze("/ws", "crash", "").promise;
      assert.equal(crashed.kind, "failed");
      assert.match(crashed.kind === "failed" ? crashed.error : "", /the analysis thread stopped \(exit code 3\); a new one is starting/);
      assert.equal(crashing.restarts, 1);
      assert.equal((await crashing.analyze("/ws", "a.ts", "").promise).kind, "done");
      assert.deepEqual(logs.filter((l) => l.includes("configured /ws")), ["info: configured /ws", "info: configured /ws"], "the new thread got the configuration");
      assert.deepEqual(logs.filter((l) => l.includes("configured /other")), ["info: configured /other"], "a forgotten folder is not configured again");
      // The dead thread's compiler process is stopped; the new thread's runs on.
      const pids = logs.flatMap((l) => /stopped the compiler process (\d+)/.exec(l)?.[1] ?? []).map(Number);
      assert.equal(pids.length, 1, logs.join("\n"));
      await until(() => !alive(pids[0]!), "the old compiler process ends");
      // Files still open keep their unsaved text in the new thread (a closed one does not).
      assert.deepEqual(logs.filter((l) => l.startsWith("info: texts")), ["info: texts a.ts= b.ts=unsaved b crash="]);
    } finally {
      await crashing.shutdown();
    }
  });

  it("requests of every kind waiting on a dead thread get an error reply", async () => {
    const crashing = new AnalysisThread(logOf([]), { script });
    try {
      // The stand-in answers nothing for "wait": these are still waiting when "crash" ends the thread.
      const workspace = crashing.workspace("/ws");
      const lenses = crashing.request((id) => ({ type: "lenses", id, root: "/ws", file: "wait", text: "" }));
      const crashed = crashing.analyze("/ws", "crash", "").promise;
      assert.equal((await crashed).kind, "failed");
      assert.match((await workspace).error ?? "", /the analysis thread stopped/);
      const reply = await lenses;
      assert.equal(reply.type, "lenses");
      assert.match(reply.type === "lenses" ? (reply.error ?? "") : "", /the analysis thread stopped/);
    } finally {
      await crashing.shutdown();
    }
  });

  it("a thread stuck on one file is stopped after the time limit and replaced", async () => {
    const logs: string[] = [];
    const crashing = new AnalysisThread(logOf(logs), { script, analysisTimeoutMs: 300 });
    try {
      const stuck = await crashing.analyze("/ws", "hang", "").promise;
      assert.match(stuck.kind === "failed" ? stuck.error : "", /the analysis thread stopped/);
      assert.ok(logs.some((l) => l.startsWith("error: analysing hang took over 300 ms")), logs.join("\n"));
      assert.equal((await crashing.analyze("/ws", "a.ts", "").promise).kind, "done");
    } finally {
      await crashing.shutdown();
    }
  });
});
