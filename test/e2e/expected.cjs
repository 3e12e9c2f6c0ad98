// What Async Lens must show for the demo project (examples/), shared by the UI test and the extension-host
// suite. Lines and columns are 1-based, as in the Problems panel ("Ln 8, Col 3") and the CLI's output;
// endColumn points just past the last character, as in ESLint's JSON. `text` is what the range underlines.
// When a rule or the examples change on purpose, update this file (compare with `npm run demo`).
module.exports = {
  "src/checkout.ts": [
    {
      line: 8, column: 3, endLine: 8, endColumn: 20,
      code: "floating-promise", severity: "Error",
      text: "saveOrder(order);",
      message: /^This promise is dropped: nothing awaits it or handles its rejection/,
    },
    {
      line: 17, column: 5, endLine: 17, endColumn: 85,
      code: "missing-await", severity: "Error",
      text: 'sendReceipt(order.customerId, order.id).then(() => console.log("receipt sent"));',
      message: /^This promise is not awaited/,
    },
  ],
  "src/reports.ts": [
    {
      line: 7, column: 5, endLine: 7, endColumn: 71,
      code: "floating-promise", severity: "Error",
      text: 'orders.map((order) => saveOrder({ ...order, status: "shipped" }));',
      message: /^This array of promises is dropped/,
    },
    {
      line: 13, column: 3, endLine: 13, endColumn: 27,
      code: "floating-promise", severity: "Error",
      text: "task().catch(undefined);",
      message: /^The rejection handler here is not a function/,
    },
  ],
};
