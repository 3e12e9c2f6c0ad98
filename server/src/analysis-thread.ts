// The LSP thread's side of the analysis thread (analysis-worker.ts): requests with ids, their
// replies as promises, cancellation, and the worker's log lines and "these files are affected" news.
import { Worker } from "node:worker_threads";
import type { FileResult } from "./analyzer/types.js";
import { CANCEL_SLOT, type LogLevel, type WorkerReply, type WorkerRequest } from "./worker-protocol.js";

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type AnalyzeOutcome =
  | { kind: "done"; result: FileResult | undefined; ms: number }
  | { kind: "cancelled" }
  | { kind: "failed"; error: string; compilerMissing: boolean };

export interface Affected {
  root: string;
  cause: string;
  files: string[];
}

export class AnalysisThread {
  private readonly worker: Worker;
  private readonly cancelSlot = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  /** Requests awaiting their reply, by id. */
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  private readonly affectedListeners: ((a: Affected) => void)[] = [];

  constructor(private readonly log: Log) {
    this.worker = new Worker(new URL("./analysis-worker.js", import.meta.url), { workerData: this.cancelSlot });
    this.worker.on("message", (reply: WorkerReply) => this.onReply(reply));
    this.worker.on("error", (e) => log.error(`the analysis thread failed: ${e.stack ?? String(e)}`));
  }

  private onReply(reply: WorkerReply): void {
    switch (reply.type) {
      case "result":
      case "workspace":
      case "explain":
      case "lenses":
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
        return;
      case "log":
        this.log[reply.level satisfies LogLevel](reply.message);
        return;
      case "affected":
        for (const listener of this.affectedListeners) listener(reply);
        return;
      case "closed":
        return;
    }
  }

  private post(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  configure(root: string, maxFileSize: number, layers: unknown[]): void {
    this.post({ type: "configure", root, maxFileSize, layers });
  }

  forgetFolder(root: string): void {
    this.post({ type: "forget-folder", root });
  }

  close(root: string, file: string): void {
    this.post({ type: "close", root, file });
  }

  onAffected(listener: (a: Affected) => void): void {
    this.affectedListeners.push(listener);
  }

  /**
   * Analyses `text` as the content of `file`. The returned `cancel` drops the request if it is still
   * queued, and stops it at the worker's next check if it is running; the promise then settles as cancelled.
   */
  analyze(root: string, file: string, text: string): { promise: Promise<AnalyzeOutcome>; cancel: () => void } {
    const id = this.nextId++;
    const promise = new Promise<AnalyzeOutcome>((resolve) => {
      this.waiting.set(id, (reply) => {
        if (reply.type !== "result") return;
        if (reply.cancelled) resolve({ kind: "cancelled" });
        else if (reply.error !== undefined) resolve({ kind: "failed", error: reply.error, compilerMissing: !!reply.compilerMissing });
        else resolve({ kind: "done", result: reply.result, ms: reply.ms ?? 0 });
      });
    });
    this.post({ type: "analyze", id, root, file, text });
    const cancel = () => {
      if (!this.waiting.has(id)) return;
      Atomics.store(this.cancelSlot, CANCEL_SLOT, id);
      this.post({ type: "cancel", id });
    };
    return { promise, cancel };
  }

  /** Every file of the folder, analysed from disk in a compiler of its own. */
  workspace(root: string): Promise<{ results?: FileResult[]; error?: string }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, (reply) => {
        if (reply.type === "workspace") resolve(reply);
      });
      this.post({ type: "workspace", id, root });
    });
  }

  /** An explainer request (`make` receives its id), answered with the worker's reply. */
  request(make: (id: number) => Extract<WorkerRequest, { type: "explain" | "lenses" }>): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post(make(id));
    });
  }

  /** Lets the worker close its compiler processes, then ends the thread. */
  async shutdown(): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (reply: WorkerReply) => reply.type === "closed" && resolve();
      this.worker.on("message", done);
      this.post({ type: "shutdown" });
      setTimeout(resolve, 2000).unref();
    });
    await this.worker.terminate();
  }
}
