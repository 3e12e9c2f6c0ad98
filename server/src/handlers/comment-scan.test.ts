import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { commentAt, commentContext } from "./comment-scan.js";

/** `text` with one `|` marking the cursor. */
function at(marked: string): [string, number] {
  const offset = marked.indexOf("|");
  assert.ok(offset >= 0 && marked.indexOf("|", offset + 1) < 0, "one cursor marker");
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

const inComment = (marked: string) => commentAt(...at(marked)) !== undefined;

describe("commentAt", () => {
  it("finds line and block comments, up to the line end or the closing star-slash", () => {
    assert.equal(inComment("f(); // x|"), true);
    assert.equal(inComment("f(); //|"), true);
    assert.equal(inComment("f(); /|/ x"), false);
    assert.equal(inComment("/* a\n b| */"), true);
    assert.equal(inComment("/* a */| f()"), false);
    assert.equal(inComment("/* a *|/"), false);
    assert.equal(inComment("// x\nf(|)"), false);
    assert.equal(inComment("/* never closed\n|"), true);
  });

  it("skips strings, templates and regular expressions", () => {
    assert.equal(inComment('const s = "// not|";'), false);
    assert.equal(inComment("const s = '/* not|';"), false);
    assert.equal(inComment("const s = `// not ${a} /* no|t */`;"), false);
    assert.equal(inComment("const s = `${ { a: '//' } }` // yes|"), true);
    assert.equal(inComment("const r = /\\/\\/ not|/;"), false);
    assert.equal(inComment("const r = /[/]/g; // yes|"), true);
    assert.equal(inComment("if (ok) return /x/.test(s) // yes|"), true);
    assert.equal(inComment('const s = "a\\"// not|";'), false);
  });

  it("tells a division from a regular expression", () => {
    assert.equal(inComment("const q = a / b; // yes|"), true);
    assert.equal(inComment("const q = (a) / 2 / 3; // yes|"), true);
    assert.equal(inComment("const q = x[0] / 2 // yes|"), true);
  });
});

describe("commentContext", () => {
  it("offers rule names after our directives, with the name under the cursor and those listed", () => {
    const [text, offset] = at("// async-lens-ignore-next-line floating-promise, mis| -- why");
    const c = commentContext(text, offset);
    assert.ok(c?.kind === "rule");
    assert.equal(c.directive, "async-lens-ignore-next-line");
    assert.equal(c.eslint, false);
    assert.equal(text.slice(c.start, c.end), "mis");
    assert.deepEqual(c.listed, ["floating-promise", "mis"]);
  });

  it("gives an empty name right after the directive's space and in block comments", () => {
    const [text, offset] = at("f();\n/* async-lens-ignore-file | */");
    const c = commentContext(text, offset);
    assert.ok(c?.kind === "rule");
    assert.equal(c.name, "");
    assert.deepEqual(c.listed, []);
  });

  it("knows ESLint's directives", () => {
    const c = commentContext(...at("// eslint-disable-next-line @typescript-eslint/no-float|ing-promises"));
    assert.ok(c?.kind === "rule");
    assert.equal(c.eslint, true);
    assert.equal(c.name, "@typescript-eslint/no-floating-promises");
  });

  it("stops at the reason, the directive word itself and plain comments", () => {
    assert.equal(commentContext(...at("// async-lens-ignore-file -- because |")), undefined);
    assert.equal(commentContext(...at("// async-lens-ignore-file| ")), undefined);
    assert.equal(commentContext(...at("// just a note |")), undefined);
    assert.equal(commentContext(...at('const s = "// async-lens-ignore-file |";')), undefined);
    assert.equal(commentContext(...at("// async-lens-ignore-file\nf(|)")), undefined);
  });

  it("completes a directive word being typed after the comment's opener", () => {
    const [text, offset] = at("x();\n// async-lens-ig|");
    const c = commentContext(text, offset);
    assert.deepEqual(c, { kind: "directive", start: offset - "async-lens-ig".length, end: offset, prefix: "async-lens-ig" });
    assert.equal(commentContext(...at("// todo|")), undefined);
    assert.equal(commentContext(...at("// see async-lens-ig|")), undefined);
  });
});
