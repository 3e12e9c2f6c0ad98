// `async-lens check`: the analyser for terminals and CI. Exit codes follow ESLint: 0 no errors,
// 1 errors found (or more warnings than --max-warnings), 2 bad usage or a fatal problem.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, DEFAULT_MAX_FILE_SIZE, parseRuleFlag, resolveRules, type AsyncLensConfig } from "../analyzer/config.js";
import { rules as registry } from "../analyzer/rules/index.js";
import { CompilerNotFoundError } from "../analyzer/ts/binary.js";
import { UsageError } from "../project/discover.js";
import { analyzeWorkspace } from "../project/workspace.js";
import { loadConfig } from "../project/config-file.js";
import { buildReport } from "./report.js";
import { formatText } from "./format-text.js";
import { formatJson } from "./format-json.js";
import { formatSarif } from "./format-sarif.js";
import { VERSION } from "../version.js";

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stderr is a terminal (progress line) and stdout wants colour. */
  stderrIsTTY: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
}

const HELP = `Usage: async-lens check [paths...] [options]

Finds async bugs (floating promises and more) in TypeScript and JavaScript, type-aware.

Options:
  -p, --project <tsconfig>   Analyse this project (repeatable). Default: the tsconfig.json
                             files found at and below the paths, plus the nearest one above.
  -f, --format <name>        text (default), json (ESLint's JSON shape) or sarif (SARIF 2.1.0)
  -o, --output-file <file>   Write the report to a file instead of stdout
      --rule <id=level>      Set a rule's level: off, info, warn or error (repeatable)
  -c, --config <file>        Use this config file instead of looking for async-lens.json
      --max-warnings <n>     Exit with 1 when there are more than n warnings
      --max-file-size <n>    Skip files larger than n bytes (default ${DEFAULT_MAX_FILE_SIZE})
      --quiet                Report errors only
      --no-color             Plain text output
  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors, 1 errors found, 2 usage error or fatal problem.
Rules: ${registry.map((r) => r.meta.id).join(", ")}
`;

export function runCli(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        project: { type: "string", short: "p", multiple: true },
        format: { type: "string", short: "f", default: "text" },
        "output-file": { type: "string", short: "o" },
        rule: { type: "string", multiple: true },
        config: { type: "string", short: "c" },
        "max-warnings": { type: "string" },
        "max-file-size": { type: "string" },
        quiet: { type: "boolean", default: false },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (e) {
    io.stderr(`async-lens: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (values.help || positionals.length === 0) {
    (values.help ? io.stdout : io.stderr)(HELP);
    return values.help ? 0 : 2;
  }
  const [command, ...paths] = positionals;
  if (command !== "check") {
    io.stderr(`async-lens: unknown command '${command}'. Did you mean 'async-lens check ${positionals.join(" ")}'?\n`);
    return 2;
  }
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) {
    io.stderr(`async-lens: --format must be text, json or sarif, got '${format}'.\n`);
    return 2;
  }
  const maxWarnings = parseCount(values["max-warnings"], "--max-warnings", io);
  const maxFileSizeFlag = parseCount(values["max-file-size"], "--max-file-size", io);
  if (maxWarnings === null || maxFileSizeFlag === null) return 2;

  let enabled;
  let fileConfig: AsyncLensConfig;
  try {
    fileConfig = loadConfig(io.cwd, values.config).config;
    const flagLayer: AsyncLensConfig = { rules: Object.fromEntries((values.rule ?? []).map(parseRuleFlag)) };
    enabled = resolveRules([fileConfig, flagLayer]);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`async-lens: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (enabled.length === 0) {
    io.stderr("async-lens: every rule is turned off; nothing to do.\n");
    return 0;
  }

  const progress = new Progress(io);
  let run;
  try {
    run = analyzeWorkspace({
      cwd: io.cwd,
      paths,
      projects: values.project ?? [],
      rules: enabled,
      maxFileSize: maxFileSizeFlag ?? fileConfig.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
      onProgress: (done, total) => progress.update(done, total),
      ...(io.env.ASYNC_LENS_TSC ? { compilerPath: io.env.ASYNC_LENS_TSC } : {}),
    });
  } catch (e) {
    progress.clear();
    if (e instanceof UsageError || e instanceof CompilerNotFoundError) {
      io.stderr(`async-lens: ${e.message}\n`);
      return 2;
    }
    io.stderr(`async-lens: analysis failed: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
  progress.clear();

  const report = buildReport(io.cwd, run.results, run.messages);
  const text =
    format === "json" ? formatJson(report) : format === "sarif" ? formatSarif(report, registry) : formatText(report, { color: io.color && !values["output-file"], quiet: values.quiet ?? false });
  if (values["output-file"]) writeFileSync(path.resolve(io.cwd, values["output-file"]), text);
  else io.stdout(text);

  if (report.counts.error > 0) return 1;
  if (maxWarnings !== undefined && report.counts.warning > maxWarnings) return 1;
  return 0;
}

function parseCount(value: string | undefined, flag: string, io: CliIo): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    io.stderr(`async-lens: ${flag} expects a whole number, got '${value}'.\n`);
    return null;
  }
  return n;
}

/** A single self-overwriting line on a terminal, shown once a run has taken more than a second. */
class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  constructor(private readonly io: CliIo) {}

  update(done: number, total: number): void {
    if (!this.io.stderrIsTTY) return;
    const now = Date.now();
    if (now - this.started < 1000 || (now - this.last < 100 && done < total)) return;
    this.last = now;
    this.shown = true;
    this.io.stderr(`\r\u001b[2Kasync-lens: analysed ${done}/${total} files`);
  }

  clear(): void {
    if (this.shown) this.io.stderr("\r\u001b[2K");
  }
}
