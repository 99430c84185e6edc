/**
 * A count and the list that spells it out: "three candidates: A, B, C and D"
 * counts three and names four. One of the two is wrong, and the sentence
 * itself shows it, so this is a contradiction a reader can verify at a glance.
 *
 * Read narrowly, as the other consistency checks are: the count must be a
 * number and a plural noun ("three candidates", "four founding members"),
 * the list must follow it in one of the shapes that spell a count out
 * (after a colon, "are"/"were", an appositive comma, a dash or a bracket),
 * every item must be a name, and the list must end on "and". A list
 * introduced by "including" or "such as" may name fewer than the count,
 * never more. Lists joined by "or" are alternatives and are not read.
 */
import type { Quoted, Span } from './types.js';

export interface ListedCount {
  /** The count as written: "three candidates". */
  count: Quoted;
  value: number;
  /** The list from its first item to its last. */
  list: Quoted;
  items: Quoted[];
  /** Whether the list may name only some ("including", "such as"). */
  partial: boolean;
}

const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const VALUE_OF = new Map(NUMBER_WORDS.map((w, i) => [w, i + 2]));

/** The spelt-out count a message uses: "four", or the numeral past twelve. */
export const countWord = (n: number): string => NUMBER_WORDS[n - 2] ?? String(n);

const NUMBER = `(?:${NUMBER_WORDS.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')}|1[0-2]|[2-9])`;
/**
 * A count, up to three modifiers and a lowercase plural head noun. Not after a digit, a currency sign,
 * a decimal point or a thousands separator, so "$3 billions" and "1,5" are not counts.
 */
const COUNT = new RegExp(`\\b(${NUMBER})\\s+((?:\\p{L}[\\p{L}\\p{M}'’-]*\\s+){0,3}?)(\\p{Ll}[\\p{Ll}-]*s)(?![\\p{L}\\p{N}])`, 'gu');
/** What may stand right before a count: not a letter, digit, currency sign, decimal point or thousands separator. */
const NOT_BEFORE_COUNT = /[\p{L}\p{N}$€£¥.,]/u;
/** A count's number as a plain pattern, to skip sentences without one before the count pattern runs. */
const MAY_COUNT = new RegExp(`\\b${NUMBER}\\s`);

/** Plural nouns that count time, times or amounts rather than things a list could name. */
const NOT_LISTABLE = new Set([
  'years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'decades', 'centuries', 'times', 'percent',
  'points', 'votes', 'seats', 'dollars', 'euros', 'pounds', 'millions', 'billions', 'thousands', 'hundreds', 'dozens',
  'kilometres', 'kilometers', 'miles', 'metres', 'meters', 'tonnes', 'tons', 'rounds', 'sides', 'ways', 'steps', 'stages',
]);

/** Words between a count and its noun that make the count not the noun's ("three of the five", "two or three"). */
const MODIFIER_BREAK = new RegExp(`(?:^|\\s)(?:of|and|or|to|than|${NUMBER_WORDS.join('|')})\\s`, 'i');

/** "two of the", "some of its" right before a count: a part of it is what is listed next. */
const PARTITIVE_BEFORE = new RegExp(`\\b(?:${NUMBER_WORDS.join('|')}|one|\\d+|some|several|many|few|most|none)\\s+(?:of|among)\\s+(?:the|its|their|his|her|our)\\s+$`, 'i');

/** "4-5 clubs", "three or four delegates", "10 to 12 firms": the count is the end of a range, not a count of the list. */
const RANGE_BEFORE = new RegExp(`(?:\\d|\\b(?:one|${NUMBER_WORDS.join('|')}))\\s*(?:[-–—]|\\bto\\b|\\bor\\b)\\s*$`, 'i');

/** Words a name may hold in lower case: "Bank of England", "Charles de Gaulle", "Trinidad and Tobago" is not read as one. */
const NAME_CONNECTORS = new Set(['of', 'the', 'for', 'de', 'del', 'da', 'do', 'dos', 'das', 'di', 'du', 'des', 'la', 'le', 'van', 'von', 'der', 'den', 'al', 'el', 'bin', 'ibn', 'y', '&']);

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.-]*|&/uy;
const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();

