// Runs every compiled *.test.js under out/test-build with node's test runner. (Node 20's
// --test takes no glob patterns, so the files are listed here.)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = "out/test-build";
const files = [];
(function collect(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) collect(p);
    else if (name.endsWith(".test.js")) files.push(p);
  }
})(root);
const filter = process.argv[2];
const chosen = filter ? files.filter((f) => f.includes(filter)) : files;
if (chosen.length === 0) {
  console.error(`no test files${filter ? ` matching '${filter}'` : ""} under ${root}`);
  process.exit(1);
}
const reporter = process.env.TEST_REPORTER ?? "spec";
const result = spawnSync(process.execPath, ["--test", `--test-reporter=${reporter}`, ...chosen.sort()], { stdio: "inherit" });
process.exit(result.status ?? 1);
