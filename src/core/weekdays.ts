/**
 * A weekday printed beside a calendar date ("on Monday, 16 September") that
 * the calendar says falls on another day. The year is the date's own when it
 * has one; otherwise the article's, read from its dateline (or its metadata),
 * taken as the year that puts the date nearest the article's date. Read so as
 * to refuse to guess: without a dated article a yearless date is left alone,
 * and when the sentence names another year the weekday may belong to, it must
 * be wrong for that year too.
 */
import type { Paragraph, Quoted, Span } from './types.js';

export interface WeekdayDate {
  /** "Monday, 16 September", "Friday, June 13, 2025". */
  span: Quoted;
  /** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
  weekday: number;
  month: number;
  day: number;
  year?: number;
}

export interface ReferenceDate {
  year: number;
  /** 1–12 and 1–31 when known: a dateline nearly always gives the day. */
  month?: number;
  day?: number;
  /** Where the text gives it (absent when it came from metadata alone). */
  span?: Quoted;
}

export interface WeekdayMismatch {
  date: WeekdayDate;
  /** The year the date was read in, and the weekday it falls on then. */
  year: number;
  actual: number;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|Mar(?:ch|\\.)?|Apr(?:il|\\.)?|May|June?|July?|Aug(?:ust|\\.)?|Sept?(?:ember|\\.)?|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?)';
const DAY = '([1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?';
const YEAR = '(1[6-9]\\d\\d|20\\d\\d)';
/**
 * A weekday spelt out, or abbreviated with its point ("Tues., Oct. 8", "Sat. 12 April"); without the point only
 * before a comma, and never "Sat" or "Sun", which are words or names too ("The Sun, 8 October").
 */
const WEEKDAY = '((?:Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\\.|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri)(?=,))';

/** "Monday, 16 September [2025]", "Monday 16th of September", "Monday (16 September)". */
const DAY_FIRST = new RegExp(`\\b${WEEKDAY},?\\s+\\(?(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH}(?!\\p{L})(?:,?\\s+${YEAR}\\b)?`, 'gu');
/** "Friday, June 13[, 2025]", "Friday (June 13)". */
const MONTH_FIRST = new RegExp(`\\b${WEEKDAY},?\\s+\\(?${MONTH}\\s+${DAY}(?![\\p{L}\\d])(?:,?\\s+${YEAR}\\b)?`, 'gu');
/** A weekday's first two letters, which tell the seven apart, in Date#getUTCDay order. */
const WEEKDAY_STEMS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];
/**
 * Cheap test before the two patterns: a weekday name or abbreviation is needed, and most sentences have none.
 * Every form of WEEKDAY begins with one of these.
 */
const MAY_HAVE_WEEKDAY = /Mon|Tue|Wed|Thu|Fri|Sat|Sun/;

