// Where a rule's documentation page is published: docs/rules/<id>.md of the repository. One place,
// so that hovers (and diagnostics' codeDescription) never disagree on the address.
export const RULE_DOCS_BASE_URL = "https://github.com/async-lens/async-lens/blob/main/docs/rules/";

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}
