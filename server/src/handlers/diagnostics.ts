// Diagnostics for open documents, pulled (LSP 3.17 `textDocument/diagnostic`) by clients that can, and
// pushed (`publishDiagnostics`) to the others. Either way one analysis per document version is kept;
// a newer version cancels the analysis of an older one; and when a file's text changes, the open files
// importing it are analysed again (pull clients then get `workspace/diagnostic/refresh` if their
// results changed). Also the status notification and the whole-workspace request.
import { createHash } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type ServerCapabilities,
  type TextDocuments,
} from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { offsetToPosition } from "../analyzer/positions.js";
import type { FileResult } from "../analyzer/types.js";
import type { AnalysisThread, Log } from "../analysis-thread.js";
import type { WorkspaceFolders } from "./folders.js";
import { ruleDocsUrl } from "../../../shared/docs-url.js";
import { ANALYSE_WORKSPACE_REQUEST, STATUS_NOTIFICATION, type AnalyseWorkspaceResult, type StatusParams } from "../../../shared/protocol.js";

export interface DiagnosticsHost {
  documents: TextDocuments<TextDocument>;
  thread: AnalysisThread;
  folders: WorkspaceFolders;
  log: Log;
}

export interface DiagnosticsFeature {
  /** Chooses pull or push from the client's capabilities; returns what to announce. */
  initialize(capabilities: ClientCapabilities): Pick<ServerCapabilities, "diagnosticProvider">;
  /** The analysis of the document as it is now (analysing it if needed), for code actions. */
  resultFor(uri: string): Promise<FileResult | undefined>;
  /** Every open document's analysis is out of date (files changed on disk): analyse again, or have the client pull again. */
  invalidateAll(why: string): void;
  /** Called with a document's URI each time an analysis of its current version completes. */
  onAnalysed(listener: (uri: string) => void): void;
}

/** One document version's analysis. */
interface Analysis {
  version: number;
  result: FileResult | undefined;
  diagnostics: Diagnostic[];
  /** Names the diagnostics' content: equal ids mean equal diagnostics, so a pull can answer `unchanged`. */
  resultId: string;
  /** A file it imports changed after it was made. */
  stale: boolean;
}

type Outcome = { kind: "ok"; analysis: Analysis } | { kind: "failed" } | { kind: "outdated" };

interface Running {
  version: number;
  generation: number;
  promise: Promise<Outcome>;
  cancel(): void;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export function registerDiagnostics(connection: Connection, host: DiagnosticsHost): DiagnosticsFeature {
  const { documents, thread, folders, log } = host;
  let pull = false;
  let refreshSupported = false;
  /** Whether the client shows a diagnostic's related places (it says so for published ones; pulled ones are shown alike). */
  let relatedInformation = false;
  const analysedListeners: ((uri: string) => void)[] = [];
  const analyses = new Map<string, Analysis>();
  const running = new Map<string, Running>();
  /** Bumped when a file this document imports changes: analyses begun before are stale. */
  const generations = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lastChange = new Map<string, number>();
  /**
   * Documents whose last change came after a pause of at least the debounce time: analysed at once
   * (a single edit shows its result without waiting). A change close behind another is part of
   * typing, and waits until the typing pauses.
   */
  const afterPause = new Set<string>();
  /** The version last opened or saved, for `analyseOn: "save"`. */
  const savedVersions = new Map<string, number>();
  /** Pull: the result id each document's client holds. */
  const reported = new Map<string, string>();
  /** Files outside the editor given diagnostics by the whole-workspace run (push). */
  const pushedByWorkspace = new Set<string>();
  let busy = 0;
  let lastError: string | undefined;
  let toldAboutCompiler = false;

  const folderOf = (uri: string) => folders.folderFor(fileURLToPath(uri));

  function status(): void {
    let problems = 0;
    for (const a of analyses.values()) problems += a.result?.findings.length ?? 0;
    const params: StatusParams =
      busy > 0 ? { state: "analysing", problems } : lastError ? { state: "error", problems, message: lastError } : { state: "idle", problems };
    void connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => {});
  }

