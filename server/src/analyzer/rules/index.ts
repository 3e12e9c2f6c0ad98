// The registry: every rule, in alphabetical order of id. A meta-test checks this list against
// the files in this folder.
import type { AnyRule } from "../rule.js";
import blockingCallInAsync from "./blocking-call-in-async.js";
import floatingPromise from "./floating-promise.js";
import misusedPromise from "./misused-promise.js";
import missingAwait from "./missing-await.js";
import sequentialAwaitInLoop from "./sequential-await-in-loop.js";
import unboundedFanOut from "./unbounded-fan-out.js";

export const rules: readonly AnyRule[] = [blockingCallInAsync, floatingPromise, missingAwait, misusedPromise, sequentialAwaitInLoop, unboundedFanOut];

export function findRule(id: string): AnyRule | undefined {
  return rules.find((r) => r.meta.id === id);
}
