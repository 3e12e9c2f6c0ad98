// The directive words live in three places that must agree: the analyser's parser (suppressions.ts), the
// grammar that highlights them, and the lexer behind completion and hover (comment-scan.ts).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ESLINT_DIRECTIVES, OUR_DIRECTIVES } from "../../server/src/handlers/comment-scan.js";

const sorted = (words: Iterable<string>) => [...words].sort();

describe("suppression directive words", () => {
  it("are the same in the parser, the grammar and the completion lexer", () => {
    const parser = /\((async-lens-ignore[\w|-]*)\)/.exec(readFileSync("server/src/analyzer/suppressions.ts", "utf8"));
    assert.ok(parser, "suppressions.ts's DIRECTIVE alternation");
    const grammar = JSON.parse(readFileSync("syntaxes/suppression-comments.tmLanguage.json", "utf8")) as { repository: { directive: { begin: string } } };
    const inGrammar = [...grammar.repository.directive.begin.matchAll(/\(((?:async-lens|eslint)-[\w|-]*)\)/g)].flatMap((m) => m[1]!.split("|"));
    const expected = sorted(parser[1]!.split("|"));
    assert.ok(expected.length >= 6);
    assert.deepEqual(sorted(inGrammar), expected);
    assert.deepEqual(sorted([...OUR_DIRECTIVES, ...ESLINT_DIRECTIVES]), expected);
  });
});
