/**
 * Check-worthy factual claims on exact spans.
 *
 * Every sentence of body prose gets one score: the sentence classifier's
 * log-odds (weighted and centred, see MODEL_CENTRE) plus article-level evidence that
 * the classifier cannot see from a debate-trained vocabulary: does the
 * sentence pin something down (a figure, a date, a named party, an event
 * verb), or is it opinion, a question, a hedge, a prescription, or a
 * generic statement with nothing to verify. Working in log-odds keeps each
 * signal's weight readable in the reasons and lets strong negatives (a
 * question, "I think") overrule any amount of vocabulary.
 */
import type { Root } from 'mdast';
import type { Transformer } from 'unified';
import { CHECKWORTHY_THRESHOLD, type LazyCheckWorthiness, modelToken, type ModelToken, scoreCheckWorthinessModelTokens, tokenize } from './checkworthiness.js';
import { contextOf, spanMentions, type SourceContext } from './context.js';
import { shortHash } from './hash.js';
import { isCommonCapitalised, isNumberWord, isOrdinaryOpener, NUMBER_WORDS } from './mentions.js';
import { trimSpan } from './paragraphs.js';
import type { Caption, Claim, ClaimType, DateMention, Entity, EntityKind, Paragraph, Quantity, Sentence, Span } from './types.js';

/**
 * Final scores at or above this are claims. The score is the logistic of
 * (weighted classifier log-odds about its centre + evidence log-odds), so
 * 0.5 is where the evidence for and against a claim balances: the natural
 * decision point of a sum of log-odds, not a number tuned on two articles.
 */
export const CLAIM_THRESHOLD = 0.5;

/** A body-only fragment shorter than this (in words) is too little to check. */
const MIN_WORDS = 4;
/** How much of the sentence classifier's opinion to keep: it was trained on debates, not news copy. */
const MODEL_WEIGHT = 0.6;
/**
 * Where the classifier's vote changes sign. Its own threshold is tuned for F1
 * on debate transcripts, whose sentences are mostly chatter; news prose sits
 * much higher on its scale (nine in ten sentences of the bundled articles
 * clear that threshold), so there it would vote "claim" for almost anything.
 * Even odds, or the threshold if that is stricter, keeps its vote informative.
 */
const MODEL_CENTRE = Math.max(0.5, CHECKWORTHY_THRESHOLD);
const AFFIX = 32;

interface Signal {
  weight: number;
  reason: string;
}

const fmt = (x: number): string => (x >= 0 ? `+${x.toFixed(2)}` : `−${Math.abs(x).toFixed(2)}`);
const logit = (p: number): number => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const words = (s: string): number => tokensOf(s).words;

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

// Cue vocabularies: general English function words and stance markers, never topical vocabulary.
const OPINION_VERBS = set('think believe feel hope guess suppose wish want doubt suspect argue expect fear worry love hate like prefer agree disagree urge recommend must should need');
const OPINION_ADVERBS = set("do don't strongly really personally firmly still also would can't cannot");
const OPINION_STATES = set('convinced sure certain afraid glad proud worried confident');
const VIEW_NOUNS = set('view opinion mind judgment judgement eyes');
const ARTICLE_NOUNS = set('report article piece essay column post analysis paper story');
const META_VERBS = set('look examine explore discuss consider argue show');
const ARTICLE_VERBS = set('will examines explores argues looks discusses shows');
const SECOND_PERSON = set('you your yours yourself yourselves');
const INTERPRETIVE_VERBS = set('indicates suggests shows means illustrates demonstrates reflects signals signifies underscores highlights');
const INTERPRETIVE_OPENERS = set('ultimately indeed clearly obviously essentially evidently');
const IN_OPENERS = set('essence reality short sum');
const BENEFIT_NOUNS = set('benefits advantages strengths reasons keys lessons');
const SIGN_NOUNS = set('indicator sign testament example symbol reminder');
const CONDITIONALS = set('if unless');
const HEDGES = set('may might could perhaps possibly probably likely unlikely seem seems seemed appear appears appeared arguably presumably supposedly potentially');
const NECESSITY = set('essential imperative vital necessary time');
const GENERIC_DETERMINERS = set('a an any every each most many some such');
const GENERIC_PLURALS = set('governments countries nations states people experts analysts observers critics leaders companies businesses investors citizens');
/** Evaluative words: a sentence built on them is judgement, unless a figure or date pins it down. */
const EVALUATIVES = set(`essential crucial vital critical significant significantly successful successfully success excellent
  prosperous remarkable remarkably impressive important ambitious promising effective effectively strong strongly robust
  valuable key pivotal great greatly major leading dynamic reliable dependable stable unsurprising surprising surprisingly
  notable notably tremendous enormous enormously inextricably undue constructive positive negative challenging difficult
  promote promotes fostering foster fosters advance advancing aggressively actively widely deeply truly clearly evident
  evidently marginal somewhat essentially frequently often traditionally mere merely trendy budding vibrant bold visionary
  pragmatic balanced unique distinct proactive legacy opportunity opportunities benefit benefits advantage advantages
  flexibility real giant giants dedication`);
