/**
 * Check-worthiness of a single sentence: how likely a fact-checker would want
 * to verify it. A linear (logistic-regression) model over word unigrams,
 * optionally word bigrams and in-word character n-grams, plus a handful of
 * hand-written cues. The shipped model may be the average of several such
 * models fitted on different feature families, which is again one linear
 * model (each family is normalised on its own, so weights average exactly);
 * which families, L2 strengths and threshold it uses were chosen by
 * cross-validation and are recorded in the model file. Trained by
 * `scripts/train-claims.ts` on the CheckThat! 2024 English train, dev and
 * dev-test splits (US presidential debates), evaluated by
 * `scripts/eval-claims.ts` on the held-out test split.
 *
 * Why linear: it scores tens of thousands of sentences per second on one
 * core, is deterministic, ships as a small JSON file, and every score can be
 * explained by summing per-feature contributions. The hand cues (figures,
 * percentages, money, dates, comparisons, named entities, opinion/promise/
 * question markers) exist so that the model still has something to say about
 * news prose whose vocabulary never occurred in the debates.
 *
 * This module is pure: no fs, no network. The featurizer is exported so that
 * training sees exactly the features inference sees.
 */
import model from './checkworthiness-model.json' with { type: 'json' };

export interface CheckWorthiness {
  /** Probability-like score in [0, 1]; compare with CHECKWORTHY_THRESHOLD. */
  score: number;
  /** 1–4 short explanations of the largest contributions, strongest first. */
  reasons: string[];
}

/** Which feature families a model uses; stored in the model file. */
export interface FeatureConfig {
  /** Use word bigrams in addition to unigrams. */
  bigrams: boolean;
  /** Character n-gram lengths inside words; charMax 0 disables them. */
  charMin: number;
  charMax: number;
  /**
   * Scale each n-gram family by 1/sqrt(number of n-grams emitted), so a long
   * sentence does not get a large score just by having many features.
   */
  normalize: boolean;
}

/** The shape of `checkworthiness-model.json`. */
export interface CheckWorthinessModel {
  format: string;
  config: FeatureConfig;
  threshold: number;
  bias: number;
  hand: Record<string, number>;
  words: Record<string, number>;
  bigrams: Record<string, number>;
  chars: Record<string, number>;
  /** Provenance written by scripts/train-claims.ts; not used for scoring. */
  training?: TrainingRecord;
}

/** One fitted candidate: its feature families and hyper-parameters. */
export interface TrainingCandidate {
  variant: string;
  lambda: number;
  /** Weight of a dev / dev-test sentence relative to a train sentence. */
  domainWeight: number;
  /** Train sentences whose crowd label got less than this out-of-fold probability were dropped (0: none). */
  prune: number;
}

export interface TrainingRecord {
  data: string;
  variant: string;
  /** The candidates whose weights were averaged into the shipped model (one for a single model). */
  members: TrainingCandidate[];
  /** Cross-validated selection criterion: mean out-of-fold average precision over dev and dev-test. */
  cvMeanAp: number;
  /** Mean out-of-fold F1 over dev and dev-test at the shipped threshold (the threshold's criterion). */
  cvMacroF1: number;
  cvSplits: { split: string; f1: number; ap: number }[];
  maxNgramFeatures: number;
  /** Every candidate's cross-validated score, so the selection can be audited. */
  tried: (TrainingCandidate & { cvMeanAp: number; cvMacroF1: number })[];
}

export const MODEL_FORMAT = 'claimtrace-checkworthiness/1';

// ---------------------------------------------------------------------------
// Hand-written cues
// ---------------------------------------------------------------------------

/**
 * The hand features, in a fixed order (their index is their slot in
 * `ExtractedFeatures.hand`). Labels are what a reviewer reads in `reasons`.
 */
export const HAND_FEATURES = [
  { id: 'figure', label: 'contains a figure' },
  { id: 'percent', label: 'a percentage' },
  { id: 'money', label: 'an amount of money' },
  { id: 'date', label: 'a year or date' },
  { id: 'comparison', label: 'a comparison' },
  { id: 'trend', label: 'a change over time' },
  { id: 'entity', label: 'names people, places or organisations' },
  { id: 'source', label: 'cites a source' },
  { id: 'opinion', label: 'first-person opinion' },
  { id: 'promise', label: 'a promise or appeal' },
  { id: 'speculation', label: 'speculative wording' },
  { id: 'question', label: 'a question' },
  { id: 'short', label: 'a very short sentence' },
  { id: 'long', label: 'a long sentence' },
] as const;

export type HandFeatureId = (typeof HAND_FEATURES)[number]['id'];

const H = Object.fromEntries(HAND_FEATURES.map((f, i) => [f.id, i])) as Record<HandFeatureId, number>;

/**
 * Single-word cues. One Map lookup per token keeps the hand features cheap;
 * multi-word cues ("I think", "more than") are checked on adjacent tokens.
 */
