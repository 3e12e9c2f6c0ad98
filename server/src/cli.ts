// Entry point of the `async-lens` command.
import { runCli } from "./cli/main.js";

const env = process.env;
const wantsColor = env.NO_COLOR ? false : env.FORCE_COLOR ? env.FORCE_COLOR !== "0" : !!process.stdout.isTTY;
const argv = process.argv.slice(2);
const color = argv.includes("--no-color") ? false : argv.includes("--color") ? true : wantsColor;

process.exitCode = runCli(argv, {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
  color,
  env,
});
