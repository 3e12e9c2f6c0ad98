// Declarations shaped like the published p-map and p-limit (ESM, default exports), for test projects:
// fixes that import them must compile against their real signatures.
export const CONCURRENCY_PACKAGES: Record<string, string> = {
  "node_modules/p-map/package.json": JSON.stringify({ name: "p-map", version: "7.0.3", type: "module", exports: { types: "./index.d.ts", default: "./index.js" } }),
  "node_modules/p-map/index.d.ts": [
    "export type Mapper<Element = any, NewElement = unknown> = (element: Element, index: number) => NewElement | Promise<NewElement>;",
    "export type Options = { readonly concurrency?: number; readonly stopOnError?: boolean; readonly signal?: AbortSignal };",
    "export const pMapSkip: unique symbol;",
    "export default function pMap<Element, NewElement>(",
    "  input: AsyncIterable<Element | Promise<Element>> | Iterable<Element | Promise<Element>>,",
    "  mapper: Mapper<Element, NewElement>,",
    "  options?: Options,",
    "): Promise<Array<Exclude<NewElement, typeof pMapSkip>>>;",
    "",
  ].join("\n"),
  "node_modules/p-limit/package.json": JSON.stringify({ name: "p-limit", version: "6.2.0", type: "module", exports: { types: "./index.d.ts", default: "./index.js" } }),
  "node_modules/p-limit/index.d.ts": [
    "export type LimitFunction = {",
    "  readonly activeCount: number;",
    "  readonly pendingCount: number;",
    "  concurrency: number;",
    "  clearQueue: () => void;",
    "  <Arguments extends unknown[], ReturnType>(fn: (...arguments_: Arguments) => PromiseLike<ReturnType> | ReturnType, ...arguments_: Arguments): Promise<ReturnType>;",
    "};",
    "export default function pLimit(concurrency: number): LimitFunction;",
    "",
  ].join("\n"),
};