const IRREGULAR_PAST = set(`held won lost began begun met took built led became rose fell grew grown made gave given set hit
  left sent struck brought came went ran sold bought paid spent kept beat broke chose drew fought flew got knew saw sought
  shot spoke stood taught thought threw wrote written`);
const PRESENT_EVENTS = set('host hosts hold holds join joins sign signs visit visits export exports import imports elect elects vote votes launch launches open opens');
const WILL_EVENTS = set('host hold be take visit sign open launch meet become');
/** "-ed" words that are not past tenses. */
const NOT_PAST = set('need indeed hundred feed speed seed breed proceed exceed succeed bed red shed embed');
const COMPARATIVES = set('more less fewer greater higher lower larger smaller bigger faster slower better worse richer poorer older newer cheaper stronger weaker');
const RANKINGS = set(`largest biggest highest lowest greatest smallest fastest slowest richest poorest strongest weakest oldest
  newest longest shortest most least best worst record top ranked rank ranks ranking surpass surpassed surpasses overtook
  overtaken overtakes outpaced outpaces exceed exceeded exceeds behind`);
const MEMBERSHIP_WORDS = set('join joined joins joining include includes included comprise comprises comprised');
const MEMBERSHIP_PAIRS = new Map<string, ReadonlySet<string>>([
  ['member', set('of')], ['members', set('of')], ['part', set('of')], ['belong', set('to')], ['belongs', set('to')],
  ['belonged', set('to')], ['accession', set('to')], ['consist', set('of')], ['consists', set('of')],
  ['affiliated', set('with')], ['allied', set('with')], ['withdrew', set('from')], ['withdrawn', set('from')],
  ['signatory', set('of to')], ['signatories', set('of to')],
]);
const ATTRIBUTIONS = set('said says say told reported reportedly reports announced stated claimed claims argued argues noted wrote estimated estimates cited quoted confirmed denied alleged insisted warned');
const QUOTE_OPENERS = '"“‘«';
const CLOSERS = `"'”’)]»`;

/** One sentence, tokenised once: every cue is then a look at a token's facts or at a neighbour. */
interface Tokens {
  /** As written: words, numbers and the symbols $ € £ % ?. */
  raw: string[];
  /** Lowercased, curly apostrophe folded. */
  low: string[];
  facts: TokenFacts[];
  /** What the sentence classifier makes of each token. */
  model: ModelToken[];
  words: number;
}

/** What the cues ask of one token: a pure function of it, worked out once per distinct token. */
interface TokenFacts {
  /** Lowercased, curly apostrophe folded. */
  low: string;
  /** The token's Cue flags (CUE_FLAGS of `low`) and Shape flags. */
  is: number;
  /** For a capitalised token, the name it gives (possessive dropped); undefined for a common capitalised word. */
  name: string | undefined;
  model: ModelToken;
}

/** Bound on remembered tokens; clearing cannot change a result. */
const TOKEN_FACTS_LIMIT = 50_000;
const tokenFacts = new Map<string, TokenFacts>();

/**
 * Remembered: the vocabulary is Zipfian, so a sentence's tokens are mostly
 * found here, and the lowercase strings they share have their hashes ready
 * for the classifier's look-ups.
 */