const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/** The weekday-and-date phrases of a sentence (or any span), in text order. */
export function weekdayDates(text: string, span: Span): WeekdayDate[] {
  const slice = text.slice(span.start, span.end);
  if (!MAY_HAVE_WEEKDAY.test(slice)) return [];
  const found: WeekdayDate[] = [];
  for (const [re, dayFirst] of [[DAY_FIRST, true], [MONTH_FIRST, false]] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const month = monthOf(dayFirst ? m[3]! : m[2]!);
      const day = Number(dayFirst ? m[2] : m[3]);
      const year = m[4] === undefined ? undefined : Number(m[4]);
      const start = span.start + m.index;
      const end = start + m[0].length;
      found.push({ span: { start, end, text: text.slice(start, end) }, weekday: WEEKDAY_STEMS.indexOf(m[1]!.slice(0, 2).toLowerCase()), month, day, ...(year === undefined ? {} : { year }) });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** The weekday of a date, or undefined for one the calendar does not have (30 February). */
export function weekdayOf(year: number, month: number, day: number): number | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.getUTCDay();
}

/** A full date with a year, as a dateline gives it: "14 October 2024", "Sept 17, 2025", "2025-09-17". */
const FULL_DATE = new RegExp(`\\b(?:${DAY}\\s+${MONTH}\\.?,?\\s+${YEAR}|${MONTH}\\s+${DAY},?\\s+${YEAR}|${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01]))\\b`, 'u');
const WORD = /\p{L}+/gu;
/** Paragraphs at the head of an article where a dateline may stand. */
const HEAD_PARAGRAPHS = 6;

/**
 * The article's own date: from metadata, else the first full date in the head of the article that reads as a
 * dateline: on a short line of its own ("Athens | 14 October 2024"), or opening a line the way a wire story
 * opens ("OSLO, 6 November 2025 –", "VIENNA, Sept 17, 2025 (Reuters)"). A date inside a body sentence is an
 * event's, not the article's.
 */
export function referenceDate(text: string, paragraphs: readonly Paragraph[], metaDate?: string): ReferenceDate | undefined {
  for (const p of paragraphs.slice(0, HEAD_PARAGRAPHS)) {
    for (const line of p.lines.length > 0 ? p.lines : [p]) {
      const lineText = text.slice(line.start, line.end);
      const m = FULL_DATE.exec(lineText);
      if (!m) continue;
      const before = lineText.slice(0, m.index);
      const after = lineText.slice(m.index + m[0].length);
      const short = (lineText.match(WORD)?.length ?? 0) <= 12;
      const opensLine = (before.match(WORD)?.length ?? 0) <= 4 && /^\s*(?:[-–—(|]|$)/.test(after);
      if (!short && !opensLine) continue;
      const iso = m[7] !== undefined;
      const year = Number(m[3] ?? m[6] ?? m[7]);
      const month = iso ? Number(m[8]) : monthOf(m[2] ?? m[4]!);
      const day = Number(m[1] ?? m[5] ?? m[9]);
      const start = line.start + m.index;
      return { year, month, day, span: { start, end: start + m[0].length, text: m[0] } };
    }
  }
  const meta = metaDate ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(metaDate) : null;
  if (!meta) return undefined;
  return { year: Number(meta[1]), ...(meta[2] ? { month: Number(meta[2]) } : {}), ...(meta[3] ? { day: Number(meta[3]) } : {}) };
}

const DAY_MS = 86_400_000;
/** A yearless date is read in the year that puts it within this many days of the article's date. */
const NEAR_DAYS = 200;

/**
 * The years a yearless date may be in: the article's, or (for a dated article) the one before or after that
 * puts the date nearer ("Monday, 30 December" in a story of 3 January), nearest first.
 */
function yearsFor(date: WeekdayDate, ref: ReferenceDate): number[] {
  if (ref.month === undefined) return [ref.year];
  const at = Date.UTC(ref.year, ref.month - 1, ref.day ?? 15);
  return [ref.year, ref.year - 1, ref.year + 1]
    .map((y) => ({ y, gap: Math.abs(Date.UTC(y, date.month - 1, date.day) - at) / DAY_MS }))
    .filter((c) => c.gap <= NEAR_DAYS)
    .sort((a, b) => a.gap - b.gap)
    .map((c) => c.y);
}

/** How far before a yearless date a year may stand and still be the date's: "in June 2013, on Monday, 3 June". */
const YEAR_REACH = 60;
/** A year that opens the sentence sets the scene for all of it: "In 2013, the river crested on Monday, 3 June". */
const OPENING_YEAR = /^\W*(?:In|By|During|Since|Until|On)\s+(?:(?:early|late|mid|the\s+\w+\s+of)\s+)?(?:\p{L}+\s+)?(1[6-9]\d\d|20\d\d)\b/u;

/**
 * Years of the sentence that a yearless date may be read in: one shortly before it, or one opening the
 * sentence. A year elsewhere belongs to something else ("the 2013 record", "grew … in 2024, … said on
 * Wednesday, March 27").
 */
function yearsNear(text: string, sentence: Span, phrase: Span): number[] {
  const years: number[] = [];
  const opening = OPENING_YEAR.exec(text.slice(sentence.start, phrase.start));
  if (opening) years.push(Number(opening[1]));
  const from = Math.max(sentence.start, phrase.start - YEAR_REACH);
  const re = /\b(1[6-9]\d\d|20\d\d)\b/g;
  const before = text.slice(from, phrase.start);
  for (let m = re.exec(before); m; m = re.exec(before)) years.push(Number(m[1]));
  return years;
}

/**
 * Whether the calendar contradicts the weekday: wrong in the date's own year; or, for a yearless date, wrong
 * in every year it may be read in (the article's nearest, and any other year its sentence names).
 */
export function weekdayMismatch(text: string, sentence: Span, date: WeekdayDate, ref: ReferenceDate | undefined): WeekdayMismatch | undefined {
  if (date.year !== undefined) {
    const actual = weekdayOf(date.year, date.month, date.day);
    return actual === undefined || actual === date.weekday ? undefined : { date, year: date.year, actual };
  }
  if (!ref) return undefined;
  const years = yearsFor(date, ref);
  if (years.length === 0) return undefined;
  for (const y of [...years, ...yearsNear(text, sentence, date.span)]) {
    const actual = weekdayOf(y, date.month, date.day);
    if (actual === undefined || actual === date.weekday) return undefined;
  }
  return { date, year: years[0]!, actual: weekdayOf(years[0]!, date.month, date.day)! };
}
