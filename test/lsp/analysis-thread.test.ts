// The analysis thread dies: the request in flight gets an error reply, a new thread starts with the
// last configuration, and the next request is answered.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AnalysisThread } from "../../server/src/analysis-thread.js";

describe("analysis thread", () => {
  it("a thread that dies is replaced, configured again, and serves the next request", async () => {
    const logs: string[] = [];
    const thread = new AnalysisThread(new URL("./crashing-worker.js", import.meta.url), (level, message) => logs.push(`${level}: ${message}`));
    try {
      thread.post({ type: "configure", rootPath: "/ws", maxFileSize: 1, layers: [] });
      assert.equal((await thread.ask<"result">({ type: "analyze", id: 1, file: "a.ts", text: "" })).error, undefined);
      const crashed = await thread.ask<"result">({ type: "analyze", id: 2, file: "crash", text: "" });
      assert.match(crashed.error ?? "", /the analysis thread stopped \(exit code 3\); a new one is starting/);
      assert.equal(thread.restarts, 1);
      const after = await thread.ask<"result">({ type: "analyze", id: 3, file: "a.ts", text: "" });
      assert.equal(after.error, undefined);
      assert.deepEqual(logs.filter((l) => l.includes("configured")), ["info: configured /ws", "info: configured /ws"], "the new thread got the configuration");
    } finally {
      await thread.shutdown();
    }
  });

  it("a thread stuck on one file is stopped after the time limit and replaced", async () => {
    const logs: string[] = [];
    const thread = new AnalysisThread(new URL("./crashing-worker.js", import.meta.url), (level, message) => logs.push(`${level}: ${message}`), 300);
    try {
      const stuck = await thread.ask<"result">({ type: "analyze", id: 1, file: "hang", text: "" });
      assert.match(stuck.error ?? "", /the analysis thread stopped/);
      assert.ok(logs.some((l) => l.startsWith("error: analysing hang took over 300 ms")), logs.join("\n"));
      assert.equal((await thread.ask<"result">({ type: "analyze", id: 2, file: "a.ts", text: "" })).error, undefined);
    } finally {
      await thread.shutdown();
    }
  });
});