function factsOfToken(t: string): TokenFacts {
  let f = tokenFacts.get(t);
  if (f !== undefined) return f;
  const lower = t.toLowerCase();
  const low = lower.includes('’') ? lower.replaceAll('’', "'") : lower;
  let is = CUE_FLAGS.get(low) ?? 0;
  const d = low.charCodeAt(0);
  // isNumberWord: the word itself is flagged; a hyphenated one ("twenty-five") is decided by its head.
  if ((d >= 48 && d <= 57) || is & Cue.Number || (low.includes('-') && isNumberWord(low))) is |= Shape.Numeric;
  if (low.length >= 4 && low.endsWith('ed') && !NOT_PAST.has(low)) is |= Shape.Past;
  if (low.length >= 5 && low.endsWith('er')) is |= Shape.Er;
  if (low.startsWith('second-') || low.startsWith('third-')) is |= Shape.SecondThird;
  let name: string | undefined;
  if (t.charCodeAt(0) !== low.charCodeAt(0)) {
    is |= Shape.Capitalised;
    const n = low.endsWith("'s") ? t.slice(0, -2) : t;
    if (!isCommonCapitalised(n)) name = n;
  }
  f = { low, is, name, model: modelToken(t, low) };
  if (tokenFacts.size >= TOKEN_FACTS_LIMIT) tokenFacts.clear();
  tokenFacts.set(t, f);
  return f;
}

/** The tokens of text.slice(from, to). */
function tokensOf(text: string, from = 0, to = text.length): Tokens {
  const raw = tokenize(text, from, to);
  const low = new Array<string>(raw.length);
  const facts = new Array<TokenFacts>(raw.length);
  const model = new Array<ModelToken>(raw.length);
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    const f = factsOfToken(t);
    facts[i] = f;
    low[i] = f.low;
    model[i] = f.model;
    const c = t.charCodeAt(0);
    if (c !== 36 && c !== 37 && c !== 63 && c !== 0x20ac && c !== 0xa3) count++;
  }
  return { raw, low, facts, model, words: count };
}

/** What a sentence does, read off its tokens in one pass. */
interface Cues {
  question: boolean;
  opinion: boolean;
  meta: boolean;
  secondPerson: boolean;
  interpretive: boolean;
  hedge: boolean;
  normative: boolean;
  generic: boolean;
  definition: boolean;
  quoted: boolean;
  evaluative: number;
  event: boolean;
  comparison: boolean;
  membership: boolean;
  attribution: boolean;
  /** A digit or a number word: without one there is no quantity to extract. */
  numeric: boolean;
  /** Capitalised words that are not ordinary words, possessive stripped. */
  names: string[];
}

/** What DEFINITION needs around its verb; ſ is the one letter outside ASCII that /iu reads as one of its letters (s). */
const MAY_DEFINE = /\s(?:is|are|refers|means|describes)\s|\u017f/i;
const DEFINITION = /^(?:an?\s+)?[\p{L}\s-]{3,60}?\s+(?:is|are|refers\s+to|means|describes)\s+(?:a|an|the)\s+(?:\p{Ll}[\p{L}-]*\s+){0,3}(?:approach|way|method|concept|term|strategy|policy|practice|process|form|type|kind)\b/iu;

function endsWithQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.includes(text[i]!)) i--;
  return text[i] === '?';
}

const Cue = {
  Second: 1,
  Evaluative: 2,
  Attribution: 4,
  Hedge: 8,
  Normative: 16,
  Event: 32,
  Ranking: 64,
  Membership: 128,
  Opinion: 256,
  /** Decided together with the next words ("according to", "I think", "member of"). */
  Pair: 512,
  /** A spelled-out number word (see isNumberWord). */
  Number: 1024,
} as const;
/** The flags above that signal something by themselves or with their neighbours. */
const WORD_CUES = Cue.Number - 1;

/** What a token's spelling says, for the cues that are not vocabularies. */
const Shape = {
  /** A digit, or a spelled-out number including hyphenated ones: without one there is no quantity to extract. */
  Numeric: 2048,
  /** Ends in "-ed" and is not one of NOT_PAST: a past tense. */
  Past: 4096,
  /** Ends in "-er", for "bigger than". */
  Er: 8192,
  /** "second-largest", "third-biggest". */
  SecondThird: 16384,
  /** Written with a capital. */
  Capitalised: 32768,
} as const;

/** Every cue word with what it signals: one Map lookup per token instead of one per vocabulary. */
const CUE_FLAGS = new Map<string, number>();
function flag(words: Iterable<string>, bit: number): void {
  for (const w of words) CUE_FLAGS.set(w, (CUE_FLAGS.get(w) ?? 0) | bit);
}
flag(SECOND_PERSON, Cue.Second);
flag(EVALUATIVES, Cue.Evaluative);
flag(ATTRIBUTIONS, Cue.Attribution);
flag(HEDGES, Cue.Hedge);
flag(['should', 'must'], Cue.Normative);
flag(IRREGULAR_PAST, Cue.Event);
flag(PRESENT_EVENTS, Cue.Event);
flag(RANKINGS, Cue.Ranking);
flag(MEMBERSHIP_WORDS, Cue.Membership);
flag(['personally'], Cue.Opinion);
flag(COMPARATIVES, Cue.Pair);
flag(MEMBERSHIP_PAIRS.keys(), Cue.Pair);
flag(NUMBER_WORDS, Cue.Number);
flag(set("according tempting would it ought need needs has have i we i'm in to this let's let one is will followed compared ahead"), Cue.Pair);

