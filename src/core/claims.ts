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
import { CHECKWORTHY_THRESHOLD, modelToken, type ModelToken, scoreCheckWorthinessModelTokens, tokenSpans } from './checkworthiness.js';
import { contextOf, spanMentions, type SourceContext } from './context.js';
import { shortHash } from './hash.js';
import { codeUnitsOf, isCommonCapitalised, isNumberWord, isOrdinaryOpener, NUMBER_WORDS } from './mentions.js';
import { isSpace, trimSpan } from './spans.js';
import type { Caption, Claim, ClaimType, DateMention, EntityKind, Paragraph, Quantity, Sentence, Span } from './types.js';

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

/** fmt of an evidence weight, remembered: they are a handful of constants (the classifier's is not one of them). */
const formatted = new Map<number, string>();
function fmtEvidence(x: number): string {
  let f = formatted.get(x);
  if (f === undefined) {
    if (formatted.size >= 1000) formatted.clear();
    formatted.set(x, (f = fmt(x)));
  }
  return f;
}

/** Sorts signals strongest first, in place; equally strong ones keep their order (a stable insertion sort: the lists are short). */
function byStrength(signals: Signal[]): Signal[] {
  for (let i = 1; i < signals.length; i++) {
    const s = signals[i]!;
    const m = Math.abs(s.weight);
    let j = i;
    for (; j > 0 && Math.abs(signals[j - 1]!.weight) < m; j--) signals[j] = signals[j - 1]!;
    signals[j] = s;
  }
  return signals;
}

const logit = (p: number): number => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
/** logit(MODEL_CENTRE), worked out once. */
const LOGIT_CENTRE = logit(MODEL_CENTRE);
/** The quantities of a sentence without a digit or number word (see Cues.numeric). */
const NO_QUANTITIES: readonly Quantity[] = [];

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
/** The char codes of each, so that a sentence's ends are compared in place, with no one-character strings. */
const codesOf = (chars: string): ReadonlySet<number> => new Set(Array.from(chars, (c) => c.charCodeAt(0)));
const QUOTE_OPENER_CODES = codesOf(QUOTE_OPENERS);
const CLOSER_CODES = codesOf(CLOSERS);

/** One sentence, tokenised once: every cue is then a look at a token's facts or at a neighbour. */
interface Tokens {
  /**
   * Per token (words, numbers and the symbols $ € £ % ?), the first n entries:
   * a scratch array, valid until the next sentence is tokenised.
   */
  facts: TokenFacts[];
  n: number;
  /** What the sentence classifier makes of each token: its facts, in an array of the sentence's own (see TokenFacts). */
  model: ModelToken[];
  words: number;
}

/**
 * What the cues ask of one token: a pure function of it, worked out once per
 * distinct token. It is also the token as the sentence classifier sees it (its
 * ModelToken's fields, copied in): scoring a sentence then reads the objects
 * its cues just read, not one more object per token elsewhere on the heap.
 */
interface TokenFacts extends ModelToken {
  /** The token as written. */
  raw: string;
  /** Lowercased, curly apostrophe folded. */
  low: string;
  /** The token's Cue flags (CUE_FLAGS of `low`) and Shape flags. */
  is: number;
  /** For a capitalised token, the name it gives (possessive dropped); undefined for a common capitalised word. */
  name: string | undefined;
}

/** Bound on remembered tokens; clearing cannot change a result. */
const TOKEN_FACTS_LIMIT = 50_000;

/**
 * TokenFacts by the characters of the token, found where the token lies in
 * the text: the vocabulary is Zipfian, so a sentence's tokens are mostly
 * found here without cutting them out of the text or hashing a new string
 * (what a Map keyed by the token would cost on every look-up). Open
 * addressing, at most half full; a look-up reads only small typed arrays
 * (the slots, and the known tokens' characters one after another), which
 * stay in cache better than strings and objects spread over the heap.
 */
class TokenFactsTable {
  /** Per slot: a token's hash, then 1 + its number (0: an empty slot). */
  #slots = new Int32Array(2 << 12);
  /** By number: the token's facts... */
  #facts: TokenFacts[] = [];
  /** ...and where its characters start in #chars (the next token's start ends them). */
  #starts = new Int32Array(1 << 10);
  #chars = new Uint16Array(1 << 13);

