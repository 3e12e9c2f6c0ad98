import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, resolveRules } from "./config.js";

const levels = (xs: ReturnType<typeof resolveRules>) => Object.fromEntries(xs.map((r) => [r.rule.meta.id, r.level]));

test("editor-only suggestions are off in the CLI and on in the editor, unless configured", () => {
  assert.equal(levels(resolveRules([], "cli"))["sequential-await-in-loop"], undefined);
  assert.equal(levels(resolveRules([], "editor"))["sequential-await-in-loop"], "info");
  assert.equal(levels(resolveRules([{ rules: { "sequential-await-in-loop": "warn" } }], "cli"))["sequential-await-in-loop"], "warn");
});

test("later layers win, options merge over defaults, and the async-lens/ prefix is accepted", () => {
  const rules = resolveRules([
    { rules: { "floating-promise": ["warn", { ignoreVoid: false }] } },
    { rules: { "async-lens/floating-promise": "error" } },
  ]);
  const fp = rules.find((r) => r.rule.meta.id === "floating-promise")!;
  assert.equal(fp.level, "error");
  assert.equal(fp.options.ignoreVoid, false, "a level-only layer keeps earlier options");
  assert.equal(fp.options.ignoreIIFE, false, "defaults fill the rest");
});

test("bad settings are refused with a message naming the problem", () => {
  const cases: [unknown, RegExp][] = [
    [{ rules: { nope: "warn" } }, /Unknown rule 'nope'/],
    [{ rules: { "floating-promise": "loud" } }, /level must be one of/],
    [{ rules: { "floating-promise": ["warn", { ignoreVoid: "yes" }] } }, /must be true or false/],
    [{ rules: { "unbounded-fan-out": ["warn", { limiterFunctions: [1] }] } }, /must be a list of strings/],
    [{ rules: { "floating-promise": ["warn", { allowForKnownSafeCalls: [{ from: "package", name: "x" }] }] } }, /list of names or/],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => resolveRules([config as never]), (e: unknown) => e instanceof ConfigError && message.test(e.message));
  }
});

test("flags options take true, false or an object of flags, and reach the rule as a full object", () => {
  const options = (config: unknown) => resolveRules([config as never]).find((r) => r.rule.meta.id === "floating-promise")!.options.checksVoidReturn;
  const all = { arguments: true, attributes: true, inheritedMethods: true, properties: true, returns: true, variables: true };
  assert.deepEqual(options({}), all);
  assert.deepEqual(options({ rules: { "floating-promise": ["error", { checksVoidReturn: false }] } }), Object.fromEntries(Object.keys(all).map((k) => [k, false])));
  assert.deepEqual(options({ rules: { "floating-promise": ["error", { checksVoidReturn: { attributes: false } }] } }), { ...all, attributes: false });
  for (const [value, message] of [
    [{ argument: false }, /has no flag 'argument'/],
    [{ attributes: "no" }, /must be true, false or an object of booleans/],
    ["yes", /must be true, false or an object of booleans/],
  ] as const) {
    assert.throws(
      () => resolveRules([{ rules: { "floating-promise": ["error", { checksVoidReturn: value }] } } as never]),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
    );
  }
});

test("the .catch handler body is checked to parse inside `.catch((error) => …)`", () => {
  const handler = (body: unknown) => resolveRules([{ rules: { "floating-promise": ["error", body === undefined ? {} : { catchHandler: body }] } } as never]).find((r) => r.rule.meta.id === "floating-promise")!.options.catchHandler;
  assert.equal(handler(undefined), "console.error(error)", "the default logs");
  for (const ok of ["logger.warn(error)", "{ report(error); metrics.count('rejected'); }", "`failed: ${String(error)}`.length", "/[(]/.test(String(error)) || log(error)", "void send({ error, at: Date.now() })"]) {
    assert.equal(handler(ok), ok, ok);
  }
  for (const [bad, message] of [
    ["", /empty/],
    ["log(error), 1", /`,` outside brackets/],
    ["log(error); 1", /`;` outside brackets/],
    ["return error", /statement `return`/],
    ["log(error) // why", /`\/\/` comment/],
    ["log(error", /`\)` is missing/],
    ["log(error))", /does not match/],
    ["'unclosed", /not closed/],
    ["`${error", /is missing|not closed/],
    ["{ log(error); } + 1", /block must be the whole body/],
    [42, /must be a string/],
  ] as const) {
    assert.throws(() => handler(bad), (e: unknown) => e instanceof ConfigError && message.test(e.message), String(bad));
  }
});
