// Failure containment: a compiler error on one node, or a throwing check, costs that check only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ts7TypeOracle } from "./ts/oracle.js";
import { analyzeSourceFile } from "./analyze.js";
import { defineRule } from "./rule.js";
import { K, type Node, type SourceFile } from "./ts/syntax.js";
import type { TypeOracle } from "./ts/oracle.js";

test("a batch the compiler fails on is retried node by node, and only the failing node is unknown", () => {
  const good = { kind: 1 } as unknown as Node;
  const bad = { kind: 2 } as unknown as Node;
  const calls: number[] = [];
  const fakeType = { id: 7, flags: 0 };
  const checker = {
    getTypeAtLocation(nodes: Node | readonly Node[]) {
      const list = Array.isArray(nodes) ? nodes : [nodes];
      calls.push(list.length);
      if (list.includes(bad)) throw new Error("panic: interface conversion");
      return Array.isArray(nodes) ? list.map(() => fakeType) : fakeType;
    },
  };
  const oracle = new Ts7TypeOracle(checker as never, { libDir: "/lib", projectDir: "/p" });
  oracle.prefetch([good, bad]);
  assert.deepEqual(calls, [2, 1, 1], "one batch, then one call per node");
  assert.equal(oracle.failures, 1);
  oracle.prefetch([good, bad]);
  assert.deepEqual(calls, [2, 1, 1], "answers, failures included, are cached");
});

test("a check that throws becomes a notice; other checks' findings stay", () => {
  const statement = { kind: K.ExpressionStatement, getStart: () => 0, end: 5, forEachChild: () => undefined } as unknown as Node;
  const sourceFile = {
    kind: K.SourceFile,
    text: "work;",
    forEachChild: (visit: (n: Node) => unknown) => visit(statement),
  } as unknown as SourceFile;
  const types: TypeOracle = {
    prefetch: () => {},
    promiseKind: () => undefined,
    isPromiseArray: () => false,
    isCallable: () => false,
    matchesSpecifier: () => false,
    elementMatchesSpecifier: () => false,
    calleeMatchesSpecifier: () => false,
    declarationOrigin: () => undefined,
    tupleLength: () => undefined,
    thenable: () => "never",
    mayBeThenable: () => false,
    returnsThenable: () => false,
    isArrayOrTuple: () => false,
    isPlainArray: () => false,
    hasPropertyEverywhere: () => false,
    isBuiltinPromiseValue: () => false,
    memberReturnsThenable: () => false,
    stringLiteralValue: () => undefined,
    callbackExpectation: () => "other",
    contextualCallbackExpectation: () => "other",
    contextualPropertyExpectation: () => "other",
    propertyExpectation: () => "other",
    voidCallbackArguments: () => [],
    possiblyVoidCallbackArguments: () => [],
    disposeExpectation: () => undefined,
    elementDomainSize: () => undefined,
    valueDeclaration: () => undefined,
    promiseReturnFit: () => "none",
  };
  const meta = (id: string) => ({
    id,
    summary: "s",
    why: "w",
    defaultLevel: "error" as const,
    options: {},
    messages: { m: "found" },
    eslintEquivalents: [],
    related: [],
    examples: { invalid: [], valid: [] },
  });
  const throwing = defineRule({
    meta: meta("throwing"),
    create: (ctx) => ({ [K.ExpressionStatement]: () => ctx.defer([], () => { throw new Error("boom"); }) }),
  });
  const reporting = defineRule({
    meta: meta("reporting"),
    create: (ctx) => ({ [K.ExpressionStatement]: (node) => ctx.defer([node], () => ctx.report({ node, messageId: "m" })) }),
  });
  const result = analyzeSourceFile({
    fileName: "/x.ts",
    sourceFile,
    types,
    rules: [
      { rule: throwing, level: "error", options: {} },
      { rule: reporting, level: "warn", options: {} },
    ],
  });
  assert.deepEqual(result.findings.map((f) => [f.ruleId, f.severity, f.start, f.end]), [["reporting", "warning", 0, 5]]);
  assert.equal(result.notices.length, 1);
  assert.match(result.notices[0]!.message, /1 check could not run here and was skipped \(first: boom\)/);
});
