// The status bar item: analysing…, the number of problems in open files, or an error with a
// click to the log. Fed by the server's status notification.
import * as vscode from "vscode";
import type { StatusParams } from "../../shared/protocol.js";

export function createStatusBar(): { item: vscode.StatusBarItem; update(params: StatusParams): void } {
  const item = vscode.window.createStatusBarItem("asyncLens.status", vscode.StatusBarAlignment.Right, 100);
  item.name = "Async Lens";
  item.command = "asyncLens.showOutput";
  item.text = "$(sync~spin) Async Lens";
  item.tooltip = "Async Lens is starting";
  item.show();
  return {
    item,
    update(params) {
      item.backgroundColor = undefined;
      if (params.state === "analysing") {
        item.text = "$(sync~spin) Async Lens";
        item.tooltip = "Async Lens is analysing";
      } else if (params.state === "error") {
        item.text = "$(error) Async Lens";
        item.tooltip = `Async Lens cannot analyse: ${params.message ?? "see the log"} (click for the log)`;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
      } else {
        const n = params.problems;
        item.text = n === 0 ? "$(check) Async Lens" : `$(warning) Async Lens: ${n}`;
        item.tooltip = n === 0 ? "Async Lens: no async problems in the open files" : `Async Lens: ${n} async problem${n === 1 ? "" : "s"} in the open files`;
      }
    },
  };
}