const WORD_CUES = new Map<string, HandFeatureId>();
function cue(id: HandFeatureId, words: string): void {
  for (const w of words.split(' ')) WORD_CUES.set(w, id);
}
cue('figure', 'million millions billion billions trillion trillions thousand thousands hundred hundreds dozen dozens half twice double triple quarter third');
cue('percent', '% percent percentage per-cent');
cue('money', '$ € £ dollar dollars cents euro euros deficit debt budget taxpayer taxpayers');
cue('date', 'january february april june july august september october november december decade decades century');
cue('comparison', 'fewer most least best worst largest biggest highest lowest greatest smallest fastest slowest richest poorest strongest weakest oldest youngest longest shortest record');
cue('trend', 'increased increase increases decreased decrease decreases rose risen rising fell fallen falling doubled tripled quadrupled grew grown growing dropped declined declining cut cuts raised lowered reduced soared plunged');
cue('source', 'according study studies report reports reported survey surveys data statistics census poll polls analysis estimates estimated');
cue('promise', "will i'll we'll should must let's gonna");
cue('speculation', 'may might could perhaps maybe probably possibly likely');

/** Verbs that make "I <verb>" / "we <verb>" a statement of opinion or wish. */
const OPINION_VERBS = new Set(['think', 'believe', 'feel', 'hope', 'guess', 'suppose', 'want', 'wish', 'know', 'mean', 'agree', 'disagree', 'doubt', 'suspect', 'trust']);
const OPINION_NOUNS = new Set(['opinion', 'view', 'mind', 'judgment', 'judgement']);
const FIRST_PERSON = new Set(['i', 'we', "i'm", "i've", "i'd", "i'll", "we're", "we've", "we'd", "we'll"]);
/** Capitalised words that do not indicate a named entity. */
const NOT_ENTITY = new Set(['i', "i'm", "i've", "i'd", "i'll", 'mr', 'mrs', 'ms', 'dr']);

// ---------------------------------------------------------------------------
// Tokenisation and feature extraction (shared by training and inference)
// ---------------------------------------------------------------------------

const YEAR_RE = /^(?:1[5-9]|20)\d\d$/;

export interface ExtractedFeatures extends HandValues {
  /** Normalised tokens: lower-case words, `<num>`/`<year>` for numbers, symbols. */
  tokens: string[];
  /** The tokens as written, for reasons. */
  surfaces: string[];
}

/** The hand features of a sentence. */
interface HandValues {
  /** Hand feature values, indexed like HAND_FEATURES. */
  hand: number[];
  /** First token that triggered each hand feature (-1 if none or not token-based)... */
  evidence: number[];
  /** ...and how many tokens the trigger spans ("more than" is 2). */
  evidenceLength: number[];
}

/** Letters and combining marks of any script (the rare non-ASCII path). */
const LETTER_RE = /^[\p{L}\p{M}]$/u;

/** Length in UTF-16 units of the letter at s[i] (0 if none), astral letters included. */
function letterAt(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const c = s.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return 1;
  if (c < 0xaa) return 0;
  if (c >= 0xd800 && c <= 0xdbff) return LETTER_RE.test(s.slice(i, Math.min(i + 2, end))) ? 2 : 0;
  return isBmpLetter(c) ? 1 : 0;
}

/** LETTER_RE of a character outside the surrogates, asked once per character: curly quotes and dashes are everywhere. */
const bmpLetters = new Int8Array(0x10000).fill(-1);
function isBmpLetter(c: number): boolean {
  let known = bmpLetters[c]!;
  if (known < 0) bmpLetters[c] = known = LETTER_RE.test(String.fromCharCode(c)) ? 1 : 0;
  return known === 1;
}

/** A–Z or a–z: setting bit 5 folds the capitals onto the small letters, and no other code lands there. */
function isAsciiLetter(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Split a sentence into words (letters with inner apostrophes or hyphens:
 * "don't", "well-known"), numbers (with inner separators: "7.5",
 * "1,000", "9:30") and the symbols that carry meaning for claims ($ € £ % ?).
 * Everything else separates tokens. Hand-written rather than a global regex
 * because exec() allocates a match object per token, which dominated the
 * per-sentence cost.
 */
export function tokenize(s: string, from = 0, to = s.length): string[] {
  // `from`/`to` tokenise s.slice(from, to) where it lies, without cutting it out.
  const n = tokenSpans(s, from, to, tokenizeSpans);
  const out: string[] = new Array<string>(n);
  for (let k = 0; k < n; k++) out[k] = s.slice(tokenizeSpans[2 * k]!, tokenizeSpans[2 * k + 1]!);
  return out;
}
/** tokenize's scratch: read back before the next call. */
const tokenizeSpans: number[] = [];

/**
 * Where tokenize's tokens lie: the k-th token is s.slice(out[2k], out[2k+1]).
 * Returns the number of tokens; `out` is overwritten from its start and may
 * hold stale entries past them. For callers that look tokens up by their
 * characters and so need not cut each one out.
 */
export function tokenSpans(s: string, from: number, to: number, out: number[]): number {
  let n = 0;
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    const start = i;
    let len = isAsciiLetter(c) ? 1 : letterAt(s, i, to);
    if (len > 0) {
      i += len;
      for (;;) {
        // A run of ASCII letters, the common case, at one compare a letter; letterAt for the rest.
        while (i < to && isAsciiLetter(s.charCodeAt(i))) i++;
        len = letterAt(s, i, to);
        if (len > 0) i += len;
        else {
          const d = i < to ? s.charCodeAt(i) : NaN;
          // Curly apostrophe too: news text uses it where the debates use '.
          if ((d === 39 || d === 0x2019 || d === 45) && letterAt(s, i + 1, to) > 0) i++;
          else break;
        }
      }
      out[n++] = start;
      out[n++] = i;
    } else if (isDigit(c)) {
      i++;
      for (;;) {
        const d = i < to ? s.charCodeAt(i) : NaN;
        if (isDigit(d)) i++;
        else if ((d === 46 || d === 44 || d === 58) && i + 1 < to && isDigit(s.charCodeAt(i + 1))) i += 2;
        else break;
      }
      out[n++] = start;
      out[n++] = i;
    } else {
      if (c === 36 || c === 0x20ac || c === 0xa3 || c === 37 || c === 63) {
        out[n++] = i;
        out[n++] = i + 1;
      }
      i++;
    }
  }
  return n >> 1;
}