/** The i-th lowercased token, or "" past either end. */
function at(low: readonly string[], i: number): string {
  return low[i] ?? '';
}

/** Cues that depend on the words after a trigger word. */
function pairCues(c: Cues, w: string, i: number, low: readonly string[]): void {
  const next = at(low, i + 1);
  const third = at(low, i + 2);
  if (w === 'according' && next === 'to') c.attribution = true;
  else if ((w === 'tempting' && next === 'to') || (w === 'would' && (next === 'be' || next === 'likely' || next === 'probably'))) c.hedge = true;
  else if (w === 'it' && next === 'is') {
    if (third === 'possible' || third === 'conceivable') c.hedge = true;
    else if (NECESSITY.has(third) && (at(low, i + 3) === 'to' || at(low, i + 3) === 'that' || at(low, i + 3) === 'for')) c.normative = true;
  } else if ((w === 'ought' || w === 'need' || w === 'needs' || w === 'has' || w === 'have') && next === 'to') c.normative = true;
  else if (w === 'i' || w === 'we') {
    if (OPINION_VERBS.has(next) || (OPINION_ADVERBS.has(next) && OPINION_VERBS.has(third))) c.opinion = true;
    if (next === 'will' && META_VERBS.has(third)) c.meta = true;
    if (w === 'i' && next === 'am' && OPINION_STATES.has(third)) c.opinion = true;
  } else if (w === "i'm" && OPINION_STATES.has(next)) c.opinion = true;
  else if ((w === 'in' || w === 'to') && (next === 'my' || next === 'our') && VIEW_NOUNS.has(third)) c.opinion = true;
  else if (w === 'in' && next === 'this' && ARTICLE_NOUNS.has(third) && (at(low, i + 3) === 'we' || at(low, i + 3) === 'i')) c.meta = true;
  else if (w === 'this' && ARTICLE_NOUNS.has(next) && ARTICLE_VERBS.has(third)) c.meta = true;
  else if ((w === "let's" && META_VERBS.has(next)) || (w === 'let' && next === 'us' && META_VERBS.has(third))) c.meta = true;
  else if (w === 'one' && next === 'of' && third === 'the' && (BENEFIT_NOUNS.has(at(low, i + 3)) || BENEFIT_NOUNS.has(at(low, i + 4)))) c.interpretive = true;
  else if (w === 'is' && (next === 'a' || next === 'an') && SIGN_NOUNS.has(third) && (at(low, i + 3) === 'of' || at(low, i + 3) === 'for' || at(low, i + 3) === 'that')) c.interpretive = true;
  else if (w === 'will' && WILL_EVENTS.has(next)) c.event = true;
  else if ((w === 'followed' && next === 'by') || (w === 'compared' && (next === 'with' || next === 'to')) || (w === 'ahead' && next === 'of')) c.comparison = true;
  // "more than", and "more cargo than": the comparison may span a short noun phrase.
  else if (COMPARATIVES.has(w) && (next === 'than' || third === 'than' || at(low, i + 3) === 'than')) c.comparison = true;
  else if (MEMBERSHIP_PAIRS.get(w)?.has(next)) c.membership = true;
}

const isCapitalised = (w: string | undefined): boolean => w !== undefined && w.charCodeAt(0) !== w.toLowerCase().charCodeAt(0);

