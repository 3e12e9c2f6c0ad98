// Inputs for fuzzing the analyser: async-heavy TypeScript programs built from pieces, syntax
// damage applied to any text, and async-specific mutations of real code.
import fc from "fast-check";
import type { AnyRule } from "../../server/src/analyzer/rule.js";
import type { OptionSpec } from "../../server/src/analyzer/types.js";

/** Declarations every generated program can use; keeps the generated code mostly well typed. */
export const PREAMBLE = `declare function load(id: number): Promise<string>;
declare function save(value: string): Promise<void>;
declare function later<T>(value: T): Promise<T>;
declare function cb(fn: () => void): void;
declare function onEvent(name: string, fn: (...args: unknown[]) => void): void;
declare const fs: { readFileSync(path: string): string; writeFileSync(path: string, data: string): void };
declare const items: number[];
declare const cond: boolean;
declare const maybe: Promise<number> | undefined;
declare const thenable: PromiseLike<number>;
declare let i: number;
declare const maybeItems: number[] | undefined;
declare const maybeLoad: (() => Promise<number>) | undefined;
declare const either: Promise<number> | number;
`;

const small = fc.integer({ min: 0, max: 9 });

/** Conditions and numbers that type-check (literals there are "always truthy" errors). */
const condition = fc.constantFrom("cond", "i > 0", "items.length > 0", "(await load(1)).length > 0", "!cond");
const numeric = fc.constantFrom("1", "i", "items.length", "(await load(2)).length", "(await later(3))");

/** Expressions: `promise` ones evaluate to a thenable, `value` ones to a plain value (often awaited). */
interface Pieces {
  promise: string;
  value: string;
  statement: string;
  block: string;
}

const pieces = fc.letrec<Pieces>((tie) => {
  const promise = tie("promise");
  const value = tie("value");
  const block = tie("block");
  return {
    promise: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      small.map((n) => `load(${n})`),
      fc.constant(`save("x")`),
      value.map((v) => `later(${v})`),
      small.map((n) => `Promise.resolve(${n})`),
      fc.constant("thenable"),
      fc.constant("(maybe ?? later(1))"),
      fc.constant("maybeLoad?.()"),
      fc.constant("either"),
      promise.map((p) => `Promise.all(items.map(async (n) => ${p}))`),
      fc.tuple(promise, promise).map(([a, b]) => `Promise.all([${a}, ${b}])`),
      fc.tuple(promise, promise).map(([a, b]) => `Promise.race([${a}, ${b}])`),
      fc.tuple(promise, value).map(([p, v]) => `${p}.then(async (v) => ${v})`),
      promise.map((p) => `${p}.catch(() => undefined)`),
      promise.map((p) => `${p}.finally(() => {})`),
      fc.constant("new Promise<number>((resolve) => cb(() => resolve(1)))"),
      block.map((b) => `(async () => ${b})()`),
      value.map((v) => `(async () => ${v})()`),
      fc.tuple(condition, promise, promise).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
      fc.tuple(promise, promise).map(([a, b]) => `(${a} || ${b})`),
      promise.map((p) => `(${p})`),
      promise.map((p) => `(${p} as PromiseLike<unknown>)`),
    ),
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      small.map(String),
      fc.constant(`"s"`),
      fc.constant("i"),
      fc.constant("cond"),
      fc.constant("items.length"),
      promise.map((p) => `await ${p}`),
      promise.map((p) => `(await ${p})`),
      fc.constant("(await load(1)).length"),
      fc.tuple(numeric, numeric).map(([a, b]) => `${a} + ${b}`),
      fc.tuple(value, value).map(([a, b]) => `[${a}, ${b}]`),
      value.map((v) => `{ a: ${v} }`),
      value.map((v) => `\`t\${${v}}\``),
      fc.tuple(condition, value, value).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      fc.tuple(condition, value).map(([a, b]) => `(${a} && ${b})`),
      condition.map((c) => `!(${c})`),
      fc.constant(`fs.readFileSync("f")`),
    ),
    statement: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      promise.map((p) => `${p};`),
      value.map((v) => `${v};`),
      promise.map((p) => `await ${p};`),
      promise.map((p) => `void ${p};`),
      fc.tuple(small, value).map(([k, v]) => `const x${k} = ${v};`),
      fc.tuple(small, promise).map(([k, p]) => `let p${k} = ${p};`),
      promise.map((p) => `return ${p};`),
      promise.map((p) => `return await ${p};`),
      fc.tuple(fc.oneof({ weight: 4, arbitrary: condition }, { weight: 1, arbitrary: promise }), block, block).map(([c, a, b]) => `if (${c}) ${a} else ${b}`),
      block.map((b) => `for (const n of items) ${b}`),
      block.map((b) => `for (let k = 0; k < 3; k++) ${b}`),
      fc.tuple(condition, block).map(([c, b]) => `while (${c}) { ${b} break; }`),
      fc.tuple(block, block, block).map(([t, c, f]) => `try ${t} catch (e) ${c} finally ${f}`),
      block.map((b) => `items.forEach(async (n) => ${b});`),
      block.map((b) => `maybeItems?.forEach(async (n) => ${b});`),
      promise.map((p) => `(cond ? items : undefined)?.map(async (n) => ${p});`),
      block.map((b) => `cb(async () => ${b});`),
      block.map((b) => `onEvent("x", async () => ${b});`),
      block.map((b) => `setTimeout(async () => ${b}, 0);`),
      fc.tuple(promise, block).map(([p, b]) => `for await (const v of [${p}]) ${b}`),
      fc.tuple(numeric, block, block).map(([v, a, b]) => `switch (${v}) { case 1: ${a} break; default: ${b} }`),
      block.map((b) => `(async function () ${b})();`),
      promise.map((p) => `const f = async () => ${p};`),
      fc.constant(`fs.writeFileSync("f", "d");`),
      block.map((b) => `label: for (const n of items) ${b}`),
    ),
    block: fc.array(tie("statement"), { maxLength: 4 }).map((ss) => `{\n${ss.join("\n")}\n}`),
  };
});

