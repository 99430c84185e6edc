/**
 * Transposed digits: the same figure of the same thing printed twice with two
 * neighbouring digits swapped ("38 million cubic metres" … "the 83 million
 * cubic metre reservoir"). A typing slip of this one shape is common in copy
 * and rare by chance: two true, different figures of one kind of thing seldom
 * share their digits, their format and the word they count, and differ only by
 * one swap. Grouping by the sorted digits keeps the search linear.
 */
import { singular } from './mentions.js';
import type { Span } from './types.js';

export interface FigureMention extends Span {
  /** The figure as printed ("14.6 million", "15.8 per cent", "$1,240"). */
  text: string;
  /** Figures only compare within a class: a currency, percentages, plain counts. */
  unitClass: string;
  /** Which statement it is in: figures in one sentence are compared with each other by the sentence itself. */
  sentence: number;
}

/** Words between a figure and what it counts: "15.8 per cent of capacity" counts capacity. */
const LEADING = new Set(['of', 'the', 'a', 'an', 'per', 'cent', 'percent', 'percentage', 'points', 'point']);
/** Words a headcount is given in interchangeably: "812,400 people" … "its 821,400 residents". */
const PEOPLE = new Set(['people', 'person', 'resident', 'inhabitant', 'citizen', 'population', 'individual', 'soul']);
const WORD = /\p{L}[\p{L}'’-]*/gu;
const SCALE = /\b(?:thousand|million|billion|trillion|bn|m)\b/i;
/** Only the words right after the figure name what it counts; a later word belongs to the rest of the clause. */
const HEAD_WINDOW = 40;

/** What a figure counts: its first content word after it, singular, lowercase; '' when none follows. */
export function countedHead(text: string, end: number, limit: number): string {
  const after = text.slice(end, Math.min(limit, end + HEAD_WINDOW));
  // A figure at the end of its clause counts nothing the text names beside it.
  const clause = /^[^.;:,!?()\n]*/.exec(after)![0];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(clause); m; m = WORD.exec(clause)) {
    const w = m[0].toLowerCase();
    if (LEADING.has(w) || SCALE.test(w)) continue;
    const one = singular(w);
    return PEOPLE.has(one) ? 'people' : one;
  }
  return '';
}

/** The figure's format with its digits blanked: "14.6 million" → "9.9 million". */
const shapeOf = (s: string): string => s.replace(/\d/g, '9').toLowerCase();
const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** Whether `b` is `a` with one pair of neighbouring, different digits swapped. */
export function oneSwapApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length - 1) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Enough digits that a swap is a slip, not a coincidence: three or more, or two
 * with a scale word ("38 million"). Two bare digits ("12 seats", "21 seats") are
 * too often two different true counts.
 */
const significant = (text: string, digits: string): boolean => digits.replace(/^0+/, '').length >= 3 || (digits.length === 2 && SCALE.test(text));

/**
 * Pairs of figures (earlier first) that are one digit swap apart and count the
 * same thing, each later figure paired with the earliest it mirrors.
 */
export function transposedPairs<F extends FigureMention>(figures: readonly F[], head: (f: F) => string): [F, F][] {
  const groups = new Map<string, F[]>();
  for (const f of figures) {
    const digits = digitsOf(f.text);
    if (!significant(f.text, digits)) continue;
    const what = head(f);
    if (!what) continue;
    const key = `${f.unitClass}|${shapeOf(f.text)}|${what}|${[...digits].sort().join('')}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const pairs: [F, F][] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const ordered = [...list].sort((x, y) => x.start - y.start);
    for (let j = 1; j < ordered.length; j++) {
      const later = ordered[j]!;
      const d = digitsOf(later.text);
      const earlier = ordered.slice(0, j).find((e) => e.sentence !== later.sentence && oneSwapApart(digitsOf(e.text), d));
      if (earlier) pairs.push([earlier, later]);
    }
  }
  return pairs.sort((x, y) => x[1].start - y[1].start);
}
