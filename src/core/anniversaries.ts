/**
 * Years that must agree by subtraction: an anniversary and the founding it
 * counts from ("founded in 1952" … "marking its 75th anniversary" in 2025),
 * and an age beside a birth year ("the 34-year-old …, born in 1994" in an
 * article dated 2025). Both are statements a reader checks with a pencil; a
 * slip in either is a wrong year or a wrong count.
 */
import { ageMentions } from './ages.js';
import type { Quoted, Span } from './types.js';

export interface YearStatement {
  span: Quoted;
  year: number;
}

export interface Anniversary {
  /** "75th anniversary". */
  span: Quoted;
  count: number;
  /** The year it falls in: one the sentence gives, else the article's for a present-tense mention. */
  year: number;
  yearSpan?: Quoted;
}

export interface BirthAge {
  age: Quoted;
  born: Quoted;
  value: number;
  birthYear: number;
}

const YEAR = String.raw`(1[5-9]\d{2}|20\d{2})`;
// The verb in either case ("Founded in 1878 by …" opens many sentences); the words after it lowercase only.
const FOUNDING_VERBS = ['founded', 'established', 'opened', 'inaugurated', 'formed', 'incorporated', 'set up', 'created', 'launched', 'built', 'completed', 'consecrated', 'chartered'];
/** "founded in 1952", "was established in 1968", "opened to traffic in 1968", "set up in 1990". */
const FOUNDED = new RegExp(String.raw`\b(?:${FOUNDING_VERBS.map((v) => `[${v[0]}${v[0]!.toUpperCase()}]${v.slice(1)}`).join('|')})\b(?:\s+[\p{Ll}-]+){0,3}?\s+in\s+${YEAR}\b`, 'gu');
const ORDINAL_WORDS: Record<string, number> = {
  tenth: 10, twentieth: 20, 'twenty-fifth': 25, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60,
  'seventy-fifth': 75, seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100, 'one hundredth': 100,
};
// "of" after it makes it another event's ("the 80th anniversary of the liberation"), not the founded thing's.
const ANNIVERSARY = new RegExp(String.raw`\b(?:(\d{1,3})(?:st|nd|rd|th)|(${Object.keys(ORDINAL_WORDS).join('|')}))\s+anniversary\b(?!\s+of\b)`, 'giu');
/** Present or future: the anniversary falls in the year the article is written. */
const PRESENT = /\b(?:marks?|marking|celebrates?|celebrating|is|are|this year|will|turns|reaches|observes?|observing)\b/i;
const A_YEAR = new RegExp(`\\b${YEAR}\\b`, 'g');
const BORN = new RegExp(String.raw`\bborn\b(?:\s+(?:in|at|on)\s+(?:\p{Lu}[\p{L}'’.-]*\s*){1,3},?)?(?:\s+[\p{L}]+){0,2}?\s+in\s+${YEAR}\b`, 'gu');
/** An age told of another time: "when", "at the time", "in 2010", "then". */
const OTHER_TIME = /\bwhen\b|\bat the time\b|\bthen\b|\bat (?:the )?age\b|\bwould (?:be|have)\b/i;

const quoted = (text: string, start: number, end: number): Quoted => ({ start, end, text: text.slice(start, end) });

/** Founding years stated in a sentence. */
export function foundings(text: string, sentence: Span): YearStatement[] {
  const slice = text.slice(sentence.start, sentence.end);
  const found: YearStatement[] = [];
  FOUNDED.lastIndex = 0;
  for (let m = FOUNDED.exec(slice); m; m = FOUNDED.exec(slice)) {
    const start = sentence.start + m.index;
    found.push({ span: quoted(text, start, start + m[0].length), year: Number(m[1]) });
  }
  return found;
}

/** Anniversaries in a sentence whose year is known. */
export function anniversaries(text: string, sentence: Span, articleYear: number | undefined): Anniversary[] {
  const slice = text.slice(sentence.start, sentence.end);
  if (!/anniversary/i.test(slice)) return [];
  // Years inside a founding statement date the founding, not the anniversary.
  const own = foundings(text, sentence).map((f) => f.span);
  const years = [...slice.matchAll(A_YEAR)].filter((y) => !own.some((o) => sentence.start + y.index! >= o.start && sentence.start + y.index! < o.end));
  const found: Anniversary[] = [];
  ANNIVERSARY.lastIndex = 0;
  for (let m = ANNIVERSARY.exec(slice); m; m = ANNIVERSARY.exec(slice)) {
    const count = m[1] !== undefined ? Number(m[1]) : ORDINAL_WORDS[m[2]!.toLowerCase()]!;
    const start = sentence.start + m.index;
    const span = quoted(text, start, start + m[0].length);
    // A sentence with two years does not say which one the anniversary falls in.
    if (years.length === 1) {
      const y = years[0]!;
      const ys = sentence.start + y.index!;
      found.push({ span, count, year: Number(y[0]), yearSpan: quoted(text, ys, ys + y[0].length) });
    } else if (years.length === 0 && articleYear !== undefined && PRESENT.test(slice)) {
      found.push({ span, count, year: articleYear });
    }
  }
  return found;
}

/**
 * An anniversary that the one founding year of the text cannot give. A text
 * with founding years that differ is about several things; it is left alone.
 */
export function anniversaryConflicts(found: readonly YearStatement[], said: readonly Anniversary[]): [YearStatement, Anniversary][] {
  const years = new Set(found.map((f) => f.year));
  if (years.size !== 1) return [];
  const founding = found[0]!;
  return said.filter((a) => a.year - founding.year !== a.count && a.year > founding.year).map((a) => [founding, a]);
}

/** "The 34-year-old Wanjiru, born in Iten in 1994": an age and a birth year in one sentence. */
export function birthAges(text: string, sentence: Span): BirthAge[] {
  const slice = text.slice(sentence.start, sentence.end);
  if (!/\bborn\b/.test(slice) || OTHER_TIME.test(slice)) return [];
  const ages = ageMentions(text, sentence);
  const borns = [...slice.matchAll(BORN)];
  // One age and one birth year: with more, the sentence may be about several people.
  if (ages.length !== 1 || borns.length !== 1) return [];
  // A further year in the sentence may be when the age was told.
  if ([...slice.matchAll(A_YEAR)].length !== 1) return [];
  const b = borns[0]!;
  const bStart = sentence.start + b.index!;
  return [{ age: ages[0]!.span, born: quoted(text, bStart, bStart + b[0].length), value: ages[0]!.value, birthYear: Number(b[1]) }];
}

/** An age that a person born in `birthYear` cannot have in `year` (before or after their birthday). */
export const ageConflicts = (b: BirthAge, year: number): boolean => {
  const age = year - b.birthYear;
  return b.value !== age && b.value !== age - 1;
};