// Weighted towards async bodies, where the pieces are valid: a sync function or a top-level
// `return` is a type error that makes the whole input one where fixes may add errors unnoticed.
const declaration = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(small, pieces.block).map(([k, b]) => `export async function f${k}(i: number) ${b}`) },
  { weight: 1, arbitrary: fc.tuple(small, pieces.block).map(([k, b]) => `export function g${k}(i: number) ${b}`) },
  { weight: 3, arbitrary: fc.tuple(small, pieces.block).map(([k, b]) => `export const h${k} = async (i: number) => ${b};`) },
  { weight: 2, arbitrary: fc.tuple(small, pieces.block, pieces.promise).map(([k, b, p]) => `export class C${k} {\n  async run(i: number) ${b}\n  get pending() { return ${p}; }\n}`) },
  { weight: 1, arbitrary: fc.tuple(small, pieces.block, pieces.value).map(([k, b, v]) => `export async function* gen${k}(i: number) {\n${b}\nyield ${v};\n}`) },
  { weight: 1, arbitrary: pieces.statement },
);

/** A whole module: the preamble and a few declarations or top-level statements. */
export const asyncProgram: fc.Arbitrary<string> = fc
  .array(declaration, { minLength: 1, maxLength: 5 })
  .map((ds) => uniqueNames(`${PREAMBLE}\n${ds.join("\n\n")}\nexport {};\n`));

/** Declared names numbered in order of appearance, so no two declarations clash. */
function uniqueNames(text: string): string {
  let n = 0;
  return text
    .replace(/\b(const x|let p|function f|function g|const h|class C|function\* gen)\d\b/g, (_m, head: string) => `${head}${n++}`)
    .replace(/\blabel:/g, () => `label${n++}:`);
}

