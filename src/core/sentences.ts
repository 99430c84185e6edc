/**
 * Sentence segmentation over paragraph lines.
 *
 * Hand-written rather than Intl.Segmenter or a library because fact-checkers
 * need two things those get wrong on news copy: abbreviations such as
 * "U.S." and "No. 1" must not end a sentence, and a full stop with the space
 * missing ("elections.The country") must. It is a single linear scan, so it
 * costs little next to the Markdown parse.
 */
import { trimSpan } from './paragraphs.js';
import type { Paragraph, Sentence } from './types.js';

/** Words that take a full stop without ending a sentence (compared lowercased). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'gov', 'sen', 'rep', 'lt', 'col',
  'capt', 'sgt', 'cmdr', 'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'insp', 'det', 'no', 'nos', 'vs', 'etc',
  'e.g', 'i.e', 'cf', 'al', 'approx', 'est', 'fig', 'figs', 'vol', 'vols', 'p', 'pp', 'inc', 'ltd', 'co', 'corp',
  'dept', 'univ', 'assn', 'bros', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun', 'ave', 'blvd', 'rd', 'hwy', 'ch',
  'sec', 'art', 'para', 'ed', 'eds', 'op', 'cit', 'ibid', 'min', 'max', 'avg', 'km', 'kg', 'cm', 'mm', 'oz',
  'lb', 'lbs', 'sq', 'hr', 'hrs', 'yr', 'yrs', 'mln', 'bln', 'bn', 'tn', 'govt', 'intl', 'natl',
]);

/** Words that, after an acronym like "U.S.", show a new sentence has begun. */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'he', 'she', 'they', 'we', 'i', 'you',
  'in', 'on', 'at', 'for', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'moreover', 'also', 'after',
  'before', 'when', 'while', 'if', 'as', 'since', 'although', 'though', 'many', 'some', 'most', 'all', 'both',
  'his', 'her', 'their', 'our', 'my', 'what', 'why', 'how', 'who', 'where', 'one', 'two', 'three', 'last', 'next',
]);

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const isLower = (ch: string): boolean => ch !== ch.toUpperCase() && ch === ch.toLowerCase();
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const CLOSERS = '"\'”’»)]';
const OPENERS = '"\'“‘«([';

/** The word (letters and inner dots) that ends right before position `i`. */
function wordBefore(text: string, i: number, floor: number): string {
  // Bounded look-back keeps a pathological line ("a.a.a.a…") linear.
  const limit = Math.max(floor, i - 32);
  let j = i;
  while (j > limit && /[\p{L}.]/u.test(text[j - 1]!)) j--;
  return text.slice(j, i);
}

function nextWord(text: string, i: number, ceil: number): string {
  const m = /^[\p{L}]+/u.exec(text.slice(i, Math.min(ceil, i + 24)));
  return m ? m[0] : '';
}

/**
 * Offsets inside [start, end) where a new sentence begins (never `start` itself).
 * The decision is local: look at the terminator, the word before and what follows.
 */
function boundaries(text: string, start: number, end: number): number[] {
  const cuts: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    // Swallow runs of terminators ("?!", "...") and closing quotes/brackets.
    let j = i + 1;
    while (j < end && (text[j] === '.' || text[j] === '!' || text[j] === '?' || text[j] === '…')) j++;
    while (j < end && CLOSERS.includes(text[j]!)) j++;
    let k = j;
    while (k < end && /\s/.test(text[k]!)) k++;
    if (k >= end) break;
    const next = text[k]!;
    const spaced = k > j;
    if (ch === '.' && j === i + 1) {
      const word = wordBefore(text, i, start);
      const bare = word.replace(/^\.+/, '');
      if (!spaced) {
        // "elections.The": a missing space, but not "U.S.", "3.5", "Node.js" or "e.g.".
        if (!(isUpper(next) && /\p{Ll}{2,}$/u.test(bare) && !bare.includes('.'))) { i = j - 1; continue; }
      } else {
        const lower = bare.toLowerCase();
        if (ABBREVIATIONS.has(lower)) { i = j - 1; continue; }
        // Initials ("J. Smith") and acronyms ("U.S.") end a sentence only before a typical sentence opener.
        const acronym = /^(\p{Lu}\.)*\p{Lu}$/u.test(bare) || /^(\p{L}\.)+\p{L}$/u.test(bare);
        if (acronym && !SENTENCE_STARTERS.has(nextWord(text, k, end).toLowerCase())) { i = j - 1; continue; }
      }
    } else if (!spaced) {
      i = j - 1;
      continue;
    }
    // A sentence starts with a capital, a digit or an opening quote; a lowercase word continues ("... and so on").
    if (isUpper(next) || isDigit(next) || OPENERS.includes(next) || (!isLower(next) && !/[,;:\-–—]/.test(next))) {
      cuts.push(k);
    }
    i = j - 1;
  }
  return cuts;
}

/**
 * Sentences of a paragraph. A line break ends a sentence unless the next line
 * continues in lowercase (hard-wrapped prose), because captions and
 * headlines often sit on their own lines without a full stop.
 */
export function sentencesOf(text: string, paragraph: Paragraph): Sentence[] {
  const sentences: Sentence[] = [];
  const segments: [number, number][] = [];
  let segStart = paragraph.lines[0]?.start ?? paragraph.start;
  const lines = paragraph.lines;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const next = lines[li + 1];
    if (next && isLower(next.text[0] ?? '')) continue;
    segments.push([segStart, line.end]);
    if (next) segStart = next.start;
  }
  for (const [s, e] of segments) {
    let from = s;
    for (const cut of [...boundaries(text, s, e), e]) {
      const [a, b] = trimSpan(text, from, cut);
      if (b > a) {
        sentences.push({ id: `${paragraph.id}.s${sentences.length + 1}`, paragraphId: paragraph.id, start: a, end: b, text: text.slice(a, b) });
      }
      from = cut;
    }
  }
  return sentences;
}

/** All sentences of a source, in order. */
export function splitSentences(text: string, paragraphs: readonly Paragraph[]): Sentence[] {
  const out: Sentence[] = [];
  for (const p of paragraphs) for (const s of sentencesOf(text, p)) out.push(s);
  return out;
}
