/**
 * Quantities, dates and named entities inside a span of text, with their own
 * exact sub-spans (absolute offsets, so `text.slice(m.start, m.end) === m.text`)
 * and normalised values.
 *
 * Everything here is a handful of precompiled regular expressions run once
 * over the span plus constant-size look-arounds, so the cost is linear in the
 * span and far below the Markdown parse. There is deliberately no gazetteer:
 * kinds are guessed from the shape of the name and the words around it, so
 * the rules carry over to articles about any country or company.
 */
import type { DateMention, Entity, EntityKind, Quantity } from './types.js';

export interface DateContext {
  /** ISO date of the article, when known: resolves deictic phrases ("last year", "yesterday"). */
  articleDate?: string;
  /**
   * The year the surrounding text last named explicitly (e.g. an earlier
   * sentence of the paragraph). Resolves anaphoric phrases ("that year",
   * "a year later") that appear before any year inside the span itself;
   * years named inside the span take over as the scan passes them.
   * Deictic phrases never use it: "last year" in "…last year, 32% more than
   * in 2021" is relative to publication, not to 2021.
   */
  referenceYear?: number;
}

// ---------------------------------------------------------------------------
// Shared lexical helpers
// ---------------------------------------------------------------------------

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const isLetterOrDigit = (ch: string | undefined): boolean => {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  // ASCII fast path: this runs around every candidate figure.
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return LETTER_OR_DIGIT.test(ch);
};
const isAsciiLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
/**
 * The two letters outside ASCII that a case-insensitive Unicode pattern reads as ASCII letters (ſ as s, the
 * Kelvin sign as k): the cheap ASCII pre-checks below cannot see them, so a span holding one takes the full scan.
 */
const ASCII_FOLDING = /[\u017f\u212a]/;
/** Any ASCII digit: every figure, date and year has one, so spans without one skip those scans. */
const HAS_DIGIT = /\d/;
const isDigitCh = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * The UTF-16 code units of the text last asked for, in a typed array. The scanners below read a span
 * character by character, and an element of a Uint16Array is read several times faster than
 * `text.charCodeAt(i)`, which works out the string's representation (one or two bytes a character, flat or a
 * slice) at every call. Filled natively, once per text (callers go through one source's spans in turn), into a
 * buffer kept from text to text: a view holds its text only until another text is asked for (nothing here
 * nests). The view is exactly as long as the text, so a read past its end is `undefined` and fails every
 * comparison, as charCodeAt's NaN does. The entity scanners use it; the number-word scan gained nothing by it.
 */
let unitsText: string | undefined;
let unitsView = new Uint16Array(0);
let unitsStore = new ArrayBuffer(0);
/**
 * Node's Buffer fills the view natively; it is read off globalThis rather than imported so the core stays free
 * of Node built-ins (a browser, or a big-endian machine, since utf16le is little-endian, fills it by hand).
 */
interface Utf16Writer { from(store: ArrayBuffer): { write(text: string, offset: number, encoding: 'utf16le'): number } }
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const NATIVE_FILL = LITTLE_ENDIAN ? (globalThis as { Buffer?: Utf16Writer }).Buffer : undefined;

export function codeUnitsOf(text: string): Uint16Array {
  if (text === unitsText) return unitsView;
  if (unitsStore.byteLength < text.length * 2) unitsStore = new ArrayBuffer(Math.max(text.length * 2, unitsStore.byteLength * 2));
  const view = new Uint16Array(unitsStore, 0, text.length);
  if (NATIVE_FILL) NATIVE_FILL.from(unitsStore).write(text, 0, 'utf16le');
  else for (let i = 0; i < text.length; i++) view[i] = text.charCodeAt(i);
  unitsText = text;
  unitsView = view;
  return view;
}

/** Crude singular of an English plural noun, for comparing counted units ("elections" ~ "election"). */
export function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3 || /(ss|us|is|ics)$/.test(w)) return w;
  if (/ies$/.test(w)) return `${w.slice(0, -3)}y`;
  if (/(ches|shes|xes|zes|sses)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12, jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10,
  nov: 11, dec: 12,
};
/** Month names must be capitalised: "may", "march" and "august" are ordinary words too. */
const MONTH_SRC =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';

const pad2 = (n: number): string => String(n).padStart(2, '0');

function monthNumber(name: string): number {
  return MONTHS[name.replace(/\.$/, '').toLowerCase()] ?? 0;
}

function validDay(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const dim = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > dim) return false;
  if (month === 2 && day === 29 && year !== undefined) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

/** `list.sort(order)`, skipped when the list is in that order already (mostly so, and a sort copies it anyway). */
export function sortedBy<T>(list: T[], order: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (order(list[i - 1]!, list[i]!) > 0) return list.sort(order);
  return list;
}
export const byStart = (a: { start: number }, b: { start: number }): number => a.start - b.start;

// ---------------------------------------------------------------------------
// Dates (also used by quantities: a day number is never a quantity)
// ---------------------------------------------------------------------------

/** Explicit calendar dates: "March 19, 2023", "19 March 2023", "March 2023", "2023-03-19", "19/03/2023". */
const DATE_RE = new RegExp(
  [
    // 1: month, 2: day, 3: year
    `(?<![\\p{L}\\p{N}])(${MONTH_SRC})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\p{N}])(?:,?\\s+(\\d{4})(?![\\p{L}\\p{N}]))?`,
    // 4: day, 5: month, 6: year
    `(?<![\\p{L}\\p{N}.,])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_SRC})(?![\\p{L}])(?:,?\\s+(\\d{4})(?![\\p{L}\\p{N}]))?`,
    // 7: month, 8: year
    `(?<![\\p{L}\\p{N}])(${MONTH_SRC}),?\\s+(\\d{4})(?![\\p{L}\\p{N}])`,
    // 9: year, 10: month, 11: day (ISO)
    `(?<![\\p{L}\\p{N}.\\-/])(\\d{4})-(\\d{2})-(\\d{2})(?![\\p{N}])`,
    // 12: a, 13: b, 14: year (numeric, order decided by which part can be a month)
    `(?<![\\p{L}\\p{N}.\\-/])(\\d{1,2})/(\\d{1,2})/(\\d{4})(?![\\p{N}/])`,
  ].join('|'),
  'gu',
);

