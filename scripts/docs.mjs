// Writes docs/rules/<id>.md from each rule's metadata (needs `node esbuild.mjs --tests` first, as `npm run docs` does).
import { mkdirSync, writeFileSync } from "node:fs";
const { rules } = await import("../out/test-build/server/src/analyzer/rules/index.js");
const { renderRuleDoc } = await import("../out/test-build/server/src/docs/rule-docs.js");
mkdirSync("docs/rules", { recursive: true });
for (const rule of rules) writeFileSync(`docs/rules/${rule.meta.id}.md`, renderRuleDoc(rule));
console.log(`wrote ${rules.length} pages to docs/rules/`);