/** Lower-case, with the curly apostrophe folded into ASCII as the debates mostly write it. */
function normaliseWord(raw: string): string {
  const lower = raw.toLowerCase();
  return lower.includes('’') ? lower.replaceAll('’', "'") : lower;
}

function setHand(ex: HandValues, id: number, token: number, length = 1): void {
  if (ex.hand[id] === 0) {
    ex.evidence[id] = token;
    ex.evidenceLength[id] = length;
  }
  ex.hand[id] = 1;
}

/**
 * What the hand features ask of a token, in one number. Of the model token
 * (see wordInfo): 1 + the hand cue it triggers (0 for none) in the low bits,
 * and flags; of the token as written (see surfaceInfo): the flags from
 * INFO_DIGIT on.
 */
const INFO_CUE = 31;
const INFO_NOT_ENTITY = 32;
const INFO_FIRST_PERSON = 64;
/** Can start a multi-word cue (see handFeatures): any other token starts none. */
const INFO_PAIR_HEAD = 128;
/** The model token is `<year>`. */
const INFO_YEAR = 256;
/** Written with a leading digit: a number. */
const INFO_DIGIT = 512;
/** Its first character is not the model token's: a capital (or a number). */
const INFO_CAPITALISED = 1024;
/** One of the symbols $ % ? € £, which are not words. */
const INFO_SYMBOL = 2048;

/** A token as the hand features see it: the model token and the info of both it and the surface. */
interface HandToken {
  readonly tok: string;
  readonly info: number;
}

/** WORD_CUES (and "?"), NOT_ENTITY, FIRST_PERSON and the cue heads in one number: a pure function of the model token. */
function wordInfo(tok: string): number {
  const id = WORD_CUES.get(tok);
  let info = id !== undefined ? H[id] + 1 : tok === '?' ? H.question + 1 : 0;
  if (NOT_ENTITY.has(tok)) info |= INFO_NOT_ENTITY;
  if (FIRST_PERSON.has(tok)) info |= INFO_FIRST_PERSON;
  if (
    FIRST_PERSON.has(tok) || tok === 'in' || tok === 'to' || tok === 'more' || tok === 'less' || (tok.length > 4 && tok.endsWith('er')) ||
    tok === 'per' || tok === 'going' || tok === 'march' || tok === 'may'
  ) info |= INFO_PAIR_HEAD;
  if (tok === '<year>') info |= INFO_YEAR;
  return info;
}

/** The flags of a token as written (`raw`) against its model token `tok`. */
function surfaceInfo(raw: string, tok: string): number {
  const c = raw.charCodeAt(0);
  let info = 0;
  if (c >= 48 && c <= 57) info |= INFO_DIGIT;
  if (c !== tok.charCodeAt(0)) info |= INFO_CAPITALISED;
  if (c === 36 || c === 37 || c === 63 || c === 0x20ac || c === 0xa3) info |= INFO_SYMBOL;
  return info;
}

/** Tokenise a sentence and compute its hand features. */
export function extractFeatures(sentence: string): ExtractedFeatures {
  return featuresOfTokens(tokenize(sentence));
}

/**
 * Hand features of an already tokenised sentence. `lower`, when given, holds
 * each surface token lower-cased with the curly apostrophe folded (exactly
 * what normaliseWord returns), so a caller that has it need not redo it.
 */
export function featuresOfTokens(surfaces: string[], lower?: readonly string[]): ExtractedFeatures {
  const tokens = normalisedTokens(surfaces, lower);
  const ex = newFeatures(surfaces, tokens);
  handFeatures(
    tokens.map((tok, i) => ({ tok, info: wordInfo(tok) | surfaceInfo(surfaces[i]!, tok) })),
    ex,
  );
  return ex;
}

/** Features with no hand feature set yet, for handFeatures to fill. */
function newFeatures(surfaces: string[], tokens: string[]): ExtractedFeatures {
  return { tokens, surfaces, ...noHandFeatures() };
}

/** Hand values with no feature set yet. */
function noHandFeatures(): HandValues {
  // Plain arrays: this runs once per sentence and small typed arrays are slower to allocate.
  const hand: number[] = new Array<number>(HAND_FEATURES.length).fill(0);
  const evidence: number[] = new Array<number>(HAND_FEATURES.length).fill(-1);
  const evidenceLength: number[] = new Array<number>(HAND_FEATURES.length).fill(0);
  return { hand, evidence, evidenceLength };
}

/** Hand values set back to none, for a record that is reused. */
function clearHandFeatures(hv: HandValues): void {
  // One loop rather than three fill calls: the arrays are short and this runs once per sentence.
  const { hand, evidence, evidenceLength } = hv;
  for (let h = 0; h < hand.length; h++) {
    hand[h] = 0;
    evidence[h] = -1;
    evidenceLength[h] = 0;
  }
}