  /** The facts of text.slice(start, end), whose FNV-1a hash over its UTF-16 units is `h`; `u` is codeUnitsOf(text). */
  get(text: string, u: Uint16Array, start: number, end: number, h: number): TokenFacts {
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]! - 1;
      if (id < 0) break;
      if (slots[2 * slot] === h && this.#holds(id, u, start, end)) return this.#facts[id]!;
    }
    return this.#add(h, text, start, end);
  }

  /** Whether token number `id` is the units u[start, end). */
  #holds(id: number, u: Uint16Array, start: number, end: number): boolean {
    const from = this.#starts[id]!;
    if (this.#starts[id + 1]! - from !== end - start) return false;
    const chars = this.#chars;
    for (let i = start, j = from; i < end; i++, j++) if (chars[j] !== u[i]) return false;
    return true;
  }

  #add(h: number, text: string, start: number, end: number): TokenFacts {
    if (this.#facts.length >= TOKEN_FACTS_LIMIT) this.#clear();
    const id = this.#facts.length;
    const f = factsOfToken(text.slice(start, end));
    this.#facts.push(f);
    // The characters, growing the arrays as needed.
    if (id + 2 > this.#starts.length) this.#starts = grown(this.#starts, id + 2);
    const from = this.#starts[id]!;
    if (from + end - start > this.#chars.length) this.#chars = grown(this.#chars, from + end - start);
    for (let i = start; i < end; i++) this.#chars[from + i - start] = text.charCodeAt(i);
    this.#starts[id + 1] = from + end - start;
    // The slot, rehashing into twice the slots once half are taken.
    if (2 * this.#facts.length > this.#slots.length >> 1) {
      const old = this.#slots;
      this.#slots = new Int32Array(2 * old.length);
      for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) this.#put(old[s]!, old[s + 1]! - 1);
    }
    this.#put(h, id);
    return f;
  }

  #put(h: number, id: number): void {
    const slots = this.#slots;
    const mask = (slots.length >> 1) - 1;
    let slot = h & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = id + 1;
  }

  #clear(): void {
    this.#slots.fill(0);
    this.#facts = [];
    this.#starts.fill(0);
  }
}

/** A copy of `a` with room for at least `min` entries. */
function grown<T extends Int32Array | Uint16Array>(a: T, min: number): T {
  let n = a.length;
  while (n < min) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

const tokenFacts = new TokenFactsTable();

/** The facts of a token, worked out (see TokenFactsTable for the remembering). */
function factsOfToken(t: string): TokenFacts {
  const lower = t.toLowerCase();
  const low = lower.includes('’') ? lower.replaceAll('’', "'") : lower;
  let is = CUE_FLAGS.get(low) ?? 0;
  const d = low.charCodeAt(0);
  if (d === 36 || d === 37 || d === 63 || d === 0x20ac || d === 0xa3) is |= Shape.Symbol;
  // isNumberWord: the word itself is flagged; a hyphenated one ("twenty-five") is decided by its head.
  if ((d >= 48 && d <= 57) || is & Cue.Number || (low.includes('-') && isNumberWord(low))) is |= Shape.Numeric;
  if (low.length >= 4 && low.endsWith('ed') && !NOT_PAST.has(low)) is |= Shape.Past;
  if (low.length >= 5 && low.endsWith('er')) is |= Shape.Er;
  if (low.startsWith('second-') || low.startsWith('third-')) is |= Shape.SecondThird;
  if (DEFINING_VERBS.has(low) || low.includes('\u017f')) is |= Shape.MayDefine;
  if (DEFINING_HEADS.some((h) => mayEndWith(t, low, h))) is |= Shape.MayHead;
  let name: string | undefined;
  if (t.charCodeAt(0) !== low.charCodeAt(0)) {
    is |= Shape.Capitalised;
    const n = low.endsWith("'s") ? t.slice(0, -2) : t;
    if (!isCommonCapitalised(n)) name = n;
  }
  const m = modelToken(t, low);
  return {
    raw: t, low, is, name,
    tok: m.tok, word: m.word, charSum: m.charSum, charCount: m.charCount, first: m.first, second: m.second, info: m.info, surface: m.surface,
  };
}

/**
 * Whether DEFINITION's `head\b` can match at the start of token `t` (lowercased: `low`).
 * An ASCII token must be the noun or go on with ' or - (its other characters are
 * letters, which \b does not stand before); any other is let through when it merely
 * starts with the noun (/iu has its own ideas of letters and case), or holds ſ.
 */
function mayEndWith(t: string, low: string, head: string): boolean {
  if (!isAscii(t)) return low.startsWith(head) || low.includes('\u017f');
  if (!low.startsWith(head)) return false;
  const next = low.charCodeAt(head.length);
  return Number.isNaN(next) || next === 39 || next === 45;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Scratch for tokenSpans: read back before the next call. */
const spans: number[] = [];

/** tokensOf's facts, reused: they are read only while the sentence's cues are worked out. */
const factsScratch: TokenFacts[] = [];

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The tokens of text.slice(from, to), as tokenSpans finds them (the one place the model's tokenising rules
 * live), each looked up in the TokenFactsTable by its FNV-1a hash over the text's code units.
 */
function tokensOf(text: string, from = 0, to = text.length): Tokens {
  const n = tokenSpans(text, from, to, spans);
  const u = codeUnitsOf(text);
  const facts = factsScratch;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const start = spans[2 * i]!;
    const end = spans[2 * i + 1]!;
    let h = FNV_BASIS;
    for (let k = start; k < end; k++) h = Math.imul(h ^ u[k]!, FNV_PRIME);
    const f = tokenFacts.get(text, u, start, end, h);
    facts[i] = f;
    if ((f.is & Shape.Symbol) === 0) count++;
  }
  return { facts, n, model: facts.slice(0, n), words: count };
}

/** How many words (tokens other than the symbols $ € £ % ?) text.slice(from, to) has: Tokens.words, without looking any up. */
function wordCount(text: string, from: number, to: number): number {
  const n = tokenSpans(text, from, to, spans);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(spans[2 * k]!);
    if (c !== 36 && c !== 37 && c !== 63 && c !== 0x20ac && c !== 0xa3) count++;
  }
  return count;
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
  /** Capitalised words that are not ordinary words, possessive stripped: each once, first occurrences in order. */
  names: string[];
  /**
   * A name opening the sentence that may yet be an ordinary word ("Observers
   * hope…"): one of `names` unless isOrdinaryOpener says so. That scans the
   * article, so it is asked only where the answer can change a result (see
   * topicsOf and scoreCandidate); undefined when there is no such opener or
   * when `names` holds it anyway.
   */
  opener: string | undefined;
}

