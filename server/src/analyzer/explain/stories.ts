// What each kind of finding does at run time, told against the function's own operations:
// the sentences the explainer shows beside the timeline.
import type { Finding } from "../types.js";
import type { FunctionShape, GroupShape, OpShape } from "./shape.js";
import { describeCount } from "./simulate.js";

const UNHANDLED = "Nothing else handles it, so it becomes an unhandled rejection: since Node.js 15 that ends the process.";

export function storyFor(finding: Finding, shape: FunctionShape, op: OpShape | undefined, group: GroupShape | undefined): string[] {
  const fn = `\`${shape.name}\``;
  const what = op ? `\`${op.label}\`` : "this promise";
  switch (finding.ruleId) {
    case "missing-await":
      if (finding.messageId === "arrayNotAwaited") {
        return [
          `${fn} starts these operations and carries on without waiting for them.`,
          `Their rejections arrive later, after every \`try/catch\` around them has exited; none of them is handled.`,
          UNHANDLED,
        ];
      }
      if (finding.messageId === "uselessHandler" || finding.messageId === "rethrowingHandler") return handlerStory(finding.messageId, what, UNHANDLED);
      if (finding.messageId === "returnInTry") {
        return [
          `${fn} returns ${what} while it is still pending: the function's promise adopts it, and the \`try\` block is left at once.`,
          `When it rejects later, the \`catch\`/\`finally\` here have already run their course: the rejection skips them and goes straight to the caller.`,
          "With `return await …` the function waits inside `try`, so its handlers see the rejection.",
        ];
      }
      return [
        `${fn} starts ${what} and carries on without waiting for it.`,
        `If it rejects, the rejection arrives later, from the event loop: by then every \`try/catch\` around the call (in ${fn}, and in the callers that await ${fn}) has already exited, so none of them can catch it.`,
        UNHANDLED,
        ...(op?.outlives ? [`${fn}'s own promise can settle while ${what} is still running: its caller believes the work is done.`] : []),
      ];
    case "floating-promise":
      if (finding.messageId === "uselessHandler" || finding.messageId === "rethrowingHandler") return handlerStory(finding.messageId, what, UNHANDLED);
      if (finding.messageId === "floatingArray") {
        return [
          "Each element of this array is a promise already running; the array itself is dropped here.",
          "Nothing waits for them: the code after this line runs while they are still in flight.",
          "A rejection of any one reaches no handler: an unhandled rejection, which ends a Node.js (≥ 15) process.",
        ];
      }
      if (op?.kind === "callback" && op.via === "forEach") return forEachStory(shape, op);
      if (finding.messageId.startsWith("voidReturn")) {
        return [
          "The code that calls this function expects nothing back and drops the promise it returns.",
          "Nobody waits for the work inside, and a rejection in it reaches no handler.",
          UNHANDLED,
        ];
      }
      return [
        `${what} starts and nothing keeps hold of its promise: ${fn} neither waits for it nor handles its rejection.`,
        `A rejection arrives later, from the event loop, after any \`try/catch\` around this line has exited.`,
        UNHANDLED,
      ];
    case "unbounded-fan-out": {
      const n = group ? describeCount(group.multiplicity) : "N";
      const combinator = group?.combinator ?? "all";
      return [
        `The callback runs for every element in the same tick: all ${n} operations start at once, so peak concurrency is ${n}.`,
        "With a large input that is as many sockets, file handles or queries at the same moment: connection pools and rate limits run out.",
        finding.messageId === "unboundedForAwait"
          ? "`for await` then reads the results one by one, but they are all running already: if a later one rejects before the loop reaches it, nothing is listening yet, and the rejection is unhandled."
          : combinator === "all"
          ? "`Promise.all` rejects on the first failure but cancels nothing: the other operations keep running, unobserved."
          : `\`Promise.${combinator}\` settles without cancelling the operations still in flight.`,
        "A limiter (p-limit, p-map's `concurrency`) keeps at most k in flight: about ⌈N/k⌉ × one operation's time, with peak k.",
      ];
    }
    case "sequential-await-in-loop": {
      const n = group ? describeCount(group.multiplicity) : "N";
      return [
        "Each iteration awaits its operation before the next one starts: only one is ever in flight.",
        `The loop takes ${n} × one operation's time.`,
        "No iteration uses another's result, so running k at a time gives the same results in about N/k × the time, without the unbounded load of `Promise.all` over everything.",
      ];
    }
    case "misused-promise":
      return misusedStory(finding.messageId, what);
    case "blocking-call-in-async":
      return [
        "This call runs synchronously on the call stack: until it returns, no other callback, timer or I/O completion in this process can run.",
        "Everything that became ready meanwhile waits in the task queue; being inside an async function does not help, because the blocking happens between awaits.",
        "The asynchronous version hands the work off and lets the event loop serve others until it completes.",
      ];
    default:
      return [finding.message];
  }
}

function handlerStory(messageId: string, what: string, last: string): string[] {
  return [
    messageId === "uselessHandler"
      ? `The rejection handler given to ${what}'s chain is not a function, so the chain passes a rejection straight through.`
      : `The rejection handler on ${what}'s chain only throws again, so the promise the chain ends with rejects too.`,
    "Nothing waits for that promise, so the rejection arrives after every surrounding `try/catch` has exited.",
    last,
  ];
}

function forEachStory(shape: FunctionShape, op: OpShape): string[] {
  const n = op.fanOut ? describeCount(op.fanOut) : "N";
  return [
    `\`forEach\` calls the async callback once per element (${n}) and ignores the promise each call returns.`,
    "All the callbacks start in the same tick and forEach returns at once, so the code after it (such as logging \"done\") runs before any of the work has finished.",
    `\`${shape.name}\` carries on, and may settle, while the callbacks are still running; a rejection in any of them is unhandled, which ends a Node.js (≥ 15) process.`,
  ];
}

function misusedStory(messageId: string, what: string): string[] {
  const first = "A promise is an object that exists at once, before its operation finishes; the code here uses the object, not its result.";
  switch (messageId) {
    case "conditional":
      return [first, "An object is always truthy, so this test passes immediately, whatever the result will be."];
    case "predicate":
      return [first, "The array method does not wait for the callback: each call's promise counts as `true`, so the result is decided before any check runs."];
    case "spread":
      return [first, "Spreading it copies none of the result: a promise has no own properties."];
    case "stringified":
      return [first, "Turned into text it is \"[object Promise]\", not its value."];
    case "comparison":
      return [first, "Comparing it with a plain value is never equal: the answer is fixed before the promise settles."];
    default:
      return [first, `Await ${what} first to use its value.`];
  }
}
