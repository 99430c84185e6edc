/**
 * Cutting a block of text into segments at every boundary of the things
 * marked on it (claims, flag spans, corroborations, search hits). Marks
 * overlap freely (a flag span covers two claims, a hit sits inside a claim),
 * so nesting elements cannot express them; flat segments, each knowing every
 * mark that covers it, can. Each segment is an exact slice of the source, so
 * the page's text is the source's text and a selection maps back to offsets.
 */
import type { Quoted, Span } from '../core/types.js';

export type MarkKind = 'claim' | 'flag' | 'corroboration' | 'hit';

export interface Mark extends Span {
  kind: MarkKind;
  /** Claim, flag or corroboration id (hits: their index). */
  id: string;
}

export interface Segment extends Quoted {
  marks: Mark[];
}

/** Segments of `block` (absolute offsets), in order, tiling it exactly. */
export function segment(block: Quoted, marks: readonly Mark[]): Segment[] {
  const inside = marks
    .map((m) => ({ ...m, start: Math.max(m.start, block.start), end: Math.min(m.end, block.end) }))
    .filter((m) => m.end > m.start);
  const cuts = new Set<number>([block.start, block.end]);
  for (const m of inside) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({ start, end, text: block.text.slice(start - block.start, end - block.start), marks: inside.filter((m) => m.start < end && m.end > start) });
  }
  return out;
}

/** `12-40,51-60` (from a URL) as spans; anything malformed is ignored, not an error: it only decides what is highlighted. */
export function parseSpans(value: string | undefined, max = 50): Span[] {
  if (!value) return [];
  const out: Span[] = [];
  for (const part of value.split(',').slice(0, max)) {
    const m = /^(\d{1,10})-(\d{1,10})$/.exec(part.trim());
    if (!m) continue;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (end > start) out.push({ start, end });
  }
  return out;
}

export const formatSpans = (spans: readonly Span[]): string => spans.map((s) => `${s.start}-${s.end}`).join(',');