/** What DEFINITION needs around its verb; ſ is the one letter outside ASCII that /iu reads as one of its letters (s). */
const MAY_DEFINE = /\s(?:is|are|refers|means|describes)\s|\u017f/i;
const DEFINING_VERBS = set('is are refers means describes');
/** DEFINITION's closing nouns (see Shape.MayHead). */
const DEFINING_HEADS = ['approach', 'way', 'method', 'concept', 'term', 'strategy', 'policy', 'practice', 'process', 'form', 'type', 'kind'];
const DEFINITION = /^(?:an?\s+)?[\p{L}\s-]{3,60}?\s+(?:is|are|refers\s+to|means|describes)\s+(?:a|an|the)\s+(?:\p{Ll}[\p{L}-]*\s+){0,3}(?:approach|way|method|concept|term|strategy|policy|practice|process|form|type|kind)\b/iu;

/**
 * Whether DEFINITION can match: all it matches (at least "Xyz is a way",
 * twelve characters) is letters, blanks and hyphens from the sentence's start,
 * so the sentence must open with that many. A non-ASCII character ends the
 * look early with a yes (it may be a letter or a blank).
 */
function opensWithDefinitionRun(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return true;
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 32 || (c >= 9 && c <= 13))) return i >= 12;
  }
  return text.length >= 12;
}

function endsWithQuestion(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSER_CODES.has(text.charCodeAt(i))) i--;
  return text.charCodeAt(i) === 63;
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
  /**
   * A word that MAY_DEFINE can match: one of its verbs, or one holding ſ. A
   * sentence with none cannot match it (its verbs stand between spaces, so
   * they are whole tokens), and is spared the regex.
   */
  MayDefine: 65536,
  /** One of the symbols $ € £ % ?, which are not words. */
  Symbol: 131072,
  /**
   * A word that can be DEFINITION's closing noun (see mayEndWith): the noun
   * stands after a blank, so it opens a token. A sentence with none cannot
   * match DEFINITION, and is spared it.
   */
  MayHead: 262144,
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

/** The i-th of the n tokens lowercased, or "" past either end. */
function at(toks: readonly TokenFacts[], n: number, i: number): string {
  return i < n ? toks[i]!.low : '';
}