const TOKENS = ["{", "}", "(", ")", "await ", "async ", "=>", ";", "`", "/*", "*/", '"', "'", ",", ".", "?.", "<", ">", "\n", "return ", "function ", "[", "]"];

/** One syntax-damaging edit, placed by fractions of the text so it shrinks well and fits any text. */
const damageEdit = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([at, len]) => (t: string) => {
    const p = Math.floor(at * t.length);
    return t.slice(0, p) + t.slice(p + len);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...TOKENS)).map(([at, token]) => (t: string) => {
    const p = Math.floor(at * t.length);
    return t.slice(0, p) + token + t.slice(p);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 60 })).map(([at, len]) => (t: string) => {
    const p = Math.floor(at * t.length);
    return t.slice(0, p + len) + t.slice(p, p + len) + t.slice(p + len);
  }),
  fc.double({ min: 0.3, max: 1, noNaN: true }).map((at) => (t: string) => t.slice(0, Math.floor(at * t.length))),
);

/** Up to `max` syntax-damaging edits (zero leaves the text whole). */
export function damage(max = 3): fc.Arbitrary<(text: string) => string> {
  return fc.array(damageEdit, { maxLength: max }).map((edits) => (t: string) => edits.reduce((acc, e) => e(acc), t));
}

/** Edits that change async meaning while often keeping the code valid: the bugs we look for, and their fixes. */
const asyncEdit = fc.oneof(
  fc.nat().map((n) => (t: string) => replaceNth(t, /\bawait /g, n, "")),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\b([A-Za-z_$][\w$]*)\(/g, n, (m) => `await ${m}`)),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\basync /g, n, "")),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\bfunction /g, n, "async function ")),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\.catch\(/g, n, ".then(")),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\bfor \(const (\w+) of ([^)]+)\) \{/g, n, (_m, x: string, xs: string) => `${xs}.forEach(async (${x}) => {`)),
  fc.nat().map((n) => (t: string) => replaceNth(t, /\bPromise\.all\(/g, n, "Promise.race(")),
);

/** A mutation of real code: async edits, then maybe some syntax damage. */
export function mutation(): fc.Arbitrary<(text: string) => string> {
  return fc
    .tuple(fc.array(asyncEdit, { minLength: 1, maxLength: 4 }), fc.oneof({ weight: 3, arbitrary: damage(0) }, { weight: 1, arbitrary: damage(2) }))
    .map(([edits, broken]) => (t: string) => broken(edits.reduce((acc, e) => e(acc), t)));
}

function replaceNth(text: string, pattern: RegExp, n: number, by: string | ((match: string, ...groups: string[]) => string)): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const m = matches[n % matches.length]!;
  const replacement = typeof by === "string" ? by : by(m[0], ...m.slice(1).map((g) => g ?? ""));
  return text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
}

/**
 * Options for each rule, drawn from its option specs: switches on or off, numbers at their edges
 * (lists keep their defaults). Other paths through the rules and their fixes than the defaults'.
 */
export function ruleOptions(rules: readonly AnyRule[]): fc.Arbitrary<Record<string, Record<string, unknown>>> {
  const forRule = (rule: AnyRule) => {
    const specs = Object.entries(rule.meta.options as Record<string, OptionSpec>);
    const fields = specs.map(([name, spec]) => fc.option(optionValue(spec), { nil: undefined }).map((v) => [name, v] as const));
    return fc.tuple(...fields).map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)));
  };
  return fc.tuple(...rules.map(forRule)).map((all) => Object.fromEntries(rules.map((r, k) => [r.meta.id, all[k]!])));
}

function optionValue(spec: OptionSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "boolean":
      return fc.boolean();
    case "number":
      return fc.constantFrom(spec.default, 1, 2, 1000);
    case "flags":
      return fc.oneof(fc.boolean(), fc.record(Object.fromEntries(Object.keys(spec.default).map((k) => [k, fc.boolean()]))));
    default:
      return fc.constant(spec.default);
  }
}
