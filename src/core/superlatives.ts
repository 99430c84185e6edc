/**
 * Rank statements one text makes about one thing: "Tarnow is the largest city
 * in the region" and, later, "Tarnow, the region's second-largest city". Two
 * ranks for one thing in one ranking, or first place given to two things,
 * cannot both be true.
 *
 * A ranking is named by its superlative, its head noun and its scope ("in the
 * region", "the region's"); statements are compared only when all three
 * agree and both give the scope or neither does. "One of the largest" ranks
 * nothing; a statement in the past tense, or one that dates itself, may
 * describe another time, so it is compared only with one of the same tense
 * and the same years.
 */
import type { Quoted, Span } from './types.js';

export interface RankStatement {
  /** The statement from the name to the end of the ranking: "Tarnow is the largest city in the region". */
  span: Quoted;
  entity: string;
  /** 1 for "largest", 2 for "second-largest". */
  rank: number;
  /** Names the ranking: superlative, head noun, scope. */
  key: string;
  past: boolean;
  /** The years the sentence names, sorted: a ranking holds at a time. */
  years: string;
}

const ORDINALS = new Map([['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['2nd', 2], ['3rd', 3], ['4th', 4], ['5th', 5]]);
/** Superlatives of one scale share a key: "largest" and "biggest" rank the same thing. */
const SCALE = new Map([
  ['largest', 'size'], ['biggest', 'size'], ['smallest', 'small'], ['highest', 'high'], ['lowest', 'low'],
  ['richest', 'rich'], ['poorest', 'poor'], ['oldest', 'old'], ['newest', 'new'], ['busiest', 'busy'], ['longest', 'long'],
  ['tallest', 'tall'], ['most populous', 'populous'], ['fastest-growing', 'growth'],
]);
const SUPER = '(?:most populous|fastest-growing|largest|biggest|smallest|highest|lowest|richest|poorest|oldest|newest|busiest|longest|tallest)';
/**
 * What both statement patterns need, as a plain pattern that is cheap to search for before they run:
 * "the", maybe a possessive word and an ordinal, then a superlative.
 */
const ANY_SUPERLATIVE = new RegExp(`\\bthe (?:\\S+['’]s )?(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?${SUPER} `);
const ORD = '(?:(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?';
const NAME = "(\\p{Lu}[\\p{L}\\p{M}'’.-]*(?: (?:of |de |the )?\\p{Lu}[\\p{L}\\p{M}'’.-]*){0,3})";
/** Words that end the noun or the scope of a ranking: what follows them is a clause, not the ranking. */
const BREAK = '(?!(?:and|but|or|with|since|after|before|by|for|to|that|which|who|than|as|at|from|is|was|has|had|will|would|in|of|on|among|per)\\b)';
/** The noun of the ranking, up to three lowercase words: "city", "oil producer". */
const NOUN = `((?:${BREAK}\\p{Ll}[\\p{Ll}-]*)(?: ${BREAK}\\p{Ll}[\\p{Ll}-]*){0,2})`;
/** What the ranking is within: "in the region", "of Central Asia". */
const SCOPE = `(?: (?:in|of|among|on) ((?:the )?${BREAK}[\\p{L}][\\p{L}\\p{M}'’-]*(?: ${BREAK}[\\p{L}][\\p{L}\\p{M}'’-]*){0,3}))?`;
/** The measure a ranking is by: "largest by area" and "largest by population" are two rankings. */
const BY = "(?: by ([\\p{L}][\\p{L}-]*))?";
const VERB = '(is|was|remains|remained|became|has become|had become)';

/** "Tarnow is the second-largest city in the region." */
const COPULA = new RegExp(`${NAME} ${VERB} (?:now |still |already )?the ${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');
/** "Tarnow, the region's second-largest city," / "Tarnow, the second-largest city in the region," */
const APPOSITIVE = new RegExp(`${NAME}, the (?:((?:\\p{Lu}|\\p{Ll})[\\p{L}\\p{M}-]*(?: \\p{L}[\\p{L}\\p{M}-]*)?)['’]s )?${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');

/** Capitalised words that open a sentence without naming anything: "It is the largest…" may be about anything. */
const NOT_A_NAME = new Set(['It', 'This', 'That', 'These', 'Those', 'He', 'She', 'They', 'We', 'You', 'I', 'There', 'Here', 'Which', 'What', 'Who', 'The', 'A', 'An', 'Its', 'Their', 'Our', 'His', 'Her', 'Today', 'Now', 'Yet', 'But', 'And', 'So']);

const YEAR = /\b(?:1[89]|20)\d{2}\b/g;
const lower = (s: string): string => s.toLowerCase();

/** Scope words as a key: "the region" and "region" are one scope; the possessive form gives the same key. */
const scopeKey = (scope: string | undefined): string => (scope ? lower(scope).replace(/^the /, '') : '');

/** Rank statements in one sentence. `sentence` is the sentence's span; `text` the whole source. */
export function rankStatements(text: string, sentence: Span): RankStatement[] {
  const slice = text.slice(sentence.start, sentence.end);
  if (!ANY_SUPERLATIVE.test(slice)) return [];
  const years = [...new Set(slice.match(YEAR) ?? [])].sort().join(',');
  const found: RankStatement[] = [];
  const add = (m: RegExpExecArray, entity: string, past: boolean, ordinal: string | undefined, superlative: string, noun: string, scope: string | undefined, by: string | undefined): void => {
    if (NOT_A_NAME.has(entity)) return;
    // "one of the largest", "among the biggest": a group, not a place in the ranking.
    if (/\b(?:one of|among)\s*$/i.test(slice.slice(Math.max(0, m.index - 12), m.index))) return;
    // The whole noun names the ranking: an "export partner" and an "import partner" are ranked apart.
    const what = noun.replace(/s$/, '');
    const start = sentence.start + m.index;
    found.push({
      span: { start, end: start + m[0].length, text: m[0] },
      entity,
      rank: ordinal ? ORDINALS.get(lower(ordinal))! : 1,
      key: `${SCALE.get(lower(superlative))}|${what}|${scopeKey(scope)}|${by ?? ''}`,
      past,
      years,
    });
  };
  COPULA.lastIndex = 0;
  for (let m = COPULA.exec(slice); m; m = COPULA.exec(slice)) {
    add(m, m[1]!, /^(?:was|remained|had become)$/.test(m[2]!), m[3], m[4]!, m[5]!, m[6], m[7]);
  }
  APPOSITIVE.lastIndex = 0;
  for (let m = APPOSITIVE.exec(slice); m; m = APPOSITIVE.exec(slice)) {
    // A possessive scope ("the region's") and a trailing one ("in the region") name the same ranking.
    const scope = m[2] ?? m[6];
    if (m[2] && m[6]) continue;
    add(m, m[1]!, false, m[3], m[4]!, m[5]!, scope, m[7]);
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** Why two rank statements cannot both hold, or undefined when they can. */
export function ranksConflict(a: RankStatement, b: RankStatement): 'two-ranks' | 'two-firsts' | undefined {
  if (a.key !== b.key || a.past !== b.past || a.years !== b.years) return undefined;
  if (a.entity === b.entity) return a.rank !== b.rank ? 'two-ranks' : undefined;
  return a.rank === 1 && b.rank === 1 && !a.past ? 'two-firsts' : undefined;
}