/** Cues that depend on the words after a trigger word. */
function pairCues(c: Cues, w: string, i: number, toks: readonly TokenFacts[], n: number): void {
  const next = at(toks, n, i + 1);
  const third = at(toks, n, i + 2);
  if (w === 'according' && next === 'to') c.attribution = true;
  else if ((w === 'tempting' && next === 'to') || (w === 'would' && (next === 'be' || next === 'likely' || next === 'probably'))) c.hedge = true;
  else if (w === 'it' && next === 'is') {
    if (third === 'possible' || third === 'conceivable') c.hedge = true;
    else if (NECESSITY.has(third) && (at(toks, n, i + 3) === 'to' || at(toks, n, i + 3) === 'that' || at(toks, n, i + 3) === 'for')) c.normative = true;
  } else if ((w === 'ought' || w === 'need' || w === 'needs' || w === 'has' || w === 'have') && next === 'to') c.normative = true;
  else if (w === 'i' || w === 'we') {
    if (OPINION_VERBS.has(next) || (OPINION_ADVERBS.has(next) && OPINION_VERBS.has(third))) c.opinion = true;
    if (next === 'will' && META_VERBS.has(third)) c.meta = true;
    if (w === 'i' && next === 'am' && OPINION_STATES.has(third)) c.opinion = true;
  } else if (w === "i'm" && OPINION_STATES.has(next)) c.opinion = true;
  else if ((w === 'in' || w === 'to') && (next === 'my' || next === 'our') && VIEW_NOUNS.has(third)) c.opinion = true;
  else if (w === 'in' && next === 'this' && ARTICLE_NOUNS.has(third) && (at(toks, n, i + 3) === 'we' || at(toks, n, i + 3) === 'i')) c.meta = true;
  else if (w === 'this' && ARTICLE_NOUNS.has(next) && ARTICLE_VERBS.has(third)) c.meta = true;
  else if ((w === "let's" && META_VERBS.has(next)) || (w === 'let' && next === 'us' && META_VERBS.has(third))) c.meta = true;
  else if (w === 'one' && next === 'of' && third === 'the' && (BENEFIT_NOUNS.has(at(toks, n, i + 3)) || BENEFIT_NOUNS.has(at(toks, n, i + 4)))) c.interpretive = true;
  else if (w === 'is' && (next === 'a' || next === 'an') && SIGN_NOUNS.has(third) && (at(toks, n, i + 3) === 'of' || at(toks, n, i + 3) === 'for' || at(toks, n, i + 3) === 'that')) c.interpretive = true;
  else if (w === 'will' && WILL_EVENTS.has(next)) c.event = true;
  else if ((w === 'followed' && next === 'by') || (w === 'compared' && (next === 'with' || next === 'to')) || (w === 'ahead' && next === 'of')) c.comparison = true;
  // "more than", and "more cargo than": the comparison may span a short noun phrase.
  else if (COMPARATIVES.has(w) && (next === 'than' || third === 'than' || at(toks, n, i + 3) === 'than')) c.comparison = true;
  else if (MEMBERSHIP_PAIRS.get(w)?.has(next)) c.membership = true;
}

/**
 * `source` is the whole article: its lowercase vocabulary tells ordinary words from names.
 * `openers` remembers isOrdinaryOpener of `source` by word (a source opens many sentences with the same name).
 * Unless `decideOpeners`, a possibly ordinary opener is left undecided in Cues.opener.
 */
function cuesOf(text: string, tokens: Tokens = tokensOf(text), source = text, openers = new Map<string, boolean>(), decideOpeners = true): Cues {
  const { facts, n } = tokens;
  const second = n > 1 ? facts[1] : undefined;
  const c: Cues = {
    question: endsWithQuestion(text),
    opinion: false,
    meta: false,
    secondPerson: false,
    interpretive: false,
    hedge: CONDITIONALS.has(at(facts, n, 0)),
    normative: false,
    generic: (GENERIC_DETERMINERS.has(at(facts, n, 0)) && second !== undefined && second.raw === second.low) || GENERIC_PLURALS.has(at(facts, n, 0)),
    definition: false,
    // An empty text counts as quoted, as ''.includes('') would have it.
    quoted: text.length === 0 || QUOTE_OPENER_CODES.has(text.charCodeAt(0)),
    evaluative: 0,
    event: false,
    comparison: false,
    membership: false,
    attribution: false,
    numeric: false,
    names: [],
    opener: undefined,
  };
  const a0 = at(facts, n, 0);
  const a1 = at(facts, n, 1);
  if (
    (a0 === 'this' || a0 === 'that' || a0 === 'it' || a0 === 'which') && INTERPRETIVE_VERBS.has(a1) ||
    INTERPRETIVE_OPENERS.has(a0) ||
    (a0 === 'in' && (IN_OPENERS.has(a1) || (a1 === 'other' && at(facts, n, 2) === 'words') || (a1 === 'this' && at(facts, n, 2) === 'light') || (a1 === 'light' && at(facts, n, 2) === 'of'))) ||
    (a0 === 'of' && a1 === 'course') || (a0 === 'after' && a1 === 'all') || (a0 === 'to' && a1 === 'be' && at(facts, n, 2) === 'sure')
  ) c.interpretive = true;

  // The shape flags of all tokens together.
  let shapes = 0;
  for (let i = 0; i < n; i++) {
    const { is: f, name, low: w } = facts[i]!;
    shapes |= f;
    if (f & Shape.Capitalised) {
      // An opener like "Linguistically," or "Observers" is not a name unless a capital follows ("Police Scotland").
      if (name !== undefined) {
        if (i === 0 && !(second !== undefined && second.is & Shape.Capitalised)) {
          if (decideOpeners) {
            if (!ordinaryOpener(name, source, openers)) addName(c.names, name);
          } else c.opener = name;
        } else addName(c.names, name);
      }
    } else if (f & Shape.Past) {
      c.event = true;
    }
    if (f & Shape.Numeric) c.numeric = true;
    if ((f & WORD_CUES) === 0) {
      if (f & Shape.Er && at(facts, n, i + 1) === 'than') c.comparison = true;
      if (f & Shape.SecondThird) c.comparison = true;
      continue;
    }
    if (f & Cue.Second) c.secondPerson = true;
    if (f & Cue.Evaluative) c.evaluative++;
    if (f & Cue.Attribution) c.attribution = true;
    if (f & Cue.Hedge) c.hedge = true;
    if (f & Cue.Normative) c.normative = true;
    if (f & Cue.Event && facts[i]!.raw === w) c.event = true;
    if (f & Cue.Ranking) c.comparison = true;
    if (f & Cue.Membership) c.membership = true;
    if (f & Cue.Opinion) c.opinion = true;
    if (f & Cue.Pair) pairCues(c, w, i, facts, n);
  }
  // A name met again later in the sentence is among its names whatever the opener is.
  if (c.opener !== undefined && c.names.includes(c.opener)) c.opener = undefined;
  if (!c.definition && n <= 60 && shapes & Shape.MayDefine && shapes & Shape.MayHead && opensWithDefinitionRun(text) && MAY_DEFINE.test(text)) c.definition = DEFINITION.test(text);
  return c;
}

