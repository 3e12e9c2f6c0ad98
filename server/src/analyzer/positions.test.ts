// Offsets and positions convert both ways, and positions from a client clamp to the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { computeLineStarts, offsetToPosition, positionToOffset } from "./positions.js";

test("positionToOffset inverts offsetToPosition and clamps what lies outside the text", () => {
  const text = "ab\r\ncd\nef";
  const starts = computeLineStarts(text);
  for (let offset = 0; offset <= text.length; offset++) {
    if (text[offset - 1] === "\r" && text[offset] === "\n") continue; // between \r and \n: no position is there
    const p = offsetToPosition(starts, offset);
    assert.equal(positionToOffset(text, starts, p), offset, `offset ${offset}`);
  }
  assert.equal(positionToOffset(text, starts, { line: 0, character: 99 }), 2, "past a line's end: the end of that line, before its break");
  assert.equal(positionToOffset(text, starts, { line: 99, character: 0 }), 7, "past the last line: that line");
  assert.equal(positionToOffset(text, starts, { line: 1, character: 5 }), 6, "a \\n line break is not part of the line");
  assert.equal(positionToOffset(text, starts, { line: -3, character: -3 }), 0);
});