  /** The analysis of the document's current version: cached, already running, or started now. */
  function analysisOf(uri: string): Promise<Outcome> {
    const doc = documents.get(uri);
    if (!doc || !uri.startsWith("file:")) return Promise.resolve({ kind: "outdated" });
    const generation = generations.get(uri) ?? 0;
    const cached = analyses.get(uri);
    if (cached && cached.version === doc.version && !cached.stale) return Promise.resolve({ kind: "ok", analysis: cached });
    const current = running.get(uri);
    if (current && current.version === doc.version && current.generation === generation) return current.promise;
    if (current) stop(uri); // an older text: its result would be dropped anyway

    const version = doc.version;
    const file = fileURLToPath(uri);
    const started = performance.now();
    const job = thread.analyze(folderOf(uri).root, file, doc.getText());
    busy++;
    status();
    const promise = job.promise.then((outcome): Outcome => {
      const ms = performance.now() - started;
      if (outcome.kind === "cancelled") {
        log.debug(`analysis of ${file} v${version} dropped after ${ms.toFixed(1)} ms: a newer text superseded it`);
        return { kind: "outdated" };
      }
      if (outcome.kind === "failed") {
        log.error(`could not analyse ${file}: ${outcome.error}`);
        // A missing compiler fails every file the same way: say it once where the user looks.
        lastError = outcome.error.split("\n")[0];
        if (outcome.compilerMissing && !toldAboutCompiler) {
          toldAboutCompiler = true;
          void connection.window.showErrorMessage(`Async Lens cannot analyse: ${lastError}`);
        }
        return { kind: "failed" };
      }
      lastError = undefined;
      const diagnostics = outcome.result ? toDiagnostics(outcome.result, relatedInformation ? uri : undefined) : [];
      log.debug(
        `analysed ${file} v${version}: ${outcome.result?.findings.length ?? 0} findings in ${ms.toFixed(1)} ms ` +
          `(analysis thread ${outcome.ms.toFixed(1)} ms)`,
      );
      const analysis: Analysis = { version, result: outcome.result, diagnostics, resultId: resultIdOf(diagnostics), stale: (generations.get(uri) ?? 0) !== generation };
      if (documents.get(uri)?.version !== version) return { kind: "outdated" };
      analyses.set(uri, analysis);
      for (const listener of analysedListeners) listener(uri);
      return { kind: "ok", analysis };
    });
    const entry: Running = { version, generation, promise, cancel: job.cancel };
    running.set(uri, entry);
    void promise.finally(() => {
      busy--;
      if (running.get(uri) === entry) running.delete(uri);
      status();
    });
    return promise;
  }

  /** Cancels the document's running analysis and forgets it, so the next request starts afresh. */
  function stop(uri: string): void {
    running.get(uri)?.cancel();
    running.delete(uri);
  }

