/**
 * Sentence segmentation over paragraph lines.
 *
 * Hand-written rather than Intl.Segmenter or a library because fact-checkers
 * need two things those get wrong on news copy: abbreviations such as
 * "U.S." and "No. 1" must not end a sentence, and a full stop with the space
 * missing ("elections.The country") must. It is a single linear scan, so it
 * costs little next to the Markdown parse.
 */
import * as spans from './spans.js';
import type { Paragraph, Sentence } from './types.js';

// Hot loops call these through local bindings: when tsx runs the sources as CommonJS, every call of an
// imported function goes through two export getters, which cost more than these small helpers.
const { firstOf, isSpace, skipSpace, trimEnd } = spans;

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

const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/** Words that, after an acronym like "U.S.", show a new sentence has begun. */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'it', 'its', 'this', 'that', 'these', 'those', 'there', 'he', 'she', 'they', 'we', 'i', 'you',
  'in', 'on', 'at', 'for', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'moreover', 'also', 'after',
  'before', 'when', 'while', 'if', 'as', 'since', 'although', 'though', 'many', 'some', 'most', 'all', 'both',
  'his', 'her', 'their', 'our', 'my', 'what', 'why', 'how', 'who', 'where', 'one', 'two', 'three', 'last', 'next',
]);

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const isLower = (ch: string): boolean => ch !== ch.toUpperCase() && ch === ch.toLowerCase();

// The scan looks at code units, not one-character strings: a string per character was most of its cost.
// ASCII is decided inline; other units go through the string predicates above.
const isUpperUnit = (code: number): boolean => (code < 0x80 ? code >= 0x41 && code <= 0x5a : isUpper(String.fromCharCode(code)));
const isLowerUnit = (code: number): boolean => (code < 0x80 ? code >= 0x61 && code <= 0x7a : isLower(String.fromCharCode(code)));
const isDigitUnit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isTerminator = (code: number): boolean => code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026;
/** "'”’») and ] */
const isCloser = (code: number): boolean =>
  code === 0x22 || code === 0x27 || code === 0x201d || code === 0x2019 || code === 0xbb || code === 0x29 || code === 0x5d;
/** "'“‘«( and [ */
const isOpener = (code: number): boolean =>
  code === 0x22 || code === 0x27 || code === 0x201c || code === 0x2018 || code === 0xab || code === 0x28 || code === 0x5b;
/** , ; : - – — */
const isJoiner = (code: number): boolean =>
  code === 0x2c || code === 0x3b || code === 0x3a || code === 0x2d || code === 0x2013 || code === 0x2014;

// Unicode-property regexes live at module level: tsx (esbuild) turns some `\p{…}` literals into
// `new RegExp(…)` calls, which inside a function would build the pattern again on every call.
const LETTER = /\p{L}/u;
const LOWER_PAIR_AT_END = /\p{Ll}{2,}$/u;
const CAPITAL_ACRONYM = /^(\p{Lu}\.)*\p{Lu}$/u;
const DOTTED_LETTERS = /^(\p{L}\.)+\p{L}$/u;
const LEADING_LETTERS = /^[\p{L}]+/u;