/** `source` is the whole article: its lowercase vocabulary tells ordinary words from names. */
function cuesOf(text: string, tokens: Tokens = tokensOf(text), source = text): Cues {
  const { raw, low } = tokens;
  const n = low.length;
  const c: Cues = {
    question: endsWithQuestion(text),
    opinion: false,
    meta: false,
    secondPerson: false,
    interpretive: false,
    hedge: CONDITIONALS.has(at(low, 0)),
    normative: false,
    generic: (GENERIC_DETERMINERS.has(at(low, 0)) && raw[1] !== undefined && raw[1] === low[1]) || GENERIC_PLURALS.has(at(low, 0)),
    definition: false,
    quoted: QUOTE_OPENERS.includes(text[0] ?? ''),
    evaluative: 0,
    event: false,
    comparison: false,
    membership: false,
    attribution: false,
    numeric: false,
    names: [],
  };
  const a0 = at(low, 0);
  const a1 = at(low, 1);
  if (
    (a0 === 'this' || a0 === 'that' || a0 === 'it' || a0 === 'which') && INTERPRETIVE_VERBS.has(a1) ||
    INTERPRETIVE_OPENERS.has(a0) ||
    (a0 === 'in' && (IN_OPENERS.has(a1) || (a1 === 'other' && at(low, 2) === 'words') || (a1 === 'this' && at(low, 2) === 'light') || (a1 === 'light' && at(low, 2) === 'of'))) ||
    (a0 === 'of' && a1 === 'course') || (a0 === 'after' && a1 === 'all') || (a0 === 'to' && a1 === 'be' && at(low, 2) === 'sure')
  ) c.interpretive = true;

  for (let i = 0; i < n; i++) {
    const w = low[i]!;
    const r = raw[i]!;
    const { is: f, name } = tokens.facts[i]!;
    if (f & Shape.Capitalised) {
      // An opener like "Linguistically," or "Observers" is not a name unless a capital follows ("Police Scotland").
      if (name !== undefined && !(i === 0 && !isCapitalised(raw[1]) && isOrdinaryOpener(name, source))) c.names.push(name);
    } else if (f & Shape.Past) {
      c.event = true;
    }
    if (f & Shape.Numeric) c.numeric = true;
    if ((f & WORD_CUES) === 0) {
      if (f & Shape.Er && at(low, i + 1) === 'than') c.comparison = true;
      if (f & Shape.SecondThird) c.comparison = true;
      continue;
    }
    if (f & Cue.Second) c.secondPerson = true;
    if (f & Cue.Evaluative) c.evaluative++;
    if (f & Cue.Attribution) c.attribution = true;
    if (f & Cue.Hedge) c.hedge = true;
    if (f & Cue.Normative) c.normative = true;
    if (f & Cue.Event && r === w) c.event = true;
    if (f & Cue.Ranking) c.comparison = true;
    if (f & Cue.Membership) c.membership = true;
    if (f & Cue.Opinion) c.opinion = true;
    if (f & Cue.Pair) pairCues(c, w, i, low);
  }
  if (!c.definition && n <= 60 && MAY_DEFINE.test(text)) c.definition = DEFINITION.test(text);
  return c;
}

/** Why this sentence is or is not a claim: signals in log-odds, before sorting. */
function evidence(c: Cues, quantities: Quantity[], dates: DateMention[], names: Names): Signal[] {
  const s: Signal[] = [];
  const money = quantities.some((q) => q.kind === 'money');
  const percent = quantities.some((q) => q.kind === 'percent');
  // "one side", "the two countries": small spelled-out numbers are ordinary words, not figures.
  const figure = quantities.some((q) => (q.kind === 'number' || q.kind === 'count') && (/\d/.test(q.text) || q.value >= 3));
  const entityCount = names.other;
  const explicitDate = dates.some((d) => !d.relative) || quantities.some((q) => q.kind === 'year');
  const anyDate = explicitDate || dates.length > 0;
  const specific = money || percent || figure || anyDate;

  if (money) s.push({ weight: 1.6, reason: 'states an amount of money' });
  if (percent) s.push({ weight: 1.4, reason: 'states a percentage' });
  if (figure && !money && !percent) s.push({ weight: 1.0, reason: 'states a number' });
  if (anyDate) s.push({ weight: explicitDate ? 0.9 : 0.6, reason: explicitDate ? 'gives a date or year' : 'gives a relative date' });
  if (entityCount > 0) s.push({ weight: entityCount >= 2 ? 0.7 : 0.4, reason: entityCount >= 2 ? 'names several people, places or organisations' : 'names a person, place or organisation' });
  if (c.event) s.push({ weight: 0.4, reason: 'reports an action or event' });
  if (c.membership && entityCount > 0) s.push({ weight: 0.5, reason: 'states a membership or relation' });
  if (c.comparison && (specific || entityCount > 0)) s.push({ weight: 0.4, reason: 'makes a comparison or ranking' });
  if (c.attribution) s.push({ weight: 0.3, reason: 'attributes a statement to a source' });

  if (c.question) s.push({ weight: -4, reason: 'is a question' });
  if (c.opinion) s.push({ weight: -4, reason: 'is first-person opinion' });
  if (c.meta) s.push({ weight: -3, reason: 'describes the article itself' });
  if (c.secondPerson && !c.quoted) s.push({ weight: -1.5, reason: 'addresses the reader' });
  if (c.normative) s.push({ weight: specific ? -0.8 : -1.8, reason: 'prescribes rather than reports' });
  if (c.hedge) s.push({ weight: specific ? -0.6 : -1.5, reason: 'is hedged, conditional or speculative' });
  if (c.interpretive) s.push({ weight: specific ? -0.5 : -1.2, reason: 'interprets rather than reports' });
  if (c.evaluative > 0) {
    const w = -Math.min(1.6, 0.55 * c.evaluative) * (specific ? 0.4 : 1);
    s.push({ weight: w, reason: c.evaluative > 1 ? 'relies on evaluative wording' : 'uses evaluative wording' });
  }
  if (!specific && entityCount === 0) {
    s.push(
      names.topic > 0
        ? { weight: -1.1, reason: 'names only the article’s main subject, with no figure or date' }
        : { weight: -2, reason: 'has nothing specific to check (no figure, date or name)' },
    );
  } else if (!specific && c.generic) s.push({ weight: -1, reason: 'is a generic statement' });
  if (c.definition && !specific) s.push({ weight: -1.5, reason: 'defines a term' });
  if (c.quoted && !specific) s.push({ weight: -0.3, reason: 'is a quotation' });
  return s;
}

