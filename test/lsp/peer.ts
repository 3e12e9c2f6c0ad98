// A JSON-RPC peer for driving the bundled language server over stdio in tests: no VS Code.
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface Diagnostic {
  code?: string;
  message: string;
  severity: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export class LspPeer {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private readonly seen: Message[] = [];

  /** The answer to `workspace/configuration`, per item (its scopeUri, when the server gives one). */
  settings: (scopeUri: string | undefined) => object = () => ({});
  /** Server log lines (window/logMessage) and messages shown to the user (window/showMessage). */
  readonly logs: string[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(body);
    }
  }

  private dispatch(m: Message): void {
    if (m.method === "window/logMessage" || m.method === "window/showMessage" || m.method === "window/showMessageRequest") {
      this.logs.push((m.params as { message: string }).message);
    }
    // Answer the server's own requests (configuration, refresh) so it is never left waiting; tests may wait on them too.
    if (m.method && m.id !== undefined) {
      const result = m.method === "workspace/configuration" ? (m.params as { items: { scopeUri?: string }[] }).items.map((i) => this.settings(i.scopeUri)) : null;
      this.write({ jsonrpc: "2.0", id: m.id, result });
    }
    const i = this.waiters.findIndex((w) => w.test(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    else this.seen.push(m);
  }

  /** Messages received that no waiter took (yet). */
  received(test: (m: Message) => boolean): Message[] {
    return this.seen.filter(test);
  }

  write(m: object): void {
    const body = JSON.stringify(m);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    const reply = this.waitFor((m) => m.id === id);
    this.write({ jsonrpc: "2.0", id, method, params });
    return reply;
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: "2.0", method, params });
  }

  /** Sends a request and returns its id at once, for cancelling it. */
  requestWithId(method: string, params: unknown): { id: number; reply: Promise<Message> } {
    const id = this.nextId++;
    const reply = this.waitFor((m) => m.id === id && !m.method);
    this.write({ jsonrpc: "2.0", id, method, params });
    return { id, reply };
  }

  waitFor(test: (m: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    const already = this.seen.find(test);
    if (already) {
      this.seen.splice(this.seen.indexOf(already), 1);
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for a server message")), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Forgets messages received so far (so the next wait sees only newer ones). */
  drain(): void {
    this.seen.length = 0;
  }

  /** The next diagnostics published for `uri` (of `version`, if given): for servers that push. */
  async diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const m = await this.waitFor((x) => {
      const p = x.params as { uri?: string; version?: number } | undefined;
      return x.method === "textDocument/publishDiagnostics" && p?.uri === uri && (version === undefined || p.version === version);
    });
    return (m.params as { diagnostics: Diagnostic[] }).diagnostics;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version, text } });
  }

  change(uri: string, text: string, version: number): void {
    this.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    this.notify("textDocument/didClose", { textDocument: { uri } });
  }
}

/** Processes whose parent is `pid` (Linux /proc). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === pid && fields[0] !== "Z") out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Resident memory of a process in bytes (Linux /proc), 0 if it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}



/** Starts the built server (dist/server.js) in `cwd` and initializes it. */
export async function startServer(cwd: string, init: { capabilities?: object; workspaceFolders?: { uri: string; name: string }[] | null; settings?: LspPeer["settings"] } = {}): Promise<{ peer: LspPeer; capabilities: Record<string, unknown>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.resolve("dist/server.js"), "--stdio"], { cwd });
  const peer = new LspPeer(child);
  if (init.settings) peer.settings = init.settings;
  const reply = await peer.request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(cwd).href,
    capabilities: init.capabilities ?? {},
    workspaceFolders: init.workspaceFolders ?? null,
  });
  peer.notify("initialized", {});
  // Settings first: later notifications then reach a configured server.
  await peer.waitFor((m) => m.method === "workspace/configuration");
  return {
    peer,
    capabilities: (reply.result as { capabilities: Record<string, unknown> }).capabilities,
    async stop() {
      try {
        await peer.request("shutdown", null);
        peer.notify("exit", null);
      } finally {
        child.kill();
      }
    },
  };
}
