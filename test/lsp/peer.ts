// A JSON-RPC peer for driving the bundled language server over stdio in tests: no VS Code.
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export class LspPeer {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private readonly seen: Message[] = [];

  /** The answer to `workspace/configuration`, per item (its scopeUri, when the server gives one). */
  settings: (scopeUri: string | undefined) => object = () => ({});

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
