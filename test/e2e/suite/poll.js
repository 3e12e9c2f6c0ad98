// Waits for a condition: calls `fn` every `intervalMs` until it returns something truthy. CommonJS, so that the
// extension-host suites can require it; the Node-side e2e scripts use it through lib.mjs.
async function poll(what, fn, timeoutMs = 30000, intervalMs = 100) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

module.exports = { poll };
