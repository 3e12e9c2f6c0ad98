// Report files on disk.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

// blocking-call-in-async: while the file is read, no other request in this process is served.
export async function loadTemplate(path: string): Promise<string> {
  return readFileSync(path, "utf8");
}

// Fine: the non-blocking form.
export async function loadReport(path: string): Promise<string> {
  return await readFile(path, "utf8");
}