/**
 * Adds a name unless the list has it. Kept distinct as it is made: the topics and every score
 * count distinct names, and a sentence names few, so a look along the list is cheaper than
 * deduplicating it again for each of them.
 */
function addName(names: string[], name: string): void {
  if (!names.includes(name)) names.push(name);
}

/** isOrdinaryOpener(word, source), remembered in `known` (which must hold answers for `source` only). */
function ordinaryOpener(word: string, source: string, known: Map<string, boolean>): boolean {
  let ordinary = known.get(word);
  if (ordinary === undefined) known.set(word, (ordinary = isOrdinaryOpener(word, source)));
  return ordinary;
}

/** One signal of evidence: its weight, for the sum, and the signal itself onto `out` when given. */
function sig(out: Signal[] | undefined, weight: number, reason: string): number {
  if (out) out.push({ weight, reason });
  return weight;
}

/** What a sentence's quantities and dates pin down (see pinnedBy), as bits. */
const Pin = {
  Money: 1,
  Percent: 2,
  /** A figure other than a small spelled-out number. */
  Figure: 4,
  /** An absolute date or a year. */
  ExplicitDate: 8,
  /** Any date mention, relative ones included, or a year. */
  AnyDate: 16,
} as const;

/**
 * Pin flags of a sentence's quantities and of the `dates` (those of its
 * paragraph) inside [start, end): the same for every evidence() of one sentence,
 * so worked out once for it.
 */
function pinnedBy(quantities: readonly Quantity[], dates: readonly DateMention[], start: number, end: number): number {
  let pins = 0;
  for (const q of quantities) {
    if (q.kind === 'money') pins |= Pin.Money;
    else if (q.kind === 'percent') pins |= Pin.Percent;
    // "one side", "the two countries": small spelled-out numbers are ordinary words, not figures.
    else if (q.kind === 'number' || q.kind === 'count') {
      if ((pins & Pin.Figure) === 0 && (/\d/.test(q.text) || q.value >= 3)) pins |= Pin.Figure;
    } else if (q.kind === 'year') pins |= Pin.ExplicitDate | Pin.AnyDate;
  }
  for (const d of dates) {
    if (d.start < start || d.end > end) continue;
    pins |= Pin.AnyDate;
    if (!d.relative) pins |= Pin.ExplicitDate;
  }
  return pins;
}

/**
 * Why this sentence is or is not a claim: `z` plus the signals' log-odds, added
 * in their order. The signals themselves, before sorting, are pushed onto
 * `out` when it is given: most sentences are not claims and need only the sum.
 * `pins` are pinnedBy the sentence's quantities and dates.
 */