/** DATE_RE tried at one place only (see nextDateStart). */
const DATE_AT = new RegExp(DATE_RE.source, 'uy');
/** Per ASCII capital, the letter pairs after it that open a month name of DATE_RE ("Jan", "Mar", "May"…), as c1 * 128 + c2. */
const MONTH_OPENINGS = new Map<number, number[]>();
for (const m of ['Jan', 'Feb', 'Mar', 'May', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']) {
  const list = MONTH_OPENINGS.get(m.charCodeAt(0)) ?? [];
  list.push(m.charCodeAt(1) * 128 + m.charCodeAt(2));
  MONTH_OPENINGS.set(m.charCodeAt(0), list);
}
const MONTH_INITIALS = new Uint8Array(128);
for (const c of MONTH_OPENINGS.keys()) MONTH_INITIALS[c] = 1;

/**
 * The first place at or after `i` (below `end`) where a DATE_RE match can start, or -1. Each of its
 * alternatives opens either with a month name, written with its capital, or with digits that no digit
 * precedes (each has a look-behind refusing a \p{N} there): trying the pattern only at such places finds the
 * matches a scan finds, without trying it at every position. `floor` is where the span starts: the pattern
 * runs on the span's own text, so its first character has nothing before it.
 */
function nextDateStart(u: Uint16Array, floor: number, i: number, end: number): number {
  for (; i < end; i++) {
    const c = u[i]!;
    if (c >= 48 && c <= 57) {
      if (i === floor || u[i - 1]! < 48 || u[i - 1]! > 57) return i;
    } else if (c < 128 && MONTH_INITIALS[c] === 1 && i + 2 < end) {
      const pair = u[i + 1]! * 128 + u[i + 2]!;
      if (MONTH_OPENINGS.get(c)!.includes(pair)) return i;
    }
  }
  return -1;
}

/**
 * What every calendar date of DATE_RE contains (its month names are matched as written): a month's first three
 * letters, or a digit joined to a digit by "-" or "/". Most spans with a digit have neither. Two patterns, as
 * each alone is searched faster than their alternation.
 */
const MAY_BE_MONTH = /Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec/;
const MAY_BE_NUMERIC_DATE = /\d[-/]\d/;

/** Deictic phrases: relative to when the article was written. */
const DEICTIC_RE =
  /(?<![\p{L}\p{N}])(?:(last|this|next|previous|past|current|coming)\s+(year|month)|(yesterday|today|tomorrow)|(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(years?|months?)\s+ago)(?![\p{L}\p{N}])/giu;

/** Anaphoric phrases: relative to the year the text last named. */
const ANAPHORIC_RE =
  /(?<![\p{L}\p{N}])(?:(that|the same) year|the (previous|preceding|following|next) year|the year (before|after)|a year (earlier|later|before|after))(?![\p{L}\p{N}])/giu;
/**
 * Necessary conditions for the two patterns above, which try a Unicode look-behind at every position: each
 * deictic phrase has one of these words, each anaphoric one has "year" (the only letter of them that folds from
 * outside ASCII is the s of "yesterday", hence ASCII_FOLDING).
 */
const MAY_BE_DEICTIC = /year|month|today|tomorrow|yesterday/i;
const MAY_BE_ANAPHORIC = /year/i;

const SMALL_WORDS: Record<string, number> = {
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

interface ParsedDate {
  start: number;
  end: number;
  value: string;
  year?: number;
  relative?: boolean;
}

interface ArticleDate {
  y: number;
  m?: number;
  d?: number;
}
/** The last article date parsed: every span of a source asks with the same one. */
let lastArticle: { iso: string; parsed: ArticleDate | undefined } | undefined;

function parseArticleDate(iso: string | undefined): ArticleDate | undefined {
  if (!iso) return undefined;
  if (lastArticle?.iso === iso) return lastArticle.parsed;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  const parsed = m ? { y: Number(m[1]), m: m[2] ? Number(m[2]) : undefined, d: m[3] ? Number(m[3]) : undefined } : undefined;
  lastArticle = { iso, parsed };
  return parsed;
}

/** Add days to a calendar date without timezone surprises. */
function shiftDay(y: number, m: number, d: number, by: number): string {
  const t = new Date(Date.UTC(y, m - 1, d + by));
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

function shiftMonth(y: number, m: number, by: number): string {
  const idx = y * 12 + (m - 1) + by;
  return `${Math.floor(idx / 12)}-${pad2((idx % 12) + 1)}`;
}

interface CalendarDate {
  start: number;
  end: number;
  y?: number;
  m: number;
  d?: number;
}
const NO_CALENDAR_DATES: readonly CalendarDate[] = [];
/** The last span's calendar dates: the quantities and the dates of a span both ask, one after the other. */
let lastCalendar: { text: string; start: number; end: number; dates: readonly CalendarDate[] } | undefined;

/**
 * Calendar dates within [start, end), absolute offsets; year-less ones carry year undefined. `slice` is
 * text.slice(start, end) and holds a digit (HAS_DIGIT). Shared: read only.
 */
function calendarDates(text: string, start: number, end: number, slice: string): readonly CalendarDate[] {
  const last = lastCalendar;
  if (last !== undefined && last.start === start && last.end === end && last.text === text) return last.dates;
  if (!MAY_BE_NUMERIC_DATE.test(slice) && !MAY_BE_MONTH.test(slice)) return NO_CALENDAR_DATES;
  const out: CalendarDate[] = [];
  const u = codeUnitsOf(text);
  for (let from = 0, at = nextDateStart(u, start, start, end); at >= 0; at = nextDateStart(u, start, start + from, end)) {
    DATE_AT.lastIndex = at - start;
    const g = DATE_AT.exec(slice);
    if (g === null) {
      from = at - start + 1;
      continue;
    }
    from = DATE_AT.lastIndex;
    const s = start + g.index;
    const e = s + g[0].length;
    let y: number | undefined;
    let m = 0;
    let d: number | undefined;
    if (g[1] !== undefined) {
      m = monthNumber(g[1]);
      d = Number(g[2]);
      y = g[3] ? Number(g[3]) : undefined;
    } else if (g[4] !== undefined) {
      d = Number(g[4]);
      m = monthNumber(g[5]!);
      y = g[6] ? Number(g[6]) : undefined;
    } else if (g[7] !== undefined) {
      m = monthNumber(g[7]);
      y = Number(g[8]);
    } else if (g[9] !== undefined) {
      y = Number(g[9]);
      m = Number(g[10]);
      d = Number(g[11]);
    } else {
      const a = Number(g[12]);
      const b = Number(g[13]);
      y = Number(g[14]);
      // 03/04/2023 could be either order; only an impossible month disambiguates.
      if (a > 12 && b <= 12) { d = a; m = b; } else if (b > 12 && a <= 12) { m = a; d = b; } else continue;
    }
    if (y !== undefined && (y < 1000 || y > 2999)) continue;
    // "June 31" is not a date, so neither its day nor its month is read as one.
    if (d !== undefined && !validDay(y, m, d)) continue;
    if (m < 1 || m > 12) continue;
    out.push({ start: s, end: e, y, m, d });
  }
  lastCalendar = { text, start, end, dates: out };
  return out;
}

/**
 * Standalone four-digit years 1900–2099 in [start, end): not glued to letters
 * ("G2020"), not part of a figure ("2020%", "$2020"), not counted ("about 2000 people").
 */
function isStandaloneYear(text: string, s: number, e: number, floor: number): boolean {
  // Four digits (a four-character figure with a point, "12.5", is below 1900 anyway).
  if (e - s !== 4) return false;
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return false;
    v = v * 10 + (c - 48);
  }
  if (v < 1900 || v > 2099) return false;
  const before = text[s - 1];
  const after = text[e];
  if (isLetterOrDigit(after)) {
    return false;
  }
  if (after === '%' || (after === ',' && isDigitCh(text[e + 1]))) return false;
  if (before !== undefined && YEAR_CURRENCIES.includes(before)) return false;
  if (mayBeScaleAfter(text, e) && SCALE_AFTER.test(text.slice(e, e + 16))) return false;
  return approxBefore(text, Math.max(floor, s - 24), s) === null;
}

/** Currency signs that make the figure after them money, not a year (one UTF-16 unit each). */
const YEAR_CURRENCIES = '$€£¥₹₽₩₺₸₴₦';
/** A percent sign or a scale word after a figure. */
const SCALE_AFTER = /^\s*(?:%|percent|per cent|(?:thousand|million|billion|trillion)\b)/i;
/** Whether SCALE_AFTER may match text.slice(e, e + 16): its first character after blanks opens one of its words. */
function mayBeScaleAfter(text: string, e: number): boolean {
  const stop = Math.min(text.length, e + 16);
  let i = e;
  while (i < stop && isSpace(text.charCodeAt(i))) i++;
  if (i === stop) return false;
  const c = text.charCodeAt(i) | 32;
  return c === 37 || c === 112 || c === 116 || c === 109 || c === 98;
}

/** Dates inside text.slice(start, end), absolute offsets, in text order. */
export function extractDates(text: string, start: number, end: number, ctx: DateContext = {}): DateMention[] {
  const article = parseArticleDate(ctx.articleDate);
  // A pattern on the slice finds a digit faster than a loop over text.charCodeAt, which decodes the
  // string's representation at every character.
  const slice = text.slice(start, end);
  const digits = HAS_DIGIT.test(slice);
  // Without a digit there is neither a calendar date nor a year, and so nothing an anaphoric phrase could
  // refer to but ctx.referenceYear; without an article date no deictic phrase resolves. Most spans end here.
  if (!digits && article === undefined && ctx.referenceYear === undefined) return [];
  const found: ParsedDate[] = [];
  const cal = digits ? calendarDates(text, start, end, slice) : NO_CALENDAR_DATES;
  for (const c of cal) {
    if (c.y === undefined) {
      // "March 19" alone: the article's year is the natural reading; without it the year is unknown.
      if (!article) continue;
      found.push({ start: c.start, end: c.end, value: `${article.y}-${pad2(c.m)}${c.d ? `-${pad2(c.d)}` : ''}`, year: article.y, relative: true });
    } else {
      found.push({ start: c.start, end: c.end, value: `${c.y}-${pad2(c.m)}${c.d ? `-${pad2(c.d)}` : ''}`, year: c.y });
    }
  }
  let ci = 0;

  YEAR_RE.lastIndex = 0;
  for (let g = digits ? YEAR_RE.exec(slice) : null; g; g = YEAR_RE.exec(slice)) {
    const s = start + g.index;
    const e = s + 4;
    // Inside a calendar date (both lists are in text order)?
    while (ci < cal.length && cal[ci]!.end <= s) ci++;
    const inCal = ci < cal.length && s < cal[ci]!.end && e > cal[ci]!.start;
    if (inCal || !yearAllowedBefore(text, s, start) || !isStandaloneYear(text, s, e, start)) continue;
    found.push({ start: s, end: e, value: g[0], year: Number(g[0]) });
  }

  if (article && (MAY_BE_DEICTIC.test(slice) || ASCII_FOLDING.test(slice))) {
    DEICTIC_RE.lastIndex = 0;
    for (let g = DEICTIC_RE.exec(slice); g; g = DEICTIC_RE.exec(slice)) {
      const s = start + g.index;
      const e = s + g[0].length;
      let value: string | undefined;
      if (g[1] !== undefined) {
        const rel = g[1].toLowerCase();
        // "the past year" is a twelve-month period, not a calendar year.
        if (rel === 'past' || rel === 'coming') continue;
        const by = rel === 'last' || rel === 'previous' ? -1 : rel === 'next' ? 1 : 0;
        if (g[2]!.toLowerCase() === 'year') value = String(article.y + by);
        else if (article.m) value = shiftMonth(article.y, article.m, by);
      } else if (g[3] !== undefined) {
        const by = { yesterday: -1, today: 0, tomorrow: 1 }[g[3].toLowerCase() as 'today'];
        if (article.m && article.d) value = shiftDay(article.y, article.m, article.d, by);
      } else {
        const n = SMALL_WORDS[g[4]!.toLowerCase()] ?? Number(g[4]);
        if (/^year/i.test(g[5]!)) value = String(article.y - n);
        else if (article.m) value = shiftMonth(article.y, article.m, -n);
      }
      if (value !== undefined) found.push({ start: s, end: e, value, relative: true });
    }
  }

  sortedBy(found, byStart);
  // Anaphoric phrases take the latest explicit year before them: with none found and no reference year,
  // every one of them would be passed over.
  let explicitYear = ctx.referenceYear !== undefined;
  for (let k = 0; k < found.length && !explicitYear; k++) explicitYear = !found[k]!.relative && found[k]!.year !== undefined;
  ANAPHORIC_RE.lastIndex = 0;
  // Made at the first anaphoric phrase: most spans have none.
  let anaphoric: ParsedDate[] | undefined;
  for (let g = explicitYear && MAY_BE_ANAPHORIC.test(slice) ? ANAPHORIC_RE.exec(slice) : null; g; g = ANAPHORIC_RE.exec(slice)) {
    const s = start + g.index;
    const e = s + g[0].length;
    let ref = ctx.referenceYear;
    for (const a of found) if (!a.relative && a.year !== undefined && a.end <= s) ref = a.year;
    if (ref === undefined) continue;
    const word = (g[2] ?? g[3] ?? g[4] ?? '').toLowerCase();
    const by = word === 'previous' || word === 'preceding' || word === 'before' || word === 'earlier' ? -1 : word === '' ? 0 : 1;
    (anaphoric ??= []).push({ start: s, end: e, value: String(ref + by), relative: true });
  }
  const all = anaphoric === undefined ? found : sortedBy([...found, ...anaphoric], byStart);
  const out: DateMention[] = [];
  let lastEnd = -1;
  for (const f of all) {
    if (f.start < lastEnd) continue;
    const mention: DateMention = { start: f.start, end: f.end, text: text.slice(f.start, f.end), value: f.value };
    if (f.relative) mention.relative = true;
    out.push(mention);
    lastEnd = f.end;
  }
  return out;
}

const YEAR_RE = /(?<![\p{L}\p{N}.,])(?:19|20)\d{2}(?![\p{N}])/gu;
const TRAILING_WORD = /([\p{L}\p{N}]+)$/u;

/**
 * A year glued to a word by a hyphen is a name ("COVID-19", "EXPO-2017")
 * unless the word says when ("mid-2022", "pre-2020", "post-2008").
 */
function yearAllowedBefore(text: string, s: number, floor: number): boolean {
  const before = text[s - 1];
  if (before === '-' || before === '–' || before === '+' || before === '/') {
    const m = TRAILING_WORD.exec(text.slice(Math.max(floor, s - 12), s - 1));
    if (!m) return true;
    if (/^(mid|pre|post|early|late|end|circa)$/i.test(m[1]!)) return true;
    // "2019-2021": a range of years.
    if (/^(?:19|20)\d{2}$/.test(m[1]!)) return true;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------

const CURRENCY_SYMBOLS: Record<string, string> = {
  $: 'USD', US$: 'USD', USD: 'USD', A$: 'AUD', AU$: 'AUD', C$: 'CAD', CA$: 'CAD', HK$: 'HKD', NZ$: 'NZD', S$: 'SGD',
  R$: 'BRL', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₽': 'RUB', '₩': 'KRW', '₺': 'TRY', '₸': 'KZT',
  '₴': 'UAH', '₦': 'NGN', '₪': 'ILS', '₱': 'PHP', '฿': 'THB',
};
const ISO_CODES = 'USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|CHF|CAD|AUD|NZD|HKD|SGD|KRW|TRY|KZT|UAH|BRL|MXN|ZAR|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|RSD|ISK|AED|SAR|QAR|KWD|EGP|MAD|NGN|KES|GHS|TZS|UGX|PKR|BDT|LKR|IDR|MYR|THB|PHP|VND|TWD|ILS|CLP|PEN|ARS|UZS|AZN|GEL|AMD|BYN|KGS|TJS|TMT|MNT|IRR|IQD';
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:US\s+|U\.S\.\s+|American\s+)?dollars?\b/i, 'USD'],
  [/^euros?\b/i, 'EUR'],
  [/^pounds?\s+sterling\b/i, 'GBP'],
  [/^(?:yuan|renminbi)\b/i, 'CNY'],
  [/^yen\b/i, 'JPY'],
  [/^(?:roubles?|rubles?)\b/i, 'RUB'],
  [/^rupees?\b/i, 'INR'],
  [/^(?:Swiss\s+)?francs?\b/i, 'CHF'],
  [/^hryvnias?\b/i, 'UAH'],
  [/^lira\b/i, 'TRY'],
  [/^tenge\b/i, 'KZT'],
];
const SCALES: Record<string, number> = {
  hundred: 1e2, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, k: 1e3, m: 1e6, mn: 1e6, mln: 1e6,
  b: 1e9, bn: 1e9, bln: 1e9, tn: 1e12, trn: 1e12,
};

/** A currency code right after a figure ("500 USD"). */
const ISO_CODE_AHEAD = new RegExp(`^(?:${ISO_CODES})(?![\\p{L}])`, 'u');
/** "percent" after a spelled-out number. */
const PERCENT_AFTER = /^\s+(?:percent|per\s+cent|percentage\s+points?)(?![\p{L}])/iu;
/** A quantity written in words only ("nine", "twenty-five"). */
const SPELLED_OUT = /^[\p{L}\s-]+$/u;

/**
 * A numeral with its optional currency prefix, scale, percent sign or ordinal suffix. Groups by number (a
 * pattern with named groups makes a `groups` object for every match): 1 currency, 2 the number, 3 an ordinal
 * suffix, 4 a short scale ("bn"), 5 a scale word, 6 percent.
 */
const NUMERAL_RE = new RegExp(
  String.raw`((?:US|A|AU|C|CA|HK|NZ|S|R)?\$|[€£¥₹₽₩₺₸₴₦₪₱฿]|\b(?:${ISO_CODES})\s?)?` +
    String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)` +
    String.raw`(?:(st|nd|rd|th)(?![\p{L}\p{N}])|(?:\s?(k|m|mn|mln|b|bn|bln|tn|trn)(?![\p{L}\p{N}]))|(?:\s(hundred|thousand|million|billion|trillion)(?![\p{L}])))?` +
    String.raw`(\s?%|\s(?:percent|per\s+cent|pct|percentage\s+points?)(?![\p{L}]))?`,
  'gu',
);

/** The most UTF-16 units a NUMERAL_RE match has before its first digit: "USD" and a blank, then ".5". */
const NUMERAL_LEAD = 5;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

const UNITS = 'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const WORD_NUM = `(?:${TENS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|${UNITS}|hundred|thousand|million|billion|trillion|dozen`;
/** Spelled-out numbers: "nine", "twenty-five", "three hundred and fifty", "a dozen", "half". Groups: 1 "a"/"an", 2 the number. */
const WORDS_RE = new RegExp(
  String.raw`\b(?:(an?\s+)(?=(?:dozen|hundred|thousand|million|billion|trillion|half)\b))?((?:${WORD_NUM}|half)(?:(?:\s+|\s+and\s+)(?:${WORD_NUM}))*)(?![\p{L}\p{N}])`,
  'giu',
);
const WORD_ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60,
  seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100, thousandth: 1000,
};
/** Words that can start a spelled-out quantity; isNumberWord also tries a hyphenated word's head. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...`${UNITS}|${TENS}|hundred|thousand|million|billion|trillion|dozen|half`.split('|'),
  ...Object.keys(WORD_ORDINALS),
]);
/** Spelled-out ordinals: "third", "twenty-first". Groups: 1 the tens, 2 the ordinal. */
const ORDINAL_RE = new RegExp(
  String.raw`\b(?:(${TENS})-)?(${Object.keys(WORD_ORDINALS).join('|')})(?![\p{L}\p{N}])`,
  'giu',
);
/**
 * True when a lowercased word could start a spelled-out quantity ("nine",
 * "twenty-five", "dozen", "half", "tenth"). Callers that already hold a
 * sentence's tokens use it to skip `extractQuantities` on sentences with
 * neither a digit nor such a word, which are most of them.
 */
export function isNumberWord(word: string): boolean {
  const dash = word.indexOf('-');
  const head = dash > 0 ? word.slice(0, dash) : word;
  return NUMBER_WORDS.has(head) || NUMBER_WORDS.has(word);
}

const WORD_VALUES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/** Words before a figure that make it approximate or a bound; anchored at the end of the look-back. */
const APPROX_RE =
  /(?:^|[^\p{L}])(about|around|roughly|approximately|approx\.|some|nearly|almost|close\s+to|an\s+estimated|estimated|(?:a\s+)?(?:little|just|slightly)\s+(?:under|below|less\s+than|fewer\s+than|over|above|more\s+than)|under|below|less\s+than|fewer\s+than|up\s+to|at\s+most|no\s+more\s+than|as\s+many\s+as|as\s+much\s+as|more\s+than|over|above|exceeding|upwards\s+of|in\s+excess\s+of|at\s+least|no\s+fewer\s+than|no\s+less\s+than)\s+(?:(?:a|an|the)\s+)?(?:record\s+)?$/iu;

/**
 * The words that a pattern anchored at the end of a look-back, like APPROX_RE, may end with before its final
 * \s+. Such a pattern can only match when the last run of ASCII letters of the look-back, once the whitespace
 * (\s) after it is left out, is one of them (in any case), which is much cheaper to check than to try the
 * pattern: that searches the whole look-back for where a match could begin. The run is compared in place.
 */
class EndingWords {
  /** The words by length, first and last letter (see slot). */
  readonly #slots: (string[] | undefined)[];
  readonly #longest: number;

  /** `words`: lowercase ASCII letters. `dot`: a look-back ending in a full stop may match too ("approx."). */
  constructor(
    words: readonly string[],
    readonly dot = false,
  ) {
    this.#longest = Math.max(...words.map((w) => w.length));
    this.#slots = new Array<string[] | undefined>(EndingWords.#slot(this.#longest + 1, 97, 97)).fill(undefined);
    for (const w of words) (this.#slots[EndingWords.#slot(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))] ??= []).push(w);
  }

  /** A run of ASCII letters by its length and its first and last letter, either case. */
  static #slot(len: number, first: number, last: number): number {
    return (len * 32 + ((first | 32) - 97)) * 32 + ((last | 32) - 97);
  }

  /** Whether text[from, to) ends, but for whitespace, in one of the words (or a full stop, with `dot`). */
  endsIn(text: string, from: number, to: number): boolean {
    let j = to;
    while (j > from && isSpace(text.charCodeAt(j - 1))) j--;
    if (j === from) return false;
    let i = j;
    while (i > from && isAsciiLetter(text.charCodeAt(i - 1))) i--;
    if (i === j) return this.dot && text.charCodeAt(j - 1) === 46;
    if (j - i > this.#longest) return false;
    const words = this.#slots[EndingWords.#slot(j - i, text.charCodeAt(i), text.charCodeAt(j - 1))];
    if (words === undefined) return false;
    next: for (const w of words) {
      for (let k = 1; k < w.length - 1; k++) if ((text.charCodeAt(i + k) | 32) !== w.charCodeAt(k)) continue next;
      return true;
    }
    return false;
  }
}

/** Whether text[from, to) holds ſ or the Kelvin sign (see ASCII_FOLDING), which a /iu pattern reads as s or k. */
function hasAsciiFolding(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x17f || c === 0x212a) return true;
  }
  return false;
}

/**
 * The words an APPROX_RE match may end with: the last word of each marker ("approx." its full stop), and the
 * "a"/"an"/"the" and "record" that may follow it.
 */
const APPROX_ENDINGS = new EndingWords(
  [
    'about', 'around', 'roughly', 'approximately', 'some', 'nearly', 'almost', 'to', 'estimated', 'under', 'below',
    'than', 'over', 'above', 'most', 'as', 'exceeding', 'of', 'least', 'a', 'an', 'the', 'record',
  ],
  true,
);

/** APPROX_RE over text[from, to), tried only when the words before `to` allow a match. */
function approxBefore(text: string, from: number, to: number): RegExpExecArray | null {
  if (!APPROX_ENDINGS.endsIn(text, from, to) && !hasAsciiFolding(text, from, to)) return null;
  return APPROX_RE.exec(text.slice(from, to));
}

function approxKind(marker: string): Quantity['approx'] {
  const m = marker.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:a )?(?:little|just|slightly) (?:over|above|more than)$/.test(m)) return 'more-than';
  if (/(under|below|less than|fewer than)$/.test(m)) return m.startsWith('no ') ? 'at-least' : 'less-than';
  if (/^(up to|at most|no more than|as many as|as much as)$/.test(m)) return 'at-most';
  if (/^(more than|over|above|exceeding|upwards of|in excess of)$/.test(m)) return 'more-than';
  if (/^at least$/.test(m)) return 'at-least';
  return 'about';
}

/** Words that end the noun phrase after a number; the counted noun comes before them. */
const PHRASE_STOP = new Set([
  'of', 'to', 'in', 'into', 'for', 'and', 'or', 'but', 'that', 'which', 'who', 'whom', 'whose', 'was', 'were', 'is',
  'are', 'be', 'been', 'being', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'may', 'might',
  'must', 'with', 'by', 'from', 'on', 'at', 'as', 'than', 'it', 'its', 'their', 'his', 'her', 'they', 'he', 'she',
  'we', 'this', 'these', 'those', 'the', 'a', 'an', 'per', 'each', 'since', 'after', 'before', 'when', 'while',
  'where', 'if', 'ago', 'more', 'less', 'fewer', 'compared', 'including', 'regarding', 'between', 'among', 'during',
  'over', 'under', 'about', 'across', 'through', 'up', 'down', 'out', 'off', 'not', 'no', 'so', 'such', 'did', 'do',
  'does', 'also', 'only', 'just', 'then', 'there', 'here', 'all', 'both',
  // "12,418 votes in favour to 10,906 against": a preposition left standing counts nothing.
  'against', 'versus', 'vs', 'toward', 'towards', 'within', 'without', 'until', 'above', 'below', 'behind', 'ahead', 'apiece', 'now', 'still', 'yet',
]);
const looksPlural = (w: string): boolean => /[^su']s$/i.test(w) || /ies$/i.test(w) || /(?:ches|shes|xes|sses)$/i.test(w);
const WORD_AFTER = /^[ \t]+([\p{L}][\p{L}\p{M}'’-]*)/u;
const LETTER = /\p{L}/u;
const HYPHENATED_UNIT = /^-([\p{L}]+)/u;

/** The counted noun after a figure: "three regional elections to choose" → "elections". */
function countedNoun(text: string, from: number, end: number): string | undefined {
  if (text[from] === '-' && LETTER.test(text[from + 1] ?? '')) {
    // "five-year plan": the unit is the hyphenated word.
    const m = HYPHENATED_UNIT.exec(text.slice(from, Math.min(end, from + 24)));
    return m ? m[1]!.toLowerCase() : undefined;
  }
  const words: string[] = [];
  let at = from;
  for (let i = 0; i < 4; i++) {
    const m = WORD_AFTER.exec(text.slice(at, Math.min(end, at + 40)));
    if (!m) break;
    const w = m[1]!;
    if (PHRASE_STOP.has(w.toLowerCase()) || /^(?:percent|per|times)$/i.test(w)) break;
    words.push(w);
    at += m[0].length;
    // Punctuation right after a word closes the phrase.
    if (!/^[ \t]/.test(text[at] ?? '')) break;
  }
  if (words.length === 0) return undefined;
  const plural = words.find((w) => looksPlural(w) && !/['’]s$/.test(w));
  const head = plural ?? words[words.length - 1]!;
  return head.replace(/['’]s?$/, '').toLowerCase();
}

/** Parse spelled-out number words; returns undefined for ill-formed runs like "one two". */
function wordsValue(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let lastSmall = false;
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (w === 'and') continue;
    if (w === 'dozen') { current = (current || 1) * 12; lastSmall = false; continue; }
    if (w === 'hundred') { current = (current || 1) * 100; lastSmall = false; continue; }
    const scale = SCALES[w];
    if (scale !== undefined && scale >= 1e3) { total += (current || 1) * scale; current = 0; lastSmall = false; continue; }
    let v = WORD_VALUES[w];
    if (v === undefined) {
      const [t, u] = w.split('-');
      if (t && u && WORD_VALUES[t] !== undefined && WORD_VALUES[u] !== undefined) v = WORD_VALUES[t]! + WORD_VALUES[u]!;
    }
    if (v === undefined) return undefined;
    if (lastSmall) return undefined;
    current += v;
    lastSmall = true;
  }
  return total + current;
}

interface RawQ {
  start: number;
  end: number;
  kind: Quantity['kind'];
  value: number;
  unit?: string;
  /** Where the counted noun would start (after scale/percent words). */
  tail: number;
  /** Where approx markers would end (before the currency symbol). */
  head: number;
}

/** A numeral glued to a name: "G20", "P5+1", "COVID-19", "F-16", "v1.2.3", "10:30", "24/7". */
function gluedNumeral(text: string, s: number, e: number): boolean {
  const b = text[s - 1];
  const bb = text[s - 2];
  if (isLetterOrDigit(b)) return true;
  if ((b === '-' || b === '+' || b === '/' || b === ':' || b === '.' || b === '_' || b === '#') && isLetterOrDigit(bb)) {
    if (b === '-' && /\d/.test(bb ?? '')) return false; // "10-15": a range
    return true;
  }
  const a = text[e];
  if ((a === '+' || a === '/' || a === ':' || a === '.' || a === '_' || a === ',') && isDigitCh(text[e + 1])) return true;
  if (a === '+' && isLetterOrDigit(text[e + 1])) return true;
  return false;
}

const byStartThenLongest = (a: RawQ, b: RawQ): number => a.start - b.start || b.end - a.end;
const NO_RAW_QUANTITIES: readonly RawQ[] = [];

/** The figures of text[start, end); `slice` is that text and holds a digit. */
function numeralQuantities(text: string, start: number, end: number, slice: string): RawQ[] {
  const out: RawQ[] = [];
  const u = codeUnitsOf(text);
  for (let from = 0; ;) {
    // Every match holds a digit at most NUMERAL_LEAD units after its start, so none starts before the next
    // digit's lead: the scan starts there rather than trying the pattern at every position on the way.
    let d = start + from;
    while (d < end && (u[d]! < 48 || u[d]! > 57)) d++;
    if (d >= end) break;
    let at = Math.max(from, d - start - NUMERAL_LEAD);
    // A /u scan starts at a code point (no match can start at a pair's first half, which is further back still).
    if (at > from && isLowSurrogate(u[start + at]!) && isHighSurrogate(u[start + at - 1]!)) at--;
    NUMERAL_RE.lastIndex = at;
    const g = NUMERAL_RE.exec(slice);
    if (g === null) break;
    from = NUMERAL_RE.lastIndex;
    // The groups of NUMERAL_RE, by number.
    const cur = g[1];
    const numText = g[2]!;
    const ord = g[3];
    const sscale = g[4];
    const scale = g[5];
    const pct = g[6];
    const s = start + g.index;
    const e = s + g[0].length;
    const numStart = s + (cur?.length ?? 0);
    const numEnd = numStart + numText.length;
    if (cur && /^[A-Z]{3}\s?$/.test(cur) && isLetterOrDigit(text[s - 1])) continue;
    if (!cur && gluedNumeral(text, numStart, numEnd) && !(numText.length === 4 && yearAllowedBefore(text, numStart, start) && /[-–]/.test(text[numStart - 1] ?? ''))) continue;
    if (cur && /\$$/.test(cur) && isLetterOrDigit(text[s - 1]) && cur.length === 1) continue;
    // Letters right after the figure (not a suffix we understood): "3D", "5G", "1990s".
    if (isLetterOrDigit(text[e]) ) continue;
    const after = text[e];
    if (!pct && !ord && !scale && !sscale && (after === '.' || after === ',') && isDigitCh(text[e + 1])) continue;
    let value = Number(numText.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    const scaleWord = (scale ?? sscale)?.toLowerCase();
    // "5m" or "3b" without a currency is too ambiguous (metres? bytes?) to read as millions.
    if (sscale && !cur) {
      let cur: string | undefined;
      const ahead = text.slice(e, Math.min(end, e + 32)).replace(/^\s+/, '');
      for (const [re, code] of CURRENCY_WORDS) if (re.test(ahead)) cur = code;
      if (!cur) continue;
    }
    if (scaleWord) value *= SCALES[scaleWord]!;
    if (ord) {
      if (numText.includes('.') || numText.includes(',')) continue;
      out.push({ start: s, end: e, kind: 'ordinal', value, tail: e, head: s });
      continue;
    }
    if (pct) {
      const points = /points?$/i.test(pct);
      const q: RawQ = { start: s, end: e, kind: 'percent', value: value / 100, tail: e, head: s };
      if (points) q.unit = 'percentage-points';
      out.push(q);
      continue;
    }
    let currency = cur ? CURRENCY_SYMBOLS[cur.trim()] ?? cur.trim() : undefined;
    let qEnd = e;
    if (!currency) {
      const rest = text.slice(e, Math.min(end, e + 32));
      const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
      if (lead > 0) {
        const afterWs = rest.slice(lead);
        const code = ISO_CODE_AHEAD.exec(afterWs);
        if (code) { currency = code[0]; qEnd = e + lead + code[0].length; }
        else {
          for (const [re, c] of CURRENCY_WORDS) {
            const m = re.exec(afterWs);
            if (m) { currency = c; qEnd = e + lead + m[0].length; break; }
          }
        }
      }
    }
    if (qEnd > end) qEnd = e;
    if (currency) {
      out.push({ start: s, end: qEnd, kind: 'money', value, unit: currency, tail: qEnd, head: s });
      continue;
    }
    if (!scaleWord && isStandaloneYear(text, numStart, numEnd, start) && yearAllowedBefore(text, numStart, start)) {
      out.push({ start: s, end: e, kind: 'year', value, tail: e, head: s });
      continue;
    }
    out.push({ start: s, end: e, kind: 'number', value, tail: e, head: s });
  }
  return out;
}

const WORDS_AT = new RegExp(WORDS_RE.source, 'iuy');
const ORDINAL_AT = new RegExp(ORDINAL_RE.source, 'iuy');
/** Words a match of WORDS_RE can start with, those an "a"/"an" may precede, and those ORDINAL_RE can start with. */
const CARDINAL_STARTS: ReadonlySet<string> = new Set([...`${UNITS}|${TENS}|hundred|thousand|million|billion|trillion|dozen|half`.split('|')]);
const A_CARDINALS: ReadonlySet<string> = new Set(['dozen', 'hundred', 'thousand', 'million', 'billion', 'trillion', 'half']);
const ORDINAL_STARTS: ReadonlySet<string> = new Set([...TENS.split('|'), ...Object.keys(WORD_ORDINALS)]);
const IS_CARDINAL = 1;
const IS_A_CARDINAL = 2;
const IS_ORDINAL = 4;
/**
 * The number words by length and first two letters, with what they may start: a run of letters is looked up
 * without being cut out of its sentence or lowercased, since nearly every word of a sentence is looked up.
 * NUMBER_WORD_SLOTS holds, at numberWordSlot(length, first, second), one more than the index in
 * NUMBER_WORD_CANDIDATES of the words with that key (0: none): a typed array, as a Map costs a hash per word.
 */
const NUMBER_WORD_CANDIDATES: { word: string; is: number }[][] = [];
const NUMBER_WORD_MAX = Math.max(...[...CARDINAL_STARTS, ...ORDINAL_STARTS].map((w) => w.length));
/** Slot of a run of `len` ASCII letters starting with the letters c0, c1 (either case). */
const numberWordSlot = (len: number, c0: number, c1: number): number => (len * 26 + ((c0 | 32) - 97)) * 26 + ((c1 | 32) - 97);
const NUMBER_WORD_SLOTS = new Uint8Array(numberWordSlot(NUMBER_WORD_MAX + 1, 97, 97));
for (const word of new Set([...CARDINAL_STARTS, ...ORDINAL_STARTS])) {
  const is = (CARDINAL_STARTS.has(word) ? IS_CARDINAL : 0) | (A_CARDINALS.has(word) ? IS_A_CARDINAL : 0) | (ORDINAL_STARTS.has(word) ? IS_ORDINAL : 0);
  const slot = numberWordSlot(word.length, word.charCodeAt(0), word.charCodeAt(1));
  if (NUMBER_WORD_SLOTS[slot] === 0) NUMBER_WORD_SLOTS[slot] = NUMBER_WORD_CANDIDATES.push([]);
  NUMBER_WORD_CANDIDATES[NUMBER_WORD_SLOTS[slot]! - 1]!.push({ word, is });
}
/** What the run of ASCII letters s[i..j) (at least two) may start, if it is a number word in any case (IS_* flags), else 0. */
function numberWordAt(s: string, i: number, j: number): number {
  if (j - i > NUMBER_WORD_MAX) return 0;
  const at = NUMBER_WORD_SLOTS[numberWordSlot(j - i, s.charCodeAt(i), s.charCodeAt(i + 1))]!;
  if (at === 0) return 0;
  next: for (const { word, is } of NUMBER_WORD_CANDIDATES[at - 1]!) {
    for (let k = 2; k < word.length; k++) if ((s.charCodeAt(i + k) | 32) !== word.charCodeAt(k)) continue next;
    return is;
  }
  return 0;
}

interface NumberWordStarts {
  readonly cardinals: readonly number[];
  readonly ordinals: readonly number[];
}
const NO_NUMBER_WORDS: NumberWordStarts = { cardinals: [], ordinals: [] };

/** JavaScript's \s. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Where in text[start, end) a match of WORDS_RE (`cardinals`) or ORDINAL_RE (`ordinals`) may start, in
 * order and relative to `start`; undefined
 * when the patterns must search everywhere. Their \b and look-aheads put a non-letter on both sides of the
 * first number word, so it is a whole run of ASCII letters ("nine", the "twenty" of "twenty-five"); a cardinal
 * may also start at the "a"/"an" before "dozen" or "million". Only the two letters that fold into ASCII under
 * /iu (ſ, K) escape this, and spans holding one are searched everywhere. Most sentences have no number word,
 * and the two case-insensitive Unicode patterns would otherwise try at every position.
 */
function numberWordStarts(text: string, start: number, end: number): NumberWordStarts | undefined {
  // Made at the first number word: most spans have none.
  let cardinals: number[] | undefined;
  let ordinals: number[] | undefined;
  let folds = false;
  let digits = false;
  // Scanned in place (offsets then made relative to the span): the span's own string is a slice, slower to read.
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (!isAsciiLetter(c)) {
      if (c <= 57 && c >= 48) digits = true;
      else if (c === 0x17f || c === 0x212a) folds = true;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && isAsciiLetter(text.charCodeAt(j))) j++;
    const is = j - i >= 3 ? numberWordAt(text, i, j) : 0;
    if (is & IS_A_CARDINAL) {
      let k = i;
      while (k > start && isSpace(text.charCodeAt(k - 1))) k--;
      if (k < i && k >= start + 2 && (text.charCodeAt(k - 2) | 32) === 97 && (text.charCodeAt(k - 1) | 32) === 110) (cardinals ??= []).push(k - 2 - start);
      if (k < i && k >= start + 1 && (text.charCodeAt(k - 1) | 32) === 97) (cardinals ??= []).push(k - 1 - start);
    }
    if (is & IS_CARDINAL) (cardinals ??= []).push(i - start);
    if (is & IS_ORDINAL) (ordinals ??= []).push(i - start);
    i = j;
  }
  spanHasDigit = digits;
  if (folds) return undefined;
  if (cardinals === undefined && ordinals === undefined) return NO_NUMBER_WORDS;
  return { cardinals: cardinals ?? [], ordinals: ordinals ?? [] };
}
/**
 * Whether the span numberWordStarts last read holds an ASCII digit (HAS_DIGIT): it reads every character
 * anyway, so extractQuantities asks it rather than scanning the span again.
 */
let spanHasDigit = false;

/** The matches a global scan of `s` with `global` finds, trying `sticky` (the same pattern, flag y) only at `starts`. */
function matchesAt(global: RegExp, sticky: RegExp, s: string, starts: readonly number[] | undefined): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (starts === undefined) {
    global.lastIndex = 0;
    for (let g = global.exec(s); g; g = global.exec(s)) out.push(g);
    return out;
  }
  let from = 0;
  for (const at of starts) {
    if (at < from) continue;
    sticky.lastIndex = at;
    const g = sticky.exec(s);
    if (!g) continue;
    out.push(g);
    from = at + g[0].length;
  }
  return out;
}

/**
 * The spelled-out numbers of text[start, end), where numberWordStarts says they may start (`starts`, not
 * NO_NUMBER_WORDS); `slice` is that text.
 */
function wordQuantities(text: string, start: number, end: number, slice: string, starts: NumberWordStarts | undefined): readonly RawQ[] {
  const out: RawQ[] = [];
  for (const g of matchesAt(WORDS_RE, WORDS_AT, slice, starts?.cardinals)) {
    const s = start + g.index;
    // `\b` is ASCII-only and lets "-" through: "COVID-nineteen", "éone" are not numbers.
    if (g.index > 0 && (isLetterOrDigit(slice[g.index - 1]) || slice[g.index - 1] === '-')) continue;
    const e = s + g[0].length;
    const w = g[2]!;
    const lower = w.toLowerCase();
    if (lower === 'half') {
      out.push({ start: s, end: e, kind: 'number', value: 0.5, tail: e, head: s });
      continue;
    }
    if (/^(?:dozen|hundred|thousand|million|billion|trillion)$/.test(lower) && !g[1]) continue; // "hundreds", bare "million" in prose
    if (lower === 'one') {
      // "one of", "no one", "the one": a pronoun, not a count.
      const before = text.slice(Math.max(start, s - 8), s).toLowerCase();
      if (/^\s+(?:of|another|by|or|after|day)\b/i.test(text.slice(e, e + 10)) || /(?:^|\s)(?:no|any|every|each|the|this|that|which|last|only)\s+$/.test(before)) continue;
    }
    const value = wordsValue(lower.split(/\s+/));
    if (value === undefined) continue;
    let kind: Quantity['kind'] = 'count';
    let qEnd = e;
    let unit: string | undefined;
    const rest = text.slice(e, Math.min(end, e + 32));
    const pct = PERCENT_AFTER.exec(rest);
    if (pct) { kind = 'percent'; qEnd = e + pct[0].length; }
    else {
      const lead = /^\s+/.exec(rest)?.[0].length ?? 0;
      for (const [re, c] of CURRENCY_WORDS) {
        const m = lead > 0 ? re.exec(rest.slice(lead)) : null;
        if (m) { kind = 'money'; unit = c; qEnd = e + lead + m[0].length; break; }
      }
    }
    const q: RawQ = { start: s, end: qEnd, kind, value: kind === 'percent' ? value / 100 : value, tail: qEnd, head: s };
    if (unit) q.unit = unit;
    if (pct && /points?$/i.test(pct[0])) q.unit = 'percentage-points';
    out.push(q);
  }
  for (const g of matchesAt(ORDINAL_RE, ORDINAL_AT, slice, starts?.ordinals)) {
    const s = start + g.index;
    if (g.index > 0 && isLetterOrDigit(slice[g.index - 1])) continue;
    const e = s + g[0].length;
    const tens = g[1] ? WORD_VALUES[g[1].toLowerCase()]! : 0;
    const value = tens + WORD_ORDINALS[g[2]!.toLowerCase()]!;
    out.push({ start: s, end: e, kind: 'ordinal', value, tail: e, head: s });
  }
  return out;
}

/** Quantities inside text.slice(start, end), absolute offsets, in text order, never overlapping. */
export function extractQuantities(text: string, start: number, end: number): Quantity[] {
  if (end <= start) return [];
  const starts = numberWordStarts(text, start, end);
  const digits = spanHasDigit;
  // Most spans have neither a figure nor a number word.
  if (!digits && starts === NO_NUMBER_WORDS) return [];
  const slice = text.slice(start, end);
  const words = starts === NO_NUMBER_WORDS ? NO_RAW_QUANTITIES : wordQuantities(text, start, end, slice, starts);
  if (!digits && words.length === 0) return [];
  const raw = digits ? numeralQuantities(text, start, end, slice) : [];
  for (const w of words) raw.push(w);
  if (raw.length === 0) return [];
  sortedBy(raw, byStartThenLongest);
  // A day of the month has a digit.
  const dates = digits ? calendarDates(text, start, end, slice) : NO_CALENDAR_DATES;
  const out: Quantity[] = [];
  let lastEnd = -1;
  let di = 0;
  for (const r of raw) {
    if (r.start < lastEnd || r.end > end) continue;
    // A day of the month is part of its date, not a figure (both lists are in text order).
    while (di < dates.length && dates[di]!.end <= r.start) di++;
    if (di < dates.length && r.start < dates[di]!.end && r.end > dates[di]!.start) continue;
    const q: Quantity = { start: r.start, end: r.end, text: text.slice(r.start, r.end), kind: r.kind, value: r.value };
    if (r.unit) q.unit = r.unit;
    if (r.kind === 'count' || r.kind === 'number') {
      const unit = r.value === 0.5 ? undefined : countedNoun(text, r.tail, end);
      if (unit) {
        q.unit = unit;
        if (Number.isInteger(r.value)) q.kind = 'count';
      } else if (r.kind === 'count' && !SPELLED_OUT.test(q.text)) {
        q.kind = 'number';
      }
    } else if (r.kind === 'ordinal') {
      const unit = countedNoun(text, r.tail, end);
      if (unit) q.unit = unit;
    }
    if (r.kind !== 'year' && r.kind !== 'ordinal') {
      const m = approxBefore(text, Math.max(start, r.head - 32), r.head);
      if (m) q.approx = approxKind(m[1]!);
    }
    out.push(q);
    lastEnd = r.end;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------

/** Capitalised words that open sentences or clauses and are not names. */
const COMMON_CAPS = new Set(
  (
    'a an the this that these those there their they them then than it its i we you he she his her our my your me us him ' +
    'and or but nor so yet for if as at by in on of to up with from into onto over under after before since until ' +
    'while when where why how what which who whom whose because although though unless whereas whether also however ' +
    'moreover furthermore meanwhile instead indeed still thus therefore hence otherwise besides nevertheless nonetheless ' +
    'additionally ultimately finally first second third last next many most much some several few all both each every ' +
    'any no not none neither either such other another more less one two three four five six seven eight nine ten ' +
    'here now today yesterday tomorrow yes despite due given like unlike among amid between through throughout within ' +
    'without against toward towards upon via per according do does did is are was were be been being has have had will ' +
    'would can could should may might must shall let gone even just only perhaps maybe overall currently recently ' +
    'notably surprisingly interestingly importantly similarly likewise consequently accordingly specifically ' +
    'generally typically usually often sometimes always never again once twice photo image picture credit source ' +
    'read sign subscribe share follow click see watch get join note editor update updated related advertisement ' +
    'mon monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december chapter section page figure table'
  ).split(/\s+/),
);


// Unicode classes of single code points, for the hand-written scanners below:
// bit 1 \p{Ll}, 2 \p{Lu}, 4 any \p{L}, 8 \p{M}, 16 \p{N}. ASCII is decided
// inline; other code points ask the regex engine once and are remembered.
const CP_LL = 1;
const CP_LU = 2;
const CP_L = 4;
const CP_M = 8;
const CP_N = 16;
const CP_CLASS_RES: [RegExp, number][] = [[/^\p{Ll}$/u, CP_LL], [/^\p{Lu}$/u, CP_LU], [/^\p{L}$/u, CP_L], [/^\p{M}$/u, CP_M], [/^\p{N}$/u, CP_N]];
const bmpClasses = new Int8Array(0x10000).fill(-1);
const astralClasses = new Map<number, number>();
function classesOfSlow(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let bits = 0;
  for (const [re, bit] of CP_CLASS_RES) if (re.test(ch)) bits |= bit;
  return bits;
}
function cpClasses(cp: number): number {
  if (cp < 128) {
    if (cp >= 97 && cp <= 122) return CP_LL | CP_L;
    if (cp >= 65 && cp <= 90) return CP_LU | CP_L;
    return cp >= 48 && cp <= 57 ? CP_N : 0;
  }
  if (cp < 0x10000) {
    let b = bmpClasses[cp]!;
    if (b < 0) bmpClasses[cp] = b = classesOfSlow(cp);
    return b;
  }
  let b = astralClasses.get(cp);
  if (b === undefined) astralClasses.set(cp, (b = classesOfSlow(cp)));
  return b;
}
/** The code point starting at s[i] (a lone surrogate stands for itself, as in a /u regex). */
function cpAt(s: string, i: number): number {
  return s.codePointAt(i)!;
}
/** The code point ending just before s[i], as a /u look-behind reads it. */
function cpBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return c;
}

const CP_ANY = CP_L | CP_LL | CP_LU | CP_M | CP_N;
const cpWidth = (cp: number): number => (cp > 0xffff ? 2 : 1);
const isWordJoiner = (c: number): boolean => c === 45 || c === 39 || c === 0x2019;

// The text's own spelling, for telling ordinary words from names. Both vocabularies below are the matches of a
// global pattern over the whole text; rather than collect every match of every text, a word is looked for where
// it occurs, and the answers are kept for the text at hand (callers go through one source's spans in turn).

/**
 * Whether a word of `/(?<![\p{L}\p{M}\p{N}])\p{Ll}[\p{Ll}\p{M}]*(?:[-'’]\p{Ll}+)*\/gu` starts at text[i] when the
 * scan reaches it: a lowercase letter not glued to a letter, mark or digit.
 */
function lowerWordStarts(text: string, i: number): boolean {
  return (cpClasses(cpAt(text, i)) & CP_LL) !== 0 && (i === 0 || (cpClasses(cpBefore(text, i)) & CP_ANY) === 0);
}

/** The end of that word: lowercase letters and marks, then parts joined by - ' ’. */
function lowerWordEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + cpWidth(cpAt(text, i));
  while (j < n) {
    const c = cpAt(text, j);
    if ((cpClasses(c) & (CP_LL | CP_M)) === 0) break;
    j += cpWidth(c);
  }
  while (j + 1 < n && isWordJoiner(text.charCodeAt(j))) {
    let k = j + 1;
    while (k < n) {
      const c = cpAt(text, k);
      if ((cpClasses(c) & CP_LL) === 0) break;
      k += cpWidth(c);
    }
    if (k === j + 1) break;
    j = k;
  }
  return j;
}

/**
 * Whether the scan for lowercase words reaches text[i] rather than passing over it inside a word ("known" in
 * "well-known"). Only a joiner before i allows that; the scan is replayed from the start of the run of letters,
 * marks, digits and joiners holding i, where no word can be under way.
 */
function lowerScanReaches(text: string, i: number): boolean {
  if (i === 0 || !isWordJoiner(text.charCodeAt(i - 1))) return true;
  let r = i;
  while (r > 0) {
    const before = cpBefore(text, r);
    if ((cpClasses(before) & CP_ANY) === 0 && !isWordJoiner(before)) break;
    r -= cpWidth(before);
  }
  while (r < i) r = lowerWordStarts(text, r) ? lowerWordEnd(text, r) : r + cpWidth(cpAt(text, r));
  return r === i;
}

/**
 * The places where a word occurs in a text, in order, as `text.indexOf(word, i + 1)` finds them one after the
 * other, but searched for from the word's least common letter on: the search looks for the first character of
 * what it is given and then compares the rest, so a rare first character ("ysts" of "analysts") leaves far fewer
 * places to compare in a text that has to be read through to its end (the words looked up are mostly absent).
 */
class WordSearch {
  /** Where in the word the search starts, and the part of the word from there. */
  readonly #pivot: number;
  readonly #tail: string;

  constructor(readonly word: string) {
    let pivot = 0;
    // Keep a few characters to search for, so that few places match the tail but not the word.
    for (let k = 1; k <= word.length - 3; k++) if (letterRarity(word.charCodeAt(k)) > letterRarity(word.charCodeAt(pivot))) pivot = k;
    this.#pivot = pivot;
    this.#tail = pivot === 0 ? word : word.slice(pivot);
  }

  /** The first place at or after `from` where the word occurs in `text`, or -1. */
  next(text: string, from: number): number {
    const pivot = this.#pivot;
    const { word } = this;
    for (let p = text.indexOf(this.#tail, from + pivot); p >= 0; p = text.indexOf(this.#tail, p + 1)) {
      let k = 0;
      while (k < pivot && text.charCodeAt(p - pivot + k) === word.charCodeAt(k)) k++;
      if (k === pivot) return p - pivot;
    }
    return -1;
  }
}

/** ASCII lowercase letters from the most to the least common in English text. */
const LETTERS_BY_FREQUENCY = 'etaoinshrdlcumwfgypbvkjxqz';
/** How uncommon a character is in English text: the letters by LETTERS_BY_FREQUENCY, then anything else. */
function letterRarity(c: number): number {
  const rank = c >= 97 && c <= 122 ? LETTERS_BY_FREQUENCY.indexOf(String.fromCharCode(c)) : -1;
  return rank < 0 ? LETTERS_BY_FREQUENCY.length : rank;
}

/** Whether `word` is one of the text's lowercase words (see lowerWordStarts). */
function writesInLowercase(text: string, word: string): boolean {
  if (word === '') return false;
  const search = new WordSearch(word);
  for (let i = search.next(text, 0); i >= 0; i = search.next(text, i + 1)) {
    if (lowerWordStarts(text, i) && lowerWordEnd(text, i) === i + word.length && lowerScanReaches(text, i)) return true;
  }
  return false;
}

/**
 * Whether a capitalised word of `/(?<=[\p{Ll}\p{N},;][ \t\u00a0]{1,3})\p{Lu}[\p{L}\p{M}]*\/gu` starts at text[i]:
 * the look-behind holds only when the blanks before the capital are exactly the 1–3 blanks there (a blank is not
 * in the class before them). Such a word never starts inside another, which a blank ends.
 */
function midCapStarts(text: string, i: number): boolean {
  if ((cpClasses(cpAt(text, i)) & CP_LU) === 0) return false;
  let b = i;
  while (b > 0 && i - b < 4) {
    const c = text.charCodeAt(b - 1);
    if (c !== 32 && c !== 9 && c !== 0xa0) break;
    b--;
  }
  const blanks = i - b;
  if (blanks < 1 || blanks > 3 || b === 0) return false;
  const p = cpBefore(text, b);
  return p === 44 || p === 59 || (cpClasses(p) & (CP_LL | CP_N)) !== 0;
}

function midCapEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + cpWidth(cpAt(text, i));
  while (j < n) {
    const c = cpAt(text, j);
    if ((cpClasses(c) & (CP_L | CP_LL | CP_LU | CP_M)) === 0) break;
    j += cpWidth(c);
  }
  return j;
}

/** Every capitalised word of the text used inside a sentence, lowercased: the slow path of capitalisedMidSentence. */
function midCapWordsOf(text: string): Set<string> {
  const out = new Set<string>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (midCapStarts(text, i)) {
      const j = midCapEnd(text, i);
      out.add(text.slice(i, j).toLowerCase());
      i = j;
    } else i += cpWidth(cpAt(text, i));
  }
  return out;
}

interface Spelling {
  text: string;
  lowercase: Map<string, boolean>;
  midCaps: Map<string, boolean>;
  /** The text lowercased, when that maps it character for character (no İ, whose lowercase is two, and no Σ, whose lowercase depends on what follows). */
  folded: string | undefined;
  /** Otherwise, every capitalised word used inside a sentence, lowercased. */
  midCapWords: Set<string> | undefined;
  /** Whether the text holds the Kelvin sign, the one character other than A–Z whose lowercase is an ASCII letter (k). */
  kelvin: boolean | undefined;
}
let spelling: Spelling | undefined;

function spellingOf(text: string): Spelling {
  if (spelling?.text !== text) spelling = { text, lowercase: new Map(), midCaps: new Map(), folded: undefined, midCapWords: undefined, kelvin: undefined };
  return spelling;
}

const ASCII_LOWER_WORD = /^[a-z]+$/;

/**
 * capitalisedMidSentence for a word of ASCII lowercase letters in a text without the Kelvin sign, where the
 * text need not be lowercased: a character lowercases to an ASCII letter only when it is that letter in either
 * case (İ lowercases to two characters, which the folded text never compares). The capital it must start with
 * is looked for as such (capitals are rare), and the rest compared in either case.
 */
function capitalisedMidSentenceAscii(text: string, lower: string): boolean {
  const capital = String.fromCharCode(lower.charCodeAt(0) - 32);
  const n = lower.length;
  next: for (let i = text.indexOf(capital); i >= 0; i = text.indexOf(capital, i + 1)) {
    for (let k = 1; k < n; k++) if ((text.charCodeAt(i + k) | 32) !== lower.charCodeAt(k)) continue next;
    if (midCapStarts(text, i) && midCapEnd(text, i) === i + n) return true;
  }
  return false;
}

/** Whether the text capitalises `lower` (a lowercase word) inside a sentence: after a lowercase word, a digit or a comma. */
function capitalisedMidSentence(sp: Spelling, lower: string): boolean {
  const { text } = sp;
  // Lowercasing the whole text costs more than the searches of most texts.
  if (ASCII_LOWER_WORD.test(lower) && !(sp.kelvin ??= text.includes('\u212a'))) return capitalisedMidSentenceAscii(text, lower);
  if (sp.folded === undefined && sp.midCapWords === undefined) {
    const folded = text.toLowerCase();
    if (folded.length === text.length && !text.includes('\u03a3')) sp.folded = folded;
    else sp.midCapWords = midCapWordsOf(text);
  }
  if (sp.midCapWords !== undefined) return sp.midCapWords.has(lower);
  const folded = sp.folded!;
  if (lower === '') return false;
  const search = new WordSearch(lower);
  for (let i = search.next(folded, 0); i >= 0; i = search.next(folded, i + 1)) {
    if (midCapStarts(text, i) && midCapEnd(text, i) === i + lower.length) return true;
  }
  return false;
}

/** writesInLowercase, remembered for the text. */
function writtenInLowercase(sp: Spelling, lower: string): boolean {
  let known = sp.lowercase.get(lower);
  if (known === undefined) sp.lowercase.set(lower, (known = writesInLowercase(sp.text, lower)));
  return known;
}

/** `word.replace(/['’]s$/, '')`, without running a pattern on every word. */
function withoutPossessiveS(word: string): string {
  const n = word.length;
  if (n < 2 || word.charCodeAt(n - 1) !== 115) return word;
  const c = word.charCodeAt(n - 2);
  return c === 39 || c === 0x2019 ? word.slice(0, n - 2) : word;
}
/** Endings of English common nouns, adverbs and participles, rare on names. */
const COMMON_ENDING = /(?:acy|tion|tions|sion|sions|ment|ments|ness|ity|ities|ism|isms|ance|ances|ence|ences|ship|ers|ists|ing|ly|ed)$/;

/**
 * A capitalised word opening a sentence ("Observers hope…", "Diplomacy is…")
 * that is most likely an ordinary word: a stop word, a common-noun ending,
 * or a word the same text also writes in lowercase.
 */
export function isOrdinaryOpener(word: string, text: string): boolean {
  const lower = withoutPossessiveS(word.toLowerCase());
  if (COMMON_CAPS.has(lower)) return true;
  const sp = spellingOf(text);
  if (writtenInLowercase(sp, lower)) return true;
  // "Italy is…": an ending that looks common ("-ly") does not make a word ordinary the text capitalises mid-sentence too.
  if (!COMMON_ENDING.test(lower)) return false;
  let midCap = sp.midCaps.get(lower);
  if (midCap === undefined) sp.midCaps.set(lower, (midCap = capitalisedMidSentence(sp, lower)));
  return !midCap;
}

/** True for capitalised words that are ordinary words (sentence openers, months, pronouns), not names. */
export function isCommonCapitalised(word: string): boolean {
  return COMMON_CAPS.has(word.toLowerCase());
}

/** Words that mark a person's role right before their name. */
const TITLE_WORDS = new Set(
  (
    'president vice prime minister ministers secretary secretary-general chancellor premier king queen prince ' +
    'princess emperor sultan emir sheikh pope cardinal bishop archbishop rabbi imam senator sen congressman ' +
    'congresswoman representative rep governor gov mayor ambassador envoy general gen colonel col major maj captain ' +
    'capt lieutenant lt sergeant sgt admiral adm commander chairman chairwoman chair ceo cfo cto director professor ' +
    'prof dr mr mrs ms mx sir dame lord lady judge justice speaker spokesperson spokesman spokeswoman deputy foreign ' +
    'defense defence finance economy interior trade chief head leader founder author analyst economist researcher ' +
    'journalist reporter correspondent officer official commissioner instructor lecturer'
  ).split(/\s+/),
);
/** Title words that name a person on their own only when followed by a capitalised name. */
const TITLE_HEADS = new Set(
  (
    'president premier chancellor king queen prince princess emperor sultan emir sheikh pope cardinal bishop ' +
    'archbishop rabbi imam senator sen congressman congresswoman rep governor gov mayor ambassador general gen colonel ' +
    'col major maj captain capt lieutenant lt sergeant sgt admiral adm commander chairman chairwoman ceo director ' +
    'professor prof dr mr mrs ms mx sir dame lord lady judge justice speaker minister secretary secretary-general'
  ).split(/\s+/),
);

const ORG_WORDS =
  /^(?:organi[sz]ations?|nations|union|council|university|universities|ministry|ministries|bank|institute|institution|association|agency|committee|commission|party|congress|forum|fund|company|corporation|corp\.?|inc\.?|ltd\.?|llc|plc|group|federation|court|parliament|assembly|senate|department|office|authority|foundation|society|league|alliance|times|news|post|press|media|network|airlines?|airways|program(?:me)?|initiative|cooperation|co-operation|community|police|army|navy|forces?|club|school|college|academy|cent(?:er|re)|hospital|board|bureau|service|services|secretariat|treaty|pact|coalition|movement|front|bloc|exchange|reserve|trust|partners|holdings|industries|technologies|systems|labs?|studios?|summit|conference|games|olympics|universiade|expo|cup|championship|festival|session|project|plan|agreement|accord|act|declaration|convention|charter)$/i;
const EVENT_OR_DOC_WORDS = /^(?:summit|conference|games|olympics|universiade|expo|cup|championship|festival|session|project|plan|agreement|accord|act|declaration|convention|charter|treaty|pact|initiative|program(?:me)?)$/i;
const PLACE_WORDS =
  /^(?:republic|kingdom|states|emirates|islands?|city|province|region|county|state|sea|ocean|river|lake|mountains?|valley|street|avenue|square|gulf|peninsula|coast|strait|district|territory|oblast|prefecture|canton|village|town|desert|bay|basin|asia|europe|africa|america|americas|antarctica|oceania|arctic)$/i;
const COMPASS = /^(?:middle|far|near|north|south|east|west|northern|southern|eastern|western|central|upper|lower|greater|new|northeast|northwest|southeast|southwest)$/i;
/** Common abbreviations of countries; acronyms otherwise read as organisations. */
const PLACE_ACRONYMS = new Set(['US', 'U.S.', 'USA', 'U.S.A.', 'UK', 'U.K.', 'UAE', 'DRC', 'PRC', 'ROK', 'DPRK', 'GB']);
const SPEECH_AFTER = /^\s*(?:,\s*(?:a|an|the)\s+[\p{Ll}]|said|says|told|wrote|writes|added|argued|argues|noted|explained|stated|announced|claimed|insisted|warned|recalled|believes|thinks)\b/u;
const PERSON_BEFORE = /(?:\bby|\bauthor\s+is|\bwritten\s+by|\baccording\s+to|\bsaid|\bsays|\binterview\s+with)\s+$/i;
/** The words THE_BEFORE, PERSON_BEFORE and PLACE_BEFORE end in (EndingWords). */
const THE_ENDING = new EndingWords(['the']);
const PERSON_ENDINGS = new EndingWords(['by', 'is', 'to', 'said', 'says', 'with']);
const PLACE_ENDINGS = new EndingWords([
  'in', 'to', 'from', 'into', 'across', 'throughout', 'near', 'toward', 'towards', 'visit', 'visited', 'visiting',
  'around', 'inside', 'outside', 'within', 'via', 'of', 'with', 'borders', 'neighbouring', 'neighboring', 'between',
  'the',
]);
const PLACE_BEFORE = /(?:\b(?:in|to|from|into|across|throughout|near|toward|towards|visit|visited|visiting|across|around|inside|outside|within|via|based\s+in|capital\s+of|border\s+with|borders|neighbouring|neighboring)|(?:^|\s)(?:between))\s+(?:the\s+)?$/i;

interface Tok {
  start: number;
  end: number;
  text: string;
  cap: boolean;
  /** True when a sentence begins at this token. */
  initial: boolean;
  facts: WordFacts;
}

/**
 * What the entity rules ask of a word: a pure function of it, so worked out once per distinct word. It carries
 * the word too, so that a token's word and its facts are one object (one memory read fewer per token).
 */
interface WordFacts {
  /** The word itself (the key it is remembered under). */
  text: string;
  lower: string;
  /** The W_* flags that hold. */
  is: number;
}
/** A title word (TITLE_WORDS), lowercased. */
const W_TITLE = 1;
/** A title head (TITLE_HEADS), lowercased. */
const W_TITLE_HEAD = 2;
/** A title word once singular: "Ministers" is a role. */
const W_ROLE = 4;
const W_CONNECTOR = 8;
/** A capitalised word that is no name (COMMON_CAPS). */
const W_COMMON = 16;
const W_ORG = 32;
const W_EVENT_OR_DOC = 64;
const W_PLACE = 128;
const W_COMPASS = 256;
/** "Macron", "J.": the words of a person's name. */
const W_NAME_CASE = 512;
const W_INITIAL = 1024;
const W_ACRONYM = 2048;
const W_NUMERAL = 4096;
const W_FOUR_NUMERALS = 8192;
const W_CAPITALS = 16384;
const W_YEAR = 32768;
/** "Saudi-led": a name with a lowercase word hyphenated on. */
const W_NAME_LED = 65536;

const wordFacts = new Map<string, WordFacts>();
/** Bound on remembered words: a Zipfian vocabulary hits a few thousand again and again, and clearing cannot change a result. */
const WORD_FACTS_LIMIT = 50_000;

function factsOf(word: string): WordFacts {
  let f = wordFacts.get(word);
  if (f !== undefined) return f;
  const lower = word.toLowerCase();
  let is = 0;
  if (TITLE_WORDS.has(lower)) is |= W_TITLE;
  if (TITLE_HEADS.has(lower)) is |= W_TITLE_HEAD;
  if (TITLE_WORDS.has(singular(word))) is |= W_ROLE;
  if (CONNECTORS.has(lower)) is |= W_CONNECTOR;
  if (COMMON_CAPS.has(lower)) is |= W_COMMON;
  if (ORG_WORDS.test(word)) is |= W_ORG;
  if (EVENT_OR_DOC_WORDS.test(word)) is |= W_EVENT_OR_DOC;
  if (PLACE_WORDS.test(word)) is |= W_PLACE;
  if (COMPASS.test(word)) is |= W_COMPASS;
  if (TITLE_CASE_WORD.test(word) || INITIAL.test(word)) is |= W_NAME_CASE;
  if (INITIAL.test(word)) is |= W_INITIAL;
  if (isAcronym(word)) is |= W_ACRONYM;
  if (HAS_NUMERAL.test(word)) is |= W_NUMERAL;
  if (FOUR_NUMERALS.test(word)) is |= W_FOUR_NUMERALS;
  if (CAPITALS_ONLY.test(word)) is |= W_CAPITALS;
  if (YEAR_WORD.test(word)) is |= W_YEAR;
  if (NAME_LED.test(word)) is |= W_NAME_LED;
  f = { text: word, lower, is };
  if (wordFacts.size >= WORD_FACTS_LIMIT) wordFacts.clear();
  wordFacts.set(word, f);
  return f;
}

/** The same token cut back to `end` (a possessive or a hyphenated tail dropped). */
function cutTok(source: string, t: Tok, end: number): Tok {
  // The token's text is source[t.start, t.end), so the shorter word is a prefix of it there.
  const word = knownWordAt(source, codeUnitsOf(source), t.start, end);
  return { start: t.start, end, text: word.text, cap: t.cap, initial: t.initial, facts: word };
}

const CONNECTORS = new Set(['of', 'for', 'de', 'du', 'des', 'da', 'di', 'del', 'della', 'von', 'van', 'der', 'den', 'la', 'le', 'al', 'bin', 'ibn', 'on', 'the']);

const KEEP_LOWER: ReadonlySet<string> = new Set([...CONNECTORS, 'and', 'in']);

/** The longest KEEP_LOWER word ("della"): a longer lowercase word is never kept. */
const KEEP_LOWER_MAX = Math.max(...[...KEEP_LOWER].map((w) => w.length));

/** A word with its facts, as tokens share it. */
type KnownWord = WordFacts;
/**
 * KEEP_LOWER by length and first character (all ASCII): words are matched in place, without a slice to hash.
 * Made at the first use, as factsOf needs patterns defined further down.
 */
let keepLowerAt: (KnownWord[] | undefined)[] | undefined;

/** The KEEP_LOWER word that the code units u[s, s + len) spell, if any. */
function keptLowerAt(u: Uint16Array, s: number, len: number): KnownWord | undefined {
  const c0 = u[s]!;
  if (c0 >= 128) return undefined;
  if (keepLowerAt === undefined) {
    keepLowerAt = new Array<KnownWord[] | undefined>((KEEP_LOWER_MAX + 1) * 128).fill(undefined);
    for (const word of KEEP_LOWER) (keepLowerAt[word.length * 128 + word.charCodeAt(0)] ??= []).push(factsOf(word));
  }
  const candidates = keepLowerAt[len * 128 + c0];
  if (candidates === undefined) return undefined;
  next: for (const w of candidates) {
    for (let k = 1; k < len; k++) if (u[s + k] !== w.text.charCodeAt(k)) continue next;
    return w;
  }
  return undefined;
}

/**
 * Capitalised words lately seen, with their facts, in slots by a hash of their characters: most names and
 * capitalised words recur, and finding one here needs neither a slice of the text nor a Map look-up (which
 * hashes the new string). A slot holds the last word hashed to it; a miss costs only the slice and factsOf.
 */
const RECENT_WORDS: (KnownWord | undefined)[] = new Array<KnownWord | undefined>(4096).fill(undefined);

/** text[s, e) with its facts, as the string that RECENT_WORDS holds when it has it; `u` is codeUnitsOf(text). */
function knownWordAt(text: string, u: Uint16Array, s: number, e: number): KnownWord {
  let h = e - s;
  for (let k = s; k < e; k++) h = (Math.imul(h, 31) + u[k]!) | 0;
  const slot = (h ^ (h >>> 12)) & 4095;
  const w = RECENT_WORDS[slot];
  if (w !== undefined && w.text.length === e - s) {
    let k = 0;
    while (k < e - s && w.text.charCodeAt(k) === u[s + k]) k++;
    if (k === e - s) return w;
  }
  const t = text.slice(s, e);
  const known = factsOf(t);
  RECENT_WORDS[slot] = known;
  return known;
}

/**
 * Whether text[s, j) is a run of capitals each followed by a full stop ("U.S.", "J."), as
 * /^(?:\p{Lu}\.)*\p{Lu}\.$/u reads text.slice(s, j); text[j - 1] is a full stop.
 */
function dottedInitialsAt(text: string, s: number, j: number): boolean {
  let k = s;
  while (k < j) {
    const cp = cpAt(text, k);
    if ((cpClasses(cp) & CP_LU) === 0) return false;
    k += cpWidth(cp);
    if (k >= j || text.charCodeAt(k) !== 46) return false;
    k++;
  }
  return true;
}

const CP_WORD_START = CP_L | CP_N;
const CP_WORD_BODY = CP_L | CP_M | CP_N;
const ASCII_CLASSES = Uint8Array.from({ length: 128 }, (_, c) => cpClasses(c));
/** 1 for the ASCII characters of CP_WORD_BODY (letters and digits). */
const ASCII_WORD_BODY = Uint8Array.from({ length: 128 }, (_, c) => ((ASCII_CLASSES[c]! & CP_WORD_BODY) !== 0 ? 1 : 0));
/** Where the run of letters, marks and digits (CP_WORD_BODY) that starts at s[i] ends; `u` is codeUnitsOf(s). */
function wordBodyEnd(s: string, u: Uint16Array, i: number, end: number): number {
  while (i < end) {
    const c = u[i]!;
    // Most text is ASCII: a table look-up, no code point decoding.
    if (c < 128) {
      if (ASCII_WORD_BODY[c] === 0) break;
      i++;
      continue;
    }
    const cp = cpWithin(s, i, end);
    if ((cpClasses(cp) & CP_WORD_BODY) === 0) break;
    i += cpWidth(cp);
  }
  return i;
}
/** The code point at s[i] as a regex over s.slice(…, end) reads it: a pair cut by `end` is a lone surrogate. */
function cpWithin(s: string, i: number, end: number): number {
  const cp = cpAt(s, i);
  return cp > 0xffff && i + 1 >= end ? s.charCodeAt(i) : cp;
}
/** The characters that may join two parts of one token: - ' ’ + & . */
const isJoiner = (c: number): boolean => c === 45 || c === 39 || c === 0x2019 || c === 43 || c === 38 || c === 46;
/**
 * The end of `/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’+&.][\p{L}\p{M}\p{N}]+)*\.?/u` matched at s[i] (a
 * letter or digit whose code point ends before s[from]), as a scan: the regex costs a Unicode property test
 * per character, on every sentence.
 */
function tokenEnd(s: string, u: Uint16Array, from: number, end: number): number {
  let j = wordBodyEnd(s, u, from, end);
  while (j + 1 < end && isJoiner(u[j]!)) {
    const k = wordBodyEnd(s, u, j + 1, end);
    if (k === j + 1) break;
    j = k;
  }
  return j < end && u[j] === 46 ? j + 1 : j;
}

const OPENERS_ONLY = /^[\s"'“‘«(\[]*$/;
const SENTENCE_BREAK_BEFORE = /[.!?…:]["'”’»)\]]*\s+["'“‘«(\[]*$/;
const LINE_BREAK = /[\r\n]/;
/** Whether text[a..b) has a character that SENTENCE_BREAK_BEFORE or LINE_BREAK needs: most gaps are one space. */
function mayBreakSentence(u: Uint16Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = u[i]!;
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 0x2026 || c === 13 || c === 10) return true;
  }
  return false;
}

/**
 * The tokens of the span being read, column by column: TOK_START, TOK_END, TOK_FLAGS (TOK_CAP, TOK_INITIAL)
 * and TOK_WORD (text and facts) at 0 … count - 1. Reused from span to span (extractEntities never nests), and a
 * token becomes a Tok object only when it joins a name (tokAt): most are lowercase words outside any name.
 */
let TOK_START = new Int32Array(256);
let TOK_END = new Int32Array(256);
let TOK_FLAGS = new Uint8Array(256);
const TOK_WORD: KnownWord[] = [];
const TOK_CAP = 1;
/** A sentence begins at this token. */
const TOK_INITIAL = 2;

function pushToken(at: number, s: number, e: number, flags: number, word: KnownWord): void {
  if (at === TOK_START.length) {
    const grow = <A extends Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    TOK_START = grow(TOK_START, (n) => new Int32Array(n));
    TOK_END = grow(TOK_END, (n) => new Int32Array(n));
    TOK_FLAGS = grow(TOK_FLAGS, (n) => new Uint8Array(n));
  }
  TOK_START[at] = s;
  TOK_END[at] = e;
  TOK_FLAGS[at] = flags;
  TOK_WORD[at] = word;
}

/** Token k of the span as a Tok. */
function tokAt(k: number): Tok {
  const word = TOK_WORD[k]!;
  const flags = TOK_FLAGS[k]!;
  return { start: TOK_START[k]!, end: TOK_END[k]!, text: word.text, cap: (flags & TOK_CAP) !== 0, initial: (flags & TOK_INITIAL) !== 0, facts: word };
}

/** Fills the token columns with the tokens of text[start, end) and returns how many there are. */
function tokens(text: string, start: number, end: number): number {
  let n = 0;
  // Scanned in place (as a regex over text.slice(start, end) would read it): the slice is slower to read.
  const u = codeUnitsOf(text);
  let prevEnd = start;
  let i = start;
  while (i < end) {
    const c = u[i]!;
    let classes: number;
    // Where the token's first code point ends.
    let next: number;
    if (c < 128) {
      classes = ASCII_CLASSES[c]!;
      if ((classes & CP_WORD_START) === 0) {
        i++;
        continue;
      }
      next = i + 1;
    } else {
      const cp = cpWithin(text, i, end);
      classes = cpClasses(cp);
      next = i + cpWidth(cp);
      if ((classes & CP_WORD_START) === 0) {
        i = next;
        continue;
      }
    }
    const j = tokenEnd(text, u, next, end);
    const s = i;
    const cap = (classes & CP_LU) !== 0;
    const dot = u[j - 1] === 46;
    i = j;
    if (!cap) {
      // Only capitals, the words that may join them ("of", "and") and edition years matter;
      // a dropped word still separates its neighbours because the gap then holds text.
      const len = dot ? j - 1 - s : j - s;
      prevEnd = s + len;
      if (len > KEEP_LOWER_MAX) continue;
      const kept = keptLowerAt(u, s, len);
      if (kept !== undefined) pushToken(n++, s, s + len, 0, kept);
      else if (len === 4 && u[s]! >= 48 && u[s]! <= 57) pushToken(n++, s, s + len, 0, knownWordAt(text, u, s, s + len));
      continue;
    }
    // Keep the dot only on initials and dotted acronyms ("U.S.", "J."), never a sentence's full stop.
    const e = dot && !dottedInitialsAt(text, s, j) ? j - 1 : j;
    const first = prevEnd === start;
    let initial = first && s === start;
    if (!initial && (first || mayBreakSentence(u, prevEnd, s))) {
      const gap = text.slice(prevEnd, s);
      initial = (first && OPENERS_ONLY.test(gap)) || SENTENCE_BREAK_BEFORE.test(gap) || LINE_BREAK.test(gap);
    }
    pushToken(n++, s, e, initial ? TOK_CAP | TOK_INITIAL : TOK_CAP, knownWordAt(text, u, s, e));
    prevEnd = e;
  }
  return n;
}

/** Strip a possessive ending (/['’]s?$/) so "Norway’s" cites "Norway". */
function stripPossessive(source: string, t: Tok): Tok {
  const w = t.text;
  const n = w.length;
  const c = w.charCodeAt(n - 1);
  let cut = 0;
  if (c === 39 || c === 0x2019) cut = 1;
  else if (c === 115 && n >= 2 && (w.charCodeAt(n - 2) === 39 || w.charCodeAt(n - 2) === 0x2019)) cut = 2;
  if (cut === 0 || n - cut < 1) return t;
  return cutTok(source, t, t.end - cut);
}

const ACRONYM = /^(?:\p{Lu}\.){2,}$|^\p{Lu}[\p{Lu}\p{N}&+\-]*\p{Lu}[\p{Lu}\p{N}]*$|^\p{Lu}[\p{Lu}\p{N}+\-]*\p{N}[\p{Lu}\p{N}+\-]*$/u;
const isAcronym = (w: string): boolean => ACRONYM.test(w) && w.length >= 2;
const HAS_NUMERAL = /\p{N}/u;
const TITLE_CASE_WORD = /^\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}]+)?$/u;
const INITIAL = /^\p{Lu}\.$/u;
const YEAR_WORD = /^\d{4}$/;
const THE_BEFORE = /\bthe\s+$/i;

/** Whether every word has the W_* flag. */
function all(words: readonly Tok[], flag: number): boolean {
  for (const w of words) if ((w.facts.is & flag) === 0) return false;
  return true;
}

/** Whether a word has the W_* flag. */
function any(words: readonly Tok[], flag: number): boolean {
  for (const w of words) if (w.facts.is & flag) return true;
  return false;
}

function guessKind(words: Tok[], text: string, floor: number, titled: boolean): EntityKind {
  if (titled) return 'person';
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (any(words, W_ORG)) {
    // A summit or a treaty is neither a place nor a person.
    if (last.facts.is & (W_EVENT_OR_DOC | W_YEAR)) return 'other';
    return 'organization';
  }
  if (words.length === 1 && PLACE_ACRONYMS.has(first.text)) return 'place';
  // "G20" is a club, "COVID-19" a disease: digits make an acronym too ambiguous to call.
  if (words.length === 1 && first.facts.is & W_ACRONYM) return first.facts.is & W_NUMERAL ? 'other' : 'organization';
  if (any(words, W_PLACE) || (words.length > 1 && first.facts.is & W_COMPASS)) return 'place';
  // The look-back: THE_BEFORE, PERSON_BEFORE and PLACE_BEFORE end in a word and blanks, so each is tried only on
  // one ending in one of its words.
  const from = Math.max(floor, first.start - 24);
  const to = first.start;
  if (words.length >= 2 && words.length <= 4 && all(words, W_NAME_CASE) && !(THE_ENDING.endsIn(text, from, to) && THE_BEFORE.test(text.slice(from, to)))) {
    if (any(words, W_INITIAL) || (PERSON_ENDINGS.endsIn(text, from, to) && PERSON_BEFORE.test(text.slice(from, to))) || SPEECH_AFTER.test(text.slice(last.end, last.end + 24))) return 'person';
  }
  if (PLACE_ENDINGS.endsIn(text, from, to) && PLACE_BEFORE.test(text.slice(from, to))) return 'place';
  // Demonyms ("Danish", "Western") and anything else unexplained.
  return 'other';
}

/** What extractEntities works on: module-level helpers instead of closures made per call. */
interface EntityScan {
  text: string;
  start: number;
  end: number;
  out: Entity[];
  /** Acronyms explained in brackets, with the kind of their long form; made at the first one. */
  kinds: Map<string, EntityKind> | undefined;
  run: Tok[];
  titled: boolean;
}

const ACRONYM_IN_BRACKETS = /^\s*\((\p{Lu}[\p{Lu}\p{N}.&+\-]*\p{Lu}\.?|\p{Lu}{2,})\)/u;

function emitEntity(st: EntityScan, words: Tok[], titled: boolean): void {
  const { text, start, end, out, kinds } = st;
  if (words.length === 0) return;
  // Names never end on a connector ("Bank of").
  while (words.length > 0 && words[words.length - 1]!.facts.is & W_CONNECTOR) words.pop();
  if (words.length === 0) return;
  const lastTok = stripPossessive(text, words[words.length - 1]!);
  words[words.length - 1] = lastTok;
  const s = words[0]!.start;
  const e = lastTok.end;
  // "Prime Ministers", "a University Instructor": a role, not a name.
  if (!titled && lastTok.facts.is & W_ROLE) return;
  if (!titled && all(words, W_ROLE | W_CONNECTOR)) return;
  // One word: the span is that word.
  if (words.length === 1 && lastTok.facts.is & W_COMMON) return;
  const span = text.slice(s, e);
  let kind = guessKind(words, text, start, titled);
  // An acronym explained earlier takes the kind of its long form.
  if (words.length === 1 && kinds?.has(span)) kind = kinds.get(span)!;
  out.push({ start: s, end: e, text: span, kind });
  // "European Union (EU)": the acronym in brackets names the same thing.
  if (words.length < 2) return;
  // ACRONYM_IN_BRACKETS opens with blanks and a bracket: look for that before cutting out the text after.
  const afterEnd = Math.min(end, e + 16);
  let b = e;
  while (b < afterEnd && isSpace(text.charCodeAt(b))) b++;
  if (b >= afterEnd || text.charCodeAt(b) !== 40) return;
  const paren = ACRONYM_IN_BRACKETS.exec(text.slice(e, afterEnd));
  if (paren) (st.kinds ??= new Map()).set(paren[1]!, kind);
}

/** Whether a title head ("President") comes at or after run[from]. */
function headFollows(run: readonly Tok[], from: number): boolean {
  for (let k = from; k < run.length; k++) if (run[k]!.facts.is & W_TITLE_HEAD) return true;
  return false;
}

function flushRun(st: EntityScan): void {
  const { run, out } = st;
  // Split off leading role words: "French President Emmanuel Macron" → person "Emmanuel Macron".
  let i = 0;
  let sawTitle = false;
  let lead: Tok[] | undefined;
  while (i < run.length) {
    const f = run[i]!.facts;
    if (f.is & W_TITLE && (f.is & W_TITLE_HEAD || sawTitle || headFollows(run, i + 1))) {
      sawTitle = true;
      i++;
      continue;
    }
    if (sawTitle && f.lower === 'of' && i + 1 < run.length) {
      // "President of France Emmanuel Macron": the office's country, then the holder.
      const place = run[i + 1]!;
      // emitEntity may decline ("Minister of Trade": a title word, not a country); then nothing is a place.
      const before = out.length;
      emitEntity(st, [place], false);
      if (out.length > before) out[out.length - 1]!.kind = 'place';
      i += 2;
      continue;
    }
    if (!sawTitle && i === 0) {
      // Words before the title ("French", "UN") are names of their own.
      let j = 0;
      while (j < run.length && !(run[j]!.facts.is & W_TITLE_HEAD) && !(run[j]!.facts.is & W_TITLE && headFollows(run, j + 1))) j++;
      if (j < run.length && j > 0) {
        lead = run.slice(0, j);
        i = j;
        continue;
      }
    }
    break;
  }
  if (lead !== undefined) emitEntity(st, lead, false);
  // The run is dropped after this, so emitEntity may have it whole (it trims what it is given).
  const rest = i === 0 ? run : run.slice(i);
  if (rest.length > 0) emitEntity(st, rest, sawTitle || st.titled);
  st.run = [];
  st.titled = false;
}

/** True when text[a..b) is one or more spaces, tabs or no-break spaces (/^[ \t\u00a0]+$/). */
function blanksOnly(u: Uint16Array, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let i = a; i < b; i++) {
    const c = u[i]!;
    if (c !== 32 && c !== 9 && c !== 0xa0) return false;
  }
  return true;
}