/** Where a name starting at `at` ends (at most six words; capitalised words and connectors), or -1. */
function nameEnd(text: string, at: number, end: number): number {
  let i = at;
  let words = 0;
  let last = -1;
  while (i < end && words < 6) {
    WORD.lastIndex = i;
    const m = WORD.exec(text);
    if (!m || m.index + m[0].length > end) break;
    const w = m[0];
    // A number may be part of a name ("Group of 20") but never begins one: "Smith, 45, and Jones" lists two people.
    const digit = /^\p{N}/u.test(w);
    const capital = isUpper(w[0]!) || (digit && words > 0);
    // "the Netherlands", "the Gambia": an article may open a name, as long as a capitalised word follows.
    if (words === 0 && !capital && w !== 'the') return -1;
    if (!capital && !NAME_CONNECTORS.has(w)) break;
    words++;
    i = m.index + w.length;
    // A connector cannot end a name; the name ends at its last capitalised word.
    if (capital) last = i;
    // Words of a name are separated by single spaces; a full stop after a word that is not an initial ("J.") ends it.
    if (text.charCodeAt(i - 1) === 0x2e && !/^\p{Lu}\.$/u.test(w)) break;
    if (text.charCodeAt(i) !== 0x20 || i + 1 >= end) break;
    i++;
  }
  if (last < 0) return -1;
  // A full stop after the last word ends the sentence, not the name (initials keep theirs: "J.").
  return text.charCodeAt(last - 1) === 0x2e && !/(?:^|[\s.])\p{Lu}\.$/u.test(text.slice(Math.max(at, last - 3), last)) ? last - 1 : last;
}

type Shape = 'colon' | 'copula' | 'apposition' | 'dash' | 'bracket';

/**
 * A count that opens its sentence may be spelt out by a list after the sentence's colon, past what is said of
 * it: "Three schools were put on the watch list, which flags weak results: A, B, C and D." No other number,
 * bracket or sentence break may come between, and no word that brings in other members ("joining", "besides").
 */
