// Where the protocol trace goes. vscode-languageclient traces messages only when its trace channel is at
// log level Trace, and then reads `asyncLens.trace.server` for how much. So the setting alone would do
// nothing; this channel reports level Trace whenever the setting asks for a trace (or the main log is at
// Trace), so either way turns the trace on, and writes it to an output channel of its own.
import * as vscode from "vscode";

export function createTraceChannel(main: vscode.LogOutputChannel): vscode.LogOutputChannel & vscode.Disposable {
  const out = vscode.window.createOutputChannel("Async Lens Trace");
  const levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  const wanted = () => vscode.workspace.getConfiguration("asyncLens").get<string>("trace.server", "off") !== "off";
  const level = () => (wanted() ? vscode.LogLevel.Trace : main.logLevel);
  const write = (message: string) => out.appendLine(`${new Date().toISOString()} ${message}`);
  const subscriptions = [
    out,
    levelChanged,
    main.onDidChangeLogLevel(() => levelChanged.fire(level())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("asyncLens.trace.server")) levelChanged.fire(level());
    }),
  ];
  return {
    name: out.name,
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: levelChanged.event,
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: (e: string | Error) => write(String(e)),
    append: (v) => out.append(v),
    appendLine: (v) => out.appendLine(v),
    replace: (v) => out.replace(v),
    clear: () => out.clear(),
    show: (a?: boolean | vscode.ViewColumn, b?: boolean) => (typeof a === "boolean" ? out.show(a) : out.show(a, b)),
    hide: () => out.hide(),
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}