/** Type of a claim, in priority order: a figure makes it a statistic whatever else it does. */
export function claimType(text: string, quantities: readonly Quantity[], dates: readonly DateMention[], cues: Cues = cuesOf(text)): ClaimType {
  // A count written in digits ("1,250 containers") is a statistic; a spelled-out one ("nine elections") rarely is.
  if (quantities.some((q) => q.kind === 'money' || q.kind === 'percent' || q.kind === 'number' || (q.kind === 'count' && /\d/.test(q.text)))) return 'statistic';
  const hasDate = dates.length > 0 || quantities.some((q) => q.kind === 'year');
  if (hasDate && cues.event) return 'date-event';
  if (cues.comparison) return 'comparison';
  if (cues.membership) return 'membership';
  if (cues.attribution) return 'attribution';
  return 'other';
}

/**
 * Text fused to a caption with nothing between them ("…, 2019The country is"):
 * the body starts at the capitalised sentence opener glued to the previous word.
 * ASCII-only on purpose: a non-unicode regex is several times faster, and
 * it runs on every sentence.
 */
const FUSED = /[a-z0-9)](?:The|This|These|Those|It|Its|In|On|At|As|For|But|He|She|They|We|A|An)\s/;

/**
 * The word carrying the glue starts in lowercase or is a number ("2019The",
 * "summitThe"); a capitalised one is a camel-case name ("LinkedIn is").
 */
function gluedToLowerOrDigit(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && /[A-Za-z0-9]/.test(text[i - 1]!)) i--;
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/** Subtract spans from [start, end) and return the longest remaining piece, trimmed. */
function bodyPart(text: string, start: number, end: number, cut: readonly Span[]): [number, number] {
  let pieces: [number, number][] = [[start, end]];
  for (const c of cut) {
    const next: [number, number][] = [];
    for (const [a, b] of pieces) {
      if (c.end <= a || c.start >= b) { next.push([a, b]); continue; }
      if (c.start > a) next.push([a, c.start]);
      if (c.end < b) next.push([c.end, b]);
    }
    pieces = next;
  }
  let best: [number, number] = [start, start];
  for (const [a, b] of pieces) {
    const [s, e] = trimSpan(text, a, b);
    if (e - s > best[1] - best[0]) best = [s, e];
  }
  // Trailing separator left behind by a cut ("…Uzbekistan. |caption").
  return best;
}

/** Prefix/suffix for a TextQuoteSelector, never splitting a surrogate pair. */
function affixes(text: string, start: number, end: number): { prefix: string; suffix: string } {
  let a = Math.max(0, start - AFFIX);
  if (a > 0 && /[\uDC00-\uDFFF]/.test(text[a] ?? '')) a++;
  let b = Math.min(text.length, end + AFFIX);
  if (b < text.length && /[\uD800-\uDBFF]/.test(text[b - 1] ?? '')) b--;
  return { prefix: text.slice(a, start), suffix: text.slice(end, b) };
}

/** Anything the whitespace folding would change: a space other than ' ', two together, or one at either end. */
const UNNORMAL_SPACE = /[^\S ]| {2}|^ | $/;
const normalizeClaimText = (s: string): string => {
  const lower = s.toLowerCase();
  return UNNORMAL_SPACE.test(lower) ? lower.replace(/\s+/g, ' ').trim() : lower;
};

