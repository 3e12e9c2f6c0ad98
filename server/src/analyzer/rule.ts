// The contract every rule implements: metadata (the source of its docs), and `create`, which
// returns visitors keyed by SyntaxKind. Visitors decide syntactically what needs a type and
// `defer` the typed part, so the runner can fetch all types of a file in one batch.
import type { Node, SourceFile } from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";
import type { Fix, OptionSpecs, RuleLevel } from "./types.js";
import type { FixId } from "./fixes.js";

export interface RuleExample {
  /** Source of a complete module. `invalid` examples must give exactly one finding of this rule. */
  code: string;
  options?: Record<string, unknown>;
}

export interface RuleMeta<O> {
  id: string;
  summary: string;
  /** Why it matters at run time: the first paragraph of the docs. */
  why: string;
  defaultLevel: RuleLevel;
  /** The fixes its findings may offer (besides the suppression every finding has). */
  fixes?: readonly FixId[];
  /** A suggestion for the editor: off in the CLI (CI) unless configured there. */
  editorOnly?: boolean;
  options: OptionSpecs<O>;
  messages: Record<string, string>;
  /** What the rule reports as information whatever its level (findings worth a look, probably harmless), for the docs. */
  informationLevel?: readonly string[];
  /** ESLint rule names whose disable comments also silence this rule. */
  eslintEquivalents: readonly string[];
  /** Related rules of other tools, for the docs. */
  related: readonly string[];
  examples: { invalid: readonly RuleExample[]; valid: readonly RuleExample[] };
}

export interface ReportDescriptor {
  node: Node;
  /** Report up to this node's end instead of `node`'s (for a narrower or wider range). */
  endNode?: Node;
  /** Report up to this offset instead (a range that ends between tokens, such as a function's head). */
  end?: number;
  messageId: string;
  data?: Record<string, string>;
  fixes?: Fix[];
  /** A finding worth a look but probably harmless: shown as information, whatever the rule's level. */
  lowConfidence?: boolean;
  /**
   * Names the problem when one problem shows in several places (the same function registered as a
   * handler ten times in a row). Findings of a rule with the same key are reported at the rule's level
   * once, at the first, which lists the others as related locations; the others stay, as information
   * pointing back to it, so each line keeps its own fixes and suppression comment.
   */
  sameProblem?: string;
}

export interface RuleContext<O> {
  readonly options: O;
  readonly sourceFile: SourceFile;
  readonly types: TypeOracle;
  /** Packages the file's nearest package.json depends on, for fixes that can use them (p-map, p-limit). */
  readonly dependencies: ReadonlySet<string>;
  /** Runs `run` once the types of `prefetch` (and of every other deferred node of the file) are fetched. */
  defer(prefetch: readonly Node[], run: () => void): void;
  report(descriptor: ReportDescriptor): void;
}

export type Visitors = Partial<Record<number, (node: Node) => void>>;

export interface Rule<O = Record<string, unknown>> {
  meta: RuleMeta<O>;
  create(context: RuleContext<O>): Visitors;
}

/** Lets `Rule<SpecificOptions>` live in one list. `any`: the registry erases each rule's own option type;
 *  options are validated against `meta.options` before a rule sees them. */
export type AnyRule = Rule<any>;

export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}
