// The one place offsets become line/character positions (0-based, UTF-16 code units, as LSP
// and SARIF's default column kind use). Front ends add 1 where their format is 1-based.
export interface Position {
  line: number;
  character: number;
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetToPosition(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo]! };
}

/**
 * The inverse of offsetToPosition. As LSP asks, a character past the end of its line means the
 * line's end (before its line break), and a line past the last means the last.
 */
export function positionToOffset(text: string, lineStarts: readonly number[], position: Position): number {
  if (lineStarts.length === 0) return 0;
  const line = Math.max(0, Math.min(position.line, lineStarts.length - 1));
  let lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
  while (lineEnd > lineStarts[line]! && /[\r\n\u2028\u2029]/.test(text[lineEnd - 1]!)) lineEnd--;
  return Math.max(lineStarts[line]!, Math.min(lineStarts[line]! + Math.max(0, position.character), lineEnd));
}
