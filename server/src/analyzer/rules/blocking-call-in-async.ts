// blocking-call-in-async: a synchronous, blocking Node.js call (fs.*Sync, child_process.*Sync,
// zlib.*Sync, crypto.*Sync, Atomics.wait) inside async code. While it runs, the event loop is
// stopped: no other request, timer or promise callback in the process moves.
import { K, memberName, enclosingFunction, isAsyncFunction, hasTopLevelAwait, type Node, type CallExpression, type SourceFile } from "../ts/syntax.js";
import { defineRule } from "../rule.js";

/** Node modules whose `*Sync` functions block, and what to use instead in async code. */
const MODULES: Record<string, string> = {
  fs: "its promise form from `node:fs/promises` (e.g. `await readFile(…)`)",
  child_process: "`execFile`/`spawn` with a callback or `util.promisify`, and await it",
  zlib: "the callback form (`util.promisify(zlib.gzip)`) or a stream",
  crypto: "the callback form (`util.promisify(crypto.scrypt)`, `crypto.subtle`)",
};

/** Array methods that call their callback synchronously, inside the caller's turn of the event loop. */
const SYNC_ITERATION = new Set(["forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "sort"]);

export default defineRule<Record<string, never>>({
  meta: {
    id: "blocking-call-in-async",
    summary: "A synchronous, blocking Node.js call runs inside async code.",
    why:
      "Node.js runs all JavaScript on one thread. A `*Sync` file, process, compression or crypto call holds " +
      "that thread until it finishes, so every other request, timer and promise continuation in the process " +
      "waits too: one slow disk or child process stalls the whole server. Async code is where this hurts, and " +
      "where the non-blocking form is one `await` away.",
    defaultLevel: "warn",
    options: {},
    messages: {
      blocking:
        "`{{name}}` blocks the event loop inside async code: until it returns, nothing else in this process " +
        "runs. Use {{instead}}.",
      atomicsWait:
        "`Atomics.wait` blocks this thread inside async code: until it returns, nothing else on the event loop " +
        "runs. Use `Atomics.waitAsync`.",
    },
    informationLevel: [
      "A single file-metadata lookup (`existsSync`, `statSync`, `lstatSync`, `accessSync`, `realpathSync`, `readlinkSync`) " +
        "that is not repeated by a loop or an array callback in the async function: one look-up of a path, usually " +
        "microseconds (a check before launching a process, say). In a loop it stays at the rule's level.",
    ],
    eslintEquivalents: [],
    related: ["deno-lint/no-sync-fn-in-async-fn", "ruff/ASYNC221", "ruff/ASYNC230", "ruff/ASYNC251"],
    examples: {
      invalid: [
        { code: "import { readFileSync } from 'node:fs';\nexport async function load(path: string) {\n  return readFileSync(path, 'utf8');\n}\n" },
        { code: "import * as cp from 'node:child_process';\nexport async function build() {\n  cp.execSync('make');\n}\n" },
      ],
      valid: [
        { code: "import { readFile } from 'node:fs/promises';\nexport async function load(path: string) {\n  return await readFile(path, 'utf8');\n}\n" },
        { code: "import { readFileSync } from 'node:fs';\nexport function loadConfig(path: string) {\n  return readFileSync(path, 'utf8');\n}\n" },
      ],
    },
  },

  create(context) {
    return {
      [K.CallExpression](node) {
        const call = node as CallExpression;
        const callee = call.expression;
        const name = callee.kind === K.Identifier ? (callee as unknown as { text: string }).text : memberName(callee);
        if (!name) return;
        const atomics = name === "wait" && callee.kind === K.PropertyAccessExpression && isIdentifierNamed((callee as unknown as { expression: Node }).expression, "Atomics");
        if (!atomics && !/^[a-z]\w*Sync$/.test(name)) return;
        if (!inAsyncCode(call, context.sourceFile)) return;
        context.defer([callee], () => {
          const origin = context.types.declarationOrigin(callee);
          if (!origin) return;
          if (atomics) {
            if (origin.isDefaultLib) context.report({ node: call, messageId: "atomicsWait" });
            return;
          }
          const module = nodeModuleOf(origin.files);
          if (!module) return;
          const shown = callee.kind === K.Identifier ? name : `${module}.${name}`;
          const once = module === "fs" && METADATA.has(name) && !repeated(call);
          context.report({ node: call, messageId: "blocking", data: { name: shown, instead: MODULES[module]! }, ...(once ? { lowConfidence: true } : {}) });
        });
      },
    };
  },
});

function isIdentifierNamed(node: Node, text: string): boolean {
  return node.kind === K.Identifier && (node as unknown as { text: string }).text === text;
}

/** fs calls that read a path's metadata only (no file contents). */
const METADATA = new Set(["existsSync", "statSync", "lstatSync", "accessSync", "realpathSync", "readlinkSync"]);

/** Inside a loop or an array callback, up to the async function it blocks: the call can run many times. */
function repeated(call: Node): boolean {
  for (let p: Node | undefined = call.parent; p; p = p.parent) {
    switch (p.kind) {
      case K.ForStatement:
      case K.ForInStatement:
      case K.ForOfStatement:
      case K.WhileStatement:
      case K.DoStatement:
        return true;
      case K.ArrowFunction:
      case K.FunctionExpression:
      case K.FunctionDeclaration:
      case K.MethodDeclaration:
        if (isSyncIterationCallback(p)) return true;
        if (isAsyncFunction(p)) return false;
        break;
      default:
        break;
    }
  }
  return false;
}

/** Which blocking Node module declares the function, from @types/node's file layout. */
function nodeModuleOf(files: readonly string[]): string | undefined {
  for (const f of files) {
    const m = /\/@types\/node\/(fs|child_process|zlib|crypto)\.d\.ts$/.exec(f.replace(/\\/g, "/"));
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Code that runs as part of an async body: directly in it, or in a callback that an array method
 * runs synchronously (`items.forEach(f => readFileSync(f))` blocks just the same).
 */
function inAsyncCode(node: Node, sourceFile: SourceFile): boolean {
  let fn = enclosingFunction(node);
  while (fn && !isAsyncFunction(fn) && isSyncIterationCallback(fn)) fn = enclosingFunction(fn);
  return fn ? isAsyncFunction(fn) : hasTopLevelAwait(sourceFile);
}

function isSyncIterationCallback(fn: Node): boolean {
  if (fn.kind !== K.ArrowFunction && fn.kind !== K.FunctionExpression) return false;
  const call = fn.parent;
  if (call.kind !== K.CallExpression) return false;
  const method = memberName((call as CallExpression).expression);
  return !!method && SYNC_ITERATION.has(method) && (call as CallExpression).arguments[0] === fn;
}