interface Names {
  /** Distinct capitalised names other than the article's main subject. */
  other: number;
  /** Mentions of the article's main subject. */
  topic: number;
}

/**
 * The article's main subjects: names in at least a fifth of its body
 * sentences. A sentence that names only them ("X has been prosperous…") is
 * no more specific than one that names nothing, which is what separates
 * an article's reportage about its subject from commentary on it.
 */
export function topicNames(sentences: readonly (readonly string[])[]): Set<string> {
  const counts = new Map<string, number>();
  for (const names of sentences) for (const w of new Set(names)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const min = Math.max(3, Math.ceil(sentences.length / 5));
  const topics = new Set<string>();
  for (const [w, n] of counts) if (n >= min) topics.add(w);
  return topics;
}

/** A cheap stand-in for entities when scoring every sentence: capitalised words, topic names apart. */
function namesIn(names: readonly string[], topics: ReadonlySet<string>): Names {
  const distinct = new Set(names);
  let topic = 0;
  let other = 0;
  for (const w of distinct) {
    if (topics.has(w)) topic++;
    else other++;
  }
  return { other, topic };
}

/**
 * Paragraphs and lines that hold a caption *and* body text (a caption fused
 * onto a sentence). Whatever marked them non-prose, only the caption is cut
 * from them, so the body sentence still yields its claim.
 */
function mixedCaptionHosts(ctx: SourceContext, byId: ReadonlyMap<string, Paragraph>): Set<string> {
  const mixed = new Set<string>();
  for (const c of ctx.captions) {
    const p = byId.get(c.paragraphId);
    if (!p) continue;
    const line = c.lineId ? p.lines.find((l) => l.id === c.lineId) : p.lines.find((l) => c.start >= l.start && c.start < l.end);
    const host: Span = line ?? p;
    const rest = `${ctx.text.slice(host.start, Math.max(host.start, c.start))} ${ctx.text.slice(Math.min(host.end, c.end), host.end)}`;
    if (words(rest) < MIN_WORDS) continue;
    if (line) mixed.add(line.id);
    if (!line || p.lines.length === 1) mixed.add(p.id);
  }
  return mixed;
}

interface Candidate {
  sentence: Sentence;
  paragraph: Paragraph;
  start: number;
  end: number;
  reasons: string[];
  cues: Cues;
  tokens: Tokens;
  /** The sentence classifier's vote, taken while the tokens are at hand. */
  model: LazyCheckWorthiness;
}

/**
 * The article's claims, in text order. Pure: reads the context, returns data.
 * A lower `threshold` (e.g. 0) returns every scored sentence, for evaluation.
 */
export function findClaims(ctx: SourceContext, options: { threshold?: number } = {}): Claim[] {
  const threshold = options.threshold ?? CLAIM_THRESHOLD;
  const { text, source } = ctx;
  const byId = new Map(ctx.paragraphs.map((p) => [p.id, p]));
  const capsByParagraph = new Map<string, Caption[]>();
  for (const c of ctx.captions) {
    const list = capsByParagraph.get(c.paragraphId) ?? [];
    list.push(c);
    capsByParagraph.set(c.paragraphId, list);
  }
  const claims: Claim[] = [];
  const seen = new Map<string, number>();
  const candidates: Candidate[] = [];

  const mixed = mixedCaptionHosts(ctx, byId);
  const skip = (id: string): boolean => ctx.nonProse.has(id) && !mixed.has(id);

  for (const sentence of ctx.sentences) {
    const paragraph = byId.get(sentence.paragraphId);
    if (!paragraph || skip(paragraph.id)) continue;
    // Lines marked as non-prose, and captions, are cut out of the sentence.
    const cut: Span[] = [];
    for (const line of paragraph.lines) {
      if (line.end <= sentence.start || line.start >= sentence.end) continue;
      if (skip(line.id)) cut.push(line);
    }
    for (const c of capsByParagraph.get(paragraph.id) ?? []) cut.push(c);
    const reasons: string[] = [];
    if (cut.length === 0) {
      const fused = FUSED.exec(sentence.text);
      const at = fused ? fused.index + 1 : 0;
      if (fused && gluedToLowerOrDigit(sentence.text, at) && words(sentence.text.slice(0, at)) <= 20) {
        cut.push({ start: sentence.start, end: sentence.start + at });
      }
    }
    let [start, end] = cut.length > 0 ? bodyPart(text, sentence.start, sentence.end, cut) : [sentence.start, sentence.end];
    if (cut.length > 0 && (start !== sentence.start || end !== sentence.end)) reasons.push('caption text left out of the span');
    if (end <= start) continue;
    const body = text.slice(start, end);
    const tokens = tokensOf(text, start, end);
    if (tokens.words < MIN_WORDS) continue;
    const model = scoreCheckWorthinessModelTokens(tokens.raw, tokens.model);
    candidates.push({ sentence, paragraph, start, end, reasons, cues: cuesOf(body, tokens, text), tokens, model });
  }
  const topics = topicNames(candidates.map((c) => c.cues.names));
  for (const candidate of candidates) {
    const { paragraph } = candidate;
    const claim = scoreCandidate(ctx, candidate, threshold, topics);
    if (!claim) continue;
    // Same text in the same paragraph: the occurrence index keeps ids distinct and stable.
    const normalized = normalizeClaimText(claim.text);
    const key = `${paragraph.id}|${normalized}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    claim.id = `c_${shortHash(`${source.id}|${paragraph.fingerprint}|${normalized}|${occurrence}`)}`;
    claims.push(claim);
  }
  harmoniseEntityKinds(claims);
  return claims;
}

function scoreCandidate(ctx: SourceContext, c: Candidate, threshold: number, topics: ReadonlySet<string>): Claim | undefined {
  const { text } = ctx;
  const { start, end, paragraph, sentence } = c;
  const body = text.slice(start, end);
  const mentions = spanMentions(ctx);
  // The extracted mentions are shared with the consistency checks: a claim gets its own arrays.
  const quantities = c.cues.numeric ? [...mentions.quantities(start, end)] : [];
  // Dates over the whole paragraph, so "the following year" resolves against a year named earlier in it.
  const dates = mentions.dates(paragraph.start, paragraph.end).filter((d) => d.start >= start && d.end <= end);
  const signals = evidence(c.cues, quantities, dates, namesIn(c.cues.names, topics));
  const { model } = c;
  const modelZ = MODEL_WEIGHT * (logit(model.score) - logit(MODEL_CENTRE));
  let z = modelZ;
  for (const s of signals) z += s.weight;
  const score = sigmoid(z);
  if (score < threshold) return undefined;

  const ranked: Signal[] = [
    ...signals,
    { weight: modelZ, reason: `sentence classifier ${model.score.toFixed(2)} (${model.reasons(2).join('; ')})` },
  ].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const reasons = [...ranked.map((s) => `${s.reason} (${fmt(s.weight)})`), ...c.reasons];
  // Copies: harmoniseEntityKinds changes their kinds.
  const entities = mentions.entities(start, end).map((e) => ({ ...e }));
  const { prefix, suffix } = affixes(text, start, end);
  const claim: Claim = {
    id: '',
    sourceId: ctx.source.id,
    paragraphId: paragraph.id,
    sentenceId: sentence.id,
    start,
    end,
    text: body,
    type: claimType(body, quantities, dates, c.cues),
    score: Math.round(score * 1000) / 1000,
    reasons,
    quote: { type: 'TextQuoteSelector', exact: body, prefix, suffix },
    position: { type: 'TextPositionSelector', start, end },
    quantities,
    dates,
    entities,
  };
  if (paragraph.lines.length > 1) {
    const line = paragraph.lines.find((l) => start >= l.start && start < l.end);
    if (line) claim.lineId = line.id;
  }
  return claim;
}

/** A name whose kind one claim's context revealed ("in X" → place) has that kind in every claim. */
function harmoniseEntityKinds(claims: Claim[]): void {
  const votes = new Map<string, Map<EntityKind, number>>();
  for (const c of claims) {
    for (const e of c.entities) {
      if (e.kind === 'other') continue;
      const v = votes.get(e.text) ?? new Map<EntityKind, number>();
      v.set(e.kind, (v.get(e.kind) ?? 0) + 1);
      votes.set(e.text, v);
    }
  }
  const best = new Map<string, EntityKind>();
  for (const [name, v] of votes) best.set(name, [...v.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
  for (const c of claims) for (const e of c.entities as Entity[]) if (e.kind === 'other' && best.has(e.text)) e.kind = best.get(e.text)!;
}

/** unified plugin: fills ctx.claims (after structure and captions have marked what is not body prose). */
export default function claims(): Transformer<Root> {
  return (_tree, file) => {
    const ctx = contextOf(file);
    ctx.claims = findClaims(ctx);
  };
}