function evidence(c: Cues, pins: number, names: Names, z: number, out: Signal[] | undefined): number {
  const money = (pins & Pin.Money) !== 0;
  const percent = (pins & Pin.Percent) !== 0;
  const figure = (pins & Pin.Figure) !== 0;
  const entityCount = names.other;
  const explicitDate = (pins & Pin.ExplicitDate) !== 0;
  const anyDate = (pins & Pin.AnyDate) !== 0;
  const specific = pins !== 0;

  if (money) z += sig(out, 1.6, 'states an amount of money');
  if (percent) z += sig(out, 1.4, 'states a percentage');
  if (figure && !money && !percent) z += sig(out, 1.0, 'states a number');
  if (anyDate) z += sig(out, explicitDate ? 0.9 : 0.6, explicitDate ? 'gives a date or year' : 'gives a relative date');
  if (entityCount > 0) z += sig(out, entityCount >= 2 ? 0.7 : 0.4, entityCount >= 2 ? 'names several people, places or organisations' : 'names a person, place or organisation');
  if (c.event) z += sig(out, 0.4, 'reports an action or event');
  if (c.membership && entityCount > 0) z += sig(out, 0.5, 'states a membership or relation');
  if (c.comparison && (specific || entityCount > 0)) z += sig(out, 0.4, 'makes a comparison or ranking');
  if (c.attribution) z += sig(out, 0.3, 'attributes a statement to a source');

  if (c.question) z += sig(out, -4, 'is a question');
  if (c.opinion) z += sig(out, -4, 'is first-person opinion');
  if (c.meta) z += sig(out, -3, 'describes the article itself');
  if (c.secondPerson && !c.quoted) z += sig(out, -1.5, 'addresses the reader');
  if (c.normative) z += sig(out, specific ? -0.8 : -1.8, 'prescribes rather than reports');
  if (c.hedge) z += sig(out, specific ? -0.6 : -1.5, 'is hedged, conditional or speculative');
  if (c.interpretive) z += sig(out, specific ? -0.5 : -1.2, 'interprets rather than reports');
  if (c.evaluative > 0) {
    const w = -Math.min(1.6, 0.55 * c.evaluative) * (specific ? 0.4 : 1);
    z += sig(out, w, c.evaluative > 1 ? 'relies on evaluative wording' : 'uses evaluative wording');
  }
  if (!specific && entityCount === 0) {
    z += names.topic > 0
      ? sig(out, -1.1, 'names only the article’s main subject, with no figure or date')
      : sig(out, -2, 'has nothing specific to check (no figure, date or name)');
  } else if (!specific && c.generic) z += sig(out, -1, 'is a generic statement');
  if (c.definition && !specific) z += sig(out, -1.5, 'defines a term');
  if (c.quoted && !specific) z += sig(out, -0.3, 'is a quotation');
  return z;
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
/** The capitals FUSED's openers start with, by char code. */
const FUSED_CAPITALS = new Uint8Array(128);
for (const c of 'TIOAFBHSW') FUSED_CAPITALS[c.charCodeAt(0)] = 1;

/**
 * Whether FUSED can match in u[start, end): its match opens with one of
 * [a-z0-9)] right before one of FUSED_CAPITALS, a pair that prose seldom has.
 * A loop over the code units rules most sentences out faster than the
 * pattern, which is tried at every position.
 */
function mayBeFused(u: Uint16Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) {
    const c = u[i]!;
    if (c >= 128 || FUSED_CAPITALS[c] === 0) continue;
    const b = u[i - 1]!;
    if ((b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 41) return true;
  }
  return false;
}

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
  // Char codes compared in place (NaN past the end compares false): no one-character strings.
  let a = Math.max(0, start - AFFIX);
  const first = text.charCodeAt(a);
  if (a > 0 && first >= 0xdc00 && first <= 0xdfff) a++;
  let b = Math.min(text.length, end + AFFIX);
  const last = text.charCodeAt(b - 1);
  if (b < text.length && last >= 0xd800 && last <= 0xdbff) b--;
  return { prefix: text.slice(a, start), suffix: text.slice(end, b) };
}

/**
 * Anything the whitespace folding would change: a space other than ' ', two together, or one at either
 * end (/[^\S ]| {2}|^ | $/). Read a unit at a time: the pattern's anchored alternatives are tried at
 * every position, which cost more than the lowercasing it follows.
 */
function hasUnnormalSpace(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || s.charCodeAt(i + 1) === 0x20) return true;
    } else if (isSpace(c)) return true;
  }
  return false;
}
const normalizeClaimText = (s: string): string => {
  const lower = s.toLowerCase();
  return hasUnnormalSpace(lower) ? lower.replace(/\s+/g, ' ').trim() : lower;
};

interface Names {
  /** Distinct capitalised names other than the article's main subject. */
  other: number;
  /** Mentions of the article's main subject. */
  topic: number;
}

/**
 * The article's main subjects: names in at least a fifth of its body
 * sentences (and at least three). A sentence that names only them ("X has
 * been prosperous…") is no more specific than one that names nothing, which
 * is what separates an article's reportage about its subject from commentary
 * on it. A sentence's undecided opener (Cues.opener) counts as a name unless
 * `isOrdinary`; the answer is the same for every sentence a word opens, so it
 * is asked only of a word whose count would cross the bar with those
 * sentences and not without them.
 */
