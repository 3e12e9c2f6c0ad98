import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RestartPolicy } from "./restart-policy.js";

describe("RestartPolicy", () => {
  it("restarts up to the limit within the window, then gives up", () => {
    let t = 0;
    const policy = new RestartPolicy(4, 180_000, () => t);
    const answers = [0, 10, 20, 30, 40].map((s) => ((t = s * 1000), policy.onStop()));
    assert.deepEqual(answers, ["restart", "restart", "restart", "restart", "give-up"]);
  });

  it("forgets stops older than the window", () => {
    let t = 0;
    const policy = new RestartPolicy(2, 60_000, () => t);
    assert.equal(policy.onStop(), "restart");
    t = 30_000;
    assert.equal(policy.onStop(), "restart");
    t = 70_000; // the first stop has left the window: two in it
    assert.equal(policy.onStop(), "restart");
    t = 80_000; // three within 60 s
    assert.equal(policy.onStop(), "give-up");
  });

  it("starts afresh after reset (a restart the user asked for)", () => {
    let t = 0;
    const policy = new RestartPolicy(1, 60_000, () => t);
    assert.equal(policy.onStop(), "restart");
    t = 1000;
    assert.equal(policy.onStop(), "give-up");
    policy.reset();
    t = 2000;
    assert.equal(policy.onStop(), "restart");
  });
});