/** "Saudi-led", "US-based": a name with a lowercase word hyphenated on. */
const NAME_LED = /^[^-]+-\p{Ll}/u;
const FOUR_NUMERALS = /^\p{N}{4}$/u;
const CAPITALS_ONLY = /^\p{Lu}{2,}$/u;

/** Whether token k + 1 is a capitalised word that follows token k after nothing but blanks. */
function capitalFollows(u: Uint16Array, k: number, count: number): boolean {
  return k + 1 < count && (TOK_FLAGS[k + 1]! & TOK_CAP) !== 0 && blanksOnly(u, TOK_END[k]!, TOK_START[k + 1]!);
}

/** Whether a word of the run is an organisation word but no event or document word. */
function runHasOrgNotEvent(run: readonly Tok[]): boolean {
  for (const w of run) if ((w.facts.is & (W_ORG | W_EVENT_OR_DOC)) === W_ORG) return true;
  return false;
}

/** Whether the run holds "of" or "for". */
function runHasOfOrFor(run: readonly Tok[]): boolean {
  for (const w of run) if (w.text === 'of' || w.text === 'for') return true;
  return false;
}

/** Named entities in text.slice(start, end): capitalised multi-word names and acronyms, with a kind guess. */
export function extractEntities(text: string, start: number, end: number): Entity[] {
  if (end <= start) return [];
  const count = tokens(text, start, end);
  const u = codeUnitsOf(text);
  const out: Entity[] = [];
  const st: EntityScan = { text, start, end, out, kinds: undefined, run: [], titled: false };

  for (let i = 0; i < count; i++) {
    const flags = TOK_FLAGS[i]!;
    const cap = (flags & TOK_CAP) !== 0;
    // Most words are lowercase and outside any name: nothing to do.
    if (!cap && st.run.length === 0) continue;
    const tStart = TOK_START[i]!;
    const initial = (flags & TOK_INITIAL) !== 0;
    const joined = st.run.length > 0 && i > 0 && blanksOnly(u, TOK_END[i - 1]!, tStart) && !initial;
    const { lower, is } = TOK_WORD[i]!;
    if (st.run.length > 0 && !joined) flushRun(st);
    if (cap && is & W_NAME_LED) {
      // "Saudi-led", "US-based": an adjective built on a name; the name is the part before the hyphen.
      if (st.run.length > 0) flushRun(st);
      const name = cutTok(text, tokAt(i), tStart + TOK_WORD[i]!.text.indexOf('-'));
      if (!(initial && name.facts.is & W_COMMON)) {
        st.run.push(name);
        flushRun(st);
      }
      continue;
    }
    if (cap) {
      if (st.run.length === 0 && initial) {
        // A sentence-initial capital is a name only when it is not an ordinary word and is not an adverb/gerund opener.
        if (is & W_COMMON) continue;
        // "Shipments rose…": an ordinary word that happens to open the sentence.
        if (!capitalFollows(u, i, count) && isOrdinaryOpener(lower, text)) continue;
      }
      if (st.run.length === 0 && is & W_COMMON) {
        // "The United States": drop the article but keep what follows.
        continue;
      }
      st.run.push(tokAt(i));
      continue;
    }
    const previous = st.run.length > 0 ? st.run[st.run.length - 1]!.facts.is : 0;
    if (st.run.length > 0 && is & W_FOUR_NUMERALS && !(previous & W_EVENT_OR_DOC) && !(previous & W_ORG)) {
      // "EXPO 2017", "Summit 2022": an edition year belongs to the event name.
      if (previous & W_CAPITALS) { st.run.push(tokAt(i)); continue; }
    }
    if (st.run.length > 0 && is & W_FOUR_NUMERALS && previous & W_EVENT_OR_DOC) {
      st.run.push(tokAt(i));
      continue;
    }
    const nextJoined = capitalFollows(u, i, count);
    if (st.run.length > 0 && nextJoined && is & W_CONNECTOR) {
      st.run.push(tokAt(i));
      continue;
    }
    if (st.run.length > 0 && nextJoined && lower === 'and' && runHasOrgNotEvent(st.run) && runHasOfOrFor(st.run)) {
      // "Organization for Security and Cooperation in Europe", "Ministry of Trade and Industry".
      st.run.push(tokAt(i));
      continue;
    }
    if (st.run.length > 0 && nextJoined && lower === 'in' && any(st.run, W_ORG)) {
      st.run.push(tokAt(i));
      continue;
    }
    if (st.run.length > 0) flushRun(st);
  }
  if (st.run.length > 0) flushRun(st);
  // Names come out in text order but for a title's leading words.
  sortedBy(out, byStart);
  const { kinds } = st;
  // A later bare acronym inherits from an explained one even when it came first in the span.
  if (kinds) for (const e of out) if (kinds.has(e.text)) e.kind = kinds.get(e.text)!;
  // A name called a place (or person…) once in the span is the same thing where the context was silent:
  // it takes the first kind the span gives that name. Spans name a few things, so they are compared in turn.
  if (out.length > 1) {
    for (const e of out) {
      if (e.kind !== 'other') continue;
      for (const f of out) {
        if (f.kind !== 'other' && f.text === e.text) {
          e.kind = f.kind;
          break;
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// One text's mentions, span by span
// ---------------------------------------------------------------------------

/**
 * The mentions of spans of one text, each span extracted once however many
 * detectors ask: the claims and the consistency checks read the same
 * sentences. What it returns is shared, so callers copy before they change.
 */
export class SpanMentions {
  readonly #quantities = new Map<number, readonly Quantity[]>();
  readonly #entities = new Map<number, readonly Entity[]>();
  readonly #dates = new Map<number, readonly DateMention[]>();

  /** The context every span's dates are read in (extractDates only reads it). */
  readonly #dateContext: DateContext;

  /** `articleDate` resolves deictic dates, as DateContext.articleDate. */
  constructor(
    readonly text: string,
    readonly articleDate?: string,
  ) {
    this.#dateContext = { articleDate };
  }

  // Written out per kind rather than through one helper taking the extraction as a closure: these are asked
  // for every sentence, and most asks find the span done.

  quantities(start: number, end: number): readonly Quantity[] {
    const key = this.#key(start, end);
    let found = this.#quantities.get(key);
    if (found === undefined) this.#quantities.set(key, (found = extractQuantities(this.text, start, end)));
    return found;
  }

  entities(start: number, end: number): readonly Entity[] {
    const key = this.#key(start, end);
    let found = this.#entities.get(key);
    if (found === undefined) this.#entities.set(key, (found = extractEntities(this.text, start, end)));
    return found;
  }

  dates(start: number, end: number): readonly DateMention[] {
    const key = this.#key(start, end);
    let found = this.#dates.get(key);
    if (found === undefined) this.#dates.set(key, (found = extractDates(this.text, start, end, this.#dateContext)));
    return found;
  }

  #key(start: number, end: number): number {
    // Offsets are integers within the text, so this is one number per span.
    return start * (this.text.length + 1) + end;
  }
}
