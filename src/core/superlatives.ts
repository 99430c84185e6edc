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
 *
 * A bare place in a table ("Tartu, ranked 14th", "in 13th place it was") is a rank statement too: one
 * thing given two places in sentences that name no other time, stage or table cannot both be right.
 *
 * So is a seed ("United, the top seed", "the second-seeded United"): a draw seeds each entrant once.
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
  /** The key without its scope: statements of one ranking in two wordings of one scope ("the province's", "in Halmark") share it. */
  ranking: string;
  /** The scope's words, lowercased ("region", "north halmark"); '' for none. */
  scope: string;
  past: boolean;
  /** The years the sentence names, sorted: a ranking holds at a time. */
  years: string;
  /**
   * A bare place in a table ("ranked 14th", "in 13th place"): it names no scale, so two things sharing a place
   * may be a tie or two tables, and only one thing given two places is compared. The sentence's start tells
   * two places in one sentence ("14th overall and 3rd for teaching") apart: those are two tables.
   */
  place?: { sentence: number };
}

const ORDINALS = new Map([['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['2nd', 2], ['3rd', 3], ['4th', 4], ['5th', 5]]);
/** Superlatives of one scale share a key: "largest" and "biggest" rank the same thing. */
const SCALE = new Map([
  ['largest', 'size'], ['biggest', 'size'], ['smallest', 'small'], ['highest', 'high'], ['lowest', 'low'],
  ['richest', 'rich'], ['poorest', 'poor'], ['oldest', 'old'], ['newest', 'new'], ['busiest', 'busy'], ['longest', 'long'],
  ['tallest', 'tall'], ['most populous', 'populous'], ['fastest-growing', 'growth'],
  ['deadliest', 'deadly'], ['costliest', 'costly'], ['most expensive', 'costly'], ['hottest', 'hot'], ['coldest', 'cold'],
  ['wettest', 'wet'], ['driest', 'dry'], ['strongest', 'strong'], ['heaviest', 'heavy'],
]);
/**
 * Adjectives whose "most"/"least" form ranks by a measure anyone can check ("most active", "most visited"):
 * "most important" or "most beautiful" is an opinion, and two of them may be two people's.
 */
const MEASURED_MOST = ['populous', 'expensive', 'active', 'visited', 'valuable', 'densely populated', 'polluted', 'watched', 'viewed', 'streamed', 'nominated', 'decorated', 'capped', 'congested', 'traded', 'downloaded', 'followed', 'spoken'];
/** The scale a superlative ranks by: "most-visited" and "most visited" are one. */
const scaleOf = (superlative: string): string => {
  const s = lower(superlative).replace(/^(most|least)-/, '$1 ');
  return SCALE.get(s) ?? s.replace(/^most /, '');
};
const SUPER = '(?:(?:most|least)[- ](?:' + MEASURED_MOST.join('|') + ')|fastest-growing|largest|biggest|smallest|highest|lowest|richest|poorest|oldest|newest|busiest|longest|tallest|deadliest|costliest|hottest|coldest|wettest|driest|strongest|heaviest)';
/**
 * What both statement patterns need, as a plain pattern that is cheap to search for before they run:
 * "the", maybe a possessive word and an ordinal, then a superlative.
 */
const ANY_SUPERLATIVE = new RegExp(`(?:\\bthe (?:\\S+['’]s )?|['’]s )(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?${SUPER}(?=[\\s.,;:!?)—–]|$)`);
const ORD = '(?:(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?';
/** A capitalised word of a name; an en dash may join two ("Tarn–Oriel", a route between two places). */
const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:–\\p{Lu}[\\p{L}\\p{M}'’.-]*)?";
const NAME = `(${NAME_WORD}(?: (?:of |de |the )?${NAME_WORD}){0,3})`;
/** Words that end the noun or the scope of a ranking: what follows them is a clause, not the ranking. */
const BREAK = '(?!(?:and|but|or|with|since|after|before|by|for|to|that|which|who|than|as|at|from|is|was|has|had|will|would|in|of|on|among|per)\\b)';
/** The noun of the ranking, up to three lowercase words: "city", "oil producer". */
const NOUN = `((?:${BREAK}\\p{Ll}[\\p{Ll}-]*)(?: ${BREAK}\\p{Ll}[\\p{Ll}-]*){0,2})`;
/** What the ranking is within: "in the region", "of Central Asia". */
const SCOPE = `(?: (?:in|of|among|on) ((?:the )?${BREAK}[\\p{L}][\\p{L}\\p{M}'’-]*(?: ${BREAK}[\\p{L}][\\p{L}\\p{M}'’-]*){0,3}))?`;
/** The measure a ranking is by: "largest by area" and "largest by population" are two rankings. */
const BY = "(?: by ([\\p{L}][\\p{L}-]*))?";
const VERB = '(is|was|remains|remained|became|has become|had become)';

/**
 * The common noun a name is used with: "the Ridgeway fire", "the Lindau bridge". It names what kind of thing
 * is ranked when the superlative leaves its noun out ("the Ridgeway fire was the largest of the season").
 */
const HEAD = '(?: (?!(?:now|still|also|already|today|then|itself|alone|too|again|once|even|only|just|and|or|but|is|was|remains|remained|became|has|had)\\b)(?!\\p{Ll}+ly\\b)(\\p{Ll}[\\p{Ll}-]+))?';
/** "Tarnow is the second-largest city in the region." */
const COPULA = new RegExp(`${NAME}${HEAD} ${VERB} (?:now |still |already )?the ${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');
/** "Tarnow, the region's second-largest city," / "Tarnow, the second-largest city in the region," */
const APPOSITIVE = new RegExp(`${NAME}${HEAD}, the (?:((?:\\p{Lu}|\\p{Ll})[\\p{L}\\p{M}-]*(?: \\p{L}[\\p{L}\\p{M}-]*)?)['’]s )?${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');

/**
 * "Valmark, Northern Ostia's second-largest economy,": the appositive's scope a capitalised possessive, with no
 * article before it.
 */
const APPOSITIVE_OWNER = new RegExp(`${NAME}${HEAD}, (\\p{Lu}[\\p{L}\\p{M}-]*(?: \\p{Lu}[\\p{L}\\p{M}-]*){0,2})['’]s ${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');
/**
 * "Officials said it is the second-longest suspension bridge in the region": "it" is the thing of that kind the
 * text named last ("the Ostra Bridge"), when its name ends in the ranking's noun.
 */
const PRONOUN = new RegExp(`(?<![\\p{L}\\p{M}])[Ii]t ${VERB} (?:now |still |already )?the ${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');

/** "…, making the Ostra Bridge the longest suspension bridge in the region": the verb makes it so, now. */
const MAKING = new RegExp(`\\b(?:making|makes|made|make) (?:the )?${NAME}${HEAD} the ${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');
/** "As the region's third-largest economy, Valmark …": the ranking put before the name it is of. */
const FRONTED = new RegExp(`(?<=^|[.;:] )\\W*As the (?:((?:\\p{Lu}|\\p{Ll})[\\p{L}\\p{M}-]*(?: \\p{L}[\\p{L}\\p{M}-]*)?)['’]s )?${ORD}(${SUPER}) ${NOUN}${SCOPE}${BY}, (?:the )?${NAME}${HEAD}`, 'gu');

/** "The Ridgeway fire was the largest of the season": the noun left out, the scope required. */
const COPULA_BARE = new RegExp(`${NAME}${HEAD} ${VERB} (?:now |still |already )?the ${ORD}(${SUPER})${SCOPE}${BY}(?=[\\s.,;:!?)—–]|$)`, 'gu');
/** "The Kestrel fire, the season's largest," / "The Kestrel fire, the largest of the season,". */
const APPOSITIVE_BARE = new RegExp(`${NAME}${HEAD}, the (?:((?:\\p{Lu}|\\p{Ll})[\\p{L}\\p{M}-]*(?: \\p{L}[\\p{L}\\p{M}-]*)?)['’]s )?${ORD}(${SUPER})${SCOPE}${BY}(?=[.,;:!?)—–]|$)`, 'gu');
/**
 * Necessary conditions for the statement patterns, cheap to search for before them: a part each pattern's match
 * must contain, written as in the pattern (the patterns try a name at every capital, which is slow).
 * COPULA, COPULA_BARE and PRONOUN hold a verb, "the" and the superlative; APPOSITIVE and APPOSITIVE_BARE hold
 * ", the "; APPOSITIVE_OWNER a possessive right before the superlative; MAKING its verb; FRONTED "As the ".
 */
const VERB_THE_SUPER = new RegExp(` ${VERB} (?:now |still |already )?the ${ORD}${SUPER}`, 'u');
const POSSESSIVE_SUPER = new RegExp(`['’]s ${ORD}${SUPER} `, 'u');
const MAKING_VERB = /\b(?:making|makes|made|make) /u;

/**
 * Scopes that are a stretch of time already bounded ("of the season", "the tournament's"): the ranking in them
 * is closed, so a past "was the largest" and a present appositive speak of the same ranking.
 */
const CLOSED_SCOPE = /(?:^| )(?:season|year|tournament|campaign|championship|competition|contest|games|cup|series|war|decade|century|month|week|summer|winter|spring|autumn|election|festival|quarter)$/;
/** A ranking still open at the time of the statement ("the largest of the season so far"): a later one may pass it. */
const NOT_YET_CLOSED = /^,?\s+(?:so far|to date|yet|until then|at the time|at that point|up to then|thus far)\b/;

/** Capitalised words that open a sentence without naming anything: "It is the largest…" may be about anything. */
const NOT_A_NAME = new Set(['It', 'This', 'That', 'These', 'Those', 'He', 'She', 'They', 'We', 'You', 'I', 'There', 'Here', 'Which', 'What', 'Who', 'The', 'A', 'An', 'Its', 'Their', 'Our', 'His', 'Her', 'Today', 'Now', 'Yet', 'But', 'And', 'So']);

const YEAR = /\b(?:1[89]|20)\d{2}\b/g;
const lower = (s: string): string => s.toLowerCase();
/**
 * A name as a key: "the Ridgeway fire" and "Ridgeway fire" name one thing, and so do "Halmark's Ana Lind" and
 * "Ana Lind" (the owner says where she is from).
 */
const entityOf = (name: string, head: string | undefined): string => (head ? `${name} ${head}` : name).replace(/^The /, '').replace(/^\p{Lu}[\p{L}\p{M}-]*['’]s (?=\p{Lu})/u, '');

/** Where the clause a statement ends in stops: a comma, a dash, a relative or time clause. */
const CLAUSE_END = /[,;:(—–]|\b(?:which|who|whose|where|when|while|after|since|before|until)\b/;
/** The latest year a text names: its present, as near as the text says. */
let latestFor: { text: string; year: string } = { text: '', year: '' };
function latestYear(text: string): string {
  if (latestFor.text !== text) latestFor = { text, year: (text.match(YEAR) ?? []).sort().pop() ?? '' };
  return latestFor.year;
}
/**
 * The years that date a statement: those in it, in the rest of its clause, and those before it in the sentence
 * ("In 2010 Tarnow was the largest …"). A year in a clause about something else ("…, which erupted in 1933")
 * dates that. An appositive describes its name as the text's present does ("Our plan for 2026 is Tarn–Oriel,
 * the busiest route"), so a year before it dates it only when that year is earlier than the text's latest.
 */
function statementYears(slice: string, from: number, to: number, latest: string, appositive: boolean): string {
  const rest = slice.slice(to);
  const cut = CLAUSE_END.exec(rest);
  const years = new Set(`${slice.slice(from, to)} ${cut ? rest.slice(0, cut.index) : rest}`.match(YEAR) ?? []);
  for (const y of slice.slice(0, from).match(YEAR) ?? []) if (!appositive || y < latest) years.add(y);
  return [...years].sort().join(',');
}

/** Scope words as a key: "the region" and "region" are one scope; the possessive form gives the same key. */
const scopeKey = (scope: string | undefined): string => (scope ? lower(scope).replace(/^(?:the|this) /, '') : '');

/** Rank statements in one sentence. `sentence` is the sentence's span; `text` the whole source. */
export function rankStatements(text: string, sentence: Span): RankStatement[] {
  const slice = text.slice(sentence.start, sentence.end);
  const maySuperlativeOrSeed = MAY_SUPERLATIVE_OR_SEED.test(slice);
  const hasSuperlative = maySuperlativeOrSeed && MAY_SUPERLATIVE.test(slice) && ANY_SUPERLATIVE.test(slice);
  const hasPlace = MAY_PLACE.test(slice) && ANY_PLACE.test(slice);
  const hasSeed = maySuperlativeOrSeed && slice.includes('seed');
  if (!hasSuperlative && !hasPlace && !hasSeed) return [];
  const years = [...new Set(slice.match(YEAR) ?? [])].sort().join(',');
  const latest = latestYear(text);
  const found: RankStatement[] = [];
  const add = (m: RegExpExecArray, name: string, head: string | undefined, past: boolean, ordinal: string | undefined, superlative: string, noun: string | undefined, scope: string | undefined, by: string | undefined, appositive = false): void => {
    if (NOT_A_NAME.has(name)) return;
    // "one of the largest", "among the biggest": a group, not a place in the ranking.
    if (/\b(?:one of|among)\s*$/i.test(slice.slice(Math.max(0, m.index - 12), m.index))) return;
    // "the largest of the season so far": a later one may yet pass it.
    if (NOT_YET_CLOSED.test(slice.slice(m.index + m[0].length))) return;
    // A superlative without its noun ranks what the name is ("the Ridgeway fire … the largest"); with neither,
    // "the largest in the region" may rank towns or lakes.
    const kind = noun ?? head;
    if (!kind) return;
    // The whole noun names the ranking: an "export partner" and an "import partner" are ranked apart.
    const what = kind.replace(/s$/, '');
    const start = sentence.start + m.index;
    const scopeWords = scopeKey(scope);
    const scale = scaleOf(superlative);
    found.push({
      span: { start, end: start + m[0].length, text: m[0] },
      entity: entityOf(name, head),
      rank: ordinal ? ORDINALS.get(lower(ordinal))! : 1,
      key: `${scale}|${what}|${scopeWords}|${by ?? ''}`,
      ranking: `${scale}|${what}|${by ?? ''}`,
      scope: scopeWords,
      // In a closed stretch of time the ranking is settled: "was the largest of the season" and "the season's
      // largest" speak of one ranking, whatever their tense.
      past: past && !CLOSED_SCOPE.test(scopeWords),
      years: statementYears(slice, m.index, m.index + m[0].length, latest, appositive),
    });
  };
  if (hasSuperlative) {
    const verbThe = VERB_THE_SUPER.test(slice);
    const commaThe = slice.includes(', the ');
    COPULA.lastIndex = 0;
    if (verbThe) for (let m = COPULA.exec(slice); m; m = COPULA.exec(slice)) {
      add(m, m[1]!, m[2], /^(?:was|remained|had become)$/.test(m[3]!), m[4], m[5]!, m[6]!, m[7], m[8]);
    }
    for (const re of [APPOSITIVE, APPOSITIVE_OWNER]) {
      if (re === APPOSITIVE ? !commaThe : !POSSESSIVE_SUPER.test(slice)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(slice); m; m = re.exec(slice)) {
        // A possessive scope ("the region's") and a trailing one ("in the region") name the same ranking.
        const scope = m[3] ?? m[7];
        if (m[3] && m[7]) continue;
        add(m, m[1]!, m[2], false, m[4], m[5]!, m[6]!, scope, m[8], true);
      }
    }
    PRONOUN.lastIndex = 0;
    if (verbThe) for (let m = PRONOUN.exec(slice); m; m = PRONOUN.exec(slice)) {
      const name = antecedent(text, sentence.start + m.index, m[4]!);
      if (name) add(m, name, undefined, /^(?:was|remained|had become)$/.test(m[1]!), m[2], m[3]!, m[4]!, m[5], m[6]);
    }
    MAKING.lastIndex = 0;
    if (MAKING_VERB.test(slice)) for (let m = MAKING.exec(slice); m; m = MAKING.exec(slice)) add(m, m[1]!, m[2], false, m[3], m[4]!, m[5]!, m[6], m[7]);
    FRONTED.lastIndex = 0;
    if (slice.includes('As the ')) for (let m = FRONTED.exec(slice); m; m = FRONTED.exec(slice)) {
      if (m[1] && m[5]) continue;
      add(m, m[7]!, m[8], false, m[2], m[3]!, m[4]!, m[1] ?? m[5], m[6]);
    }
    // The noun left out: only with a scope and a name that says what it is ("the Ridgeway fire").
    COPULA_BARE.lastIndex = 0;
    if (verbThe) for (let m = COPULA_BARE.exec(slice); m; m = COPULA_BARE.exec(slice)) {
      if (!m[6]) continue;
      add(m, m[1]!, m[2], /^(?:was|remained|had become)$/.test(m[3]!), m[4], m[5]!, undefined, m[6], m[7]);
    }
    APPOSITIVE_BARE.lastIndex = 0;
    if (commaThe) for (let m = APPOSITIVE_BARE.exec(slice); m; m = APPOSITIVE_BARE.exec(slice)) {
      if (!m[3] === !m[6]) continue;
      add(m, m[1]!, m[2], false, m[4], m[5]!, undefined, m[3] ?? m[6], m[7], true);
    }
  }
  if (hasPlace) found.push(...placeStatements(slice, sentence.start, years));
  if (hasSeed) found.push(...seedStatements(slice, sentence.start, latest));
  // One statement read by two patterns is one statement.
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)
    .filter((r) => {
      const k = `${r.span.start}|${r.key}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** How far back a pronoun's antecedent is looked for. */
const ANTECEDENT_REACH = 1500;
/**
 * The name "it" stands for in a ranking of `noun`s: the last name before `at` that ends in the noun's last word
 * ("the Ostra Bridge" for "suspension bridge"). A noun no name ends in ("economy") leaves "it" unresolved.
 */
function antecedent(text: string, at: number, noun: string): string | undefined {
  const head = noun.split(' ').pop()!;
  if (head.length < 3) return undefined;
  const re = new RegExp(`((?:\\p{Lu}[\\p{L}\\p{M}'’-]*\\s){1,3})${head[0]!.toUpperCase()}${head.slice(1)}(?![\\p{L}\\p{M}])`, 'gu');
  const before = text.slice(Math.max(0, at - ANTECEDENT_REACH), at);
  let last: string | undefined;
  for (let m = re.exec(before); m; m = re.exec(before)) last = `${m[1]!.trim().split(/\s+/).filter((w) => !NOT_A_NAME.has(w)).join(' ')} ${m[0].slice(m[1]!.length)}`.trim();
  return last && last.includes(' ') ? last : undefined;
}

// --- places in a table: "Tartu, ranked 14th", "in 13th place it was"

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
/** A place: "14th", "13th", "fourth". */
const PLACE = `(\\d{1,3}(?:st|nd|rd|th)|${ORDINAL_WORDS.join('|')})`;
/** What every place pattern needs, cheap to search for: a place word by an ordinal. */
const ANY_PLACE = new RegExp(`\\b(?:ranked|placed|rated|came|finished|place|runner-up|podium)\\b|\\d(?:st|nd|rd|th)-placed\\b`);
/**
 * Every superlative ends in "est" or is said with "most" ("least" holds "est"): searched for before ANY_SUPERLATIVE,
 * and with "seed" in one pattern first, which most sentences fail (one search is quicker than a string search each).
 */
const MAY_SUPERLATIVE = /est|most/;
const MAY_SUPERLATIVE_OR_SEED = /est|most|seed/;
/** ANY_PLACE's words without its word boundaries ("placed" holds "place"): a quicker search that most sentences fail. */
const MAY_PLACE = /ra(?:nked|ted)|place|came|finished|runner-up|podium/;
/**
 * A number ordinal said with a copula is a place ("Sydney was 25th"); a word ordinal may be an adverb
 * ("Lindau was first to respond"), so it needs "place" after it.
 */
const NUMBER_PLACE = '(\\d{1,3}(?:st|nd|rd|th))';
const REL = "(?:,? (?:which|who) |, | )";
/** "Tartu, ranked 14th", "Tartu is ranked 14th", "Lindau, which came third", "Hofen finished fourth". */
const PLACE_VERB = new RegExp(`${NAME}${REL}(?:(?:is|was|are|were) )?(?:now |currently )?(?:ranked|placed|rated|came|finished) (?:in )?(?:${PLACE}(?: place)?|No\\.? ?(\\d{1,3})\\b)`, 'gu');
/** "Tartu is in 13th place", "Sydney was 25th", "Tartu, in 13th place,". */
const PLACE_COPULA = new RegExp(`${NAME}${REL}(?:(?:is|was|are|were) (?:now |currently )?(?:(?:in )?${PLACE} place|${NUMBER_PLACE}(?=[,;.]| and\\b| in\\b| on\\b| overall\\b))|in ${PLACE} place)`, 'gu');
/**
 * Places said without an ordinal: "Lind, the runner-up," is second, and "Lind completed the podium" third. The
 * appositive takes its time from inside it ("last year's runner-up" never matches), so the sentence around it
 * may speak of any time.
 */
const RUNNER_UP = new RegExp(`${NAME}, the runner-up(?=[,;)]| (?:said|says|told|added)\\b)`, 'gu');
const PODIUM = new RegExp(`${NAME} (?:completed|rounded out|rounded off) the podium\\b`, 'gu');
/** "13th-placed Tartu". */
const PLACED = new RegExp(`\\b${NUMBER_PLACE}-placed ${NAME}`, 'gu');
/** "The University of Tartu noted that in 13th place it was now level with …": the pronoun is the name. */
const PLACE_REPORTED = new RegExp(`${NAME} (?:noted|said|says|notes|added|stressed|argued|claimed|confirmed|announced|insisted|explained|pointed out) that,? (?:in|at) ${PLACE} place,? (?:it|they|he|she)\\b`, 'gu');
/**
 * A sentence that moves a thing between places, names another time or an expectation, or a stage of an
 * event, may give a place that is not the table's present one ("moved up from 11th last year", "was third
 * after the first round", "for the fifth consecutive year"): no place of it is compared.
 */
const PLACE_TIME = /\b(?:from|up|down|rose|risen|rise|rises|rising|fell|fallen|fall|falls|falling|climbed|climbs|climbing|climb|slipped|slips|slid|dropped|drops|drop|moved|moves|jumped|jumps|improved|improves|overtook|overtaking|overtaken|last|previous|previously|prior|earlier|former|formerly|once|ago|then|until|next|following|subsequent|had|used|will|would|could|might|may|expected|expects|forecast|predicted|projected|aims?|targets?|hopes?|since|before|after|during|halfway|lap|laps|stage|stages|round|rounds|heat|heats|leg|race|races|game|games|match|matches|event|events|day|days|time|times|consecutive|straight|successive|row|running|week|weeks|weekly|month|months|preseason|sprint|final|finals|semi-final|semifinal|quarter-final|qualifying|practice|session|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december)\b/i;
/**
 * A table the sentence names anywhere ("In the QS table, Tartu is ranked 14th"): its capitalised or
 * dated words and its noun. Places are compared only under the same table, or where neither names one.
 */
const TABLE_NAMED = /((?:(?:\p{Lu}[\p{L}'’-]*|\d{4})\s+){0,4})(table|tables|rankings?|index|list|league|standings|chart|poll|survey|ratings|guide)\b|\b[Aa]ccording to (?:the )?((?:\p{Lu}[\p{L}'’-]*\s*){1,4})/gu;
/** "joint 29th", "tied for third", "29th equal": a shared place. */
const TIE_BEFORE = /\b(?:joint|tied|equal|shared|co)(?:[- ]for)?[- ]$/i;
const TIE_AFTER = /^(?:[- ]equal\b|=|,? (?:tied|jointly|level)\b)/i;
/** What follows a place to name its table: "in the world", "for teaching", "out of 20", "overall". */
const PLACE_TABLE = new RegExp(`^ (?:(?:in|on|at|among|for|by|of|out of|across|within) (?:the )?${'(?!(?:and|but|or|with|since|after|before|that|which|who|as|is|was|it|they|he|she)\\b)'}[\\p{L}\\d][\\p{L}\\d'’-]*(?: ${'(?!(?:and|but|or|with|since|after|before|that|which|who|as|is|was|it|they|he|she)\\b)'}[\\p{L}\\d][\\p{L}\\d'’-]*){0,3}|overall|worldwide|globally|nationally)`, 'u');

/** An opening prepositional phrase: "In the pursuit,", "At the 2024 Games,", "Among private schools,". */
const PLACE_OPENER = /^\s*(?:In|At|During|For|On|Over|Across|Among|Within|Of) ((?:the |this |its |their )?[^,;:]{1,50}),/u;
/** Where something was said, not where it ranked: "In a statement", "In an interview with …". */
const TOLD_IN = /^(?:an? |its |their |the )?(?:(?:separate|brief|short|written|joint|later|new|recent|follow-up|official)\s+)?(?:statement|interview|letter|post|speech|release|press release|email|e-mail|message|tweet|video|note|comment|remarks|address|briefing|blog post|reply|response)\b/i;
const placeValue = (p: string): number => (/^\d/.test(p) ? Number.parseInt(p, 10) : ORDINAL_WORDS.indexOf(lower(p)) + 1);

/** Places in a table the sentence gives named things (`slice` is the sentence, starting at `offset`). */
function placeStatements(slice: string, offset: number, years: string): RankStatement[] {
  const timed = PLACE_TIME.test(slice);
  if (timed && !slice.includes('runner-up')) return [];
  const named: string[] = [];
  TABLE_NAMED.lastIndex = 0;
  for (let t = TABLE_NAMED.exec(slice); t; t = TABLE_NAMED.exec(slice)) named.push(lower(t[0].replace(/^according to (?:the )?/i, '').trim().replace(/\s+/g, ' ')));
  // "In the pursuit, Lind finished fourth": an opening phrase sets the event or table the place is in, unless
  // it only says where the place was told ("In a statement, …").
  const opener = PLACE_OPENER.exec(slice);
  if (opener && !TOLD_IN.test(opener[1]!)) named.push(lower(opener[1]!));
  const inTable = named.sort().join(',');
  const found: RankStatement[] = [];
  const add = (m: RegExpExecArray, name: string, place: string, cut = 0): void => {
    if (NOT_A_NAME.has(name)) return;
    const at = m.index + m[0].lastIndexOf(place);
    if (TIE_BEFORE.test(slice.slice(Math.max(0, at - 12), at))) return;
    const after = slice.slice(m.index + m[0].length);
    if (TIE_AFTER.test(after)) return;
    // A place in a named table is compared only with a place in the same table, or neither names one. A time
    // after it ("finished fourth in 2:07:12") is how it got there, not a table.
    const table = /^ (?:in|at) \d{1,2}:\d/.test(after) ? '' : PLACE_TABLE.exec(after)?.[0].trim() ?? '';
    const start = offset + m.index;
    found.push({
      span: { start, end: start + m[0].length - cut, text: m[0].slice(0, m[0].length - cut) },
      entity: entityOf(name, undefined),
      rank: placeValue(place),
      key: `place|${lower(table).replace(/^(\S+) the /, '$1 ')}|${inTable}`,
      ranking: `place|${lower(table).replace(/^(\S+) the /, '$1 ')}|${inTable}`,
      scope: '',
      past: false,
      years,
      place: { sentence: offset },
    });
  };
  RUNNER_UP.lastIndex = 0;
  for (let m = RUNNER_UP.exec(slice); m; m = RUNNER_UP.exec(slice)) add(m, m[1]!, 'second');
  if (timed) return found;
  PODIUM.lastIndex = 0;
  for (let m = PODIUM.exec(slice); m; m = PODIUM.exec(slice)) add(m, m[1]!, 'third');
  for (const re of [PLACE_VERB, PLACE_COPULA, PLACE_REPORTED]) {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      const place = m.slice(2).find((g) => g !== undefined);
      if (place) add(m, m[1]!, place);
    }
  }
  PLACED.lastIndex = 0;
  for (let m = PLACED.exec(slice); m; m = PLACED.exec(slice)) {
    // The name ends the sentence: its full stop is not part of it.
    const name = m[2]!.replace(/\.+$/, '');
    add(m, name, m[1]!, m[2]!.length - name.length);
  }
  return found;
}

// --- seeds in a draw: "United, the top seed", "the second-seeded United"

/** A seed's number: "top", "second", "No. 2", "2nd". */
// Written out in both cases at its start, so that the name after it keeps its capital (a case-insensitive pattern
// would let \p{Lu} match any letter).
const SEED_PLACE = `(${['top', ...ORDINAL_WORDS].map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')}|\\d{1,2}(?:st|nd|rd|th)|No\\.? ?\\d{1,2}|[Nn]umber (?:one|two|three|four|five|\\d{1,2}))`;
/** "United, the top seed", "Lind, the No. 3 seed": the seed set off after the name. */
const SEED_APPOSITIVE = new RegExp(`${NAME}, the ${SEED_PLACE} seed(?![\\p{L}-])`, 'gu');
/** "the second-seeded United", "top-seeded Lind". */
const SEEDED = new RegExp(`(?<![\\p{L}\\d])${SEED_PLACE}[- ]seeded ${NAME}`, 'gu');
/**
 * What after a seed puts it in another draw or another time ("the top seed last year", "the second seed at the
 * Orsk Open in 2023"): a seed holds for one draw, and a text may speak of several.
 */
const SEED_ELSEWHERE = /^,?\s+(?:(?:at|in|for|of)\s+(?:the\s+)?(?:\p{Lu}|\d|(?:last|previous|next|this|that)\b|(?:men|women|boy|girl)['’]?s\b|(?:singles|doubles|junior|qualifying)\b)|(?:last|previous|next|a\s+year|two\s+years|then|once|ago|twice)\b)/u;
const seedValue = (p: string): number => {
  const l = lower(p);
  if (l === 'top') return 1;
  const n = /\d+/.exec(l);
  if (n) return Number.parseInt(n[0], 10);
  if (l.startsWith('number ')) return ['one', 'two', 'three', 'four', 'five'].indexOf(l.slice(7)) + 1;
  return ORDINAL_WORDS.indexOf(l) + 1;
};

/**
 * Seeds the sentence gives named players or teams. A seed is a place in one draw's table: one thing seeded twice
 * differently cannot be right, while two things may share a seed in two draws (a men's and a women's), so only
 * the first is compared (as a place is).
 */
function seedStatements(slice: string, offset: number, latest: string): RankStatement[] {
  const found: RankStatement[] = [];
  const add = (m: RegExpExecArray, name: string, place: string, cut = 0): void => {
    if (NOT_A_NAME.has(name)) return;
    const end = m.index + m[0].length - cut;
    if (SEED_ELSEWHERE.test(slice.slice(end))) return;
    // "last year's top-seeded Lind", "the former top seed": another time's draw.
    if (/\b(?:last|previous|next|former|then)\b[^,;]{0,12}$|['’]s\s+$/i.test(slice.slice(Math.max(0, m.index - 24), m.index))) return;
    const start = offset + m.index;
    found.push({
      span: { start, end: offset + end, text: m[0].slice(0, m[0].length - cut) },
      entity: entityOf(name, undefined),
      rank: seedValue(place),
      key: 'seed||',
      ranking: 'seed||',
      scope: '',
      past: false,
      years: statementYears(slice, m.index, end, latest, true),
      place: { sentence: offset },
    });
  };
  SEED_APPOSITIVE.lastIndex = 0;
  for (let m = SEED_APPOSITIVE.exec(slice); m; m = SEED_APPOSITIVE.exec(slice)) add(m, m[1]!, m[2]!);
  SEEDED.lastIndex = 0;
  for (let m = SEEDED.exec(slice); m; m = SEEDED.exec(slice)) {
    // The name may end the sentence: its full stop is not part of it.
    const name = m[2]!.replace(/\.+$/, '');
    add(m, name, m[1]!, m[2]!.length - name.length);
  }
  return found;
}

/** Short forms of one name: "the University of Tartu" is "Tartu" in a ranking of universities. */
const INSTITUTION_OF = /^(?:University|College|Institute|School|Academy|Polytechnic|Conservatory) of (?:the )?(.+)$/;
/** A word that says what kind of place a name is, and which the name is also used without: "Mount Orsk" is "Orsk". */
const PLACE_KIND_BEFORE = /^(?:Mount|Mt\.?|Lake|Cape|Port|Fort|Isle of) (?=\p{Lu})/u;
function sameEntity(a: string, b: string): boolean {
  if (a === b) return true;
  const short = (x: string): string => INSTITUTION_OF.exec(x)?.[1] ?? x.replace(PLACE_KIND_BEFORE, '');
  return short(a) === short(b);
}

/** Scope words that stand for a place the text names elsewhere: "the province", "the region". */
const GENERIC_SCOPES = new Set(['region', 'province', 'state', 'county', 'island', 'district', 'territory', 'prefecture', 'canton', 'department', 'governorate', 'oblast']);
/** A named scope that is itself a region: "Northern Ostia", "Southeast Asia", "Central Europe". */
const REGION_NAME = /^(?:north|south|east|west|central|northern|southern|eastern|western|north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|middle|sub-saharan|latin)\b/;
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Whether two scope keys name one place in `text`: equal ones do, and a generic word ("the province") names a
 * place the text calls by it ("Halmark province", "the province of Halmark"), and "the region" a region's name
 * ("Northern Ostia"). "The region" next to "Ostia" may be a part of Ostia, or Ostia a part of it: no match.
 */
export function sameScope(text: string, a: string, b: string): boolean {
  if (a === b) return true;
  const [generic, named] = GENERIC_SCOPES.has(a) ? [a, b] : [b, a];
  if (!GENERIC_SCOPES.has(generic) || !named || GENERIC_SCOPES.has(named)) return false;
  if (generic === 'region' && REGION_NAME.test(named)) return true;
  const n = escapeRe(named).replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\p{L}])${n}\\s+${generic}\\b|\\b${generic}\\s+of\\s+(?:the\\s+)?${n}(?![\\p{L}])`, 'iu').test(text);
}

/** Why two rank statements cannot both hold, or undefined when they can. */
export function ranksConflict(a: RankStatement, b: RankStatement, text?: string): 'two-ranks' | 'two-firsts' | undefined {
  if (a.ranking !== b.ranking || a.past !== b.past || a.years !== b.years) return undefined;
  // Two wordings of one scope are one ranking only for one thing given two ranks in it: two things both put
  // first in "the region" and in a named one may be firsts of two places.
  if (a.scope !== b.scope && !(text !== undefined && sameScope(text, a.scope, b.scope) && sameEntity(a.entity, b.entity))) return undefined;
  // Two places in one sentence are two tables ("14th overall and 3rd for teaching"); a shared place may be a tie.
  if (a.place || b.place) {
    return a.place && b.place && a.place.sentence !== b.place.sentence && sameEntity(a.entity, b.entity) && a.rank !== b.rank ? 'two-ranks' : undefined;
  }
  if (sameEntity(a.entity, b.entity)) return a.rank !== b.rank ? 'two-ranks' : undefined;
  return a.rank === 1 && b.rank === 1 && !a.past ? 'two-firsts' : undefined;
}
