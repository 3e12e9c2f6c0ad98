// Rule settings as users write them (in async-lens.json, package.json "asyncLens", editor
// settings or --rule flags), validated and merged into the list of enabled rules.
import type { EnabledRule } from "./analyze.js";
import type { AnyRule } from "./rule.js";
import type { OptionSpec, RuleLevel } from "./types.js";
import { rules as allRules } from "./rules/index.js";

/** `"warn"` or `["error", { …options }]`, as in ESLint. */
export type RuleSetting = RuleLevel | [RuleLevel] | [RuleLevel, Record<string, unknown>];

export interface AsyncLensConfig {
  rules?: Record<string, RuleSetting>;
  /** Files larger than this (bytes) are skipped with a notice. */
  maxFileSize?: number;
}

export class ConfigError extends Error {}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
const LEVELS: readonly RuleLevel[] = ["off", "info", "warn", "error"];

/** Where the rules run: editor-only suggestions start off in the CLI. */
export type RunContext = "cli" | "editor";

/** Later layers win; each layer may set a level, options, or both. */
export function resolveRules(layers: readonly (AsyncLensConfig | undefined)[], context: RunContext = "cli", registry: readonly AnyRule[] = allRules): EnabledRule[] {
  const state = new Map<string, { level: RuleLevel; options: Record<string, unknown> }>();
  for (const rule of registry) {
    const level = rule.meta.editorOnly && context === "cli" ? "off" : rule.meta.defaultLevel;
    state.set(rule.meta.id, { level, options: defaults(rule) });
  }
  for (const layer of layers) {
    for (const [id, setting] of Object.entries(layer?.rules ?? {})) {
      const rule = registry.find((r) => r.meta.id === id || `async-lens/${r.meta.id}` === id);
      if (!rule) throw new ConfigError(`Unknown rule '${id}'. Known rules: ${registry.map((r) => r.meta.id).join(", ")}.`);
      const current = state.get(rule.meta.id)!;
      const [level, options] = parseSetting(id, setting);
      current.level = level;
      if (options) current.options = { ...current.options, ...validateOptions(rule, options) };
    }
  }
  const enabled: EnabledRule[] = [];
  for (const rule of registry) {
    const { level, options } = state.get(rule.meta.id)!;
    if (level !== "off") enabled.push({ rule, level, options });
  }
  return enabled;
}

/** `--rule floating-promise=warn` */
export function parseRuleFlag(flag: string): [string, RuleLevel] {
  const m = /^([\w/@-]+)=(\w+)$/.exec(flag.trim());
  if (!m || !LEVELS.includes(m[2] as RuleLevel)) {
    throw new ConfigError(`--rule expects id=level with level one of ${LEVELS.join("|")}, got '${flag}'.`);
  }
  return [m[1]!, m[2] as RuleLevel];
}

function parseSetting(id: string, setting: RuleSetting): [RuleLevel, Record<string, unknown> | undefined] {
  const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
  if (!LEVELS.includes(level)) throw new ConfigError(`Rule '${id}': level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(level)}.`);
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
    throw new ConfigError(`Rule '${id}': options must be an object.`);
  }
  return [level, options];
}

function defaults(rule: AnyRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.meta.options as Record<string, OptionSpec>)) out[name] = spec.default;
  return out;
}

/** Checks options against the rule's specs and returns them normalised (`flags` options as full objects). */
export function validateOptions(rule: AnyRule, options: Record<string, unknown>): Record<string, unknown> {
  const specs = rule.meta.options as Record<string, OptionSpec>;
  const normalised: Record<string, unknown> = { ...options };
  for (const [name, value] of Object.entries(options)) {
    const spec = specs[name];
    const where = `Rule '${rule.meta.id}', option '${name}'`;
    if (!spec) throw new ConfigError(`Rule '${rule.meta.id}' has no option '${name}'. Options: ${Object.keys(specs).join(", ") || "none"}.`);
    if (spec.type === "boolean" && typeof value !== "boolean") throw new ConfigError(`${where} must be true or false.`);
    if (spec.type === "number" && (typeof value !== "number" || !Number.isFinite(value))) throw new ConfigError(`${where} must be a number.`);
    if (spec.type === "string") {
      if (typeof value !== "string") throw new ConfigError(`${where} must be a string.`);
      const problem = spec.check?.(value);
      if (problem) throw new ConfigError(`${where} cannot be used: ${problem}.`);
    }
    if (spec.type === "strings" && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
      throw new ConfigError(`${where} must be a list of strings.`);
    }
    if (spec.type === "specifiers" && !(Array.isArray(value) && value.every(isSpecifier))) {
      throw new ConfigError(`${where} must be a list of names or { from: "file" | "lib" | "package", name, … } objects.`);
    }
    if (spec.type === "flags") normalised[name] = normaliseFlags(spec.default, value, where);
  }
  return normalised;
}

/** `true`/`false` set every flag; an object sets the flags it names, the rest keep their defaults. */
function normaliseFlags(defaults: Readonly<Record<string, boolean>>, value: unknown, where: string): Record<string, boolean> {
  const names = Object.keys(defaults);
  if (typeof value === "boolean") return Object.fromEntries(names.map((n) => [n, value]));
  const expected = `${where} must be true, false or an object of booleans with keys ${names.join(", ")}.`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(expected);
  for (const [key, flag] of Object.entries(value)) {
    if (!names.includes(key)) throw new ConfigError(`${where} has no flag '${key}'. Flags: ${names.join(", ")}.`);
    if (typeof flag !== "boolean") throw new ConfigError(expected);
  }
  return { ...defaults, ...(value as Record<string, boolean>) };
}

function isSpecifier(v: unknown): boolean {
  if (typeof v === "string") return v.length > 0;
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  const nameOk = typeof s.name === "string" || (Array.isArray(s.name) && s.name.every((n) => typeof n === "string"));
  if (!nameOk) return false;
  if (s.from === "lib") return true;
  if (s.from === "file") return s.path === undefined || typeof s.path === "string";
  if (s.from === "package") return typeof s.package === "string";
  return false;
}
