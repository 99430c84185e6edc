/**
 * An event's length against a day of it the text counts to: "the three-day
 * festival" has no "fourth day of the festival". Read narrowly: the length
 * must be a hyphenated count before the event's noun ("a two-week strike"),
 * the day an ordinal of the same unit "of the/its <noun>" or "day N of the
 * <noun>", and the nouns must be the same word. Two lengths disagree only
 * when both are of "the" event: "a two-day summit" may be another summit.
 */
import type { Quoted, Span } from './types.js';

export interface EventLength {
  span: Quoted;
  /** `day|festival`: the unit and the event's noun. */
  key: string;
  value: number;
  /** Said of "the" event (or its, their …): one event the reader already knows. */
  definite: boolean;
  /** The words after the length, as far as they can name the event ("music festival"), in lower case. */
  phrase: string;
}

const CARDINALS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ORDINALS = ['second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth'];
const UNIT = '(day|week|month|hour|year)';
const NOUN = '(\\p{Ll}[\\p{Ll}-]+)';

/** "a three-day festival", "the 10-day Lindau harvest festival", "a two-week-long strike": the length and up to three words after it. */
const LENGTH = new RegExp(`\\b(${CARDINALS.join('|')}|[1-9]\\d?)-${UNIT}(?:-long)?((?: \\p{L}[\\p{L}\\p{M}-]*){1,3})`, 'giu');
/** Words that cannot be the event's noun after a modifier: "a three-day visit to …" is a visit. */
const NOT_NOUN = new Set([
  'of', 'to', 'in', 'at', 'on', 'for', 'by', 'with', 'and', 'or', 'the', 'a', 'an', 'that', 'which', 'who', 'was', 'is', 'are', 'were',
  'will', 'has', 'had', 'have', 'began', 'begins', 'opens', 'starts', 'ends', 'closes', 'runs', 'takes', 'drew', 'draws', 'saw', 'sees', 'brings',
]);
/** A past tense or participle ends the event's name ("the three-day festival opened …"). */
const PAST = /^\p{Ll}+ed$/u;
/** "the fourth day of the festival", "on the 4th day of its strike", "day four of the trial". */
const NTH = new RegExp(`\\b(?:the (${ORDINALS.join('|')}|\\d{1,2}(?:st|nd|rd|th)) ${UNIT}|${UNIT} (${CARDINALS.join('|')}|\\d{1,2})) of (?:the|its|their|his|her) ${NOUN}\\b`, 'giu');

/** Plain patterns each form needs, cheap to search for before the full ones run. */
const MAY_LENGTH = /-(?:day|week|month|hour|year)\b/i;
const MAY_NTH = /(?:day|week|month|hour|year) (?:\w+ )?of /i;

const valueOf = (word: string, words: readonly string[]): number => {
  const w = word.toLowerCase();
  const i = words.indexOf(w);
  return i >= 0 ? i + 2 : Number.parseInt(w, 10);
};

/** A noun an event may be keyed by, and where in the match it ends. */
type Noun = { noun: string; end: number; phrase?: string };

function scan(text: string, span: Span, re: RegExp, read: (m: RegExpExecArray) => { unit: string; nouns: Noun[]; value: number }): EventLength[] {
  const found: EventLength[] = [];
  const slice = text.slice(span.start, span.end);
  re.lastIndex = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const { unit, nouns, value } = read(m);
    if (!Number.isFinite(value)) continue;
    const start = span.start + m.index;
    for (const { noun, end: at, phrase } of nouns) {
      // Quoted up to the noun it is keyed by, so the span says what was counted.
      const end = start + at;
      const definite = /\b(?:the|its|their|this)\s+$/i.test(text.slice(Math.max(span.start, start - 8), start));
      found.push({ span: { start, end, text: text.slice(start, end) }, key: `${unit.toLowerCase()}|${noun.toLowerCase().replace(/s$/, '')}`, value, definite, phrase: phrase ?? noun.toLowerCase() });
    }
  }
  return found;
}

/** The lengths events are given in one sentence. */
export function eventLengths(text: string, sentence: Span): EventLength[] {
  if (!MAY_LENGTH.test(text.slice(sentence.start, sentence.end))) return [];
  return scan(text, sentence, LENGTH, (m) => {
    // "a three-day music festival" is a music festival and a festival: each lowercase word up to the
    // first that cannot be the noun ("a three-day visit to China") may name the event.
    const nouns: Noun[] = [];
    let end = m[0].length - m[3]!.length;
    for (const word of m[3]!.slice(1).split(' ')) {
      if (NOT_NOUN.has(word.toLowerCase()) || PAST.test(word)) break;
      end += word.length + 1;
      if (/^\p{Ll}/u.test(word) && word.length > 1) nouns.push({ noun: word, end });
    }
    const phrase = m[3]!.slice(1, end - (m[0].length - m[3]!.length)).toLowerCase();
    for (const n of nouns) n.phrase = phrase;
    return { value: valueOf(m[1]!, CARDINALS), unit: m[2]!, nouns };
  });
}

/** The days (weeks, …) of events one sentence counts to. */
export function eventDays(text: string, sentence: Span): EventLength[] {
  if (!MAY_NTH.test(text.slice(sentence.start, sentence.end))) return [];
  return scan(text, sentence, NTH, (m) => (m[1]
    ? { value: m[1].match(/^\d/) ? Number.parseInt(m[1], 10) : ORDINALS.indexOf(m[1].toLowerCase()) + 2, unit: m[2]!, nouns: [{ noun: m[5]!, end: m[0].length }] }
    : { value: valueOf(m[4]!, CARDINALS), unit: m[3]!, nouns: [{ noun: m[5]!, end: m[0].length }] }));
}

/** Why a length and a day (or two lengths) of one event cannot both hold, or undefined. */
export function lengthsConflict(length: EventLength, other: EventLength, otherIsDay: boolean): boolean {
  if (length.key !== other.key) return false;
  // A music festival and a music market are two events: lengths meet only when the words naming the event are the same.
  return otherIsDay ? other.value > length.value : length.phrase === other.phrase && length.definite && other.definite && other.value !== length.value;
}
