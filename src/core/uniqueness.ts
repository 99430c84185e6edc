/**
 * One thing said to be the only one, and later one of two: "the company's only
 * acquisition of the year" … "its two acquisitions this year", "the only
 * detailed survey" … "a second detailed survey". "Only" is a count of one, so
 * a second of the same words contradicts it, unless one of the statements
 * speaks of another time.
 */
import { singular } from './mentions.js';
import type { Quoted, Span } from './types.js';

export interface OnlyOne {
  span: Quoted;
  /** The words after "only", lowercase and singular (up to three). */
  words: string[];
  /** Where each of those words ends in the text. */
  ends: number[];
}

export interface MoreThanOne {
  span: Quoted;
  words: string[];
}

/** "the only", "its only", "the company's only". */
const ONLY = /\b(?:the|its|their|his|her|\p{L}+['’]s)\s+only\s+((?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)/gu;
/** "a second", "another", "two", "both": one more than one. */
const SECOND = /\b(?:a\s+second|another|a\s+further|two|both|the\s+two|the\s+second)\s+((?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)/giu;
/** "the only one", "the only way", "the only time": idioms, not counts of a thing. */
const IDIOM = new Set([
  'one', 'ones', 'thing', 'way', 'time', 'reason', 'option', 'choice', 'exception', 'difference', 'problem', 'question', 'answer',
  'hope', 'chance', 'concern', 'issue', 'solution', 'part', 'place', 'person', 'people', 'other', 'real', 'true', 'possible',
]);
/** Either statement set in another time: a "previous" survey or a "next" one is another thing's count. */
const OTHER_TIME = /\b(?:previous|previously|earlier|last|former|formerly|next|future|planned|plans?|will|would|could|until|before|ago|then|once|now|first|new)\b/i;
/** Words a phrase stops at: what follows them is the rest of the clause. */
const STOP = new Set(['of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'that', 'which', 'who', 'this', 'the', 'and', 'or', 'was', 'is', 'were', 'are', 'has', 'have', 'had', 'so', 'as', 'than']);

function phrase(raw: string): string[] {
  const words: string[] = [];
  for (const w of raw.toLowerCase().split(/\s+/)) {
    if (STOP.has(w)) break;
    words.push(singular(w));
  }
  return words;
}

const quoted = (text: string, start: number, end: number): Quoted => ({ start, end, text: text.slice(start, end) });

/** "Only" statements in a sentence that speaks of no other time. */
export function onlyStatements(text: string, sentence: Span): OnlyOne[] {
  const slice = text.slice(sentence.start, sentence.end);
  const only: OnlyOne[] = [];
  if (!slice.includes('only') || OTHER_TIME.test(slice)) return only;
  ONLY.lastIndex = 0;
  for (let m = ONLY.exec(slice); m; m = ONLY.exec(slice)) {
    const words = phrase(m[1]!);
    if (words.length === 0 || IDIOM.has(words[0]!)) continue;
    const start = sentence.start + m.index;
    const ends: number[] = [];
    const re = /[\p{Ll}-]+/gu;
    const from = start + m[0].length - m[1]!.length;
    for (let w = re.exec(m[1]!); w && ends.length < words.length; w = re.exec(m[1]!)) ends.push(from + w.index + w[0].length);
    only.push({ span: quoted(text, start, ends[ends.length - 1]!), words, ends });
  }
  return only;
}

/** Second-of statements ("a second survey", "two acquisitions") in a sentence that speaks of no other time. */
export function secondStatements(text: string, sentence: Span): MoreThanOne[] {
  const slice = text.slice(sentence.start, sentence.end);
  const more: MoreThanOne[] = [];
  if (OTHER_TIME.test(slice)) return more;
  SECOND.lastIndex = 0;
  for (let m = SECOND.exec(slice); m; m = SECOND.exec(slice)) {
    const words = phrase(m[1]!);
    if (words.length === 0) continue;
    const start = sentence.start + m.index;
    more.push({ span: quoted(text, start, start + m[0].length - m[1]!.length + m[1]!.split(/\s+/).slice(0, words.length).join(' ').length), words });
  }
  return more;
}

/**
 * Pairs of an "only" statement and a second of the same words, before or
 * after it. One phrase must begin the other ("the only detailed survey carried
 * out" and "a second detailed survey"), so "the only detailed survey" meets "a
 * second detailed survey" but not "two detailed reports".
 */
export function uniquenessConflicts(only: readonly OnlyOne[], more: readonly MoreThanOne[]): [OnlyOne, MoreThanOne][] {
  const begins = (a: readonly string[], b: readonly string[]): boolean => a.length <= b.length && a.every((w, i) => w === b[i]);
  const pairs: [OnlyOne, MoreThanOne][] = [];
  for (const o of only) {
    const m = more.find((x) => (begins(x.words, o.words) || begins(o.words, x.words)) && (x.span.end <= o.span.start || x.span.start >= o.span.end));
    if (!m) continue;
    // The "only" statement quoted as far as the words the two share: "the only detailed survey", not "… carried".
    const shared = Math.min(m.words.length, o.words.length);
    const end = o.ends[shared - 1]!;
    pairs.push([{ ...o, span: { start: o.span.start, end, text: o.span.text.slice(0, end - o.span.start) }, words: o.words.slice(0, shared), ends: o.ends.slice(0, shared) }, m]);
  }
  return pairs;
}
