// The documentation page of a rule, rendered from its metadata: summary, why, examples,
// options, fixes and related rules. docs/rules/<id>.md is this output; a test keeps them equal.
import type { AnyRule } from "../analyzer/rule.js";
import type { OptionSpec } from "../analyzer/types.js";
import { FIXES } from "../analyzer/fixes.js";

export function renderRuleDoc(rule: AnyRule): string {
  const m = rule.meta;
  const out: string[] = [];
  out.push(`# ${m.id}`, "", `${m.summary}`, "");
  out.push(`Default level: \`${m.defaultLevel}\`${m.editorOnly ? " in the editor; off in the CLI unless configured" : ""}.`, "");
  out.push("## Why it matters", "", m.why, "");
  out.push("## Examples", "", "Reported:", "");
  for (const e of m.examples.invalid) out.push(fence(e.code, e.options));
  out.push("Not reported:", "");
  for (const e of m.examples.valid) out.push(fence(e.code, e.options));
  const options = Object.entries(m.options as Record<string, OptionSpec>);
  out.push("## Options", "");
  if (options.length === 0) out.push("None.", "");
  else {
    out.push("| option | default | meaning |", "|---|---|---|");
    for (const [name, spec] of options) out.push(`| \`${name}\` | \`${JSON.stringify(spec.default)}\` | ${spec.description.replace(/\|/g, "\\|")} |`);
    out.push("");
  }
  if (m.informationLevel?.length) {
    out.push("## Information level", "", "Shown as information, whatever the rule's level:", "", ...m.informationLevel.map((x) => `- ${x}`), "");
  }
  out.push("## Fixes", "");
  for (const id of [...(m.fixes ?? []), "suppress" as const]) {
    const f = FIXES[id];
    out.push(`- ${f.doc} (\`${id}\`, ${f.safety === "safe" ? "safe: part of fix-all" : "unsafe: offered, never applied by fix-all"})`);
  }
  out.push("");
  if (m.eslintEquivalents.length) {
    out.push("## Suppression comments from ESLint", "", `\`eslint-disable\` comments naming ${m.eslintEquivalents.map((e) => `\`${e}\``).join(", ")} also silence this rule.`, "");
  }
  out.push("## Related", "", ...m.related.map((r) => `- ${r}`), "");
  out.push("<!-- Generated from the rule's metadata by `npm run docs`; edit the rule, not this page. -->", "");
  return out.join("\n");
}

function fence(code: string, options: Record<string, unknown> | undefined): string {
  const header = options ? `With \`${JSON.stringify(options)}\`:\n\n` : "";
  return `${header}\`\`\`ts\n${code.trimEnd()}\n\`\`\`\n`;
}