/** The model's tokens for a sentence: lowercased words (see featuresOfTokens), `<num>` and `<year>` for numbers. */
function normalisedTokens(surfaces: readonly string[], lower?: readonly string[]): string[] {
  const tokens: string[] = new Array<string>(surfaces.length);
  for (let i = 0; i < surfaces.length; i++) tokens[i] = normalisedToken(surfaces[i]!, lower?.[i]);
  return tokens;
}

function normalisedToken(raw: string, lower: string | undefined): string {
  const c = raw.charCodeAt(0);
  // Numbers: the exact value rarely matters, the presence of one does.
  if (c >= 48 && c <= 57) return YEAR_RE.test(raw) ? '<year>' : '<num>';
  return lower ?? normaliseWord(raw);
}

/** The hand features of a sentence's tokens, written into `ex`, which must have none set yet. */
function handFeatures(toks: readonly HandToken[], ex: HandValues): void {
  const { hand, evidence, evidenceLength } = ex;
  const n = toks.length;
  let entities = 0;
  let firstWord = true;
  let firstPerson = 0;
  let heads = 0;
  for (let i = 0; i < n; i++) {
    const { info } = toks[i]!;
    if (info & INFO_DIGIT) {
      setHand(ex, info & INFO_YEAR ? H.date : H.figure, i);
    } else {
      // A capital letter after the first word is the cheapest named-entity signal there is.
      if (!firstWord && (info & (INFO_CAPITALISED | INFO_NOT_ENTITY)) === INFO_CAPITALISED) {
        if (entities++ === 0) {
          evidence[H.entity] = i;
          evidenceLength[H.entity] = 1;
        }
      }
      if ((info & INFO_SYMBOL) === 0) firstWord = false;
      const id = info & INFO_CUE;
      if (id !== 0) setHand(ex, id - 1, i);
      if (info & INFO_FIRST_PERSON) firstPerson++;
    }
    if (info & INFO_PAIR_HEAD) heads++;
  }

  // Multi-word cues.
  for (let i = 0; heads > 0 && i + 1 < n; i++) {
    if ((toks[i]!.info & INFO_PAIR_HEAD) === 0) continue;
    heads--;
    const a = toks[i]!.tok;
    const b = toks[i + 1]!.tok;
    if (firstPerson > 0 && FIRST_PERSON.has(a) && OPINION_VERBS.has(b)) setHand(ex, H.opinion, i, 2);
    else if ((a === 'in' || a === 'to') && b === 'my' && i + 2 < n && OPINION_NOUNS.has(toks[i + 2]!.tok)) setHand(ex, H.opinion, i, 3);
    else if (b === 'than' && (a === 'more' || a === 'less' || (a.length > 4 && a.endsWith('er')))) setHand(ex, H.comparison, i, 2);
    else if (a === 'per' && b === 'cent') setHand(ex, H.percent, i, 2);
    else if (a === 'going' && b === 'to') setHand(ex, H.promise, i, 2);
    else if ((a === 'march' || a === 'may') && (b === '<num>' || b === '<year>')) setHand(ex, H.date, i, 2);
  }
  if (entities > 0) hand[H.entity] = Math.min(entities, 3) / 3;
  if (n <= 5) hand[H.short] = 1;
  else if (n >= 25) hand[H.long] = 1;
}

/** Feature families, as passed to a FeatureVisitor (also indexes the weight maps). */
export const Family = { Word: 0, Bigram: 1, Char: 2 } as const;
export type Family = (typeof Family)[keyof typeof Family];

/**
 * Receives every n-gram feature of a sentence. `tokenA`/`tokenB` are the
 * tokens the feature came from (equal except for bigrams), so inference can
 * attribute contributions to words for the reasons.
 */
export type FeatureVisitor = (family: Family, key: string, value: number, tokenA: number, tokenB: number) => void;

function isWordToken(tok: string): boolean {
  const c = tok.charCodeAt(0);
  return c !== 60 /* < */ && c !== 36 && c !== 37 && c !== 63 && c !== 0x20ac && c !== 0xa3;
}

