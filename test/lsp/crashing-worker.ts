// A stand-in for the analysis thread (analysis-thread.test.ts): answers requests, says when it is
// configured, dies when asked to analyse a file named "crash", and never answers for "hang".
import { parentPort } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "../../server/src/worker-protocol.js";

const send = (reply: WorkerReply) => parentPort!.postMessage(reply);
parentPort!.on("message", (request: WorkerRequest) => {
  if (request.type === "configure") send({ type: "log", level: "info", message: `configured ${request.rootPath}` });
  else if (request.type === "analyze") {
    if (request.file === "crash") process.exit(3);
    // A synchronous loop, as a rule stuck on some input would be: nothing but terminate() ends it.
    if (request.file === "hang") for (;;);
    send({ type: "result", id: request.id, result: undefined });
  } else if (request.type === "shutdown") send({ type: "closed" });
});