  // ---- push ----

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void pushLatest(uri);
      }, delay),
    );
  }

  async function pushLatest(uri: string): Promise<void> {
    if (pull) return; // a pulling client would show pushed diagnostics beside its own
    const outcome = await analysisOf(uri);
    if (outcome.kind === "ok" && documents.get(uri)?.version === outcome.analysis.version) publish(uri, outcome.analysis.diagnostics, outcome.analysis.version);
  }

  /** Sending fails only when the connection is going away; say so in the log rather than crash. */
  function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) }).catch((e: unknown) => {
      log.error(`could not send diagnostics for ${uri}: ${String(e)}`);
    });
  }

  // ---- pull ----

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    if (!doc || !uri.startsWith("file:")) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const folder = folderOf(uri);
    const cached = analyses.get(uri);
    let analysis: Analysis | undefined;
    if (folder.analyseOn === "save" && doc.version !== savedVersions.get(uri) && cached) {
      analysis = cached; // edited since the last save: keep what the saved text gave
    } else {
      if (folder.analyseOn === "change" && !(await quiet(uri, folder.debounceMs, token))) throw cancelled();
      const outcome = await untilCancelled(analysisOf(uri), token);
      if (outcome === undefined) throw cancelled();
      if (outcome.kind === "failed") return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      if (outcome.kind === "outdated" || documents.get(uri)?.version !== outcome.analysis.version) {
        // The document changed while it was analysed: the client asks again for the new text.
        throw new ResponseError(LSPErrorCodes.ServerCancelled, "The document changed during analysis.", { retriggerRequest: true });
      }
      analysis = outcome.analysis;
    }
    reported.set(uri, analysis.resultId);
    if (params.previousResultId === analysis.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: analysis.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: analysis.resultId, items: analysis.diagnostics };
  });

  const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, "The request was cancelled.");

  /** Waits until the document has not changed for `ms` (not at all after a pause); false if the request is cancelled first. */
  async function quiet(uri: string, ms: number, token: CancellationToken): Promise<boolean> {
    for (;;) {
      if (token.isCancellationRequested) return false;
      if (afterPause.has(uri)) return true;
      const left = (lastChange.get(uri) ?? 0) + ms - performance.now();
      if (left <= 0) return true;
      const waited = await untilCancelled(new Promise<true>((resolve) => setTimeout(() => resolve(true), left)), token);
      if (waited === undefined) return false;
    }
  }

  let refreshQueued = false;
  /** Asks pull clients to pull again: results changed without their document changing. */
  function refresh(why: string): void {
    if (!pull || !refreshSupported || refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      log.debug(`asking the client to pull diagnostics again: ${why}`);
      connection.languages.diagnostics.refresh().catch((e: unknown) => log.warn(`workspace/diagnostic/refresh failed: ${String(e)}`));
    });
  }

  // ---- documents ----

  documents.onDidOpen((e) => {
    const uri = e.document.uri;
    savedVersions.set(uri, e.document.version);
    if (pushedByWorkspace.delete(uri) && pull) publish(uri, []); // pulled diagnostics take over from the workspace run's
    if (!pull) schedule(uri, 0);
  });

  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    const folder = folderOf(uri);
    const now = performance.now();
    const previous = lastChange.get(uri);
    lastChange.set(uri, now);
    if (previous === undefined || now - previous >= folder.debounceMs) afterPause.add(uri);
    else afterPause.delete(uri);
    if (running.has(uri) && running.get(uri)!.version !== e.document.version) stop(uri);
    if (!pull && folder.analyseOn === "change") schedule(uri, afterPause.has(uri) ? 0 : folder.debounceMs);
  });

  documents.onDidSave((e) => {
    savedVersions.set(e.document.uri, e.document.version);
    if (!pull) schedule(e.document.uri, 0);
  });

  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    stop(uri);
    for (const map of [analyses, generations, lastChange, savedVersions, reported, afterPause]) map.delete(uri);
    if (uri.startsWith("file:")) thread.close(folderOf(uri).root, fileURLToPath(uri));
    if (!pull) publish(uri, []);
    status();
  });

  // A file's text changed for the compiler: its open dependants may have gained or lost findings.
  thread.onAffected(({ cause, files }) => {
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      if (!documents.get(uri)) continue;
      generations.set(uri, (generations.get(uri) ?? 0) + 1);
      const cached = analyses.get(uri);
      if (cached) cached.stale = true;
      void recheck(uri, cause);
    }
  });

  async function recheck(uri: string, cause: string): Promise<void> {
    const outcome = await analysisOf(uri);
    if (outcome.kind !== "ok") return;
    if (!pull) publish(uri, outcome.analysis.diagnostics, outcome.analysis.version);
    else if (reported.has(uri) && reported.get(uri) !== outcome.analysis.resultId) refresh(`${fileURLToPath(uri)} changed because ${cause} did`);
  }

  function invalidateAll(why: string): void {
    for (const uri of [...running.keys()]) stop(uri);
    analyses.clear();
    if (!pull) for (const doc of documents.all()) schedule(doc.uri, 0);
    else if (reported.size > 0) refresh(why);
  }

  folders.onDidChange(() => invalidateAll("the configuration changed"));

  // Every file of the workspace into the Problems panel; open documents keep their own, fresher, results.
  connection.onRequest(ANALYSE_WORKSPACE_REQUEST, async (): Promise<AnalyseWorkspaceResult> => {
    busy++;
    status();
    try {
      let files = 0;
      let problems = 0;
      for (const folder of folders.all()) {
        const reply = await thread.workspace(folder.root);
        if (reply.error !== undefined) throw new Error(`Async Lens could not analyse ${folder.root}: ${reply.error}`);
        for (const r of reply.results ?? []) {
          const uri = pathToFileURL(r.file).href;
          files++;
          problems += r.findings.length;
          if (!documents.get(uri)) {
            pushedByWorkspace.add(uri);
            publish(uri, toDiagnostics(r, relatedInformation ? uri : undefined));
          }
        }
      }
      return { files, problems };
    } finally {
      busy--;
      status();
    }
  });

  return {
    invalidateAll,
    onAnalysed(listener) {
      analysedListeners.push(listener);
    },
    initialize(capabilities) {
      pull = capabilities.textDocument?.diagnostic !== undefined;
      relatedInformation = !!capabilities.textDocument?.publishDiagnostics?.relatedInformation;
      refreshSupported = !!capabilities.workspace?.diagnostics?.refreshSupport;
      log.info(`diagnostics: ${pull ? `pulled by the client${refreshSupported ? " (with refresh)" : ""}` : "pushed (the client cannot pull)"}`);
      return pull ? { diagnosticProvider: { identifier: "async-lens", interFileDependencies: true, workspaceDiagnostics: false } } : {};
    },
    async resultFor(uri) {
      // An analysis dropped while the document stayed the same (a settings reload, a dependency's change)
      // is no reason to refuse a code action: ask again, a bounded number of times.
      for (let attempt = 0; attempt < 3; attempt++) {
        const version = documents.get(uri)?.version;
        const outcome = await analysisOf(uri);
        if (outcome.kind === "ok") return outcome.analysis.result;
        if (outcome.kind === "failed" || documents.get(uri)?.version !== version) return undefined;
      }
      return undefined;
    },
  };
}