function topicsOf(candidates: readonly Candidate[], isOrdinary: (word: string) => boolean): Set<string> {
  const counts = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const { cues } of candidates) {
    for (const w of cues.names) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (cues.opener !== undefined) pending.set(cues.opener, (pending.get(cues.opener) ?? 0) + 1);
  }
  const min = Math.max(3, Math.ceil(candidates.length / 5));
  for (const [w, p] of pending) {
    const n = counts.get(w) ?? 0;
    if (n < min && n + p >= min && !isOrdinary(w)) counts.set(w, n + p);
  }
  const topics = new Set<string>();
  for (const [w, n] of counts) if (n >= min) topics.add(w);
  return topics;
}

/** A cheap stand-in for entities when scoring every sentence: capitalised words (distinct), topic names apart. */
function namesIn(names: readonly string[], topics: ReadonlySet<string>): Names {
  let topic = 0;
  let other = 0;
  for (const w of names) {
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
    // The host's words either side of the caption (a space between them, so no token spans the gap).
    const rest = wordCount(ctx.text, host.start, Math.max(host.start, c.start)) + wordCount(ctx.text, Math.min(host.end, c.end), host.end);
    if (rest < MIN_WORDS) continue;
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
  /** Caption text was cut from the sentence to leave this span. */
  leftOut: boolean;
  cues: Cues;
  /**
   * The tokens as the sentence classifier sees them. Its vote is taken when the
   * candidate is scored, so that a claim's reasons follow straight on and reuse its sums.
   */
  model: ModelToken[];
}

/**
 * The article's claims, in text order. Pure: reads the context, returns data.
 * A lower `threshold` (e.g. 0) returns every scored sentence, for evaluation.
 */
export function findClaims(ctx: SourceContext, options: { threshold?: number } = {}): Claim[] {
  const threshold = options.threshold ?? CLAIM_THRESHOLD;
  const { text, source } = ctx;
  const byId = new Map<string, Paragraph>();
  for (const p of ctx.paragraphs) byId.set(p.id, p);
  const capsByParagraph = new Map<string, Caption[]>();
  for (const c of ctx.captions) {
    const list = capsByParagraph.get(c.paragraphId) ?? [];
    list.push(c);
    capsByParagraph.set(c.paragraphId, list);
  }
  const claims: Claim[] = [];
  // The normalised texts of the claims so far, by paragraph id: a paragraph has few, compared one by one.
  const seen = new Map<string, string[]>();
  const candidates: Candidate[] = [];
  const openers = new Map<string, boolean>();

  const mixed = mixedCaptionHosts(ctx, byId);
  const skip = (id: string): boolean => ctx.nonProse.has(id) && !mixed.has(id);

  for (const sentence of ctx.sentences) {
    const paragraph = byId.get(sentence.paragraphId);
    if (!paragraph || skip(paragraph.id)) continue;
    // Lines marked as non-prose, and captions, are cut out of the sentence (a list only when there are any).
    let cut: Span[] | undefined;
    for (const line of paragraph.lines) {
      if (line.end <= sentence.start || line.start >= sentence.end) continue;
      if (skip(line.id)) (cut ??= []).push(line);
    }
    const captions = capsByParagraph.get(paragraph.id);
    if (captions !== undefined) for (const c of captions) (cut ??= []).push(c);
    if (cut === undefined) {
      // The sentence's text is the source's from its start to its end.
      const fused = mayBeFused(codeUnitsOf(text), sentence.start, sentence.end) ? sentence.text.search(FUSED) : -1;
      const at = fused + 1;
      if (fused >= 0 && gluedToLowerOrDigit(sentence.text, at) && wordCount(sentence.text, 0, at) <= 20) {
        cut = [{ start: sentence.start, end: sentence.start + at }];
      }
    }
    let start = sentence.start;
    let end = sentence.end;
    if (cut !== undefined) [start, end] = bodyPart(text, sentence.start, sentence.end, cut);
    const leftOut = cut !== undefined && (start !== sentence.start || end !== sentence.end);
    if (end <= start) continue;
    const tokens = tokensOf(text, start, end);
    if (tokens.words < MIN_WORDS) continue;
    candidates.push({ sentence, paragraph, start, end, leftOut, cues: cuesOf(text.slice(start, end), tokens, text, openers, false), model: tokens.model });
  }
  const isOrdinary = (word: string): boolean => ordinaryOpener(word, text, openers);
  const topics = topicsOf(candidates, isOrdinary);
  for (const candidate of candidates) {
    const { paragraph } = candidate;
    const claim = scoreCandidate(ctx, candidate, threshold, topics, isOrdinary);
    if (!claim) continue;
    // Same text in the same paragraph: the occurrence index keeps ids distinct and stable.
    const normalized = normalizeClaimText(claim.text);
    let earlier = seen.get(paragraph.id);
    if (earlier === undefined) seen.set(paragraph.id, (earlier = []));
    let occurrence = 0;
    for (const e of earlier) if (e === normalized) occurrence++;
    earlier.push(normalized);
    claim.id = `c_${shortHash(`${source.id}|${paragraph.fingerprint}|${normalized}|${occurrence}`)}`;
    claims.push(claim);
  }
  harmoniseEntityKinds(claims);
  return claims;
}

function scoreCandidate(
  ctx: SourceContext, c: Candidate, threshold: number, topics: ReadonlySet<string>, isOrdinary: (word: string) => boolean,
): Claim | undefined {
  const { text } = ctx;
  const { start, end, paragraph, sentence } = c;
  const mentions = spanMentions(ctx);
  // The extracted mentions are shared with the consistency checks: only read here, copied into a claim.
  const shared = c.cues.numeric ? mentions.quantities(start, end) : NO_QUANTITIES;
  // Dates over the whole paragraph, so "the following year" resolves against a year named earlier in it.
  const paragraphDates = mentions.dates(paragraph.start, paragraph.end);
  const pins = pinnedBy(shared, paragraphDates, start, end);
  const model = scoreCheckWorthinessModelTokens(c.model);
  const modelZ = MODEL_WEIGHT * (logit(model.score) - LOGIT_CENTRE);
  let names = namesIn(c.cues.names, topics);
  let score = sigmoid(evidence(c.cues, pins, names, modelZ, undefined));
  const { opener } = c.cues;
  if (opener !== undefined) {
    // With the opener as a name too: asked whether it is one only if that can make this sentence a claim.
    const withOpener = topics.has(opener) ? { other: names.other, topic: names.topic + 1 } : { other: names.other + 1, topic: names.topic };
    const scoreWith = sigmoid(evidence(c.cues, pins, withOpener, modelZ, undefined));
    if (score < threshold && scoreWith < threshold) return undefined;
    if (!isOrdinary(opener)) {
      names = withOpener;
      score = scoreWith;
    }
  }
  if (score < threshold) return undefined;

  // A claim: the same signals again, this time kept for its reasons.
  const signals: Signal[] = [];
  evidence(c.cues, pins, names, modelZ, signals);
  const dates = paragraphDates.filter((d) => d.start >= start && d.end <= end);

  const body = text.slice(start, end);
  const quantities = [...shared];
  const classifier: Signal = { weight: modelZ, reason: `sentence classifier ${model.score.toFixed(2)} (${model.reasons(2).join('; ')})` };
  signals.push(classifier);
  const reasons = byStrength(signals).map((s) => `${s.reason} (${s === classifier ? fmt(s.weight) : fmtEvidence(s.weight)})`);
  if (c.leftOut) reasons.push('caption text left out of the span');
  // The shared entities themselves, in a list of the claim's own: harmoniseEntityKinds copies one it changes.
  const entities = mentions.entities(start, end).slice();
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
  // Only a name some claim leaves as 'other' can change, so only such names' votes are counted.
  let undecided: Set<string> | undefined;
  for (const c of claims) for (const e of c.entities) if (e.kind === 'other') (undecided ??= new Set()).add(e.text);
  if (undecided === undefined) return;
  const votes = new Map<string, Map<EntityKind, number>>();
  for (const c of claims) {
    for (const e of c.entities) {
      if (e.kind === 'other' || !undecided.has(e.text)) continue;
      const v = votes.get(e.text) ?? new Map<EntityKind, number>();
      v.set(e.kind, (v.get(e.kind) ?? 0) + 1);
      votes.set(e.text, v);
    }
  }
  const best = new Map<string, EntityKind>();
  for (const [name, v] of votes) {
    // The most votes; on a tie the kind voted first (what a stable sort by votes would put first).
    let top: EntityKind | undefined;
    let most = -Infinity;
    for (const [kind, n] of v) {
      if (n > most) {
        top = kind;
        most = n;
      }
    }
    best.set(name, top!);
  }
  for (const c of claims) {
    const { entities } = c;
    for (let i = 0; i < entities.length; i++) {
      const e = entities[i]!;
      if (e.kind !== 'other') continue;
      const kind = best.get(e.text);
      // A copy: the entity is shared with the other detectors.
      if (kind !== undefined) entities[i] = { ...e, kind };
    }
  }
}

/** unified plugin: fills ctx.claims (after structure and captions have marked what is not body prose). */
export default function claims(): Transformer<Root> {
  return (_tree, file) => {
    const ctx = contextOf(file);
    ctx.claims = findClaims(ctx);
  };
}
