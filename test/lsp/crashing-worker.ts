// A stand-in for the analysis thread (analysis-thread.test.ts): answers requests, says when a folder is
// configured and which unsaved texts it was given (and starts a stand-in compiler process for "/ws"), dies when asked to analyse a file named "crash", never answers for "hang" (a synchronous
// loop) nor for "wait" and workspace runs (it just leaves them unanswered).
import { spawn } from "node:child_process";
import { parentPort } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "../../server/src/worker-protocol.js";

const send = (reply: WorkerReply) => parentPort!.postMessage(reply);
parentPort!.on("message", (request: WorkerRequest) => {
  if (request.type === "configure") {
    send({ type: "log", level: "info", message: `configured ${request.root}` });
    // A stand-in compiler process, named like one, that would outlive the thread.
    if (request.root === "/ws") send({ type: "compiler", pid: spawn(process.execPath, ["-e", "/* tsc --api */ setTimeout(() => {}, 60000)"], { stdio: "ignore" }).pid!, running: true });
  }
  else if (request.type === "texts") send({ type: "log", level: "info", message: `texts ${request.texts.map((t) => `${t.file}=${t.text}`).join(" ")}` });
  else if (request.type === "analyze") {
    if (request.file === "crash") process.exit(3);
    // A synchronous loop, as a rule stuck on some input would be: nothing but terminate() ends it.
    if (request.file === "hang") for (;;);
    send({ type: "result", id: request.id, result: undefined });
  } else if (request.type === "shutdown") send({ type: "closed" });
});
