// The language server's side of the analysis thread: requests and their replies, and recovery when
// the thread dies (an uncaught error, out of memory) or hangs on one file (it is then stopped):
// waiting requests get an error reply, a new thread starts with the last configuration, and the
// server goes on serving.
import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

type AskRequest = Extract<WorkerRequest, { id: number }>;
type Reply<T extends "result" | "workspace"> = Extract<WorkerReply, { type: T }>;

export class AnalysisThread {
  private worker: Worker;
  /** Requests awaiting their reply, by id, with the kind of reply they expect. */
  private readonly waiting = new Map<number, { type: "result" | "workspace"; resolve: (reply: WorkerReply) => void }>();
  private lastConfigure: Extract<WorkerRequest, { type: "configure" }> | undefined;
  private stopping = false;
  /** Times a dead thread was replaced. */
  restarts = 0;

  constructor(
    private readonly script: URL,
    private readonly log: (level: "info" | "error", message: string) => void,
    /** An analysis of one file unanswered after this long means the thread is stuck (a hang, not a slow file): it is replaced. */
    private readonly analysisTimeoutMs = 60_000,
  ) {
    this.worker = this.start();
  }

  post(request: WorkerRequest): void {
    if (request.type === "configure") this.lastConfigure = request;
    this.worker.postMessage(request);
  }

  /** Sends a request that carries an id and resolves with the thread's reply to it. */
  ask<T extends "result" | "workspace">(request: AskRequest): Promise<Reply<T>> {
    return new Promise((resolve) => {
      const worker = this.worker;
      // Only single-file analyses are timed: a whole-workspace run may rightly take minutes.
      const timer =
        request.type === "analyze"
          ? setTimeout(() => {
              if (worker !== this.worker || this.stopping) return;
              this.log("error", `analysing ${request.file} took over ${this.analysisTimeoutMs} ms; stopping the analysis thread.`);
              void worker.terminate();
            }, this.analysisTimeoutMs)
          : undefined;
      const done = (reply: WorkerReply) => {
        clearTimeout(timer);
        (resolve as (reply: WorkerReply) => void)(reply);
      };
      this.waiting.set(request.id, { type: request.type === "analyze" ? "result" : "workspace", resolve: done });
      worker.postMessage(request);
    });
  }

  /** Lets the thread close its compiler process, then ends it. */
  async shutdown(graceMs = 2000): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "closed") {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage({ type: "shutdown" } satisfies WorkerRequest);
    });
    await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "result" || reply.type === "workspace") {
        this.waiting.get(reply.id)?.resolve(reply);
        this.waiting.delete(reply.id);
      } else if (reply.type === "log") {
        this.log(reply.level, reply.message);
      }
    });
    worker.on("error", (e) => this.log("error", `the analysis thread failed: ${e.stack ?? String(e)}`));
    worker.on("exit", (code) => this.exited(worker, code));
    return worker;
  }

  private exited(worker: Worker, code: number): void {
    if (this.stopping || worker !== this.worker) return;
    this.restarts++;
    const error = `the analysis thread stopped (exit code ${code}); a new one is starting`;
    this.log("error", `${error}.`);
    for (const [id, waiter] of this.waiting) waiter.resolve({ type: waiter.type, id, error } as WorkerReply);
    this.waiting.clear();
    this.worker = this.start();
    if (this.lastConfigure) this.worker.postMessage(this.lastConfigure);
  }
}
