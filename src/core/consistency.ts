/**
 * Statements that cannot all be true, inside one source and across sources.
 *
 * Every figure, event date, ranking and title is reduced to a key that names
 * what it is about (measure + subject + period, event + subject, person) so
 * that statements are compared only inside their key's group: the work stays
 * near-linear in the text, and two statements are compared only when they
 * speak of the same thing. Keys are deliberately narrow: a missed
 * contradiction costs less than a fact-checker's trust in a false alarm.
 *
 * The checks read body prose only (ctx.sentences minus ctx.nonProse and
 * captions, but a full sentence printed twice still counts once), never claim
 * scores, so they do not move when the claim model does.
 */
import type { Root } from 'mdast';
import type { Transformer } from 'unified';
import { ageMentions, agesConflict, type AgeMention } from './ages.js';
import { ageConflicts, anniversaries, anniversaryConflicts, birthAges, foundings, type Anniversary, type YearStatement } from './anniversaries.js';
import { contextOf, spanMentions, type SourceContext } from './context.js';
import { eventDays, eventLengths, lengthsConflict, type EventLength } from './durations.js';
import { countWord, listContradicts, listedCounts } from './enumerations.js';
import { makeCorroboration, makeFlag } from './flags.js';
import { byStart, isCommonCapitalised, sortedBy } from './mentions.js';
import { rankStatements, ranksConflict, type RankStatement } from './superlatives.js';
import { countedHead, transposedPairs, type FigureMention } from './transpositions.js';
import { onlyStatements, secondStatements, uniquenessConflicts } from './uniqueness.js';
import { referenceDate, weekdayDates, weekdayMismatch, WEEKDAY_NAMES, type ReferenceDate } from './weekdays.js';
import type { Corroboration, DateMention, Entity, Fact, Flag, FlagSpan, Paragraph, Quantity, Quoted, Sentence, Span } from './types.js';

// ---------------------------------------------------------------------------
// Vocabulary

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBR = new Map<string, number>(
  MONTHS.flatMap((m, i) => [[m, i + 1], [m.slice(0, 3), i + 1], ...(m === 'september' ? [['sept', 9] as [string, number]] : [])]),
);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const MONTH_RE = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

/** Title heads: the last word of an office ("Foreign Minister", "President of X"). */
const TITLE_HEADS = new Set([
  'minister', 'president', 'premier', 'secretary', 'chancellor', 'governor', 'mayor', 'ambassador', 'senator', 'speaker',
  'chairman', 'chairwoman', 'chairperson', 'chair', 'director', 'commissioner', 'spokesman', 'spokeswoman', 'spokesperson',
  'ceo', 'cfo', 'king', 'queen', 'emir', 'sultan', 'general', 'judge', 'prosecutor', 'envoy', 'governor-general', 'ombudsman',
  'mufti', 'patriarch', 'chief', 'head', 'leader', 'deputy', 'representative', 'congressman', 'congresswoman', 'mp',
  // Company offices: "Chief Financial Officer" and "Chief Executive" are read as their abbreviation (officeHead).
  'officer', 'executive', 'cto', 'coo', 'cmo', 'cio',
  // Posts of a city, county or state that one person holds at a time (see ONE_HOLDER_POSTS).
  'manager', 'attorney', 'clerk', 'treasurer', 'auditor', 'comptroller', 'sheriff', 'superintendent', 'administrator', 'assessor',
  // Ranks of a police force or an army, written before a name as an office is (see SERVICE_RANKS).
  'inspector', 'sergeant', 'constable', 'corporal', 'colonel',
]);
/** Company offices in the chief-officer series ("CEO", "chief operating officer"): one person holds one of them at a time. */
const C_SUITE = /^c[a-z]{1,3}o$/;
/** Rank words that name a post below the plain one ("vice president" is not the president). */
const RANK_BELOW = new Set(['vice', 'deputy']);
/** Rank words for someone standing in for the post: an acting president may well be the vice president. */
const STAND_IN = new Set(['acting', 'interim', 'caretaker']);
/** Rank words inside a title: "Deputy Foreign Minister" and "Foreign Minister" can both be true of two offices held at once. */
const SUBORDINATE = new Set(['deputy', 'vice', 'acting', 'interim', 'first', 'assistant', 'under', 'junior', 'senior', 'state', 'shadow', 'co']);
/** Time words that take a title out of the present ("former Defence Minister"). */
// "Outgoing" is not here: the outgoing prime minister is still the prime minister until the successor takes over.
const NOT_CURRENT = /\b(?:former|ex|then|late|future|incoming|previous|erstwhile|onetime|one-time|would-be)\s*-?\s*$/i;

/** Events that happen once to a thing: a second date for one of them is a contradiction. */
const ONCE_EVENTS: [RegExp, string][] = [
  [/^(?:found(?:ed|ing|ation)|establish(?:ed|ment)|creat(?:ed|ion)|incepted|inception|form(?:ed|ation)|incorporat(?:ed|ion)|set up)$/, 'founding'],
  [/^(?:launch(?:ed|ing)?)$/, 'launch'],
  [/^(?:independence|independent)$/, 'independence'],
  [/^(?:born|birth)$/, 'birth'],
  [/^(?:died|death)$/, 'death'],
  [/^(?:inaugurat(?:ed|ion))$/, 'inauguration'],
  [/^(?:signed|signing)$/, 'signing'],
];
/** Occasions: things that take place on a day and are named by their noun ("the summit"). */
const OCCASIONS = new Set([
  'summit', 'forum', 'conference', 'congress', 'election', 'referendum', 'meeting', 'ceremony', 'festival', 'visit', 'talks',
  'vote', 'poll', 'attack', 'parade', 'convention', 'session', 'inauguration', 'coronation', 'funeral', 'wedding', 'match',
  'final', 'race', 'concert', 'exhibition', 'expo', 'rally', 'strike', 'protest', 'debate', 'census', 'launch', 'signing',
]);
/** Occasions that one polity holds once on one day; elections only with a national-scope qualifier. */
const ONE_PER_DAY = new Set(['summit', 'inauguration', 'coronation', 'census']);
const NATIONAL_SCOPE = new Set(['presidential', 'parliamentary', 'general', 'national', 'federal', 'legislative']);
const HOLD_VERB = /\b(?:held|holds|hold|holding|hosted|hosts|host|staged|stages|organi[sz]ed|conducted|saw|had)\s+$/i;

/** Measure words → canonical measure. The flow measures carry a direction (origin → destination). */
const MEASURES: [RegExp, string][] = [
  [/^export(?:s|ed|er|ers|ing)?$/, 'export'],
  [/^(?:sold|sells?|selling|shipped|shipments?)$/, 'export'],
  [/^import(?:s|ed|er|ers|ing)?$/, 'import'],
  [/^(?:trade|trading|turnover)$/, 'trade'],
  [/^(?:revenues?|earnings|takings)$/, 'revenue'],
  [/^(?:gdp|economy)$/, 'gdp'],
  [/^budgets?$/, 'budget'],
  [/^debts?$/, 'debt'],
  [/^deficits?$/, 'deficit'],
  [/^surplus(?:es)?$/, 'surplus'],
  [/^(?:spending|spent|spend|spends|expenditures?|outlays?)$/, 'spending'],
  [/^(?:invest(?:ed|ments?|s)?)$/, 'investment'],
  [/^(?:lent|loans?|lending)$/, 'lending'],
  [/^(?:costs?|costing)$/, 'cost'],
  [/^profits?$/, 'profit'],
  [/^(?:loss|losses)$/, 'loss'],
  [/^(?:population|inhabitants|residents|census)$/, 'population'],
  [/^(?:unemployment|jobless(?:ness)?)$/, 'unemployment'],
  [/^inflation$/, 'inflation'],
  [/^turnout$/, 'turnout'],
  [/^(?:deaths?|died|killed|dead|fatalities)$/, 'deaths'],
  [/^(?:injured|wounded|injuries)$/, 'injured'],
  [/^(?:detained|arrested|arrests|detentions)$/, 'detained'],
  // People moved out of harm's way: the verb and the noun for them count the same people.
  [/^(?:evacuated|evacuees)$/, 'evacuees'],
  [/^(?:tourists|visitors|arrivals)$/, 'visitors'],
  [/^(?:salary|salaries|wages?)$/, 'wages'],
  [/^(?:production|produced|output)$/, 'production'],
  [/^emissions$/, 'emissions'],
  [/^(?:aid|assistance)$/, 'aid'],
  [/^(?:reserves)$/, 'reserves'],
  [/^(?:fees|tolls|levies)$/, 'fees'],
  [/^royalties$/, 'royalties'],
  [/^taxes$/, 'taxes'],
  [/^tariffs$/, 'tariffs'],
  [/^(?:subsid(?:y|ies))$/, 'subsidies'],
  [/^remittances$/, 'remittances'],
  [/^dividends$/, 'dividends'],
];
const FLOW = new Set(['export', 'import']);
/** Levels at a moment, not sums over a period. */
const RATES = new Set(['unemployment', 'inflation', 'turnout', 'votes']);
const STOCKS = new Set(['population', 'debt', 'reserves', 'unemployment', 'inflation', 'budget']);
/** Words that never describe what a figure measures. */
const NOT_MEASURE = new Set([
  'the', 'a', 'an', 'of', 'in', 'to', 'from', 'with', 'at', 'on', 'by', 'for', 'and', 'or', 'its', 'their', 'his', 'her', 'our',
  'record', 'total', 'worth', 'value', 'amount', 'figure', 'some', 'about', 'around', 'nearly', 'almost', 'roughly', 'over', 'under',
  'more', 'less', 'than', 'was', 'were', 'is', 'are', 'be', 'been', 'reached', 'stood', 'came', 'rose', 'fell', 'grew', 'high', 'low',
  'goods', 'materials', 'products', 'year', 'years', 'last', 'this', 'that', 'new', 'annual', 'overall', 'net', 'little', 'just',
  'only', 'mere', 'fraction', 'as', 'which', 'who', 'it', 'they', 'had', 'has', 'have', 'per', 'cent', 'percent', 'times',
]);
/** Plural-looking words that are not counted nouns. */
const NOT_PLURAL = new Set(['is', 'was', 'has', 'his', 'its', 'this', 'as', 'us', 'plus', 'less', 'across', 'thus', 'whereas', 'since', 'yes', 'does', 'always', 'perhaps']);
const IRREGULAR_PLURALS = new Set(['people', 'children', 'men', 'women', 'staff', 'police', 'personnel', 'cattle', 'troops']);

const CHANGE_VERB = /\b(?:grew|grow|grows|growing|rose|rise|rises|rising|risen|increased|increase|increases|jumped|climbed|surged|soared|gained|fell|fall|falls|falling|fallen|dropped|drop|declined|decline|decreased|decrease|shrank|shrunk|slid|slumped|plunged|expanded|contracted)\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$/i;
const CHANGE_WORD = /^(?:grew|grow|grows|rose|rise|rises|risen|fell|fall|falls|fallen|dropped|drops|declined|declines|jumped|jumps|climbed|climbs|surged|soared|slid|slumped|plunged|totalled|totaled|totals|reached|reaches|stood|stands|hit|hits|doubled|halved|amounted|amounts)$/;
const DOWN_VERB = /\b(?:fell|fall|falls|falling|fallen|dropped|drop|declined|decline|decreased|decrease|shrank|shrunk|slid|slumped|plunged|contracted)\b/i;

// ---------------------------------------------------------------------------
// Small text helpers