/** Visit the n-gram features (not the hand features) of an extracted sentence. */
export function visitNgrams(ex: ExtractedFeatures, config: FeatureConfig, visit: FeatureVisitor): void {
  const { tokens } = ex;
  const n = tokens.length;
  if (n === 0) return;

  const wordValue = config.normalize ? 1 / Math.sqrt(n) : 1;
  for (let i = 0; i < n; i++) visit(Family.Word, tokens[i]!, wordValue, i, i);

  if (config.bigrams && n > 1) {
    const v = config.normalize ? 1 / Math.sqrt(n - 1) : 1;
    for (let i = 0; i + 1 < n; i++) visit(Family.Bigram, tokens[i]! + ' ' + tokens[i + 1]!, v, i, i + 1);
  }

  if (config.charMax > 0) {
    // Char n-grams of each word padded with spaces, so prefixes and suffixes
    // ("un-", "-est", "-ion") are distinguishable from word-internal grams.
    let count = 0;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (!isWordToken(t)) continue;
      const len = t.length + 2;
      for (let g = config.charMin; g <= config.charMax && g <= len; g++) count += len - g + 1;
    }
    if (count === 0) return;
    const v = config.normalize ? 1 / Math.sqrt(count) : 1;
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (!isWordToken(t)) continue;
      const padded = ' ' + t + ' ';
      for (let g = config.charMin; g <= config.charMax && g <= padded.length; g++) {
        for (let s = 0; s + g <= padded.length; s++) visit(Family.Char, padded.substring(s, s + g), v, i, i);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

export type CheckWorthinessScorer = (sentence: string) => CheckWorthiness;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** What one distinct token contributes, before the per-sentence normalisation. */
interface TokenWeights {
  /** The model's token (see normalisedTokens). */
  tok: string;
  /** Unigram weight (0 if unknown). */
  word: number;
  /** Sum of the weights of the token's char n-grams. */
  charSum: number;
  /** Number of char n-grams the token emits (known or not): the normaliser counts all. */
  charCount: number;
  /** The token's number among the first words of the model's bigrams, -1 if it starts none. */
  first: number;
  /** The token's number among the second words of the model's bigrams, -1 if it ends none. */
  second: number;
  /** wordInfo of the token, so that scoring a sentence looks each token up once. */
  info: number;
}

/** A token as written: its model token's weights, and what the hand features and reasons need of the surface. */
interface SurfaceWeights extends TokenWeights {
  /** wordInfo of the model token and surfaceInfo of the surface. */
  info: number;
  /** The token as written, for reasons. */
  surface: string;
}

/**
 * Bigram weights by the numbers of their two words: one open-addressing
 * table in two typed arrays, so a look-up is a multiply and a probe or two
 * into contiguous memory, with no strings compared and no numbers unboxed.
 */
class PairWeights {
  /**
   * Per slot its key (first * seconds + second; -1 for an empty slot) and
   * then its weight, side by side: a look-up that finds its key has the
   * weight in the same cache line rather than in a second array.
   */
  readonly #slots: Float64Array;
  readonly #shift: number;
  readonly #mask: number;

  /**
   * The k-th of `count` pairs is first word number `firsts[k]`, second word
   * number `secondsOf[k]` (below `seconds`), weight `weights[k]`: columns
   * rather than a small array per pair, which start-up would allocate by the
   * ten thousand.
   */
  constructor(
    count: number, firsts: Int32Array, secondsOf: Int32Array, weights: Float64Array,
    readonly seconds: number,
  ) {
    // At most half full, so probes stay short.
    let bits = 4;
    while (1 << bits < count * 2) bits++;
    this.#slots = new Float64Array(2 << bits);
    for (let s = 0; s < this.#slots.length; s += 2) this.#slots[s] = -1;
    this.#shift = 32 - bits;
    this.#mask = (1 << bits) - 1;
    for (let k = 0; k < count; k++) {
      const key = firsts[k]! * seconds + secondsOf[k]!;
      let slot = this.#slot(key);
      while (this.#slots[2 * slot] !== -1) slot = (slot + 1) & this.#mask;
      this.#slots[2 * slot] = key;
      this.#slots[2 * slot + 1] = weights[k]!;
    }
  }

  #slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.#shift;
  }

  get(first: number, second: number): number | undefined {
    const key = first * this.seconds + second;
    const slots = this.#slots;
    for (let slot = this.#slot(key); ; slot = (slot + 1) & this.#mask) {
      const at = slots[2 * slot]!;
      if (at === key) return slots[2 * slot + 1];
      if (at === -1) return undefined;
    }
  }
}

/**
 * Bound on memoised tokens. Vocabulary is Zipfian, so a few tens of thousands
 * of entries cover almost every lookup; clearing when full keeps memory flat
 * and cannot change results, since entries are pure functions of the token.
 */
const TOKEN_CACHE_LIMIT = 50_000;

/**
 * Build a scorer for a model. `scoreCheckWorthiness` is this applied to the
 * shipped model; training uses it to evaluate the exact (rounded) weights it
 * is about to write.
 *
 * Computes the same sum as walking `visitNgrams`, but the unigram and
 * char-n-gram part of each distinct token is memoised: char n-grams are ~90%
 * of all features and depend only on the token, so a sentence costs one Map
 * lookup per token plus one per bigram.
 */
export function createCheckWorthinessScorer(m: CheckWorthinessModel): CheckWorthinessScorer {
  const { scoreFeatures } = createTokenScorer(m);
  return (sentence: string): CheckWorthiness => withReasons(scoreFeatures(extractFeatures(sentence)));
}

/** A score with what its reasons are built from, so they can be built only when wanted. */
interface Scored {
  score: number;
  ex: ExtractedFeatures;
  perToken: Contributions;
  handContrib: Contributions;
}

/** Log-odds contributions, indexed by token or by hand feature. */
type Contributions = Float64Array;

interface FeatureScorer {
  /** Scores an already extracted sentence (see featuresOfTokens). */
  scoreFeatures: (ex: ExtractedFeatures) => Scored;
  /**
   * The score of a sentence with each token already looked up, with nothing
   * kept for reasons: most scores never need them.
   */
  scoreOnly: (weights: readonly SurfaceWeights[]) => number;
  /** The first `limit` reasons for the same score (see explain). */
  explainWeights: (weights: readonly SurfaceWeights[], limit: number) => string[];
  /** What the model makes of one token as written, and lowercased as featuresOfTokens takes it. */
  weightsOf: (surface: string, lower: string | undefined) => SurfaceWeights;
}

const withReasons = (s: Scored): CheckWorthiness => {
  const { ex } = s;
  const words = ex.tokens.map((tok, i) => ({ tok, surface: ex.surfaces[i]! }));
  return { score: s.score, reasons: explain(ex, words, s.perToken, s.handContrib) };
};

/**
 * A Map of an object's own entries. for...in rather than Object.entries: the
 * model's tables are objects with tens of thousands of keys, and a pair array
 * per key made building them a good part of every thread's start-up.
 */
function mapOf(o: Record<string, number>): Map<string, number> {
  const map = new Map<string, number>();
  for (const k in o) if (Object.hasOwn(o, k)) map.set(k, o[k]!);
  return map;
}

function createTokenScorer(m: CheckWorthinessModel): FeatureScorer {
  const words = mapOf(m.words);
  // Bigrams by the numbers of their words, given once and kept on the
  // memoised token entry: a lookup of "a b" in a Map would cost a string
  // build and a cache miss per pair, and a token that starts or ends no
  // bigram skips the lookup altogether.
  const firstIds = new Map<string, number>();
  const secondIds = new Map<string, number>();
  const number = (ids: Map<string, number>, w: string): number => {
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    return id;
  };
  const bigramKeys = Object.keys(m.bigrams);
  const firsts = new Int32Array(bigramKeys.length);
  const seconds = new Int32Array(bigramKeys.length);
  const bigramWeights = new Float64Array(bigramKeys.length);
  for (let k = 0; k < bigramKeys.length; k++) {
    const key = bigramKeys[k]!;
    const sep = key.indexOf(' ');
    firsts[k] = number(firstIds, key.slice(0, sep));
    seconds[k] = number(secondIds, key.slice(sep + 1));
    bigramWeights[k] = m.bigrams[key]!;
  }
  const bigrams = new PairWeights(bigramKeys.length, firsts, seconds, bigramWeights, secondIds.size);
  const chars = mapOf(m.chars);
  const handWeights = Float64Array.from(HAND_FEATURES, (f) => m.hand[f.id] ?? 0);
  const { config, bias } = m;
  const cache = new Map<string, TokenWeights>();
  const surfaceCache = new Map<string, SurfaceWeights>();

  /** The weights of a model token. */
  const tokenWeightsOf = (tok: string): TokenWeights => {
    let tw = cache.get(tok);
    if (tw !== undefined) return tw;
    tw = { tok, word: words.get(tok) ?? 0, charSum: 0, charCount: 0, first: firstIds.get(tok) ?? -1, second: secondIds.get(tok) ?? -1, info: wordInfo(tok) };
    if (config.charMax > 0 && isWordToken(tok)) {
      const padded = ' ' + tok + ' ';
      for (let g = config.charMin; g <= config.charMax && g <= padded.length; g++) {
        for (let s = 0; s + g <= padded.length; s++) {
          tw.charSum += chars.get(padded.substring(s, s + g)) ?? 0;
          tw.charCount++;
        }
      }
    }
    if (cache.size >= TOKEN_CACHE_LIMIT) cache.clear();
    cache.set(tok, tw);
    return tw;
  };

  /** The weights of a token as written: its model token's, with what the hand features ask of the surface. */
  const weightsOf = (surface: string, lower: string | undefined): SurfaceWeights => {
    let sw = surfaceCache.get(surface);
    if (sw !== undefined) return sw;
    const tw = tokenWeightsOf(normalisedToken(surface, lower));
    const { tok, word, charSum, charCount, first, second } = tw;
    sw = { tok, word, charSum, charCount, first, second, info: tw.info | surfaceInfo(surface, tok), surface };
    if (surfaceCache.size >= TOKEN_CACHE_LIMIT) surfaceCache.clear();
    surfaceCache.set(surface, sw);
    return sw;
  };

  const weigh = (tokens: readonly string[]): TokenWeights[] => {
    const infos: TokenWeights[] = new Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) infos[i] = tokenWeightsOf(tokens[i]!);
    return infos;
  };

  /**
   * bias + every contribution, always added in the same order so that a score
   * is the same number whether or not reasons are wanted. `perToken` (zeros),
   * when given, receives each token's share of the n-gram contributions and
   * `handContrib` each hand feature's, for reasons.
   */
  const logitOf = (hand: readonly number[], infos: readonly TokenWeights[], perToken?: Contributions, handContrib?: Contributions): number => {
    const n = infos.length;
    let z = bias;
    if (n > 0) {
      let charCount = 0;
      for (let i = 0; i < n; i++) charCount += infos[i]!.charCount;
      const wordValue = config.normalize ? 1 / Math.sqrt(n) : 1;
      const charValue = config.normalize && charCount > 0 ? 1 / Math.sqrt(charCount) : 1;
      for (let i = 0; i < n; i++) {
        const tw = infos[i]!;
        const c = tw.word * wordValue + tw.charSum * charValue;
        if (perToken) perToken[i] = c;
        z += c;
      }
      if (config.bigrams && n > 1) {
        const bigramValue = config.normalize ? 1 / Math.sqrt(n - 1) : 1;
        for (let i = 0; i + 1 < n; i++) {
          const first = infos[i]!.first;
          const second = infos[i + 1]!.second;
          const w = first < 0 || second < 0 ? undefined : bigrams.get(first, second);
          if (w === undefined) continue;
          // A bigram is credited half to each of its words.
          const c = w * bigramValue;
          if (perToken) {
            perToken[i]! += c / 2;
            perToken[i + 1]! += c / 2;
          }
          z += c;
        }
      }
    }
    for (let h = 0; h < HAND_FEATURES.length; h++) {
      const c = handWeights[h]! * hand[h]!;
      if (handContrib) handContrib[h] = c;
      z += c;
    }
    return z;
  };

  const scoreWeighed = (ex: ExtractedFeatures, infos: readonly TokenWeights[]): Scored => {
    const perToken = new Float64Array(infos.length);
    const handContrib = new Float64Array(HAND_FEATURES.length);
    const z = logitOf(ex.hand, infos, perToken, handContrib);
    return { score: sigmoid(z), ex, perToken, handContrib };
  };

  // Reasons are wanted for a minority of scores, one at a time: their working arrays are reused too.
  const why = noHandFeatures();
  let whyPerToken = new Float64Array(64);
  const whyHand = new Float64Array(HAND_FEATURES.length);
  const explainWeights = (infos: readonly SurfaceWeights[], limit: number): string[] => {
    const n = infos.length;
    // The sentence scoreOnly saw last: its sums are still at hand, the same numbers this would work out again.
    if (infos === lastScored) return explain(scratch, infos, scratchPerToken, scratchHand, limit);
    clearHandFeatures(why);
    handFeatures(infos, why);
    if (whyPerToken.length < n) whyPerToken = new Float64Array(2 * n);
    const perToken = whyPerToken.fill(0, 0, n);
    logitOf(why.hand, infos, perToken, whyHand);
    return explain(why, infos, perToken, whyHand, limit);
  };

  // One sentence is scored at a time, so scoreOnly's hand features and contributions live in reused
  // records; they stay valid for explaining that sentence until the next one is scored (see lastScored).
  const scratch = noHandFeatures();
  let scratchPerToken = new Float64Array(64);
  const scratchHand = new Float64Array(HAND_FEATURES.length);
  let lastScored: readonly SurfaceWeights[] | undefined;
  const scoreOnly = (infos: readonly SurfaceWeights[]): number => {
    clearHandFeatures(scratch);
    handFeatures(infos, scratch);
    if (scratchPerToken.length < infos.length) scratchPerToken = new Float64Array(2 * infos.length);
    // logitOf assigns every token's and hand feature's share before adding to it: no clearing needed.
    const z = logitOf(scratch.hand, infos, scratchPerToken, scratchHand);
    lastScored = infos;
    return sigmoid(z);
  };

  return {
    scoreFeatures: (ex) => scoreWeighed(ex, weigh(ex.tokens)),
    scoreOnly,
    explainWeights,
    weightsOf,
  };
}

/** `+0.21` / `−0.30`, with a real minus sign so the sign is easy to spot. */
function signed(x: number): string {
  const r = Math.abs(x).toFixed(2);
  return x >= 0 ? `+${r}` : `−${r}`;
}

/** Contributions smaller than this (log-odds) are not worth a reviewer's attention. */
const MIN_REASON_CONTRIBUTION = 0.05;
const MAX_REASONS = 4;
const MAX_WORDS_PER_REASON = 3;

/**
 * Turn contributions into 1–4 short explanations, largest first. The number
 * in each is the group's contribution in log-odds (the score is the logistic
 * of bias + all contributions): unlike a change in probability it does not
 * shrink to nothing once a sentence is already near 0 or 1, so a reviewer
 * still sees *why* a clear-cut sentence scored as it did.
 *
 * A hand cue absorbs the word weights of the tokens that triggered it
 * ("percent" counts once, under "a percentage"); the remaining words are
 * grouped by direction so one reason can name several of them.
 *
 * Runs on every call, so text is only built for the reasons that are kept.
 */
function explain(ex: HandValues, words: readonly Word[], perToken: Contributions, handContrib: Contributions, limit = MAX_REASONS): string[] {
  const n = words.length;
  // Working arrays are reused (one sentence is explained at a time): only the reasons' text is new.
  if (claimedScratch.length < n) claimedScratch = new Uint8Array(2 * n);
  const claimed = claimedScratch.fill(0, 0, n);
  // Candidates 0..H-1 are hand cues, H is "words for", H+1 is "words against".
  const contribution = contributionScratch.fill(0);
  const present = presentScratch.fill(0);

  for (let h = 0; h < HAND_FEATURES.length; h++) {
    if (ex.hand[h] === 0) continue;
    present[h] = 1;
    let c = handContrib[h]!;
    const e = ex.evidence[h]!;
    if (e >= 0) {
      for (let i = e, end = e + ex.evidenceLength[h]!; i < end; i++) {
        if (claimed[i]) continue;
        claimed[i] = 1;
        c += perToken[i]!;
      }
    }
    contribution[h] = c;
  }
  const FOR = HAND_FEATURES.length;
  const AGAINST = FOR + 1;
  for (let i = 0; i < n; i++) {
    if (claimed[i]) continue;
    const c = perToken[i]!;
    const slot = c > 0 ? FOR : c < 0 ? AGAINST : -1;
    if (slot < 0) continue;
    contribution[slot]! += c;
    present[slot] = 1;
  }

  const magnitude = magnitudeScratch;
  for (let k = 0; k < magnitude.length; k++) {
    const c = contribution[k]!;
    magnitude[k] = present[k] && Math.abs(c) >= MIN_REASON_CONTRIBUTION ? Math.abs(c) : 0;
  }
  const order = topIndices(magnitude, magnitude.length, MAX_REASONS);
  if (order.length === 0) return ['no strong cues either way'];

  const reasons: string[] = [];
  for (const k of order) {
    if (reasons.length >= limit) break;
    let text: string;
    if (k < FOR) {
      text = HAND_FEATURES[k]!.label;
      const e = ex.evidence[k]!;
      if (e >= 0) {
        // The trigger's words as written, space-separated.
        let quoted = words[e]!.surface;
        for (let i = e + 1, end = e + ex.evidenceLength[k]!; i < end; i++) quoted += ' ' + words[i]!.surface;
        text += ` "${quoted}"`;
      }
    } else {
      text = describeWords(words, perToken, claimed, k === FOR ? 1 : -1);
    }
    reasons.push(`${text} (${signed(contribution[k]!)})`);
  }
  return reasons;
}

/** What reasons name of a token: its model token and how it is written. */
interface Word {
  readonly tok: string;
  readonly surface: string;
}

/** `words "percent", "million"`: the unclaimed tokens pushing hardest in one direction. */
function describeWords(words: readonly Word[], perToken: Contributions, claimed: Uint8Array, sign: number): string {
  const n = words.length;
  if (strengthScratch.length < n) strengthScratch = new Float64Array(2 * n);
  const strength = strengthScratch;
  for (let i = 0; i < n; i++) strength[i] = claimed[i] ? 0 : Math.max(0, perToken[i]! * sign);
  // A repeated word is named once; a few spare candidates cover the repeats.
  let names = '';
  const picked: string[] = [];
  for (const i of topIndices(strength, n, 2 * MAX_WORDS_PER_REASON)) {
    const { tok, surface } = words[i]!;
    if (picked.includes(tok)) continue;
    names += picked.length === 0 ? `"${surface}"` : `, "${surface}"`;
    picked.push(tok);
    if (picked.length === MAX_WORDS_PER_REASON) break;
  }
  return `${picked.length === 1 ? 'word' : 'words'} ${names}`;
}

/** explain's working arrays (see there). */
let claimedScratch = new Uint8Array(64);
let strengthScratch = new Float64Array(64);
const contributionScratch = new Float64Array(HAND_FEATURES.length + 2);
const presentScratch = new Uint8Array(HAND_FEATURES.length + 2);
const magnitudeScratch = new Float64Array(HAND_FEATURES.length + 2);

/**
 * Indices of the `k` largest positive values among the first `length`,
 * largest first, ties to the lower index (deterministic). A selection pass:
 * the arrays are short and this runs on every call, where a comparator sort
 * was measurably slower.
 */
function topIndices(values: Float64Array, length: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (!(v > 0)) continue;
    let pos = out.length;
    while (pos > 0 && values[out[pos - 1]!]! < v) pos--;
    if (pos >= k) continue;
    // Insert at pos, shifting the tail right and dropping the (k+1)-th.
    for (let j = Math.min(out.length, k - 1); j > pos; j--) out[j] = out[j - 1]!;
    out[pos] = i;
  }
  return out;
}

/** The shipped model's weights, parsed once at import. */
export const CHECKWORTHINESS_MODEL: CheckWorthinessModel = model;

/** Decision threshold, chosen by cross-validation on the training pool (see the model file). */
export const CHECKWORTHY_THRESHOLD: number = CHECKWORTHINESS_MODEL.threshold;

const scoreShippedFeatures: FeatureScorer = createTokenScorer(CHECKWORTHINESS_MODEL);

/** Score how check-worthy a sentence is, with reasons. Pure and deterministic. */
export const scoreCheckWorthiness: CheckWorthinessScorer = (sentence) => withReasons(scoreShippedFeatures.scoreFeatures(extractFeatures(sentence)));

/** A score whose reasons are built on demand: `reasons(k)` is the first k of CheckWorthiness.reasons. */
export interface LazyCheckWorthiness {
  score: number;
  reasons: (limit?: number) => string[];
}

/**
 * One token as the shipped model sees it: for callers that remember their
 * tokens (a vocabulary is Zipfian), so that scoring a sentence looks none up.
 * `lower` is the token lower-cased with the curly apostrophe folded.
 */
export type ModelToken = Readonly<SurfaceWeights>;
export const modelToken = (surface: string, lower: string): ModelToken => scoreShippedFeatures.weightsOf(surface, lower);

/**
 * The score of a sentence whose tokens were looked up as modelToken made them: callers that discard
 * most scores skip writing their reasons.
 */
export function scoreCheckWorthinessModelTokens(tokens: readonly ModelToken[]): LazyCheckWorthiness {
  return new LazyScore(tokens);
}

/**
 * Scores without what reasons are built from, which most callers never ask
 * for; reasons() works it out again from the same tokens, with the same sums.
 * The array is the caller's and must not change afterwards.
 */
class LazyScore implements LazyCheckWorthiness {
  readonly score: number;
  readonly #tokens: readonly SurfaceWeights[];
  constructor(tokens: readonly SurfaceWeights[]) {
    this.score = scoreShippedFeatures.scoreOnly(tokens);
    this.#tokens = tokens;
  }
  reasons(limit = MAX_REASONS): string[] {
    return scoreShippedFeatures.explainWeights(this.#tokens, Math.min(limit, MAX_REASONS));
  }
}
