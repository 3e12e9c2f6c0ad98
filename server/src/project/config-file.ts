// Finds and reads the user's configuration: `async-lens.json`, or the "asyncLens" key of a
// package.json, in the working folder or the nearest folder above it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, type AsyncLensConfig } from "../analyzer/config.js";
import { parseJsonc } from "./jsonc.js";
import { isInside } from "./confine.js";

export interface LoadedConfig {
  file: string | undefined;
  config: AsyncLensConfig;
}

export interface LoadConfigOptions {
  /** Look no higher than this folder, and refuse an explicit file outside it (the editor's workspace folder). */
  confineTo?: string;
}

export function loadConfig(cwd: string, explicit?: string, options: LoadConfigOptions = {}): LoadedConfig {
  const { confineTo } = options;
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (confineTo !== undefined && !isInside(confineTo, file)) throw new ConfigError(`Config file ${file} is outside the workspace folder ${confineTo}; it is not read.`);
    if (!existsSync(file)) throw new ConfigError(`Config file not found: ${file}`);
    return { file, config: readConfig(file, false) };
  }
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (confineTo !== undefined && !isInside(confineTo, dir)) return { file: undefined, config: {} };
    const own = path.join(dir, "async-lens.json");
    if (existsSync(own)) return { file: own, config: readConfig(own, false) };
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      const config = readConfig(pkg, true);
      if (Object.keys(config).length) return { file: pkg, config };
    }
    if (path.dirname(dir) === dir) return { file: undefined, config: {} };
  }
}

function readConfig(file: string, fromPackageJson: boolean): AsyncLensConfig {
  let json: unknown;
  try {
    json = parseJsonc(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const value = fromPackageJson ? (json as { asyncLens?: unknown } | null)?.asyncLens : json;
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}: ${fromPackageJson ? '"asyncLens"' : "the configuration"} must be an object.`);
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (key !== "rules" && key !== "maxFileSize" && key !== "$schema") {
      throw new ConfigError(`${file}: unknown setting '${key}' (known: rules, maxFileSize).`);
    }
  }
  if (config.rules !== undefined && (typeof config.rules !== "object" || config.rules === null || Array.isArray(config.rules))) {
    throw new ConfigError(`${file}: "rules" must be an object of rule id to level or [level, options].`);
  }
  if (config.maxFileSize !== undefined && (typeof config.maxFileSize !== "number" || config.maxFileSize <= 0)) {
    throw new ConfigError(`${file}: "maxFileSize" must be a positive number of bytes.`);
  }
  return config as AsyncLensConfig;
}
