// Where each rule's page lives: docs/rules/<id>.md in the repository named by package.json's
// `repository` field (docs-url.test.ts keeps the two equal). Used by the editor's diagnostics
// (`codeDescription.href`) and the CLI's SARIF (`helpUri`), so both point at the same page.

/** package.json's `repository.url`, without `.git`. */
export const REPOSITORY_URL = "https://github.com/async-lens/async-lens";

/** The branch whose docs the links show. */
const DOCS_BRANCH = "main";

/** The web address of a rule's documentation page. */
export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/${DOCS_BRANCH}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
