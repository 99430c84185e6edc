/**
 * Offsets in a text: whitespace at span edges, the next occurrence of a
 * character, and which paragraph or line holds an offset. Kept apart from the
 * parser so that what only reads stored analyses (the viewer, the search
 * index) can use them without loading remark and micromark.
 */
import type { Line, Paragraph } from './types.js';

/** JS `\s` covers NBSP and the other Unicode spaces that micromark treats as text. */
export const isSpace = (code: number): boolean =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f ||
  code === 0x3000;

/** Shrink [start, end) so it neither starts nor ends with whitespace. */
export function trimSpan(text: string, start: number, end: number): [number, number] {
  start = skipSpace(text, start, end);
  return [start, trimEnd(text, start, end)];
}

/** The first offset in [start, end) that is not whitespace, or `end`. */
export function skipSpace(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  return start;
}

/** The end of [start, end) with trailing whitespace dropped: trimSpan's end without its pair array. */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Where one character next occurs at or after an offset, for scans that move forward through a
 * text. String#indexOf searches natively, about ten times faster than a charCodeAt loop, and an
 * answer is kept until the scan passes it, so each occurrence is looked for once per text.
 */
export class NextChar {
  private from = 0;
  private at: number;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {
    this.at = text.indexOf(char);
  }

  /** The first offset ≥ `i` holding the character, or -1. */
  after(i: number): number {
    if (i < this.from || (this.at !== -1 && this.at < i)) {
      this.from = i;
      this.at = this.text.indexOf(this.char, i);
    }
    return this.at;
  }
}

/** The first of two answers of NextChar#after, or -1 when neither occurs. */
export const firstOf = (a: number, b: number): number => (a === -1 || (b !== -1 && b < a) ? b : a);

/** Find the paragraph containing an offset (binary search; paragraphs are sorted and disjoint). */
export function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = paragraphs[mid]!;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** The line of a paragraph containing an offset, when the paragraph has more than one. */
export function lineAt(paragraph: Paragraph, offset: number): Line | undefined {
  if (paragraph.lines.length < 2) return undefined;
  return paragraph.lines.find((l) => offset >= l.start && offset < l.end);
}
