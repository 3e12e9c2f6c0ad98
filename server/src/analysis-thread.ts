// The LSP thread's side of the analysis thread (analysis-worker.ts): requests with ids, their
// replies as promises, cancellation, and the worker's log lines and "these files are affected" news.
// It also recovers when the thread dies (an uncaught error, out of memory) or hangs on one file (it is
// then stopped): waiting requests get an error reply, a new thread starts with each folder's last
// configuration, and the server goes on serving.
import { readFileSync } from "node:fs";
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

export interface AnalysisThreadOptions {
  /** The worker script (tests use a stand-in); analysis-worker.js by default. */
  script?: URL;
  /**
   * An analysis waiting while the thread says nothing for this long means it is stuck (a hang, not a
   * slow file): it is replaced. A whole-workspace run in progress suspends the check (it may take minutes).
   */
  analysisTimeoutMs?: number;
}

type ReplyType = Extract<WorkerReply, { id: number }>["type"];

export class AnalysisThread {
  private worker: Worker;
  private readonly cancelSlot = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  /** Requests awaiting their reply, by id, with the kind of reply they expect. */
  private readonly waiting = new Map<number, { type: ReplyType; resolve: (reply: WorkerReply) => void }>();
  /** The hang watch of each waiting analysis, cleared when its reply comes (a timer per edit would pile up). */
  private readonly watches = new Map<number, NodeJS.Timeout>();
  private readonly affectedListeners: ((a: Affected) => void)[] = [];
  /** Each folder's last configuration, sent again to a replacement thread. */
  private readonly configured = new Map<string, Extract<WorkerRequest, { type: "configure" }>>();
  private readonly script: URL;
  private readonly analysisTimeoutMs: number;
  /** When the current thread last sent anything (performance.now()). */
  private lastHeard = performance.now();
  private stopping = false;
  /** Times a dead or stuck thread was replaced. */
  restarts = 0;
  /** Compiler processes the thread started: a thread that dies (or is stopped, hung) leaves them running. */
  private readonly compilers = new Set<number>();
  /** The latest editor text sent for each open file: given again to a thread that replaces a dead one. */
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly log: Log,
    options: AnalysisThreadOptions = {},
  ) {
    this.script = options.script ?? new URL("./analysis-worker.js", import.meta.url);
    this.analysisTimeoutMs = options.analysisTimeoutMs ?? 60_000;
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: this.cancelSlot });
    this.lastHeard = performance.now();
    worker.on("message", (reply: WorkerReply) => {
      if (worker !== this.worker) return;
      this.lastHeard = performance.now();
      this.onReply(reply);
    });
    worker.on("error", (e) => this.log.error(`the analysis thread failed: ${e.stack ?? String(e)}`));
    worker.on("exit", (code) => this.exited(worker, code));
    return worker;
  }

  private exited(worker: Worker, code: number): void {
    if (this.stopping || worker !== this.worker) return;
    this.restarts++;
    const error = `the analysis thread stopped (exit code ${code}); a new one is starting`;
    this.killCompilers();
    this.log.error(`${error}.`);
    const waiting = [...this.waiting];
    for (const [id] of waiting) this.settled(id);
    this.worker = this.start();
    for (const request of this.configured.values()) this.worker.postMessage(request);
    // Files importing an open file must see its unsaved text in the new thread too, before it is analysed again.
    if (this.texts.size > 0) this.worker.postMessage({ type: "texts", texts: [...this.texts].map(([file, text]) => ({ file, text })) } satisfies WorkerRequest);
    for (const [id, waiter] of waiting) waiter.resolve({ type: waiter.type, id, error } as WorkerReply);
  }

  /** Stops the thread if an analysis has waited `analysisTimeoutMs` without a word from it; else looks again later. */
  private watch(id: number, file: string, delay: number): void {
    const timer = setTimeout(() => {
      this.watches.delete(id);
      if (!this.waiting.has(id) || this.stopping) return;
      const workspaceRunning = [...this.waiting.values()].some((w) => w.type === "workspace");
      const silent = performance.now() - this.lastHeard;
      if (workspaceRunning || silent < this.analysisTimeoutMs) {
        this.watch(id, file, workspaceRunning ? this.analysisTimeoutMs : this.analysisTimeoutMs - silent);
        return;
      }
      this.log.error(`analysing ${file} took over ${this.analysisTimeoutMs} ms; stopping the analysis thread.`);
      void this.worker.terminate();
    }, delay).unref();
    this.watches.set(id, timer);
  }

  /** Hang watches still set (one per analysis awaiting its reply). */
  get watching(): number {
    return this.watches.size;
  }

  /** Ends the compiler processes of a thread that is gone (ones that already exited are skipped). */
  private killCompilers(): void {
    for (const pid of this.compilers) {
      try {
        // A pid can be reused once its process is gone: where /proc tells, only a TypeScript compiler is stopped.
        const command = readProcCommand(pid);
        if (command !== undefined && !/tsc|typescript/i.test(command)) continue;
        process.kill(pid, "SIGKILL");
        this.log.info(`stopped the compiler process ${pid} of the analysis thread that ended`);
      } catch {
        // already gone
      }
    }
    this.compilers.clear();
  }

  private settled(id: number): void {
    this.waiting.delete(id);
    clearTimeout(this.watches.get(id));
    this.watches.delete(id);
  }

  private onReply(reply: WorkerReply): void {
    switch (reply.type) {
      case "result":
      case "workspace":
      case "explain":
      case "lenses":
        this.waiting.get(reply.id)?.resolve(reply);
        this.settled(reply.id);
        return;
      case "log":
        this.log[reply.level satisfies LogLevel](reply.message);
        return;
      case "compiler":
        if (reply.running) this.compilers.add(reply.pid);
        else this.compilers.delete(reply.pid);
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
    const request = { type: "configure", root, maxFileSize, layers } as const;
    this.configured.set(root, request);
    this.post(request);
  }

  forgetFolder(root: string): void {
    this.configured.delete(root);
    this.post({ type: "forget-folder", root });
  }

  /** Files of the folder changed on disk (`projects`: a tsconfig, jsconfig or package.json among them). */
  filesChanged(root: string, changes: { projects: boolean; created: string[]; changed: string[]; deleted: string[] }): void {
    this.post({ type: "files", root, ...changes });
  }

  close(root: string, file: string): void {
    this.texts.delete(file);
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
      this.waiting.set(id, { type: "result", resolve: (reply) => {
        if (reply.type !== "result") return;
        if (reply.cancelled) resolve({ kind: "cancelled" });
        else if (reply.error !== undefined) resolve({ kind: "failed", error: reply.error, compilerMissing: !!reply.compilerMissing });
        else resolve({ kind: "done", result: reply.result, ms: reply.ms ?? 0 });
      } });
    });
    this.texts.set(file, text);
    this.post({ type: "analyze", id, root, file, text });
    this.watch(id, file, this.analysisTimeoutMs);
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
      this.waiting.set(id, { type: "workspace", resolve: (reply) => {
        if (reply.type === "workspace") resolve(reply);
      } });
      this.post({ type: "workspace", id, root });
    });
  }

  /** An explainer request (`make` receives its id), answered with the worker's reply. */
  request(make: (id: number) => Extract<WorkerRequest, { type: "explain" | "lenses" }>): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const request = make(id);
      this.waiting.set(id, { type: request.type, resolve });
      this.post(request);
    });
  }

  /** Lets the worker close its compiler processes, then ends the thread. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    await new Promise<void>((resolve) => {
      const done = (reply: WorkerReply) => reply.type === "closed" && resolve();
      worker.on("message", done);
      worker.once("exit", () => resolve());
      this.post({ type: "shutdown" });
      setTimeout(resolve, 2000).unref();
    });
    await worker.terminate();
  }
}

/** The command line of process `pid` from /proc (Linux), or undefined where that cannot be read. */
function readProcCommand(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return undefined;
  }
}