/** Resolves with the promise's value, or undefined as soon as the token is cancelled. */
function untilCancelled<T>(promise: Promise<T>, token: CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const listener = token.onCancellationRequested(() => resolve(undefined));
    void promise.then((value) => {
      listener.dispose();
      resolve(value);
    });
  });
}

function resultIdOf(diagnostics: readonly Diagnostic[]): string {
  return createHash("sha1").update(JSON.stringify(diagnostics)).digest("base64url").slice(0, 16);
}

/**
 * `relatedUri`: the document's URI, given only to clients that said they show `relatedInformation`
 * (the related places are in the same document).
 */
export function toDiagnostics(result: FileResult, relatedUri?: string): Diagnostic[] {
  const range = (start: number, end: number) => ({ start: offsetToPosition(result.lineStarts, start), end: offsetToPosition(result.lineStarts, end) });
  return [
    ...result.findings.map(
      (f): Diagnostic => ({
        range: range(f.start, f.end),
        severity: SEVERITY[f.severity],
        source: "async-lens",
        code: f.ruleId,
        codeDescription: { href: ruleDocsUrl(f.ruleId) },
        message: f.message,
        ...(relatedUri && f.related?.length
          ? { relatedInformation: f.related.map((r) => ({ location: { uri: relatedUri, range: range(r.start, r.end) }, message: r.message })) }
          : {}),
      }),
    ),
    ...result.notices.map((n): Diagnostic => ({ range: range(n.start ?? 0, n.end ?? n.start ?? 0), severity: DiagnosticSeverity.Information, source: "async-lens", message: n.message })),
  ];
}
