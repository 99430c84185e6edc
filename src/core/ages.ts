/**
 * A person's age, as news copy states it: "Ana Ruiz, 54, a shopkeeper",
 * "Ruiz, aged 54,", "the 54-year-old Ana Ruiz", "Ana Ruiz, a 54-year-old
 * shopkeeper". One article gives one person one age; two can disagree only
 * when neither sentence dates itself (a year, "when", "at the time"), since
 * an age told of another time is another age.
 */
import type { Quoted, Span } from './types.js';

export interface AgeMention {
  /** The age and the name it is told of, as written. */
  span: Quoted;
  /** The name as written: "Ana Ruiz", "Ruiz". */
  name: string;
  surname: string;
  /** The first word of the name when it has two or more, else undefined. */
  given?: string;
  value: number;
  /** "Mr", "Mrs", "Ms", "Dr" before the name, if any. */
  honorific?: string;
  /** The sentence names a year or another time, so the age may be of then. */
  dated: boolean;
}

const WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const CAP = "\\p{Lu}[\\p{Ll}\\p{M}'’-]+";
/** One to three capitalised words: "Ana Ruiz", "Ruiz". */
const NAME = `(${CAP}(?: ${CAP}){0,2})`;
const AGE = `(\\d{1,3}|${WORDS.join('|')})`;

/** "Ana Ruiz, 54," / "Ana Ruiz, aged 54," / "Ana Ruiz (54)". */
const AFTER_NAME = new RegExp(`${NAME}(?:, (?:aged )?${AGE}(?=[,;)]| and )| \\((?:aged )?${AGE}\\))`, 'gu');
/** "the 54-year-old Ana Ruiz", "54-year-old shopkeeper Ana Ruiz"; not "a 4-year-old boy in Aleppo". */
const BEFORE_NAME = new RegExp(`\\b${AGE}-year-old (?:(?!(?:in|at|of|from|for|on|to|with|by|near|and|or)\\s)\\p{Ll}+ ){0,2}${NAME}`, 'gu');
/** "Ana Ruiz, a 54-year-old shopkeeper". */
const APPOSED = new RegExp(`${NAME}, (?:a|the|an) ${AGE}-year-old\\b`, 'gu');

const DATED = /\b(?:1[89]|20)\d{2}\b|\bwhen\b|\bat the time\b|\bthen\b|\bnow\b|\btoday\b|\bturned\b|\bturns\b|\bwould be\b/i;
/** Capitalised words that open a sentence or a clause without being a name. */
const HONORIFICS = new Set(['Mr', 'Mrs', 'Ms', 'Miss', 'Dr']);
const NOT_GIVEN = new Set(['The', 'A', 'An', 'Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Mayor', 'President', 'Minister', 'Coach', 'Officer', 'Police', 'Witness']);
/** Single capitalised words that are never a person's name before an age. */
const NOT_A_NAME = new Set([
  'The', 'A', 'An', 'In', 'On', 'At', 'By', 'Of', 'And', 'But', 'Or', 'So', 'Then', 'Now', 'Today', 'Yesterday', 'Since', 'After', 'Before',
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Page', 'Chapter', 'Room', 'Route', 'Gate', 'Platform',
]);

/**
 * What every form needs, as a plain pattern that is cheap to search for: "-year-old", or one to three
 * digits (or a number word) after ", ", ", aged " or "(" and closed by ",", ";", ")" or " and ".
 */
const MAY_STATE_AGE = new RegExp(`year-old|(?:, (?:aged )?|\\((?:aged )?)(?:\\d{1,3}|${WORDS.join('|')})(?:[,;)]| and )`);

const valueOf = (w: string): number => (/^\d/.test(w) ? Number(w) : WORDS.indexOf(w.toLowerCase()) + 1);

/** Ages told of people in one sentence. */
export function ageMentions(text: string, sentence: Span): AgeMention[] {
  const slice = text.slice(sentence.start, sentence.end);
  if (!MAY_STATE_AGE.test(slice)) return [];
  const dated = DATED.test(slice);
  const found: AgeMention[] = [];
  const add = (index: number, length: number, rawName: string, age: string): void => {
    const value = valueOf(age);
    // Under one or past 120 it is a count, a year or a page, not an age.
    if (!(value >= 1 && value <= 120)) return;
    const words = rawName.split(' ');
    let honorific: string | undefined;
    while (words.length > 1 && NOT_GIVEN.has(words[0]!)) {
      const w = words.shift()!;
      if (HONORIFICS.has(w)) honorific = w;
    }
    if (words.length === 1 && NOT_A_NAME.has(words[0]!)) return;
    const name = words.join(' ');
    const start = sentence.start + index;
    found.push({ span: { start, end: start + length, text: text.slice(start, start + length) }, name, surname: words[words.length - 1]!, ...(words.length > 1 ? { given: words[0]! } : {}), ...(honorific ? { honorific } : {}), value, dated });
  };
  for (const re of [AFTER_NAME, APPOSED]) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) add(m.index, m[0].length, m[1]!, (m[2] ?? m[3])!);
  }
  BEFORE_NAME.lastIndex = 0;
  for (let m = BEFORE_NAME.exec(slice); m; m = BEFORE_NAME.exec(slice)) add(m.index, m[0].length, m[2]!, m[1]!);
  return found.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Whether two mentions give one person two ages. A surname alone stands for a full name only
 * when the article gives that surname exactly one first name (`givens`: the first names seen
 * with it), or both mentions give it the same honorific: a single capitalised word before a
 * number ("Wisconsin, 82") is as likely a place with a count.
 */
export function agesConflict(a: AgeMention, b: AgeMention, givens: ReadonlySet<string>): boolean {
  if (a.dated || b.dated || a.surname !== b.surname || a.value === b.value) return false;
  // "Mr Ruiz, 54" and "Mrs Ruiz, 52" are two people.
  if (a.honorific && b.honorific) return a.honorific === b.honorific && (!a.given || !b.given || a.given === b.given);
  if (a.given && b.given) return a.given === b.given;
  return givens.size === 1;
}
