// Finds the native TypeScript 7 compiler. Once our code is bundled, the package's own lookup
// (relative to its own files) no longer works, so we resolve the platform package ourselves.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface CompilerBinary {
  exe: string;
  /** Folder holding `lib.*.d.ts` beside the binary. */
  libDir: string;
}

export class CompilerNotFoundError extends Error {}

export function locateCompiler(explicit?: string): CompilerBinary {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.ASYNC_LENS_TSC) candidates.push(process.env.ASYNC_LENS_TSC);
  const exeName = process.platform === "win32" ? "tsc.exe" : "tsc";
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  const here = path.dirname(fileURLToPath(import.meta.url));
  // A packaged extension ships the binary next to the bundles.
  candidates.push(path.join(here, "typescript", exeName));
  // Installed from npm: the platform package sits beside us, or (when npm nests it) beside `typescript`.
  const ourRequire = createRequire(import.meta.url);
  const lookups = [() => ourRequire, () => createRequire(ourRequire.resolve("typescript/package.json"))];
  for (const lookup of lookups) {
    try {
      const pkgJson = lookup().resolve(`${platformPackage}/package.json`);
      candidates.push(path.join(path.dirname(pkgJson), "lib", exeName));
    } catch {
      // not installed there: try the next place, then fall through to the error below
    }
  }
  for (const exe of candidates) {
    if (existsSync(exe)) return { exe, libDir: path.dirname(exe) };
  }
  throw new CompilerNotFoundError(
    `The TypeScript 7 compiler binary was not found (looked for ${platformPackage}). ` +
      `Reinstall with 'npm ci', or set ASYNC_LENS_TSC to the path of its 'tsc' executable.`,
  );
}
