// The editor follows paths only inside the workspace folder: a workspace (possibly untrusted) must
// not steer Async Lens into reading projects or settings elsewhere on the machine.
import { realpathSync } from "node:fs";
import path from "node:path";

/** Whether `target` is `root` or below it, symbolic links resolved where the paths exist. */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(real(root), real(target));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function real(p: string): string {
  const resolved = path.resolve(p);
  try {
    return realpathSync.native(resolved);
  } catch {
    // Not there (yet): its nearest existing folder decides, so a link above it is still resolved.
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(real(parent), path.basename(resolved));
  }
}
