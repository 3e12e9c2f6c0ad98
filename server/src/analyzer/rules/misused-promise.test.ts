import rule from "./misused-promise.js";
import { mark, runRuleTests } from "../testing/rule-tester.js";

const C = "misused-promise:conditional";
const P = "misused-promise:predicate";
const S = "misused-promise:stringified";

const decls = `
declare const p: Promise<boolean>;
declare const maybe: Promise<boolean> | undefined;
declare const b: boolean;
declare function check(x: string): Promise<boolean>;
declare const names: string[];
declare const obj: { a: number };
`;

runRuleTests(rule, {
  valid: [
    { name: "awaited in a condition", code: `${decls}export async function f() { if (await p) return 1; }` },
    { name: "a maybe-promise is a legitimate 'is it set?' test", code: `${decls}export const x = maybe ? 1 : 2;` },
    { name: "a value on the right of && outside a test", code: `${decls}export const x = b && p;` },
    { name: "a value on either side of ?? outside a test", code: `${decls}export const x = p ?? b;` },
    { name: "typeof, void and ~ are not conditions", code: `${decls}export const t = typeof p;\nexport const v = void p;` },
    { name: "sync predicate", code: `${decls}export const x = names.filter((n) => n.length > 2);` },
    { name: "async callback to a non-array filter", code: `${decls}declare const s: { filter(cb: (x: string) => unknown): void };\ns.filter(async (x) => check(x));` },
    { name: "spread of an awaited value", code: `${decls}declare function load(): Promise<{ a: 1 }>;\nexport async function f() { return { ...(await load()) }; }` },
    { name: "spread of an object", code: `${decls}export const x = { ...obj };` },
    { name: "awaited in a template", code: `${decls}export async function f() { return \`ok: \${await p}\`; }` },
    { name: "a tagged template may take promises", code: `${decls}declare function sql(s: TemplateStringsArray, ...v: unknown[]): string;\nexport const q = sql\`select \${p}\`;` },
    { name: "two promises compared for identity", code: `${decls}declare const q: Promise<boolean>;\nexport const same = p === q;` },
    { name: "a lazily assigned let compared with undefined", code: `${decls}let cached: Promise<string>;\ndeclare function load(): Promise<string>;\nexport function get() {\n  if (cached === undefined) cached = load();\n  return cached;\n}`, options: { checksComparisons: true } },
    { name: "any is not a promise", code: `declare const a: any;\nexport const x = a ? 1 : 2;` },
    { name: "options off", code: `${decls}export const x = p ? 1 : 2;\nexport const y = { ...p };\nexport const s = \`\${p}\`;`, options: { checksConditionals: false, checksSpreads: false, checksStringUse: false } },
  ],
  invalid: [
    {
      name: "deliberate: a let declared without a value and tested for assignment is information (a lazy cache)",
      code: `${decls}let cached: Promise<string>;\ndeclare function load(): Promise<string>;\nexport function get() {\n${mark("  if (!cached) cached = load();", "cached", `${C}@info`)}\n  return cached;\n}`,
    },
    {
      name: "a promise or a fallback: the left of `||` is tested (typescript-eslint reports it too; kept to match)",
      code: `${decls}declare const fn: () => Promise<string[]>;\n${mark("export const list = (fn() || Promise.resolve([])).then((x) => x.length);", "fn()", C)}`,
    },
    { name: "if test", code: `${decls}export function f() {\n${mark("  if (p) return 1;", "p", C)}\n}` },
    { name: "while test", code: `${decls}export function f() {\n${mark("  while (p) {}", "p", C)}\n}` },
    { name: "do-while test", code: `${decls}export function f() {\n${mark("  do {} while (p);", "p", C, 1)}\n}` },
    { name: "for test", code: `${decls}export function f() {\n${mark("  for (; p; ) {}", "p", C)}\n}` },
    { name: "ternary test", code: `${decls}${mark("export const x = p ? 1 : 2;", "p", C)}` },
    { name: "negation", code: `${decls}${mark("export const x = !p;", "p", C)}` },
    { name: "left of && outside a test", code: `${decls}${mark("export const x = p && 1;", "p", C)}` },
    { name: "left of || outside a test", code: `${decls}${mark("export const y = p || 1;", "p", C)}` },
    { name: "every leaf inside a test", code: `${decls}${mark("if (b && p) {}", "p", C)}` },
    { name: "?? operands inside a test", code: `${decls}${mark("if (maybe ?? p) {}", "p", C)}` },
    { name: "call result in a condition", code: `${decls}export function f(n: string) {\n${mark('  return check(n) ? "yes" : "no";', "check(n)", C)}\n}` },
    { name: "async filter", code: `${decls}${mark("export const a = names.filter(async (n) => check(n));", "async (n) => check(n)", P)}` },
    { name: "a promise-returning function as predicate", code: `${decls}${mark("export const c = names.some(check);", "check", P)}` },
    { name: "async findIndex", code: `${decls}${mark("export const d = names.findIndex(async () => true);", "async () => true", P)}` },
    { name: "predicate on a readonly array", code: `declare const ro: readonly number[];\n${mark("export const a = ro.every(async () => true);", "async () => true", P)}` },
    { name: "predicate on a tuple", code: `declare const tup: [number, number];\n${mark("export const c = tup.find(async () => true);", "async () => true", P)}` },
    { name: "object spread of a promise", code: `${decls}${mark("export const x = { ...p };", "p", "misused-promise:spread", 1)}` },
    { name: "object spread of a maybe-promise", code: `${decls}${mark("export const y = { ...(b ? obj : p) };", "b ? obj : p", "misused-promise:spread")}` },
    { name: "template literal", code: `${decls}${mark("export const s = `result: ${p}`;", "p", S, 1)}` },
    { name: "string concatenation", code: `${decls}${mark('export const t = "result: " + p;', "p", S, 1)}` },
    { name: "compared with a literal", code: `${decls}${mark("export const x = p === true;", "p", "misused-promise:comparison")}` },
  ],
});
