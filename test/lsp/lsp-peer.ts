// A language-server peer over stdio: plain JSON-RPC framing, waits on messages (never sleeps), and
// answers the server's own requests (configuration, registration) so it is never left waiting.
import type { ChildProcessWithoutNullStreams } from "node:child_process";

export interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

export class LspPeer {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private readonly seen: Message[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
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
    // Answer the server's own requests (configuration, registration) so it is never left waiting.
    if (m.method && m.id !== undefined) {
      const result = m.method === "workspace/configuration" ? (m.params as { items: unknown[] }).items.map(() => ({})) : null;
      this.write({ jsonrpc: "2.0", id: m.id, result });
      return;
    }
    this.seen.push(m);
    const i = this.waiters.findIndex((w) => w.test(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
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
