// The language server's analysis thread. TypeScript 7's sync API blocks the thread that calls it,
// so the engine lives here, and the LSP thread stays free to answer, debounce and drop stale work.
// The editor's state (unsaved text, projects, compiler restarts) is in project/editor-analyzer.ts.
import { parentPort } from "node:worker_threads";
import { ConfigError, resolveRules, type AsyncLensConfig } from "./analyzer/config.js";
import { CompilerNotFoundError } from "./analyzer/ts/binary.js";
import { EditorAnalyzer } from "./project/editor-analyzer.js";
import { analyzeWorkspace } from "./project/workspace.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

const port = parentPort;
if (!port) throw new Error("analysis-worker.ts runs as a worker thread");

const analyzer = new EditorAnalyzer({
  rootPath: process.cwd(),
  log: (level, message) => send({ type: "log", level, message }),
});

function send(reply: WorkerReply): void {
  port!.postMessage(reply);
}

port.on("message", (request: WorkerRequest) => {
  switch (request.type) {
    case "configure": {
      analyzer.rootPath = request.rootPath;
      analyzer.maxFileSize = request.maxFileSize;
      try {
        analyzer.rules = resolveRules(request.layers as AsyncLensConfig[], "editor");
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        analyzer.rules = resolveRules([], "editor");
      }
      return;
    }
    case "analyze": {
      try {
        send({ type: "result", id: request.id, result: analyzer.analyze(request.file, request.text) });
      } catch (e) {
        send({ type: "result", id: request.id, error: (e as Error).stack ?? String(e), compilerMissing: e instanceof CompilerNotFoundError });
      }
      return;
    }
    case "workspace": {
      // The same run as the CLI's, in a compiler process of its own (files on disk; open buffers keep their own).
      try {
        const run = analyzeWorkspace({ cwd: analyzer.rootPath, confineTo: analyzer.rootPath, paths: [], projects: [], rules: analyzer.rules, maxFileSize: analyzer.maxFileSize });
        send({ type: "workspace", id: request.id, results: run.results });
      } catch (e) {
        send({ type: "workspace", id: request.id, error: (e as Error).message });
      }
      return;
    }
    case "close": {
      try {
        analyzer.close(request.file);
      } catch (e) {
        send({ type: "log", level: "error", message: `closing ${request.file}: ${(e as Error).message}` });
      }
      return;
    }
    case "files": {
      try {
        analyzer.filesChanged(request);
      } catch (e) {
        send({ type: "log", level: "error", message: `files changed on disk: ${(e as Error).message}` });
      }
      return;
    }
    case "shutdown": {
      analyzer.dispose();
      send({ type: "closed" });
      return;
    }
  }
});