const lower = (s: string): string => s.toLowerCase();
const CAP_START = /^\p{Lu}/u;
const isCap = (w: string): boolean => CAP_START.test(w);
/** Anything normSpace would change: a space other than ' ', two spaces together, or a space at either end. */
const UNNORMAL_SPACE = /[^\S ]| {2}|^ | $/;
const normSpace = (s: string): string => (UNNORMAL_SPACE.test(s) ? s.replace(/\s+/g, ' ').trim() : s);
const APOS = /['’]/;
/** Whether a UTF-16 unit is white space as /\s/ has it. */
const isSpaceUnit = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;
/** Whether /['’]s?$/ matches a word: it ends in an apostrophe, or in an apostrophe and an s. */
function possessiveEnd(w: string): boolean {
  const n = w.length;
  return n > 0 && (isApostrophe(w.charCodeAt(n - 1)) || (n > 1 && w.charCodeAt(n - 1) === 115 && isApostrophe(w.charCodeAt(n - 2))));
}

/**
 * Words as one alternation factored into a trie, "(?:a(?:bc|d)|e)" for abc, ad, e: the same strings as
 * "(?:abc|ad|e)", but the engine tries each character once per branch rather than once per word. Of two words
 * one of which begins the other, the longer is tried first (its tail is a greedy option). `unit` writes the
 * pattern for a word's character at an offset (by default the character itself).
 */
function alternation(words: Iterable<string>, unit: (ch: string, at: number) => string = escapeChar): string {
  interface Node { end: boolean; next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const branches = (node: Node, at: number): string => {
    const alts = [...node.next].map(([ch, child]) => unit(ch, at) + branches(child, at + 1));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    return node.end ? `(?:${body})?` : body;
  };
  return `(?:${branches(root, 0)})`;
}
function escapeChar(ch: string): string {
  return ch.replace(/[-.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Measures by word; null for a word that is none. */
const measureCache = new Map<string, string | null>();
function measureOf(word: string): string | undefined {
  // Every measure word is three letters or more and begins with a letter that lowercases to ASCII (A–Z, a–z, or
  // the Kelvin sign; İ lowercases to two characters, the second of which no measure word has).
  const c = word.charCodeAt(0);
  if (word.length < 3 || (c < 128 ? (c | 32) < 97 || (c | 32) > 122 : c !== 0x212a)) return undefined;
  const hit = measureCache.get(word);
  if (hit !== undefined) return hit ?? undefined;
  const w = lower(word);
  let found: string | null = null;
  for (const [re, m] of MEASURES) if (re.test(w)) { found = m; break; }
  if (measureCache.size > 50000) measureCache.clear();
  measureCache.set(word, found);
  return found ?? undefined;
}

function singular(noun: string): string {
  const n = lower(noun).replace(/['’]$/, '');
  if (/ies$/.test(n)) return n.slice(0, -3) + 'y';
  if (/(?:ches|shes|sses|xes|zes)$/.test(n)) return n.slice(0, -2);
  if (/s$/.test(n) && !/ss$/.test(n)) return n.slice(0, -1);
  return n;
}

const isPluralNoun = (w: string): boolean => {
  const l = lower(w);
  if (IRREGULAR_PLURALS.has(l)) return true;
  return /^[a-z][a-z-]*[a-rt-z]s['’]?$/.test(l) && !NOT_PLURAL.has(l) && !/(?:ous|ss|us|is)$/.test(l);
};

/** Words with their offsets inside [start, end), the first `limit` of them. */
function wordsIn(text: string, start: number, end: number, limit = Infinity): { w: string; start: number; end: number }[] {
  // The matches of /[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*['’]?/gu in text.slice(start, end), as a scan: it
  // runs on every figure's surroundings, and the regex costs a Unicode property test per character per try.
  const out: { w: string; start: number; end: number }[] = [];
  let i = start;
  while (i < end && out.length < limit) {
    const width = letterOrDigitAt(text, i, end);
    if (width === 0) {
      i += unitAt(text, i, end);
      continue;
    }
    let j = runEnd(text, i + width, end);
    for (;;) {
      const c = text.charCodeAt(j);
      if (j + 1 >= end || (c !== 45 && c !== 39 && c !== 0x2019 && c !== 46)) break;
      const next = letterOrDigitAt(text, j + 1, end);
      if (next === 0) break;
      j = runEnd(text, j + 1 + next, end);
    }
    if (j < end && (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 0x2019)) j++;
    out.push({ w: text.slice(i, j), start: i, end: j });
    i = j;
  }
  return out;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** The length of the code point at text[i] (a surrogate pair only whole before `end`). */
function unitAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}
/** The length of the letter or digit (\p{L}, \p{N}) at text[i], 0 if there is none. */
function letterOrDigitAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) ? 1 : 0;
  const n = unitAt(text, i, end);
  return LETTER_OR_DIGIT.test(text.slice(i, i + n)) ? n : 0;
}
/** Where the run of letters and digits going on at text[i] ends. */
function runEnd(text: string, i: number, end: number): number {
  while (i < end) {
    const n = letterOrDigitAt(text, i, end);
    if (n === 0) break;
    i += n;
  }
  return i;
}

/** The smallest step the figure was stated to ("$13.9 billion" → 0.1e9): rounding is not disagreement. */
function stepOf(q: { text: string; value: number }): number {
  const m = /(\d[\d,]*)(?:\.(\d+))?/.exec(q.text);
  if (!m) return Math.max(1, Math.abs(q.value) * 0.01);
  const decimals = m[2]?.length ?? 0;
  const num = Number(m[1]!.replace(/,/g, '') + (m[2] ? '.' + m[2] : ''));
  const scale = num > 0 ? q.value / num : 1;
  return Math.pow(10, -decimals) * scale;
}

// ---------------------------------------------------------------------------
// Mentions: the shared extractor, plus the one thing it leaves out (days without a year).

interface Num {
  start: number;
  end: number;
  text: string;
  kind: Quantity['kind'];
  value: number;
  unit?: string;
  approx?: Quantity['approx'];
  /** Words like "little under" ask for closeness, not just a bound. */
  near: boolean;
  step: number;
}

interface When {
  start: number;
  end: number;
  text: string;
  value: string;
  relative?: boolean;
}

interface Name {
  start: number;
  end: number;
  text: string;
  kind: Entity['kind'];
  canon: string;
  possessive: boolean;
}

/**
 * What `text.matchAll(re)` yields for a global pattern, without the copy of the pattern matchAll makes on every
 * call: on a sentence the copy costs several times the search. The pattern's lastIndex is left as it was.
 */
function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  const from = re.lastIndex;
  const out: RegExpExecArray[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match moves on by one character (a code point under the u flag), as matchAll does.
    if (m[0] === '') re.lastIndex += re.unicode && (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  re.lastIndex = from;
  return out;
}

/**
 * A pattern made from a text's own words, kept by its source: the same words (a group's noun, a team's name)
 * come back in sentence after sentence and text after text. Only for patterns without the g or y flag, whose
 * searches leave nothing behind on the shared object.
 */
const madePatterns = new Map<string, RegExp>();
function madePattern(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = madePatterns.get(key);
  if (re === undefined) {
    re = new RegExp(source, flags);
    if (madePatterns.size > 2000) madePatterns.clear();
    madePatterns.set(key, re);
  }
  return re;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
/**
 * Whether `text.startsWith(m.text, m.start)` for a mention as long as its span. A slice (which copies nothing) and
 * an equality are several times quicker than startsWith, which reads the text a character at a time; a negative
 * offset, which slice reads from the end, keeps startsWith.
 */
const standsAt = (text: string, m: Quoted): boolean =>
  m.end - m.start === m.text.length && (m.start >= 0 ? text.slice(m.start, m.end) === m.text : text.startsWith(m.text, m.start));

/** Does a span overlap any of `sorted` (sorted by start, pairwise disjoint)? Binary search keeps big texts linear. */
function overlapsAny(sorted: readonly Span[], sp: Span): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < sp.end) { last = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return last >= 0 && sorted[last]!.end > sp.start;
}

/** Whether a span overlaps any of `list` (in any order). */
function overlapsSome(list: readonly Span[], sp: Span): boolean {
  for (const x of list) if (overlaps(x, sp)) return true;
  return false;
}

const isDigitUnit = (c: number): boolean => c >= 48 && c <= 57;
/** Whether /^\d{4}$/ matches s.slice(0, 4). */
const startsWithFourDigits = (s: string): boolean =>
  s.length >= 4 && isDigitUnit(s.charCodeAt(0)) && isDigitUnit(s.charCodeAt(1)) && isDigitUnit(s.charCodeAt(2)) && isDigitUnit(s.charCodeAt(3));

function isSortedByStart(list: readonly Span[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.start > list[i]!.start) return false;
  return true;
}

/** Add `item` to its group in `groups`, keeping first-seen group order. */
function pushTo<K, V>(groups: Map<K, V[]>, key: K, item: V): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

function mergeBySpan<T extends Span>(primary: readonly T[], extra: readonly T[]): readonly T[] {
  // Most sentences have no extra mentions: then the primary ones serve as they are, once in order.
  if (extra.length === 0 && isSortedByStart(primary)) return primary;
  const out = [...primary];
  for (const e of extra) if (!primary.some((p) => overlaps(p, e))) out.push(e);
  return sortedBy(out, byStart);
}

/**
 * Days named without a year ("on 19 March"): the shared extractor leaves them out when the article date is
 * unknown, but two of them are enough to see that one event was given two days.
 */
const padDay = (n: number): string => String(n).padStart(2, '0');
const monthNumber = (w: string): number => MONTH_ABBR.get(lower(w).replace(/\.$/, '')) ?? 0;
const YEARLESS_PATTERNS: [RegExp, (m: RegExpExecArray) => [number, number]][] = [
  [new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE})(?![\\p{L}])(?!,?\\s+\\d{4})`, 'gu'), (m) => [monthNumber(m[2]!), Number(m[1])]],
  [new RegExp(`(?<![\\p{L}\\p{N}])(${MONTH_RE})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{L}\\p{N}])(?!,?\\s+\\d{4})`, 'gu'), (m) => [monthNumber(m[1]!), Number(m[2])]],
];
const LONG_WORD_DOT = /\p{L}{4,}\.$/u;
const ANY_DIGIT = /\d/;
/** The first three letters of every name MONTH_RE matches. */
const MONTH_ANYWHERE = /Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec/;

/** What yearlessDays finds in a span that names no day (shared: it is only read). */
const NO_DAYS: readonly DateMention[] = Object.freeze([]);

/** `slice` is text.slice(start, end). */
function yearlessDays(slice: string, start: number): readonly DateMention[] {
  // Both patterns need a digit and a month, whose names they match as written.
  if (!ANY_DIGIT.test(slice) || !MONTH_ANYWHERE.test(slice)) return NO_DAYS;
  const out: DateMention[] = [];
  const pad = padDay;
  for (const [re, parse] of YEARLESS_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const [mo, d] = parse(m);
      if (mo < 1 || d < 1 || d > 31) continue;
      const s = start + m.index;
      // The dot of "Mar." belongs to the date; the full stop after "March" does not.
      const body = LONG_WORD_DOT.test(m[0]) ? m[0].slice(0, -1) : m[0];
      out.push({ start: s, end: s + body.length, text: body, value: `--${pad(mo)}-${pad(d)}` });
    }
  }
  return out.length === 0 ? NO_DAYS : sortedBy(out, byStart);
}

const ALIASES: Record<string, string> = {
  us: 'united states', usa: 'united states', america: 'united states', 'united states of america': 'united states',
  uk: 'united kingdom', britain: 'united kingdom', 'great britain': 'united kingdom', eu: 'european union', prc: 'china',
  türkiye: 'turkey', turkiye: 'turkey',
};

const canonCache = new Map<string, string>();
function canonName(raw: string): string {
  const hit = canonCache.get(raw);
  if (hit !== undefined) return hit;
  const canon = canonNameOf(raw);
  if (canonCache.size > 20000) canonCache.clear();
  canonCache.set(raw, canon);
  return canon;
}

function canonNameOf(raw: string): string {
  let s = lower(raw).replace(/['’]s?$/, '').replace(/^the\s+/, '').replace(/\./g, '');
  s = normSpace(s);
  return ALIASES[s] ?? s;
}

/** A name as the prose keeps it: its canonical form, whether that is no name (a letter, a month, a weekday), and its initials. */
interface NameKey {
  canon: string;
  dropped: boolean;
  initials: string | undefined;
}
/** Name keys by the name as written: one lookup per entity where the parts would take four. */
const nameKeyCache = new Map<string, NameKey>();
function nameKeyOf(raw: string): NameKey {
  let k = nameKeyCache.get(raw);
  if (k === undefined) {
    const canon = canonName(raw);
    // One word has at most one part: no initials.
    k = { canon, dropped: canon.length <= 1 || MONTH_ABBR.has(canon) || WEEKDAYS.has(canon), initials: canon.indexOf(' ') >= 0 ? initialsOf(canon) : undefined };
    if (nameKeyCache.size > 20000) nameKeyCache.clear();
    nameKeyCache.set(raw, k);
  }
  return k;
}

// ---------------------------------------------------------------------------
// The prose of one source, with its mentions

class ProseSentence implements Quoted {
  /** Whether the lowercased sentence has an occasion word in it (see OCCASION_ANYWHERE), once known. */
  occasionWord?: boolean;
  /** Whether the sentence has a digit, once known: several checks ask, and a search reads the whole sentence. */
  digit?: boolean;
  /** Whether the sentence has a digit or a number word (see hasCount), once known. */
  count?: boolean;
  /** Whether the sentence's text is the source's at its offsets (see standsIn), once known. */
  stands?: boolean;
  constructor(
    readonly id: string,
    readonly paragraphId: string,
    readonly index: number,
    readonly start: number,
    readonly end: number,
    readonly text: string,
    readonly nums: Num[],
    readonly dates: When[],
    readonly names: Name[],
    /** Stated years in the sentence, for telling a person's career apart from a contradiction. */
    readonly years: string[],
    /** Whether the sentence may hold a character of LOWERS_TO_WORD_CHARACTER or ASCII_FOLDING (İ, the Kelvin sign, the long s). */
    readonly folds: boolean,
    private lowered: string | undefined,
  ) {}

  /** The sentence's text in lowercase (for quick tests of whether a word occurs at all), made when first asked: most sentences are never asked. */
  get lower(): string {
    return (this.lowered ??= lower(this.text));
  }
}

/** Whether the sentence's text is the source's text at its offsets, so that a test of one answers for the other. */
function standsIn(text: string, s: ProseSentence): boolean {
  s.stands ??= standsAt(text, s);
  return s.stands;
}

function hasDigit(s: ProseSentence): boolean {
  s.digit ??= ANY_DIGIT.test(s.text);
  return s.digit;
}

/**
 * Whether a sentence has a digit or one of GROUP_NUMBER_WORDS in any case: a necessary condition for every
 * pattern that holds a GROUP_NUMBER, found by one search of the lowercased sentence where each pattern's own
 * cheap test would be another.
 */
function hasCount(s: ProseSentence): boolean {
  s.count ??= hasDigit(s) || NUMBER_WORD_PART.test(s.lower);
  return s.count;
}

function hasOccasionWord(s: ProseSentence): boolean {
  s.occasionWord ??= OCCASION_ANYWHERE.test(s.lower) || (s.folds && LOWERS_TO_WORD_CHARACTER.test(s.text));
  return s.occasionWord;
}

interface Prose {
  ctx: SourceContext;
  sentences: ProseSentence[];
  home: string;
}

/** Short or repeated quotations are slogans and titles: their words are not the article's assertions. */
function sloganRanges(sentences: readonly Sentence[]): Span[] {
  const found: (Span & { key: string })[] = [];
  const re = /["“]([^"“”\n]{1,300})["”]/g;
  for (const s of sentences) {
    for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
      found.push({ start: s.start + m.index, end: s.start + m.index + m[0].length, key: normSpace(lower(m[1]!)).replace(/[.,!?;:]+$/, '') });
    }
  }
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
  return found.filter((f) => (counts.get(f.key) ?? 0) > 1 || f.key.split(' ').length <= 8).map(({ start, end }) => ({ start, end })).sort((a, b) => a.start - b.start);
}

/** The plural noun a figure counts ("5 million people lived" → people), looking past adjectives only. */
function countedNounAfter(text: string, from: number, end: number): string | undefined {
  const after = wordsIn(text, from, Math.min(end, from + 60), 4);
  if (after.length === 0 || !/^\s{1,2}$/.test(text.slice(from, after[0]!.start))) return undefined;
  for (let i = 0; i < after.length; i++) {
    const w = after[i]!;
    if (i > 0 && !/^\s+$/.test(text.slice(after[i - 1]!.end, w.start))) return undefined;
    if (isPluralNoun(w.w)) return lower(w.w).replace(/['’]$/, '');
    if (isCap(w.w) || !/^[\p{Ll}-]+$/u.test(w.w) || NOT_MEASURE.has(lower(w.w)) || measureOf(w.w)) return undefined;
  }
  return undefined;
}

/** The last word of every approximation pattern below: a tail without one matches none of them. */
const APPROX_END = /(?:under|below|than|over|above|nearly|almost|to|approaching|about|around|approximately|roughly|some|circa|estimated|approx\.?|~|least|most|of)\s*$/;

/** What a figure without a qualifying word before it keeps (shared: it is only read). */
const UNQUALIFIED: { approx?: Quantity['approx']; near: boolean } = Object.freeze({ near: false });

function approxFromText(text: string, q: Quantity): { approx?: Quantity['approx']; near: boolean } {
  const from = Math.max(0, q.start - 24);
  const prefix = q.text.slice(0, Math.max(0, q.text.search(/[\d$€£¥]/)));
  const unqualified = (): { approx?: Quantity['approx']; near: boolean } => (q.approx ? { approx: q.approx, near: q.approx === 'about' } : UNQUALIFIED);
  // Every pattern below ends in a word of APPROX_END. Where the figure's own text adds no word, that word ends
  // the last run of non-space before the figure, which is enough to test on its own when it is plain ASCII
  // (lowercasing it then depends on nothing around it).
  if (prefix.trim() === '') {
    let end = q.start;
    while (end > from && isSpaceUnit(text.charCodeAt(end - 1))) end--;
    if (end === from) return unqualified();
    let start = end;
    let ascii = true;
    for (; start > from && !isSpaceUnit(text.charCodeAt(start - 1)); start--) if (text.charCodeAt(start - 1) >= 128) ascii = false;
    if (ascii && !APPROX_END.test(lower(text.slice(start, end)))) return unqualified();
  }
  const tail = (lower(text.slice(from, q.start)) + ' ' + lower(prefix)).replace(/\s+/g, ' ');
  if (!APPROX_END.test(tail)) return unqualified();
  if (/(?:a\s+)?(?:little|just|slightly)\s+(?:under|below|less than)\s*$/.test(tail)) return { approx: 'less-than', near: true };
  if (/(?:a\s+)?(?:little|just|slightly)\s+(?:over|above|more than)\s*$/.test(tail)) return { approx: 'more-than', near: true };
  if (/(?:nearly|almost|close to|approaching)\s*$/.test(tail)) return { approx: 'about', near: true };
  if (/(?:about|around|approximately|roughly|some|circa|an estimated|estimated|approx\.?|~)\s*$/.test(tail)) return { approx: 'about', near: true };
  if (/(?:under|below|less than|fewer than)\s*$/.test(tail)) return { approx: 'less-than', near: false };
  if (/(?:over|above|more than|upwards of|in excess of)\s*$/.test(tail)) return { approx: 'more-than', near: false };
  if (/at least\s*$/.test(tail)) return { approx: 'at-least', near: false };
  if (/(?:at most|up to|no more than)\s*$/.test(tail)) return { approx: 'at-most', near: false };
  return unqualified();
}

const REPORTING_VERB = /^\s+(?:said|say|says|noted|note|argued|argue|warned|warn|claimed|claim|told|point|pointed|added|believe|fear|feared|expect|expected|estimated|estimate|reported|suggested|suggest|insisted|insist|complained|complain|doubt|countered|counter|questioned|question|worry|worried)\b/i;

/** The words of a text as they are spelt: lowercase words, and capitalised words seen inside a sentence (names for sure). */
interface Spellings {
  lower: { has(word: string): boolean };
  midCaps: { has(word: string): boolean };
}

/**
 * Whether `text.match(pattern)` (a global pattern: one letter-like code point, then a greedy run of `run`
 * code points) would include `word`, answered without collecting every match: the matches of such a pattern
 * never cross a run's start, so `word` is one iff at one of its occurrences the first match from the start of
 * the run that holds it begins there and is `word`.
 */
/** Whether a match of some global pattern begins at text[i] and is exactly `word` (which stands there). */
type MatchAt = (text: string, i: number, word: string) => boolean;

class MatchedWords {
  private readonly known = new Map<string, boolean>();
  constructor(
    private readonly text: string,
    private readonly shape: RegExp,
    private readonly matchAt: MatchAt,
  ) {}

  has(word: string): boolean {
    let hit = this.known.get(word);
    if (hit === undefined) {
      hit = this.find(word);
      this.known.set(word, hit);
    }
    return hit;
  }

  private find(word: string): boolean {
    if (!this.shape.test(word)) return false;
    const { text } = this;
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) if (this.matchAt(text, i, word)) return true;
    return false;
  }
}

/**
 * MatchAt by replaying `pattern` from the start of the run of `runChar` code points holding i: a match never
 * starts inside such a run except where the pattern itself would. `canStart(text, i)` is a cheap necessary
 * condition for a match at i (its \b), so that most occurrences of a frequent word need no replay.
 */
function replayed(pattern: RegExp, runChar: RegExp, canStart: (text: string, i: number) => boolean): MatchAt {
  return (text, i, word) => {
    if (!canStart(text, i)) return false;
    let r = i;
    while (r > 0) {
      const c = text.charCodeAt(r - 1);
      // The run classes hold the ASCII letters and the hyphen, and nothing else of ASCII.
      if (c < 128) {
        if (c !== 45 && ((c | 32) < 97 || (c | 32) > 122)) break;
        r--;
        continue;
      }
      const pair = c >= 0xdc00 && c <= 0xdfff && r >= 2 && text.charCodeAt(r - 2) >= 0xd800 && text.charCodeAt(r - 2) <= 0xdbff;
      const len = pair ? 2 : 1;
      if (!runChar.test(text.slice(r - len, r))) break;
      r -= len;
    }
    pattern.lastIndex = r;
    const m = pattern.exec(text);
    pattern.lastIndex = 0;
    return m !== null && m.index === i && m[0] === word;
  };
}

/**
 * Names as the figures need them: "Rostavia's Trade Boom" is Rostavia (possessive) plus a phrase, and a
 * capitalised opener that the text otherwise writes in lowercase ("Imports from…", "Nearly 5 million…") is no name.
 * An opener the text never capitalises mid-sentence is no name either when it looks like an adverb ("Roughly")
 * or qualifies a measure ("Nickel exports to…"); "Italy is…" stays a name once "to Italy" appears.
 */
const MEASURE_NEXT = /^\s+([\p{Ll}]+)/u;

const POSSESSIVE_INSIDE = /['’]s?\s/u;
const WHITESPACE = /\s/;


/** Whether /["“‘(:]\s*$/ matches text.slice(from, to), without the slice: the last character before `to` that is not white space opens a quotation, a bracket or a colon's clause. */
function openerBefore(text: string, from: number, to: number): boolean {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (isSpaceUnit(c)) continue;
    // " “ ‘ ( :
    return c === 34 || c === 0x201c || c === 0x2018 || c === 40 || c === 58;
  }
  return false;
}

/** Whether a single word is an ordinary word read as a name: a measure word or a common capitalised word. */
const ordinaryWordCache = new Map<string, boolean>();
function isOrdinaryWord(word: string): boolean {
  let hit = ordinaryWordCache.get(word);
  if (hit === undefined) {
    const w = lower(word);
    hit = measureOf(w) !== undefined || isCommonCapitalised(w);
    if (ordinaryWordCache.size > 50000) ordinaryWordCache.clear();
    ordinaryWordCache.set(word, hit);
  }
  return hit;
}

/**
 * An entity of span `s` as the checks read it (its possessive cut off), or undefined for one they drop. Asked
 * one entity at a time, so that a sentence's entities need no second list.
 */
function cleanEntity(text: string, s: Span, e: Entity, spell: Spellings): Entity | undefined {
  if (!standsAt(text, e)) return undefined;
  const poss = POSSESSIVE_INSIDE.exec(e.text);
  const ent = poss ? { ...e, end: e.start + poss.index, text: e.text.slice(0, poss.index) } : e;
  if (!ent.text) return undefined;
  // Only a single word can be an ordinary word read as a name; the tests below are all pure, so a name of
  // several words skips them. Each test drops the word, so they are taken cheapest first, and the two that
  // search the whole text (spell) last.
  if (!WHITESPACE.test(ent.text)) {
    if (isOrdinaryWord(ent.text)) return undefined;
    const opener = ent.start === s.start || openerBefore(text, Math.max(s.start, ent.start - 3), ent.start);
    if (opener) {
      const w = lower(ent.text);
      // "Critics noted that …", "Residents complained …": a plural opener that speaks is a group of people, not a name.
      if (isPluralNoun(w) && REPORTING_VERB.test(text.slice(ent.end, ent.end + 16))) return undefined;
      // An opener the text never capitalises mid-sentence: an adverb ("Roughly") or a measure's qualifier ("Nickel exports").
      const adverb = w.endsWith('ly');
      const next = adverb ? null : MEASURE_NEXT.exec(text.slice(ent.end, ent.end + 20));
      const qualifier = next !== null && measureOf(next[1]!) !== undefined;
      if ((adverb || qualifier) && !spell.midCaps.has(ent.text)) return undefined;
      if (spell.lower.has(w)) return undefined;
    }
  }
  return ent;
}

/**
 * A full sentence whose line is repeated word for word was printed twice (a CMS duplicate), so the article
 * still asserts it even where the structure pass set the pair aside as caption and alt text; a short or
 * unpunctuated repeated line stays a caption.
 */
function printedTwice(para: Paragraph, s: Sentence, linesRepeat: (para: Paragraph) => boolean): boolean {
  if (para.lines.length < 2 || !linesRepeat(para)) return false;
  return /[.!?]["'”’)]*$/.test(s.text) && wordsIn(s.text, 0, s.text.length, 8).length >= 8;
}

/** The longest sentence read as one statement (the longest sentences in news copy run to about 600 characters). */
const MAX_STATEMENT = 2000;

/** Every lowercase word of a text, and every capitalised word inside a sentence (see MatchedWords). */
/** The initials a name of several words would be abbreviated to ("united states" → "us"); nameKeyOf caches them. */
function initialsOf(canon: string): string | undefined {
  const parts = canon.split(' ').filter((p) => !/^(?:of|the|and|for)$/.test(p));
  return parts.length > 1 ? parts.map((p) => p[0]).join('') : undefined;
}

const LOWER_WORDS = /\b\p{Ll}[\p{L}-]*/gu;
const LOWER_WORD_SHAPE = /^\p{Ll}[\p{L}-]*$/u;
const LOWER_WORD_RUN = /^[\p{L}-]$/u;
const MID_CAP_SHAPE = /^\p{Lu}[\p{L}\p{M}-]*$/u;
const MID_CAP_RUN = /^[\p{L}\p{M}-]$/u;
const isAsciiWordChar = (c: number): boolean => (c >= 48 && c <= 57) || c === 95 || ((c | 32) >= 97 && (c | 32) <= 122);
/** LOWER_WORDS' \b (ASCII: the pattern has no i flag) at text[i]. */
const wordBoundaryAt = (text: string, i: number): boolean => (i > 0 && isAsciiWordChar(text.charCodeAt(i - 1))) !== isAsciiWordChar(text.charCodeAt(i));
const LOWER_OR_DIGIT = /^[\p{Ll}\p{N}]$/u;
/**
 * A match at text[i] of the mid-sentence capitals pattern, (?<=[\p{Ll}\p{N},;]\s{1,3})\p{Lu}[\p{L}\p{M}-]* searched
 * globally, decided on the spot: its look-behind holds when the spaces right before the
 * capital number one to three and follow a lowercase letter, a digit, a comma or a semicolon (a space is not in
 * that class, so no shorter count of them can do), and the match runs over letters, marks and hyphens. A match
 * cannot begin inside another, which a space ends, so nothing needs replaying.
 */
const midCapAt: MatchAt = (text, i, word) => {
  let spaces = 0;
  while (spaces < 4 && i - spaces > 0 && WHITESPACE.test(text[i - spaces - 1]!)) spaces++;
  if (spaces < 1 || spaces > 3 || i - spaces === 0) return false;
  const b = i - spaces;
  const c = text.charCodeAt(b - 1);
  const pair = c >= 0xdc00 && c <= 0xdfff && b >= 2 && text.charCodeAt(b - 2) >= 0xd800 && text.charCodeAt(b - 2) <= 0xdbff;
  const before = text.slice(b - (pair ? 2 : 1), b);
  if (before !== ',' && before !== ';' && !LOWER_OR_DIGIT.test(before)) return false;
  let j = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
  while (j < text.length) {
    const d = text.charCodeAt(j);
    const n = d >= 0xd800 && d <= 0xdbff && j + 1 < text.length && (text.charCodeAt(j + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    if (d < 128 ? d !== 45 && ((d | 32) < 97 || (d | 32) > 122) : !MID_CAP_RUN.test(text.slice(j, j + n))) break;
    j += n;
  }
  return j === i + word.length;
};

/** A key's ASCII character at i, lowercased (a key's are: it is in lowercase), or 0 for any other. */
function asciiLowerAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 128 || Number.isNaN(c) ? 0 : c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * A number that equal keys share: the length and two ASCII characters (lowercased) at fixed places, which tell
 * most sentences of one length apart. Given a key, or a text whose lowercase is its key and as long (see
 * readProse), it is the same number.
 */
function keyBucket(s: string): number {
  const n = s.length;
  return (n * 128 + asciiLowerAt(s, n >> 1)) * 128 + asciiLowerAt(s, n >> 2);
}

/**
 * The paragraph of each sentence by its id, asked in the order of ctx.sentences: the sentences are split
 * paragraph by paragraph, so a cursor over the paragraphs finds each at once; an id out of that order (or
 * unknown) is looked up in a map made for it.
 */
function paragraphFinder(paragraphs: readonly Paragraph[]): (id: string) => Paragraph | undefined {
  let at = 0;
  let byId: Map<string, Paragraph> | undefined;
  // Paragraph ids are unique (p1, p2, …), so the first paragraph found with an id is the one.
  return (id) => {
    const stop = Math.min(paragraphs.length, at + 8);
    for (let i = at; i < stop; i++) {
      if (paragraphs[i]!.id === id) {
        at = i;
        return paragraphs[i];
      }
    }
    if (!byId) {
      byId = new Map();
      for (const p of paragraphs) if (!byId.has(p.id)) byId.set(p.id, p);
    }
    return byId.get(id);
  };
}

/** Whether a sentence overlaps a line of its paragraph that is not prose. */
function onNonProseLine(nonProse: ReadonlySet<string>, para: Paragraph, s: Span): boolean {
  for (const l of para.lines) if (nonProse.has(l.id) && overlaps(l, s)) return true;
  return false;
}

function readProse(ctx: SourceContext): Prose {
  const { text } = ctx;
  const captions = [...ctx.captions].sort((a, b) => a.start - b.start);
  const paragraphOf = paragraphFinder(ctx.paragraphs);
  const spell: Spellings = {
    lower: new MatchedWords(text, LOWER_WORD_SHAPE, replayed(LOWER_WORDS, LOWER_WORD_RUN, wordBoundaryAt)),
    midCaps: new MatchedWords(text, MID_CAP_SHAPE, midCapAt),
  };
  // Whether every line of a paragraph is its first line again, asked once per paragraph.
  const repeats = new Map<Paragraph, boolean>();
  const linesRepeat = (para: Paragraph): boolean => {
    let same = repeats.get(para);
    if (same === undefined) {
      const first = normSpace(lower(para.lines[0]!.text));
      same = para.lines.every((l) => normSpace(lower(l.text)) === first);
      repeats.set(para, same);
    }
    return same;
  };
  // The keys seen, by length: equal keys have equal lengths, and a length is a cheap key where hashing a
  // sentence-long string reads all of it.
  const seen = new Map<number, number[]>();
  const kept: Sentence[] = [];
  // Per kept sentence, its lowercase and its key, once made.
  const keptLower: (string | undefined)[] = [];
  const keptKey: (string | undefined)[] = [];
  // Without İ (the one character whose lowercase is longer) and the Kelvin sign (the one character outside
  // ASCII whose lowercase is in it), a sentence whose white space is already normal has its lowercase for a
  // key, as long as its text and with the ASCII characters of the text lowercased in place: its bucket
  // (keyBucket) is read off the text, and its key made only when another key falls in the same bucket.
  const lengthKept = text.indexOf('\u0130') < 0 && text.indexOf('\u212a') < 0;
  for (const s of ctx.sentences) {
    const para = paragraphOf(s.paragraphId);
    const excluded =
      ctx.nonProse.has(s.paragraphId) || ctx.nonProse.has(s.id) || overlapsAny(captions, s) ||
      (para !== undefined && onNonProseLine(ctx.nonProse, para, s));
    if (excluded && !(para && printedTwice(para, s, linesRepeat))) continue;
    // A "sentence" of thousands of characters is a run-on list or data dump, not a statement: its figures
    // cannot be tied to subjects, and pairing them costs the square of their number.
    if (s.end - s.start > MAX_STATEMENT) continue;
    // A line repeated word for word is one statement printed twice, not a second source for it.
    const normal = lengthKept && !UNNORMAL_SPACE.test(s.text);
    let low = normal ? undefined : lower(s.text);
    let key = low === undefined ? undefined : normSpace(low);
    const bucket = keyBucket(key ?? s.text);
    const sameLength = seen.get(bucket);
    if (sameLength !== undefined) {
      if (key === undefined) key = low = lower(s.text);
      let repeated = false;
      for (const j of sameLength) {
        let other = keptKey[j];
        if (other === undefined) keptKey[j] = keptLower[j] = other = lower(kept[j]!.text);
        if (other === key) { repeated = true; break; }
      }
      if (repeated) continue;
      sameLength.push(kept.length);
    } else {
      seen.set(bucket, [kept.length]);
    }
    kept.push(s);
    keptLower.push(low);
    keptKey.push(key);
  }
  const slogans = sloganRanges(kept);
  const inSlogan = (sp: Span): boolean => slogans.length > 0 && overlapsAny(slogans, sp);
  // Shared with the claims, which read the same sentences: only read, never changed.
  const mentions = spanMentions(ctx);
  // Almost no text has one of these: then no sentence needs looking at for them (a character at a time is the
  // quickest search there is).
  const folds = text.indexOf('\u0130') >= 0 || text.indexOf('\u212a') >= 0 || text.indexOf('\u017f') >= 0;
  const sentences: ProseSentence[] = [];
  // Acronyms stand for a longer name used in the same text ("U.S." for "United States").
  const initials = new Map<string, string>();
  for (let index = 0; index < kept.length; index++) {
    const s = kept[index]!;
    const dates = mergeBySpan(mentions.dates(s.start, s.end), yearlessDays(text.slice(s.start, s.end), s.start));
    const nums: Num[] = [];
    for (const q of mentions.quantities(s.start, s.end)) {
      if (q.kind === 'year' || q.kind === 'ordinal') continue;
      if (inSlogan(q) || overlapsSome(dates, q) || !Number.isFinite(q.value) || !standsAt(text, q)) continue;
      const a = approxFromText(text, q);
      const n: Num = { start: q.start, end: q.end, text: q.text, kind: q.kind, value: q.value, near: a.near, step: stepOf(q) };
      const unit = q.kind === 'count' || q.kind === 'number' ? countedNounAfter(text, q.end, s.end) ?? (q.kind === 'count' ? q.unit : undefined) : q.unit;
      if (unit) n.unit = unit;
      if (n.kind === 'number' && unit) n.kind = 'count';
      if (a.approx) n.approx = a.approx;
      nums.push(n);
    }
    const dateList: When[] = [];
    const years: string[] = [];
    for (const d of dates) {
      if (inSlogan(d) || !standsAt(text, d)) continue;
      const w: When = { start: d.start, end: d.end, text: d.text, value: d.value };
      if (d.relative) w.relative = true;
      dateList.push(w);
      // The year is the value's first four characters when they are digits (most values have none).
      if (startsWithFourDigits(d.value)) {
        const y = d.value.slice(0, 4);
        if (!years.includes(y)) years.push(y);
      }
    }
    const names: Name[] = [];
    // cleanEntity keeps only entities that stand where they say.
    for (const raw of mentions.entities(s.start, s.end)) {
      const e = cleanEntity(text, s, raw, spell);
      if (e === undefined || inSlogan(e)) continue;
      const { canon, dropped, initials: key } = nameKeyOf(e.text);
      if (dropped) continue;
      const possessive = isApostrophe(text.charCodeAt(e.end)) || possessiveEnd(e.text);
      names.push({ start: e.start, end: e.end, text: e.text, kind: e.kind, canon, possessive });
      if (key !== undefined) initials.set(key, canon);
    }
    sentences.push(new ProseSentence(s.id, s.paragraphId, index, s.start, s.end, s.text, nums, dateList, names, years, folds, keptLower[index]));
  }
  // The home entity is the one the article is about: its figures need not name it every time.
  // Possessives count more: the article's own actor is the one whose exports, population or budget it reports.
  const freq = new Map<string, number>();
  const count = (canon: string, weight: number): void => void freq.set(canon, (freq.get(canon) ?? 0) + weight);
  for (const s of sentences) for (const n of s.names) {
    // A canonical name's only white space is single spaces (see canonNameOf), so an acronym of 2–5 letters
    // spaced out is at most 9 characters long.
    if (initials.size > 0 && n.canon.length <= 9) {
      const joined = n.canon.indexOf(' ') >= 0 ? n.canon.replaceAll(' ', '') : n.canon;
      const full = initials.get(joined);
      if (full && /^[a-z]{2,5}$/.test(joined) && n.text.replace(/[.\s]/g, '').toUpperCase() === n.text.replace(/[.\s]/g, '')) n.canon = full;
    }
    if (n.kind !== 'person') count(n.canon, n.possessive ? 3 : 1);
  }
  // A headline names what the article is about, even though it is not prose the checks read.
  const top = ctx.paragraphs[0];
  if (top && top.lines.length === 1 && !/[.!?]["”’]?$/.test(top.text) && wordsIn(top.text, 0, top.text.length, 21).length <= 20) {
    for (const raw of mentions.entities(top.start, top.end)) {
      const e = cleanEntity(text, top, raw, spell);
      if (e !== undefined && e.kind !== 'person') count(canonName(e.text), 3);
    }
  }
  let home = '';
  let best = 0;
  for (const [k, v] of freq) if (v > best) { best = v; home = k; }
  return { ctx, sentences, home };
}

const spanOf = (ctx: SourceContext, sp: Span): FlagSpan => ({ sourceId: ctx.source.id, start: sp.start, end: sp.end, text: ctx.text.slice(sp.start, sp.end) });

// ---------------------------------------------------------------------------
// Figures: every quantity gets a key (measure + subject + period + unit)

interface Figure {
  num: Num;
  sentence: ProseSentence;
  /** The measure word's family ("export"); `measure` folds exports and imports into one directed "flow". */
  raw: string;
  measure: string;
  /** The word before the measure ("foreign trade", "tourism revenue"): figures only conflict when it agrees. */
  modifier: string;
  subject: string;
  /** For flows: where the goods come from and go to. */
  origin?: string;
  dest?: string;
  period: string;
  unitClass: string;
  /** The subject (or both ends of a flow) is named in the sentence, not assumed from the article. */
  explicit: boolean;
  /** A percentage that states a change ("grew 32%"), not a level. */
  change: boolean;
  /** A base of comparison ("up from $4 billion") with no period of its own. */
  reference: boolean;
  /** A count of things something happened to (see countedEventAfter). */
  event?: boolean;
  /** For a project's cost: the name the project is given ("expansion of the X port"), if any. */
  thing?: string;
  key: string;
}

function unitClassOf(n: Num): string {
  if (n.kind === 'money') return `money:${n.unit ?? 'USD'}`;
  if (n.kind === 'percent') return 'percent';
  return 'n';
}

/** Clause breaks: a name or year across one belongs to another figure. Brackets are transparent ("Russia ($17.3 billion)"). */
const SEPARATOR = /[,;:—–]|\bfollowed by\b|\bwhile\b|\bwhereas\b|\bcompared (?:with|to)\b|\band\s+(?=in\b|on\b|by\b)/gi;

function lastSeparator(s: string): number {
  let last = -1;
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(s); m; m = SEPARATOR.exec(s)) last = m.index + m[0].length;
  return last;
}

function firstSeparator(s: string): number {
  SEPARATOR.lastIndex = 0;
  const m = SEPARATOR.exec(s);
  return m ? m.index : s.length;
}

/** Relative time the extractor could not resolve ("last year" without an article date): a period, but an unknown one. */
const UNRESOLVED_TIME = /\b(?:last|this|next|previous|past|current)\s+(?:year|month|quarter)\b|\b(?:a|one|two|three)\s+years?\s+(?:ago|earlier|later|before)\b|\bthat year\b/i;
const COMPARISON_YEAR = /\b(?:compared (?:to|with)|than(?: in)?|from|since|before|after|over|versus|vs\.?)\s+(?:the\s+(?:same\s+period\s+(?:of|in)\s+)?)?$/i;

/**
 * The period a figure is about: a year attached after it ("$5 billion in 2023") first, then one before it in
 * its clause ("In 2021, exports were…"), then the sentence's only year unless that year is a comparison base.
 */
function periodNear(s: ProseSentence, text: string, from: number, to: number, at: Span, stock: boolean): string {
  let best: When | undefined;
  let score = Infinity;
  for (const d of s.dates) {
    if (d.start < from || d.end > to || !/^\d{4}/.test(d.value)) continue;
    let sc: number;
    if (d.start >= at.end) {
      const gap = text.slice(at.end, d.start);
      sc = /^\s*(?:[\p{L}-]+\s+){0,4}?(?:in|on|during|for|of|by|since|until)\s+(?:the\s+(?:year\s+)?)?$/iu.test(gap) && !/[,;]/.test(gap) ? gap.length : 1000 + gap.length;
    } else {
      sc = at.start - d.end + (/[;]/.test(text.slice(d.end, at.start)) ? 500 : 0);
    }
    if (sc < score) { score = sc; best = d; }
  }
  const near = text.slice(from, to);
  if (!best && UNRESOLVED_TIME.test(near)) return '?';
  if (!best) {
    const yrs = s.dates.filter((d) => /^\d{4}/.test(d.value) && !COMPARISON_YEAR.test(text.slice(Math.max(s.start, d.start - 30), d.start)));
    if (new Set(yrs.map((d) => d.value.slice(0, 4))).size === 1) best = yrs[0];
  }
  if (!best) return '';
  const prefix = /\b(since|by|until|till|before|after|through)\s+(?:the\s+end\s+of\s+)?$/i.exec(text.slice(Math.max(0, best.start - 24), best.start));
  // "By 2023 the population was…" dates a level; "by 2024 they had planted…" sums up to a date.
  const marker = prefix && !(stock && lower(prefix[1]!) === 'by') ? lower(prefix[1]!) + ':' : '';
  return marker + periodOf(text, best);
}

const SUB_YEAR = /\b(first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(quarter|half|(?:three|six|nine|\d+)\s+months)\s+of\s+(?:the\s+)?(?:year\s+)?$|\b(Q[1-4]|H[12])\s*$/i;
const YEAR_KIND = /\b(fiscal|financial|budget|tax|school|academic|marketing|crop)\s+(?:year\s+)?$|\b(FY)\s*$/i;

/**
 * A date as a period, at the precision the text gives it: "March 2023", "the first quarter of 2023", "fiscal
 * 2023" and "2022-23" are periods of their own, not the calendar year 2023, so a monthly or quarterly figure
 * never contradicts the year's total.
 */
function periodOf(text: string, d: When): string {
  const year = d.value.slice(0, 4);
  if (!/^\d{4}$/.test(d.value)) return d.value;
  const before = text.slice(Math.max(0, d.start - 40), d.start);
  const sub = SUB_YEAR.exec(before);
  if (sub) return `${year}~${lower(sub[3] ?? `${sub[1]} ${sub[2]}`).replace(/\s+/g, ' ')}`;
  const kind = YEAR_KIND.exec(before);
  if (kind) return `${year}~${lower(kind[1] ?? kind[2]!)}`;
  const span = /^[-–/](\d{2}(?:\d{2})?)\b/.exec(text.slice(d.end, d.end + 6));
  if (span) return `${year}~${span[1]}`;
  return year;
}

const UNASSERTED = /\b(?:will|would|could|might|may|should|expected|expects|expect|forecasts?|forecast|projected|projects?|targets?|targeted|aims?|aiming|goal|plans?|planned|hopes?|hoping|pledged?|promised?|wants?|seeks?|not|never|no longer)\b|n['’]t\b/i;

/** Measure words in -ing that are nouns after a modifier ("education spending", "bank lending"). */
const NOUN_ING = /^(?:spending|lending|trading|borrowing|funding)$/i;
const VERB_FORM = /(?:ed|ing)$|^(?:sold|sells?|spent|spend|spends|lent|shipped|ships?|died|dead|killed|grew|rose|fell)$/i;
/** Short verbs that end in neither -ed nor -ing and so pass for a modifier ("put exports at…"). */
const PLAIN_VERBS = new Set(['put', 'puts', 'set', 'sets', 'say', 'says', 'said', 'see', 'saw', 'make', 'makes', 'made', 'show', 'shows', 'gave', 'give', 'gives', 'took', 'take', 'takes', 'hit', 'hits', 'cut', 'cuts', 'let', 'lets', 'keep', 'keeps', 'kept', 'bring', 'brings', 'brought', 'boost', 'boosts']);

interface MeasureHit {
  measure: string;
  modifier: string;
  wordStart: number;
  wordEnd: number;
  /** A count of things something happened to ("1,240 nurses were hired"): keyed by noun and verb, and only for a stated year. */
  event?: boolean;
}

/** Past participles without -ed, for counts of things something happened to ("40 schools built in 2022"). */
const IRREGULAR_PARTICIPLES = new Set([
  'built', 'sold', 'made', 'paid', 'held', 'sent', 'won', 'lost', 'taken', 'given', 'found', 'grown', 'shown', 'seen', 'written',
  'chosen', 'spent', 'kept', 'bought', 'caught', 'brought', 'taught', 'struck', 'born', 'laid', 'led', 'left', 'shot', 'stolen',
  'thrown', 'torn', 'sworn', 'hurt', 'beaten', 'driven', 'flown', 'sunk', 'broken', 'frozen', 'felled', 'dug', 'sewn', 'sown', 'won',
]);
/** -ed words that are not participles of a verb done to the counted things. */
const NOT_PARTICIPLE = new Set(['need', 'seed', 'speed', 'bed', 'red', 'feed', 'indeed', 'shed', 'proceed', 'exceed', 'succeed', 'breed']);
/** Words after "in/at/by …" that time or total a figure rather than narrow what it counts. */
const NOT_PLACE = new Set(['country', 'nation', 'nationwide', 'world', 'whole', 'total', 'all', 'year', 'years', 'month', 'months', 'week', 'weeks', 'period', 'time', 'place', 'turn', 'addition', 'part', 'fact', 'order', 'effect', 'first', 'last', 'end', 'course', 'spite', 'line', 'response', 'recent', 'past']);

/**
 * "1,240 nurses were hired in 2023", "the 1,420 nurses hired in 2023", "40 schools built by the state": a count
 * of things a stated verb happened to is a measure of its own (the noun and the verb), narrowed by adjectives
 * before the noun and a place or agent after the verb ("hired in the north", "built by charities"), so that
 * only the same thing counted in the same way can disagree.
 */
/** The pattern for a counted noun's event, per noun (the unit is the only varying part). */
const eventReCache = new Map<string, RegExp>();
const ED_PARTICIPLE = /^\p{Ll}{3,}ed$/u;

function countedEventAfter(text: string, n: Num, to: number): MeasureHit | undefined {
  if (!n.unit || /\b(?:another|further|additional|extra|more|other)\s+$/i.test(text.slice(Math.max(0, n.start - 16), n.start))) return undefined;
  const tail = text.slice(n.end, to);
  let eventRe = eventReCache.get(n.unit);
  if (!eventRe) {
    const noun = n.unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    eventRe = new RegExp(`^\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)${noun}['’]?\\s+(?:(?:who|that|which)\\s+)?(?:(?:were|was|have\\s+been|had\\s+been|has\\s+been|are|is|got|being)\\s+)?(?:(?:newly|also|first|all)\\s+)?(\\p{Ll}+)\\b`, 'u');
    if (eventReCache.size > 5000) eventReCache.clear();
    eventReCache.set(n.unit, eventRe);
  }
  const m = eventRe.exec(tail);
  if (!m) return undefined;
  const verb = m[2]!;
  const participle = (ED_PARTICIPLE.test(verb) && !NOT_PARTICIPLE.has(verb.slice(0, -1)) && !NOT_PARTICIPLE.has(verb)) || IRREGULAR_PARTICIPLES.has(verb);
  if (!participle) return undefined;
  const adjectives = (m[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
  const rest = tail.slice(m[0].length);
  const place = /^\s*(?:[\p{Ll}-]+\s+){0,2}?(?:in|at|across|by|from|for|on|into|to)\s+(?:the\s+|its\s+|their\s+|a\s+)?((?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)/u.exec(rest);
  const where: string[] = [];
  for (const w of place?.[1]!.split(/\s+/) ?? []) {
    if (NOT_PLACE.has(w) || MONTH_ABBR.has(w) || NOT_MEASURE.has(w) || VERB_FORM.test(w) || PLAIN_VERBS.has(w)) break;
    where.push(w);
  }
  return { measure: `${n.unit} ${verb}`, modifier: [...adjectives, ...where].join(' '), wordStart: n.end, wordEnd: n.end, event: true };
}

function measureNear(prose: Prose, s: ProseSentence, from: number, to: number, at: Span): MeasureHit | undefined {
  const { text } = prose.ctx;
  const ws = wordsIn(text, from, to);
  let best: MeasureHit | undefined;
  let dist = Infinity;
  ws.forEach((w, i) => {
    const m = measureOf(w.w);
    if (!m) return;
    const d = w.start >= at.end ? w.start - at.end : at.start - w.end;
    if (d >= dist) return;
    dist = d;
    // A modifier narrows a noun ("foreign trade", "tourism revenue"); verbs ("the country shipped") take none.
    const prev = ws[i - 1];
    let mod = '';
    const nounUse = !VERB_FORM.test(w.w) || NOUN_ING.test(w.w);
    if (prev && nounUse && prev.end <= w.start && /^\s+$/.test(text.slice(prev.end, w.start))) {
      const pw = lower(prev.w);
      const lowerCase = !isCap(prev.w);
      // A sentence's first word (after a list bullet or an opening quote) is capitalised as any word there is:
      // it is a modifier unless it is a name, and a name the text also writes in lower case is a word ("Operating
      // profit (EBIT) of…" beside "an operating profit of…").
      const first = prev.start === s.start || SENTENCE_LEAD.test(text.slice(s.start, prev.start));
      const opener = first && (!s.names.some((n) => overlaps(n, prev)) || (!lowerCase && text.includes(` ${pw} `)));
      if ((lowerCase || opener) && /^[\p{L}-]+$/u.test(prev.w) && !NOT_MEASURE.has(pw) && !PLAIN_VERBS.has(pw) && (!VERB_FORM.test(pw) || ADJECTIVE_FORM.test(pw)) && !measureOf(pw) && !/est$/.test(pw) && !APOS.test(text[prev.end] ?? '')) mod = pw;
    }
    // A verb's object narrows it instead: "sold $380 million worth of electricity" are electricity exports.
    if (!mod && VERB_FORM.test(w.w) && w.end <= at.start) {
      const obj = /^\s*(?:worth\s+)?of\s+([\p{Ll}-]+)\b/u.exec(text.slice(at.end, to));
      if (obj && !NOT_MEASURE.has(obj[1]!) && !measureOf(obj[1]!)) mod = obj[1]!;
    }
    // A noun's complement narrows it as a modifier would: "spending on school meals" is not "education spending".
    if (!mod && nounUse) {
      const comp = /^\s+(?:on|of|for)\s+(?:the\s+)?((?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)/u.exec(text.slice(w.end, to));
      const words: string[] = [];
      for (const cw of comp?.[1]!.split(/\s+/) ?? []) {
        if (NOT_MEASURE.has(cw) || PLAIN_VERBS.has(cw) || VERB_FORM.test(cw) || measureOf(cw) || CHANGE_WORD.test(cw)) break;
        words.push(cw);
      }
      if (words.length > 0) mod = words.join(' ');
    }
    best = { measure: m, modifier: mod, wordStart: w.start, wordEnd: w.end };
  });
  // "people" is a population only when they live somewhere or are counted.
  if (!best) {
    const people = ws.find((w) => /^(?:people|persons|residents|inhabitants|citizens)$/i.test(w.w));
    if (people && /\b(?:live[sd]?|living|counted|inhabit\w*|resident)\b/i.test(text.slice(from, to))) return { measure: 'population', modifier: '', wordStart: people.start, wordEnd: people.end };
  }
  return best;
}

const PERSON_MEASURES = new Set(['votes', 'wages']);
/** Modifiers in -ing or -ed that name a kind of figure, not a verb: "operating profit", "adjusted earnings". */
const ADJECTIVE_FORM = /^(?:operating|underlying|recurring|adjusted|reported|consolidated|diluted|sustaining|existing|remaining)$/;
/** A name right before one of these modifies the people speaking ("Environmental groups warned…"), not the figure. */
const SPEAKERS_AFTER = /^\s+(?:groups?|officials?|activists?|campaigners?|experts?|analysts?|sources?|authorities|scientists?|researchers?|lawmakers?|critics?|observers?|organi[sz]ations?|agencies)\b/;
/** What may stand before a sentence's first word: a list bullet, an opening quote or bracket. */
const SENTENCE_LEAD = /^[\s\-–—•*·"“‘'(]*$/;

const ATTR_GAP = /^\s*(?:\p{Ll}+\s+)?$/u;

/**
 * A disaster's extent in land: "12,000 hectares burned", "fires scorched 3,000 acres", "the 15,000 hectares
 * lost". The unit (after the figure) and a verb of land lost (after the unit, or right before the figure) make
 * one measure, so "burned" and "lost" state the same extent; "hectares of forest" narrows it by its land.
 */
const AREA_UNIT = /^\s*(?:hectares?|ha|acres?|km2|km²|sq\.?\s*(?:km|kilomet(?:re|er)s|mi|miles)|square\s+(?:kilomet(?:re|er)s|km|miles|mi))(?![\p{L}\p{N}])/u;
const AREA_VERB = '(?:burned|burnt|scorched|charred|blackened|consumed|destroyed|lost|ravaged|razed|flooded|inundated|submerged|devastated)';
const AREA_VERB_AFTER = new RegExp(`^(?:\\s+of\\s+((?:[\\p{Ll}-]+\\s+)?[\\p{Ll}-]+))?\\s+(?:(?:that|which)\\s+)?(?:(?:were|was|have\\s+been|has\\s+been|had\\s+been|are|is|being|had|have|has)\\s+)?(?:already\\s+)?${AREA_VERB}\\b`, 'u');
const AREA_VERB_BEFORE = new RegExp(`\\b${AREA_VERB}\\s+(?:(?:through|across|over)\\s+)?(?:(?:more\\s+than|over|about|around|nearly|almost|some|roughly|at\\s+least|an\\s+estimated)\\s+)?$`, 'u');
/** Land words that do not narrow an extent ("hectares of land" is every hectare). */
const ANY_LAND = new Set(['land', 'ground', 'territory', 'area', 'surface']);
/** One fire, flood or storm named in the sentence: its extent is a part of a season's, not another value of it. */
const ONE_DISASTER = /\b(?:the|a|an|this|that|one|its|each)\s+(?:[\p{L}\d-]+\s+){0,3}?(?:fire|blaze|wildfire|bushfire|inferno|flood|storm|hurricane|cyclone|typhoon|eruption|earthquake|quake|landslide)(?![\p{L}])/iu;

/**
 * "a $2.5 billion expansion", "the $2.7 billion project": money right before a noun for a works project is the
 * cost of the project. Read only after an article, and checked only when the text is about one such project
 * (see checkNumbers).
 */
const PROJECT_AFTER = /^\s+(?:([\p{Ll}-]+)\s+)?(project|expansion|extension|upgrade|redevelopment|renovation|refurbishment|modernisation|modernization|overhaul|scheme)(?![\p{L}])/u;
const PROJECT_ARTICLE = /\b(?:a|an|the|its|their)\s+$/i;
/** A project whose cost the text says was revised: two costs are then two estimates, not a contradiction. */
const COST_REVISED = /\b(?:overruns?|over budget|originally|initially|initial|original|revised|re-estimated|ballooned|escalated|balloon|up from|down from|new estimate|estimated|rose to|risen to|increased to|grew to|cost has|costs have|was first)\b/i;

/** Measures a disaster piles up while it lasts: a figure tied to a day or an update is not the total. */
const EXTENT = new Set(['evacuees', 'area lost']);
/** Tolls and extents that grow while a disaster lasts: a sentence that tells of an update or an early count gives another moment's total. */
const RUNNING = new Set(['evacuees', 'area lost', 'deaths', 'injured', 'detained']);
const EXTENT_UPDATE = /\b(?:so far|by then|by now|as of|until now|to date|now|latest|rose|risen|climbed|increased|grew|jumped|swelled|reached|up from|down from|later|provisional|preliminary|initial|initially|first reports?|at the time|revised)\b/i;
const DAY_ANCHOR = /\b(?:on|by)\s+(?:(?:last|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/**
 * The period of an extent: only a year stated for the figure in its own clause counts ("in 2023", "In 2021,
 * …"), never one of a comparison ("well below the 2023 season") or a name ("Natura 2000"). "This year" and no
 * year are the present of the story, one period; "last year" is another, unknown one. A verb with a day ("were
 * evacuated on Saturday") is that day's count.
 */
function extentPeriod(s: ProseSentence, text: string, from: number, to: number, n: Num, verb: boolean, clauseFrom: number): string {
  for (const d of s.dates) {
    if (d.start < from || d.end > to || !/^\d{4}/.test(d.value)) continue;
    if (/\b(?:than|below|above|compared|versus|unlike|like|since|from|after|before)\b[^,;]{0,24}$/i.test(text.slice(Math.max(s.start, d.start - 40), d.start))) continue;
    const attached = d.start >= n.end
      ? /^\s*(?:[\p{L}-]+\s+){0,4}?(?:in|during|for|of|over)\s+(?:the\s+)?(?:\p{Ll}+\s+)?$/u.test(text.slice(n.end, d.start))
      : /\b(?:in|during|for)\s+(?:the\s+)?$/i.test(text.slice(Math.max(s.start, d.start - 12), d.start)) && !/;/.test(text.slice(d.end, n.start));
    if (attached) return periodOf(text, d);
  }
  const clause = text.slice(from, to);
  if (UNRESOLVED_TIME.test(clause) && !/\bthis\s+(?:year|month|season|summer|winter|spring|autumn|fall)\b/i.test(clause)) return '?';
  const day = verb ? DAY_ANCHOR.exec(text.slice(clauseFrom, to)) : null;
  return day ? `day:${lower(day[1]!)}` : '';
}

/** "12,000 hectares burned", "scorched 3,000 acres": the extent measure of a figure in a unit of area, if it has one. */
function areaLostAt(text: string, n: Num, s: ProseSentence): MeasureHit | undefined {
  const unit = AREA_UNIT.exec(text.slice(n.end, Math.min(s.end, n.end + 30)));
  if (!unit) return undefined;
  const unitEnd = n.end + unit[0].length;
  const after = AREA_VERB_AFTER.exec(text.slice(unitEnd, Math.min(s.end, unitEnd + 60)));
  if (!after && !AREA_VERB_BEFORE.test(text.slice(Math.max(s.start, n.start - 40), n.start))) return undefined;
  const land = after?.[1] ? lower(after[1]) : '';
  return { measure: 'area lost', modifier: ANY_LAND.has(land) ? '' : land, wordStart: n.end, wordEnd: unitEnd };
}

/** "a $2.5 billion expansion": the cost of a works project, with the word before the noun as its modifier. */
function projectCostAt(text: string, n: Num, s: ProseSentence): MeasureHit | undefined {
  if (!PROJECT_ARTICLE.test(text.slice(Math.max(s.start, n.start - 6), n.start))) return undefined;
  const after = PROJECT_AFTER.exec(text.slice(n.end, Math.min(s.end, n.end + 40)));
  if (!after) return undefined;
  const nounEnd = n.end + after[0].length;
  return { measure: 'project cost', modifier: after[1] ? lower(after[1]) : '', wordStart: nounEnd - after[2]!.length, wordEnd: nounEnd };
}

/** "900 of the 2,500 evacuees": a part of the measure's whole, which the figure after it states. */
const PART_OF_MEASURE = /^\s+of\s+(?:the|its|their|these|those|all|[\p{Lu}][\p{L}-]*['’]s?)\s+(?:[\d.,]+\s+(?:million|billion|thousand\s+)?)?(?:[\p{Ll}-]+\s+){0,2}$/u;

const OTHER_FIGURE_YEAR = /^\s+(?:[\p{Ll}-]+\s+){0,2}?(?:in|during|for|of)\s+(?:the\s+)?(?:[\p{Ll}\d-]+\s+){0,3}?$/u;
/**
 * A year the sentence gives another of its figures ("…, compared with SEK 2.9 billion in the third quarter of
 * 2024"): the figure before it is not of that year. The gap is read as periodNear reads an attached year.
 */
function yearOfOtherFigure(s: ProseSentence, text: string, i: number, period: string): boolean {
  const year = period.replace(/^[a-z]+:/, '').slice(0, 4);
  if (!/^\d{4}$/.test(year)) return false;
  const same = s.dates.filter((d) => d.value.slice(0, 4) === year);
  const n = s.nums[i]!;
  // The other figure is one of the same kind ("nine months of 2025" is the period, not a figure).
  return same.length > 0 && same.every((d) => s.nums.some((k, j) => j !== i && ((k.kind === n.kind && k.unit === n.unit) || (k.kind === 'number' && !k.unit)) && k.end <= d.start && OTHER_FIGURE_YEAR.test(text.slice(k.end, d.start))));
}

function figuresOf(prose: Prose): Figure[] {
  const { ctx, home } = prose;
  const { text } = ctx;
  const figures: Figure[] = [];
  for (const s of prose.sentences) {
    let prev: Figure | undefined;
    s.nums.forEach((n, i) => {
      const prevEnd = i > 0 ? s.nums[i - 1]!.end : s.start;
      const nextStart = i + 1 < s.nums.length ? s.nums[i + 1]!.start : s.end;
      const cut = lastSeparator(text.slice(prevEnd, n.start));
      const nearFrom = cut >= 0 ? prevEnd + cut : prevEnd;
      const nearTo = n.end + firstSeparator(text.slice(n.end, nextStart));
      const before = text.slice(Math.max(s.start, n.start - 40), n.start);
      const change = n.kind === 'percent' && (CHANGE_VERB.test(before) || /^\s*(?:more|less|higher|lower|up|down|increase|decrease|rise|drop|growth|jump|fall)\b/i.test(text.slice(n.end, n.end + 14)));
      const refWord = /\b(?:from|than|compared (?:with|to)|versus|vs\.?)\s+(?:about\s+|around\s+|nearly\s+)?$/i.test(before) && !/\b(?:more|less|fewer)\s+than\s*$/i.test(before);
      const unitClass = unitClassOf(n);
      // A percentage is a level only of a rate ("unemployment of 6.2%"); "62% live in cities" is a share of something unnamed.

      // What is measured: a word in the figure's own clause, else the previous figure's in a list, else
      // the nearest in the sentence. A count says what it counts: "14 months" or "60 projects" key nothing,
      // while "40 deaths" and "2.6 million people living in X" do.
      let m: MeasureHit | undefined;
      if (n.kind === 'count' && n.unit) {
        const area = areaLostAt(text, n, s);
        const um = area ? undefined : measureOf(n.unit);
        if (area) m = area;
        else if (um) m = { measure: um, modifier: '', wordStart: n.end, wordEnd: n.end };
        else if (/^(?:people|persons|residents|inhabitants|citizens)$/.test(n.unit)) m = measureNear(prose, s, Math.max(nearFrom, n.start - 80), Math.min(nearTo, n.end + 60), n) ?? countedEventAfter(text, n, nearTo);
        else m = countedEventAfter(text, n, nearTo);
        if (!m) return;
      } else {
        m = (n.kind === 'money' ? projectCostAt(text, n, s) : undefined) ?? measureNear(prose, s, Math.max(nearFrom, n.start - 80), Math.min(nearTo, n.end + 60), n);
      }
      // "900 of the 2,500 evacuees" is a part of the figure after it.
      if (m && n.kind !== 'money' && m.wordStart > n.end && PART_OF_MEASURE.test(text.slice(n.end, m.wordStart))) return;
      // "…, 300 of them from abroad" is a part of the figure before, not another value of its measure.
      const inherited = !m && prev !== undefined && unitClassOf(prev.num) === unitClass && !prev.change && !/^\s+of\b/.test(text.slice(n.end, n.end + 4));
      if (!m && !inherited) m = measureNear(prose, s, Math.max(s.start, n.start - 120), Math.min(nearTo, n.end + 60), n);
      const raw = m?.measure ?? (inherited ? prev!.raw : '');
      const modifier = m ? m.modifier : inherited ? prev!.modifier : '';
      if (!raw) return;
      if (unitClass === 'percent' && !change && !RATES.has(raw)) return;
      // Targets, forecasts and denials are not figures the text asserts for the period.
      if (UNASSERTED.test(text.slice(nearFrom, n.start))) return;

      // Names in the clause around the figure, by the role their little words give them.
      const allowPerson = PERSON_MEASURES.has(raw);
      // Not names: a currency code of the figure ("SEK 3.4 billion"), the measure's abbreviation in brackets
      // ("profit (EBIT)"), the modifier capitalised as a sentence's first word.
      const ownWord = (e: Name): boolean =>
        overlaps(e, n) ||
        SPEAKERS_AFTER.test(text.slice(e.end, e.end + 16)) ||
        (m !== undefined && ((e.start >= m.wordEnd && /^\s*\($/.test(text.slice(m.wordEnd, e.start)) && text[e.end] === ')') || (modifier !== '' && e.end <= m.wordStart && lower(e.text) === modifier)));
      const near = s.names.filter((e) => e.start >= nearFrom && e.end <= nearTo && (allowPerson || e.kind !== 'person') && !ownWord(e));
      const wide = s.names.filter((e) => e.start >= prevEnd && e.end <= nearTo && (allowPerson || e.kind !== 'person') && !ownWord(e));
      const prep = (e: Name): string => lower(/(\w+)\s+(?:the\s+)?$/.exec(text.slice(Math.max(0, e.start - 12), e.start))?.[1] ?? '');
      const mStart = m?.wordStart ?? -1;
      const toE = near.find((e) => prep(e) === 'to' && (e.start > n.end || e.start > mStart));
      const fromE = near.find((e) => prep(e) === 'from' && (e.start > n.end || e.start > mStart));
      const possE = near.find((e) => e.possessive && e.start < n.start);
      const attrE = m ? near.find((e) => !e.possessive && e.end <= m!.wordStart && ATTR_GAP.test(text.slice(e.end, m!.wordStart))) : undefined;
      const afterOk = (e: Name): boolean => e.start < n.start || ['to', 'from', 'with', 'of', 'in', 'for'].includes(prep(e));
      const others = (near.length > 0 ? near : wide).filter(afterOk);
      const nearest = (list: Name[], not: string[]): Name | undefined => {
        let b: Name | undefined;
        let d = Infinity;
        for (const e of list) {
          if (not.includes(e.canon)) continue;
          const dd = e.start >= n.end ? e.start - n.end : n.start - e.end;
          if (dd < d) { d = dd; b = e; }
        }
        return b;
      };

      // One fire's or flood's extent is a part of the season's.
      const extent = EXTENT.has(raw);
      if (raw === 'area lost' && ONE_DISASTER.test(s.text)) return;
      const verb = raw === 'area lost' || (m !== undefined && m.wordStart !== m.wordEnd && VERB_FORM.test(text.slice(m.wordStart, m.wordEnd)));
      const given = extent ? extentPeriod(s, text, prevEnd, nextStart, n, verb, prevEnd) : periodNear(s, text, prevEnd, nextStart, n, STOCKS.has(raw));
      // A year the sentence gives another figure ("…, compared with SEK 2.9 billion in the third quarter of 2024")
      // is that figure's, not the period of one that states none.
      const ownYear = s.dates.some((d) => d.start >= prevEnd && d.end <= nextStart && /^\d{4}/.test(d.value));
      const period = (!extent && !ownYear && yearOfOtherFigure(s, text, i, given) ? '' : given) || (inherited ? prev!.period : '');
      // Undated event counts ("three clinics opened on Monday", "two opened on Tuesday") are many events, not one.
      if ((m?.event || (inherited && prev!.event)) && !/\d{4}/.test(period)) return;
      const fig: Figure = {
        num: n, sentence: s, raw, measure: raw, modifier, subject: '', period, unitClass, explicit: false, change,
        reference: refWord && !periodNearExplicit(s, n, prevEnd, nextStart, text), key: '',
      };
      if (m?.event || (inherited && prev!.event)) fig.event = true;
      if (FLOW.has(raw)) {
        let origin: string | undefined;
        let dest: string | undefined;
        let partnerNamed = false;
        if (inherited && prev?.origin && prev.dest) {
          // A list ("followed by China with $13.2 billion") varies the partner and keeps the other end.
          const partner = nearest(others, [home]);
          const partnerIsDest = prev.origin === home && prev.dest !== home ? true : prev.origin !== home ? false : raw === 'export';
          origin = partner && !partnerIsDest ? partner.canon : prev.origin;
          dest = partner && partnerIsDest ? partner.canon : prev.dest;
          partnerNamed = partner !== undefined;
        } else if (raw === 'export') {
          origin = fromE?.canon ?? possE?.canon ?? attrE?.canon;
          dest = toE?.canon ?? nearest(others, [origin ?? '', home])?.canon;
        } else {
          dest = toE?.canon ?? possE?.canon;
          origin = fromE?.canon ?? attrE?.canon ?? nearest(others, [dest ?? '', home])?.canon;
        }
        const named = (origin ? 1 : 0) + (dest ? 1 : 0);
        origin ??= home;
        dest ??= home;
        if (!origin || !dest || origin === dest) return;
        fig.origin = origin;
        fig.dest = dest;
        fig.subject = `${origin}>${dest}`;
        fig.explicit = inherited ? partnerNamed && (prev?.explicit ?? false) : named === 2 && (s.names.some((e) => e.canon === origin) && s.names.some((e) => e.canon === dest));
        fig.measure = 'flow';
      } else {
        const own = possE ?? attrE ?? nearest(others, [home]) ?? nearest(others, []);
        fig.subject = own?.canon ?? (inherited && near.length === 0 ? prev!.subject : home);
        fig.explicit = own !== undefined || (inherited && (prev?.explicit ?? false));
        // A project's cost is the article's project's: the name it is given ("expansion of the X port") is kept
        // apart, for checkNumbers to see whether the text speaks of one project or of several.
        if (raw === 'project cost') {
          const named = m ? /^\s+(?:of|at|for|in)\s+(?:the\s+)?$/ : undefined;
          const thing = named && m ? s.names.find((e) => e.start >= m!.wordEnd && e.start <= m!.wordEnd + 12 && named.test(text.slice(m!.wordEnd, e.start))) : undefined;
          fig.subject = home;
          fig.explicit = false;
          if (thing) fig.thing = thing.canon;
        }
      }
      fig.key = [fig.measure, fig.modifier, fig.subject, fig.period, fig.unitClass].join('|');
      figures.push(fig);
      prev = fig;
    });
  }
  return figures;
}

/**
 * A year attached to the figure itself: "from $4 billion in 2022", and also "compared with $19 billion with
 * Ostmark in 2022", where the base names its own partner and period and so is a figure in its own right.
 */
function periodNearExplicit(s: ProseSentence, n: Num, from: number, to: number, text: string): boolean {
  return s.dates.some((d) => {
    if (d.start < from || d.end > to || !/^\d{4}/.test(d.value) || d.start < n.end) return false;
    const gap = text.slice(n.end, d.start);
    return gap.length < 12 || (!/[,;:]/.test(gap) && /^\s*(?:[\p{L}-]+\s+){0,3}?(?:in|during|for)\s+(?:the\s+(?:year\s+)?)?$/iu.test(gap));
  });
}

// ---------------------------------------------------------------------------
// Agreement between two stated figures

type Agreement = 'same' | 'compatible' | 'conflict' | 'unknown';

interface Stated {
  value: number;
  step: number;
  approx?: Quantity['approx'];
  near: boolean;
}

const NEAR_TOLERANCE = 0.1;

function agree(a: Stated, b: Stated): Agreement {
  const slack = Math.max(a.step, b.step) / 2 + 1e-9 * Math.max(Math.abs(a.value), Math.abs(b.value));
  const diff = Math.abs(a.value - b.value);
  if (!a.approx && !b.approx) return diff <= slack ? 'same' : 'conflict';
  const within = (x: Stated, y: Stated): boolean => Math.abs(x.value - y.value) <= Math.abs(x.value) * NEAR_TOLERANCE + slack;
  const satisfies = (bound: Stated, other: Stated): boolean | undefined => {
    switch (bound.approx) {
      case 'less-than': return other.value < bound.value + slack;
      case 'at-most': return other.value <= bound.value + slack;
      case 'more-than': return other.value > bound.value - slack;
      case 'at-least': return other.value >= bound.value - slack;
      default: return undefined;
    }
  };
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const ok = satisfies(x, y);
    if (ok === false && !(y.approx && y.approx !== 'about')) return 'conflict';
  }
  if (a.approx && b.approx && a.approx !== 'about' && b.approx !== 'about') return 'unknown';
  const bound = a.approx && a.approx !== 'about' ? a : b.approx && b.approx !== 'about' ? b : undefined;
  if (bound) {
    const other = bound === a ? b : a;
    if (bound.near) return within(bound, other) ? 'compatible' : 'conflict';
    return 'unknown';
  }
  // Both or one "about": closeness within the tolerance either way.
  const about = a.approx === 'about' ? a : b;
  const other = about === a ? b : a;
  return within(about, other) ? 'compatible' : 'conflict';
}

const WORD_INITIAL = /\b\p{L}/gu;
const titleCase = (s: string): string => s.replace(WORD_INITIAL, (c) => c.toUpperCase());

/**
 * The figure in words. A subject neither statement names (`named` false) was assumed to be the article's
 * main one, which is right for "the population rose" in a story about one city and wrong for "three people
 * were killed" in a story about a company: a message does not name what the text itself did not.
 */
function describeFigure(f: Pick<Figure, 'raw' | 'measure' | 'modifier' | 'subject' | 'period' | 'origin' | 'dest'>, named = true): string {
  const title = titleCase;
  const when = f.period && f.period !== '?' ? ` in ${f.period.replace(':', ' ')}` : '';
  if (f.measure === 'flow' && f.origin && f.dest) return f.raw === 'import' ? `imports into ${title(f.dest)} from ${title(f.origin)}${when}` : `exports from ${title(f.origin)} to ${title(f.dest)}${when}`;
  return `${f.modifier ? f.modifier + ' ' : ''}${f.measure}${f.subject && named ? ` for ${title(f.subject)}` : ''}${when}`;
}

const stated = (n: Num): Stated => ({ value: n.value, step: n.step, near: n.near, ...(n.approx ? { approx: n.approx } : {}) });

// ---------------------------------------------------------------------------
// Rules within one source

interface Out {
  flags: Flag[];
  corroborations: Corroboration[];
  seen: Set<string>;
}

const newOut = (): Out => ({ flags: [], corroborations: [], seen: new Set() });

/**
 * One finding per rule and place: duplicates are told by their spans' offsets, not by ids, which may be built
 * from the spans' words (and then the same words flagged in two places are two findings).
 */
const placeKey = (what: string, spans: readonly FlagSpan[]): string => `${what}|${spans.map((sp) => `${sp.sourceId}:${sp.start}-${sp.end}`).join('|')}`;

// Messages quote the text, whose no-break spaces and line breaks have no place in one plain sentence.
function pushFlag(out: Out, flag: Flag): void {
  const key = placeKey(flag.rule, flag.spans);
  if (out.seen.has(key)) return;
  out.seen.add(key);
  out.flags.push({ ...flag, message: normSpace(flag.message) });
}
function pushCorroboration(out: Out, c: Corroboration): void {
  const key = placeKey(c.kind, c.spans);
  if (out.seen.has(key)) return;
  out.seen.add(key);
  out.corroborations.push({ ...c, message: normSpace(c.message) });
}

/** Distinct values per group beyond which a key is too loose to trust. */
const MAX_GROUP = 40;

// --- the physical size of the one thing a text is about, and one place's reading on one day

/** Things measured along their length, and things measured by their height, by the noun that names them. */
const LONG_THINGS = 'bridge|tunnel|road|highway|motorway|expressway|railway|railroad|pipeline|canal|runway|causeway|viaduct|aqueduct|pier|jetty|breakwater|seawall|levee|dyke|dike|promenade|boardwalk';
const TALL_THINGS = 'tower|skyscraper|spire|mast|chimney|statue|monument|peak|mountain|summit|volcano|waterfall|dam|pylon|obelisk|minaret|lighthouse';
const LENGTH_UNIT = '(?:kilomet(?:re|er)s?|km|met(?:re|er)s?|m|feet|foot|ft|miles?)';
const unitFamily = (u: string): string => (/^k/i.test(u) ? 'km' : /^mi/i.test(u) ? 'mi' : /^f/i.test(u) ? 'ft' : 'm');
const SIZE_NUMBER = '(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)';
/** "a 2,400-metre suspension bridge", "the 320m tower": a size before the noun, its dimension the noun's own. */
const SIZE_BEFORE = new RegExp(`\\b(?:an?|the|its|their)\\s+${SIZE_NUMBER}[- ]?(${LENGTH_UNIT})(?:-(?:long|high|tall))?\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)(${LONG_THINGS}|${TALL_THINGS})(?![\\p{L}])`, 'gu');
/** "1,200 metres long", "stretches 3 km", "rises 240 metres": a size said with its dimension. */
const SIZE_SAID = new RegExp(`(?:\\b(stretch(?:es|ed)?|spans?|spanned|runs?|ran|extends?|extended|rises?|rose|stands?|stood|towers?|towered)\\s+(?:for\\s+)?)?(?<![\\d.,])${SIZE_NUMBER}\\s?(${LENGTH_UNIT})(?:\\s+(long|high|tall|in\\s+length|in\\s+height))?(?![\\p{L}\\d])`, 'gu');
/** Words that set a thing apart from the one the text is about, or make its size a bound or an estimate. */
const OTHER_THING = /\b(?:other|another|second|third|old|older|former|existing|previous|original|nearby|rival|neighbouring|neighboring|planned|proposed|new|similar|sister|each|every)\s+(?:[\p{Ll}-]+\s+)?$/u;
const LONG_THING = new RegExp(`^(?:${LONG_THINGS})$`);
/** "the suspension bridge", "its tower": a thing of one kind, with up to two words before its noun. */
const THE_LONG_THING = new RegExp(`\\b(?:the|its)\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)(${LONG_THINGS})(?![\\p{L}])`, 'giu');
const THE_TALL_THING = new RegExp(`\\b(?:the|its)\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)(${TALL_THINGS})(?![\\p{L}])`, 'giu');
/** A number with a unit of length: the cheap test a sentence passes before the size patterns run. */
const SIZE_ANYWHERE = /\d[- ]?(?:k(?:m|ilomet)|m(?![a-z])|met(?:re|er)|f(?:ee)?t|foot|mile)/;
const SIZE_HEDGE = /\b(?:about|around|roughly|nearly|almost|some|over|under|approximately|more\s+than|less\s+than|at\s+least|up\s+to|an\s+estimated|between|than|from|to|and|or|per)\s+$/i;

interface ThingSize { span: Span; value: number; step: number; family: string; dim: string; noun: string; mods: string[]; name: string; sentence: ProseSentence }

/** A thing's name without the capitalised little words a sentence may open it with ("The Kessel Bridge"). */
const thingName = (raw: string): string => raw.replace(/^(?:(?:The|A|An|At|In|On|By|For|From|With|But|And|After|Before|When|While|Across|Over|Near)\s+)+/, '');

const stepOfText = (t: string): number => (t.includes('.') ? 10 ** -(t.length - t.indexOf('.') - 1) : 1);

/** Sizes of things in the text, each with the name the sentence gives its noun ("the Kessel Bridge"), if any. */
function thingSizesOf(prose: Prose): ThingSize[] {
  const { text } = prose.ctx;
  const found: ThingSize[] = [];
  const nameOf = (s: ProseSentence, noun: string): string => {
    const named = madePattern(`(?:\\p{Lu}[\\p{L}\\p{M}'’-]* )+${noun[0]!.toUpperCase()}${noun.slice(1)}\\b`, 'u').exec(s.text);
    return named ? thingName(named[0]) : '';
  };
  for (const s of prose.sentences) {
    if (!hasDigit(s) || !SIZE_ANYWHERE.test(s.lower)) continue;
    const l = s.lower;
    for (const m of matchesOf(SIZE_BEFORE, s.text)) {
      const at = s.start + m.index!;
      const noun = lower(m[4]!);
      const mods = (m[3] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
      if (mods.some((w) => OTHER_THING.test(`${w} `))) continue;
      const numAt = at + m[0].indexOf(m[1]!);
      found.push({ span: { start: numAt, end: at + m[0].length }, value: Number(m[1]!.replace(/,/g, '')), step: stepOfText(m[1]!), family: unitFamily(m[2]!), dim: LONG_THING.test(noun) ? 'length' : 'height', noun, mods, name: nameOf(s, noun), sentence: s });
    }
    if (!/long|high|tall|length|height|stretch|span|run|ran|extend|rise|rose|stand|stood|tower/.test(l)) continue;
    for (const m of matchesOf(SIZE_SAID, s.text)) {
      const verb = m[1] ? lower(m[1]) : '';
      const adj = m[4] ? lower(m[4]) : '';
      if (!verb && !adj) continue;
      const dim = /long|length|^(?:stretch|span|run|ran|extend)/.test(adj || verb) ? 'length' : 'height';
      const at = s.start + m.index!;
      const numAt = at + m[0].indexOf(m[2]!);
      if (SIZE_HEDGE.test(text.slice(Math.max(s.start, numAt - 16), numAt)) || /^\s*(?:per|a|an|each|above|below|under|over)\b/.test(text.slice(at + m[0].length, at + m[0].length + 8))) continue;
      // The thing is the nearest singular noun of its kind in the sentence, after "the" or "its".
      const things = dim === 'length' ? THE_LONG_THING : THE_TALL_THING;
      let best: RegExpExecArray | undefined;
      let dist = Infinity;
      for (const t of matchesOf(things, s.text)) {
        const tAt = s.start + t.index!;
        const d = Math.abs(tAt - numAt);
        if (d < dist) { dist = d; best = t; }
      }
      if (!best || dist > 80) continue;
      const mods = (best[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
      if (OTHER_THING.test(text.slice(Math.max(s.start, s.start + best.index! - 20), s.start + best.index! + best[0].length - best[2]!.length))) continue;
      const noun = lower(best[2]!);
      found.push({ span: { start: numAt, end: at + m[0].length }, value: Number(m[2]!.replace(/,/g, '')), step: stepOfText(m[2]!), family: unitFamily(m[3]!), dim, noun, mods, name: nameOf(s, noun), sentence: s });
    }
  }
  return found;
}

/** "the 83 million", "its 421", "the airline's 16.4 million": a determiner that refers to a known quantity. */
const POINTS_BACK = /(?:\b(?:the|its|their|this|that|these|those)|\p{L}['’]s)\s+(?:(?:about|some|nearly|roughly|around|estimated|reported)\s+)?$/iu;
const pointsBack = (text: string, start: number): boolean => POINTS_BACK.test(text.slice(Math.max(0, start - 40), start));

/** A figure printed again with two neighbouring digits swapped (see transpositions.ts). */
function checkTransposed(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const mentions: (FigureMention & { limit: number })[] = [];
  prose.sentences.forEach((s, sentence) => {
    if (!hasDigit(s)) return;
    for (const n of s.nums) mentions.push({ start: n.start, end: n.end, text: n.text, unitClass: unitClassOf(n), sentence, limit: s.end });
  });
  if (mentions.length < 2) return;
  const flagged = out.flags.filter((f) => f.rule === 'inconsistent-number');
  const covered = (a: Span, b: Span): boolean => flagged.some((f) => f.spans.some((x) => overlaps(x, a)) && f.spans.some((x) => overlaps(x, b)));
  for (const [earlier, later] of transposedPairs(mentions, (f) => countedHead(ctx.text, f.end, f.limit))) {
    // A swap is a slip only where the text points back to a figure it gave ("the 83 million cubic metre
    // reservoir", "its 421 stores"); two undetermined figures may be two owners' or two verbs' true counts.
    if (!pointsBack(ctx.text, later.start) && !pointsBack(ctx.text, earlier.start)) continue;
    if (covered(earlier, later)) continue;
    pushFlag(out, makeFlag('inconsistent-number', `The text gives ${earlier.text} and later ${later.text} of the same thing: the same digits with two swapped, a common slip.`, [spanOf(ctx, later), spanOf(ctx, earlier)]));
  }
}

/**
 * One thing given two sizes: "a 2,400-metre bridge" … "At 2,040 metres long, the bridge". A size said of "the
 * bridge" is the size of the bridge the text is about: the one its name names most often, when one does.
 */
function checkThingSizes(prose: Prose, out: Out): void {
  const sizes = thingSizesOf(prose);
  if (sizes.length < 2) return;
  const { ctx } = prose;
  const { text } = ctx;
  const mainName = new Map<string, string>();
  for (const noun of new Set(sizes.map((z) => z.noun))) {
    const counts = new Map<string, number>();
    for (const m of matchesOf(new RegExp(`(?:\\p{Lu}[\\p{L}\\p{M}'’-]* )+${noun[0]!.toUpperCase()}${noun.slice(1)}\\b`, 'gu'), text)) {
      const name = thingName(m[0]);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    // No name, or one name at least twice as often as any other: "the bridge" is that one.
    if (ranked.length === 0 || ranked.length === 1 || ranked[0]![1] >= 2 * ranked[1]![1]) mainName.set(noun, ranked[0]?.[0] ?? '');
  }
  const thing = (z: ThingSize): string | undefined => (z.name ? z.name : mainName.get(z.noun));
  eachConflict(sizes, (z) => `${z.noun}|${z.dim}|${z.family}`, (a, b) => {
    const [ta, tb] = [thing(a), thing(b)];
    if (ta === undefined || tb === undefined || ta !== tb || a.sentence === b.sentence) return false;
    const [fewer, more] = a.mods.length <= b.mods.length ? [a.mods, b.mods] : [b.mods, a.mods];
    return fewer.every((w) => more.includes(w)) && agree({ value: a.value, step: a.step, near: false }, { value: b.value, step: b.step, near: false }) === 'conflict';
  }, (a, b) => {
    pushFlag(out, makeFlag('inconsistent-number', `The text gives the ${b.noun}'s ${b.dim} as “${text.slice(a.span.start, a.span.end)}” and also as “${text.slice(b.span.start, b.span.end)}”.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

/** A temperature as written: "42.3C", "38 °C", "101F", "41 degrees Celsius". */
const TEMPERATURE = /(?<![\p{L}\p{N}.,-])(-?\d{1,3}(?:\.\d)?)\s?(?:°\s?|º\s?)?(?:([CF])(?![\p{L}\p{N}])|degrees\s+(Celsius|Fahrenheit|centigrade))/gu;
/** Around a temperature: a bound, a range, an estimate, a forecast, a record, a low or a mean is another figure than one reading. */
const READING_NOT_BEFORE = /\b(?:between|from|to|and|or|up\s+to|above|below|over|under|more\s+than|less\s+than|at\s+least|about|around|nearly|almost|roughly|some|exceed\w*|top\w*|surpass\w*|expected|forecasts?|forecast|predicted|could|may|might|will|would|record|average|averaged|normal|mean|low|lows|minimum|overnight|night|feels?|felt|index|water|sea|than)\s+(?:of\s+)?(?:a\s+)?$/i;
const READING_NOT_AFTER = /^\s*(?:to|and|or|-|–|record|average|forecast|expected|predicted|lows?|minimum|overnight|at\s+night|in\s+(?:the\s+)?(?:shade|water|sea))\b/i;
const WEEKDAY = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g;
const WEEKDAY_ANYWHERE = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/;

/**
 * One place's temperature on one day, given twice: "the thermometer hit 42.3C in Podvale on Friday" …
 * "Podvale's 43.2C reading on Friday". Only readings tied to a named place (its possessive, or "in"/"at" it)
 * and a weekday in their sentence are read, and only the same place on the same day can disagree.
 */
function checkReadings(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  const readings: { span: Span; value: number; unit: string; place: string; placeName: string; day: string; sentence: ProseSentence }[] = [];
  for (const s of prose.sentences) {
    if (!hasDigit(s) || !/\d\s?(?:°|º)?\s?[CF]\b|degrees/.test(s.text)) continue;
    if (!WEEKDAY_ANYWHERE.test(s.lower)) continue;
    for (const m of matchesOf(TEMPERATURE, s.text)) {
      const at = s.start + m.index!;
      const end = at + m[0].length;
      // The day is the one weekday of the reading's clause.
      const from = s.start + Math.max(s.text.lastIndexOf(',', m.index!), s.text.lastIndexOf(';', m.index!), -1) + 1;
      const next = s.text.slice(end - s.start).search(/[,;]/);
      const to = next < 0 ? s.end : end + next;
      const days = [...new Set(matchesOf(WEEKDAY, lower(text.slice(from, to))).map((d) => d[1]!))];
      if (days.length !== 1) continue;
      if (READING_NOT_BEFORE.test(text.slice(Math.max(s.start, at - 24), at)) || READING_NOT_AFTER.test(text.slice(end, end + 16))) continue;
      const named = s.names.filter((e) => e.kind !== 'person');
      const poss = named.find((e) => e.possessive && e.end <= at && /^['’]s?\s+$/.test(text.slice(e.end, at)) || (e.possessive && /^\s+$/.test(text.slice(e.end, at))));
      const after = named.find((e) => e.start >= end && e.start - end <= 30 && /^\s+(?:[\p{Ll}-]+\s+){0,2}?(?:in|at)\s+(?:the\s+)?$/u.test(text.slice(end, e.start)));
      const place = poss ?? after;
      if (!place) continue;
      const unit = m[2] ? m[2] : m[3]!.startsWith('F') ? 'F' : 'C';
      // The place as named, without what a name may run into ("Podvale on Friday") or its possessive.
      const placeName = place.text.split(/\s+(?=\p{Ll})/u)[0]!.replace(/['’]s?$/u, '');
      readings.push({ span: { start: at, end }, value: Number(m[1]), unit, place: lower(placeName), placeName, day: days[0]!, sentence: s });
    }
  }
  if (readings.length < 2) return;
  eachConflict(readings, (r) => `${r.place}|${r.day}|${r.unit}`, (a, b) => a.sentence !== b.sentence && a.value !== b.value, (a, b) => {
    pushFlag(out, makeFlag('inconsistent-number', `The text gives the temperature in ${a.placeName} on ${a.day[0]!.toUpperCase()}${a.day.slice(1)} as ${text.slice(a.span.start, a.span.end)} and also as ${text.slice(b.span.start, b.span.end)}.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

// --- one speed of one thing, stated twice: "winds of 185 kilometres per hour" … "the 195 kph winds"

const SPEED_UNIT = '(kilomet(?:re|er)s?\\s+(?:per|an|a)\\s+hour|km\\s*/\\s*h|kph|kmh|km\\s+per\\s+hour|miles\\s+(?:per|an|a)\\s+hour|mph|knots)';
const SPEED_NUMBER = '(\\d{1,3}(?:,\\d{3})?(?:\\.\\d+)?)';
/** "winds of 185 km/h", "a top speed of 320 km/h": the speed of the noun before "of". */
const SPEED_OF = new RegExp(`\\b((?:[\\p{Ll}-]+\\s+){0,2}?)(\\p{Ll}+)\\s+of\\s+${SPEED_NUMBER}\\s?${SPEED_UNIT}(?![\\p{L}\\p{N}])`, 'gud');
/** "the 195 kph winds", "its 300 km/h trains": a speed known already, said before its noun. */
const SPEED_ATTR = new RegExp(`\\b(?:the|its|their)\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)${SPEED_NUMBER}[- ]?${SPEED_UNIT}\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)(\\p{Ll}+)(?![\\p{L}\\p{N}])`, 'gud');
const SPEED_ANYWHERE = /\d\s?(?:kilomet|km|kph|miles|mph|knots)/;
/** Words that make two speeds of one noun two moments or two kinds: a storm weakens, a forecast is not a reading. */
const SPEED_CHANGES = /\b(?:weaken\w*|strengthen\w*|intensif\w*|eas(?:ed|ing|es)|slow\w*|picked\s+up|dropp\w*|fell|fall\w*|rose|ris(?:en|ing|es)|increas\w*|decreas\w*|reduc\w*|rais\w*|limit\w*|record\w*|average\w*|forecasts?|predicted|expected|could|would|will|may|might|before|after|earlier|later|previous|former|old|new)\b/i;
/** A speed's kind: "maximum sustained winds" and "peak gusts" are speeds of one wind only when neither kind differs. */
const SPEED_KINDS = new Set(['maximum', 'max', 'peak', 'top', 'sustained', 'average', 'mean', 'minimum', 'highest', 'lowest', 'cruising']);

interface Speed { span: Span; value: number; step: number; family: string; noun: string; written: string; kinds: string[]; sentence: ProseSentence }

const speedFamily = (u: string): string => (/^(?:mi|mph)/i.test(u) ? 'mph' : /^kn/i.test(u) ? 'knots' : 'km/h');

function checkSpeeds(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  const speeds: Speed[] = [];
  const add = (s: ProseSentence, at: number, end: number, num: string, unit: string, mods: string, noun: string): void => {
    // A bound or a hedge ("up to 230 kph", "about 180 km/h") is no reading to set against another.
    if (/\b(?:up\s+to|about|around|nearly|almost|some|roughly|over|under|more\s+than|less\s+than|at\s+least|exceeding|topping|than)\s+$/i.test(text.slice(Math.max(s.start, at - 16), at))) return;
    const value = Number(num.replace(/,/g, ''));
    const kinds = lower(mods).split(/\s+/).filter((w) => SPEED_KINDS.has(w));
    speeds.push({ span: { start: at, end }, value, step: stepOfText(num), family: speedFamily(unit), noun: singular(noun), written: lower(noun), kinds, sentence: s });
  };
  for (const s of prose.sentences) {
    if (!SPEED_ANYWHERE.test(s.lower) || SPEED_CHANGES.test(s.text)) continue;
    // A speed's span is its figure and unit ("185 kilometres per hour"), which is what a reader compares.
    for (const m of matchesOf(SPEED_OF, s.text)) add(s, s.start + m.indices![3]![0], s.start + m.indices![4]![1], m[3]!, m[4]!, m[1]!, m[2]!);
    for (const m of matchesOf(SPEED_ATTR, s.text)) add(s, s.start + m.indices![2]![0], s.start + m.indices![3]![1], m[2]!, m[3]!, `${m[1]!} ${m[4]!}`, m[5]!);
  }
  if (speeds.length < 2) return;
  // Each kind stated on one side must be the other's too, when it states one.
  const sameKind = (a: Speed, b: Speed): boolean => a.kinds.length === 0 || b.kinds.length === 0 || (a.kinds.every((k) => b.kinds.includes(k)) || b.kinds.every((k) => a.kinds.includes(k)));
  eachConflict(speeds, (x) => `${x.noun}|${x.family}`, (a, b) => a.sentence !== b.sentence && sameKind(a, b) && Math.abs(a.value - b.value) > Math.max(a.step, b.step) / 2, (a, b) => {
    pushFlag(out, makeFlag('inconsistent-number', `The text gives ${a.noun === 'speed' ? 'the speed' : `the speed of the ${a.written}`} as ${text.slice(a.span.start, a.span.end)} and later as ${text.slice(b.span.start, b.span.end)}.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

// --- the jobs one decision ends, stated twice: "eliminating 2,400 jobs" … "the 2,700 employees who will lose their jobs"

const JOB_COUNT = '(\\d{1,3}(?:,\\d{3})+|\\d+)';
/** A cut said three ways: a verb of cutting and "jobs", people who lose their jobs, and "job cuts". */
const JOB_LOSSES = new RegExp(
  `\\b(?:cut|cuts|cutting|eliminat(?:e|es|ed|ing)|shed|sheds|shedding|slash(?:es|ed|ing)?|ax(?:e|es|ed|ing))\\s+${JOB_COUNT}\\s+(?:(?:[\\p{Ll}-]+|and)\\s+){0,3}?jobs\\b` +
    `|(?<![\\p{L}\\p{N},.])${JOB_COUNT}\\s+(?:[\\p{Ll}-]+\\s+){0,2}?(?:workers|employees|staff|people)\\s+(?:who\\s+)?(?:(?:will|would|are\\s+(?:set|going)\\s+to|stand\\s+to|are\\s+to)\\s+)?lose\\s+their\\s+jobs\\b` +
    `|(?<![\\p{L}\\p{N},.])${JOB_COUNT}\\s+job\\s+(?:cuts|losses)\\b`,
  'gud',
);
const JOBS_ANYWHERE = /\bjobs?\b/;
/** Before the count: a hedge, or words that make it another cut or a part ("a further 300", "of the 2,400"). */
const JOB_NOT_BEFORE = /\b(?:about|around|nearly|almost|some|roughly|over|under|more\s+than|less\s+than|up\s+to|at\s+least|as\s+many\s+as|an\s+estimated|further|another|additional|more|other|extra|first|second|final|of\s+the|of\s+its|of\s+their)\s+$/i;
/** After it: a place or a scope, which make it a part or another whole ("jobs at suppliers", "job cuts worldwide"). */
const JOB_SCOPE_AFTER = /^\s*(?:at|in|across|from|among|abroad|worldwide|globally|nationwide|overall|in\s+total|this|last|next|by|over|within)\b/i;
const WRITTEN_YEAR = /\b(?:1[89]|20)\d\d\b/;

function checkJobLosses(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  const cuts: { span: Span; value: number; sentence: ProseSentence }[] = [];
  for (const s of prose.sentences) {
    // A year makes it a cut of its own time, and other companies' cuts are theirs ("Ford shut its plant in 2011, eliminating…").
    if (!JOBS_ANYWHERE.test(s.lower) || !hasDigit(s) || WRITTEN_YEAR.test(s.text)) continue;
    for (const m of matchesOf(JOB_LOSSES, s.text)) {
      const g = m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 3;
      const [from, to] = m.indices![g]!;
      const at = s.start + from;
      const end = s.start + m.index! + m[0].length;
      if (JOB_NOT_BEFORE.test(text.slice(Math.max(s.start, at - 16), at)) || JOB_SCOPE_AFTER.test(text.slice(end, Math.min(s.end, end + 16)))) continue;
      if (otherOwnerBefore(prose, s, at)) continue;
      cuts.push({ span: { start: at, end: s.start + to }, value: Number(m[g]!.replace(/,/g, '')), sentence: s });
    }
  }
  if (cuts.length < 2) return;
  eachConflict(cuts, () => 'jobs', (a, b) => a.sentence !== b.sentence && a.value !== b.value, (a, b) => {
    pushFlag(out, makeFlag('inconsistent-number', `The text gives the jobs to be lost as ${text.slice(a.span.start, a.span.end)} and later as ${text.slice(b.span.start, b.span.end)}.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

function checkNumbers(prose: Prose, figures: readonly Figure[], out: Out): void {
  const { ctx } = prose;
  checkThingSizes(prose, out);
  checkReadings(prose, out);
  checkSpeeds(prose, out);
  checkJobLosses(prose, out);
  // Periods must be equal to conflict; a figure with no period may only restate one that has one.
  const groups = new Map<string, Figure[]>();
  const loose = new Map<string, Figure[]>();
  for (const f of figures) {
    if (f.change || f.reference) continue;
    if (RUNNING.has(f.raw) && EXTENT_UPDATE.test(f.sentence.text)) continue;
    // The modifier is left out of the group and checked pairwise: "put exports" may restate "exports",
    // but only figures with the very same modifier can contradict each other.
    const k = [f.measure, f.subject, f.period, f.unitClass].join('|');
    // An unresolved "last year" may restate a dated figure but is never the same period as anything.
    if (f.period !== '?') {
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(f);
    }
    const lk = [f.measure, f.subject, f.unitClass].join('|');
    if (!loose.has(lk)) loose.set(lk, []);
    loose.get(lk)!.push(f);
  }
  for (const group of groups.values()) {
    if (group.length < 2 || group.length > MAX_GROUP) continue;
    // Two costs of "the project" are one project's only in a text about one: no two names, no revised estimate.
    if (group[0]!.measure === 'project cost' && (new Set(group.flatMap((f) => (f.thing ? [f.thing] : []))).size > 1 || group.some((f) => COST_REVISED.test(f.sentence.text)))) continue;
    // Each figure either restates an earlier value or is flagged once, against the earliest it contradicts:
    // one flag per figure, however many values a careless text gives.
    const reps: Figure[] = [];
    for (const f of group) {
      // Two values of one key inside one sentence are a list whose items the key failed to tell apart.
      const earlier = reps.filter((r) => r.sentence !== f.sentence && (!r.modifier || !f.modifier || r.modifier === f.modifier));
      const same = earlier.find((r) => ['same', 'compatible'].includes(agree(stated(r.num), stated(f.num))));
      if (same) {
        pushCorroboration(out, makeCorroboration('restated', `${describeFigure(f, f.explicit || same.explicit)} is given as ${same.num.text} and again as ${f.num.text}, which agree.`, [spanOf(ctx, same.num), spanOf(ctx, f.num)]));
        continue;
      }
      const clash = earlier.find((r) => r.modifier === f.modifier && agree(stated(r.num), stated(f.num)) === 'conflict');
      if (clash) pushFlag(out, makeFlag('inconsistent-number', `The text gives ${describeFigure(f, f.explicit || clash.explicit)} as ${clash.num.text} and later as ${f.num.text}.`, [spanOf(ctx, f.num), spanOf(ctx, clash.num)]));
      reps.push(f);
    }
  }
  // Figures without a stated period may restate a dated one (never contradict it: the dates may differ).
  for (const group of loose.values()) {
    if (group.length < 2 || group.length > MAX_GROUP) continue;
    const undated = group.filter((f) => !f.period || f.period === '?');
    const dated = group.filter((f) => f.period && f.period !== '?');
    const periods = new Set(dated.map((f) => f.period));
    if (undated.length === 0 || dated.length === 0 || periods.size !== 1) continue;
    for (const u of undated) {
      for (const d of dated) {
        if (u.modifier !== d.modifier && u.modifier && d.modifier) continue;
        const ag = agree(stated(d.num), stated(u.num));
        if (ag === 'same' || ag === 'compatible') {
          const [a, b] = d.num.start < u.num.start ? [d, u] : [u, d];
          pushCorroboration(out, makeCorroboration('restated', `${describeFigure(d, d.explicit || u.explicit)} is given as ${a.num.text} and again as ${b.num.text}, which agree.`, [spanOf(ctx, a.num), spanOf(ctx, b.num)]));
          break;
        }
      }
    }
  }
  // Last, so that a pair the figures above already flag is not flagged twice.
  checkTransposed(prose, out);
}

/**
 * A necessary condition for an occasion word in a sentence, tested on its lowercase: the word whole, with no
 * ASCII letter, digit or underscore on either side (\b: the patterns that read occasion words bound them by \b or
 * whitespace). Lowercasing keeps such neighbours apart from the word, except for the two characters whose
 * lowercase is one (İ, the Kelvin sign), so a sentence with either is looked at in full. Without one, no word is
 * looked up.
 */
const OCCASION_ANYWHERE = new RegExp(`\\b${alternation(OCCASIONS)}\\b`);
const LOWERS_TO_WORD_CHARACTER = /[\u0130\u212a]/;

interface Singular { sentence: ProseSentence; span: Span; head: string; mods: string[] }

/**
 * "The parliamentary election in X is over": the definite, singular mentions of one occasion word, not followed
 * by a noun that would make them a modifier ("the election campaign").
 */
function singularOccasions(prose: Prose, head: string): Singular[] {
  const { text } = prose.ctx;
  const found: Singular[] = [];
  const occRe = /\b([\p{L}-]+)\b/gu;
  const FOLLOWER = /^(?:[,.;:!?)]|$|(?:in|of|on|at|is|was|were|has|had|will|would|took|ended|began|passed|itself|last|this|that|which|and|but|for|to|held|results?|itself|officially|finally)\b)/i;
  for (const s of prose.sentences) {
    // A word that lowercases to the head leaves the head in the lowercased sentence (its letters lowercase one
    // for one, as below).
    if (s.lower.indexOf(head) < 0) continue;
    occRe.lastIndex = 0;
    for (let m = occRe.exec(s.text); m; m = occRe.exec(s.text)) {
      // An occasion word's letters lowercase one for one, so a word of another length is none.
      if (m[1]!.length !== head.length || lower(m[1]!) !== head) continue;
      const at = s.start + m.index;
      const lead = /\b([Tt]he|[Tt]his|[\p{Lu}][\p{L}-]*['’]s?)\s+((?:[\p{L}-]+\s+){0,3})$/u.exec(text.slice(Math.max(s.start, at - 60), at));
      if (!lead) continue;
      if (!FOLLOWER.test(text.slice(at + m[0].length, s.end).trimStart())) continue;
      const mods = (lead[2] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
      if (mods.some((w) => /^(?:the|a|an|first|second|third|last|next|previous|upcoming|latest|annual|\d+|and|or|of)$/.test(w))) continue;
      const start = at - lead[0].length;
      found.push({ sentence: s, span: { start, end: at + m[0].length }, head, mods });
    }
  }
  return found;
}

// --- the size of one group, stated twice

const GROUP_NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const GROUP_NUMBER_VALUE = new Map(GROUP_NUMBER_WORDS.map((w, i) => [w, i + 2]));
const GROUP_NUMBER = `(?:${GROUP_NUMBER_WORDS.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')}|[1-9]\\d{0,2}(?:,\\d{3})*)(?![\\d.,]\\d)`;
/** Up to two words between the count and its noun ("four Polish climbers"), then a lowercase plural noun. */
const GROUP_TAIL = `\\s+((?:[\\p{L}-]+\\s+){0,2}?)(\\p{Ll}[\\p{Ll}-]*s)(?![\\p{L}\\p{N}])`;
/** Nouns for a group or for a list of its members ("a slate of five candidates"), which give its size after "of". */
const GROUP_HEADS = 'group|team|party|crew|delegation|contingent|squad|band|convoy|field|list|slate|shortlist|roster|panel|pool|line-up|lineup';
/** "A group of four climbers", "the team of 12 engineers": a group introduced, or named again, with its size. */
const GROUP_OF = new RegExp(`\\b([Aa]n?|[Tt]he)\\s+(?:(\\p{Ll}+)\\s+)?(?:${GROUP_HEADS})\\s+of\\s+(${GROUP_NUMBER})${GROUP_TAIL}`, 'gu');
/** "All three climbers", "all 14 of the films": a claim about the whole group. */
const ALL_OF = new RegExp(`\\b[Aa]ll\\s+(${GROUP_NUMBER})(?:\\s+of\\s+(?:the|its|their))?${GROUP_TAIL}`, 'gu');
/**
 * "both of the trust's hospitals", "both its plants": a claim about a whole of two. Not "both nurses and doctors",
 * where "both" pairs two groups.
 */
const BOTH_OF = /\b[Bb]oth\s+(?:of\s+)?(?:(?:the|its|their|his|her|our)\s+)?(?:(?:[\p{L}-]+['’]s?|\p{Lu}[\p{L}-]*)\s+)?((?:[\p{Ll}-]+\s+){0,2}?)(\p{Ll}[\p{Ll}-]*s)(?![\p{L}\p{N}'’])(?!\s+(?:and|or|as)\b)/gu;
/** "its three hospitals", "their four plants": the whole an owner has, said with its size. */
const OWNED_WHOLE = new RegExp(`(?<![\\p{L}\\p{N}])(?:its|their)\\s+(${GROUP_NUMBER})${GROUP_TAIL}`, 'gu');
/** "which operates 412 stores", "runs 12 clinics": the whole an owner has now, said with its size (no hedge: "about 400" may round). */
const OWNS_WHOLE = new RegExp(`\\b(?:operates|runs|owns|manages)\\s+(${GROUP_NUMBER})${GROUP_TAIL}`, 'gu');
const RELATED_OWNER = /\b(?:its|their)\s+[\p{Ll}-]+\s/iu;
const OWNS_ANYWHERE = new RegExp(`\\b(?:its|their|operates|runs|owns|manages)\\s+(?:\\d|${GROUP_NUMBER_WORDS.join('|')})`);
/** "the 12 films in competition", "the 14 films competing for the prize": a set the qualifier defines. */
const DEFINED_SET = new RegExp(`\\b[Tt]he\\s+(${GROUP_NUMBER})${GROUP_TAIL}\\s+(in\\s+competition|competing|in\\s+contention|in\\s+the\\s+running|vying|contending|taking\\s+part|participating)\\b`, 'gu');
/** Cheap tests on the lowercased sentence, one per pattern: most sentences have none of the three. */
const GROUP_HEAD_BEFORE = new RegExp(`(?:${GROUP_HEADS})$`);
/**
 * Whether /(?:GROUP_HEADS)\s+of\s/ matches a lowercased sentence, found from each "of" (a few a sentence) rather
 * than by trying the heads at every letter: white space after it, a run of white space before it, and a head
 * ending right before that run.
 */
function groupOfAnywhere(l: string): boolean {
  for (let o = l.indexOf('of'); o >= 0; o = l.indexOf('of', o + 1)) {
    if (!isSpaceUnit(l.charCodeAt(o + 2))) continue;
    let w = o;
    while (w > 0 && isSpaceUnit(l.charCodeAt(w - 1))) w--;
    // The longest head is ten characters.
    if (w < o && GROUP_HEAD_BEFORE.test(l.slice(Math.max(0, w - 10), w))) return true;
  }
  return false;
}
/**
 * "17 of the 28 councillors", "out of the 1,270 nurses", "among the six candidates": the whole a part is taken
 * from, stated with its size. "the same four countries" names a whole already known.
 */
const GROUP_QUANT = `(?:${GROUP_NUMBER}|\\d[\\d,]*|[Oo]ne|[Aa]ll|[Mm]ost|[Ss]ome|[Nn]one|[Ee]ach|[Bb]oth|[Ss]everal|[Mm]any|[Hh]alf|[Ff]ew)`;
const WHOLE_OF = new RegExp(`(?:(?:\\b${GROUP_QUANT}\\s+(?:out\\s+)?of|\\b[Oo]ut\\s+of|\\b[Aa]mong)\\s+(?:the|its|their)|\\b[Tt]he\\s+same)\\s+(${GROUP_NUMBER})${GROUP_TAIL}`, 'gu');
const WHOLE_OF_ANYWHERE = new RegExp(`(?:\\b(?:of|among)\\s+(?:the|its|their)|\\bsame)\\s+(?:\\d|${GROUP_NUMBER_WORDS.join('|')})`);
const ALL_OF_ANYWHERE = new RegExp(`\\ball\\s+(?:\\d|${GROUP_NUMBER_WORDS.join('|')})`);
const DEFINED_SET_ANYWHERE = /compet|contention|running|vying|contending|taking part|participat/;
/** A qualifier's class: "in competition" and "competing" define the same set. */
const setClass = (q: string): string => (/^(?:taking|participating)/.test(q) ? 'taking part' : 'competing');
/** Words between a count and its noun that make it something else than the group's size ("four or five", "12 to 14"). */
const NOT_GROUP_MOD = new RegExp(`^(?:of|and|or|to|than|more|other|others|additional|further|extra|remaining|new|first|last|next|${GROUP_NUMBER_WORDS.join('|')}|\\d.*)$`, 'i');
/** Modifiers of "group" that make it one of several ("a second group of", "a ground team of"): only size words are not. */
const GROUP_SIZE_WORDS = new Set(['small', 'large', 'big', 'whole', 'entire', 'mixed', 'tight-knit', 'little']);
/** The story of a group over time or of another one: a set named for another time. */
const OTHER_TIME = /\b(?:last|previous|next|prior|past|earlier)\s+(?:year|edition|season|festival|time|tournament|competition|expedition)\b|\ba\s+year\s+(?:ago|earlier)\b|\bin\s+the\s+past\b/i;

interface GroupSize {
  sentence: ProseSentence;
  span: Span;
  value: number;
  noun: string;
  /** The noun as written ("climbers"). */
  plural: string;
  mods: string[];
  /** 'intro': "a group of four" (one of possibly several groups); 'whole': the group or set already known. */
  kind: 'intro' | 'whole';
  /** '' for a group, else the class of the qualifier that defines the set. */
  set: string;
  /** How the size was said: "all three", "of the three", a group or set, a bare count ("three countries"), "its three". */
  form: 'all' | 'of' | 'group' | 'bare' | 'owned';
}

/**
 * Whether what a figure says someone has or does is another's than the article's subject: another name in the
 * clause before it, or in the one a "which" refers back to ("Rival Acme, which operates 300 stores"), or an owner
 * the subject has ("Its rival kept its three plants").
 */
function otherOwnerBefore(prose: Prose, s: ProseSentence, at: number): boolean {
  const head = prose.ctx.text.slice(s.start, at);
  let cut = lastSeparator(head);
  if (cut >= 0 && /^\s*(?:which|who|that)\b/.test(head.slice(cut))) cut = lastSeparator(head.slice(0, cut - 1));
  const from = s.start + Math.max(0, cut);
  return RELATED_OWNER.test(prose.ctx.text.slice(from, at)) || s.names.some((e) => e.start >= from && e.end <= at && e.kind !== 'place' && e.canon !== prose.home);
}

function groupSizesOf(prose: Prose): GroupSize[] {
  const { text } = prose.ctx;
  const found: GroupSize[] = [];
  const read = (s: ProseSentence, m: RegExpExecArray, numAt: number, kind: GroupSize['kind'], set: string, form: GroupSize['form'] = 'group'): void => {
    const word = m[numAt]!;
    const value = GROUP_NUMBER_VALUE.get(lower(word)) ?? Number(word.replace(/,/g, ''));
    const rawMods = (m[numAt + 1] ?? '').trim().split(/\s+/).filter(Boolean);
    if (!(value >= 2) || rawMods.some((w) => NOT_GROUP_MOD.test(w))) return;
    const noun = m[numAt + 2]!;
    if (!isPluralNoun(noun) || NOT_LISTABLE_GROUP.has(noun)) return;
    const start = s.start + m.index;
    // A whole's span starts at its number: "17 of the 28 councillors" quotes "28 councillors".
    const from = form === 'of' ? start + m[0].lastIndexOf(word, m[0].length - noun.length - (m[numAt + 1] ?? '').length) : start;
    found.push({ sentence: s, span: { start: from, end: start + m[0].length }, value, noun: singular(noun), plural: lower(noun), mods: rawMods.map(lower), kind, set, form });
  };
  for (const s of prose.sentences) {
    const l = s.lower;
    // Every pattern here but BOTH_OF holds a GROUP_NUMBER, and most sentences have no count at all.
    const count = hasCount(s);
    if (count && groupOfAnywhere(l)) for (const m of matchesOf(GROUP_OF, s.text)) {
      if (m[2] && !GROUP_SIZE_WORDS.has(m[2])) continue;
      read(s, m, 3, /^an?$/i.test(m[1]!) ? 'intro' : 'whole', '');
    }
    if (count && ALL_OF_ANYWHERE.test(l)) for (const m of matchesOf(ALL_OF, s.text)) read(s, m, 1, 'whole', '', 'all');
    if (count && WHOLE_OF_ANYWHERE.test(l)) for (const m of matchesOf(WHOLE_OF, s.text)) read(s, m, 1, 'whole', '', 'of');
    if (l.includes('both')) for (const m of matchesOf(BOTH_OF, s.text)) {
      const noun = m[2]!;
      if (!isPluralNoun(noun) || NOT_LISTABLE_GROUP.has(noun)) continue;
      const rawMods = (m[1] ?? '').trim().split(/\s+/).filter(Boolean);
      if (rawMods.some((w) => NOT_GROUP_MOD.test(w))) continue;
      const start = s.start + m.index!;
      found.push({ sentence: s, span: { start, end: start + m[0].length }, value: 2, noun: singular(noun), plural: lower(noun), mods: rawMods.map(lower), kind: 'whole', set: '', form: 'all' });
    }
    if (count && OWNS_ANYWHERE.test(l)) {
      const otherOwner = (at: number): boolean => otherOwnerBefore(prose, s, at);
      for (const m of matchesOf(OWNED_WHOLE, s.text)) if (!otherOwner(s.start + m.index!)) read(s, m, 1, 'whole', '', 'owned');
      for (const m of matchesOf(OWNS_WHOLE, s.text)) if (!otherOwner(s.start + m.index!)) read(s, m, 1, 'whole', '', 'owned');
    }
    if (count && DEFINED_SET_ANYWHERE.test(l)) for (const m of matchesOf(DEFINED_SET, s.text)) {
      // "competing in the documentary section", "in competition at Cannes": a narrower or another set.
      if (/^\s+(?:in|at|from|outside|under|within)\b/.test(text.slice(s.start + m.index! + m[0].length, s.end))) continue;
      read(s, m, 1, 'whole', setClass(lower(m[4]!)));
    }
  }
  // "cut power in three countries" … "all four countries": a bare count of what an "all" later sums up, looked
  // for only for the nouns some "all N" speaks of.
  const alls = new Set(found.filter((g) => g.form === 'all').map((g) => g.plural));
  if (alls.size > 0) {
    const bare = bareCountPattern(alls);
    // A match holds one of the nouns in some case. An ASCII noun's letters match only themselves in either case,
    // the long s and the Kelvin sign (which set `folds`), so a sentence whose lowercase has none of them has none.
    const ascii = [...alls].every((p) => ASCII_NOUN.test(p));
    for (const s of prose.sentences) {
      if (ascii && !s.folds && !hasAny(s.lower, alls)) continue;
      if (!hasDigit(s) && !GROUP_WORD_ANYWHERE.test(s.lower)) continue;
      for (const m of matchesOf(bare, s.text)) {
        const start = s.start + m.index!;
        if (found.some((g) => g.span.start <= start && start < g.span.end)) continue;
        read(s, m, 1, 'intro', '', 'bare');
      }
    }
    found.sort((a, b) => a.span.start - b.span.start);
  }
  return found;
}
const GROUP_WORD_ANYWHERE = new RegExp(`\\b(?:${GROUP_NUMBER_WORDS.join('|')})\\b`);
/** A number word anywhere, even inside another word: what GROUP_NUMBER needs besides a digit (see hasCount). */
const NUMBER_WORD_PART = new RegExp(alternation(GROUP_NUMBER_WORDS));
const ASCII_NOUN = /^[a-z-]+$/;
/** Whether `text` holds one of `words`. */
function hasAny(text: string, words: Iterable<string>): boolean {
  for (const w of words) if (text.includes(w)) return true;
  return false;
}
/** The pattern for bare counts of some nouns (see groupSizesOf), per set of nouns: a text makes the same set on every call. */
const bareCountCache = new Map<string, RegExp>();
function bareCountPattern(nouns: ReadonlySet<string>): RegExp {
  const key = [...nouns].join('|');
  let re = bareCountCache.get(key);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}$€£¥.,-])(?<!\\b(?:the|these|those|its|their|his|her|our|all|same|of|other|another|more|further|additional|extra|first|last|next|remaining|about|around|nearly|almost|some|roughly|than|least|most|to|or|and)\\s+)(${GROUP_NUMBER})\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)(${alternation(nouns)})(?![\\p{L}\\p{N}])(?!\\s+(?:of|or|to|and)\\b)`, 'giu');
    if (bareCountCache.size > 1000) bareCountCache.clear();
    bareCountCache.set(key, re);
  }
  return re;
}
/** Plural nouns that count time or amounts, not members of a group. */
const NOT_LISTABLE_GROUP = new Set(['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'times', 'percent', 'points', 'dollars', 'euros', 'pounds', 'kilometres', 'kilometers', 'miles', 'metres', 'meters']);

/**
 * Whether the text speaks of a part of the group of `value` or of other members, which "all three" may mean
 * ("three of them were injured; all three were flown…", "a fifth was found later", "other climbers").
 */
/** Any count leaving or joining ("two turned back", "one stayed behind") may leave the rest as the later group. */
const COUNT_LEAVES = new RegExp(`(?:^|[.;:,!?"“]\\s*|\\b(?:and|but|while|only|just|when|after|as|though|although)\\s+)(?:one|${GROUP_NUMBER_WORDS.join('|')}|\\d+)\\s+(?:of\\s+them\\s+)?(?:turned|stayed|left|went|returned|died|dropped|withdrew|quit|gave|abandoned|joined|remained|pulled|were\\s+(?:killed|left|sent|dropped|disqualified)|was\\s+(?:killed|left|sent|dropped|disqualified))\\b`, 'iu');

function partOfGroupSaid(text: string, noun: string, plural: string, values: number[], grows = false): boolean {
  const nums = values.flatMap((v) => [String(v), ...(GROUP_NUMBER_WORDS[v - 2] ? [GROUP_NUMBER_WORDS[v - 2]!] : [])]).join('|');
  const n = `(?:${[noun, plural].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
  // "three of them", "one of the climbers", and a count as a clause's subject ("…, and three were injured").
  // "every one of them" speaks of all, not of a part.
  if (madePattern(`(?<!\\b(?:every|each|any|no)\\s)\\b(?:one|${nums})\\s+of\\s+(?:them|whom|the\\s+(?:[\\p{L}\\d-]+\\s+){0,2}?${n}\\b)`, 'iu').test(text)) return true;
  if (madePattern(`(?:^|[.;:,!?"“]\\s*|\\b(?:and|but|while|only|just|when|after|as|though|although)\\s+)(?:${nums})\\s+(?:of|were|was|had|have|has|are|is|remain|remained|survived|died|stayed|returned|reached|made|went|turned)\\b`, 'iu').test(text)) return true;
  if (COUNT_LEAVES.test(text)) return true;
  // "the remaining candidates" are the rest of the group: they explain a smaller whole, never a larger one.
  if (madePattern(`\\b(?:other|more|${grows ? '' : 'remaining|'}additional|further|extra|fellow)\\s+(?:[\\p{L}-]+\\s+)?${n}\\b`, 'iu').test(text)) return true;
  return madePattern(`\\b(?:another|a\\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))\\s+(?:[\\p{L}-]+\\s+)?(?:${n}|was|were|had|has|is|joined)\\b`, 'iu').test(text);
}

/** What narrows a whole after its noun: a relative clause, a place or other phrase, a passive participle with its agent. */
const QUALIFIER_AFTER = /^\s+(?:(?:who|that|which|whose|whom|in|at|from|on|behind|with|under|within|outside|inside|near|for|involved|named|elected|selected|listed|based|still|remaining)\b|\p{Ll}+ed\s+by\b|(?!(?:vying|competing|contending|running|standing|taking|participating)\b)\p{Ll}{3,}ing\b)([^.;:!?,()—–"“”\n]{0,60})/u;
const SPREAD_AFTER = new RegExp(`^\\s+(?:in|across)\\s+(?:${GROUP_NUMBER}|\\d+)\\s+\\p{Ll}+s\\b`, 'u');
const QUALIFIER_STOP = new Set(['the', 'a', 'an', 'of', 'by', 'to', 'and', 'or', 'its', 'their', 'his', 'her', 'who', 'that', 'which', 'were', 'was', 'are', 'is', 'had', 'have', 'has', 'been']);
/**
 * Whether what narrows `g` after its noun is said of `other` too: one of its words (by its first five letters)
 * among `other`'s modifiers or its own qualifier. Only wholes are read so: a bare count is the antecedent.
 */
function qualifierShared(text: string, g: GroupSize, other: GroupSize): boolean {
  if (g.kind !== 'whole' || g.set) return true;
  const q = QUALIFIER_AFTER.exec(text.slice(g.span.end, Math.min(g.sentence.end, g.span.end + 80)));
  // "412 stores in 38 states" tells how far the whole spreads, not which part of it is meant.
  if (!q || SPREAD_AFTER.test(q[0])) return true;
  const stems = (words: string[]): string[] => words.filter((w) => !QUALIFIER_STOP.has(w) && w.length > 2).map((w) => w.slice(0, 5));
  const own = stems(lower(q[0]).split(/[^\p{L}]+/u).slice(0, 6));
  const otherQ = QUALIFIER_AFTER.exec(text.slice(other.span.end, Math.min(other.sentence.end, other.span.end + 80)));
  const theirs = new Set(stems([...other.mods, ...(otherQ ? lower(otherQ[0]).split(/[^\p{L}]+/u).slice(0, 6) : [])]));
  return own.some((w) => theirs.has(w));
}

/** A list of names, "Ana, Bel Cor and Dun" (up to four words a name), as the text writes it. */
const LIST_NAME = "\\p{Lu}[\\p{L}\\p{M}'’.-]*(?: \\p{Lu}[\\p{L}\\p{M}'’.-]*){0,3}";
const NAME_LIST = new RegExp(`${LIST_NAME}(?:, ${LIST_NAME})*(,?) and ${LIST_NAME}`, 'gu');
/** How many names each list of names in the text gives. */
function nameListSizes(text: string): Set<number> {
  const sizes = new Set<number>();
  for (const m of matchesOf(NAME_LIST, text)) sizes.add((m[0].match(/, /g)?.length ?? 0) + (m[1] ? 1 : 2));
  return sizes;
}

/** One group or defined set given two sizes: "a group of four climbers" … "all three climbers". */
function checkGroupSizes(prose: Prose, out: Out): void {
  const sizes = groupSizesOf(prose);
  if (sizes.length < 2) return;
  const { ctx } = prose;
  const { text } = ctx;
  const byNoun = new Map<string, GroupSize[]>();
  for (const g of sizes) pushTo(byNoun, `${g.noun}|${g.set}`, g);
  for (const list of byNoun.values()) {
    if (list.length < 2 || new Set(list.map((g) => g.value)).size < 2) continue;
    // Two groups introduced with two sizes: "all three" may be either.
    if (new Set(list.filter((g) => g.kind === 'intro').map((g) => g.value)).size > 1) continue;
    const intros = list.filter((g) => g.kind === 'intro').map((g) => g.value);
    const grows = intros.length > 0 && list.every((g) => g.kind === 'intro' || g.value > Math.max(...intros));
    // A whole said larger each time is not what is left after a part went ("its remaining stores").
    const rising = list.every((g, k) => k === 0 || g.value > list[k - 1]!.value);
    if (partOfGroupSaid(text, list[0]!.noun, list[0]!.plural, [...new Set(list.map((g) => g.value))], grows || rising)) continue;
    // Years the text writes: one lent to a day or month ("as of Feb. 1", "since January") tells no two groups apart.
    const years = (g: GroupSize): string => [...new Set(g.sentence.dates.filter((d) => /^\d{4}/.test(d.value) && /\d{4}/.test(d.text)).map((d) => d.value.slice(0, 4)))].sort().join(',');
    let listSizes: Set<number> | undefined;
    let flagged = false;
    for (let i = 1; i < list.length && !flagged; i++) {
      for (let j = 0; j < i && !flagged; j++) {
        const [a, b] = [list[j]!, list[i]!];
        if (a.value === b.value || a.sentence === b.sentence || (a.kind === 'intro' && b.kind === 'intro')) continue;
        // A bare count meets only a later "all N" that sums it up, with the very same words, and not in a
        // sentence that takes it from a whole ("1,183 nurses had signed, out of the 1,270 nurses").
        if ((a.form === 'bare' || b.form === 'bare') && (a.form !== 'bare' || b.form !== 'all' || a.mods.join(' ') !== b.mods.join(' ') || list.some((g) => g.sentence === a.sentence && g.kind === 'whole'))) continue;
        // What the article's subject has ("operates 412 stores", "its 421 stores") is one whole, as is what "all" or
        // "both" speak of; it is said in the very same words, or "its two new plants" would be all of its plants.
        if ((a.form === 'owned' || b.form === 'owned') && ((a.form !== 'all' && b.form !== 'all' && (a.form !== 'owned' || b.form !== 'owned')) || a.mods.join(' ') !== b.mods.join(' '))) continue;
        // "Ana, Bel, Cor and Dun … three provinces … all four provinces": the names are the four, and the bare count a part.
        if (a.form === 'bare' && (listSizes ??= nameListSizes(text)).has(b.value)) continue;
        if (years(a) !== years(b) || OTHER_TIME.test(a.sentence.text) || OTHER_TIME.test(b.sentence.text)) continue;
        // A defined set is narrowed by every word before its noun; a group's later mention may drop them ("all three climbers").
        const [fewer, more] = a.mods.length <= b.mods.length ? [a.mods, b.mods] : [b.mods, a.mods];
        if (a.set ? fewer.length !== more.length || !fewer.every((w) => more.includes(w)) : !fewer.every((w) => more.includes(w))) continue;
        // A whole narrowed after its noun ("all four councillors behind the complaint", "the 40 nurses in the north")
        // is that part only, unless the other mention says the same narrower thing ("county nurses").
        if (!qualifierShared(text, a, b) || !qualifierShared(text, b, a)) continue;
        const quote = (g: GroupSize): string => text.slice(g.span.start, g.span.end);
        // Headcounts in the hundreds or thousands are figures a reader checks as numbers; small groups are counts.
        const rule = a.value >= 100 && b.value >= 100 ? 'inconsistent-number' : 'inconsistent-count';
        pushFlag(out, makeFlag(rule, `The text gives one group of ${b.plural} two sizes: “${quote(a)}” and later “${quote(b)}”.`, [spanOf(ctx, a.span), spanOf(ctx, b.span)]));
        flagged = true;
      }
    }
  }
}

/** Bodies that vote, said with their size: "the seven-member council", "a board of nine members". */
const BODY = 'council|committee|board|panel|jury|court|bench|commission|cabinet|assembly|senate|chamber|legislature|parliament';
const BODY_SIZE = new RegExp(`\\b(${GROUP_NUMBER}|[Oo]ne)-member\\s+(?:[\\p{Ll}-]+\\s+)?(${BODY})\\b|\\b(${BODY})\\s+of\\s+(${GROUP_NUMBER})\\s+members\\b`, 'gu');
const BODY_WORD = new RegExp(`\\b(?:${BODY})\\b`, 'g');
/** A tally of votes: "in a 5-4 vote", "voted 6-1", "passed 7-2", "by a vote of 5-3-1". */
const TALLY = /\b(?:vot(?:ed|es?)(?:\s+(?:of|were|was))?|passed|approved|rejected|adopted|carried|endorsed|backed|in\s+an?|by\s+an?|on\s+an?)\s+(?:(?:narrow|split|unanimous|close)\s+)?(\d{1,2})[-–](\d{1,2})(?:[-–](\d{1,2}))?(?![\d-–])(\s+(?:vote|decision|ruling|majority|margin|split|verdict))?/g;
/** A sentence about a game or a match: its scores are not tallies. */
const GAME_WORDS = /\b(?:scored?|goals?|match|game|innings|points|won|beat|wins?|lead|led|halftime|half-time|set|sets|tie-break)\b/i;

/**
 * More votes cast than a body has members: "in a 5-4 vote" by "the seven-member council". Read only in a text
 * that gives one body one size, for a tally its sentence does not give to another body.
 */
function checkTallies(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  if (!text.includes('-member') && !text.includes(' members')) return;
  const sizes: { noun: string; value: number; span: Span }[] = [];
  for (const s of prose.sentences) {
    if (!s.lower.includes('member')) continue;
    for (const m of matchesOf(BODY_SIZE, s.text)) {
      const word = m[1] ?? m[4]!;
      const value = lower(word) === 'one' ? 1 : GROUP_NUMBER_VALUE.get(lower(word)) ?? Number(word.replace(/,/g, ''));
      const start = s.start + m.index!;
      sizes.push({ noun: m[2] ?? m[3]!, value, span: { start, end: start + m[0].length } });
    }
  }
  if (sizes.length === 0 || new Set(sizes.map((z) => z.noun)).size > 1 || new Set(sizes.map((z) => z.value)).size > 1) return;
  const body = sizes[0]!;
  for (const s of prose.sentences) {
    if (!s.lower.includes('vot') || !/\d[-–]\d/.test(s.text) || GAME_WORDS.test(s.text)) continue;
    // Another body in the sentence may have cast the votes.
    if (matchesOf(BODY_WORD, s.lower).some((b) => b[0] !== body.noun)) continue;
    for (const m of matchesOf(TALLY, s.text)) {
      // "voted 5-4" and "in a 5-4 vote" are tallies; "by 5-4" only with a vote word after it.
      if (/^(?:in|by|on)\b/i.test(m[0]) && !m[4]) continue;
      const cast = Number(m[1]) + Number(m[2]) + Number(m[3] ?? 0);
      if (cast <= body.value) continue;
      const at = s.start + m.index! + m[0].search(/\d/);
      const tally: Span = { start: at, end: s.start + m.index! + m[0].length };
      pushFlag(out, makeFlag('inconsistent-count', `The text records a ${text.slice(tally.start, tally.end).trim()} (${cast} votes) by “${text.slice(body.span.start, body.span.end)}”, which has only ${body.value} members.`, [spanOf(ctx, tally), spanOf(ctx, body.span)]));
      return;
    }
  }
}

/** A count of N events on a single day, against a singular "the <event>" or an event held once a day. */
function checkCounts(prose: Prose, out: Out): void {
  const { ctx } = prose;
  checkGroupSizes(prose, out);
  checkTallies(prose, out);
  const { text } = ctx;
  // Made for an occasion word when a count of it first asks: most texts count no occasions on a day.
  const singulars = new Map<string, Singular[]>();
  for (const s of prose.sentences) {
    // A count on a day needs both.
    if (s.nums.length === 0 || s.dates.length === 0) continue;
    const days = s.dates.filter((d) => /^(?:\d{4}|-)-\d{2}-\d{2}$/.test(d.value) && !/\b(?:since|between|from|until|till|after|before|by)\s+$/i.test(text.slice(Math.max(s.start, d.start - 10), d.start)));
    if (days.length !== 1) continue;
    const day = days[0]!;
    for (const n of s.nums) {
      if (n.value < 2 || !Number.isInteger(n.value) || n.approx) continue;
      const after = wordsIn(text, n.end, Math.min(s.end, n.end + 80), 4);
      const hi = after.findIndex((w) => isPluralNoun(w.w) && OCCASIONS.has(singular(w.w)));
      if (hi < 0) continue;
      const headWord = after[hi]!;
      if (after.slice(0, hi).some((w) => !/^[\p{Ll}-]+['’]?$/u.test(w.w) && !/^[\p{L}-]+['’]$/u.test(w.w))) continue;
      const head = singular(headWord.w);
      const mods = after.slice(0, hi).map((w) => lower(w.w));
      const verb = HOLD_VERB.exec(text.slice(Math.max(s.start, n.start - 14), n.start));
      const phrase: Span = { start: verb ? n.start - verb[0].length : n.start, end: headWord.end };
      let ones = singulars.get(head);
      if (!ones) singulars.set(head, (ones = singularOccasions(prose, head)));
      const match = ones.find((x) => x.sentence !== s && x.mods.length === mods.length && x.mods.every((w) => mods.includes(w)));
      const dayText = day.text;
      if (match) {
        pushFlag(out, makeFlag('inconsistent-count', `“${text.slice(match.span.start, match.span.end)}” is spoken of as one event, but the text also says ${text.slice(n.start, headWord.end)} were held on ${dayText}.`, [spanOf(ctx, phrase), spanOf(ctx, match.sentence), spanOf(ctx, day)]));
        continue;
      }
      const oncePerDay = ONE_PER_DAY.has(head) || (head === 'election' && mods.some((w) => NATIONAL_SCOPE.has(w)));
      const local = mods.some((w) => /^(?:local|municipal|regional|district|council|state|provincial|by|primary|city|county)/.test(w));
      if (oncePerDay && !local && verb) {
        pushFlag(out, makeFlag('inconsistent-count', `One country holding ${n.text} ${head === 'election' ? mods.join(' ') + ' elections' : headWord.w} on a single day (${dayText}) cannot be right; the count or the date is wrong.`, [spanOf(ctx, phrase), spanOf(ctx, day)]));
      }
    }
  }
}

// --- dates of events

interface EventDate {
  key: string;
  event: string;
  subject: string;
  date: When;
  sentence: ProseSentence;
  /** Named subject (not a pronoun or "the country") — only these travel across sources. */
  named: boolean;
  occasion: boolean;
  /** What the sentence says of the date: the whole occasion, its start, its end, or nothing ("the forum on 20 March"). */
  assertion: 'whole' | 'start' | 'end' | '';
  mods: string[];
  phrase: Span;
}

function onceEventOf(word: string): string | undefined {
  const w = lower(word);
  for (const [re, e] of ONCE_EVENTS) if (re.test(w)) return e;
  return undefined;
}

// An adverb may stand between the subject and its verb ("the company now employs"): it is not the subject.
const CLAUSE_NP = /^\s*(?:the|this)\s+((?:[\p{Ll}-]+\s+){0,2}?)(?!(?:now|still|also|already|today|then|later|soon)\s)([\p{Ll}-]+)\s+(?:(?:now|still|also|already|today|then|later|soon)\s+)?(?:has|have|had|is|was|were|will|would|can|could|\p{Ll}+ed|\p{Ll}+s)\b/u;

/** The main-clause subject after an opening phrase: "Since its founding in 2015, the bank has…". */
function clauseSubject(prose: Prose, s: ProseSentence, from: number): { canon: string; named: boolean } | undefined {
  const { text } = prose.ctx;
  const rest = text.slice(from, s.end);
  const comma = rest.indexOf(',');
  if (comma < 0) return undefined;
  const after = from + comma + 1;
  const name = s.names.find((e) => e.start >= after && /^\s*(?:the\s+)?$/i.test(text.slice(after, e.start)));
  if (name) return { canon: name.canon, named: true };
  const np = CLAUSE_NP.exec(text.slice(after, s.end));
  if (np) {
    const head = lower(np[2]!);
    if (/^(?:country|nation|state|republic)$/.test(head) && prose.home) return { canon: prose.home, named: false };
    return { canon: head, named: false };
  }
  return undefined;
}

const EVENT_NP = /\bthe\s+((?:[\p{Ll}-]+\s+){0,2}?)([\p{Ll}-]+)(?:\s*,\s*|\s+(?:was|were|is|has been|had been)\s+)(?:first\s+)?\p{L}+(?:\s+up)?\s+(?:on|in)\s+(?:the\s+)?$/iu;

/**
 * Necessary conditions for the three date patterns below, tested once per sentence: the passive verbs (matched
 * in any case, so looked for in the lowercased sentence, unless it has one of the two characters outside ASCII
 * that fold to an ASCII letter), the nouns of the nominal pattern (matched as written) and an occasion word.
 */
const PASSIVE_VERB_ANYWHERE = new RegExp(alternation(['founded', 'established', 'created', 'formed', 'incorporated', 'launched', 'inaugurated', 'signed', 'born', 'set up']));
const ASCII_FOLDING = /[\u017f\u212a]/;
const NOMINAL_NOUN_ANYWHERE = new RegExp(alternation(['founding', 'foundation', 'establishment', 'creation', 'inception', 'formation', 'launch', 'independence', 'birth', 'death', 'inauguration', 'incorporation']));
/**
 * Any word of the three conditions, anywhere in the lowercased sentence: one pattern for the many sentences that
 * have none (a noun as written, and an occasion word, stay in the lowercased sentence; the characters that fold
 * are looked for apart).
 */
const EVENT_WORD_ANYWHERE = new RegExp(
  alternation(['founded', 'established', 'created', 'formed', 'incorporated', 'launched', 'inaugurated', 'signed', 'born', 'set up', 'founding', 'foundation', 'establishment', 'creation', 'inception', 'formation', 'launch', 'independence', 'birth', 'death', 'inauguration', 'incorporation', ...OCCASIONS]),
);

const MONTH_OR_DAY_VALUE = /^(?:\d{4}|-)-\d{2}(?:-\d{2})?$/;

/** What onOrInBefore finds before a date: nothing, "on"/"in" and white space, or those and "the" and white space. */
const NO_ON_IN = 0;
const ON_IN = 1;
const ON_IN_THE = 2;

/** Whether, in any case, two letters are "on" or "in" (no character outside ASCII matches either case-insensitively). */
function isOnOrIn(text: string, i: number): boolean {
  const a = text.charCodeAt(i) | 32;
  return (a === 111 || a === 105) && (text.charCodeAt(i + 1) | 32) === 110;
}

/**
 * Whether /(?:on|in)\s+$/i matches text.slice(from, to) (ON_IN), else whether /(?:on|in)\s+the\s+$/i does
 * (ON_IN_THE), without the slice: the white space before `to`, then the letters before it.
 */
function onOrInBefore(text: string, from: number, to: number): number {
  let k = to;
  while (k > from && isSpaceUnit(text.charCodeAt(k - 1))) k--;
  if (k === to) return NO_ON_IN;
  if (k - 2 >= from && isOnOrIn(text, k - 2)) return ON_IN;
  if (k - 3 < from || (text.charCodeAt(k - 3) | 32) !== 116 || (text.charCodeAt(k - 2) | 32) !== 104 || (text.charCodeAt(k - 1) | 32) !== 101) return NO_ON_IN;
  const the = k - 3;
  k = the;
  while (k > from && isSpaceUnit(text.charCodeAt(k - 1))) k--;
  if (k === the) return NO_ON_IN;
  return k - 2 >= from && isOnOrIn(text, k - 2) ? ON_IN_THE : NO_ON_IN;
}

/** Works whose start is one event however the text names them; production or drilling starts are their own. */
const WORKS_NOUNS = new Set(['construction', 'work', 'works', 'building']);
const WORKS_ANYWHERE = /\b(?:construction|work|works|building|production|drilling|excavation)\b[^.]*\b(?:began|started|commenced|under way|underway)\b/;
/** "Construction began in", "work on the tunnel started in", "production of the vaccine got under way in". */
const WORKS_BEGAN = /\b(construction|work|works|building|production|drilling|excavation)(?:\s+work)?(?:\s+(?:on|of)\s+((?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+){0,2}))?\s+(?:began|started|commenced|got under way|got underway)\s+(?:in|on)\s+(?:the\s+)?$/iu;
const WEEKDAY_BEFORE = /\b(?:on|in)\s+((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)$/i;
/**
 * "the summit took place on", "the festival, founded in 2002 by critics, opened on", "the forum in Riga on":
 * an occasion, the verb saying what of it the date dates, and before it an aside or a relative clause.
 */
const OCCASION_BEFORE_DATE = /\b(?:the|this)\s+((?:[\p{L}’'-]+\s+){0,3}?)([\p{L}-]+)(,\s+(?!which\b|that\b)[^,;()]{3,80},)?(,\s+(?:which|that))?(?:\s+(?:in|at)\s+\p{Lu}[\p{L}-]*)?\s+(took place|was held|were held|opened|began|started|happened|ended|closed|was staged)?\s*(?:on|in)\s+$/iu;
/**
 * Occasions rare enough that two dates for one are one too many even when the text names the second by its
 * date ("the 2 December investor day"): a meeting, a match or a strike recurs, a congress does not.
 */
const SINGULAR_OCCASIONS = new Set([
  'summit', 'forum', 'conference', 'congress', 'election', 'referendum', 'ceremony', 'festival', 'convention',
  'inauguration', 'coronation', 'funeral', 'wedding', 'final', 'exhibition', 'expo', 'census', 'launch', 'signing', 'gala', 'premiere', 'day',
]);
/** Singular occasions that last one day: any two dates for one of them disagree, whatever verb goes with them. */
const ONE_DAY_OCCASIONS = new Set(['election', 'referendum', 'inauguration', 'coronation', 'funeral', 'wedding', 'signing']);
/** Words before "day" that do not make it a named occasion ("the same day", "the opening day"). */
const NOT_DAY_NAME = new Set(['same', 'next', 'previous', 'first', 'last', 'whole', 'entire', 'working', 'every', 'one', 'that', 'this', 'following', 'final', 'big', 'opening', 'closing', 'second', 'third', 'fourth', 'other', 'single', 'school', 'busy', 'long', 'hot', 'cold', 'rainy', 'sunny', 'dark', 'sad', 'good', 'bad', 'great', 'historic', 'special', 'typical', 'normal', 'full', 'half', 'record', 'quiet']);
/** "day" is an occasion only as a named one, "capital markets day", "polling day"; the others are the set. */
function isOccasion(head: string, mods: string): boolean {
  if (head !== 'day') return OCCASIONS.has(head);
  const words = mods.trim().split(/\s+/).filter(Boolean);
  const last = words[words.length - 1];
  return last !== undefined && /^\p{Ll}[\p{Ll}-]+$/u.test(last) && !NOT_DAY_NAME.has(last) && !/(?:day|ly)$/.test(last);
}
/** "the 2 December investor day", "the June 12 opening of the festival": a date naming its occasion. */
const ATTRIBUTIVE_DATE_AFTER = /^\s+(?:(opening|start|closing|close|end)\s+(?:night\s+|day\s+|ceremony\s+)?of\s+(?:the\s+|this\s+)?((?:[\p{Ll}’'-]+\s+){0,3}[\p{Ll}-]+)|((?:[\p{Ll}’'-]+\s+){0,3}[\p{Ll}-]+))(?![\p{L}\d-])/u;
/** "will host a capital markets day in Oslo on", "held an extraordinary congress on": an occasion first named. */
const HELD_OCCASION_BEFORE_DATE = /\b(?:hosts?|hosted|hosting|holds?|held|holding|stages?|staged|organi[sz]es?|organi[sz]ed|convenes?|convened)\s+an?\s+((?:[\p{L}’'-]+\s+){0,3}?)([\p{L}-]+)(?:\s+(?:in|at)\s+\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?)?\s+on\s+$/u;

/**
 * An occasion the date names or that the text first holds on it: "the 2 December investor day", "the June 12
 * opening of the festival", "will host an investor day in Oslo on 4 December". Only for singular occasions:
 * "the 3 March meeting" and "a meeting on 10 March" are as likely two meetings as one.
 */
function datedOccasion(text: string, s: ProseSentence, d: When): EventDate | undefined {
  const lead = text.slice(Math.max(s.start, d.start - 120), d.start);
  let head: string | undefined;
  let mods: string[] = [];
  let assertion: EventDate['assertion'] = '';
  let startAt = d.start;
  let end = d.end;
  if (/(?:^|[^\p{L}])the\s+$/iu.test(lead)) {
    const m = ATTRIBUTIVE_DATE_AFTER.exec(text.slice(d.end, Math.min(s.end, d.end + 80)));
    if (!m) return undefined;
    // The occasion is the first of the words that is one: "capital markets day" is a day.
    const words = (m[1] ? m[2]! : m[3]!).split(/\s+/).filter(Boolean);
    const k = words.findIndex((w) => SINGULAR_OCCASIONS.has(lower(w)) && isOccasion(lower(w), words.slice(0, words.indexOf(w)).join(' ')));
    // "Since the June 12 opening night": the opening of an occasion left unnamed, the one the text is about
    // (eventDatesOf names it, if the text dates one occasion's opening or close).
    const bare = k < 0 && !m[1] ? /^(opening|closing)(?:\s+(?:night|day|ceremony|gala))?$/i.exec(words.join(' ')) : null;
    if (bare) {
      const phraseEnd = d.end + text.slice(d.end).indexOf(words[words.length - 1]!) + words[words.length - 1]!.length;
      return { key: UNNAMED_OCCASION, event: '', subject: '', date: d, sentence: s, named: false, occasion: true, assertion: lower(bare[1]!) === 'opening' ? 'start' : 'end', mods: [], phrase: { start: d.start - (lead.length - lead.search(/the\s+$/i)), end: phraseEnd } };
    }
    if (k < 0) return undefined;
    head = lower(words[k]!);
    mods = words.slice(0, k).map(lower);
    if (m[1]) assertion = /^(?:opening|start)$/i.test(m[1]) ? 'start' : 'end';
    startAt = d.start - (lead.length - lead.search(/the\s+$/i));
    const after = text.slice(d.end);
    let at = 0;
    for (let i = 0; i <= k; i++) at = after.indexOf(words[i]!, at) + words[i]!.length;
    end = d.end + at;
  } else {
    const m = HELD_OCCASION_BEFORE_DATE.exec(lead);
    if (!m) return undefined;
    const noun = lower(m[2]!);
    if (!SINGULAR_OCCASIONS.has(noun) || !isOccasion(noun, m[1] ?? '')) return undefined;
    head = noun;
    mods = (m[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
    assertion = 'whole';
    startAt = d.start - lead.length + m.index;
  }
  if (mods.some((w) => /^(?:first|second|third|next|last|previous|another|annual|\d+)$/.test(w))) return undefined;
  return { key: `occasion|${head}`, event: head, subject: '', date: d, sentence: s, named: false, occasion: true, assertion, mods, phrase: { start: startAt, end } };
}

/** Things that start and go on; a verb in -ing names them as its noun does ("began erupting" is the eruption's start). */
const ONGOING = new Map<string, string>([
  ['eruption', 'eruption'], ['erupting', 'eruption'], ['outbreak', 'outbreak'], ['wildfire', 'wildfire'], ['blaze', 'blaze'],
  ['flooding', 'flooding'], ['drought', 'drought'], ['heatwave', 'heatwave'], ['siege', 'siege'], ['war', 'war'],
  ['invasion', 'invasion'], ['blockade', 'blockade'], ['shutdown', 'shutdown'], ['lockdown', 'lockdown'], ['walkout', 'walkout'],
  ['strike', 'strike'], ['striking', 'strike'], ['protest', 'protest'], ['protests', 'protest'], ['protesting', 'protest'],
  ['evacuation', 'evacuation'], ['search', 'search'], ['ceasefire', 'ceasefire'], ['truce', 'truce'],
]);
const START_VERB_ANYWHERE = /\b(?:began|begun|started|broke out)\b/;
/** A time of day or a part of it between the verb and the date: "at 02:17 local time", "early", "late". */
const TIME_OF_DAY = '(?:\\s+at\\s+(?:about\\s+|around\\s+)?\\d{1,2}[:.]\\d{2}(?:\\s*(?:[ap]\\.?m\\.?|hrs|h|GMT|UTC|local\\s+time))*)?(?:\\s+(?:early|late|shortly\\s+after\\s+midnight))?';
/**
 * "the eruption started on", "since the outbreak began on", "the volcano began erupting at 02:17 on": groups 1
 * the words before the noun, 2 the noun, 3 the -ing form after the verb.
 */
const START_BEFORE_DATE = new RegExp(
  `(?:\\b(?:[Tt]he|[Tt]his)\\s+((?:[\\p{Ll}-]+\\s+){0,2}?)([\\p{Ll}]+)(?:,?\\s+(?:which|that))?\\s+(?:began|started|broke\\s+out|had\\s+begun|had\\s+started|was\\s+declared)|\\b(?:began|started)\\s+(\\p{Ll}+ing))${TIME_OF_DAY}\\s+(?:on|in)\\s+$`,
  'u',
);
/** Words before a noun that make it another one: "a previous eruption", "the second strike". */
const ANOTHER = /^(?:first|second|third|next|last|previous|earlier|later|latest|new|another|other|separate|similar|current|\d+)$/;

/** The start of an ongoing thing dated right after `before` (text.slice(from, to)), keyed by the thing. */
function startOf(text: string, from: number, to: number): Pick<EventDate, 'key' | 'event' | 'subject' | 'named' | 'occasion' | 'assertion' | 'mods' | 'phrase'> | undefined {
  const m = START_BEFORE_DATE.exec(text.slice(from, to));
  if (!m) return undefined;
  const noun = ONGOING.get(lower(m[2] ?? m[3]!));
  if (!noun) return undefined;
  const mods = (m[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
  if (mods.some((w) => ANOTHER.test(w))) return undefined;
  // An occasion's start joins its other starts ("the strike began on" and "the strike, which opened on").
  const occasion = OCCASIONS.has(noun);
  return { key: occasion ? `occasion|${noun}` : `start|${noun}`, event: occasion ? noun : `start of the ${noun}`, subject: '', named: false, occasion: true, assertion: 'start', mods, phrase: { start: from + m.index, end: to } };
}

const DEPARTURE_ANYWHERE = /\b(?:set (?:off|out)|setting (?:off|out)|departed|left)\b/;
/** Nouns for the party a text follows: "the group", "the four climbers", "the expedition". */
const PARTY_NOUN = '(group|team|party|expedition|crew|climbers|hikers|walkers|trekkers|skiers|mountaineers|divers|sailors|rowers|cyclists|delegation|convoy|caravan|pilgrims|tourists)';
/**
 * "a group of four climbers set out from the chalet", "the group set off on": groups 1 the party's noun, 2 the
 * noun after "of" ("a group of four climbers"), 3 the verb, 4 the place it left.
 */
const DEPARTURE_BEFORE_DATE = new RegExp(
  `\\b(?:[Tt]he|[Aa])\\s+(?:[\\p{L}-]+\\s+){0,2}?${PARTY_NOUN}(?:\\s+of\\s+(?:[\\p{L}-]+\\s+){0,3}?${PARTY_NOUN})?(?:,\\s+[^,;]{3,60},)?\\s+(?:had\\s+)?(set\\s+(?:off|out)|departed|left)(?:\\s+(?:from\\s+)?(?:the\\s+)?((?:[\\p{L}-]+\\s+){0,1}?[\\p{L}-]+)(?:\\s+(?:at|in|near|above|below|by|beside|under|on)\\s+(?:the\\s+)?[\\p{L}-]+(?:\\s+[\\p{L}-]+){0,2}?)?)?${TIME_OF_DAY}\\s+on\\s+$`,
  'u',
);

/**
 * The setting out of the party the text follows, dated right after `before`: one party sets out from one place
 * once, so the key is the party's noun and the place (none when not said, as "set out" alone is the start of the
 * journey). "Left" needs its place: a party leaves many.
 */
function departureOf(text: string, s: ProseSentence, from: number, to: number): Pick<EventDate, 'key' | 'event' | 'subject' | 'named' | 'occasion' | 'assertion' | 'mods' | 'phrase'>[] {
  const m = DEPARTURE_BEFORE_DATE.exec(text.slice(from, to));
  if (!m) return [];
  const verb = lower(m[3]!);
  const place = m[4] ? lower(m[4]).split(/\s+/).pop()! : '';
  if (!place && !verb.startsWith('set')) return [];
  // "Two of the climbers set out…", "the other group left…": part of the party, or another one.
  const lead = text.slice(Math.max(s.start, from + m.index - 16), from + m.index);
  if (/\b(?:of|other|second|another|separate)\s*$/i.test(lead) || /\b(?:other|second|another|separate|rescue|search)\b/i.test(m[0].slice(0, m[0].indexOf(m[1]!)))) return [];
  // "A group of four climbers" is the group and the climbers: each may name it later.
  return [...new Set([m[1]!, m[2]].filter((w): w is string => w !== undefined).map(lower))].map((party) => (
    { key: `departure|${party}|${place}`, event: `departure of the ${party}`, subject: '', named: false, occasion: true, assertion: 'whole' as const, mods: [], phrase: { start: from + m.index, end: to } }
  ));
}

/** The key of an opening or close whose occasion the text leaves unnamed ("the June 12 opening night"). */
const UNNAMED_OCCASION = 'occasion|';

/**
 * An unnamed opening or close is of the one singular occasion whose opening or close the text dates: with none
 * (or several, "the festival" and "the exhibition"), it is no one's.
 */
function nameUnnamedOccasions(events: EventDate[]): EventDate[] {
  if (!events.some((e) => e.key === UNNAMED_OCCASION)) return events;
  const heads = new Set(events.filter((e) => e.occasion && e.key !== UNNAMED_OCCASION && e.event !== 'day' && SINGULAR_OCCASIONS.has(e.event) && (e.assertion === 'start' || e.assertion === 'end')).map((e) => e.event));
  const head = heads.size === 1 ? [...heads][0]! : undefined;
  return events.flatMap((e) => (e.key !== UNNAMED_OCCASION ? [e] : head === undefined ? [] : [{ ...e, key: `occasion|${head}`, event: head }]));
}

/**
 * Buildings and works that open once, by the name the text gives their kind: a plant is also called the factory.
 * An exhibition or a trial opens too, but as an occasion (OCCASION_BEFORE_DATE), and a shop opens every morning.
 */
const FACILITIES = new Map<string, string>([
  ['plant', 'plant'], ['factory', 'plant'], ['mine', 'mine'], ['museum', 'museum'], ['airport', 'airport'], ['station', 'station'],
  ['bridge', 'bridge'], ['tunnel', 'tunnel'], ['hospital', 'hospital'], ['stadium', 'stadium'], ['arena', 'arena'], ['terminal', 'terminal'],
  ['library', 'library'], ['refinery', 'refinery'], ['smelter', 'smelter'], ['prison', 'prison'], ['dam', 'dam'], ['motorway', 'motorway'],
]);
/** "The Orsk plant, which opened in", "the museum first opened in": groups 1 the words before the noun, 2 the noun. */
const OPENED_BEFORE_DATE = /\bthe\s+((?:[\p{L}\p{M}.’'-]+\s+){0,3}?)([\p{L}-]+)(?:,\s+which|\s+(?:was|were))?\s+(?:first\s+|originally\s+)?opened\s+(?:its\s+doors\s+)?(?:in|on)\s+$/iu;
/** "Since opening in 1989, the factory …": the clause after the date says what opened. */
const OPENING_BEFORE_DATE = /(?:^|[^\p{L}])(?:since|after|before|on|at)\s+(?:its\s+)?opening\s+in\s+$/iu;
/** Words that make a building another one than the text's ("the old terminal", "a second plant"). */
const OTHER_BUILDING = /^(?:first|second|third|next|last|previous|earlier|later|latest|new|another|other|separate|similar|current|old|older|original|existing|former|rival|sister|\d+)$/;

/** The opening of a building or works the sentence dates: once for each, however often the text tells it. */
function facilityOpening(prose: Prose, s: ProseSentence, from: number, core: number, d: When): EventDate | undefined {
  const { text } = prose.ctx;
  const before = text.slice(from, core);
  const np = OPENED_BEFORE_DATE.exec(before);
  let noun: string | undefined;
  let mods: string[] = [];
  let startAt = 0;
  if (np) {
    noun = lower(np[2]!);
    mods = (np[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
    startAt = from + np.index;
  } else {
    const since = OPENING_BEFORE_DATE.exec(before);
    if (!since) return undefined;
    const subject = clauseSubject(prose, s, d.end);
    if (!subject || subject.named) return undefined;
    noun = subject.canon;
    startAt = from + since.index + since[0].search(/\p{L}/u);
  }
  const kind = FACILITIES.get(noun);
  if (!kind || mods.some((w) => OTHER_BUILDING.test(w))) return undefined;
  return { key: `opening|${kind}`, event: 'opening', subject: noun, date: d, sentence: s, named: false, occasion: false, assertion: 'whole', mods, phrase: { start: startAt, end: d.end } };
}

function eventDatesOf(prose: Prose): EventDate[] {
  const { text } = prose.ctx;
  const out: EventDate[] = [];
  for (const s of prose.sentences) {
    if (s.dates.length === 0) continue;
    // "the 11 November opening night": an opening named by its date, of an occasion the sentence may not name.
    const mayDayCompound = s.lower.includes(' day') || s.lower.includes('opening') || s.lower.includes('closing');
    const mayOpen = s.lower.includes('open');
    if (!s.folds && !mayDayCompound && !mayOpen && !EVENT_WORD_ANYWHERE.test(s.lower) && !WORKS_ANYWHERE.test(s.lower) && !START_VERB_ANYWHERE.test(s.lower) && !DEPARTURE_ANYWHERE.test(s.lower)) continue;
    const mayPassive = PASSIVE_VERB_ANYWHERE.test(s.lower) || (s.folds && ASCII_FOLDING.test(s.text));
    const mayNominal = NOMINAL_NOUN_ANYWHERE.test(s.text);
    const mayOccasion = hasOccasionWord(s) || mayDayCompound;
    const mayWorks = WORKS_ANYWHERE.test(s.lower);
    const mayStart = START_VERB_ANYWHERE.test(s.lower);
    const mayDeparture = DEPARTURE_ANYWHERE.test(s.lower);
    if (!mayPassive && !mayNominal && !mayOccasion && !mayWorks && !mayStart && !mayDeparture && !mayOpen) continue;
    for (const d of s.dates) {
      const from = Math.max(s.start, d.start - 120);
      if (mayOccasion && MONTH_OR_DAY_VALUE.test(d.value)) {
        const named = datedOccasion(text, s, d);
        if (named) {
          out.push(named);
          continue;
        }
      }
      // All three patterns end in "on" or "in" and white space right before the date (the first two allow a
      // "the" after them): a date without ("2023 was…", "March 2023") is no event's, and needs no pattern tried.
      // A weekday may stand between them ("opened on Friday, June 13").
      const weekday = WEEKDAY_BEFORE.exec(text.slice(Math.max(from, d.start - 24), d.start));
      const core = weekday ? d.start - weekday[0].length + weekday[0].indexOf(weekday[1]!) : d.start;
      const lead = onOrInBefore(text, from, core);
      if (lead === NO_ON_IN) continue;
      const before = text.slice(from, core);
      // "X was founded in 2013", "X, established in 2013,". Each pattern runs only where its words are.
      const passive = mayPassive && /(?:^|[^\p{L}])(?:was|were|is|has been|had been|,)?\s*((?:first\s+)?(?:founded|established|created|formed|incorporated|launched|inaugurated|signed|born|set up))\s+(?:on|in)\s+(?:the\s+)?$/iu.exec(before);
      if (passive) {
        const verbStart = from + passive.index + passive[0].indexOf(passive[1]!);
        const event = onceEventOf(passive[1]!.replace(/^first\s+/i, '').split(/\s+/)[0]!) ?? (/set up/i.test(passive[1]!) ? 'founding' : undefined);
        const subj = s.names.filter((e) => e.end <= verbStart && e.kind !== 'person').pop();
        const between = subj ? text.slice(subj.end, verbStart) : '';
        if (event && subj && /^(?:['’]s)?\s*(?:,|was|were|is|has been|had been|\s)*$/i.test(between)) {
          out.push({ key: `${event}|${subj.canon}`, event, subject: subj.canon, date: d, sentence: s, named: true, occasion: false, assertion: 'whole', mods: [], phrase: { start: subj.start, end: d.end } });
          continue;
        }
        if (event && !subj && /^\s*$/.test(text.slice(s.start, verbStart))) {
          // "Founded in 2001, the company …": the clause after the date says whose founding it was.
          const subject = clauseSubject(prose, s, d.end);
          if (subject) {
            out.push({ key: `${event}|${subject.canon}`, event, subject: subject.canon, date: d, sentence: s, named: subject.named, occasion: false, assertion: 'whole', mods: [], phrase: { start: verbStart, end: d.end } });
            continue;
          }
        }
        if (event) {
          // "the bank was founded in…", "The grid operator, founded in…"
          const np = EVENT_NP.exec(before);
          if (np) {
            const subject = lower(np[2]!);
            const mods = (np[1] ?? '').trim().split(/\s+/).filter(Boolean).map(lower);
            out.push({ key: `${event}|${subject}`, event, subject, date: d, sentence: s, named: false, occasion: false, assertion: 'whole', mods, phrase: { start: from + np.index, end: d.end } });
            continue;
          }
        }
      }
      // "since its founding in 2015, the bank…", "the founding of X in 2013", "X's independence in 1991"
      const nominal = mayNominal && /\b(its|their|his|her|the|[\p{Lu}][\p{L}.-]*(?:\s+[\p{Lu}][\p{L}-]*)*['’]s?)\s+(founding|foundation|establishment|creation|inception|formation|launch|independence|birth|death|inauguration|incorporation)((?:\s+of\s+(?:the\s+)?[\p{Lu}][\p{L}-]*(?:\s+[\p{Lu}][\p{L}-]*)*)?)(?:\s+from\s+(?:the\s+)?[\p{Lu}][\p{L}-]*(?:\s+[\p{Lu}][\p{L}-]*)*)?\s+(?:on|in)\s+(?:the\s+)?$/u.exec(before);
      if (nominal) {
        const event = onceEventOf(nominal[2]!)!;
        const startAt = from + nominal.index;
        let subject: { canon: string; named: boolean } | undefined;
        const det = lower(nominal[1]!);
        if (nominal[3]) subject = { canon: canonName(nominal[3].replace(/^\s+of\s+/, '')), named: true };
        else if (!/^(?:its|their|his|her|the)$/.test(det)) subject = { canon: canonName(nominal[1]!), named: true };
        else if (det !== 'the' && /\b(?:since|after|before|following|with|from|at|upon|on)\s+$/i.test(text.slice(Math.max(s.start, startAt - 12), startAt))) subject = clauseSubject(prose, s, d.end);
        if (subject) out.push({ key: `${event}|${subject.canon}`, event, subject: subject.canon, date: d, sentence: s, named: subject.named, occasion: false, assertion: 'whole', mods: [], phrase: { start: startAt, end: d.end } });
        continue;
      }
      // "Construction began in 2019", "since work on the tunnel started in 2020": when the works began.
      const works = mayWorks ? WORKS_BEGAN.exec(before) : null;
      if (works) {
        const noun = lower(works[1]!);
        const event = WORKS_NOUNS.has(noun) ? 'construction' : noun;
        const of = works[2] ? lower(works[2]).replace(/^the\s+/, '') : '';
        out.push({ key: `start|${event}|${of}`, event: `start of ${event}`, subject: of, date: d, sentence: s, named: false, occasion: false, assertion: 'start', mods: [], phrase: { start: from + works.index, end: d.end } });
        continue;
      }
      // "The eruption started on 13 November", "the volcano began erupting at 02:17 on 12 November": the start
      // of something that goes on, which is one moment however often the text names it.
      const started = mayStart && MONTH_OR_DAY_VALUE.test(d.value) ? startOf(text, from, core) : undefined;
      if (started) {
        out.push({ ...started, date: d, sentence: s, phrase: { start: started.phrase.start, end: d.end } });
        continue;
      }
      // "The group set off from the hut on 7 February": the setting out of the party the text follows.
      const left = mayDeparture && MONTH_OR_DAY_VALUE.test(d.value) ? departureOf(text, s, from, core) : [];
      if (left.length > 0) {
        for (const e of left) out.push({ ...e, date: d, sentence: s, phrase: { start: e.phrase.start, end: d.end } });
        continue;
      }
      const opened = mayOpen ? facilityOpening(prose, s, from, core, d) : undefined;
      if (opened) {
        out.push(opened);
        continue;
      }
      // Occasions: "The summit took place on 12 May", "the forum on 20 March".
      // An occasion is dated to a month or a day, and the date's shape is the cheaper test.
      // "the summit, which opened on 13 May" says it of the summit as much as "the summit opened on 13 May".
      const occ = mayOccasion && lead === ON_IN && MONTH_OR_DAY_VALUE.test(d.value) && OCCASION_BEFORE_DATE.exec(before);
      // A relative clause or an aside counts only with its verb: "the summit, which opened on …", "the festival,
      // founded in 2002, opened on …", not "…, which on …".
      if (occ && isOccasion(lower(occ[2]!), occ[1] ?? '') && !((occ[3] || occ[4]) && !occ[5])) {
        const head = lower(occ[2]!);
        const mods = (occ[1] ?? '').trim().split(/\s+/).filter(Boolean).map((w) => lower(w));
        if (mods.some((w) => /^(?:first|second|third|next|last|previous|\d+)$/.test(w))) continue;
        const startAt = from + occ.index;
        const verb = lower(occ[5] ?? '');
        const assertion = !verb ? '' : /^(?:opened|began|started)$/.test(verb) ? 'start' : /^(?:ended|closed)$/.test(verb) ? 'end' : 'whole';
        out.push({ key: `occasion|${head}`, event: head, subject: '', date: d, sentence: s, named: false, occasion: true, assertion, mods, phrase: { start: startAt, end: d.end } });
      }
    }
  }
  return nameUnnamedOccasions(out);
}

/** Dates agree when they agree at the precision both state; a day without a year takes the other's year. */
function datesConflict(a: string, b: string): boolean {
  const parse = (v: string): [string | undefined, string | undefined, string | undefined] => {
    const m = /^(\d{4})?-?(\d{2})?-?(\d{2})?$/.exec(v.startsWith('--') ? v.slice(1) : v);
    if (!m) return [undefined, undefined, undefined];
    return [m[1], m[2], m[3]];
  };
  const [ya, ma, da] = parse(a);
  const [yb, mb, db] = parse(b);
  if (ya && yb && ya !== yb) return true;
  if (ma && mb && ma !== mb) return true;
  if (da && db && da !== db && ma && mb) return true;
  return false;
}

function checkDates(prose: Prose, events: readonly EventDate[], out: Out): void {
  const { ctx } = prose;
  const groups = new Map<string, EventDate[]>();
  for (const e of events) {
    const g = groups.get(e.key) ?? [];
    g.push(e);
    groups.set(e.key, g);
  }
  for (const group of groups.values()) {
    if (group.length < 2 || group.length > MAX_GROUP) continue;
    for (let i = 1; i < group.length; i++) {
      const b = group[i]!;
      for (let j = 0; j < i; j++) {
        const a = group[j]!;
        if (a.sentence === b.sentence && a.date.value === b.date.value) continue;
        // "the trade agreement" and "the security agreement" are two things; "the agreement" may be either.
        const [fewer, more] = a.mods.length <= b.mods.length ? [a.mods, b.mods] : [b.mods, a.mods];
        if (!fewer.every((w) => more.includes(w))) continue;
        if (a.occasion) {
          // "the meeting on Monday … the meeting on Tuesday" can be two meetings, and a festival that opened on
          // the 19th still runs on the 20th: compare starts with starts, ends with ends, and a one-day
          // "took place on" with any mention.
          // An occasion of one day is on one date however it is mentioned: "the election on 3 October" and "the
          // 10 October election" (only with the same words: "the local election" may be another one).
          const oneDay = a.assertion === '' && b.assertion === '' && ONE_DAY_OCCASIONS.has(a.event) && fewer.length === more.length;
          const comparable = oneDay || (a.assertion !== '' && a.assertion === b.assertion) || (a.assertion === 'whole' && b.assertion === '') || (a.assertion === '' && b.assertion === 'whole');
          if (!comparable) continue;
          // Different years are different occurrences of a recurring occasion.
          if (a.date.value.slice(0, 4) !== b.date.value.slice(0, 4) && /^\d/.test(a.date.value) && /^\d/.test(b.date.value)) continue;
        }
        if (!datesConflict(a.date.value, b.date.value)) continue;
        const what = a.occasion ? `the ${a.event === 'day' ? [...fewer, 'day'].join(' ') : a.event}` : !a.subject ? `the ${a.event}` : `the ${a.event} of ${a.named ? titleCase(a.subject) : `the ${a.subject}`}`;
        pushFlag(out, makeFlag('inconsistent-date', `The text dates ${what} to ${a.date.text} and also to ${b.date.text}.`, [spanOf(ctx, b.phrase), spanOf(ctx, a.phrase)]));
        break;
      }
    }
  }
}

// --- rankings

interface RankClaim {
  sentence: ProseSentence;
  span: Span;
  measure: string;
  /** For flows: which end the ranked partners sit at. */
  end?: 'origin' | 'dest' | 'pair';
  /** "largest electricity customer": only electricity figures rank it. */
  modifier: string;
  entity: string;
  rank: number;
  lowest: boolean;
  period: string;
}

const SUPERLATIVE = /\b(?:(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?(biggest|largest|greatest|highest|top|leading|main|smallest|lowest|least)\b/gi;
/** A necessary condition for SUPERLATIVE, tested on the lowercased sentence as OCCASION_ANYWHERE is: its word whole. */
const SUPERLATIVE_ANYWHERE = new RegExp(`\\b${alternation(['biggest', 'largest', 'greatest', 'highest', 'top', 'leading', 'main', 'smallest', 'lowest', 'least'])}\\b`);

/** Rank claims whose entity is one of `partners` (the others have no figure to be ranked by). */
function rankClaimsOf(prose: Prose, partners: ReadonlySet<string>): RankClaim[] {
  const { text } = prose.ctx;
  const out: RankClaim[] = [];
  if (partners.size > 0) for (const s of prose.sentences) {
    if (!s.names.some((n) => partners.has(n.canon))) continue;
    if (!SUPERLATIVE_ANYWHERE.test(s.lower) && !(s.folds && LOWERS_TO_WORD_CHARACTER.test(s.text))) continue;
    SUPERLATIVE.lastIndex = 0;
    for (let m = SUPERLATIVE.exec(s.text); m; m = SUPERLATIVE.exec(s.text)) {
      const at = s.start + m.index;
      // "one of its largest partners" claims no rank.
      if (/\bone\s+of\s+(?:\S+\s+){0,2}$/i.test(text.slice(Math.max(s.start, at - 24), at))) continue;
      const tail = wordsIn(text, at + m[0].length, Math.min(s.end, at + m[0].length + 40), 4);
      let measure: string | undefined;
      let mEnd = at + m[0].length;
      let end: RankClaim['end'];
      let modifier = '';
      for (const [wi, w] of tail.entries()) {
        // Who buys from the home country ranks export destinations; who supplies it ranks import origins.
        const mm = measureOf(w.w) ?? (/^(?:customers?|buyers?|clients?)$/i.test(w.w) ? 'export' : /^suppliers?$/i.test(w.w) ? 'import' : undefined);
        const prevWord = tail[wi - 1]?.w;
        if (mm && prevWord && !isCap(prevWord) && !NOT_MEASURE.has(lower(prevWord)) && !measureOf(prevWord) && !/est$/i.test(prevWord)) modifier = lower(prevWord);
        if (mm) {
          measure = mm;
          mEnd = w.end;
          // "importer" and "source of imports" rank origins into home; "export partner"/"buyer" ranks destinations.
          end = mm === 'import' ? 'origin' : mm === 'export' ? 'dest' : mm === 'trade' ? 'pair' : undefined;
          break;
        }
        if (/^(?:trading|trade)$/i.test(w.w)) { measure = 'trade'; mEnd = w.end; end = 'pair'; break; }
      }
      if (!measure) continue;
      const tailText = text.slice(mEnd, s.end);
      const partnerWord = /^\s*(?:partners?|markets?|destinations?|buyers?|suppliers?|sources?)\b/i.exec(tailText);
      if (partnerWord) mEnd += partnerWord[0].length;
      // Who holds the rank: "… is Italy" after, or "Russia remains … largest importer" before.
      let entity: Name | undefined;
      const afterCopula = /^\s*(?:of\s+(?:the\s+)?\S+\s+)?(?:is|was|remains|remained|has been|became|are)\s+(?:now\s+|still\s+)?/i.exec(text.slice(mEnd, s.end));
      if (afterCopula) entity = s.names.find((e) => e.start === mEnd + afterCopula[0].length || (e.start > mEnd && /^\s*(?:the\s+)?$/i.test(text.slice(mEnd + afterCopula[0].length, e.start))));
      if (!entity) {
        const pre = text.slice(s.start, at);
        const cop = /([\p{Lu}][\p{L}.-]*(?:\s+[\p{Lu}][\p{L}-]*)*)\s+(?:is|was|remains|remained|has been|became|ranks as|ranked as)\s+(?:now\s+|still\s+)?(?:the\s+|[\p{Lu}][\p{L}-]*['’]s\s+|its\s+|their\s+)$/u.exec(pre);
        if (cop) entity = s.names.find((e) => e.start >= s.start + cop.index && e.end <= s.start + cop.index + cop[1]!.length);
      }
      if (!entity || entity.canon === prose.home) continue;
      const ord = m[1] ? lower(m[1]) : '';
      const rank = ord ? ({ second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 } as Record<string, number>)[ord] ?? 1 : 1;
      const lowest = /^(?:smallest|lowest|least)$/i.test(m[2]!);
      const spanStart = Math.min(entity.start, at);
      const spanEnd = Math.max(entity.end, mEnd);
      const yrs = s.dates.filter((d) => /^\d{4}$/.test(d.value));
      const claim: RankClaim = { sentence: s, span: { start: spanStart, end: spanEnd }, measure: measure === 'export' || measure === 'import' ? 'flow' : measure, modifier, entity: entity.canon, rank, lowest, period: new Set(yrs.map((d) => d.value)).size === 1 ? yrs[0]!.value : '' };
      if (end) claim.end = end;
      out.push(claim);
    }
  }
  return out;
}

/** The figure for each partner of a ranked measure, in one period. */
const tables = new WeakMap<readonly Figure[], Map<string, Map<string, Figure>>>();

/** Cached per figure list: a text full of rankings must not rescan every figure for each. */
function tableFor(prose: Prose, figures: readonly Figure[], measure: string, end: RankClaim['end'], period: string, modifier = ''): Map<string, Figure> {
  let cache = tables.get(figures);
  if (!cache) {
    cache = new Map();
    tables.set(figures, cache);
  }
  const key = `${measure}|${end ?? ''}|${period}|${modifier}`;
  let t = cache.get(key);
  if (!t) {
    t = buildTable(prose, figures, measure, end, period, modifier);
    cache.set(key, t);
  }
  return t;
}

function buildTable(prose: Prose, figures: readonly Figure[], measure: string, end: RankClaim['end'], period: string, modifier: string): Map<string, Figure> {
  const home = prose.home;
  const byPeriod = new Map<string, Map<string, Figure>>();
  for (const f of figures) {
    if (f.change || f.reference || f.measure !== measure || f.modifier !== modifier) continue;
    let partner: string | undefined;
    if (measure === 'flow') {
      if (end === 'dest' && f.origin === home) partner = f.dest;
      else if (end === 'origin' && f.dest === home) partner = f.origin;
    } else if (f.subject !== home) partner = f.subject;
    if (!partner) continue;
    const p = f.period;
    const t = byPeriod.get(p) ?? new Map<string, Figure>();
    if (!t.has(partner)) t.set(partner, f);
    byPeriod.set(p, t);
  }
  if (period) {
    const t = new Map(byPeriod.get(period) ?? []);
    for (const [k, v] of byPeriod.get('') ?? []) if (!t.has(k)) t.set(k, v);
    return t;
  }
  // Undated claim: the latest stated period, with undated figures filling in.
  const dated = [...byPeriod.keys()].filter((k) => /^\d{4}$/.test(k)).sort();
  const latest = dated[dated.length - 1];
  const t = new Map(latest ? byPeriod.get(latest) ?? [] : []);
  for (const [k, v] of byPeriod.get('') ?? []) if (!t.has(k)) t.set(k, v);
  return t;
}


/** Whether at least two of `names` are in `canons`. */
function twoOf(names: readonly Name[], canons: ReadonlySet<string>): boolean {
  let found = 0;
  for (const n of names) if (canons.has(n.canon) && ++found === 2) return true;
  return false;
}

/** A partner set against a ranked or compared figure, with the figure the text gives it. */
interface Rival {
  who: string;
  num: Num;
}

/** Words that set a named rival against what comes before them ("ahead of B", "more than from B"). */
const COMPARAND = /\b(?:ahead\s+of|behind|followed\s+by|outpacing|outstripping|than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:(?:to|from|with|for)\s+)?(?:the\s+)?/giu;
/** What may stand between a rival's name and its figure: a relative clause's few words, never a new clause. */
const RIVAL_GAP = /^(?:['’]s?)?[^;:.!?—–]*$/u;

/**
 * Rivals named after `from` in one sentence, each with the first figure of `like`'s unit that follows its name
 * closely ("Georgia, which bought power worth $520 million in 2021", "France ($510 million)"). A rival whose
 * figure is dated to another year than `like` is not a rival in that period.
 */
function comparandsIn(prose: Prose, s: ProseSentence, from: number, like: Figure): Rival[] {
  const { text } = prose.ctx;
  const out: Rival[] = [];
  const re = COMPARAND;
  re.lastIndex = Math.max(0, from - s.start);
  for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
    const at = s.start + m.index + m[0].length;
    const name = s.names.find((e) => e.start === at && e.kind !== 'person');
    if (!name) continue;
    const num = s.nums.find((n) => n.start >= name.end && unitClassOf(n) === like.unitClass);
    if (!num) continue;
    const gap = text.slice(name.end, num.start);
    const gapWords = wordsIn(gap, 0, gap.length);
    if (!RIVAL_GAP.test(gap) || gapWords.length > 6 || /\b(?:than|while|whereas|but|compared|and)\b/i.test(gap)) continue;
    // "ahead of B, whose budget is $5 billion" gives B a figure of another measure.
    const family = (m: string): string => (FLOW.has(m) ? 'flow' : m);
    if (gapWords.some((w) => { const gm = measureOf(w.w); return gm !== undefined && family(gm) !== like.measure; })) continue;
    if (s.names.some((e) => e !== name && e.start >= name.end && e.end <= num.start)) continue;
    if (s.nums.some((n) => n !== num && n.start >= name.end && n.end <= num.start && unitClassOf(n) !== 'percent')) continue;
    const year = s.dates.find((d) => /^\d{4}$/.test(d.value) && d.start >= num.end && /^\s*(?:in|during|for)\s+(?:the\s+year\s+)?$/i.test(text.slice(num.end, d.start)));
    if (year && /^\d{4}$/.test(like.period) && year.value !== like.period) continue;
    out.push({ who: name.canon, num });
  }
  return out;
}

function checkRankings(prose: Prose, figures: readonly Figure[], out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  const money = (t: Map<string, Figure>): Map<string, Figure> => {
    const classes = new Map<string, number>();
    for (const f of t.values()) classes.set(f.unitClass, (classes.get(f.unitClass) ?? 0) + 1);
    let best = '';
    let n = 0;
    for (const [k, v] of classes) if (v > n) { n = v; best = k; }
    return new Map([...t].filter(([, f]) => f.unitClass === best));
  };
  // Every table is keyed by the partners of figures stated as levels, as buildTable finds them: a name that is
  // none of them (the home entity never is) has no figure to be ranked or compared by.
  const partners = new Set<string>();
  for (const f of figures) {
    if (f.change || f.reference) continue;
    if (f.measure !== 'flow') {
      if (f.subject !== prose.home) partners.add(f.subject);
    } else if (f.origin === prose.home) {
      if (f.dest) partners.add(f.dest);
    } else if (f.dest === prose.home) {
      if (f.origin) partners.add(f.origin);
    }
  }
  for (const claim of rankClaimsOf(prose, partners)) {
    const table = money(tableFor(prose, figures, claim.measure, claim.end, claim.period, claim.modifier));
    const own = table.get(claim.entity);
    if (!own) continue;
    const rivals: Rival[] = [...table].filter(([who]) => who !== claim.entity).map(([who, f]) => ({ who, num: f.num }));
    // A rival the claim's own sentence names and gives a figure ("ahead of B, which bought $520 million") is
    // compared on that figure even where its wording escaped the measure's key: the sentence sets them side by side.
    for (const c of comparandsIn(prose, claim.sentence, claim.span.end, own)) {
      if (c.who !== claim.entity && !rivals.some((r) => r.who === c.who)) rivals.push(c);
    }
    if (rivals.length === 0) continue;
    const beats = (x: Num, y: Num): boolean => {
      const ag = agree(stated(x), stated(y));
      if (ag === 'same' || ag === 'compatible' || ag === 'unknown') return false;
      return claim.lowest ? x.value < y.value : x.value > y.value;
    };
    const ahead = rivals.filter((r) => beats(r.num, own.num));
    const claimText = text.slice(claim.span.start, claim.span.end);
    if (ahead.length >= claim.rank) {
      const top = ahead.sort((a, b) => (claim.lowest ? a.num.value - b.num.value : b.num.value - a.num.value))[0]!;
      pushFlag(out, makeFlag('inconsistent-ranking', `“${claimText}” is contradicted by the stated figures: ${titleCase(claim.entity)} has ${own.num.text} but ${titleCase(top.who)} has ${top.num.text}.`, [spanOf(ctx, claim.span), spanOf(ctx, own.num), spanOf(ctx, top.num)]));
    } else if (ahead.length === claim.rank - 1) {
      pushCorroboration(out, makeCorroboration('comparison-matches', `“${claimText}” matches the stated figures (${own.num.text} against ${rivals.map((r) => r.num.text).join(', ')}).`, [spanOf(ctx, claim.span), spanOf(ctx, own.num), ...rivals.map((r) => spanOf(ctx, r.num))]));
    }
  }
  // "A …, followed by B with $X": each later figure must not exceed the one before.
  const bySentence = new Map<ProseSentence, Figure[]>();
  for (const f of figures) if (!f.change && !f.reference) pushTo(bySentence, f.sentence, f);
  for (const [s, figs] of bySentence) {
    // Both patterns below need their words in ASCII letters, which the lowercased sentence keeps.
    if (!s.lower.includes('followed by')) continue;
    const re = /\bfollowed by\b/gi;
    for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
      const at = s.start + m.index;
      const leader = figs.filter((f) => f.num.end <= at).pop();
      if (!leader) continue;
      const chain = [leader, ...figs.filter((f) => f.num.start > at && f.measure === leader.measure && f.unitClass === leader.unitClass && f.period === leader.period)];
      if (chain.length < 2) continue;
      let broken = false;
      for (let i = 1; i < chain.length; i++) {
        const a = chain[i - 1]!;
        const b = chain[i]!;
        if (b.num.value > a.num.value && agree(stated(a.num), stated(b.num)) === 'conflict') {
          pushFlag(out, makeFlag('inconsistent-ranking', `“Followed by” puts ${b.num.text} after ${a.num.text}, but it is the larger figure.`, [spanOf(ctx, b.num), spanOf(ctx, a.num), spanOf(ctx, { start: at, end: at + m[0].length })]));
          broken = true;
        }
      }
      if (!broken) {
        pushCorroboration(out, makeCorroboration('comparison-matches', `The order given (${chain.map((f) => f.num.text).join(', then ')}) matches the figures.`, chain.map((f) => spanOf(ctx, f.num))));
      }
    }
  }
  // "exports more to A than (to) B": both from a table.
  if (partners.size > 1) for (const s of prose.sentences) {
    if (!twoOf(s.names, partners) || !s.lower.includes('than')) continue;
    const re = /\b(more|less|fewer|larger|bigger|higher|lower|smaller)\b([^.;]{0,60}?)\bthan\s+(?:to\s+|from\s+|with\s+)?/gi;
    for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
      const at = s.start + m.index;
      const mid = { start: at + m[1]!.length, end: at + m[1]!.length + m[2]!.length };
      const a = s.names.find((e) => e.start >= mid.start && e.end <= mid.end && e.canon !== prose.home);
      const b = s.names.find((e) => e.start === at + m[0].length || (e.start > at + m[0].length && /^\s*(?:the\s+)?$/i.test(text.slice(at + m[0].length, e.start))));
      if (!a || !b || a.canon === b.canon) continue;
      const mw = wordsIn(text, Math.max(s.start, at - 30), mid.end).map((w) => ({ w, m: measureOf(w.w) })).filter((x) => x.m).pop();
      if (!mw) continue;
      const measure = mw.m === 'export' || mw.m === 'import' ? 'flow' : mw.m!;
      const end: RankClaim['end'] = mw.m === 'import' ? 'origin' : mw.m === 'export' ? 'dest' : undefined;
      const table = money(tableFor(prose, figures, measure, end, ''));
      const fa = table.get(a.canon);
      const fb = table.get(b.canon);
      if (!fa || !fb) continue;
      const more = /^(?:more|larger|bigger|higher)$/i.test(m[1]!);
      const ag = agree(stated(fa.num), stated(fb.num));
      const claimSpan: Span = { start: Math.min(mw.w.start, at), end: b.end };
      const holds = more ? fa.num.value > fb.num.value : fa.num.value < fb.num.value;
      if (holds && ag === 'conflict') {
        pushCorroboration(out, makeCorroboration('comparison-matches', `“${text.slice(claimSpan.start, claimSpan.end)}” matches the figures (${fa.num.text} against ${fb.num.text}).`, [spanOf(ctx, claimSpan), spanOf(ctx, fa.num), spanOf(ctx, fb.num)]));
      } else if (!holds && ag === 'conflict') {
        pushFlag(out, makeFlag('inconsistent-ranking', `“${text.slice(claimSpan.start, claimSpan.end)}” is contradicted by the stated figures (${fa.num.text} against ${fb.num.text}).`, [spanOf(ctx, claimSpan), spanOf(ctx, fa.num), spanOf(ctx, fb.num)]));
      }
    }
  }
  // "<A's figure>, more than (from) B": the comparison trails a figure and names only the rival.
  for (const [s, figs] of bySentence) {
    // No character outside ASCII folds to a letter of "than", so the lowercased sentence has it.
    if (!s.lower.includes('than')) continue;
    const re = /,\s*(?:(?:far|much|slightly|well|still|even)\s+)?(more|less|fewer|larger|bigger|higher|lower|smaller)\s+than\s+(?:(?:to|from|with|for)\s+)?(?:the\s+)?/giu;
    for (let m = re.exec(s.text); m; m = re.exec(s.text)) {
      const at = s.start + m.index;
      const fa = figs.filter((f) => f.num.end <= at).pop();
      if (!fa || fa.unitClass === 'percent') continue;
      // Only the figure's own period may stand between it and the comparison ("$420 million in 2023, more than …").
      const gap = text.slice(fa.num.end, at);
      if (/[,;:]/.test(gap) || wordsIn(gap, 0, gap.length, 4).length > 3 || s.names.some((e) => e.start >= fa.num.end && e.end <= at)) continue;
      const nameAt = at + m[0].length;
      const b = s.names.find((e) => e.start === nameAt && e.kind !== 'person');
      if (!b) continue;
      // "more than Ostmark had forecast" compares with an expectation, not with Ostmark's figure.
      if (!/^(?:['’]s?)?\s*(?:[,.;)(]|$|(?:which|with|in|at)\b|(?:did|does|do|had|has)\s*(?:[,.;)]|$))/u.test(text.slice(b.end, s.end))) continue;
      const end: RankClaim['end'] = fa.measure !== 'flow' ? undefined : fa.origin === prose.home ? 'dest' : fa.dest === prose.home ? 'origin' : undefined;
      const a = fa.measure !== 'flow' ? fa.subject : end === 'dest' ? fa.dest : end === 'origin' ? fa.origin : undefined;
      if (!a || a === b.canon) continue;
      const fromTable = tableFor(prose, figures, fa.measure, end, fa.period, fa.modifier).get(b.canon);
      const rival = comparandsIn(prose, s, at, fa).find((r) => r.who === b.canon)?.num ?? (fromTable?.unitClass === fa.unitClass ? fromTable.num : undefined);
      if (!rival || rival === fa.num) continue;
      const more = /^(?:more|larger|bigger|higher)$/i.test(m[1]!);
      if (agree(stated(fa.num), stated(rival)) !== 'conflict') continue;
      const holds = more ? fa.num.value > rival.value : fa.num.value < rival.value;
      const claimSpan: Span = { start: at + m[0].indexOf(m[1]!), end: b.end };
      const claimText = text.slice(claimSpan.start, claimSpan.end);
      const spans = [spanOf(ctx, claimSpan), spanOf(ctx, fa.num), spanOf(ctx, rival)];
      if (holds) pushCorroboration(out, makeCorroboration('comparison-matches', `“${claimText}” matches the figures (${fa.num.text} against ${rival.text}).`, spans));
      else pushFlag(out, makeFlag('inconsistent-ranking', `“${claimText}” is contradicted by the stated figures: ${titleCase(a)} has ${fa.num.text} but ${titleCase(b.canon)} has ${rival.text}.`, spans));
    }
  }
  // "<figure>, ahead of B on <figure>" / "<figure>, second behind B": a place set against one rival by name,
  // with the rival's figure in the same sentence or, failing that, the one figure of that kind the text gives it.
  // Each name's figures with a unit noun, stated in the clause that names it ("Ana Lind was our top
  // scorer with 14 league goals"), with the noun phrase that says what they count.
  let rivalFigures: Map<string, { num: Num; phrase: string; sentence: ProseSentence }[]> | undefined;
  const namedFigures = (): Map<string, { num: Num; phrase: string; sentence: ProseSentence }[]> => {
    const byName = new Map<string, { num: Num; phrase: string; sentence: ProseSentence }[]>();
    for (const s of prose.sentences) {
      if (s.years.length > 1) continue;
      for (const name of s.names) {
        const num = s.nums.find((n) => n.start >= name.end);
        if (!num?.unit) continue;
        const gap = text.slice(name.end, num.start);
        if (/[,;:()—–]/.test(gap) || wordsIn(gap, 0, gap.length, 9).length > 8 || s.names.some((e) => e.start >= name.end && e.end <= num.start)) continue;
        const phrase = unitPhrase(num);
        if (phrase) pushTo(byName, name.canon, { num, phrase: `${phrase}|${unitTail(num, phrase)}`, sentence: s });
      }
    }
    return byName;
  };
  // "16 league goals": the words from the figure to its unit noun.
  const unitPhrase = (n: Num): string => {
    if (!n.unit) return '';
    const words = (UNIT_PHRASE.exec(text.slice(n.end, n.end + 40))?.[0] ?? '').trim().split(/\s+/);
    const at = words.indexOf(n.unit);
    return at < 0 ? '' : words.slice(0, at + 1).join(' ');
  };
  // What follows the unit noun to say where or when it was counted ("in the cup", "last season"): figures
  // counted in different places are not ranked against each other.
  const unitTail = (n: Num, phrase: string): string => {
    const rest = text.slice(n.end, n.end + 80).replace(new RegExp(`^\\s+${phrase.split(' ').map(escapeChar).join('\\s+')}`), '');
    return lower(normSpace(UNIT_TAIL.exec(rest)?.[1] ?? ''));
  };
  // A figure with its unit noun, as a span: "14 league goals".
  const withUnit = (n: Num): Span => {
    const phrase = unitPhrase(n);
    if (!phrase) return n;
    const m = new RegExp(`^\\s+${phrase.split(' ').map(escapeChar).join('\\s+')}`).exec(text.slice(n.end, n.end + 60));
    return m ? { start: n.start, end: n.end + m[0].length } : n;
  };
  for (const s of prose.sentences) {
    if (s.nums.length === 0 || !(s.lower.includes('ahead of') || s.lower.includes('behind') || s.lower.includes('trailing'))) continue;
    // Figures of two years in one sentence may set this year's figure against last year's.
    if (s.years.length > 1) continue;
    AHEAD_OF.lastIndex = 0;
    for (let m = AHEAD_OF.exec(s.text); m; m = AHEAD_OF.exec(s.text)) {
      const at = s.start + m.index;
      const ahead = /^ahead/i.test(m[1]!);
      const nameStart = at + m[0].length;
      const rivalMatch = RIVAL_NAME.exec(text.slice(nameStart, s.end));
      if (!rivalMatch) continue;
      // A name that ends the sentence leaves its full stop out.
      const rivalName = rivalMatch[1]!.replace(/\.+$/, '');
      const nameEnd = nameStart + rivalName.length;
      // The subject's figure: the last one before the comma, in the same clause and close to it.
      const own = s.nums.filter((n) => n.end <= at).pop();
      if (!own || own.kind === 'year' || own.kind === 'ordinal') continue;
      const gap = text.slice(own.end, at);
      if (!OWN_GAP.test(gap) || wordsIn(gap, 0, gap.length, 6).length > 5) continue;
      // A figure with a unit noun ("16 league goals") is ranked only against the same noun phrase.
      const unit = unitPhrase(own);
      if (own.unit && !unit) continue;
      const phrase = `${unit}|${unitTail(own, unit)}`;
      let rival: Num | undefined;
      const link = RIVAL_LINK.exec(text.slice(nameEnd, s.end));
      if (link) {
        const first = s.nums.find((n) => n.start >= nameEnd);
        if (first && first.start === nameEnd + link[0].length && unitClassOf(first) === unitClassOf(own) && (!first.unit || first.unit === own.unit)) rival = first;
        if (!rival) continue;
      } else if (own.unit && /^\s*(?:[,;.)]|$)/.test(text.slice(nameEnd, s.end))) {
        // "…, second in the squad behind Dylan." with Dylan's own figure stated elsewhere.
        rivalFigures ??= namedFigures();
        const key = canonName(rivalName);
        // "Dylan" is the one named person whose first or last name it is.
        const theirs = [...rivalFigures]
          .filter(([who]) => who === key || (!key.includes(' ') && who.split(' ').some((w) => w === key)))
          .map(([, fs]) => fs.filter((f) => f.num.unit === own.unit && f.phrase === phrase && f.sentence !== s))
          .filter((fs) => fs.length > 0);
        if (theirs.length !== 1) continue;
        const given = theirs[0]!;
        if (given.some((f) => agree(stated(f.num), stated(given[0]!.num)) !== 'same')) continue;
        rival = given[0]!.num;
      }
      if (!rival || agree(stated(own), stated(rival)) !== 'conflict') continue;
      if (ahead ? own.value > rival.value : own.value < rival.value) continue;
      const claim = spanOf(ctx, { start: own.start, end: nameEnd });
      const theirs = spanOf(ctx, withUnit(rival));
      pushFlag(out, makeFlag('inconsistent-ranking', `“${claim.text}” is contradicted by the stated figures: ${rivalName} has ${theirs.text}.`, [claim, theirs]));
    }
  }
}

/** "<figure>, (just) ahead of (the) B" / "…, second in the squad behind B": the comparison and where its rival's name starts. */
const AHEAD_OF = /,\s+(?:[\p{Ll}-]+\s+){0,4}?(?:(?:just|well|narrowly|comfortably|far|slightly|only)\s+)?(ahead\s+of|behind|trailing)\s+(?:the\s+)?(?=\p{Lu})/gu;
/** A rival's name: capitalised words, maybe joined by "of", "and" or "the" ("the Farmers' League", "Dylan"). */
const RIVAL_NAME = /^(\p{Lu}[\p{L}\p{M}.-]*(?:['’]s?)?(?:\s+(?:of\s+|de\s+|the\s+|and\s+)?\p{Lu}[\p{L}\p{M}.-]*(?:['’]s?)?){0,4}?)(?=['’]s?\s+[\d$€£¥]|\s+(?:on|with|at)\s|\s*\(|\s*[,;.)]|\s*$)/u;
/** What ties a rival to the figure after its name: "B on 12.4%", "B with 14", "B's 12.4%", "B (12.4%)". */
const RIVAL_LINK = /^(?:['’]s?\s+|\s+(?:on|with|at)\s+|\s*\(\s*)(?:(?:a|an)\s+)?/u;
/** A figure's unit noun with up to two words before it: " league goals". */
const UNIT_PHRASE = /^(?:\s+[\p{Ll}-]+){1,3}/u;
/** Where or when a count was made, after its unit noun: " in the cup", " this season", " for the club". */
const UNIT_TAIL = /^\s+((?:in|for|across|during|this|last|at|from|over|since|against|with|on|under|before|after)\b[^,;.:!?()]*)/u;
/** Between the subject's figure and its place: a few words of one clause ("of the vote", ", second in the squad"). */
const OWN_GAP = /^[^;:.!?—–()\d]*$/u;

// --- arithmetic

/** Range of a stated figure given its rounding and any approximation. */
function rangeOf(n: Num): [number, number] {
  const half = n.step / 2;
  const tol = n.approx === 'about' ? Math.abs(n.value) * NEAR_TOLERANCE : 0;
  switch (n.approx) {
    case 'less-than':
    case 'at-most':
      return [n.near ? n.value * (1 - NEAR_TOLERANCE) : -Infinity, n.value + half];
    case 'more-than':
    case 'at-least':
      return [n.value - half, n.near ? n.value * (1 + NEAR_TOLERANCE) : Infinity];
    default:
      return [n.value - half - tol, n.value + half + tol];
  }
}

const SLACK = 0.002;

/**
 * Where a rounded figure plausibly lies when it is divided by another: the inner half of its rounding interval.
 * "$1.1 billion to $1.2 billion" can only be a 15% rise if the one was rounded up from near 1.05 and the other
 * down from near 1.25, both at the far edges in opposite directions (less than one chance in sixteen even
 * before the percentage's own rounding); a wrong figure is the likelier story. Hedged figures keep their
 * whole tolerance, and percentages keep their full rounding.
 */
function plausibleRangeOf(n: Num): [number, number] {
  if (n.approx) return rangeOf(n);
  return [n.value - n.step / 4, n.value + n.step / 4];
}

const OF_WHOLE = /^\s*of\s+(?:the\s+)?\p{L}+/u;

/**
 * A count said to the unit and not ending in zero ("118 people", "nine"): it is not rounded, so parts of it have
 * no rounding to excuse a sum that misses its total. "4,300 homes" may be rounded; "$118 million" is.
 */
function exactCount(n: Num): boolean {
  return n.kind !== 'money' && n.kind !== 'percent' && !n.approx && n.step === 1 && Number.isInteger(n.value) && n.value % 10 !== 0;
}
/**
 * Shares of a group named after the first ("44% of Halden pupils were …, 27% were …"), each then said with
 * the same copula: a partition of that group into categories.
 */
const GROUP_WHOLE = /^\s*of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:\p{Lu}[\p{L}-]*\s+){0,3}(?:[\p{Ll}-]+\s+){0,2}?(?:[\p{Ll}]+s|people|children|staff)\s+(were|are|was|is)\s/u;
/**
 * A partition broken by a slip overshoots 100% by a little; shares of overlapping traits that happen to share a
 * copula ("40% were women, 70% were over 50") have no reason to land near it. Beyond this, no flag.
 */
const GROUP_OVERSHOOT = 1.2;

/** A capitalised word inside a clause, right before a figure: "Local 1520", "Route 12". */
const NAME_WORD_BEFORE = /[\p{L}\p{N},]\s+\p{Lu}[\p{L}\p{M}.-]*\s+$/u;
const GROUPED_DIGITS = /\d,\d{3}/;

/**
 * A number that is part of a name ("represented by Unifor Local 1520"), not a quantity: it follows a capitalised
 * word and, being in the thousands, lacks the thousands separator the total it would be a part of is written with.
 */
function nameNumber(text: string, s: ProseSentence, n: Num, total: Num): boolean {
  return n.kind === 'number' && !n.unit && !n.approx && n.value >= 1000 && !GROUPED_DIGITS.test(n.text) && GROUPED_DIGITS.test(total.text) && NAME_WORD_BEFORE.test(text.slice(Math.max(s.start, n.start - 40), n.start));
}

/**
 * A table row of parts and its total: "Visitors: 19 | 26 | 22 | 20 — 88" (scores by quarter, votes by round).
 * Read from the text's lines, since such rows are not prose; cells that are all years are headings, not parts.
 */
const TOTAL_ROW = /^[^\n|]{0,60}?[ \t]((?:\d{1,5}[ \t]*\|[ \t]*)+\d{1,5})[ \t]*(?:[—–=]|--?)[ \t]*(\d{1,6})[ \t]*$/gm;
const YEAR_CELL = /^(?:1[89]|20)\d\d$/;

function checkTotalRows(ctx: SourceContext, out: Out): void {
  const { text } = ctx;
  if (!text.includes('|')) return;
  TOTAL_ROW.lastIndex = 0;
  for (let m = TOTAL_ROW.exec(text); m; m = TOTAL_ROW.exec(text)) {
    const cells = m[1]!.split('|').map((c) => c.trim());
    if (cells.every((c) => YEAR_CELL.test(c))) continue;
    const sum = cells.reduce((a, c) => a + Number(c), 0);
    const total = Number(m[2]!);
    const cellsStart = m.index + m[0].indexOf(m[1]!);
    const totalStart = m.index + m[0].lastIndexOf(m[2]!);
    const spans = [spanOf(ctx, { start: cellsStart, end: cellsStart + m[1]!.length }), spanOf(ctx, { start: totalStart, end: totalStart + m[2]!.length })];
    if (sum !== total) pushFlag(out, makeFlag('inconsistent-arithmetic', `The row's parts (${cells.join(' + ')}) add up to ${sum}, not the ${total} it gives as their total.`, spans));
    else pushCorroboration(out, makeCorroboration('arithmetic-matches', `The row's parts (${cells.join(' + ')}) add up to its total of ${total}.`, spans));
  }
}

function checkArithmetic(prose: Prose, figures: readonly Figure[], out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  checkTotalRows(ctx, out);
  const byKey = new Map<string, Figure[]>();
  for (const f of figures) if (!f.change) pushTo(byKey, f.key, f);
  const bySentence = new Map<ProseSentence, Figure[]>();
  for (const f of figures) pushTo(bySentence, f.sentence, f);

  // Percentage changes: "grew 32% to $134.4 billion" against the earlier figure.
  for (const [s, figs] of bySentence) {
    for (const ch of figs.filter((f) => f.change)) {
      const after = figs.filter((f) => !f.change && f.num.start > ch.num.end);
      const level = after.find((f) => /^\s*(?:to|at)\s+(?:\S+\s+){0,2}$/i.test(text.slice(ch.num.end, f.num.start))) ?? figs.filter((f) => !f.change && !f.reference && f.num.end <= ch.num.start).pop();
      if (!level || level.unitClass === 'percent') continue;
      // A currency code the figure's text leaves out may stand before it ("from RON 5.6 billion").
      let base = figs.find((f) => f !== level && !f.change && f.unitClass === level.unitClass && /\b(?:from|than|compared (?:with|to))\s+(?:about\s+|around\s+)?(?:\p{Lu}{2,3}\s+)?$/iu.test(text.slice(Math.max(s.start, f.num.start - 24), f.num.start)));
      if (!base && /^\d{4}$/.test(level.period)) {
        const cmpYear = /\b(?:compared (?:to|with)|than(?: in)?|from|on|over)\s+((?:1[5-9]|20)\d\d)\b/i.exec(text.slice(ch.num.end, s.end))?.[1];
        const year = cmpYear ?? String(Number(level.period) - 1);
        base = byKey.get([level.measure, level.modifier, level.subject, year, level.unitClass].join('|'))?.[0];
      }
      if (!base || base.num.value <= 0) continue;
      const sign = DOWN_VERB.test(text.slice(Math.max(s.start, ch.num.start - 30), ch.num.start)) || /^\s*(?:less|lower|down|decrease|drop|fall)\b/i.test(text.slice(ch.num.end, ch.num.end + 12)) ? -1 : 1;
      const [v0, v1] = plausibleRangeOf(level.num);
      const [b0, b1] = plausibleRangeOf(base.num);
      const lo = v0 / b1 - 1;
      const hi = v1 / Math.max(b0, 1e-12) - 1;
      const [p0, p1] = rangeOf(ch.num).map((x) => x * sign).sort((x, y) => x - y) as [number, number];
      const computed = level.num.value / base.num.value - 1;
      const spans = [spanOf(ctx, ch.num), spanOf(ctx, level.num), spanOf(ctx, base.num)];
      if (hi + SLACK < p0 || lo - SLACK > p1) {
        pushFlag(out, makeFlag('inconsistent-arithmetic', `A change of ${ch.num.text} does not follow from ${base.num.text} to ${level.num.text}, which is ${(computed * 100).toFixed(1)}%.`, spans));
      } else if (Math.abs(computed - sign * ch.num.value) <= Math.max(0.01, 0.05 * ch.num.value)) {
        // Rounding can excuse a mismatch, but only a close match is evidence for the figures.
        pushCorroboration(out, makeCorroboration('arithmetic-matches', `${base.num.text} to ${level.num.text} is indeed a change of ${ch.num.text}.`, spans));
      }
    }
  }

  // Parts against a stated whole: "the budget of $50 billion is split between …", "Of the 120 delegates, 70 … and 50 …".
  for (const s of prose.sentences) {
    const nums = s.nums;
    for (let i = 0; i < nums.length; i++) {
      const total = nums[i]!;
      if (total.kind === 'percent' || ageBound(text, total)) continue;
      const pre = text.slice(Math.max(s.start, total.start - 12), total.start);
      const post = text.slice(total.end, Math.min(s.end, total.end + 60));
      const ofThe = /^\s*of\s+the\s+$/i.test(pre) && /^\s*[\p{L}\s]*,/u.test(post);
      // The total's noun may run on to a year and a comma: "a €9 billion package for 2026, made up of …".
      const marker = /^\s*(?:(?:[\p{L}-]+|(?:1[89]|20)\d\d),?\s+){0,4}?(?:(?:is|are|was|were|has been)\s+)?(split|divided|shared|broken down|made up|comprising|comprised|comprises|comprise|consisting|consists of|consisted of|of which|including|included|includes)\b/iu.exec(post);
      if (!ofThe && !marker) continue;
      // A figure between the total and its marker is the marker's; "two hours and 40 minutes" is one figure in
      // two, whose second part is no total.
      if (marker && nums.some((n) => n.start >= total.end && n.start < total.end + marker.index + marker[0].length)) continue;
      if (i > 0 && /^\s*\p{L}+\s+and\s+$/u.test(text.slice(nums[i - 1]!.end, total.start))) continue;
      const exhaustive = ofThe || (marker && !/^includ/i.test(marker[1]!));
      const cls = unitClassOf(total);
      const parts = nums.slice(i + 1).filter((p) => unitClassOf(p) === cls && !(p.kind === 'percent') && !nameNumber(text, s, p, total) && !ageBound(text, p));
      if (parts.length < 2) continue;
      const sum = parts.reduce((a, p) => a + p.value, 0);
      const [t0, t1] = rangeOf(total);
      const slack = parts.reduce((a, p) => a + (exactCount(p) ? 0 : p.step / 2), 0);
      const spans = [spanOf(ctx, total), ...parts.map((p) => spanOf(ctx, p))];
      // "split between", "made up of" promise every part; "of the 120 delegates, 70 …" or "the rest" need not.
      const whole = marker !== null && !/^includ|^of which/i.test(marker[1]!) && !REMAINDER.test(text.slice(total.end, s.end));
      if (sum - slack > t1 * (1 + SLACK)) {
        pushFlag(out, makeFlag('inconsistent-arithmetic', `The parts (${parts.map((p) => p.text).join(' + ')}) add up to more than the stated total of ${total.text}.`, spans));
      } else if (whole && sum + slack < t0 * (1 - SLACK)) {
        pushFlag(out, makeFlag('inconsistent-arithmetic', `The parts (${parts.map((p) => p.text).join(' + ')}) add up to less than the stated total of ${total.text} they are said to make up.`, spans));
      } else if (exhaustive && sum + slack >= t0 && sum - slack <= t1) {
        pushCorroboration(out, makeCorroboration('arithmetic-matches', `The parts (${parts.map((p) => p.text).join(' + ')}) add up to the stated total of ${total.text}.`, spans));
      }
      break;
    }
  }

  // Shares of one whole: "won 54% of the vote, Tamm 41% and Kask 12%".
  for (const s of prose.sentences) {
    const pcts = s.nums.filter((n) => n.kind === 'percent' && !n.approx);
    if (pcts.length < 2) continue;
    const first = pcts[0]!;
    const lead = text.slice(s.start, first.start);
    const afterFirst = text.slice(first.end, Math.min(s.end, first.end + 40));
    const named = /^\s*of\s+(?:the\s+|all\s+)?(vote|votes|ballots|seats|population|total|market|budget|spending|electorate)\b/i.exec(afterFirst) ?? /^\s*Of\s+(?:the\s+|all\s+)?[\p{L}\s]+,\s*$/u.exec(lead);
    const partition = named ? null : GROUP_WHOLE.exec(text.slice(first.end, Math.min(s.end, first.end + 80)));
    if (!named && !partition) continue;
    if (CHANGE_VERB.test(text.slice(Math.max(s.start, first.start - 30), first.start))) continue;
    const group = [first];
    for (let i = 1; i < pcts.length; i++) {
      const prevEnd = group[group.length - 1]!.end;
      // The first share's base is no gap between shares: "of the vote", "of Halden pupils were".
      const between = i === 1 && partition ? text.slice(prevEnd + partition[0].length, pcts[i]!.start) : text.slice(prevEnd, pcts[i]!.start).replace(OF_WHOLE, '');
      if (wordsIn(between, 0, between.length, 6).length > 5 || /\b(?:rose|fell|grew|while|whereas|but|compared)\b/i.test(between)) break;
      group.push(pcts[i]!);
    }
    if (group.length < 2) continue;
    const sum = group.reduce((a, p) => a + p.value, 0);
    const slack = group.reduce((a, p) => a + p.step / 2, 0);
    const spans = group.map((p) => spanOf(ctx, p));
    if (partition) {
      // A group's categories: three or more shares, each but the first said with the first one's copula and
      // none with a base of its own ("27% of teachers").
      const copula = new RegExp(`^\\s+${partition[1]!}\\s`, 'i');
      if (group.length < 3 || !group.slice(1).every((p) => copula.test(text.slice(p.end, p.end + 12))) || sum - slack > GROUP_OVERSHOOT) continue;
    }
    if (sum - slack > 1 + 1e-9) {
      pushFlag(out, makeFlag('inconsistent-arithmetic', `Shares of one whole (${group.map((p) => p.text).join(' + ')}) add up to ${(sum * 100).toFixed(1).replace(/\.0$/, '')}%, more than 100%.`, spans));
    } else if (sum + slack >= 1 - 1e-9) {
      pushCorroboration(out, makeCorroboration('arithmetic-matches', `The shares (${group.map((p) => p.text).join(' + ')}) add up to 100%.`, spans));
    }
  }

  // A stated difference of the two figures before it: "scored 62 and conceded 51, a goal difference of +11".
  for (const s of prose.sentences) {
    if (s.nums.length < 3 || !DIFFERENCE_ANYWHERE.test(s.lower)) continue;
    DIFFERENCE.lastIndex = 0;
    for (let m = DIFFERENCE.exec(s.text); m; m = DIFFERENCE.exec(s.text)) {
      const at = s.start + m.index;
      const diff = s.nums.find((n) => n.start === at + m[0].length);
      // A percentage difference of two figures may be relative; one of two shares may be in points or in per cent.
      if (!diff || diff.kind === 'percent') continue;
      const points = diff.unit !== undefined && /^(?:points?|percentage points?|pp)$/i.test(diff.unit) && /^\s+(?:percentage\s+)?points?\b/i.test(text.slice(diff.end, diff.end + 20));
      const cls = points ? 'percent' : unitClassOf(diff);
      const before = s.nums.filter((n) => n.end <= at && unitClassOf(n) === cls);
      // Exactly two figures: with three ("40 seats, 33 and 5, a gap of 7") which two are meant is a guess.
      if (before.length !== 2) continue;
      const [a, b] = before as [Num, Num];
      if (a.unit && b.unit && a.unit !== b.unit) continue;
      if (!points && diff.unit && ((a.unit && a.unit !== diff.unit) || (b.unit && b.unit !== diff.unit))) continue;
      // The two figures set side by side, and the difference close after them: "62 and conceded 51, a …".
      const between = text.slice(a.end, b.start);
      if (!/\b(?:and|to|against|versus|vs|compared|while|from)\b|,/i.test(between) || wordsIn(between, 0, between.length, 8).length > 6) continue;
      if (/\bbetween\s+(?:\S+\s+)?$/i.test(text.slice(Math.max(s.start, a.start - 20), a.start))) continue;
      const tail = text.slice(b.end, at);
      if (/[;:]/.test(tail) || wordsIn(tail, 0, tail.length, 6).length > 5) continue;
      // "a margin of 430 over Lind" is a margin over another figure; "up from 4,870, a margin of …" is no
      // difference of the two figures at all, while a difference or a net change of them may well be.
      if (/^\s*(?:\p{Ll}+\s+)?(?:over|ahead\s+of|against|behind|above|below|than|on|from)\b/u.test(text.slice(diff.end, s.end))) continue;
      if (!/^(?:an?\s+|the\s+)?(?:\p{Ll}+\s+)?(?:difference|net)/u.test(m[1]!) && /\b(?:from|up|down|compared|since|rose|fell|grew)\b/i.test(between)) continue;
      const scale = points ? 100 : 1;
      const [a0, a1] = rangeOf(a).map((x) => x * scale) as [number, number];
      const [b0, b1] = rangeOf(b).map((x) => x * scale) as [number, number];
      const lo = Math.max(0, a0 - b1, b0 - a1);
      const hi = Math.max(a1 - b0, b1 - a0);
      const [d0, d1] = rangeOf(diff);
      const computed = Math.abs(a.value - b.value) * scale;
      const spans = [spanOf(ctx, diff), spanOf(ctx, a), spanOf(ctx, b)];
      const pointsWord = points ? /^\s+(?:percentage\s+)?points?\b/i.exec(text.slice(diff.end, diff.end + 20))![0] : '';
      const said = text.slice(at + m[0].indexOf(m[1]!), diff.end + pointsWord.length);
      if (d1 < lo * (1 - SLACK) || d0 > hi * (1 + SLACK)) {
        pushFlag(out, makeFlag('inconsistent-arithmetic', `“${said}” does not follow from ${a.text} and ${b.text}, which differ by ${Number(computed.toFixed(6))}${pointsWord ? ' points' : ''}.`, spans));
      } else if (Math.abs(computed - Math.abs(diff.value)) <= diff.step / 2) {
        pushCorroboration(out, makeCorroboration('arithmetic-matches', `${a.text} and ${b.text} do differ by ${diff.text}.`, spans));
      }
    }
  }

  // A stated change between two figures: "rose to $214 million from $168 million, an increase of $46 million",
  // "from 52 seconds to 1:24, a gain of 32 seconds", "cut by 25 basis points to 1.50% from 1.75%", and a change
  // the next sentence states ("… from the 2:22:31 record. That is an improvement of 1 minute 24 seconds.").
  for (const s of prose.sentences) {
    if ((s.nums.length < 2 && !s.text.includes(':')) || !(CHANGE_AMOUNT_ANYWHERE.test(s.lower) || mayStatePercentChange(s.lower))) continue;
    const amounts = amountsIn(text, s);
    if (amounts.length < 3) continue;
    for (const pair of changePairs(text, s, amounts)) {
      const stated = statedChange(text, s, amounts, pair);
      if (stated) checkChange(ctx, out, pair, stated);
    }
  }
  for (let k = 1; k < prose.sentences.length; k++) {
    const s = prose.sentences[k]!;
    const lead = CHANGE_NEXT.exec(s.text);
    if (!lead) continue;
    const prev = prose.sentences[k - 1]!;
    if (prev.paragraphId !== s.paragraphId) continue;
    const pairs = changePairs(text, prev, amountsIn(text, prev));
    const pair = pairs[pairs.length - 1];
    const diff = amountsIn(text, s).find((a) => a.start === s.start + lead[0].length);
    if (pair && diff) checkChange(ctx, out, pair, { amount: diff, phrase: { start: s.start + lead.index + lead[0].search(/\S/), end: diff.end } });
  }

  // A running total with its earlier parts: "The round brings total funding to €71 million, following a
  // €15 million Series A and a €5 million seed round" (and the round itself, named just before).
  for (const s of prose.sentences) {
    if (s.nums.length < 2 || !s.lower.includes('total')) continue;
    const total = s.nums.find((n) => n.kind === 'money' && RUNNING_TOTAL.test(text.slice(Math.max(s.start, n.start - 80), n.start)));
    if (!total) continue;
    const totalPhrase = RUNNING_TOTAL.exec(text.slice(Math.max(s.start, total.start - 80), total.start))!;
    // "the total raised this year" is a total of another whole than the rounds of other years.
    if (/\b(?:this|year|annual|month|quarter|season|in|so far)\b/i.test(totalPhrase[1] ?? '')) continue;
    const after = text.slice(total.end, s.end);
    const lead = PARTS_FOLLOW.exec(after);
    if (!lead) continue;
    const cls = unitClassOf(total);
    const listed = s.nums.filter((n) => n.start >= total.end + lead[0].length && unitClassOf(n) === cls);
    if (listed.length === 0 || REMAINDER.test(after) || /\b(?:including|includes|other|earlier rounds|previous rounds|among)\b/i.test(after)) continue;
    // The addition itself: a figure of the same currency before the total in this sentence, or else the one
    // the subject ("The round") refers to, said just before with that word.
    const head = /^\s*(?:The|This|That|Its|Their)\s+(?:(?:new|latest|last|fresh|current)\s+)?(round|raise|investment|deal|grant|tranche|injection|donation|award|contribution|financing|funding)\s+(?:brings|brought|takes|took|lifts|lifted|pushes|pushed)\b/i.exec(text.slice(s.start, total.start));
    let addition = s.nums.filter((n) => n.end <= total.start && unitClassOf(n) === cls).pop();
    if (!addition && head) {
      const word = lower(head[1]!);
      for (let k = s.index - 1; k >= Math.max(0, s.index - 3) && !addition; k--) {
        const p = prose.sentences[k];
        if (!p) break;
        const said = p.nums.filter((n) => unitClassOf(n) === cls && new RegExp(`^\\s+(?:[\\p{L}-]+\\s+){0,3}?${word}\\b`, 'iu').test(text.slice(n.end, Math.min(p.end, n.end + 60))));
        if (said.length === 1) addition = said[0];
        else if (said.length > 1) break;
      }
    }
    const parts = addition ? [addition, ...listed] : listed;
    if (parts.length < 2) continue;
    const sum = parts.reduce((acc, p) => acc + p.value, 0);
    const slack = parts.reduce((acc, p) => acc + p.step / 2, 0);
    const [t0, t1] = rangeOf(total);
    const spans = [spanOf(ctx, total), ...parts.map((p) => spanOf(ctx, p))];
    const sumText = parts.map((p) => p.text).join(' + ');
    // "following A and B" lists the earlier parts; with one of them it may leave others out.
    const every = addition !== undefined && listed.length >= 2 && /\band\b/.test(text.slice(listed[listed.length - 2]!.end, listed[listed.length - 1]!.start));
    if (sum - slack > t1 * (1 + SLACK)) {
      pushFlag(out, makeFlag('inconsistent-arithmetic', `The parts (${sumText}) add up to more than the stated total of ${total.text}.`, spans));
    } else if (every && sum + slack < t0 * (1 - SLACK)) {
      pushFlag(out, makeFlag('inconsistent-arithmetic', `The parts (${sumText}) add up to less than the stated total of ${total.text}.`, spans));
    } else if (every && sum + slack >= t0 && sum - slack <= t1) {
      pushCorroboration(out, makeCorroboration('arithmetic-matches', `The parts (${sumText}) add up to the stated total of ${total.text}.`, spans));
    }
  }
}

/** A figure read for a stated change: a number, or a time or duration in seconds (a clock time "1:24" has two readings). */
interface Amount extends Span {
  text: string;
  /** The readings of its value: one, or m:ss and h:mm for a two-part clock time. */
  values: number[];
  step: number;
  cls: string;
  approx?: Quantity['approx'];
  /** A plain number whose unit words say points ("3 points", "25 basis points"): its scale against percentages. */
  points?: number;
  /** A count's noun ("litres"): two counts of different nouns are no pair and no change of each other. */
  unit?: string;
  /** Where the figure's words end, its counted noun included ("200 litres"): what joins two figures comes after. */
  tail: number;
}
const CHANGE_NOUNS = 'increase|rise|gain|jump|climb|improvement|drop|fall|decline|decrease|reduction|cut|boost|saving';
/** A percentage beside a "from": perhaps the relative change of a pair ("fell 12 per cent, from 2,450 to 2,058"). */
const PERCENT_CHANGE_ANYWHERE = new RegExp(`(?:%|\\bper\\s?cent)\\s*,?\\s+from\\s|(?:%|\\bper\\s?cent)\\s+(?:${CHANGE_NOUNS})\\b`);
const mayStatePercentChange = (l: string): boolean => l.includes('from') && (l.includes('%') || l.includes('cent')) && PERCENT_CHANGE_ANYWHERE.test(l);
const CHANGE_AMOUNT_ANYWHERE = new RegExp(`\\b(?:${CHANGE_NOUNS})\\s+of\\b|-point\\s+(?:${CHANGE_NOUNS})\\b|\\bby\\s+(?:\\S+\\s+)?[\\d$€£¥]`);
/** After the pair: ", an increase of", "— a gain of", ", representing a rise of". */
const CHANGE_AFTER = new RegExp(`^\\s*(?:[,;(—–]\\s*)?(?:(?:which\\s+is|that\\s+is|or|representing|marking|giving)\\s+)?(?:an?\\s+)(?:net\\s+|total\\s+|overall\\s+)?(?:${CHANGE_NOUNS})\\s+of\\s+(?:just\\s+|only\\s+|about\\s+|around\\s+|some\\s+|nearly\\s+|almost\\s+|roughly\\s+)?`, 'iu');
/** After the pair, the amount before its noun: ", a 3-point gain", "— an 11-point jump". */
const CHANGE_AFTER_ADJ = /^\s*(?:[,;(—–]\s*)?(?:an?\s+)$/iu;
const CHANGE_NOUN_AFTER = new RegExp(`^(?:[- ](?:percentage[- ])?points?|[- ](?:seconds?|minutes?))?[- ](?:${CHANGE_NOUNS})\\b`, 'iu');
/** The next sentence states the change: "That is an improvement of", "This was a rise of". */
const CHANGE_NEXT = new RegExp(`^\\W*(?:That|This|It)(?:['’]s|\\s+(?:is|was|represents|represented|marks|marked|amounts\\s+to|amounted\\s+to))\\s+(?:an?\\s+)(?:net\\s+)?(?:${CHANGE_NOUNS})\\s+of\\s+(?:just\\s+|only\\s+|about\\s+|around\\s+|some\\s+|nearly\\s+|almost\\s+|roughly\\s+)?`, 'u');
/** Before the pair: "rose by €12 a week, from …", "cut by 25 basis points to …". */
const CHANGE_BY = /\b(?:rose|rise|rises|risen|fell|fall|falls|fallen|grew|grow|grows|increased|increase|increases|decreased|decrease|dropped|drop|declined|decline|climbed|jumped|cut|cuts|raised|raise|raises|lowered|lower|lowers|reduced|reduce|reduces|extended|extends|widened|narrowed|improved|improves|shrank|gained|lost)\s+(?:\p{Ll}+\s+){0,2}?by\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+|roughly\s+)?$/iu;
/** Between the change and its pair after "by": a unit of time at most ("€12 a week, from …"). */
const BY_GAP = /^(?:\s+(?:a|an|per)\s+(?:week|month|year|day|hour|share|head|person))?\s*,?\s*$/iu;
/** "from", "to", "and" around a pair, and the qualifiers or a currency code that may sit before a figure. */
const PRE_FIGURE = '(?:(?:about|around|nearly|almost|some|roughly|an\\s+estimated)\\s+)?(?:the\\s+)?(?:\\p{Lu}{2,3}\\s+)?';
const FROM_BEFORE = new RegExp(`\\bfrom\\s+${PRE_FIGURE}$`, 'iu');
const TO_BEFORE = new RegExp(`\\b(?:to|at)\\s+${PRE_FIGURE}$`, 'iu');
const TO_BETWEEN = new RegExp(`^\\s+(?:to|and)\\s+${PRE_FIGURE}$`, 'iu');
const FROM_BETWEEN = new RegExp(`^\\s*,?\\s+from\\s+${PRE_FIGURE}$`, 'iu');
/** A figure then "from" a few words later ("finishing in 2:21:07 to take the record from the 2:22:31"). */
const FROM_LATER = new RegExp(`^,?\\s+(?:\\p{Ll}+\\s+){1,6}?from\\s+${PRE_FIGURE}$`, 'u');
/** A clock time: "2:21:07", "1:24"; not a time of day. */
const CLOCK = /(?<![\d:.,])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?![\d:]|\s*(?:a\.?m\b|p\.?m\b|am\b|pm\b|GMT|UTC|BST|CET|local|hrs?\b|o['’]clock))/giu;
const PER_TIME = /^\s*(?:(?:a|an|per|each|every)\s+(?:year|month|week|day|quarter|annum|season|hour)|annually|yearly|monthly|weekly|daily|on\s+average)\b/i;
const DURATION_UNIT: Record<string, number> = { second: 1, seconds: 1, sec: 1, secs: 1, minute: 60, minutes: 60, min: 60, mins: 60, hour: 3600, hours: 3600 };

/** The figures of a sentence that a stated change may be between or of, in order. */
function amountsIn(text: string, s: ProseSentence): Amount[] {
  const out: Amount[] = [];
  const nums = s.nums.filter((n) => n.kind !== 'year' && n.kind !== 'ordinal');
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i]!;
    const per = n.unit ? DURATION_UNIT[lower(n.unit)] : undefined;
    if (per !== undefined) {
      // "1 minute 14 seconds": one duration in two parts.
      let end = n.end;
      let value = n.value * per;
      let step = per;
      const next = nums[i + 1];
      const nextPer = next?.unit ? DURATION_UNIT[lower(next.unit)] : undefined;
      if (next && nextPer !== undefined && nextPer < per && /^\s*[\p{L}]*\s*(?:and\s+)?$/u.test(text.slice(n.end, next.start)) && /^\s*(?:hours?|minutes?|mins?)\b/i.test(text.slice(n.end, next.start))) {
        value += next.value * nextPer;
        step = nextPer;
        end = next.end;
        i++;
      }
      const unitWord = /^\s*[\p{L}]+/u.exec(text.slice(end, end + 12));
      const last = unitWord && DURATION_UNIT[lower(unitWord[0].trim())] !== undefined ? end + unitWord[0].length : end;
      out.push({ start: n.start, end: last, text: text.slice(n.start, last), values: [value], step, cls: 'time', tail: last, ...(n.approx ? { approx: n.approx } : {}) });
      continue;
    }
    const amount: Amount = { start: n.start, end: n.end, text: n.text, values: [n.value], step: n.step, cls: unitClassOf(n), tail: n.end, ...(n.approx ? { approx: n.approx } : {}) };
    if (n.kind === 'count' && n.unit) {
      amount.unit = lower(n.unit);
      amount.tail = nounEnd(text, n.end, n.unit);
    }
    if (n.kind !== 'percent' && n.unit && /^points?$/i.test(n.unit)) {
      const words = /^\s*(basis\s+points?|percentage\s+points?|points?|-point)\b/i.exec(text.slice(n.end, n.end + 25));
      if (words) amount.points = /^basis/i.test(words[1]!) ? 10000 : 100;
    }
    out.push(amount);
  }
  CLOCK.lastIndex = 0;
  for (let m = CLOCK.exec(s.text); m; m = CLOCK.exec(s.text)) {
    const start = s.start + m.index;
    if (out.some((a) => a.start < start + m![0].length && start < a.end)) continue;
    const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
    const values = c === undefined ? [a * 60 + b, a * 3600 + b * 60] : [a * 3600 + b * 60 + c];
    out.push({ start, end: start + m[0].length, text: m[0], values, step: 1, cls: 'time', tail: start + m[0].length });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Where a count's noun ends when it follows the figure ("200 litres"), else the figure's end. */
function nounEnd(text: string, end: number, unit: string): number {
  let i = end;
  while (i < text.length && i < end + 3 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 45)) i++;
  if (i === end || !text.startsWith(unit, i)) return end;
  const j = i + unit.length;
  return letterOrDigitAt(text, j, text.length) === 0 ? j : end;
}

/** The date a figure is of, right after it: "in March 2024", "at the end of 2023", "on Feb. 1, 2025". */
const DATE_GAP = /^\s+(?:in|at|on|by|as\s+of)\s+(?:the\s+end\s+of\s+)?(?:\p{Lu}\p{Ll}+\.?\s+)?(?:\d{1,2},?\s+)?(?:1[89]|20)\d\d(?![\p{L}\p{N}])/u;
/** A rate's terms after a figure: "per person per day", "a week". */
const RATE_GAP = /^(?:\s+(?:per|a|an|each)\s+\p{Ll}+){1,3}(?![\p{L}\p{N}])/u;

/** What joins two figures, without the first one's date or rate: "200 litres per person per day from", "61,240 in March 2024 to". */
function pairGap(gap: string): string {
  const date = DATE_GAP.exec(gap);
  if (date) return gap.slice(date[0].length);
  const rate = RATE_GAP.exec(gap);
  return rate ? gap.slice(rate[0].length) : gap;
}

/** Two figures a change is between, in the order from → to: "from A to B", "to B from A", "B … from A". */
function changePairs(text: string, s: ProseSentence, amounts: readonly Amount[]): [Amount, Amount][] {
  const pairs: [Amount, Amount][] = [];
  for (let i = 0; i + 1 < amounts.length; i++) {
    const a = amounts[i]!;
    const b = amounts[i + 1]!;
    if (a.cls !== b.cls || (a.unit && b.unit && a.unit !== b.unit)) continue;
    const before = text.slice(Math.max(s.start, a.start - 40), a.start);
    const between = pairGap(text.slice(a.tail, b.start));
    if (FROM_BEFORE.test(before) && TO_BETWEEN.test(between)) pairs.push([a, b]);
    else if (TO_BEFORE.test(before) && FROM_BETWEEN.test(between)) pairs.push([b, a]);
    else if (FROM_LATER.test(between) && a.cls === 'time') pairs.push([b, a]);
  }
  return pairs;
}

/** The change the sentence states for a pair: after it (", a gain of 42 seconds") or before it ("rose by €12, from …"). */
function statedChange(text: string, s: ProseSentence, amounts: readonly Amount[], [x, y]: [Amount, Amount]): { amount: Amount; phrase: Span } | undefined {
  const first = x.start < y.start ? x : y;
  const last = x.start < y.start ? y : x;
  // The change is read past the last figure's noun and the date it is of ("to 68,910 in February 2025, an increase of").
  const lastEnd = last.tail + (DATE_GAP.exec(text.slice(last.tail, s.end))?.[0].length ?? 0);
  const after = text.slice(lastEnd, s.end);
  const noun = CHANGE_AFTER.exec(after);
  if (noun) {
    const d = amounts.find((a) => a.start === lastEnd + noun[0].length);
    if (d) return { amount: d, phrase: { start: lastEnd + noun[0].search(/[\p{L}]/u), end: d.end } };
  }
  const next = amounts.find((a) => a.start > last.end);
  if (next && CHANGE_AFTER_ADJ.test(text.slice(lastEnd, next.start)) && CHANGE_NOUN_AFTER.test(text.slice(next.end, next.end + 40))) {
    const tail = CHANGE_NOUN_AFTER.exec(text.slice(next.end, next.end + 40))!;
    return { amount: next, phrase: { start: next.start, end: next.end + tail[0].length } };
  }
  const prev = [...amounts].reverse().find((a) => a.end <= first.start);
  if (prev && BY_GAP.test(text.slice(prev.end, first.start).replace(/^\s*(?:basis\s+|percentage\s+)?points?\b/i, '').replace(FROM_BEFORE, '').replace(TO_BEFORE, '')) && CHANGE_BY.test(text.slice(Math.max(s.start, prev.start - 60), prev.start))) {
    const by = text.lastIndexOf('by', prev.start);
    const unitWords = /^\s*(?:basis\s+|percentage\s+)?points?\b/i.exec(text.slice(prev.end, first.start))?.[0] ?? '';
    return { amount: prev, phrase: { start: by >= s.start ? by : prev.start, end: prev.end + unitWords.length } };
  }
  // "fell 12 per cent, from 2,450 to 2,058": a percentage is a change of the pair only with a verb of change before it.
  if (prev && prev.cls === 'percent' && x.cls !== 'percent' && /^\s*,?\s*$/.test(text.slice(prev.end, first.start).replace(FROM_BEFORE, '').replace(TO_BEFORE, '')) && CHANGE_VERB.test(text.slice(Math.max(s.start, prev.start - 40), prev.start))) {
    const verb = CHANGE_VERB.exec(text.slice(Math.max(s.start, prev.start - 40), prev.start))!;
    return { amount: prev, phrase: { start: Math.max(s.start, prev.start - 40) + verb.index, end: prev.end } };
  }
  return undefined;
}

/** A difference as the figures it is of are written: "46 million", "1 minute 24 seconds", "25 basis points". */
function amountText(v: number, like: Amount, scale: number): string {
  if (scale === 100) return `${Number(v.toFixed(4))} points`;
  if (scale === 10000) return `${Number(v.toFixed(2))} basis points`;
  if (like.cls === 'time') {
    const parts: string[] = [];
    const h = Math.floor(v / 3600);
    const m = Math.floor((v % 3600) / 60);
    const sec = Math.round(v % 60);
    if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
    if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
    if (sec || parts.length === 0) parts.push(`${sec} second${sec === 1 ? '' : 's'}`);
    return parts.join(' ');
  }
  const word = /\b(trillion|billion|million|thousand)\b/i.exec(like.text)?.[1];
  const size = word ? { trillion: 1e12, billion: 1e9, million: 1e6, thousand: 1e3 }[lower(word)]! : 1;
  return `${Number((v / size).toFixed(6))}${word ? ` ${lower(word)}` : ''}`;
}

/** Flags a stated change that is not the difference of its pair, and corroborates one that is. */
function checkChange(ctx: SourceContext, out: Out, [x, y]: [Amount, Amount], { amount: d, phrase }: { amount: Amount; phrase: Span }): void {
  // "a gain of 200 a year" is a rate, not the whole change.
  if (PER_TIME.test(ctx.text.slice(d.end, d.end + 24))) return;
  if (d.cls === 'percent' && x.cls !== 'percent' && x.cls !== 'time') {
    checkRelativeChange(ctx, out, [x, y], { amount: d, phrase });
    return;
  }
  // The change's scale against its pair: a percentage change of two amounts may be relative, so only points say.
  let scale = 1;
  if (x.cls === 'percent') {
    if (!d.points) return;
    scale = d.points;
  } else if (d.cls !== x.cls || d.points || (d.unit && ((x.unit && x.unit !== d.unit) || (y.unit && y.unit !== d.unit)))) return;
  const half = (a: Amount): number => a.step / 2;
  const diffs = x.values.flatMap((xv) => y.values.map((yv) => Math.abs(yv - xv) * scale));
  const [d0, d1] = d.approx ? [d.values[0]! * (1 - NEAR_TOLERANCE), d.values[0]! * (1 + NEAR_TOLERANCE)] : [d.values[0]! - half(d), d.values[0]! + half(d)];
  const slack = (half(x) + half(y)) * scale;
  const fits = diffs.some((v) => d1 >= (v - slack) * (1 - SLACK) && d0 <= (v + slack) * (1 + SLACK));
  const spans = [spanOf(ctx, phrase), spanOf(ctx, x), spanOf(ctx, y)];
  const said = ctx.text.slice(phrase.start, phrase.end);
  if (!fits) {
    // A clock time's first reading is minutes and seconds, the one a race or a lead is told in.
    const shown = `, which differ by ${amountText(diffs[0]!, x, scale)}`;
    pushFlag(out, makeFlag('inconsistent-arithmetic', `“${said}” does not follow from ${x.text} and ${y.text}${shown}.`, spans));
  } else if (diffs.some((v) => Math.abs(v - d.values[0]!) <= half(d) + 1e-9)) {
    pushCorroboration(out, makeCorroboration('arithmetic-matches', `${x.text} to ${y.text} is indeed a change of ${d.text}.`, spans));
  }
}

/**
 * A percentage change of two amounts ("fell 12 per cent, from 2,450 to 2,058"; "from $2.50 to $2.75, a 10 percent
 * increase"): its size against theirs. Only the size is compared, since which way a change goes is the verb's to
 * say and a misread verb should not raise a flag; rounding is allowed as for any percentage of two figures.
 */
function checkRelativeChange(ctx: SourceContext, out: Out, [x, y]: [Amount, Amount], { amount: d, phrase }: { amount: Amount; phrase: Span }): void {
  const xv = x.values[0]!;
  const yv = y.values[0]!;
  if (x.values.length !== 1 || y.values.length !== 1 || d.points || xv <= 0 || yv < 0) return;
  // The keyed percentage check may have read this change already ("grew 32% to $134.4 billion from …").
  const at = (sp: FlagSpan): boolean => sp.start === d.start && sp.end === d.end;
  if (out.flags.some((f) => f.rule === 'inconsistent-arithmetic' && f.spans.some(at)) || out.corroborations.some((c) => c.kind === 'arithmetic-matches' && c.spans.some(at))) return;
  const inner = (a: Amount): [number, number] => (a.approx ? [a.values[0]! * (1 - NEAR_TOLERANCE), a.values[0]! * (1 + NEAR_TOLERANCE)] : [a.values[0]! - a.step / 4, a.values[0]! + a.step / 4]);
  const [x0, x1] = inner(x);
  const [y0, y1] = inner(y);
  const lo = y0 / x1 - 1;
  const hi = y1 / Math.max(x0, 1e-12) - 1;
  const size: [number, number] = lo > 0 ? [lo, hi] : hi < 0 ? [-hi, -lo] : [0, Math.max(-lo, hi)];
  const dv = d.values[0]!;
  const [d0, d1] = d.approx ? [dv * (1 - NEAR_TOLERANCE), dv * (1 + NEAR_TOLERANCE)] : [dv - d.step / 2, dv + d.step / 2];
  const computed = yv / xv - 1;
  const spans = [spanOf(ctx, phrase), spanOf(ctx, x), spanOf(ctx, y)];
  const said = ctx.text.slice(phrase.start, phrase.end);
  if (d1 + SLACK < size[0] || d0 - SLACK > size[1]) {
    pushFlag(out, makeFlag('inconsistent-arithmetic', `“${said}” does not follow from ${x.text} to ${y.text}, which is a change of ${(computed * 100).toFixed(1)}%.`, spans));
  } else if (Math.abs(Math.abs(computed) - dv) <= Math.max(0.01, 0.05 * dv)) {
    pushCorroboration(out, makeCorroboration('arithmetic-matches', `${x.text} to ${y.text} is indeed a change of ${d.text}.`, spans));
  }
}

/** "a goal difference of", "a margin of", "a gap of", "a net gain of": a difference stated after two figures. */
const DIFFERENCE = /(?:,|—|–|\(|\b(?:for|giving|leaving|with))\s+((?:an?\s+|the\s+)?(?:(?:goal|points?|net|overall|winning|vote|seat|final|total)\s+)?(?:difference|margin|gap|net(?:\s+(?:gain|loss|increase|decrease|change|inflow|outflow))?))\s+of\s+(?:just\s+|only\s+)?[+−-]?/giu;
const DIFFERENCE_ANYWHERE = /\b(?:difference|margin|gap|net(?:\s+[a-z]+)?)\s+of\b/;
/** "brings (its) total funding to", "takes the overall total to": a total that is still adding up. */
const RUNNING_TOTAL = /\b(?:brings|brought|bringing|takes|took|taking|lifts|lifted|lifting|pushes|pushed|pushing)\s+(?:(?:the|its|their|his|her|our|\p{Lu}[\p{L}-]*['’]s?)\s+)?(?:total|overall|cumulative)\s+((?:[\p{Ll}-]+\s+){0,2}?)to\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+)?$/u;
/** What lists the earlier parts after a running total: ", following a …", "after …", "on top of …". */
const PARTS_FOLLOW = /^\s*,?\s*(?:following|after|on\s+top\s+of|adding\s+to|in\s+addition\s+to)\b/i;

/** Words that leave part of a whole unlisted: "the rest", "among others", "other". */
const REMAINDER = /\b(?:rest|remainder|remaining|others?|among them|etc|mainly|mostly|largely|chiefly|such as|notably)\b/i;

// --- roles

interface RoleMention {
  name: string;
  nameSpan: Span;
  span: Span;
  head: string;
  quals: string[];
  country: string;
  subordinate: boolean;
  /** 'vice' or 'deputy' when the title names the post below the plain one ("vice president"). */
  rank?: string;
  /** An acting, interim or caretaker holder: the post may be held besides another. */
  standIn?: boolean;
  /** What the post is of, organisations included: "Council President" and "the council's vice president" → ['council']. */
  body?: string[];
  /** The organisation named with the title ("CEO of Acme", "Acme's CEO"), as written, lowercased. */
  org?: string;
  /** Stated with another title ("deputy prime minister and finance minister"): the person holds several posts. */
  joint?: boolean;
  sentence: ProseSentence;
  title: string;
}

const ROLE_CAP_WORD = '[\\p{Lu}][\\p{L}\\p{M}]*(?:-[\\p{L}\\p{M}]+)*';
const ROLE_NAME_RE = `(${ROLE_CAP_WORD}(?:\\s+(?:(?:de|van|von|bin|al|da|del|le|la)\\s+)?${ROLE_CAP_WORD}){1,3})`;
const ROLE_TITLE_RE = new RegExp(`((?:${ROLE_CAP_WORD}\\s+){0,3})(${ROLE_CAP_WORD})((?:\\s+of\\s+(?:the\\s+)?${ROLE_CAP_WORD}(?:\\s+${ROLE_CAP_WORD})*?)?)\\s+${ROLE_NAME_RE}`, 'gu');
// Appositives: "John Smith, the foreign minister," / "John Smith, Veloria's defence minister".
/** Office words an appositive may end in, written lowercase or capitalised ("A B, co-founder and Chief Technology Officer"). */
const APPOSITIVE_HEADS = [
  'minister', 'president', 'premier', 'secretary', 'chancellor', 'governor', 'mayor', 'ambassador', 'chairman', 'chairwoman',
  'chairperson', 'director', 'spokesman', 'spokeswoman', 'commissioner', 'officer', 'executive', 'ceo', 'cfo', 'cto', 'coo', 'cmo', 'cio',
  'manager', 'attorney', 'clerk', 'treasurer', 'auditor', 'comptroller', 'sheriff', 'superintendent', 'administrator', 'assessor',
  'judge', 'prosecutor',
];
const capitalise = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
// Groups: 1 the name (one word is a surname, joined to a full name later), 2 a possessive body ("the council's"),
// 3 a title stated before "and" ("co-founder and"), 4 the title's words, 5 the office word.
const ROLE_APPOSITIVE_RE = new RegExp(
  `(${ROLE_CAP_WORD}(?:\\s+(?:(?:de|van|von|bin|al|da|del|le|la)\\s+)?${ROLE_CAP_WORD}){0,3}),\\s+(?:(?:the|a|an)\\s+)?` +
    `(?:((?:[\\p{L}\\p{M}-]+\\s+){0,2}[\\p{L}\\p{M}-]+)['’]s\\s+)?(?:([\\p{L}\\p{M}-]+)\\s+and\\s+)?((?:[\\p{L}-]+\\s+){0,3}?)` +
    `(${alternation(APPOSITIVE_HEADS.flatMap((w) => (C_SUITE.test(w) ? [w, w.toUpperCase()] : [w, capitalise(w)])))})\\b`,
  'gu',
);
/** Offices a lowercase title before a name may end in ("said council president Ana Ruiz"); not "director", which is also a trade. */
const LOWER_TITLE_HEADS = ['minister', 'president', 'premier', 'chancellor', 'mayor', 'governor', 'chairman', 'chairwoman', 'chairperson', 'executive', 'officer', 'judge', 'coach'];
/**
 * Lowercase offices whose words before them are read more warily than a minister's: a coach is named after a team
 * ("Harlow coach Ana Ruiz"), which is whose coach, not which one, and a verb may stand right before the title
 * ("pleased head coach Ana Ruiz").
 */
const TEAM_TITLE_HEADS = new Set(['judge', 'coach']);
/** Tried only where a head stands (LOWER_TITLE_HEAD_ANYWHERE), as a match must begin with one. */
const ROLE_LOWER_TITLE_AT = new RegExp(`(?<![\\p{L}\\p{M}-])(${alternation(LOWER_TITLE_HEADS)})\\s+${ROLE_NAME_RE}`, 'uy');
const LOWER_TITLE_HEAD_ANYWHERE = new RegExp(alternation(LOWER_TITLE_HEADS), 'g');
/**
 * An office word of a lowercase title or an appositive, ending a word, in the lowercased sentence: ROLE_LOWER_TITLE_AT
 * has one before white space, HEAD_THEN_COMMA before a comma, APPOSITIVE_HEAD_ANYWHERE before \b. One search stands
 * for the three each sentence would otherwise get; the end of a word keeps out "sector" and "cooperation".
 */
const LOWER_OFFICE_WORD = new RegExp(`${alternation(new Set([...APPOSITIVE_HEADS, ...LOWER_TITLE_HEADS]))}\\b`);
/** Words that end a title read backwards from its office word: articles, verbs, prepositions, clause words. */
const NOT_TITLE_WORD = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'by', 'with', 'to', 'for', 'as', 'at', 'in', 'on', 'from', 'under', 'said', 'says', 'told', 'when',
  'while', 'that', 'who', 'whom', 'whose', 'which', 'was', 'is', 'were', 'are', 'has', 'had', 'have', 'been', 'be', 'will', 'would',
  'also', 'now', 'not', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'then', 'after', 'before', 'since', 'until', 'but', 'if',
]);
/** A title just before this one and joined to it: "Deputy Prime Minister and Finance Minister A B" states two posts held together. */
const JOINT_LEAD = new RegExp(`\\b(?:${alternation(TITLE_HEADS)})\\s*(?:,|and|&)\\s*$`, 'i');
/** "Minister Vasar said": a capitalised title before a surname alone, held until the text shows whose surname it is. */
const SURNAME_AFTER_HEAD = new RegExp(`\\s+(${ROLE_CAP_WORD})(?![\\p{L}\\p{M}-])(?!\\s+(?:(?:de|van|von|bin|al|da|del|le|la)\\s+)?\\p{Lu})`, 'uy');
/** The capitalised words of a title before its office word ("Finance " in "Finance Minister Vasar"). */
const TITLE_WORDS_BEFORE = new RegExp(`(?<![\\p{L}\\p{M}-])(?:${ROLE_CAP_WORD}\\s+){0,3}$|$`, 'u');
/**
 * "Lusia's foreign minister, Ana Dorn, said", "said the county's health executive, Mira Holt, on Monday":
 * a definite title opening its clause and the name set off after it. Groups: 1 a possessive body, 2 the title's
 * words, 3 the office word, 4 the name.
 */
const ROLE_TITLE_FIRST_RE = new RegExp(
  `(?:^[\\s"“‘(]*|\\b(?:said|says|according\\s+to)\\s+)(?:(?:[Tt]he|[Aa]n?)\\s+(?=\\p{Ll})|(?=(?:\\p{Lu}[\\p{L}\\p{M}-]*\\s+){0,2}\\p{Lu}[\\p{L}\\p{M}-]*['’]s?\\s))` +
    `(?:((?:\\p{Lu}[\\p{L}\\p{M}-]*\\s+){0,2}\\p{Lu}[\\p{L}\\p{M}-]*|[\\p{Ll}-]+)['’]s?\\s+)?((?:[\\p{L}-]+\\s+){0,3}?)` +
    `(${alternation(APPOSITIVE_HEADS.flatMap((w) => (C_SUITE.test(w) ? [w, w.toUpperCase()] : [w, capitalise(w)])))}),\\s+${ROLE_NAME_RE}(?=\\s*,(?!\\s*(?:and|or)\\s)|\\s+(?:said|says|told|added|warned|announced|insisted|argued|noted|stressed|confirmed|denied|did|has|had|was|is|will|would)\\b)`,
  'du',
);
/** Portfolios of a government or council: the words that tell one minister's (or county executive's) post from another's. */
const PORTFOLIOS = new Set([
  'finance', 'foreign', 'defence', 'defense', 'interior', 'health', 'education', 'justice', 'trade', 'agriculture', 'transport',
  'energy', 'environment', 'labour', 'labor', 'economy', 'housing', 'culture', 'tourism', 'treasury', 'water', 'lands', 'roads',
  'infrastructure', 'fisheries', 'mining', 'industry', 'planning', 'expenditure', 'budget', 'sport', 'communications', 'security',
]);
/** An office word right before a comma: a necessary condition for ROLE_TITLE_FIRST_RE, tested on the lowercased sentence. */
const HEAD_THEN_COMMA = new RegExp(`${alternation(APPOSITIVE_HEADS)},\\s`);
/** Offices whose portfolio may follow them: "Minister for Health", "Commissioner for Trade" ("of" only for a minister: "secretary of the union" is its body). */
const PORTFOLIO_HEADS = new Set(['minister', 'secretary', 'commissioner']);
const PORTFOLIO_AFTER = /^\s+for\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}-]*(?:\s+(?:(?:and|&)\s+)?\p{Lu}[\p{L}\p{M}-]*){0,4})/u;
/** Honorifics before a name: "Mr Ruiz, the mayor" is Ruiz. */
const HONORIFIC = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady']);


/**
 * The characters that lowercase to a title head's letter, as a pattern: the letter in either case (and the
 * Kelvin sign for k), the first one a capital only. Written out, the pattern needs no case-insensitive flag,
 * and its alternation is entered at capitals only.
 */
function headUnit(ch: string, at: number): string {
  if (!/[a-z]/.test(ch)) return escapeChar(ch);
  const upper = ch.toUpperCase() + (ch === 'k' ? '\u212a' : '');
  return at === 0 ? `[${upper}]` : `[${ch}${upper}]`;
}
/**
 * A title head standing capitalised as ROLE_TITLE_RE's office word must: a capital (anywhere: the pattern is not
 * anchored to a word start), the run of letters, marks and hyphenated parts after it lowercasing to a head
 * ("Minister", "PRESIDENT", "Governor-General"), then a white space. Only A–Z and the Kelvin sign lowercase to
 * ASCII letters, and such a run ends only where neither a letter, a mark nor a hyphen before one goes on, so it
 * is the head's letters written in some case (headUnit), with a capital first, followed by white space.
 */
const CAPITALISED_HEAD = new RegExp(`${alternation(TITLE_HEADS, headUnit)}\\s`, 'g');

/** What follows an office word in ROLE_TITLE_RE, as far as its first capital after the office: "of (the) X" or a name's first word and the first letter of its second. */
const AFTER_OFFICE = new RegExp(`of\\s+(?:the\\s+)?\\p{Lu}|${ROLE_CAP_WORD}\\s+(?:(?:de|van|von|bin|al|da|del|le|la)\\s+)?\\p{Lu}`, 'uy');

/**
 * Where CAPITALISED_HEAD matches in a sentence, as start and end pairs, tried at every offset: a head may end
 * inside a longer one ("General" in "governor-General"). Found once for both readers of them in rolesOf.
 */
function capitalisedHeads(text: string): number[] {
  const at: number[] = [];
  const re = CAPITALISED_HEAD;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    at.push(m.index, m.index + m[0].length);
    re.lastIndex = m.index + 1;
  }
  re.lastIndex = 0;
  return at;
}

/** Whether ROLE_TITLE_RE may find an office in a sentence: a capitalised head, and after its white space what the pattern needs next. */
function mayNameTitle(text: string, heads: readonly number[]): boolean {
  for (let j = 0; j < heads.length; j += 2) {
    let k = heads[j + 1]!;
    while (k < text.length && isSpaceUnit(text.charCodeAt(k))) k++;
    AFTER_OFFICE.lastIndex = k;
    if (AFTER_OFFICE.test(text)) return true;
  }
  return false;
}

/** An appositive's office word: a cheap necessary condition for ROLE_APPOSITIVE_RE, which has it after a comma. */
const APPOSITIVE_HEAD_ANYWHERE = new RegExp(`${alternation(APPOSITIVE_HEADS)}\\b`, 'g');

function mayNameAppositive(text: string): boolean {
  const comma = text.indexOf(',');
  if (comma < 0) return false;
  APPOSITIVE_HEAD_ANYWHERE.lastIndex = comma;
  const found = APPOSITIVE_HEAD_ANYWHERE.test(text);
  APPOSITIVE_HEAD_ANYWHERE.lastIndex = 0;
  return found;
}

/**
 * A title's office word as compared: the chief-officer series by its abbreviation ("Chief Financial Officer" → cfo,
 * "Chief Executive" → ceo), with the words before "Chief" left as the title's own; undefined for an "officer" or
 * "executive" that is no such office ("Press Officer").
 */
function officeHead(quals: readonly string[], head: string): { head: string; quals: string[] } | undefined {
  const h = lower(head);
  if (h !== 'officer' && h !== 'executive') return { head: h, quals: [...quals] };
  const chief = quals.map(lower).lastIndexOf('chief');
  // "County Health Executive", "the county's finance executive": a portfolio's executive, compared as a minister is.
  if (chief < 0 && h === 'executive' && quals.some((q) => PORTFOLIOS.has(lower(q)))) return { head: h, quals: [...quals] };
  if (chief < 0) return undefined;
  const inner = quals.slice(chief + 1);
  if (h === 'executive' ? inner.length > 0 : inner.length === 0 || inner.length > 3) return undefined;
  return { head: h === 'executive' ? 'ceo' : `c${inner.map((w) => lower(w).charAt(0)).join('')}o`, quals: quals.slice(0, chief) };
}

/** Title words that take it out of the present ("former", "ex-", "then-"); "outgoing" is still in office. */
const PAST_QUAL = /^(?:former|ex|then|late|future|incoming|previous|erstwhile|onetime|one-time|would-be)$|^(?:ex|then)-/i;
/** Time words that keep a title in the present, and so name no portfolio ("Outgoing Prime Minister"). */
const IN_OFFICE_QUAL = /^(?:outgoing|incumbent|sitting|current|serving)$/i;
const ROLE_WORD = /^[\p{L}\p{M}'’-]+$/u;

/** A capitalised word and the white space after it, as a word before a surname (wordsBeforeSurname). */
const WORD_BEFORE_SURNAME = /(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}-]*)\s+/uy;
const LETTER_OR_MARK_AT = /[\p{L}\p{M}]/uy;

/**
 * The capitalised words right before a surname throughout the text: the first groups of
 * /(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}-]*)\s+SURNAME(?![\p{L}\p{M}])/gu, found from each occurrence of the surname
 * rather than by trying the pattern at every character. Such a match runs from its word's start to the end of an
 * occurrence (the word cannot hold white space, the surname begins with a capital), so it is the first start in the
 * word before the occurrence where the word pattern reaches it; starts before the end of the last match are not
 * tried, as a global search does not try them. The surname is letters, marks and hyphens (ROLE_CAP_WORD).
 */
function wordsBeforeSurname(text: string, surname: string): string[] {
  const words: string[] = [];
  let from = 0;
  for (let q = text.indexOf(surname); q >= 0; q = text.indexOf(surname, q + 1)) {
    LETTER_OR_MARK_AT.lastIndex = q + surname.length;
    if (LETTER_OR_MARK_AT.test(text)) continue;
    let ws = q;
    while (ws > from && isSpaceUnit(text.charCodeAt(ws - 1))) ws--;
    if (ws === q) continue;
    let p = ws;
    while (p > from && !isSpaceUnit(text.charCodeAt(p - 1))) p--;
    for (; p < ws; p += unitAt(text, p, ws)) {
      WORD_BEFORE_SURNAME.lastIndex = p;
      const m = WORD_BEFORE_SURNAME.exec(text);
      if (m && p + m[0].length === q) {
        words.push(m[1]!);
        from = q + surname.length;
        break;
      }
    }
  }
  return words;
}

function rolesOf(prose: Prose): RoleMention[] {
  const { text } = prose.ctx;
  const out: RoleMention[] = [];
  // Surname-only appositives ("Ruiz, the deputy mayor"), held until every full name in the text is known.
  const surnameOnly: RoleMention[] = [];
  const titleRe = ROLE_TITLE_RE;
  // Made when a title first asks: most texts name no office.
  let placeStems: Set<string> | undefined;
  const nationality = (w: string): boolean => {
    if (!placeStems) {
      placeStems = new Set();
      for (const s of prose.sentences) for (const n of s.names) if (n.kind !== 'person') placeStems.add(n.canon.slice(0, 5));
    }
    const l = lower(w);
    // A portfolio is never a nationality, whatever bill or fund bears its name ("the Finance Bill").
    if (PORTFOLIOS.has(l)) return false;
    return placeStems.has(l.slice(0, 5)) || /(?:ian|ean|ese|ish|an|i)$/.test(l) && l.length > 3;
  };
  // A body's name may be an organisation's ("the council's"), but not a country's: "Veloria's vice president" is the vice president.
  let countryStems: Set<string> | undefined;
  const country = (w: string): boolean => {
    if (!countryStems) {
      countryStems = new Set();
      for (const s of prose.sentences) for (const n of s.names) if (n.kind === 'place') countryStems.add(n.canon.slice(0, 5));
    }
    const l = lower(w);
    return countryStems.has(l.slice(0, 5)) || /(?:ian|ean|ese|ish|an|i)$/.test(l) && l.length > 3;
  };
  /** The words that name what a post is of, for telling "president" and "vice president" of one body. */
  const bodyOf = (words: readonly string[]): string[] =>
    words.map(lower).filter((w) => !SUBORDINATE.has(w) && !STAND_IN.has(w) && !IN_OFFICE_QUAL.test(w) && !country(w));
  const portfolioOf = (words: readonly string[]): string[] =>
    words.filter((q) => !SUBORDINATE.has(lower(q)) && !STAND_IN.has(lower(q)) && !IN_OFFICE_QUAL.test(q) && !nationality(q)).map(lower);
  // The team was told apart already (namesSomething): a word the name reader took for a name at a sentence's start
  // ("Scrum coach …") still says which post it is, unless it has a nationality's ending.
  const teamPostOf = (words: readonly string[]): string[] =>
    words.map(lower).filter((q) => !SUBORDINATE.has(q) && !STAND_IN.has(q) && !IN_OFFICE_QUAL.test(q) && !(/(?:ian|ean|ese|ish|an|i)$/.test(q) && q.length > 3));
  /** The rank words of a title, and of the word just before it ("vice President"). */
  const rankOf = (words: readonly string[], lead: string): Pick<RoleMention, 'subordinate' | 'rank' | 'standIn'> => {
    const ws = words.map(lower);
    const before = /\b(deputy|vice|acting|interim|caretaker)\s*-?\s*$/i.exec(lead)?.[1];
    if (before) ws.push(lower(before));
    const r: Pick<RoleMention, 'subordinate' | 'rank' | 'standIn'> = { subordinate: ws.some((w) => SUBORDINATE.has(w) || STAND_IN.has(w)) };
    const rank = ws.find((w) => RANK_BELOW.has(w));
    if (rank) r.rank = rank;
    if (ws.some((w) => STAND_IN.has(w))) r.standIn = true;
    return r;
  };
  /** A name's words up to the first day, month, title or common word ("on Tuesday" never gets this far, "Monday" might). */
  const nameWords = (raw: string): string[] => {
    const parts = raw.split(/\s+/);
    const stop = parts.findIndex((p) => isCommonCapitalised(p) || TITLE_HEADS.has(lower(p)));
    return stop >= 0 ? parts.slice(0, stop) : parts;
  };
  for (const s of prose.sentences) {
    titleRe.lastIndex = 0;
    const heads = capitalisedHeads(s.text);
    // The readings of lowercase titles and appositives each need an office word of theirs (see LOWER_OFFICE_WORD).
    const lowerOffice = LOWER_OFFICE_WORD.test(s.lower);
    if (mayNameTitle(s.text, heads)) for (let m = titleRe.exec(s.text); m; m = titleRe.exec(s.text)) {
      const quals = m[1]!.trim().split(/\s+/).filter(Boolean);
      const office = TITLE_HEADS.has(lower(m[2]!)) ? officeHead(quals.filter((q) => !isCommonCapitalised(q)), m[2]!) : undefined;
      if (!office) {
        // The office may stand among the words read as qualifiers ("Ali Hassan County Health Executive Fatuma
        // Said" reads "Health" as the office first): go on from the next word, not past them all.
        const gap = m[0].search(/\s/);
        titleRe.lastIndex = m.index + (m[1]!.length > 0 && gap > 0 ? gap : Math.max(1, m[1]!.length + m[2]!.length));
        continue;
      }
      const head = office.head;
      const start = s.start + m.index;
      const nameParts = nameWords(m[4]!);
      if (nameParts.length < 2) continue;
      // "Former Defence Minister", "then-Foreign Minister": not the present.
      const lead = text.slice(Math.max(s.start, start - 20), start);
      if (NOT_CURRENT.test(lead) || PAST_QUAL.test(quals[0] ?? '')) continue;
      const cleanQuals = quals.filter((q) => !isCommonCapitalised(q));
      const nameText = nameParts.join(' ');
      const nameStart = s.start + m.index + m[0].length - m[4]!.length;
      const titleStart = start + (m[1]!.length - m[1]!.trimStart().length) + (quals.length - cleanQuals.length > 0 ? m[1]!.indexOf(cleanQuals[0] ?? m[2]!) : 0);
      const mention: RoleMention = {
        name: lower(nameText), nameSpan: { start: nameStart, end: nameStart + nameText.length }, span: { start: Math.min(titleStart, nameStart), end: nameStart + nameText.length },
        head, quals: portfolioOf(office.quals), country: m[3] ? canonName(m[3].replace(/^\s+of\s+/, '')) : '', ...rankOf(cleanQuals, lead), sentence: s, title: text.slice(titleStart, nameStart).trim(),
      };
      mention.body = bodyOf([...office.quals, ...(m[3] ? m[3].replace(/^\s+of\s+(?:the\s+)?/, '').split(/\s+/) : [])]);
      if (mention.country) mention.org = mention.country;
      if (JOINT_LEAD.test(text.slice(Math.max(s.start, titleStart - 40), titleStart))) mention.joint = true;
      out.push(mention);
    }
    // A lowercase title before a name: "said council president Ana Ruiz", "Board chairman Ana Ruiz" at a sentence's start.
    // Every match begins with a head: tried at each head in turn, it finds what a global search would.
    const low = ROLE_LOWER_TITLE_AT;
    const lowHead = LOWER_TITLE_HEAD_ANYWHERE;
    lowHead.lastIndex = 0;
    if (lowerOffice) for (let h = lowHead.exec(s.text); h; h = lowHead.exec(s.text)) {
      low.lastIndex = h.index;
      const m = low.exec(s.text);
      if (!m) {
        lowHead.lastIndex = h.index + 1;
        continue;
      }
      lowHead.lastIndex = low.lastIndex;
      const nameParts = nameWords(m[2]!);
      if (nameParts.length < 2) continue;
      const at = s.start + m.index;
      // The title's words, read back from the office word to the first word no title has.
      const tokens = text.slice(Math.max(s.start, at - 60), at).split(/\s+/).filter(Boolean);
      const quals: string[] = [];
      let body: string | undefined;
      let i = tokens.length - 1;
      const wary = TEAM_TITLE_HEADS.has(m[1]!);
      const teams: string[] = [];
      for (; i >= 0 && quals.length < 3 && body === undefined; i--) {
        const w = tokens[i]!;
        if (!ROLE_WORD.test(w) || NOT_TITLE_WORD.has(lower(w)) || isCommonCapitalised(w)) break;
        if (wary && /^\p{Ll}+ed$/u.test(w)) break;
        if (possessiveEnd(w)) body = lower(w.replace(/['’]s?$/, ''));
        else if (wary && isCap(w) && namesSomething(text, s, w, text.lastIndexOf(w, at), m[1]!)) teams.unshift(lower(w));
        else quals.unshift(w);
      }
      if (quals.some((q) => PAST_QUAL.test(q)) || NOT_CURRENT.test(tokens.slice(0, i + 1).join(' '))) continue;
      const title = [...quals, m[1]!];
      // An "officer" or "executive" that is no chief's or portfolio's ("returning officer") names no office to compare.
      const office = officeHead(quals, m[1]!);
      if (!office) continue;
      const nameText = nameParts.join(' ');
      const nameStart = s.start + m.index + m[0].length - m[2]!.length;
      const titleStart = quals.length > 0 ? text.lastIndexOf(quals[0]!, at) : at;
      const mention: RoleMention = {
        name: lower(nameText), nameSpan: { start: nameStart, end: nameStart + nameText.length }, span: { start: titleStart, end: nameStart + nameText.length },
        head: office.head, quals: wary ? teamPostOf(office.quals) : portfolioOf(office.quals), country: '', ...rankOf(quals, ''), sentence: s, title: title.join(' '),
      };
      mention.body = bodyOf([...office.quals, ...teams, ...(body !== undefined ? [body] : [])]);
      if (teams.length > 0) mention.org = teams.join(' ');
      if (JOINT_LEAD.test(text.slice(Math.max(s.start, titleStart - 40), titleStart))) mention.joint = true;
      out.push(mention);
    }
    // "Minister Vasar": a title before a surname alone (joined to its full name below, as "Vasar, the minister" is).
    // Found from each capitalised office word (most sentences have none), the surname read after it and the
    // title's other words before it.
    for (let j = 0; j < heads.length; j += 2) {
      const i = heads[j]!;
      const headEnd = heads[j + 1]! - 1;
      if (i > 0 && /[\p{L}\p{M}-]/u.test(s.text[i - 1]!)) continue;
      SURNAME_AFTER_HEAD.lastIndex = headEnd;
      const sm = SURNAME_AFTER_HEAD.exec(s.text);
      if (!sm) continue;
      const surname = sm[1]!;
      const ls = lower(surname);
      if (isCommonCapitalised(surname) || TITLE_HEADS.has(ls) || HONORIFIC.has(ls) || SUBORDINATE.has(ls)) continue;
      const before = s.text.slice(Math.max(0, i - 60), i);
      const qualText = TITLE_WORDS_BEFORE.exec(before)![0];
      const quals = qualText.trim().split(/\s+/).filter(Boolean);
      const cleanQuals = quals.filter((q) => !isCommonCapitalised(q));
      const office = officeHead(cleanQuals, s.text.slice(i, headEnd));
      if (!office) continue;
      const start = s.start + i - qualText.length;
      const lead = text.slice(Math.max(s.start, start - 20), start);
      if (NOT_CURRENT.test(lead) || quals.some((q) => PAST_QUAL.test(q))) continue;
      const nameStart = s.start + sm.index + sm[0].length - surname.length;
      const titleStart = cleanQuals.length > 0 ? start + qualText.indexOf(cleanQuals[0]!) : s.start + i;
      const mention: RoleMention = {
        name: ls, nameSpan: { start: nameStart, end: nameStart + surname.length }, span: { start: titleStart, end: nameStart + surname.length },
        head: office.head, quals: portfolioOf(office.quals), country: '', ...rankOf(cleanQuals, lead), sentence: s, title: text.slice(titleStart, nameStart).trim(),
      };
      mention.body = bodyOf(office.quals);
      if (JOINT_LEAD.test(text.slice(Math.max(s.start, titleStart - 40), titleStart))) mention.joint = true;
      surnameOnly.push(mention);
    }
    // "Lusia's foreign minister, Ana Dorn, said": the title first, the name after it.
    const first = lowerOffice && s.lower.indexOf(', ') > 0 && HEAD_THEN_COMMA.test(s.lower) ? ROLE_TITLE_FIRST_RE.exec(s.text) : null;
    if (first) {
      const bodyWords = (first[1] ?? '').split(/\s+/).filter(Boolean);
      const quals = (first[2] ?? '').trim().split(/\s+/).filter(Boolean);
      const nameParts = nameWords(first[4]!);
      const office = officeHead(quals, first[3]!);
      if (office && nameParts.length >= 2 && nameParts.join(' ').length === first[4]!.length && ![...bodyWords, ...quals].some((q) => NOT_TITLE_WORD.has(lower(q)) || PAST_QUAL.test(q) || IN_OFFICE_QUAL.test(q))) {
        const at = first.indices!;
        const nameStart = s.start + at[4]![0];
        const headEnd = s.start + at[3]![1];
        const titleStart = s.start + (at[1] ?? (quals.length > 0 ? at[2] : at[3]))![0];
        const mention: RoleMention = {
          name: lower(first[4]!), nameSpan: { start: nameStart, end: nameStart + first[4]!.length }, span: { start: titleStart, end: nameStart + first[4]!.length },
          head: office.head, quals: portfolioOf(office.quals), country: '', ...rankOf(quals, ''), sentence: s, title: text.slice(titleStart, headEnd).trim(),
        };
        mention.body = bodyOf([...bodyWords, ...office.quals]);
        if (first[1] !== undefined) mention.org = lower(first[1]);
        out.push(mention);
      }
    }
    const app = ROLE_APPOSITIVE_RE;
    app.lastIndex = 0;
    if (lowerOffice && mayNameAppositive(s.lower)) for (let m = app.exec(s.text); m; m = app.exec(s.text)) {
      // Words before the name proper: "But Ruiz", "Mayor Ana Ruiz", "Mr Ruiz".
      const parts = m[1]!.split(/\s+/);
      let cut = 0;
      parts.forEach((p, k) => {
        if (isCommonCapitalised(p) || TITLE_HEADS.has(lower(p)) || HONORIFIC.has(lower(p))) cut = k + 1;
      });
      if (cut >= parts.length) continue;
      const nameText = m[1]!.slice(m[1]!.length - parts.slice(cut).join(' ').length);
      if (normSpace(nameText) !== parts.slice(cut).join(' ')) continue;
      const bodyWords = (m[2] ?? '').split(/\s+/).filter(Boolean);
      const quals = (m[4] ?? '').trim().split(/\s+/).filter(Boolean);
      const words = [...bodyWords, ...(m[3] ? [m[3]] : []), ...quals];
      // "A B, who was deputy director": a clause, not a title; "a former foreign minister": not the present.
      if (words.some((q) => NOT_TITLE_WORD.has(lower(q)) || PAST_QUAL.test(q))) continue;
      const office = officeHead(quals, m[5]!);
      if (!office) continue;
      const start = s.start + m.index + (m[1]!.length - nameText.length);
      const end = s.start + m.index + m[0].length;
      // "vice president of the party": the body the office belongs to.
      const of = /^\s+of\s+(?:the\s+)?([\p{L}\p{M}-]+(?:\s+\p{Lu}[\p{L}\p{M}-]*)*)/u.exec(text.slice(end, Math.min(s.end, end + 60)));
      // "the Minister for Public Works", "the minister of finance": the portfolio named after the office, as
      // "the Public Works Minister" names it before.
      const portfolio = of ? (office.head === 'minister' ? of : null) : PORTFOLIO_HEADS.has(office.head) ? PORTFOLIO_AFTER.exec(text.slice(end, Math.min(s.end, end + 60))) : null;
      const after = of ?? portfolio;
      // An appositive closes where the title does: "Like Ruiz, the mayor said" makes someone else the mayor.
      const next = text.slice(end + (after ? after[0].length : 0), Math.min(s.end, end + 80));
      if (!/^\s*(?:[,.;:!?)"”’—–-]|and\s|$)/.test(next) && !(COURT_HEADS.has(office.head) && IN_THE_CASE.test(next))) continue;
      const portfolioWords = portfolio ? portfolio[1]!.split(/\s+/).filter((w) => !/^(?:and|&)$/.test(w)) : [];
      const body = bodyOf([...bodyWords, ...office.quals, ...(of ? of[1]!.split(/\s+/) : portfolioWords)]);
      // The title as written after the comma and its article: "the council's vice president" → "council's vice president".
      const tail = m[0].slice(m[1]!.length).replace(/^,\s+(?:(?:the|a|an)\s+)?/, '');
      const titleStart = end - tail.length;
      const mention: RoleMention = {
        name: lower(nameText), nameSpan: { start, end: start + nameText.length }, span: { start, end }, head: office.head,
        quals: portfolioOf([...office.quals, ...portfolioWords]), country: '', ...rankOf(quals, ''), sentence: s, title: text.slice(titleStart, end + (portfolio ? portfolio[0].length : 0)).trim(),
      };
      if (portfolio) mention.span = { start, end: end + portfolio[0].length };
      mention.body = body;
      const org = of?.[1] ?? m[2];
      if (org !== undefined) mention.org = lower(org);
      // "chairman and CEO", "president and chief executive": two posts held together.
      if ((m[3] && (TITLE_HEADS.has(lower(m[3])) || C_SUITE.test(lower(m[3])))) || /^\s*(?:and|&)\s/.test(text.slice(end, end + 6))) mention.joint = true;
      if (nameText.indexOf(' ') < 0) surnameOnly.push(mention);
      else out.push(mention);
    }
  }
  if (surnameOnly.length === 0) return out;
  // A surname alone is the one person of the text who has it: with two (or none) it names no one for sure.
  const fullNames = new Set<string>(out.map((r) => r.name).filter((n) => n.indexOf(' ') >= 0));
  for (const s of prose.sentences) for (const n of s.names) if (n.kind === 'person' && n.canon.indexOf(' ') >= 0) fullNames.add(n.canon);
  for (const r of surnameOnly) {
    const owners = [...fullNames].filter((n) => n.endsWith(` ${r.name}`));
    // A first name before the surname anywhere in the text, even where no name was recognised ("Peter Ruiz, her brother").
    const firsts = new Set<string>();
    const surname = text.slice(r.nameSpan.start, r.nameSpan.end);
    for (const word of wordsBeforeSurname(text, surname)) {
      const w = lower(word);
      if (isCommonCapitalised(word) || TITLE_HEADS.has(w) || HONORIFIC.has(w) || SUBORDINATE.has(w)) continue;
      if (!owners.some((n) => ` ${n}`.endsWith(` ${w} ${r.name}`))) firsts.add(w);
    }
    if (owners.length !== 1 || firsts.size > 0) continue;
    r.name = owners[0]!;
    out.push(r);
  }
  // Text order, as the checks report the later of two statements against the earlier.
  return out.sort((a, b) => a.sentence.index - b.sentence.index);
}

/** Offices of state one person does not hold together (a party or company "president" names its body, so it is not plain). */
const EXCLUSIVE_OFFICES = new Set(['president', 'premier', 'chancellor', 'minister']);
/**
 * Posts of one body that no one holds two of: "City Manager" and "the city attorney", "county clerk" and
 * "county treasurer". Compared only when both titles name the same body, so "campaign manager" and "the
 * county clerk" stay apart.
 */
const ONE_HOLDER_POSTS = new Set(['manager', 'attorney', 'clerk', 'treasurer', 'auditor', 'comptroller', 'sheriff', 'superintendent', 'administrator', 'assessor', 'mayor']);

/** Ranks of one force or army: an officer holds one of them at a time ("Chief Inspector" is an inspector's rank). */
const SERVICE_RANKS = new Set(['constable', 'sergeant', 'inspector', 'superintendent', 'corporal', 'colonel']);
/** The bench and the prosecution of a trial: no one sits on both sides. */
const COURT_HEADS = new Set(['judge', 'prosecutor']);
/** "Petrova, the chief prosecutor in the case,": the case a court title is of closes the appositive as a comma would. */
const IN_THE_CASE = /^\s+in\s+(?:the|this|that)\s+(?:case|trial|hearing|proceedings|inquiry|inquest)\b/;

/**
 * Whether a capitalised word before a lowercase title names a team or body ("Harlow coach") rather than saying
 * which post it is ("Forwards coach"): it does inside a sentence, and at a sentence's start when the text also
 * writes it capitalised somewhere other than before that title ("Harlow won").
 */
function namesSomething(text: string, s: ProseSentence, w: string, at: number, head: string): boolean {
  if (text.slice(s.start, at).trim() !== '') return true;
  return madePattern(`(?<![\\p{L}\\p{M}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{M}])(?!\\s+${head}\\b)`, 'u').test(text);
}

type RoleFacts = Pick<RoleMention, 'head' | 'quals' | 'country' | 'subordinate' | 'rank' | 'standIn' | 'body' | 'org'>;

/** Whether two titles name one body: the same words, none on either side, or the words of one among the other's ("City Council" and "the council's"). */
function sameBody(a: RoleFacts, b: RoleFacts): boolean {
  const words = (r: RoleFacts): string[] => r.body ?? [...r.quals, ...(r.country ? r.country.split(' ') : [])];
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return wa.length === wb.length;
  return wa.every((w) => wb.includes(w)) || wb.every((w) => wa.includes(w));
}

function rolesConflict(a: RoleFacts, b: RoleFacts): boolean {
  // An acting or interim holder may well keep another post (the vice president acting as president).
  if (a.standIn || b.standIn) return false;
  if (a.head === b.head && a.subordinate !== b.subordinate) {
    // "President" and "vice president" of one body are two posts, and one person holds one of them.
    const [below, plain] = a.subordinate ? [a, b] : [b, a];
    return below.rank !== undefined && sameBody(below, plain);
  }
  if (a.subordinate || b.subordinate) return false;
  if (a.head !== b.head) {
    // Two chief officers ("CEO" and "chief technology officer"), unless of two named companies.
    if (C_SUITE.test(a.head) && C_SUITE.test(b.head)) return !a.org || !b.org || a.org === b.org;
    // A rank in a force ("Inspector", "Superintendent") and a side in a trial ("judge", "prosecutor"): one at a time.
    if (SERVICE_RANKS.has(a.head) && SERVICE_RANKS.has(b.head)) return true;
    if (COURT_HEADS.has(a.head) && COURT_HEADS.has(b.head)) return true;
    if (ONE_HOLDER_POSTS.has(a.head) && ONE_HOLDER_POSTS.has(b.head)) {
      const wa = a.body ?? a.quals;
      const wb = b.body ?? b.quals;
      return wa.length > 0 && wa.length === wb.length && wa.every((w) => wb.includes(w));
    }
    const plain = (r: Pick<RoleMention, 'head' | 'quals' | 'country'>): boolean => EXCLUSIVE_OFFICES.has(r.head) && (r.head === 'minister' || (r.quals.length === 0 && !r.country));
    return plain(a) && plain(b);
  }
  if (a.country && b.country && a.country !== b.country && a.country.slice(0, 5) !== b.country.slice(0, 5)) return true;
  if (a.quals.length === 0 || b.quals.length === 0) return false;
  return !a.quals.some((q) => b.quals.includes(q));
}

/** Words that tell of a change of post in a sentence: two titles may then be a career, not a contradiction. */
const POST_CHANGE = /\b(?:until|till|previously|formerly|before becoming|appointed|promoted|succeed(?:ed|s|ing)?|replac(?:ed|es|ing)|t(?:ook|akes) over|step(?:ped|s)? down|resign(?:ed|s)?|moved to|bec(?:a|o)me|becomes|sworn in|named (?:as|to)|now serves|will serve)\b/i;

function checkRoles(prose: Prose, roles: readonly RoleMention[], out: Out): void {
  const { ctx } = prose;
  // Someone said to hold two posts at once may hold more: their titles are not weighed against each other.
  const joint = new Set(roles.filter((r) => r.joint).map((r) => r.name));
  const conflict = (a: RoleMention, b: RoleMention): boolean => {
    if (joint.has(a.name)) return false;
    // A career: both dated and the dates differ.
    const ya = a.sentence.years;
    const yb = b.sentence.years;
    if (ya.length > 0 && yb.length > 0 && !ya.some((y) => yb.includes(y))) return false;
    return rolesConflict(a, b) && !POST_CHANGE.test(a.sentence.text) && !POST_CHANGE.test(b.sentence.text);
  };
  eachConflict(roles, (r) => r.name, conflict, (a, b) => {
    const name = ctx.text.slice(b.nameSpan.start, b.nameSpan.end);
    // "the company's chief financial officer": a title read from after its possessive gets its article back.
    const said = (t: string): string => (/^\p{Ll}[\p{L}\p{M}.-]*['’]s?\s/u.test(t) ? `the ${t}` : t);
    pushFlag(out, makeFlag('inconsistent-role', `${name} is called ${said(a.title)} and also ${said(b.title)}.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

// ---------------------------------------------------------------------------
// Facts for the corpus

function factsOf(prose: Prose, figures: readonly Figure[], events: readonly EventDate[], roles: readonly RoleMention[]): Fact[] {
  const { ctx } = prose;
  const facts: Fact[] = [];
  const q = (sp: Span): Quoted => ({ start: sp.start, end: sp.end, text: ctx.text.slice(sp.start, sp.end) });
  for (const f of figures) {
    // Only figures whose subject is named and whose year is stated can be matched with another article's.
    if (f.change || f.reference || !f.explicit || !/^\d{4}$/.test(f.period) || !f.subject) continue;
    const fact: Fact = { key: `number|${f.key}`, sourceId: ctx.source.id, span: q(f.num), context: q(f.sentence), value: f.num.value, kind: 'number' };
    if (f.num.approx) fact.approx = f.num.approx;
    facts.push(fact);
  }
  for (const e of events) {
    if (!e.named || e.occasion) continue;
    facts.push({ key: `date|${e.key}`, sourceId: ctx.source.id, span: q(e.date), context: q(e.sentence), value: e.date.value, kind: 'date' });
  }
  for (const r of roles) {
    const years = r.sentence.years;
    if (years.length !== 1) continue;
    facts.push({ key: `role|${r.name}|${years[0]}`, sourceId: ctx.source.id, span: q(r.span), context: q(r.sentence), value: JSON.stringify({ head: r.head, quals: r.quals, country: r.country, subordinate: r.subordinate, title: r.title }), kind: 'role' });
  }
  return facts;
}

// --- statements a sentence makes about itself or its neighbours' wording

/** A count against the list that spells it out: "three candidates: A, B, C and D" (enumerations.ts). */
function checkLists(prose: Prose, out: Out): void {
  const { ctx } = prose;
  for (const s of prose.sentences) {
    // A count needs a digit or a number word (listedCounts' own test of the sentence is slower).
    if (!hasCount(s) && standsIn(ctx.text, s)) continue;
    for (const l of listedCounts(ctx.text, s)) {
      if (!listContradicts(l, ctx.text)) continue;
      pushFlag(out, makeFlag('inconsistent-count', `The text counts “${l.count.text}” but names ${countWord(l.items.length)}: ${l.list.text}.`, [spanOf(ctx, l.count), spanOf(ctx, l.list)]));
    }
  }
}

/** Statements grouped by key, in text order; groups too large to trust are dropped. */
function keyedGroups<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) pushTo(groups, keyOf(item), item);
  return [...groups.values()].filter((g) => g.length <= MAX_GROUP);
}

/**
 * Within each key's group, each statement against the first earlier one it conflicts with: the
 * pairs a check reports. Only statements under one key meet, so the work stays near-linear.
 */
function eachConflict<T>(items: readonly T[], keyOf: (item: T) => string, conflict: (earlier: T, later: T) => boolean, report: (earlier: T, later: T) => void): void {
  for (const group of keyedGroups(items, keyOf)) {
    for (let i = 1; i < group.length; i++) {
      const b = group[i]!;
      const a = group.slice(0, i).find((x) => conflict(x, b));
      if (a) report(a, b);
    }
  }
}

/** An event's length against a day past its end, or against another length of "the" event (durations.ts). */
function checkLengths(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const lengths: EventLength[] = [];
  for (const s of prose.sentences) for (const l of eventLengths(ctx.text, s)) lengths.push(l);
  // Days are only ever weighed against a length: most texts state none, and need no search for days.
  if (lengths.length === 0) return;
  const days: EventLength[] = [];
  for (const s of prose.sentences) for (const d of eventDays(ctx.text, s)) days.push(d);
  const daysByKey = new Map<string, EventLength[]>();
  for (const d of days) pushTo(daysByKey, d.key, d);
  for (const group of keyedGroups(lengths, (l) => l.key)) {
    const first = group[0]!;
    const other = group.slice(1).find((l) => lengthsConflict(first, l, false));
    if (other) {
      pushFlag(out, makeFlag('inconsistent-count', `The text calls it a ${first.span.text} and also a ${other.span.text}.`, [spanOf(ctx, other.span), spanOf(ctx, first.span)]));
      continue;
    }
    for (const d of daysByKey.get(first.key) ?? []) {
      const length = group.find((l) => lengthsConflict(l, d, true));
      if (!length) continue;
      pushFlag(out, makeFlag('inconsistent-count', `The text calls it a ${length.span.text} but counts to ${d.span.text}.`, [spanOf(ctx, d.span), spanOf(ctx, length.span)]));
      break;
    }
  }
}

const PLACES = ['first', 'second', 'third', 'fourth', 'fifth'];
/** A place as a word where there is one, else as figures: "second", "14th". */
const placeName = (n: number): string => PLACES[n - 1] ?? `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;

/** One thing given two places in one ranking, or two things both put first (superlatives.ts). */
function checkRankStatements(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const all: RankStatement[] = [];
  for (const s of prose.sentences) for (const r of rankStatements(ctx.text, s)) all.push(r);
  if (all.length < 2) return;
  // Grouped without the scope: "the province's" and "in Halmark" may be one ranking (ranksConflict decides).
  eachConflict(all, (r) => r.ranking, (a, b) => ranksConflict(a, b, ctx.text) !== undefined, (a, b) => {
    const message = ranksConflict(a, b, ctx.text) === 'two-ranks'
      ? `The text ranks ${a.entity} ${placeName(a.rank)} (“${a.span.text}”) and also ${placeName(b.rank)} (“${b.span.text}”).`
      : `The text puts both ${a.entity} and ${b.entity} first: “${a.span.text}” and “${b.span.text}”.`;
    pushFlag(out, makeFlag('inconsistent-ranking', message, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

/** One person given two ages (ages.ts). */
function checkAges(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const all: AgeMention[] = [];
  for (const s of prose.sentences) for (const a of ageMentions(ctx.text, s)) all.push(a);
  if (all.length < 2) return;
  const givens = new Map<string, Set<string>>();
  for (const a of all) {
    let g = givens.get(a.surname);
    if (!g) givens.set(a.surname, (g = new Set()));
    if (a.given) g.add(a.given);
  }
  eachConflict(all, (a) => a.surname, (a, b) => agesConflict(a, b, givens.get(b.surname)!), (a, b) => {
    const who = (a.given ? a : b).name;
    pushFlag(out, makeFlag('inconsistent-number', `The text gives ${who}’s age as ${a.value} and also as ${b.value}.`, [spanOf(ctx, b.span), spanOf(ctx, a.span)]));
  });
}

// "under" and "over" bound an age only after the people they describe: "over 500 people" is a count.
const AGE_BOUND_BEFORE = /(?:\b(?:aged|ages|age)\s+(?:between\s+)?|\b(?:children|people|those|adults|residents|persons|boys|girls|men|women|pupils|students|population|voters|workers)\s+(?:(?:aged|under|over|above|below|between)\s+))(?:\d+\s*(?:to|and|-|–)\s*)?$/i;
const AGE_BOUND_AFTER = /^\s*(?:and\s+(?:over|older|above|up)\b|-year-olds?\b)/i;
/**
 * "children under 15", "people aged 15 to 64", "those 65 and over": a bound of an age band names who is
 * counted, and is neither a total nor a part of one.
 */
function ageBound(text: string, n: Span): boolean {
  return AGE_BOUND_BEFORE.test(text.slice(Math.max(0, n.start - 32), n.start)) || AGE_BOUND_AFTER.test(text.slice(n.end, n.end + 14));
}

/** One thing said to be the only one, and elsewhere one of two (see uniqueness.ts). */
function checkOnlyOnes(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const only = prose.sentences.flatMap((s) => onlyStatements(ctx.text, s));
  // Most articles call nothing the only one: the seconds are read only when one does.
  if (only.length === 0) return;
  const more = prose.sentences.flatMap((s) => secondStatements(ctx.text, s));
  for (const [o, m] of uniquenessConflicts(only, more)) {
    pushFlag(out, makeFlag('inconsistent-count', `The text calls something “${o.span.text}” and also speaks of “${m.span.text}”: an only one cannot have a second.`, [spanOf(ctx, o.span), spanOf(ctx, m.span)]));
  }
}

/** An anniversary its founding year cannot give, and an age its birth year cannot (see anniversaries.ts). */
function checkYearArithmetic(prose: Prose, out: Out): void {
  const { ctx } = prose;
  const { text } = ctx;
  let ref: ReferenceDate | undefined | null = null;
  const articleYear = (): number | undefined => {
    if (ref === null) ref = referenceDate(text, ctx.paragraphs, ctx.source.meta.date);
    return ref?.year;
  };
  const founded: YearStatement[] = [];
  const said: Anniversary[] = [];
  for (const s of prose.sentences) {
    if (!hasDigit(s)) continue;
    founded.push(...foundings(text, s));
    if (s.lower.includes('anniversary')) said.push(...anniversaries(text, s, articleYear()));
    if (s.lower.includes('born')) {
      for (const b of birthAges(text, s)) {
        const year = articleYear();
        if (year !== undefined && ageConflicts(b, year)) {
          pushFlag(out, makeFlag('inconsistent-date', `An age of ${b.value} does not fit a birth in ${b.birthYear}: in ${year}, the year of the article, that person is ${year - b.birthYear - 1} or ${year - b.birthYear}.`, [spanOf(ctx, b.age), spanOf(ctx, b.born)]));
        }
      }
    }
  }
  for (const [founding, a] of anniversaryConflicts(founded, said)) {
    const spans = [spanOf(ctx, a.span), spanOf(ctx, founding.span)];
    if (a.yearSpan) spans.push(spanOf(ctx, a.yearSpan));
    pushFlag(out, makeFlag('inconsistent-date', `A ${a.span.text} in ${a.year} counts from ${a.year - a.count}, but the text gives the founding year as ${founding.year}.`, spans));
  }
}

interface ThingCost {
  num: Num;
  /** The thing's noun ("bridge") and the words before it ("new"), lowercased. */
  noun: string;
  mods: string[];
  phrase: Span;
}

/** Words that make a cost one of several a thing had: a budget, an estimate, an overrun. */
const COST_CHANGE = /\b(?:expected|estimated|estimate|budget(?:ed)?|planned|projected|initial(?:ly)?|original(?:ly)?|overrun|over budget|rose|risen|increased?|up from|down from|instead of|than|would|could|might|per|each|a year|annual(?:ly)?)\b/i;
const NOT_A_THING = new Set(['deal', 'plan', 'package', 'loan', 'fund', 'budget', 'programme', 'program', 'investment', 'contract', 'grant', 'fine', 'bill', 'payment', 'aid', 'bond', 'sale', 'bid', 'offer', 'settlement', 'year', 'project']);
/** "the $45 million bridge", "the $45 million suspension bridge": money, then one or two lowercase words. */
const COST_BEFORE_NOUN = /^\s+([\p{Ll}-]+)(?:\s+([\p{Ll}-]+))?/u;
/** "the bridge cost", "the new bridge, which cost", "the bridge was built at a cost of" right before the money. */
const NOUN_BEFORE_COST = /\b(?:the|its)\s+(?:([\p{Ll}-]+)\s+)?([\p{Ll}-]+)(?:,\s+which)?\s+(?:cost|was built at a cost of|was built for|was completed at a cost of)\s+(?:about\s+|around\s+|roughly\s+)?$/iu;

/** What a definite thing ("the bridge") is said to have cost, in the sentences that say so once. */
function thingCostsOf(prose: Prose): ThingCost[] {
  const { text } = prose.ctx;
  const out: ThingCost[] = [];
  for (const s of prose.sentences) {
    if (!s.nums.some((n) => n.kind === 'money') || COST_CHANGE.test(s.text)) continue;
    for (const n of s.nums) {
      if (n.kind !== 'money') continue;
      const lead = text.slice(Math.max(s.start, n.start - 60), n.start);
      const before = NOUN_BEFORE_COST.exec(lead);
      if (before) {
        const phraseStart = n.start - lead.length + before.index;
        out.push({ num: n, noun: lower(before[2]!), mods: before[1] ? [lower(before[1])] : [], phrase: { start: phraseStart, end: n.end } });
        continue;
      }
      // "the $45 million bridge": only after "the", so it is a thing the reader already knows.
      if (!/\b(?:the|its)\s+$/i.test(text.slice(Math.max(s.start, n.start - 5), n.start))) continue;
      const after = COST_BEFORE_NOUN.exec(text.slice(n.end, Math.min(s.end, n.end + 40)));
      if (after) {
        // The first word is the thing, or a modifier of the second ("suspension bridge"): both are kept,
        // and only a reading that meets another statement of a cost can matter.
        out.push({ num: n, noun: lower(after[1]!), mods: [], phrase: { start: n.start, end: n.end + after[0].indexOf(after[1]!) + after[1]!.length } });
        if (after[2]) out.push({ num: n, noun: lower(after[2]), mods: [lower(after[1]!)], phrase: { start: n.start, end: n.end + after[0].length } });
      }
    }
  }
  return out.filter((c) => !NOT_A_THING.has(c.noun));
}

/** One thing given two costs ("the bridge, which cost $40 million" … "the $45 million bridge"). */
function checkThingCosts(prose: Prose, out: Out): void {
  const costs = thingCostsOf(prose);
  if (costs.length < 2) return;
  const { ctx } = prose;
  // "the new bridge" and "the old bridge" are two bridges; "the bridge" may be either.
  const sameThing = (a: ThingCost, b: ThingCost): boolean => {
    const [fewer, more] = a.mods.length <= b.mods.length ? [a.mods, b.mods] : [b.mods, a.mods];
    return fewer.every((w) => more.includes(w));
  };
  eachConflict(costs, (c) => `${c.noun}|${c.num.unit ?? ''}`, (a, b) => sameThing(a, b) && agree(a.num, b.num) === 'conflict', (a, b) => {
    pushFlag(out, makeFlag('inconsistent-number', `The text gives the cost of the ${b.noun} as ${a.num.text} and also as ${b.num.text}.`, [spanOf(ctx, b.phrase), spanOf(ctx, a.phrase)]));
  });
}

/** A weekday the calendar puts on another day (weekdays.ts). */
function checkWeekdays(prose: Prose, out: Out): void {
  const { ctx } = prose;
  let ref: ReferenceDate | undefined | null = null;
  for (const s of prose.sentences) {
    for (const date of weekdayDates(ctx.text, s)) {
      if (ref === null) ref = referenceDate(ctx.text, ctx.paragraphs, ctx.source.meta.date);
      const wrong = weekdayMismatch(ctx.text, s, date, ref);
      if (!wrong) continue;
      const { day, month } = date;
      const when = `${day} ${MONTHS[month - 1]!.replace(/^./, (c) => c.toUpperCase())} ${wrong.year}`;
      const said = WEEKDAY_NAMES[date.weekday]!;
      const spans = [spanOf(ctx, date.span)];
      // A year the date does not print came from the article's dateline: show it, so the reader sees why.
      if (date.year === undefined && ref?.span) spans.push(spanOf(ctx, ref.span));
      pushFlag(out, makeFlag('inconsistent-date', `The text puts ${said} on ${when} (“${date.span.text}”), but ${when} is a ${WEEKDAY_NAMES[wrong.actual]}.`, spans));
    }
  }
}

// ---------------------------------------------------------------------------
// Entry points

export function analyzeConsistency(ctx: SourceContext): { flags: Flag[]; corroborations: Corroboration[]; facts: Fact[] } {
  const prose = readProse(ctx);
  const out = newOut();
  const figures = figuresOf(prose);
  const events = eventDatesOf(prose);
  const roles = rolesOf(prose);
  checkCounts(prose, out);
  checkNumbers(prose, figures, out);
  checkDates(prose, events, out);
  checkRankings(prose, figures, out);
  checkArithmetic(prose, figures, out);
  checkRoles(prose, roles, out);
  checkLists(prose, out);
  checkLengths(prose, out);
  checkRankStatements(prose, out);
  checkAges(prose, out);
  checkThingCosts(prose, out);
  checkWeekdays(prose, out);
  checkYearArithmetic(prose, out);
  checkOnlyOnes(prose, out);
  return { flags: out.flags, corroborations: out.corroborations, facts: factsOf(prose, figures, events, roles) };
}

/** unified plugin: within-source checks; leaves keyed facts in ctx.facts for cross-source checks. */
export default function consistency(): Transformer<Root> {
  return (_tree, file) => {
    const ctx = contextOf(file);
    const { flags, corroborations, facts } = analyzeConsistency(ctx);
    ctx.flags.push(...flags);
    ctx.corroborations.push(...corroborations);
    ctx.facts.push(...facts);
  };
}

const factSpan = (f: Fact): FlagSpan => ({ sourceId: f.sourceId, start: f.span.start, end: f.span.end, text: f.span.text });

function factsAgree(a: Fact, b: Fact): Agreement {
  if (a.kind === 'number' && typeof a.value === 'number' && typeof b.value === 'number') {
    const sa: Stated = { value: a.value, step: stepOf({ text: a.span.text, value: a.value }), near: a.approx === 'about', ...(a.approx ? { approx: a.approx } : {}) };
    const sb: Stated = { value: b.value, step: stepOf({ text: b.span.text, value: b.value }), near: b.approx === 'about', ...(b.approx ? { approx: b.approx } : {}) };
    return agree(sa, sb);
  }
  if (a.kind === 'date') return datesConflict(String(a.value), String(b.value)) ? 'conflict' : a.value === b.value ? 'same' : 'compatible';
  if (a.kind === 'role') {
    try {
      const ra = JSON.parse(String(a.value)) as RoleMention;
      const rb = JSON.parse(String(b.value)) as RoleMention;
      return rolesConflict(ra, rb) ? 'conflict' : 'unknown';
    } catch {
      return 'unknown';
    }
  }
  return a.value === b.value ? 'same' : 'conflict';
}

const RULE_OF_KIND: Record<Fact['kind'], Flag['rule']> = {
  number: 'inconsistent-number',
  date: 'inconsistent-date',
  rank: 'inconsistent-ranking',
  role: 'inconsistent-role',
};

/** Cross-source checks: group facts by key (linear in the corpus), compare within groups. */
export function checkAcrossSources(facts: readonly Fact[]): { flags: Flag[]; corroborations: Corroboration[] } {
  const out = newOut();
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const g = groups.get(f.key);
    if (g) g.push(f);
    else groups.set(f.key, [f]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // One representative per source and value: the same article repeating itself is its own business.
    const reps: Fact[] = [];
    for (const f of group) {
      if (!reps.some((r) => r.sourceId === f.sourceId && factsAgree(r, f) !== 'conflict')) reps.push(f);
      if (reps.length > MAX_GROUP) break;
    }
    if (reps.length > MAX_GROUP || new Set(reps.map((r) => r.sourceId)).size < 2) continue;
    for (let i = 1; i < reps.length; i++) {
      const b = reps[i]!;
      for (let j = 0; j < i; j++) {
        const a = reps[j]!;
        if (a.sourceId === b.sourceId) continue;
        const ag = factsAgree(a, b);
        if (ag === 'conflict') {
          pushFlag(out, makeFlag(RULE_OF_KIND[a.kind], `Two sources disagree: one says “${a.context.text}” (${a.span.text}), the other “${b.context.text}” (${b.span.text}).`, [factSpan(a), factSpan(b)]));
        } else if ((ag === 'same' || ag === 'compatible') && a.kind !== 'role') {
          pushCorroboration(out, makeCorroboration('restated', `Two sources agree: ${a.span.text} and ${b.span.text}.`, [factSpan(a), factSpan(b)]));
        }
      }
    }
  }
  return { flags: out.flags, corroborations: out.corroborations };
}