/** Whether each BMP code unit is a letter on its own, filled on first sight (0 unknown, 1 yes, 2 no). */
const LETTER_UNIT = new Uint8Array(0x10000);
function isLetterUnit(code: number): boolean {
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  let known = LETTER_UNIT[code]!;
  if (known === 0) LETTER_UNIT[code] = known = LETTER.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

/**
 * Where the word (letters and inner dots) that ends right before position `i` starts, leading dots
 * skipped: the word is text.slice(wordStart(…), i), every unit of it a BMP letter or a dot.
 */
function wordStart(text: string, i: number, floor: number): number {
  // Bounded look-back keeps a pathological line ("a.a.a.a…") linear.
  const limit = Math.max(floor, i - 32);
  let j = i;
  while (j > limit) {
    const code = text.charCodeAt(j - 1);
    if (code !== 0x2e && !isLetterUnit(code)) break;
    j--;
  }
  while (j < i && text.charCodeAt(j) === 0x2e) j++;
  return j;
}

function nextWord(text: string, i: number, ceil: number): string {
  const m = LEADING_LETTERS.exec(text.slice(i, Math.min(ceil, i + 24)));
  return m ? m[0] : '';
}

/** Full stops, question and exclamation marks and ellipses of one text, found forwards. */
class Terminators {
  private readonly dot: spans.NextChar;
  private readonly question: spans.NextChar;
  private readonly exclamation: spans.NextChar;
  private readonly ellipsis: spans.NextChar;

  constructor(text: string) {
    this.dot = new spans.NextChar(text, '.');
    this.question = new spans.NextChar(text, '?');
    this.exclamation = new spans.NextChar(text, '!');
    this.ellipsis = new spans.NextChar(text, '…');
  }

  after(i: number): number {
    return firstOf(firstOf(this.dot.after(i), this.question.after(i)), firstOf(this.exclamation.after(i), this.ellipsis.after(i)));
  }
}

/**
 * Offsets inside [start, end) where a new sentence begins (never `start` itself).
 * The decision is local: look at the terminator, the word before and what follows.
 */
function boundaries(text: string, start: number, end: number, terminators: Terminators, cuts: number[]): void {
  for (let i = terminators.after(start); i !== -1 && i < end; i = terminators.after(i + 1)) {
    const ch = text.charCodeAt(i);
    // Swallow runs of terminators ("?!", "...") and closing quotes/brackets.
    let j = i + 1;
    while (j < end && isTerminator(text.charCodeAt(j))) j++;
    while (j < end && isCloser(text.charCodeAt(j))) j++;
    let k = j;
    while (k < end && isSpace(text.charCodeAt(k))) k++;
    if (k >= end) break;
    const next = text.charCodeAt(k);
    const spaced = k > j;
    if (ch === 0x2e && j === i + 1) {
      // The word before the full stop is text.slice(from, i); most are ordinary words that need no copy.
      const from = wordStart(text, i, start);
      const length = i - from;
      if (!spaced) {
        // "elections.The": a missing space, but not "U.S.", "3.5", "Node.js" or "e.g.".
        const bare = text.slice(from, i);
        if (!(isUpperUnit(next) && LOWER_PAIR_AT_END.test(bare) && !bare.includes('.'))) { i = j - 1; continue; }
      } else {
        // Lowercasing never shortens these letters, so a longer word is no abbreviation and needs no copy.
        if (length <= LONGEST_ABBREVIATION && ABBREVIATIONS.has(text.slice(from, i).toLowerCase())) { i = j - 1; continue; }
        // Initials ("J. Smith") and acronyms ("U.S.") end a sentence only before a typical sentence opener.
        // Both patterns need one letter alone or a letter then a dot (the word's units are BMP letters and
        // dots), so other words skip them.
        if (length === 1 || (length >= 3 && text.charCodeAt(from + 1) === 0x2e)) {
          const bare = text.slice(from, i);
          const acronym = CAPITAL_ACRONYM.test(bare) || DOTTED_LETTERS.test(bare);
          if (acronym && !SENTENCE_STARTERS.has(nextWord(text, k, end).toLowerCase())) { i = j - 1; continue; }
        }
      }
    } else if (!spaced) {
      i = j - 1;
      continue;
    }
    // A sentence starts with a capital, a digit or an opening quote; a lowercase word continues ("... and so on").
    if (isUpperUnit(next) || isDigitUnit(next) || isOpener(next) || (!isLowerUnit(next) && !isJoiner(next))) {
      cuts.push(k);
    }
    i = j - 1;
  }
}

/**
 * Sentences of a paragraph. A line break ends a sentence unless the next line
 * continues in lowercase (hard-wrapped prose), because captions and
 * headlines often sit on their own lines without a full stop.
 */
export function sentencesOf(text: string, paragraph: Paragraph): Sentence[] {
  const sentences: Sentence[] = [];
  pushSentences(text, paragraph, new Terminators(text), [], sentences);
  return sentences;
}

/** Append a paragraph's sentences to `out`; `cuts` is scratch space reused from paragraph to paragraph. */
function pushSentences(text: string, paragraph: Paragraph, terminators: Terminators, cuts: number[], out: Sentence[]): void {
  let count = 0;
  const lines = paragraph.lines;
  let segStart = lines[0]?.start ?? paragraph.start;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const next = lines[li + 1];
    if (next && isLowerUnit(next.text.charCodeAt(0))) continue;
    cuts.length = 0;
    boundaries(text, segStart, line.end, terminators, cuts);
    cuts.push(line.end);
    let from = segStart;
    for (const cut of cuts) {
      const a = skipSpace(text, from, cut);
      const b = trimEnd(text, a, cut);
      if (b > a) {
        out.push({ id: `${paragraph.id}.s${++count}`, paragraphId: paragraph.id, start: a, end: b, text: text.slice(a, b) });
      }
      from = cut;
    }
    if (next) segStart = next.start;
  }
}

/** All sentences of a source, in order. */
export function splitSentences(text: string, paragraphs: readonly Paragraph[]): Sentence[] {
  const out: Sentence[] = [];
  const terminators = new Terminators(text);
  const cuts: number[] = [];
  for (const p of paragraphs) pushSentences(text, p, terminators, cuts, out);
  return out;
}
