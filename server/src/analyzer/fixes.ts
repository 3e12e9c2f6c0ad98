// The catalogue of fixes: each one's title and safety, declared once. Rules build fixes from it
// (supplying only the edits), rule metadata lists the ids it offers, and the docs are written from it.
import type { Fix, TextEdit } from "./types.js";

export const FIXES = {
  "add-await": { title: "Add await", safety: "safe", doc: "Add `await` (parenthesised where precedence needs it, `;` against ASI)" },
  "return-await": { title: "Write return await …", safety: "safe", doc: "`return await …`" },
  "await-all": { title: "Wait for all of them: await Promise.all(…)", safety: "safe", doc: "`await Promise.all(…)`" },
  "add-catch": { title: "Add .catch(…) that logs the error", safety: "safe", doc: "Add `.catch(…)` with a handler whose body is the `catchHandler` option, by default `console.error(error)` (only where every member of the type has `catch`)" },
  "add-void": { title: "Mark as deliberately not awaited (void)", safety: "unsafe", doc: "Mark with `void`" },
  "make-async": {
    title: "Make the function async and await this",
    safety: "unsafe",
    doc: "Make the enclosing function `async` and `await` the promise (only where every caller in the file drops, voids or awaits its result, a callback's place takes a promise-returning function, the declared return type allows it, and no other file can override or use its result)",
  },
  "for-of": { title: "Use a for…of loop that awaits each item in turn", safety: "unsafe", doc: "`forEach(async x => …)` → `for (const x of xs) …`" },
  "for-each-bounded": {
    title: "Run the callback on a few items at a time, and await them all",
    safety: "unsafe",
    doc: "`forEach(async x => …)` → `await mapLimit(xs, k, async x => …)` (p-map or p-limit when the package depends on them, else a local helper added once per file)",
  },
  "bound-fan-out": {
    title: "Run a few at a time",
    safety: "unsafe",
    doc: "`Promise.all(xs.map(f))` → `pMap(xs, f, { concurrency: k })` with p-map, a p-limit limiter, or a local `mapLimit` helper added once per file (`defaultConcurrency`)",
  },
  "loop-bounded": {
    title: "Run the iterations a few at a time",
    safety: "unsafe",
    doc: "`for (const x of xs) { await … }` → `await mapLimit(xs, k, async (x) => { … })` (p-map or p-limit when available); side effects may then happen in another order",
  },
  suppress: { title: "Ignore this finding (comment with a reason)", safety: "unsafe", doc: "`// async-lens-ignore-next-line <rule> -- <reason>`" },
} as const satisfies Record<string, { title: string; safety: Fix["safety"]; doc: string }>;

export type FixId = keyof typeof FIXES;

/** A fix from the catalogue; `title` overrides the catalogue's for a variant (same id, same safety). */
export function makeFix(id: FixId, edits: TextEdit[], title?: string): Fix {
  return { id, title: title ?? FIXES[id].title, safety: FIXES[id].safety, edits };
}
