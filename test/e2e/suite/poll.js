// Waits for a condition in the extension-host suites: calls `fn` every 100 ms until it returns something truthy.
// (The Node-side e2e scripts have their own in lib.mjs: an ES module, which this CommonJS host code cannot load.)
async function poll(what, fn, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

module.exports = { poll };
