// The catalogue of fixes: each one's title and safety, declared once. Rules build fixes from it
// (supplying only the edits), rule metadata lists the ids it offers, and the docs are written from it.
import type { Fix, TextEdit } from "./types.js";

export const FIXES = {
  "add-await": { title: "Add await", safety: "safe", doc: "Add `await` (parenthesised where precedence needs it, `;` against ASI)" },
  "return-await": { title: "Write return await …", safety: "safe", doc: "`return await …`" },
  "await-all": { title: "Wait for all of them: await Promise.all(…)", safety: "safe", doc: "`await Promise.all(…)`" },
  "add-catch": { title: "Add .catch(…) that logs the error", safety: "safe", doc: "Add `.catch(…)` that logs the error (only where every member of the type has `catch`)" },
  "add-void": { title: "Mark as deliberately not awaited (void)", safety: "unsafe", doc: "Mark with `void`" },
  "for-of": { title: "Use a for…of loop that awaits each item in turn", safety: "unsafe", doc: "`forEach(async x => …)` → `for (const x of xs) …`" },
  suppress: { title: "Ignore this finding (comment with a reason)", safety: "unsafe", doc: "`// async-lens-ignore-next-line <rule> -- <reason>`" },
} as const satisfies Record<string, { title: string; safety: Fix["safety"]; doc: string }>;

export type FixId = keyof typeof FIXES;

/** A fix from the catalogue; `title` overrides the catalogue's for a variant (same id, same safety). */
export function makeFix(id: FixId, edits: TextEdit[], title?: string): Fix {
  return { id, title: title ?? FIXES[id].title, safety: FIXES[id].safety, edits };
}