const FAR_COLON = /^[^.;:!?()"“”\n]{1,200}?:\s+/;
const FAR_COLON_BREAK = new RegExp(`\\b(?:${NUMBER_WORDS.join('|')}|joining|joined|join|besides|plus|along|alongside|as well as|in addition|including|like|such|other|others|those|these|also|previous|last|earlier)\\b|\\d(?![\\d.,]*\\s*(?:%|per\\s?cent|percent))`, 'i');

/** What may follow the last item for the list to have ended where it did. */
function endsList(text: string, at: number, end: number, shape: Shape): boolean {
  const rest = text.slice(at, end);
  if (shape === 'bracket') return rest.startsWith(')');
  if (/^[.!?;]/.test(rest) || /^["”’)\]]*[.!?;]?\s*$/.test(rest)) return true;
  if (shape === 'dash') return /^\s*[—–]|^\s+-\s/.test(rest);
  // A comma before words in lower case closes the list: an appositive's clause going on ("…, walked out"),
  // or a relative clause after it ("…, which employ").
  return /^,\s+\p{Ll}/u.test(rest) || /^\s+[—–]\s/.test(rest);
}

/** The list a count introduces at `at` in one of its shapes, or undefined. */
function listAfter(text: string, at: number, end: number, far = false): { items: Quoted[]; partial: boolean } | undefined {
  const rest = text.slice(at, Math.min(end, at + 100));
  let m: RegExpExecArray | null;
  let shape: Shape;
  let partial = false;
  let from: number;
  if (far) {
    if (!(m = FAR_COLON.exec(text.slice(at, Math.min(end, at + 220)))) || FAR_COLON_BREAK.test(m[0])) return undefined;
    shape = 'colon';
  } else if ((m = /^,?\s+(?:including|such as|among them|notably)\s+/.exec(rest))) {
    shape = 'apposition';
    partial = true;
  } else if ((m = /^\s+(?:include|includes|included)\s+/.exec(rest))) {
    shape = 'copula';
    partial = true;
  } else if ((m = /^[^.;:!?,()—–"“”\n]{0,60}?:\s+/.exec(rest))) shape = 'colon';
  else if ((m = /^\s+(?:are|were)\s+/.exec(rest))) shape = 'copula';
  else if ((m = /^,\s+/.exec(rest))) shape = 'apposition';
  else if ((m = /^\s*[—–]\s*/.exec(rest))) shape = 'dash';
  // A spaced hyphen is a dash too, and the count may keep a short qualifier before it: "the four universities in
  // the top 20 - A, B and C -" (a preposition opens the qualifier, so a clause of its own cannot stand there).
  else if ((m = /^(?:\s+(?:in|of|at|on|from|among|across|with|inside|outside)\s+[^.;:!?,()—–"“”\n-]{1,40}?)?\s+[-—–]\s+/.exec(rest))) shape = 'dash';
  else if ((m = /^\s+\(/.exec(rest))) shape = 'bracket';
  else return undefined;
  from = at + m[0].length;
  const items: Quoted[] = [];
  let pos = from;
  for (;;) {
    const e = nameEnd(text, pos, end);
    if (e < 0) return undefined;
    items.push({ start: pos, end: e, text: text.slice(pos, e) });
    const sep = /^(?:,\s+and\s+|\s+and\s+|,\s+(?:or\s+)?|\s+or\s+)/.exec(text.slice(e, Math.min(end, e + 8)));
    if (!sep || sep[0].includes('or')) {
      // No separator: the list ended without its "and" (or on "or": alternatives).
      return undefined;
    }
    pos = e + sep[0].length;
    if (!sep[0].includes('and')) continue;
    const last = nameEnd(text, pos, end);
    if (last < 0) return undefined;
    items.push({ start: pos, end: last, text: text.slice(pos, last) });
    return endsList(text, last, end, shape) ? { items, partial } : undefined;
  }
}

/** Counts in [start, end) spelt out by a list, each with its list. */
export function listedCounts(text: string, span: Span): ListedCount[] {
  const found: ListedCount[] = [];
  // Cheap exact pre-check: a list needs "and" and a count needs a digit or a number word's letters.
  const slice = text.slice(span.start, span.end);
  if (!slice.includes(' and ') || !MAY_COUNT.test(slice)) return found;
  COUNT.lastIndex = 0;
  for (let m = COUNT.exec(slice); m; m = COUNT.exec(slice)) {
    // Checked here rather than as a lookbehind, which would be tried at every position of the sentence.
    if (m.index > 0 && NOT_BEFORE_COUNT.test(slice[m.index - 1]!)) continue;
    // "two of the three candidates, A and B": the list names the part, not the whole.
    if (PARTITIVE_BEFORE.test(slice.slice(Math.max(0, m.index - 24), m.index))) continue;
    if (RANGE_BEFORE.test(slice.slice(Math.max(0, m.index - 12), m.index))) continue;
    const noun = m[3]!;
    // "three of the five candidates", "two or three delegates": the count is not of the list.
    if (NOT_LISTABLE.has(noun) || MODIFIER_BREAK.test(m[2]!)) continue;
    const word = m[1]!.toLowerCase();
    const value = VALUE_OF.get(word) ?? Number(word);
    const countStart = span.start + m.index;
    const countEnd = countStart + m[0].length;
    // "three of the …", "two or three": not a count of the list.
    // The count as the sentence's subject: only list bullets, quotes or brackets before it.
    const opens = /^[\s\-–—•*·"“‘'(]*$/.test(slice.slice(0, m.index));
    const list = listAfter(text, countEnd, span.end) ?? (opens ? listAfter(text, countEnd, span.end, true) : undefined);
    if (!list || list.items.length < 2) continue;
    const first = list.items[0]!;
    const lastItem = list.items[list.items.length - 1]!;
    found.push({
      count: { start: countStart, end: countEnd, text: text.slice(countStart, countEnd) },
      value,
      list: { start: first.start, end: lastItem.end, text: text.slice(first.start, lastItem.end) },
      items: list.items,
      partial: list.partial,
    });
  }
  return found;
}

/**
 * Names that are two words joined by "and": the one-name reading of a list's last pair is kept for these
 * (countries, regions and firms that a list of countries, places or companies may end on).
 */
const COMPOUND_NAMES = new Set([
  'Trinidad and Tobago', 'Antigua and Barbuda', 'Bosnia and Herzegovina', 'Jammu and Kashmir', 'Turks and Caicos',
  'Wallis and Futuna', 'Daman and Diu', 'Brighton and Hove', 'Kensington and Chelsea', 'Hammersmith and Fulham',
  'Procter and Gamble', 'Johnson and Johnson', 'Marks and Spencer', 'Barnes and Noble', 'Simon and Schuster',
  'Ernst and Young', 'Black and Decker', 'Tate and Lyle', 'Dolce and Gabbana', 'Abercrombie and Fitch',
  'Castile and León',
]);

/**
 * Whether the list names a number of items the count cannot be. When the last two items are
 * single words joined by "and" with no comma before it, they may be one name ("Trinidad and
 * Tobago"). Read with `text` (the whole source), they are two names unless the pair is a known
 * name of that shape; read without it, a count that fits the one-name reading is not contradicted.
 */
export function listContradicts(l: ListedCount, text?: string): boolean {
  const n = l.items.length;
  const fits = (m: number): boolean => (l.partial ? m <= l.value : m === l.value);
  if (fits(n)) return false;
  const [a, b] = [l.items[n - 2]!, l.items[n - 1]!];
  const oneWord = (q: Quoted): boolean => !q.text.includes(' ');
  const gap = l.list.text.slice(a.end - l.list.start, b.start - l.list.start);
  // Most news style puts no comma before a list's last "and", so in a text "A, B, C and D" is four names unless
  // the pair is a known name (a text that names the pair again, "In C and D, …", may mean either). Without the
  // text, the one-name reading is kept.
  if (oneWord(a) && oneWord(b) && !gap.includes(',') && fits(n - 1)) return text !== undefined && !COMPOUND_NAMES.has(`${a.text} and ${b.text}`);
  return true;
}
