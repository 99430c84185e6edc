/**
 * Captions: picture captions, photo credits, bare name or place lines and the
 * descriptive labels that web copy leaves between body paragraphs; and the
 * two defects they most often carry — a caption printed twice (the caption
 * and its alt text, or a near copy of a body sentence) and a caption run into
 * the sentence after it ("…, 2019The country is …").
 *
 * A caption is decided from the shape of its line and where it sits, never
 * from vocabulary of particular articles: short next to the body, no verb
 * doing the work of a sentence, no full stop or a bare name, a credit cue,
 * body paragraphs around it, a copy of itself next to it. Verbs are found
 * with closed word classes (auxiliaries, modals, common irregular pasts) and
 * a few suffix rules, because captions are written as noun phrases or in the
 * present tense while short body sentences almost always carry a past tense
 * or an auxiliary. Every comparison is local (adjacent lines, a window of a
 * few paragraphs), so the pass is linear in the length of the article.
 */
import type { Root } from 'mdast';
import type { Transformer } from 'unified';
import { contextOf, type SourceContext } from './context.js';
import { makeFlag } from './flags.js';
import { shortHash } from './hash.js';
import { isSpace, trimSpan } from './spans.js';
import type { Caption, Flag, FlagSpan, Paragraph, Sentence, Span } from './types.js';

// ---------------------------------------------------------------------------
// Tokens and the shape of a line

/**
 * A token of a span of text. Its text and normal form are cut out only when first asked for: most
 * tokens are only counted, compared by length or looked at for their first letter.
 */
class Token implements Span {
  private rawText: string | undefined;
  private normText: string | undefined;
  /** The closed classes of its normal form (see WORD_CLASSES), once asked for; -1 before. */
  private classBits = -1;

  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
    /** No unit of the token is outside ASCII. */
    private readonly ascii: boolean,
  ) {}

  get raw(): string {
    return (this.rawText ??= this.source.slice(this.start, this.end));
  }

  /** raw.charCodeAt(0), and (1) for a token of two units or more. */
  get firstUnit(): number {
    return this.source.charCodeAt(this.start);
  }

  get secondUnit(): number {
    return this.source.charCodeAt(this.start + 1);
  }

  /** hasDigit(raw), read in the source when the token is ASCII: most tokens are asked only that of their text. */
  holdsDigit(): boolean {
    if (!this.ascii) return hasDigit(this.raw);
    for (let i = this.start; i < this.end; i++) {
      const c = this.source.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) return true;
    }
    return false;
  }

  /** isLowerStart(raw), read in the source. */
  opensLower(): boolean {
    const c = this.source.charCodeAt(this.start);
    if (c < 0x80) return c >= 0x61 && c <= 0x7a;
    return isHighSurrogate(c) ? LOWER_START.test(this.raw) : (unitClass(c) & UNIT_LL) !== 0;
  }

  /** isUpperStart(raw), read in the source. */
  opensUpper(): boolean {
    const c = this.source.charCodeAt(this.start);
    if (c < 0x80) return c >= 0x41 && c <= 0x5a;
    return isHighSurrogate(c) ? UPPER_START.test(this.raw) : (unitClass(c) & UNIT_LU) !== 0;
  }

  /** norm === w, read in the source when the token is ASCII (lowercased, its own normal form). */
  normIs(w: string): boolean {
    if (this.normText !== undefined || !this.ascii) return this.norm === w;
    if (this.end - this.start !== w.length) return false;
    for (let k = 0; k < w.length; k++) {
      const c = this.source.charCodeAt(this.start + k);
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== w.charCodeAt(k)) return false;
    }
    return true;
  }

  /** An article: "a", "an" or "the" (read in the source when ASCII, as normIs would). */
  isArticle(): boolean {
    if (!this.ascii) return ARTICLES.has(this.norm);
    const n = this.end - this.start;
    if (n > 3) return false;
    const c0 = this.source.charCodeAt(this.start) | 0x20;
    if (n === 1) return c0 === 0x61;
    if (n === 2) return c0 === 0x61 && (this.source.charCodeAt(this.start + 1) | 0x20) === 0x6e;
    return c0 === 0x74 && (this.source.charCodeAt(this.start + 1) | 0x20) === 0x68 && (this.source.charCodeAt(this.start + 2) | 0x20) === 0x65;
  }

  /** classOf(norm), remembered: mainVerb asks of each token and of its neighbours, and is run again on longer prefixes. */
  get cls(): number {
    if (this.classBits < 0) this.classBits = this.ascii && !classShaped(this.source, this.start, this.end) ? 0 : (WORD_CLASSES.get(this.norm) ?? 0);
    return this.classBits;
  }

  /** NFKC (so a no-break space is a space), lowercased, curly apostrophe straightened. */
  get norm(): string {
    return (this.normText ??= !this.ascii ? normOf(this.raw) : this.hasCapital() ? this.raw.toLowerCase() : this.raw);
  }

  /** An ASCII capital in the token: most words are their own normal form, and lowercasing is a call. */
  private hasCapital(): boolean {
    for (let i = this.start; i < this.end; i++) {
      const c = this.source.charCodeAt(i);
      if (c >= 0x41 && c <= 0x5a) return true;
    }
    return false;
  }
}

/**
 * Tokens of spans of the source text under analysis, by span (the lines' own are held by their
 * units): a sentence is compared with each caption near it. The token arrays are shared, so no
 * caller may change one.
 */
let memoText: string | undefined;
const memo = new Map<number, Token[]>();
/** Spans of a text this long have keys start · 2^26 + end that stay exact integers. */
const MEMO_SPAN = 0x4000000;

function memoFor(text: string | undefined): void {
  memoText = text !== undefined && text.length < MEMO_SPAN ? text : undefined;
  memo.clear();
  lineSpans.clear();
}

function tokenize(text: string, start: number, end: number): Token[] {
  return remembered(text, start, end) ?? remember(text, start, end, tokensOf(text, start, end));
}

function remembered(text: string, start: number, end: number): Token[] | undefined {
  return text === memoText ? memo.get(start * MEMO_SPAN + end) : undefined;
}

function remember(text: string, start: number, end: number, tokens: Token[]): Token[] {
  if (text === memoText) memo.set(start * MEMO_SPAN + end, tokens);
  return tokens;
}

/**
 * Words, numbers and joined forms that read as one token ("G7+1", "U.S", "Jean-Luc", "Reuters/AP"):
 * the matches of `/[\p{L}\p{N}]+(?:[-+'’./&][\p{L}\p{N}]+)*\+?/gu` in text.slice(start, end), which a
 * TokenWalk finds by hand.
 */
function tokensOf(text: string, start: number, end: number): Token[] {
  walk.over(text, start, end, Infinity);
  return walk.tokens(text);
}

/** ASCII units by what a walk makes of them: a letter or digit, and of those a capital. */
const ASCII_WORD = 1;
const ASCII_CAPITAL = 2;
const ASCII_CLASSES = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) ASCII_CLASSES[c] = ASCII_WORD;
  else if (c >= 0x41 && c <= 0x5a) ASCII_CLASSES[c] = ASCII_WORD | ASCII_CAPITAL;
}

/**
 * The TOKEN matches in a span, found by walking the units: a run of letters and digits, then each
 * joiner that has a letter or digit after it with its run, then an optional "+". The walk keeps
 * the spans it finds, not tokens, so one that is given up (a line too long to be a caption, found
 * so by the same walk that counts its words) leaves nothing behind. A walk either starts afresh
 * or, for the lines of a source, adds to the spans already kept, so that tokens can be made from
 * them later without walking the line again.
 */
class TokenWalk {
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private ascii = new Uint8Array(64);
  private count = 0;
  /** Where the last walk's spans start among those kept. */
  private from = 0;
  /** The token being walked has a unit outside ASCII. */
  private nonAscii = false;
  /** Whether the walk looks at each capital for a join (see gluedAt), from where, and what it found. */
  private watching = false;
  private spanStart = 0;
  private glue = false;
  /** Where a walk stopped for too many words: every unit before it has been walked. */
  private stoppedAt = 0;

  /**
   * A line's walk (words up to COUNTED_WORDS, as over), which also looks for a capital glued to what
   * precedes it, where alone a fused caption can start: every unit of the line passes through the
   * walk, so the line need not be read again for one (past where a walk of too many words stops,
   * it is read for that alone). `glued` then says what it found.
   */
  overLine(text: string, start: number, end: number): number {
    this.watching = true;
    this.spanStart = start;
    this.glue = false;
    const words = this.over(text, start, end, COUNTED_WORDS, true);
    this.watching = false;
    if (words > COUNTED_WORDS) {
      // A line too long to be a caption keeps no tokens.
      this.count = this.from;
      this.glue ||= mayJoin(text, start, end, this.stoppedAt);
    }
    return words;
  }

  /** What the last overLine found. */
  get glued(): boolean {
    return this.glue;
  }

  private noteCapital(text: string, i: number, end: number): void {
    if (!this.glue && i > this.spanStart && gluedAt(text, this.spanStart, end, i)) this.glue = true;
  }

  /**
   * Walks text.slice(start, end), looking at nothing outside it. Returns its words as wordsIn
   * counts them (runs of letters and digits), or limit + 1 once past limit, where the walk stops.
   * With `keep`, the spans of earlier walks are kept.
   */
  over(text: string, start: number, end: number, limit: number, keep = false): number {
    if (!keep) this.count = 0;
    this.from = this.count;
    let words = 0;
    let i = start;
    while (i < end) {
      const first = text.charCodeAt(i);
      // Spaces and punctuation, most of what is not a token, pass at a glance.
      if (first < 0x80 && !(ASCII_CLASSES[first]! & ASCII_WORD)) {
        i++;
        continue;
      }
      this.nonAscii = false;
      let next = this.runEnd(text, i, end);
      if (next === i) {
        // Not a letter or digit; of these only a surrogate can be such a capital.
        if (this.watching) this.noteCapital(text, i, end);
        i++;
        continue;
      }
      const from = i;
      for (;;) {
        if (++words > limit) {
          this.stoppedAt = i;
          return words;
        }
        i = next;
        // A joiner with a letter or digit after it joins the next run to the token.
        if (i + 1 >= end) break;
        const c = text.charCodeAt(i);
        if (c !== 0x2d && c !== 0x2b && c !== 0x27 && c !== 0x2019 && c !== 0x2e && c !== 0x2f && c !== 0x26) break;
        next = this.runEnd(text, i + 1, end);
        if (next === i + 1) break;
        if (c >= 0x80) this.nonAscii = true;
      }
      if (i < end && text.charCodeAt(i) === 0x2b) i++;
      this.keep(from, i, !this.nonAscii);
    }
    return words;
  }

  /** Where the run of letters and digits at i ends (i when there is none), noting a unit outside ASCII. */
  private runEnd(text: string, i: number, end: number): number {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        const k = ASCII_CLASSES[c]!;
        if (!(k & ASCII_WORD)) return i;
        if (k & ASCII_CAPITAL && this.watching) this.noteCapital(text, i, end);
        i++;
      } else {
        const n = wordUnitsAt(text, i, end);
        if (n === 0) return i;
        if (this.watching) {
          this.noteCapital(text, i, end);
          if (n === 2) this.noteCapital(text, i + 1, end);
        }
        this.nonAscii = true;
        i += n;
      }
    }
    return i;
  }

  /** How many tokens the last walk found, and where they are among those kept. */
  get found(): number {
    return this.count - this.from;
  }

  get offset(): number {
    return this.from;
  }

  /** Forgets every kept span. */
  clear(): void {
    this.count = 0;
    this.from = 0;
  }

  /** The tokens of the last walk (over text). */
  tokens(text: string): Token[] {
    const out: Token[] = [];
    for (let k = this.from; k < this.count; k++) out.push(this.tokenAt(text, k));
    return out;
  }

  /** The kept token at k, made from its span. */
  tokenAt(text: string, k: number): Token {
    return new Token(text, this.starts[k]!, this.ends[k]!, this.ascii[k] === 1);
  }

  startAt(k: number): number {
    return this.starts[k]!;
  }

  endAt(k: number): number {
    return this.ends[k]!;
  }

  /** looseKey(tokens).length of the last walk's tokens, without making them. */
  keyLength(text: string): number {
    let n = this.found - 1;
    for (let k = this.from; k < this.count; k++) n += this.ascii[k] === 1 ? this.ends[k]! - this.starts[k]! : normOf(text.slice(this.starts[k], this.ends[k])).length;
    return n;
  }

  private keep(start: number, end: number, ascii: boolean): void {
    if (this.count === this.starts.length) {
      this.starts = doubled(this.starts, new Int32Array(this.count * 2));
      this.ends = doubled(this.ends, new Int32Array(this.count * 2));
      this.ascii = doubled(this.ascii, new Uint8Array(this.count * 2));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.ascii[this.count] = ascii ? 1 : 0;
    this.count++;
  }
}

/** `into`, twice as long as `from`, with what `from` holds. */
function doubled<T extends Int32Array | Uint8Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

const walk = new TokenWalk();
/** The tokens of the source's lines, kept as spans by the walk that made each unit. */
const lineSpans = new TokenWalk();

/** Units that the letter or digit at i takes up (2 for a surrogate pair), or 0 when there is none before end. */
function wordUnitsAt(text: string, i: number, end: number): number {
  if (i >= end) return 0;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) return wordCodePoint(text.slice(i, i + 2)) ? 2 : 0;
  return unitClass(c) & (UNIT_L | UNIT_N) ? 1 : 0;
}

/** Normalised forms of the non-ASCII words seen, bounded so a long run of sources does not grow it without end. */
const NORMS = new Map<string, string>();

/** A token's `norm`: ASCII is its own NFKC form and has no curly apostrophe, so lowercasing is all it needs. */
function normOf(raw: string): string {
  let ascii = true;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return raw.toLowerCase();
  let norm = NORMS.get(raw);
  if (norm === undefined) {
    norm = raw.normalize('NFKC').toLowerCase().replace(/’/g, "'");
    if (NORMS.size >= 10000) NORMS.clear();
    NORMS.set(raw, norm);
  }
  return norm;
}

// Regular expressions with Unicode property escapes are built once here: the TypeScript loader turns a
// literal of this kind into a `new RegExp(…)` call, which inside a function runs on every call.
const UPPER_START = /^\p{Lu}/u;
const LOWER_START = /^\p{Ll}/u;
const DIGIT = /\p{N}/u;
const DIGIT_START = /^\p{N}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CAPITALISED_WORD = /^\p{Lu}\p{Ll}/u;
const DIGITS_ONLY = /^\p{N}+$/u;
const LETTERS_ONLY = /^\p{L}+$/u;
const ACRONYM = /^\p{Lu}{2,6}$/u;
const LOWER_OPENING = /^[\p{Ll}]/u;
const LABEL_OPENING = /^[\p{Lu}\p{N}"'“‘«(]/u;
const ANY_OPENING = /^[\p{L}\p{N}"'“‘«(]/u;
const ECHO_OPENING = /^[\p{Lu}\p{N}(]/u;
const NOT_PROSE_CHUNK = /[@#_\\]|\.\p{L}|\/(?!\p{Lu})/u;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
/** `^\p{Lu}`: ASCII and other single units by their class, a surrogate pair by the expression. */
function isUpperStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (!(c >= 0x80)) return c >= 0x41 && c <= 0x5a;
  return isHighSurrogate(c) ? UPPER_START.test(s) : (unitClass(c) & UNIT_LU) !== 0;
}
/** `^\p{N}`. */
function isDigitStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (!(c >= 0x80)) return c >= 0x30 && c <= 0x39;
  return isHighSurrogate(c) ? DIGIT_START.test(s) : (unitClass(c) & UNIT_N) !== 0;
}
function isLowerStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (!(c >= 0x80)) return c >= 0x61 && c <= 0x7a;
  return isHighSurrogate(c) ? LOWER_START.test(s) : (unitClass(c) & UNIT_LL) !== 0;
}
/** `\p{N}` anywhere in s. */
function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x30 && c <= 0x39) return true;
    } else if (isHighSurrogate(c) && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      if (DIGIT.test(s.slice(i, i + 2))) return true;
      i++;
    } else if (unitClass(c) & UNIT_N) return true;
  }
  return false;
}

/**
 * Whether text.slice(start, end) ends in a full stop, question/exclamation mark or ellipsis, possibly
 * inside closing quotes or brackets: `/[.!?…]["'”’»)\]]*$/u`, read from the end so a line is neither
 * copied nor scanned from its start.
 */
function endsSentence(text: string, start = 0, end = text.length): boolean {
  let i = end - 1;
  while (i >= start && isCloser(text.charCodeAt(i))) i--;
  if (i < start) return false;
  const c = text.charCodeAt(i);
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

/** `["'”’»)\]]`. */
const isCloser = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x29 || c === 0x5d;

const ARTICLES = new Set(['a', 'an', 'the']);
/**
 * Closed-class words. A near copy of a caption that differs in one of these
 * shows the same picture; a differing name or number shows another one.
 */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'by', 'with', 'without', 'about', 'into', 'onto', 'over',
  'under', 'near', 'during', 'before', 'after', 'between', 'among', 'against', 'through', 'across', 'around', 'behind',
  'beside', 'beyond', 'inside', 'outside', 'within', 'upon', 'via', 'per', 'and', 'or', 'but', 'nor', 'so', 'yet', 'as',
  'than', 'that', 'this', 'these', 'those', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'it', 'he', 'she', 'they',
  'we', 'i', 'you', 'him', 'them', 'us', 'me', 'who', 'whom', 'whose', 'which', 'what', 'where', 'when', 'while', 'is',
  'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'not', 'no', 'also', 'just',
  'only', 'very', 'more', 'most', 'less', 'such', 'same', 'other', 'another', 'each', 'every', 'some', 'any', 'all',
  'both', 'either', 'neither', 'here', 'there', 'then', 'now', 'up', 'down', 'out', 'off', 'together',
]);
/** Words before which a verb-looking word is a noun or an infinitive ("the plans", "to make", "a planned visit"). */
const NOT_BEFORE_VERB = new Set([
  'a', 'an', 'the', 'this', 'these', 'those', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'of', 'in', 'on', 'at',
  'to', 'for', 'from', 'by', 'with', 'about', 'into', 'over', 'under', 'near', 'during', 'after', 'before', 'between',
  'among', 'against', 'through', 'across', 'per', 'each', 'every', 'some', 'any', 'no', 'and', 'or', 'newly', 'so',
]);
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'am', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can',
  'could', 'may', 'might', 'must', 'cannot',
]);
/** Auxiliaries that open a question; "May" or "Will" opening a line is more likely a month or a name. */
const QUESTION_OPENERS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'do', 'does', 'did', 'can', 'could', 'should', 'would']);
/** Irregular past tenses (past participles that double as adjectives are left out). */
const IRREGULAR_PAST = new Set([
  'said', 'told', 'made', 'took', 'gave', 'went', 'came', 'held', 'met', 'saw', 'got', 'led', 'won', 'lost', 'began',
  'became', 'brought', 'built', 'bought', 'sent', 'spent', 'kept', 'found', 'thought', 'felt', 'paid', 'sold', 'rose',
  'fell', 'grew', 'knew', 'ran', 'wrote', 'spoke', 'stood', 'sat', 'fought', 'caught', 'taught', 'drove', 'flew', 'threw',
  'broke', 'chose', 'struck', 'drew', 'ate', 'forgot', 'shook', 'sank', 'sang', 'meant', 'heard', 'dealt', 'fled',
  'sought', 'stuck', 'swept', 'withdrew', 'overtook', 'undertook', 'upheld', 'understood', 'became', 'hid', 'tore', 'wore',
  'woke', 'froze', 'swore', 'bore', 'slid', 'spun', 'stole', 'rode', 'shone', 'shot', 'won', 'did',
]);
/** Verbs whose past tense looks like the base form and like a noun. */
const SAME_FORM_PAST = new Set(['hit', 'cut', 'set', 'put', 'let', 'cost', 'quit', 'spread', 'shut', 'hurt', 'split', 'cast', 'burst', 'read']);
/** Common finite verbs that are rarely nouns, base and third person: enough to tell "Prices keep rising" from a label. */
const COMMON_VERBS = new Set([
  'say', 'says', 'tell', 'tells', 'add', 'adds', 'make', 'makes', 'take', 'takes', 'give', 'gives', 'get', 'gets', 'go',
  'goes', 'come', 'comes', 'know', 'knows', 'think', 'thinks', 'want', 'wants', 'keep', 'keeps', 'seem', 'seems', 'feel',
  'feels', 'try', 'tries', 'become', 'becomes', 'bring', 'brings', 'begin', 'begins', 'continue', 'continues', 'remain',
  'expect', 'expects', 'believe', 'believes', 'agree', 'agrees', 'argue', 'argues', 'warn', 'warns', 'insist', 'insists',
  'appear', 'appears', 'suggest', 'suggests', 'allow', 'allows', 'provide', 'provides', 'require', 'requires', 'consider',
  'considers', 'represent', 'represents', 'happen', 'happens', 'exist', 'exists', 'depend', 'depends', 'include',
  'includes', 'involve', 'involves', 'contain', 'contains', 'affect', 'affects', 'ensure', 'ensures', 'enable', 'enables',
  'seek', 'seeks', 'urge', 'urges', 'vow', 'vows', 'deny', 'denies', 'admit', 'admits', 'explain', 'explains',
  'describe', 'describes', 'accept', 'accepts', 'reject', 'rejects', 'oppose', 'opposes', 'remains', 'lack', 'lacks',
  'know', 'stay', 'stays', 'become',
]);
const FREQUENCY_ADVERBS = new Set(['now', 'still', 'also', 'already', 'often', 'never', 'always', 'rarely', 'usually', 'sometimes', 'recently', 'currently', 'reportedly', 'regularly', 'typically', 'frequently', 'repeatedly', 'again', 'later', 'then', 'finally', 'eventually']);
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'it', 'everyone', 'everybody', 'nobody', 'someone', 'somebody', 'something', 'nothing', 'none']);
const RELATIVE_PRONOUNS = new Set(['which', 'who', 'whom', 'whose', 'that', 'where']);
/** Past participles that say what a picture shows: a caption cue, not a finite verb. */
const PICTURE_PARTICIPLES = new Set(['pictured', 'photographed', 'depicted', 'filmed', 'dated', 'shown', 'seen', 'taken', 'captured']);
/** "-ed" words that are not past tenses. */
const ED_NOT_VERBS = new Set(['hundred', 'kindred', 'sacred', 'naked', 'wicked', 'rugged', 'beloved', 'aged', 'bed', 'red', 'shed', 'wed', 'led', 'united', 'ragged', 'jagged', 'crooked', 'learned', 'blessed']);

// Word-shape tests of mainVerb, built once: a regular expression literal is a new object on every evaluation.
const CONTRACTED_VERB = /n't$|'(?:re|ve|ll|d)$/;
const CONTRACTED_IS = /^(?:it|he|she|that|there|what|who|here)'s$/;
/** `/^[a-z]{n,}<suffix>$/`: a word of ASCII lowercase letters, with at least n before the suffix it ends in. */
function lettersThen(w: string, n: number, suffix: string): boolean {
  if (w.length < n + suffix.length || !w.endsWith(suffix)) return false;
  for (let i = 0; i < w.length - suffix.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}
const AGENT_WORD = /\b(?:by|during|at)\b/;

/** A contraction that is or holds a verb ("isn't", "they're", "it's"); every one has an apostrophe. */
const isContractedVerb = (w: string): boolean => w.includes("'") && (CONTRACTED_VERB.test(w) || CONTRACTED_IS.test(w));
/** `/(?:ss|us|is)$/`: an "-s" that is not a third person ("glass", "bus", "crisis"). */
const isNotVerbS = (w: string): boolean => w.endsWith('ss') || w.endsWith('us') || w.endsWith('is');

/**
 * The word that makes a line a sentence, if any. Verbs inside a relative
 * clause ("…, which includes …") do not: a noun phrase with a relative
 * clause is still a label.
 */
export function mainVerb(tokens: readonly Token[], present = true): string | undefined {
  const at = verbIndex(tokens, present);
  return at >= 0 ? tokens[at]!.raw : undefined;
}

/**
 * Tokens mainVerb looks at past a word to settle whether it is the verb: the next one, and then
 * up to three for "by", "during" or "at". A verb found this far from the end of a prefix of the
 * tokens is the verb of them all.
 */
const VERB_LOOKAHEAD = 4;

/**
 * Where mainVerb's word is among the tokens, or -1, looking from `from` on: a caller that has seen
 * no verb before `from` in a prefix of the tokens (and the last VERB_LOOKAHEAD of it unsettled) goes
 * on from there, since what is said of each word depends on at most that many words after it.
 */
function verbIndex(tokens: readonly Token[], present: boolean, from = 0): number {
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    const lower = t.opensLower();
    if (i === 0 && !lower) {
      if (t.cls & QUESTION_OPENER) return i;
      continue;
    }
    // Capitalised words after the first are names and titles.
    if (!lower) continue;
    const w = t.norm;
    const k = t.cls;
    let verb = false;
    if (k & AUXILIARY || isContractedVerb(w)) {
      // "A man is detained by police", "Ministers are pictured …": picture-agency style, not a statement.
      const after = tokens[i + 1];
      verb = !(after !== undefined && (after.cls & PICTURE_PARTICIPLE || (after.norm.endsWith('ed') && (w === 'is' || w === 'are') && agentFollows(tokens, i + 2))));
    } else if (k & PICTURE_PARTICIPLE) verb = false;
    else if (k & IRREGULAR || (present && k & COMMON_VERB)) {
      verb = i === 0 || !(classBefore(tokens, i) & NOT_BEFORE);
    } else if (k & SAME_FORM) {
      // "Inflation hit 9 percent", not "a hit song" or "the budget cut for 2023".
      const next = tokens[i + 1];
      verb = i > 0 && !(classBefore(tokens, i) & NOT_BEFORE) && next !== undefined && (isDigitStart(next.raw) || (next.cls & (NOT_BEFORE | SUBJECT)) !== 0);
    } else if (lettersThen(w, 2, 'ed') && !w.endsWith('eed') && !(k & ED_NOT_VERB)) {
      // "Homes destroyed by the flood": a participle before "by" describes the noun, as captions do.
      verb = i > 0 && !(classBefore(tokens, i) & (NOT_BEFORE | AUXILIARY)) && !tokens[i - 1]!.norm.endsWith('ly') && tokens[i + 1]?.norm !== 'by';
    } else if (present && (w.endsWith('s') || w.endsWith('ed')) && !isNotVerbS(w)) {
      // "now handles", "still faces": an adverb between a subject and its verb; "she says".
      const before = classBefore(tokens, i);
      verb = ((before & FREQUENCY_ADVERB) !== 0 && !(k & FUNCTION_WORD)) || ((before & SUBJECT) !== 0 && lettersThen(w, 3, 's'));
    }
    if (!verb) continue;
    if (classBefore(tokens, i) & RELATIVE_PRONOUN || (classBefore(tokens, i - 1) & RELATIVE_PRONOUN && i > 0 && tokens[i - 1]!.norm.endsWith('ly'))) continue;
    return i;
  }
  return -1;
}

/** The classes of the token before i (none before the first). */
const classBefore = (tokens: readonly Token[], i: number): number => (i > 0 ? tokens[i - 1]!.cls : 0);


// The closed classes mainVerb asks about, as bits of one look-up a word.
const AUXILIARY = 1;
const QUESTION_OPENER = 2;
const PICTURE_PARTICIPLE = 4;
const IRREGULAR = 8;
const COMMON_VERB = 16;
const SAME_FORM = 32;
const NOT_BEFORE = 64;
const SUBJECT = 128;
const FUNCTION_WORD = 256;
const FREQUENCY_ADVERB = 512;
const RELATIVE_PRONOUN = 1024;
const ED_NOT_VERB = 2048;
const WORD_CLASSES = new Map<string, number>();
for (const [words, bit] of [
  [AUXILIARIES, AUXILIARY], [QUESTION_OPENERS, QUESTION_OPENER], [PICTURE_PARTICIPLES, PICTURE_PARTICIPLE], [IRREGULAR_PAST, IRREGULAR],
  [COMMON_VERBS, COMMON_VERB], [SAME_FORM_PAST, SAME_FORM], [NOT_BEFORE_VERB, NOT_BEFORE], [SUBJECT_PRONOUNS, SUBJECT],
  [FUNCTION_WORDS, FUNCTION_WORD], [FREQUENCY_ADVERBS, FREQUENCY_ADVERB], [RELATIVE_PRONOUNS, RELATIVE_PRONOUN], [ED_NOT_VERBS, ED_NOT_VERB],
] as const) {
  for (const w of words) WORD_CLASSES.set(w, (WORD_CLASSES.get(w) ?? 0) | bit);
}

/**
 * The length, first and last unit (each as `(c | 0x20) & 31`, which an ASCII letter of either case
 * shares with its lowercase) of each word in WORD_CLASSES: an ASCII token of another shape is in no
 * class, and is told so without its normal form being hashed for the look-up. Most words of prose are.
 */
const CLASS_WORD_MAX = Math.max(...[...WORD_CLASSES.keys()].map((w) => w.length));
const CLASS_SHAPES = new Uint8Array((CLASS_WORD_MAX + 1) * 1024);
const shapeKey = (length: number, first: number, last: number): number => length * 1024 + ((first | 0x20) & 31) * 32 + ((last | 0x20) & 31);
for (const w of WORD_CLASSES.keys()) CLASS_SHAPES[shapeKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1))] = 1;

/** Whether text.slice(start, end), an ASCII token, has the shape of a word in WORD_CLASSES. */
function classShaped(text: string, start: number, end: number): boolean {
  const n = end - start;
  return n <= CLASS_WORD_MAX && CLASS_SHAPES[shapeKey(n, text.charCodeAt(start), text.charCodeAt(end - 1))] === 1;
}


/**
 * Whether "by", "during" or "at" stands as a word in the three tokens from `from` on: as the words
 * joined by spaces would show it, a match never spans two of them, so each is asked on its own.
 */
function agentFollows(tokens: readonly Token[], from: number): boolean {
  for (let k = from; k < from + 3 && k < tokens.length; k++) if (AGENT_WORD.test(tokens[k]!.norm)) return true;
  return false;
}

interface Shape {
  readonly tokens: Token[];
  readonly words: number;
  readonly terminal: boolean;
  readonly verb: string | undefined;
}

/** A line's shape from what its unit already knows: its tokens are made only if asked for. */
class UnitShape implements Shape {
  private verbFound: string | null | undefined = undefined;

  constructor(
    private readonly unit: Unit,
    readonly terminal: boolean,
  ) {}

  get verb(): string | undefined {
    // As in shapeOf: with a full stop, the verb of a sentence in any tense.
    this.verbFound ??= (this.terminal ? this.unit.verb : mainVerb(this.unit.tokens, false)) ?? null;
    return this.verbFound ?? undefined;
  }

  get words(): number {
    return this.unit.tokenCount;
  }

  get tokens(): Token[] {
    return this.unit.tokens;
  }
}

function shapeOf(text: string, start: number, end: number): Shape {
  const tokens = tokenize(text, start, end);
  const terminal = endsSentence(text, start, end);
  return {
    tokens,
    words: tokens.length,
    terminal,
    // Captions are written in the present tense ("Fans celebrate …", "The minister gives a speech"):
    // without a full stop only a past tense or an auxiliary makes a line a sentence.
    verb: tokens.length <= 60 ? mainVerb(tokens, terminal) : 'long',
  };
}

/** Share of capitalised words among the words that are not function words or numbers. */
function titleCaseOf(tokens: readonly Token[]): number {
  let content = 0;
  let capitalised = 0;
  for (const t of tokens) {
    if (t.cls & FUNCTION_WORD || isDigitStart(t.raw)) continue;
    content++;
    if (isUpperStart(t.raw)) capitalised++;
  }
  return content > 0 ? capitalised / content : 0;
}

// ---------------------------------------------------------------------------
// Line cues

/** "Photo credit:", "Photo: Reuters", "(Photo: …)", "Credit: …", "Image caption", "Photo by …", "Courtesy of …", ©. */
const CREDIT_CUES = [
  String.raw`\b(?:photo|image|picture|pic|video|graphic|illustration|footage|photograph)s?\s*(?:credits?|courtesy|source|caption)?\s*[:：|]`,
  String.raw`(?:^|[(|/.;,–—]\s*)(?:photo|image|picture|illustration|video|photograph)s?\s+(?:by|courtesy(?:\s+of)?|credits?|caption)\b`,
  String.raw`(?:^|[\s(|.,;–—])credits?\s*:`,
  String.raw`(?:^|[(|.;–—]\s*)courtesy\s+of\b`,
  String.raw`^caption\s*:`,
  // A bare "© 2024 Publisher" is the site's copyright notice, not a picture's.
  String.raw`\b(?:photo|image|picture|photograph)s?\s*(?:©|\(c\))`,
  String.raw`\b(?:getty\s+images|ap\s+photo|afp\s+photo|shutterstock|alamy|unsplash|wikimedia\s+commons)\b`,
  // Agency credits: "REUTERS/Jane Doe", "AFP/Getty".
  String.raw`\b(?:reuters|afp|ap|epa|dpa|xinhua|anadolu|ians|pti|bloomberg|getty)\s*/\s*\p{Lu}`,
  // A photographer and the agency: "Jane Doe/Reuters", "John Smith / AFP via Getty Images"; "Jane Doe/via Reuters" credits the agency that distributed it.
  String.raw`\p{L}[\p{L}\p{M}'’.-]+\s*/\s*(?:via\s+)?(?:reuters|afp|ap|epa|dpa|xinhua|anadolu|bloomberg|getty(?:\s+images)?|pool)\b`,
  String.raw`^file\s+(?:photo|picture|image)\b`,
  // A newsroom's own credit: "Staff photo by Jane Doe", "(Handout photo)", "File photo: AP"; opening its
  // line or after punctuation, as "Photo by …" must: "ran a staff photo by …" inside a sentence is prose.
  String.raw`(?:^|[(|/.;,–—]\s*)(?:staff|file|handout|pool)\s+(?:photo|picture|image|photograph)s?\s*(?:by\b|courtesy\b|[:：)])`,
];
const CREDIT = new RegExp(CREDIT_CUES.join('|'), 'iu');
/**
 * The same cues split by what each one cannot match without, so a line is run only past the cues
 * it could match: a colon or bar, a slash, or one of a few words.
 */
const CREDIT_AFTER_COLON = new RegExp([0, 2, 4].map((i) => CREDIT_CUES[i]).join('|'), 'iu');
const CREDIT_AROUND_SLASH = new RegExp([7, 8].map((i) => CREDIT_CUES[i]).join('|'), 'iu');
const CREDIT_BY_WORD = new RegExp([1, 3, 5, 6, 9, 10].map((i) => CREDIT_CUES[i]).join('|'), 'iu');
/** A word one of CREDIT_BY_WORD's cues needs, under the same flags (so long s and the Kelvin sign count alike). */
const CREDIT_WORD = /photo|image|picture|video|illustration|courtesy|getty|shutterstock|alamy|unsplash|wikimedia/iu;

/** A capitalised name of a few words, as a credit closing a caption gives it ("Jane Doe", "The Valley Courier"). */
const TAIL_NAME = String.raw`\p{Lu}[\p{L}\p{M}'’.&-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.&-]*|via|de|van|von|da|del)){0,4}`;
/**
 * Credits that close a caption's line after its full stop, which CREDIT cannot tell from prose
 * because they need capitals (so these go without the i flag, and \p{Lu} means a capital):
 * "… ahead of the sale. Courtesy Harlow House" ("courtesy" without "of"; elsewhere more likely a
 * noun of the sentence, "Courtesy matters."), an agency in capitals before its photographer ("… on
 * Monday night. THE VALLEY PRESS/Jane Doe"), and a photographer and agency in brackets ("… on
 * Tuesday. (Jane Doe/The Valley Courier)").
 */
const CREDIT_TAILS = [
  new RegExp(String.raw`(?<=[.!?]\s+)(?:Courtesy|COURTESY)\s+(?!of\b)\p{Lu}[^\s.!?,;:()]*(?:\s+[^\s.!?,;:()]+){0,4}\.?$`, 'gu'),
  new RegExp(String.raw`(?<=[.!?]["'”’)\]]*\s+)\p{Lu}{2,}(?:\s+\p{Lu}{2,}){0,3}\s*\/\s*${TAIL_NAME}(?:\s*\/\s*${TAIL_NAME})*$`, 'gu'),
  new RegExp(String.raw`(?<=[.!?]\s*)\(${TAIL_NAME}\s*\/\s*${TAIL_NAME}\)$`, 'gu'),
];
/** Characters of a line's end that CREDIT_TAILS look at: a credit after a caption's full stop is short. */
const TAIL_CHARS = 120;

/**
 * The first of CREDIT_TAILS to close s, looked for in its last characters only, so a long line costs
 * no more than a short one, and each only where what it needs is there: the word "courtesy", or a
 * slash (and a closing bracket at the very end, for a credit in brackets).
 */
function creditTail(s: string): RegExpExecArray | null {
  const from = Math.max(0, s.length - TAIL_CHARS);
  const slash = s.indexOf('/', from) >= 0;
  const courtesy = s.indexOf('ourtesy', from) >= 0 || s.indexOf('OURTESY', from) >= 0;
  if (!slash && !courtesy) return null;
  const tails = courtesy ? [CREDIT_TAILS[0]!] : [];
  if (slash) tails.push(s.endsWith(')') ? CREDIT_TAILS[2]! : CREDIT_TAILS[1]!);
  for (const tail of tails) {
    tail.lastIndex = from;
    const m = tail.exec(s);
    if (m) return m;
  }
  return null;
}

/** `CREDIT.test(s)`, without running the long expression over lines that cannot match it; or a credit tail. */
function hasCredit(s: string): boolean {
  if ((s.includes(':') || s.includes('|') || s.includes('：')) && CREDIT_AFTER_COLON.test(s)) return true;
  const slash = s.includes('/');
  if (slash && CREDIT_AROUND_SLASH.test(s)) return true;
  const word = CREDIT_WORD.test(s);
  if (word && CREDIT_BY_WORD.test(s)) return true;
  return (slash || word) && creditTail(s) !== null;
}

/** The first credit cue in s: CREDIT's or, when it finds none, a credit tail. */
function creditCue(s: string): RegExpExecArray | null {
  return CREDIT.exec(s) ?? creditTail(s);
}
/** A line that is a credit and nothing more: "Photo: Reuters", "Credit: Getty Images", "Image courtesy of …". */
const CREDIT_ONLY = /^\(?(?:(?:(?:staff|file|handout|pool)\s+)?(?:photo|image|picture|pic|video|graphic|illustration|footage|photograph)s?\s*(?:credits?|courtesy|source)?\s*(?:[:：|]|by\b|courtesy\b)|credits?\s*:|courtesy\s+of\b|©)[^.!?]{0,80}\)?\.?$/iu;
/** A caption introduced as one: "Pictured: …", "Above: …", "Main image: …". */
const CAPTION_CUE = /^(?:pictured|above|below|top|bottom|left|right|inset|(?:main|top|lead|header|cover)\s+(?:image|picture|photo|photograph))\s*[:：]\s*\S/iu;
/** Where people stand in the picture: "(left)", "(second right)", "from left", "(L-R)". */
const POSITION_CUE = /\((?:far\s+|second\s+(?:from\s+)?)?(?:left|right|centre|center|l|r)\)|\((?:l-r|r-l|left\s+to\s+right|from\s+left)\)|[(,]\s*(?:from\s+left|left\s+to\s+right)\b(?!-)/iu;
/** POSITION_CUE.test(t), run only on a line with what every match holds: a bracket, or a comma and "left". */
const LEFT = /left/iu;
const hasPositionCue = (t: string): boolean => (t.includes('(') || (t.includes(',') && LEFT.test(t))) && POSITION_CUE.test(t);
/** Questions and "How …" or "Why …" lines between paragraphs are subheads. */
const SUBHEAD_OPENER = /^(?:what|why|how|where|when|who|whose|which)\b/iu;
/** Prepositions of place and time, which put a picture somewhere. */
const LOCATIVE = /\b(?:at|in|on|near|outside|inside|during|after|before|beside|behind|from|off|with)\b/iu;
/** Names of months and days: capitalised, but not the names a caption gives. */
const CALENDAR = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const LIST_ITEM = /^(?:[-*+•▪●◦–—]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)/u;
const BYLINE = /^(?:by|written by|reported by|words by|story by|text by)\s+\p{Lu}/iu;
const WIRE_CREDIT = /^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|translation)\s+by\b/iu;
const DATELINE = /^(?:(?:first\s+)?published|updated|posted|last\s+updated|modified)\b/iu;
const BOILERPLATE = /\b(?:subscribe|sign\s*up|newsletters?|follow\s+us|click\s+here|all\s+rights\s+reserved|advertisement|sponsored)\b|^(?:read\s+more|see\s+also|related|tags|topics|share|also\s+read|more\s+from)\b/iu;
/** What BOILERPLATE cannot match without, under the same flags: a word of its cues anywhere, or the start of one at the start. */
const BOILERPLATE_WORD = /subscribe|sign|newsletter|follow|click|rights|advertisement|sponsored/iu;
const BOILERPLATE_HEAD = /^(?:read|see|related|tags|topics|share|also|more)/iu;
const isBoilerplate = (t: string): boolean => (BOILERPLATE_WORD.test(t) || BOILERPLATE_HEAD.test(t)) && BOILERPLATE.test(t);
/** A name or place and nothing else: "Jane Doe.", "Nairobi, Kenya.", "Gulf of Aden." */
const NAME_LINE = /^\p{Lu}[\p{L}\p{M}'’.-]*(?:(?:,\s*|\s+)(?:\p{Lu}[\p{L}\p{M}'’.-]*|de|del|da|van|von|al|bin|of|the|and|la|le|du|y))*\.?$/u;
/** A caption's closing date: "…, 2023", "…, June 2023", "…, 12 May 2021." */
const DATED = /,\s*(?:\p{L}+\s+)?(?:\d{1,2}\s+)?(?:\p{L}+\s+)?(?:1[89]|20)\d{2}\.?$/u;
/** "Population: 2.1 million", "Editor's note: …", "Q: …". */
const FACT_LINE = /^[\p{L}\p{N}][^:.!?]{0,40}:\s/u;
/** Where a label ends, it does not end mid-phrase. */
const DANGLING = /(?:[,;:(\-–—&/]|\b(?:the|a|an|of|and|or|to|in|on|at|for|with|by|from|as|that|which|who)\b)$/iu;
const PREPOSITION = /\b(?:at|in|on|with|during|near|after|before|outside|inside|from|of|for|by|among)\b/iu;

/** In Markdown a caption is often wrapped in emphasis; judge the words inside it. */
function innerSpan(text: string, start: number, end: number, md: boolean): [number, number] {
  if (!md) return [start, end];
  let s = start;
  let e = end;
  while (s < e && /[*_]/.test(text[s]!)) s++;
  while (e > s && /[*_]/.test(text[e - 1]!)) e--;
  return trimSpan(text, s, e);
}

/**
 * A line wrapped in emphasis marks ("*Workers at the plant. Photo: AP*"), as plain text copied from
 * Markdown or a CMS keeps them: judged and quoted by the words inside, as in Markdown.
 */
function emphasised(text: string, s: Span): boolean {
  const c = text.charCodeAt(s.start);
  if ((c !== 0x2a && c !== 0x5f) || s.end - s.start < 3 || text.charCodeAt(s.end - 1) !== c) return false;
  return ANY_OPENING.test(text.slice(s.start + 1, s.start + 3).replace(/^[*_]/, ''));
}

// ---------------------------------------------------------------------------
// Caption detection

interface Found extends Span {
  paragraph: Paragraph;
  /** Start of the line the caption was found on. */
  line: number;
  lineId?: string;
  /** The whole line (or paragraph) is caption, so it can go into nonProse. */
  whole: boolean;
  reasons: string[];
}

interface LineUnit extends Span {
  id: string;
  text: string;
}

/** Classes of a UTF-16 unit, each as its Unicode property escape says of the unit on its own (a lone surrogate has none). */
const UNIT_LU = 1;
const UNIT_LL = 2;
const UNIT_N = 4;
const UNIT_L = 8;
/** Classes of the non-ASCII units met so far, with bit 16 set once known. */
const UNIT_CLASSES = new Uint8Array(0x10000);

function unitClass(c: number): number {
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return UNIT_LU | UNIT_L;
    if (c >= 0x61 && c <= 0x7a) return UNIT_LL | UNIT_L;
    return c >= 0x30 && c <= 0x39 ? UNIT_N : 0;
  }
  let k = UNIT_CLASSES[c]!;
  if (k === 0) {
    const u = String.fromCharCode(c);
    k = 16 | (UPPER.test(u) ? UNIT_LU : 0) | (LOWER.test(u) ? UNIT_LL : 0) | (DIGIT.test(u) ? UNIT_N : 0) | (LETTER.test(u) ? UNIT_L : 0);
    UNIT_CLASSES[c] = k;
  }
  return k & 15;
}

/** Whether a non-ASCII code point (a single unit or a surrogate pair) is a letter or a digit, as `\p{L}`/`\p{N}` say. */
function wordCodePoint(s: string): boolean {
  return LETTER_OR_DIGIT.test(s);
}

/**
 * Runs of letters and digits in s, the count of `/[\p{L}\p{N}]+/gu` matches; counting stops once it
 * passes `limit`, so any comparison with `limit` comes out the same.
 */
const wordsIn = (s: string, limit = Infinity): number => wordsBetween(s, 0, s.length, limit);

/**
 * wordsIn(text.slice(start, end), limit), read in place: a line's or paragraph's own string is a
 * slice of the source, slower to read unit by unit than the source itself.
 */
function wordsBetween(text: string, start: number, end: number, limit = Infinity): number {
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    let w: boolean;
    if (c < 0x80) w = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      w = wordCodePoint(text.slice(i, i + 2));
      i++;
    } else w = (unitClass(c) & (UNIT_L | UNIT_N)) !== 0;
    if (w && !inWord && ++n > limit) return n;
    inWord = w;
  }
  return n;
}

/**
 * Words are counted in a paragraph or line once, exactly up to this many (more count as one more):
 * every test of a word count in the pass asks about fewer.
 */
const COUNTED_WORDS = 60;

const countWords = (text: string, s: Span): number => wordsBetween(text, s.start, s.end, COUNTED_WORDS);

/** A paragraph of the body, given its counted words. */
function isBodyParagraph(text: string, p: Paragraph, words: number): boolean {
  if ((p.kind !== 'paragraph' && p.kind !== 'blockquote') || p.index === 0) return false;
  return endsSentence(text, p.start, p.end) && words >= 12;
}

/** A line that reads as a sentence of the body: eight words or more and a full stop. */
const isBodyLine = (text: string, l: Unit): boolean => endsSentence(text, l.start, l.end) && l.words >= 8;

/** Same text up to case, punctuation and spacing (a no-break space included). */
function looseKey(tokens: readonly Token[]): string {
  return tokens.map((t) => t.norm).join(' ');
}

/** Hard-wrapped prose: a line break inside a sentence, so short lines there are fragments, not labels. */
function isWrapped(p: Paragraph): boolean {
  const ls = p.lines;
  for (let i = 0; i + 1 < ls.length; i++) {
    if (isLowerStart(ls[i + 1]!.text) || (!endsSentence(ls[i]!.text) && DANGLING.test(ls[i]!.text))) return true;
  }
  return false;
}

const MAX_CAPTION_CHARS = 400;

interface Placement {
  bodyBefore: boolean;
  bodyAfter: boolean;
  /** Longest a label can be here: shorter than a typical body paragraph. */
  maxWords: number;
  md: boolean;
  /** The line shares its paragraph with body sentences: only an unpunctuated label stands out there. */
  amongProse: boolean;
  /** Whether the text writes a word in lower case somewhere (a common word, not a name). */
  common?: (word: string) => boolean;
  /** Where words occur in the text, to tell whether one occurs outside a given span. */
  elsewhere?: WordPlaces;
}

const MARKDOWN_PICTURE = /!\[|^\[|<img/i;
/** A question, exclamation or colon at the end, inside any closing quotes or brackets. */
const ENDS_ASKING = /[!?:]["'”’»)\]]*$/u;
const TRAILING_STOPS = /[.…]+$/;
const QUOTE_OPENING = /^["'“‘«]/u;

/** A line that reads as a sentence: it has a verb, or a full stop among body sentences (unless printed twice). */
const isSentence = (shape: Shape, place: Placement, repeated: boolean): boolean =>
  shape.verb !== undefined || (place.amongProse && shape.terminal && !repeated);

/**
 * Why a line is a caption, or undefined. `repeated` says the same line is
 * printed right next to it, which is how a caption and its alt text come out.
 */
function captionReasons(text: string, unit: Unit, paragraph: Paragraph, place: Placement, repeated: boolean): string[] | undefined {
  // The longest caption is a few hundred characters; a body line is not worth tokenising.
  if (unit.end - unit.start > MAX_CAPTION_CHARS) return undefined;
  const inner = place.md || emphasised(text, unit) ? innerSpan(text, unit.start, unit.end, true) : undefined;
  const s = inner ? inner[0] : unit.start;
  const e = inner ? inner[1] : unit.end;
  if (e <= s) return undefined;
  const t = s === unit.start && e === unit.end ? unit.text : text.slice(s, e);
  const shape = s === unit.start && e === unit.end && unit.words <= COUNTED_WORDS ? new UnitShape(unit, endsSentence(text, s, e)) : shapeOf(text, s, e);
  // Past thirty words no test below finds a caption (a credit counts up to 25; longCredited takes longer ones).
  if (shape.words > 30) return undefined;
  const credited = (t === unit.text ? unit.credited : hasCredit(t)) && shape.words <= 25;
  // Besides its credit or a cue that says so, a line is a caption by being printed twice (up to
  // thirty words) or by its shape (up to maxWords words, and not a sentence). A line that can be
  // none of these is settled before the tests below, and before its verb is looked for.
  if (!credited && !CAPTION_CUE.test(t) && !hasPositionCue(t) && (shape.words > (repeated ? 30 : Math.min(30, place.maxWords)) || isSentence(shape, place, repeated))) return undefined;
  if (place.md && MARKDOWN_PICTURE.test(t)) return undefined;
  if (LIST_ITEM.test(t) || BYLINE.test(t) || WIRE_CREDIT.test(t) || DATELINE.test(t)) return undefined;
  if (credited) return ['credits a photo or image'];
  if (paragraph.index === 0 || isBoilerplate(t)) return undefined;
  if (CAPTION_CUE.test(t) && shape.words <= 30 && (place.bodyBefore || place.bodyAfter)) return ['introduced as a picture caption'];
  // An alt-text copy may lose its capital; the first copy is held to the usual shape.
  const opens = repeated ? ANY_OPENING : LABEL_OPENING;
  if (ENDS_ASKING.test(t) || !opens.test(t) || DANGLING.test(t.replace(TRAILING_STOPS, ''))) return undefined;
  // Pull quotes and "Label: value" fact-box lines are not about a picture.
  if (QUOTE_OPENING.test(t) || (t.includes(':') && FACT_LINE.test(t))) return undefined;
  const between = place.bodyBefore && place.bodyAfter;
  // "Jane Doe (left) shook hands with …": only a picture has a left and a right.
  if (hasPositionCue(t) && between && !place.amongProse && shape.words <= 30) return ['says who is where in the picture'];
  if (isSentence(shape, place, repeated)) return undefined;
  if (!repeated && isSubhead(shape, t)) return undefined;
  const reasons: string[] = [];
  if (repeated && shape.words >= 2 && shape.words <= 30) reasons.push('printed twice in a row (caption and alt text)');
  const digits = shape.tokens.some((x) => hasDigit(x.raw));
  if (between && shape.words <= place.maxWords) {
    if (shape.words <= 6 && (t.endsWith('.') || t.includes(',')) && NAME_LINE.test(t)) {
      reasons.push('a bare name or place between body paragraphs');
    } else if (!place.amongProse && isBareName(shape, { start: s, end: e }, place)) {
      reasons.push('a bare name between body paragraphs, named in the text too');
    } else {
      const enough = shape.words >= 4 || (shape.words === 3 && !shape.terminal && (digits || PREPOSITION.test(t)));
      // With a full stop, a line without a verb we know is more often a sentence with a rarer one,
      // unless it names people, places or dates the way captions do.
      // A short one that names nobody ("Residents fear the worst.", "Talks resume on Monday.") is a sentence.
      // A noun and where it is ("Workers at the plant.") is still a label.
      const names = digits || shape.tokens.slice(1).some((x) => isUpperStart(x.raw) && !CALENDAR.has(x.norm));
      const short = shape.words <= 6 && !names && !DATED.test(t) && !nounWithPlace(shape.tokens);
      const sentenceLike = shape.terminal && (shape.words > 20 || (titleCaseOf(shape.tokens) < 0.3 && !DATED.test(t)) || short);
      if (enough && !sentenceLike) reasons.push(shape.terminal ? 'a short line without a verb between body paragraphs' : 'a short line without a verb or full stop between body paragraphs');
    }
  } else if (!place.bodyBefore && place.bodyAfter && !place.amongProse && !shape.terminal && shape.words >= 4 && shape.words <= place.maxWords && nounWithPlace(shape.tokens, SCENE_PREPOSITIONS) &&
    !STANDFIRST_LINK.test(t) && !shape.tokens.some((x, i) => i > 0 && subjectVerb(shape.tokens[i - 1]!, x))) {
    // The lead picture sits under the headline, above the body: there only a scene ("Rescue workers
    // at a damaged bridge near …") is taken for its caption, not a standfirst that says what happened.
    reasons.push('a label without a verb that puts someone or something in a place, above the body');
  }
  if (reasons.length === 0) return undefined;
  if (!shape.terminal && !reasons.some((r) => r.includes('full stop'))) reasons.push('no full stop');
  if (titleCaseOf(shape.tokens) >= 0.6) reasons.push('mostly title case');
  return reasons;
}

/**
 * A credited caption of more than 25 words: wire captions run long, and one that a credit closes is
 * held to thirty words before its credit (25 with it, when the credit does not close it). Apart from
 * captionReasons, and asked only of the lines it finds no caption in, so that its tests stay as few.
 */
function longCredited(unit: Unit, t: string, place: Placement): string[] | undefined {
  if (unit.words <= 25 || unit.words > 40 || unit.end - unit.start > MAX_CAPTION_CHARS || !(t === unit.text ? unit.credited : hasCredit(t)) || describedWords(t) > 30) return undefined;
  if ((place.md && MARKDOWN_PICTURE.test(t)) || LIST_ITEM.test(t) || BYLINE.test(t) || WIRE_CREDIT.test(t) || DATELINE.test(t)) return undefined;
  return ['credits a photo or image'];
}

/**
 * Words of a credited line before the credit that closes it (a few words after its cue, no sentence
 * after them), or Infinity when the credit does not close it: a long caption's length is its
 * description's, and "(Photo: Jane Doe/Getty Images)" adds five words to it.
 */
function describedWords(t: string): number {
  // A credit of ten words or fewer lies in the last hundred characters: only they are searched for its cue.
  const from = Math.max(0, t.length - 100);
  const found = creditStart(from > 0 ? t.slice(from) : t);
  if (found < 0) return Infinity;
  const at = from + found;
  const tail = t.slice(at);
  if (wordsIn(tail, 10) > 10 || SENTENCE_AFTER.test(tail)) return Infinity;
  return wordsBetween(t, 0, at, 31);
}

const PLACE_PREPOSITIONS = new Set(['at', 'in', 'on', 'near', 'outside', 'inside', 'during', 'after', 'before', 'beside', 'behind', 'from', 'off', 'with', 'by', 'among', 'under', 'over', 'along', 'across', 'around', 'of']);

/** Words that join a standfirst's clauses ("Anger in the old town as taxes rise"); a scene needs none. */
const STANDFIRST_LINK = /\b(?:as|while|because|when|despite|amid|since|if|but|after|before|until|over|to)\b/iu;

/** A plural noun and a bare word after it: a subject and its verb ("taxes rise", "talks resume"). */
const subjectVerb = (noun: Token, next: Token): boolean =>
  /[^s]s$/.test(noun.norm) && !(noun.cls & FUNCTION_WORD) && isLowerStart(next.raw) && !(next.cls & FUNCTION_WORD) && !/(?:s|ing|ed|ly)$/.test(next.norm);

/** Prepositions that put a picture's subject somewhere. */
const SCENE_PREPOSITIONS = new Set(['at', 'in', 'on', 'near', 'outside', 'inside', 'during', 'beside', 'behind', 'among', 'along', 'across']);

/**
 * "Workers at the plant", "A crowd outside the court": a noun phrase of a few words and then a
 * preposition. "Talks resume on Monday" is not one: a plural noun followed by a bare word is a
 * subject and its verb.
 */
function nounWithPlace(tokens: readonly Token[], prepositions: ReadonlySet<string> = PLACE_PREPOSITIONS): boolean {
  const p = tokens.findIndex((x, i) => i > 0 && prepositions.has(x.norm));
  if (p < 1 || p > 4) return false;
  for (let j = 0; j + 1 < p; j++) if (subjectVerb(tokens[j]!, tokens[j + 1]!)) return false;
  return true;
}

/**
 * "Jane Doe" on a line of its own: two to four capitalised words that the text never writes
 * in lower case (so not "Next Steps" or "Local Reaction"), the last of them named again elsewhere
 * in the text, as the person under a picture almost always is.
 */
function isBareName(shape: Shape, span: Span, place: Placement): boolean {
  if (shape.terminal || shape.words < 2 || shape.words > 4 || !place.common || !place.elsewhere) return false;
  if (!shape.tokens.every((x) => CAPITALISED_WORD.test(x.raw) && !(x.cls & FUNCTION_WORD) && !CALENDAR.has(x.norm))) return false;
  if (shape.tokens.some((x) => place.common!(x.norm))) return false;
  return place.elsewhere.outside(shape.tokens[shape.tokens.length - 1]!.raw, span);
}

/**
 * A subhead rather than a caption: a question-word opener ("What the plan means", "Why the port
 * matters"), or a short headline-case phrase that starts with an article and puts nothing in a
 * place or at a date ("The Cost of Delay"). Captions are sentence case, or name people and places.
 */
function isSubhead(shape: Shape, t: string): boolean {
  if (shape.terminal) return false;
  if (SUBHEAD_OPENER.test(t)) return true;
  // "A new approach to trade", "Security at the stadium": a few words in sentence case that name no one,
  // no place and no date head a section. A caption that short says who or where ("Fans celebrate in Riga").
  if (shape.words <= 5 && !shape.tokens.some((x, i) => hasDigit(x.raw) || (i > 0 && isUpperStart(x.raw)))) return true;
  // "A record 4,000 rescue calls", "The 12 districts": a figure the section is about, headed by an article,
  // names no one and puts nothing in a place; a caption with a number says where ("A crowd of 5,000 in Riga").
  if (shape.words <= 6 && ARTICLES.has(shape.tokens[0]?.norm ?? '') && !/,\s/.test(t) && !LOCATIVE.test(t) &&
    !shape.tokens.some((x, i) => i > 0 && (isUpperStart(x.raw) || PLACE_PREPOSITIONS.has(x.norm)))) return true;
  const content = shape.tokens.filter((x) => !(x.cls & FUNCTION_WORD));
  return shape.words <= 6 && ARTICLES.has(shape.tokens[0]?.norm ?? '') && content.length >= 2 && content.every((x) => isUpperStart(x.raw) && !hasDigit(x.raw)) &&
    !LOCATIVE.test(t) && !t.includes(',');
}

/**
 * A credit inside a longer line: "(Photo: AP)" or a trailing "Photo: Reuters".
 * The rest of the line stays prose when it is a sentence of its own.
 */
function creditSegment(text: string, line: LineUnit): Span | undefined {
  const m = creditCue(line.text);
  if (!m) return undefined;
  const at = m.index + (m[0].length - m[0].trimStart().length);
  const open = line.text.lastIndexOf('(', at + 1);
  const close = open >= 0 ? line.text.indexOf(')', open) : -1;
  let s: number;
  let e: number;
  if (open >= 0 && close > at && !line.text.slice(open, at).includes(')')) {
    s = open;
    e = close + 1;
  } else {
    const before = line.text.slice(0, at);
    const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '), before.lastIndexOf('| '));
    s = cut >= 0 ? cut + 2 : 0;
    e = line.text.length;
  }
  if (s === 0 && e === line.text.length) return undefined;
  const rest = `${line.text.slice(0, s)} ${line.text.slice(e)}`;
  const restTokens = tokenize(rest, 0, rest.length);
  if (restTokens.length < 6 || !mainVerb(restTokens)) return undefined;
  if (wordsIn(line.text.slice(s, e), 15) > 15) return undefined;
  const [a, b] = trimSpan(text, line.start + s, line.start + e);
  return b > a ? { start: a, end: b } : undefined;
}

// ---------------------------------------------------------------------------
// Fused captions

/** Capitalised words that open a sentence; otherwise the right side must show a verb. */
const OPENERS = new Set([
  'The', 'This', 'These', 'Those', 'That', 'It', 'Its', 'In', 'On', 'At', 'As', 'For', 'But', 'He', 'She', 'They', 'We',
  'A', 'An', 'After', 'When', 'While', 'Since', 'However', 'Meanwhile', 'There', 'Our', 'His', 'Her', 'Their', 'Many',
  'Some', 'Most', 'According', 'Despite', 'During', 'Although', 'Officials', 'Last', 'Earlier', 'Today', 'Yesterday',
]);

/** Openers that never end a camel-case name the way "In" ends "LinkedIn". */
const STRONG_OPENERS = new Set(['The', 'This', 'These', 'Those', 'They', 'He', 'She', 'We', 'Its', 'Their', 'His', 'However', 'Meanwhile', 'According', 'Although', 'Despite']);

/** Abbreviations that end in a full stop inside a sentence. */
const ABBREVIATIONS = new Set(['inc', 'ltd', 'co', 'corp', 'etc', 'jr', 'sr', 'st', 'vs', 'bros', 'plc', 'llc', 'dept', 'gov', 'approx', 'no', 'nos', 'vol', 'fig', 'ave', 'rd', 'mt']);

/** A name in brackets and nothing else: "(Reuters)", "(AP Photo)", "(AFP/Getty Images)". */
const BRACKETED_NAME = /^\(\p{Lu}[\p{L}\p{M}&./ -]{0,40}\)$/u;

interface Fused {
  at: number;
  caption: Span;
  body: Span;
  /** The caption's other break, when it is glued to the body on both sides ("… power.A woman … (AP)Officials …"). */
  front?: Fused;
}

/** A credit cue opening a sentence, then a name: what comes before "Jane Doe/AFP" in a credit. */
const CUE_BEFORE_NAME = /(?:^|[.!?)]\s+)\(?(?:photo(?:graph)?|image|picture|credit)s?\s*:\s*[^.!?:/]*$/iu;

/** A full stop glued to the capital after it at the end of a word ("power.A"): where a sentence and a caption after it meet. */
const GLUED_STOP = /\p{Ll}{2}\.(?=\p{Lu}[\p{Ll}\s])/gu;

/** Whether tokens describe a picture: no past tense or auxiliary, someone or something in a place, and a name, number or day that says which. */
function describesScene(tokens: readonly Token[]): boolean {
  if (mainVerb(tokens, false) || !tokens.some((t) => SCENE_PREPOSITIONS.has(t.norm))) return false;
  return tokens.some((t, i) => hasDigit(t.raw) || CALENDAR.has(t.norm) || (i > 0 && t.opensUpper()));
}

/**
 * A caption glued to the sentence after it: a lowercase letter, digit or
 * closing bracket right before a capitalised word that starts a sentence,
 * the part before it a label. Camel-case names ("iPhone", "McDonald",
 * "YouTube") and codes ("CO2", "COVID-19", "2022Q1", "3D") never match
 * because the letters around the join give them away.
 */
const JOIN = /([\p{Ll}\p{N})\]]|\p{Lu}{2,6})(\.?)(["“‘]?)(\p{Lu}\p{Ll}*)(?![\p{L}\p{N}])/gu;

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

/**
 * Whether JOIN can match in text.slice(start, end) with a join fusedIn would look at, found with a
 * look at single units: a capital (`\p{Lu}`) after what can end the caption side (`\p{Ll}`, `\p{N}`,
 * a closing bracket, a full stop, an opening quote, or two capitals), then lowercase letters (at
 * least one unless a quote opens the word) and no letter or digit. Surrogates stand for anything.
 */
function mayJoin(text: string, start: number, end: number, from = start + 1): boolean {
  for (let i = Math.max(from, start + 1); i < end; i++) if (gluedAt(text, start, end, i)) return true;
  return false;
}

/** Whether the unit at i (start < i < end) is such a capital, glued to what precedes it. */
function gluedAt(text: string, start: number, end: number, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x41 || (c > 0x5a && c < 0x80)) return false;
  if (!(unitClass(c) & UNIT_LU) && !isSurrogate(c)) return false;
  const p = text.charCodeAt(i - 1);
  const quoted = p === 0x22 || p === 0x201c || p === 0x2018;
  const before = quoted || p === 0x29 || p === 0x5d || p === 0x2e || isSurrogate(p) || (unitClass(p) & (UNIT_LL | UNIT_N)) !== 0 ||
    ((unitClass(p) & UNIT_LU) !== 0 && i >= start + 2 && ((unitClass(text.charCodeAt(i - 2)) & UNIT_LU) !== 0 || isSurrogate(text.charCodeAt(i - 2))));
  if (!before) return false;
  let j = i + 1;
  while (j < end && !isSurrogate(text.charCodeAt(j)) && (unitClass(text.charCodeAt(j)) & UNIT_LL)) j++;
  if (j < end && !isSurrogate(text.charCodeAt(j)) && (unitClass(text.charCodeAt(j)) & (UNIT_L | UNIT_N))) return false;
  // A one-letter word ("NATO" read as "NAT" + "O") is looked at only after a quote.
  return !(j === i + 1 && !quoted && !(j < end && isSurrogate(text.charCodeAt(j))));
}

/** The words of the body's first clause from `at` in the line (up to 16 without a stop): where a fused body shows its verb. */
function firstClauseAt(text: string, line: Unit, at: number) {
  const rightTokens = tokenize(text, line.start + at, Math.min(line.end, line.start + at + 160));
  const clauseEnd = rightTokens.findIndex((t, i) => i > 0 && SENTENCE_STOP.test(text.slice(rightTokens[i - 1]!.end, t.start)));
  return rightTokens.slice(0, clauseEnd > 0 ? clauseEnd : 16);
}

/** Whether the line up to `end` reads as a caption's label: 2–25 words, no main verb, opened as a label is. */
function opensWithLabel(text: string, line: Unit, end: number): boolean {
  const label = tokenize(text, line.start, line.start + end);
  return label.length >= 2 && label.length <= 25 && !mainVerb(label, false) && LABEL_OPENING.test(line.text);
}

/** The body sentence a fused caption runs into, from `at` in the line (trimmed), or undefined if it is empty. */
function bodySentenceAt(text: string, line: Unit, at: number): Span | undefined {
  const sentenceEnd = line.text.slice(at, at + 400).search(/[.!?…](?:\s|$)/u);
  const be = sentenceEnd >= 0 ? line.start + at + sentenceEnd + 1 : line.end;
  const [bs, bEnd] = trimSpan(text, line.start + at, be);
  return bEnd > bs ? { start: bs, end: bEnd } : undefined;
}

function fusedIn(text: string, line: Unit): Fused | undefined {
  if (!line.glued) return undefined;
  // What ends the caption (a lowercase letter, a digit, a closing bracket or an acronym), an optional
  // full stop the caption kept, an optional opening quote, then the capitalised word that starts the body.
  JOIN.lastIndex = 0;
  const body = line.text;
  for (let m = JOIN.exec(body); m; m = JOIN.exec(body)) {
    const [, leftChunk, stop, quote, word] = m as unknown as [string, string, string, string, string];
    // Resume the search right after the caption side, so an acronym caught as the left side can still end a later join.
    JOIN.lastIndex = m.index + leftChunk.length;
    if (!quote && word.length < 2) continue;
    const joint = m.index + leftChunk.length;
    const at = joint + stop.length;
    const left = body[joint - 1]!;
    const acronym = UPPER.test(left);
    // The run of letters or digits that ends at the join.
    // Look-backs are bounded so a line of one endless token stays linear.
    const floor = Math.max(0, joint - 40);
    let k = joint;
    while (k > floor && LETTER_OR_DIGIT.test(body[k - 1]!)) k--;
    const run = body.slice(k, joint);
    // A URL, handle, hashtag or file name is not prose; a slash only between capitalised names ("REUTERS/Jane Doe").
    let w = k;
    while (w > floor && !/\s/.test(body[w - 1]!)) w--;
    if (w === floor && floor > 0) continue;
    const chunk = body.slice(w, joint);
    if (NOT_PROSE_CHUNK.test(chunk)) continue;
    if (stop) {
      // "…North Atlantic.Researchers say": a caption kept its full stop. An initial ("U.S.The") or a number
      // ("3.The") there is more likely a typo in a sentence.
      if (!LOWER.test(left) || run.length < 3) continue;
    } else if (acronym) {
      // "NATOThe": only before a word that cannot go on a name ("BBCNews", "USAToday"); an agency that closes
      // a credit after its photographer's name ("Photo: Jane Doe/AFPOfficials said …") before any word.
      if (LOWER.test(run)) continue;
      if (!STRONG_OPENERS.has(word) && !(chunk.includes('/') && CUE_BEFORE_NAME.test(body.slice(Math.max(0, w - 60), w)))) continue;
    } else if (DIGIT.test(left)) {
      // "2019The": a number on its own; "CO2Emissions", "G20Summit" are codes.
      if (!DIGITS_ONLY.test(run)) continue;
    } else if (LETTER.test(left) && !quote) {
      // "iPhone", "eBay", "McDonald", "YouTube", "LinkedIn": short or mixed-case runs are names. A capitalised
      // word ("HavnbyThe", "DoeThe") glues on only before a word that cannot end a name.
      if (run.length < 3 || UPPER.test(run.slice(1))) continue;
      if (isUpperStart(run) && !STRONG_OPENERS.has(word)) continue;
    }
    const clause = firstClauseAt(text, line, at);
    if (!OPENERS.has(word) && !mainVerb(clause)) continue;
    // The left side, from the start of its sentence, must read as a label.
    // A label is at most 20 words, so its sentence starts within a few hundred characters.
    const headFrom = Math.max(0, k - 300);
    const head = body.slice(headFrom, k);
    const cut = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
    const leftStart = cut >= 0 ? headFrom + cut + 2 : headFrom;
    if (cut < 0 && headFrom > 0) continue;
    // A caption that kept its full stop opens its line; after another sentence, or after an
    // abbreviation ("Acme Inc.The"), a full stop without a space is a typo in the prose.
    if (stop && (cut >= 0 || ABBREVIATIONS.has(run.toLowerCase()))) continue;
    const [leftFrom, ce] = trimSpan(text, line.start + leftStart, line.start + at);
    let cs = leftFrom;
    let front: Fused | undefined;
    const leftTokens = tokenize(text, cs, ce);
    // "… near the market. (Reuters)The …": an agency in brackets, alone after a full stop, closes a caption before it.
    const agency = cut >= 0 && BRACKETED_NAME.test(text.slice(cs, ce));
    // A label is at most 20 words before the credit in brackets that may close it ("… in Riga.(Jane Doe/AFP)The …").
    const side = text.slice(cs, ce);
    const open = side.endsWith(')') ? cs + side.lastIndexOf('(') : -1;
    const described = open > cs && BRACKETED_NAME.test(text.slice(open, ce)) ? leftTokens.filter((t) => t.end <= open) : leftTokens;
    if (!agency && (leftTokens.length < 2 || described.length > 20 || mainVerb(leftTokens))) continue;
    // "Workers at the plant. Photo: REUTERS/Jane DoeThe …": the credit closes a caption that starts before it.
    if (agency || (cut >= 0 && hasCredit(text.slice(cs, ce)) && /^\s*(?:\(?(?:photo|image|picture|photograph|credit|courtesy)|©)/iu.test(text.slice(cs, ce)))) {
      const before = head.slice(0, cut + 1);
      const prevCut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '));
      // The caption may also be glued to the body sentence before it ("… lost power.A woman cools off …").
      let glued = -1;
      GLUED_STOP.lastIndex = 0;
      for (let g = GLUED_STOP.exec(before); g; g = GLUED_STOP.exec(before)) glued = g.index + g[0].length;
      const fromGlued = glued > prevCut + 1;
      if (prevCut >= 0 || headFrom === 0 || fromGlued) {
        const [ps, pe] = trimSpan(text, line.start + (fromGlued ? headFrom + glued : prevCut >= 0 ? headFrom + prevCut + 2 : headFrom), line.start + headFrom + cut + 1);
        const prevTokens = tokenize(text, ps, pe);
        // Before an agency, a present-tense caption ("A man wades …") qualifies; a past tense ("…, the company
        // said. (Reuters)") is a story's attribution, not a picture's. Before a credit cue, a present tense
        // qualifies when it puts someone in a named place ("Jane Doe serves during the final in Split on Sunday.").
        if (prevTokens.length >= 2 && prevTokens.length + leftTokens.length <= 30 && (!mainVerb(prevTokens, !agency) || (!agency && describesScene(prevTokens))) && LABEL_OPENING.test(text[ps] ?? '')) {
          cs = ps;
          if (fromGlued) {
            // The sentence it is glued to states what happened (a past tense or an auxiliary).
            const bodyFrom = Math.max(before.lastIndexOf('. ', glued), before.lastIndexOf('? ', glued), before.lastIndexOf('! ', glued));
            const [fs, fe] = trimSpan(text, line.start + (bodyFrom >= 0 ? headFrom + bodyFrom + 2 : 0), line.start + headFrom + glued);
            const said = tokenize(text, fs, fe);
            if (bodyFrom < 0 && headFrom > 0) continue;
            if (said.length < 4 || !mainVerb(said, false)) continue;
            front = { at: ps, caption: { start: ps, end: 0 }, body: { start: fs, end: fe } };
          }
        }
      }
      if (agency && cs === leftFrom) continue;
    }
    if (!LABEL_OPENING.test(text[cs] ?? '')) continue;
    const bodySpan = bodySentenceAt(text, line, at);
    if (!bodySpan) continue;
    const caption = { start: cs, end: ce };
    if (front) front.caption = caption;
    return front ? { at: line.start + at, caption, body: bodySpan, front } : { at: line.start + at, caption, body: bodySpan };
  }
  return undefined;
}

/** A photo credit's cue and the name after it: "Photo: AP", "(Photo: Reuters)", "Credit: Jane Doe/Getty". */
// Without the i flag, so that \p{Lu} holds the name to capitalised words.
// The name may join its agency with a spaced slash ("Photo: Ana Ruiz / AP").
const CREDIT_THEN_NAME = /(\(?)(?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Cc]redit|PHOTO|IMAGE|CREDIT)s?\s*:\s*((?:[\p{Lu}][\p{L}\p{M}.&'’-]*(?: ?\/ ?[\p{Lu}][\p{L}\p{M}.&'’-]*)?\s?){1,4})(\)?)/gu;

/**
 * A caption whose credit runs into the body with only a space: "… in Valleyton. Photo: AP The water
 * reached …". The credit closes the caption, and what follows opens with a word that cannot go on a
 * name ("The", "They", "However") and reads as a clause with a verb. The caption side, from its
 * line's start, must read as a label: a few words, no past tense or auxiliary.
 */
function fusedAfterCredit(text: string, line: Unit): Fused | undefined {
  const body = line.text;
  // Every credit the pattern takes has its colon: a credited line without one ("Photo by …") need not be scanned.
  if (!body.includes(':')) return undefined;
  CREDIT_THEN_NAME.lastIndex = 0;
  for (let m = CREDIT_THEN_NAME.exec(body); m; m = CREDIT_THEN_NAME.exec(body)) {
    const [whole, open, name, close] = m as unknown as [string, string, string, string];
    let creditEnd: number;
    if (open) {
      if (!close) continue;
      creditEnd = m.index + whole.length;
    } else {
      // Unbracketed, the run of capitalised words takes the body's first word too ("Photo: AP The …"):
      // it must end on a word that cannot go on a name, which is given back to the body.
      const names = name.trim().split(/\s+/);
      if (names.length < 2 || !STRONG_OPENERS.has(names[names.length - 1]!)) continue;
      creditEnd = m.index + whole.indexOf(name) + names.slice(0, -1).join(' ').length;
    }
    const rest = body.slice(creditEnd);
    const space = /^\s+/.exec(rest);
    if (!space) continue;
    const at = creditEnd + space[0].length;
    const word = /^\p{Lu}[\p{Ll}]+/u.exec(body.slice(at))?.[0];
    if (!word || !STRONG_OPENERS.has(word)) continue;
    const rightTokens = tokenize(text, line.start + at, Math.min(line.end, line.start + at + 160));
    if (!mainVerb(rightTokens.slice(0, 16))) continue;
    // The caption runs from its line's start: a body sentence before it would show a verb and be refused.
    const [cs, ce] = trimSpan(text, line.start, line.start + creditEnd);
    const label = tokenize(text, cs, line.start + m.index);
    if (label.length < 2 || label.length > 25 || mainVerb(label, false) || !LABEL_OPENING.test(text[cs] ?? '')) continue;
    const bodySpan = bodySentenceAt(text, line, at);
    if (!bodySpan) continue;
    // The break belongs where the credit ends; the space after it then opens the body's paragraph, which trims it.
    return { at: ce, caption: { start: cs, end: ce }, body: bodySpan };
  }
  return undefined;
}

/** A credit cue and a name in brackets: "(Photo: Valley Press Agency)". Without the i flag, so \p{Lu} means a capital. */
const BRACKETED_CUE_NAME = /^\((?:[Pp]hoto(?:graph)?s?|[Ii]mages?|[Pp]ictures?|[Cc]redit|PHOTO|IMAGE|PICTURE|CREDIT)\s*:\s*\p{Lu}[\p{L}\p{M}&./' -]{0,40}\)$/u;

/** A credit in brackets after a caption's full stop, then a space and a capital: "… on Friday. (AP Photo/Jane Doe) Officials …". */
const BRACKET_THEN_WORD = /[.!?]\s*(\([^()]{2,60}\))\s+(?=\p{Lu})/gu;

/**
 * A caption whose credit in brackets runs into the body with only a space: "… at a fountain in
 * Valleyton on Friday. (AP Photo/Jane Doe) Officials said power was restored …". The bracket closes
 * the credit, so the body may open with any capitalised word, but it must read as a clause with a
 * verb; the caption side, from its line's start, must read as a label.
 */
function fusedAfterBracket(text: string, line: Unit): Fused | undefined {
  const body = line.text;
  if (!body.includes(') ')) return undefined;
  BRACKET_THEN_WORD.lastIndex = 0;
  for (let m = BRACKET_THEN_WORD.exec(body); m; m = BRACKET_THEN_WORD.exec(body)) {
    const group = m[1]!;
    if (!(BRACKETED_NAME.test(group) && (group.includes('/') || hasCredit(group))) && !BRACKETED_CUE_NAME.test(group)) continue;
    const creditEnd = m.index + m[0].indexOf(group) + group.length;
    const at = m.index + m[0].length;
    if (!/^\p{Lu}[\p{Ll}\s]/u.test(body.slice(at))) continue;
    const clause = firstClauseAt(text, line, at);
    if (clause.length < 4 || !mainVerb(clause)) continue;
    if (!opensWithLabel(text, line, m.index)) continue;
    const [cs, ce] = trimSpan(text, line.start, line.start + creditEnd);
    const bodySpan = bodySentenceAt(text, line, at);
    if (!bodySpan) continue;
    return { at: ce, caption: { start: cs, end: ce }, body: bodySpan };
  }
  return undefined;
}

/** An agency's credit with the photographer's name after a slash: "REUTERS/Jane Doe", "AFP / John Smith". */
// Besides the agencies named, any agency written in capitals ("KORA FOTO/Jane Doe", "NORDPIX/Jane Doe").
const AGENCY_SLASH = /(?<![\p{L}\p{N}])(?:REUTERS|Reuters|AFP|AP|EPA|DPA|dpa|XINHUA|Xinhua|ANADOLU|Anadolu|BLOOMBERG|Bloomberg|Getty Images|\p{Lu}{3,}(?: \p{Lu}{3,})?)\s*\/\s*/gu;
/** What may stand between a caption's full stop and its agency credit: nothing, or a cue ("Photo: Reuters/Jane Doe"). */
const BEFORE_AGENCY = /[.)]\s+(?:\(?(?:photo(?:graph)?|image|picture|credit)s?\s*:\s*)?$/iu;
/** A photographer's last name with the agency (or "via") after a slash: "Doe/AFP", "Doe/via". */
const NAME_THEN_AGENCY = /^\p{Lu}[\p{L}\p{M}'’.-]*\/(?:via|\p{Lu}{2,})$/u;
const AGENCY_WORD = /^\p{Lu}{2,}$/u;
const KNOWN_AGENCY = /^(?:REUTERS|Reuters|AFP|AP|EPA|DPA|dpa|XINHUA|Xinhua|ANADOLU|Anadolu|BLOOMBERG|Bloomberg|Getty Images)\s*\//u;
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'’.-]*$/u;
const WORDS = /\S+/g;

/**
 * A caption whose agency credit runs into the body with only a space: "… in Valleyton, May 4, 2024.
 * REUTERS/Jane Doe Repairs to the dam will take a year …". The name after the slash is a run of
 * capitalised words, the body's first word the last of them before a lowercase word (a photographer's
 * name is most often two words, so of a longer run the first two are the name, unless an opener such
 * as "The" comes sooner). The caption side, from its line's start, must read as a label, and the body
 * as a clause with a verb.
 */
function fusedAfterAgency(text: string, line: Unit): Fused | undefined {
  const body = line.text;
  // The agency's slash is in every match: a line without one need not be scanned.
  if (!body.includes('/')) return undefined;
  AGENCY_SLASH.lastIndex = 0;
  for (let m = AGENCY_SLASH.exec(body); m; m = AGENCY_SLASH.exec(body)) {
    // The credit follows the caption's own full stop (or closing bracket), perhaps after its cue.
    if (!BEFORE_AGENCY.test(body.slice(Math.max(0, m.index - 24), m.index))) continue;
    const from = m.index + m[0].length;
    const words: { start: number; end: number; word: string }[] = [];
    WORDS.lastIndex = 0;
    const after = body.slice(from, from + 200);
    for (let w = WORDS.exec(after); w && words.length < 8; w = WORDS.exec(after)) words.push({ start: from + w.index, end: from + w.index + w[0].length, word: w[0] });
    let run = 0;
    while (run < words.length && NAME_WORD.test(words[run]!.word)) run++;
    // A name closed by its agency ("Jane Doe/AFP", "Jane Doe/via REUTERS") says where the credit ends.
    let closed = -1;
    if (run > 0 && run < words.length && run <= 3 && NAME_THEN_AGENCY.test(words[run]!.word)) {
      closed = words[run]!.word.endsWith('/via') ? (run + 1 < words.length && AGENCY_WORD.test(words[run + 1]!.word) ? run + 2 : -1) : run + 1;
    }
    // An agency in capitals not known as one must be closed by one: "NATO/EU" opens no credit.
    if (closed < 0 && !KNOWN_AGENCY.test(m[0])) continue;
    if (closed < 0 && (run < 2 || run >= words.length)) continue;
    if (closed >= words.length) continue;
    let opens = closed > 0 ? closed : words.findIndex((w, i) => i > 0 && i < run && STRONG_OPENERS.has(w.word));
    if (opens < 0) opens = run >= 3 ? 2 : 1;
    const first = words[opens]!;
    if (!/^\p{Lu}\p{Ll}/u.test(first.word)) continue;
    const at = first.start;
    const clause = firstClauseAt(text, line, at);
    if (clause.length < 4 || !mainVerb(clause)) continue;
    if (!opensWithLabel(text, line, m.index)) continue;
    const [cs, ce] = trimSpan(text, line.start, line.start + words[opens - 1]!.end);
    const bodySpan = bodySentenceAt(text, line, at);
    if (!bodySpan) continue;
    return { at: ce, caption: { start: cs, end: ce }, body: bodySpan };
  }
  return undefined;
}

/** Where the first credit in a line starts, at its first letter (or ©): some cues match the punctuation before it. -1 for none. */
function creditStart(line: string): number {
  const m = creditCue(line);
  if (!m) return -1;
  const skip = m[0].search(/[\p{L}©]/u);
  return m.index + (skip > 0 ? skip : 0);
}

/** Where a sentence ends and a capitalised one starts: a full stop (or ? !), closing quotes or brackets, spaces. */
const SENTENCE_BREAK = /[.!?]["'”’)\]]*\s+(?=\p{Lu})/gu;

/**
 * A caption glued to the end of a body paragraph: "… the branch will reopen in May. Mayor Ana Ruiz
 * tours the flooded library on Monday. Photo: Jane Doe". The line closes with a credit; the sentence
 * before it reads as a picture's caption (no past tense or auxiliary, someone or something put in a
 * place, and a name, number or day that says which picture), and body text comes before that.
 */
function fusedAtEnd(text: string, line: Unit): Fused | undefined {
  const body = line.text;
  const at = creditStart(body);
  if (at < 0) return undefined;
  const tail = body.slice(at);
  if (wordsIn(tail, 10) > 10 || SENTENCE_AFTER.test(tail)) return undefined;
  const before = body.slice(0, body[at - 1] === '(' ? at - 1 : at).trimEnd();
  if (!before.endsWith('.')) return undefined;
  // The caption's sentence starts after the last sentence break before its own full stop.
  let cut = -1;
  SENTENCE_BREAK.lastIndex = 0;
  for (let b = SENTENCE_BREAK.exec(before); b; b = SENTENCE_BREAK.exec(before)) cut = b.index + b[0].length;
  // A scraped caption may be glued to the body's full stop with no space ("… the mayor said.Crews clear …").
  GLUED_STOP.lastIndex = 0;
  for (let g = GLUED_STOP.exec(before); g; g = GLUED_STOP.exec(before)) cut = Math.max(cut, g.index + g[0].length);
  // With no sentence before it, the line is a caption with its credit, not one glued to the body.
  if (cut < 0) return undefined;
  const cs = line.start + cut;
  const ce = line.start + before.length;
  const caption = tokenize(text, cs, ce);
  if (caption.length < 4 || caption.length > 25 || !UPPER_START.test(body.slice(cut)) || mainVerb(caption)) return undefined;
  const which = caption.some((t, i) => hasDigit(t.raw) || CALENDAR.has(t.norm) || (i > 0 && t.opensUpper()));
  if (!which || !caption.some((t) => SCENE_PREPOSITIONS.has(t.norm))) return undefined;
  const [bs, be] = trimSpan(text, line.start, cs);
  if (!endsSentence(text, bs, be) || wordsBetween(text, bs, be, 8) < 8) return undefined;
  // The body's last sentence is the one the break is put after. It states what happened (a past tense or an
  // auxiliary): a present-tense description before it ("Rescuers carry a woman to a boat. A dog waits …") is
  // the first sentence of a longer caption.
  const lastStart = body.slice(0, be - line.start).search(/[^.!?]*[.!?]["'”’)\]]*$/u);
  const from = lastStart > 0 ? trimSpan(text, line.start + lastStart, be)[0] : bs;
  if (!mainVerb(tokenize(text, from, be), false)) return undefined;
  return { at: cs, caption: { start: cs, end: line.start + body.trimEnd().length }, body: { start: from, end: be } };
}

// ---------------------------------------------------------------------------
// Near-duplicates

const withoutArticles = (tokens: readonly Token[]): Token[] => tokens.filter((t) => !t.isArticle());

/**
 * A word whose change leaves the picture the same: lowercase, no digits; content words only in
 * longer captions printed next to each other. Further apart, "a flooded street" and "a flooded
 * school" are two pictures of one story, not one caption printed twice.
 */
const softWord = (t: Token, length: number, near: boolean, lowered: boolean): boolean =>
  (isLowerStart(t.raw) || lowered) && !hasDigit(t.raw) && ((t.cls & FUNCTION_WORD) !== 0 || (length >= 6 && near));

/**
 * Whether a word the text capitalises only to open a line is a common word ("Supporters" beside
 * "supporters" elsewhere) rather than a name ("Okoro"). Remembered per word, and asked only of
 * the first words of near-identical captions, so the scans stay few.
 */
function lowercaseLexicon(text: string): (word: string) => boolean {
  const seen = new Map<string, boolean>();
  return (word) => {
    const w = word.toLowerCase();
    let known = seen.get(w);
    if (known !== undefined) return known;
    known = false;
    if (seen.size < 64 && LETTERS_ONLY.test(w)) {
      for (let i = text.indexOf(w); i >= 0 && !known; i = text.indexOf(w, i + 1)) {
        known = !LETTER_OR_DIGIT.test(text[i - 1] ?? ' ') && !LETTER_OR_DIGIT.test(text[i + w.length] ?? ' ');
      }
    }
    seen.set(w, known);
    return known;
  };
}

/**
 * Words whose swap turns one picture into its counterpart: "the bridge before the flood" and
 * "… after the flood" are a pair of pictures, not a caption printed twice.
 */
const CONTRASTS = new Set<string>();
for (const [x, y] of [
  ['before', 'after'], ['with', 'without'], ['inside', 'outside'], ['above', 'below'], ['over', 'under'], ['up', 'down'],
  ['left', 'right'], ['north', 'south'], ['east', 'west'], ['old', 'new'], ['first', 'last'], ['first', 'second'],
  ['open', 'closed'], ['day', 'night'], ['morning', 'evening'], ['front', 'back'], ['upper', 'lower'], ['top', 'bottom'],
  ['men', 'women'], ['man', 'woman'], ['boys', 'girls'], ['summer', 'winter'], ['spring', 'autumn'], ['home', 'away'],
  ['empty', 'full'], ['then', 'now'], ['entrance', 'exit'], ['arrives', 'leaves'], ['arrive', 'leave'], ['start', 'finish'],
]) {
  CONTRASTS.add(`${x}|${y}`);
  CONTRASTS.add(`${y}|${x}`);
}

interface Likeness {
  /** "word for word", "differs only by “the”", … */
  detail: string;
}

function quoteList(words: readonly string[]): string {
  const unique = [...new Set(words)];
  return unique.map((w) => `“${w}”`).join(' and ');
}

/**
 * Two captions say the same thing when their tokens agree up to case,
 * punctuation, spacing and articles, plus at most one edit of a soft word.
 * One edit is the threshold because captions are short: on a six-word caption
 * it already means 83% agreement, and any looser ratio lets "President of A
 * and President of B" match "… and President of C" — a different picture.
 */
/** A line's loose key, remembered by a unit. */
const keyOfLine = (d: Described): string => (d instanceof Unit ? d.key : looseKey(d.tokens));

/** Whether the token opens one of the two lines. */
const opensEither = (t: Token, a: Described, b: Described): boolean => t.start === a.tokens[0]!.start || t.start === b.tokens[0]!.start;

function likeness(a: Described, b: Described, near = true, common?: (word: string) => boolean): Likeness | undefined {
  if (a.tokens.length === 0 || b.tokens.length === 0) return undefined;
  if (keyOfLine(a) === keyOfLine(b)) {
    if (a.text === b.text) return { detail: 'word for word' };
    if (a.text.replace(/\s+/g, ' ') === b.text.replace(/\s+/g, ' ')) return { detail: 'differs only in spacing' };
    return { detail: 'differs only in case or punctuation' };
  }
  const x = withoutArticles(a.tokens);
  const y = withoutArticles(b.tokens);
  if (looseKey(x) === looseKey(y)) {
    return { detail: `differs only by ${quoteList(articleDifference(a.tokens, b.tokens))}` };
  }
  // "floodwater" beside "flood water", "the party's headquarters" beside "party headquarters": the same words, joined or split.
  if (compactKey(x) === compactKey(y)) return { detail: `differs only by ${quoteList(middleDifference(a, b))}` };
  const place = near ? addedTail(a, b) : undefined;
  if (place) return { detail: `differs only by the added “${place}”` };
  const edit = singleEdit(x, y);
  if (!edit) return undefined;
  const n = Math.max(x.length, y.length);
  const changed = [edit.from, edit.to].filter((t): t is Token => t !== undefined);
  if (!changed.every((t) => softWord(t, n, near, opensEither(t, a, b) && common !== undefined && common(t.norm)))) return undefined;
  if (edit.from && edit.to && CONTRASTS.has(`${edit.from.norm}|${edit.to.norm}`)) return undefined;
  // "… is not open" beside "… is open" says the opposite.
  if (changed.some((t) => t.norm === 'not' || t.norm === 'no')) return undefined;
  if (edit.from && edit.to) return { detail: `differs only by “${edit.from.raw}” and “${edit.to.raw}”` };
  return { detail: `differs only by “${(edit.from ?? edit.to)!.raw}”` };
}

/** A token's normal form without a possessive: "the party's headquarters" and "party headquarters" name one place. */
function stemOf(t: Token): string {
  const n = t.norm;
  return n.length > 3 && n.endsWith("'s") ? n.slice(0, -2) : n;
}

/**
 * The words of tokens without articles (as withoutArticles leaves them) run together, possessives
 * dropped: a compound written as one word or two ("floodwater", "flood water"), a changed case and a
 * dropped "'s" leave it the same, while any other changed word changes it.
 */
function compactKey(bare: readonly Token[]): string {
  let k = '';
  for (const t of bare) k += stemOf(t);
  return k;
}

/** What each of two lines says where they differ, from the first word they do not share to the last. */
function middleDifference(a: Described, b: Described): string[] {
  const x = a.tokens;
  const y = b.tokens;
  let i = 0;
  while (i < x.length && i < y.length && x[i]!.norm === y[i]!.norm) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j]!.norm === y[y.length - 1 - j]!.norm) j++;
  const out: string[] = [];
  for (const [d, ts, end] of [[a, x, x.length - j], [b, y, y.length - j]] as const) {
    if (end > i) out.push(d.text.slice(ts[i]!.start - d.start, ts[end - 1]!.end - d.start));
  }
  return out;
}

/** Words that open a phrase of place or time at the end of a caption ("… in Riga", "… on Monday"). */
const TAIL_PREPOSITIONS = new Set(['on', 'in', 'at', 'near', 'during']);

/**
 * A copy printed beside its caption that only adds where or when the picture was taken at the end
 * (", Riga", ", 2024", " on Monday", " in Riga, 2024") shows the same picture: the words added, or
 * undefined. They must be set off by a comma or opened by a preposition of place or time, and be
 * names or numbers (articles allowed), at most four words.
 */
function addedTail(a: Described, b: Described): string | undefined {
  const [short, long] = a.tokens.length <= b.tokens.length ? [a, b] : [b, a];
  const extra = long.tokens.length - short.tokens.length;
  if (extra < 1 || extra > 4 || short.tokens.length < 2) return undefined;
  for (let i = 0; i < short.tokens.length; i++) if (short.tokens[i]!.norm !== long.tokens[i]!.norm) return undefined;
  const tail = long.tokens.slice(short.tokens.length);
  const gap = long.text.slice(long.tokens[short.tokens.length - 1]!.end - long.start, tail[0]!.start - long.start);
  const comma = /^\s*,\s*$/.test(gap);
  if (!comma && !/^\s+$/.test(gap)) return undefined;
  const words = !comma && TAIL_PREPOSITIONS.has(tail[0]!.norm) ? tail.slice(1) : tail;
  if (words.length === 0 || (!comma && words === tail)) return undefined;
  if (!words.every((t) => /^[\p{Lu}\p{N}]/u.test(t.raw) || t.isArticle())) return undefined;
  return long.text.slice(tail[0]!.start - long.start, tail[tail.length - 1]!.end - long.start);
}

/** Articles one side has and the other lacks ("the"), or both sides' when they swap ("a" and "the"). */
function articleDifference(a: readonly Token[], b: readonly Token[]): string[] {
  const ca = articleCounts(a);
  const cb = articleCounts(b);
  const out: string[] = [];
  for (const w of new Set([...ca.keys(), ...cb.keys()])) if ((ca.get(w) ?? 0) !== (cb.get(w) ?? 0)) out.push(w);
  return out;
}

function articleCounts(tokens: readonly Token[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) if (ARTICLES.has(t.norm)) m.set(t.norm, (m.get(t.norm) ?? 0) + 1);
  return m;
}

/** The one token edit that turns x into y, or undefined when they differ by more. Linear. */
function singleEdit(x: readonly Token[], y: readonly Token[]): { from?: Token; to?: Token } | undefined {
  if (Math.abs(x.length - y.length) > 1) return undefined;
  let i = 0;
  while (i < x.length && i < y.length && x[i]!.norm === y[i]!.norm) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j]!.norm === y[y.length - 1 - j]!.norm) j++;
  const restX = x.length - i - j;
  const restY = y.length - i - j;
  if (restX + restY === 0) return undefined;
  if (restX > 1 || restY > 1) return undefined;
  const out: { from?: Token; to?: Token } = {};
  if (restX === 1) out.from = x[i]!;
  if (restY === 1) out.to = y[i]!;
  return out;
}

/**
 * How a caption repeats a body sentence: the caption's words appear in order
 * in the sentence with few edits (articles ignored, an acronym matching the
 * words it stands for), and no number of the caption is missing from it.
 * Semi-global alignment: the sentence may say more before or after.
 */
function repeatsSentence(c: ArticleFree, t: ArticleFree): boolean {
  if (c.count < 5 || t.count > 300) return false;
  const a = c.acronyms ? expandAcronyms(c.tokens, t.tokens) ?? plainWords(c) : plainWords(c);
  if (a.length < 5) return false;
  const b = new SentenceWords(t, c.tokens);
  // A short caption that names what a long sentence also names ("Candidate Jane Doe at a rally in
  // Havnby" beside "Candidate Jane Doe spoke at a rally in Havnby on Friday, promising …") describes
  // the picture in the story's words; it repeats the sentence only when it says most of it, or is
  // too long for the match to be chance. (Asked first: it needs no alignment.)
  if (a.length < 10 && a.length * 2 < b.length) return false;
  const numbers = a === c.plain ? (c.numbers ??= a.filter((w) => hasDigit(w))) : a.filter((w) => hasDigit(w));
  if (numbers.some((w) => !b.has(w))) return false;
  const limit = Math.max(1, Math.floor(a.length * 0.2));
  // A caption word the sentence does not have costs an edit in any alignment: too many, and none is
  // good enough. An unrelated sentence is told so within a few words, so the sentence is searched
  // rather than indexed.
  let missing = 0;
  for (const w of a) if (!b.has(w) && ++missing > limit) return false;
  return alignedEdits(a, b.all()) <= limit;
}

/** The fewest edits that align all of a with some stretch of b (the sentence may say more before or after). */
function alignedEdits(a: readonly string[], b: readonly string[]): number {
  // prev[j]: edits to align a[0..i) ending at b[j) with free leading sentence words.
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  return Math.min(...prev);
}

/**
 * A sentence's words as the caption beside it reads them (expandAcronyms(sentence, caption)),
 * counted and searched without being made: most of its tokens are told apart from a caption word
 * by their length, and never need their normal form.
 */
class SentenceWords {
  readonly length: number;
  /** The caption's words for each acronym of the sentence it spells out, by token. */
  private readonly spelled: (string[] | undefined)[] | undefined;

  constructor(
    private readonly sentence: ArticleFree,
    caption: readonly Token[],
  ) {
    let length = sentence.tokens.length;
    if (sentence.acronyms) {
      const spelled = sentence.tokens.map((t) => (isAcronym(t) ? spelling(caption, t.raw.replace(DOTS, '')) : undefined));
      // An acronym the caption does not spell out stays a word of its own.
      for (const words of spelled) {
        if (!words) continue;
        length += words.length - 1;
        this.spelled = spelled;
      }
    }
    this.length = length;
  }

  has(w: string): boolean {
    const tokens = this.sentence.tokens;
    const spelled = this.spelled;
    if (!spelled) {
      for (const t of tokens) if (t.normIs(w)) return true;
      return false;
    }
    for (let k = 0; k < tokens.length; k++) {
      const words = spelled[k];
      if (words ? words.includes(w) : tokens[k]!.normIs(w)) return true;
    }
    return false;
  }

  all(): string[] {
    if (!this.spelled) return plainWords(this.sentence);
    return this.sentence.tokens.flatMap((t, k) => this.spelled![k] ?? [t.norm]);
  }
}

interface ArticleFree {
  /** How many tokens there are, articles included. */
  count: number;
  tokens: Token[];
  /** Whether expandAcronyms may spell out one of them; without, the words are as they are whatever the other side. */
  acronyms: boolean;
  /** The words (norms), once asked for, and those of them with a digit. */
  plain?: string[];
  numbers?: string[];
}

/**
 * Tokens without articles. A line remembers its own, and the sentences near captions are remembered
 * by span for the source under analysis (see Neighbourhood.freeOf): a sentence is compared with
 * every caption candidate near it.
 */
function articleFree(tokens: readonly Token[]): ArticleFree {
  const bare: Token[] = [];
  let acronyms = false;
  for (const t of tokens) {
    if (t.isArticle()) continue;
    bare.push(t);
    acronyms ||= isAcronym(t);
  }
  return { count: tokens.length, tokens: bare, acronyms };
}

const plainWords = (free: ArticleFree): string[] => (free.plain ??= free.tokens.map((t) => t.norm));

const DOTS = /\./g;

/** A token that expandAcronyms may spell out. */
function isAcronym(t: Token): boolean {
  if (!t.opensUpper()) return false;
  // Most capitalised words are settled by their second letter, before their text is cut out.
  if (t.end - t.start > 1 && isAsciiLower(t.secondUnit)) return false;
  return ACRONYM.test(t.raw.replace(DOTS, ''));
}

const isAsciiLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/**
 * Tokens with each acronym the other side spells out replaced by its words ("US" → "united states");
 * undefined when it spells out none, and the words are the tokens' own.
 */
function expandAcronyms(tokens: readonly Token[], other: readonly Token[]): string[] | undefined {
  let out: string[] | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const expansion = isAcronym(t) ? spelling(other, t.raw.replace(DOTS, '')) : undefined;
    if (expansion && !out) out = tokens.slice(0, k).map((x) => x.norm);
    if (!out) continue;
    if (expansion) out.push(...expansion);
    else out.push(t.norm);
  }
  return out;
}

/** Words an acronym leaves out ("Bank of England" → "BE"). */
const INITIALS_SKIP = new Set(['of', 'and', 'for', 'the', '&']);

/**
 * The words of the first run of capitalised words (at most eight, "of", "and", "for", "the" and "&"
 * between them) whose first letters spell the acronym ("United States" for "US"), or undefined.
 * A run is given up at its first letter the acronym does not have next.
 */
function spelling(tokens: readonly Token[], acronym: string): string[] | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i]!.opensUpper() || tokens[i]!.firstUnit !== acronym.charCodeAt(0)) continue;
    let spelled = 0;
    for (let j = i; j < tokens.length && j < i + 8; j++) {
      const t = tokens[j]!;
      if (t.opensUpper()) {
        if (t.firstUnit !== acronym.charCodeAt(spelled)) break;
        if (++spelled === acronym.length) return tokens.slice(i, j + 1).map((x) => x.norm);
      } else if (!INITIALS_SKIP.has(t.norm)) break;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The pass

export interface CaptionResult {
  captions: Caption[];
  flags: Flag[];
  /** Paragraph or line ids that are wholly caption. */
  nonProse: string[];
}

/** Tokens of a line made first, for its verb: most sentences show theirs within these (or twice as many). */
const VERB_PREFIX = 8;

/**
 * A line of a paragraph as the pass looks at it. It is walked once when made, for its words, how
 * many tokens it has, how long its key is and whether a fused caption can start in it; its tokens
 * are made from the spans that walk kept, and only as far as something asks (a sentence's verb is
 * most often among its first few). Most lines are sentences of the body, which that much settles.
 */
class Unit implements LineUnit {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Its words as countWords counts them. */
  readonly words: number;
  /** tokens.length; no tokens for a line too long to be a caption. */
  readonly tokenCount: number;
  /** key.length: most lines differ from their neighbours in it. */
  readonly keyLength: number;
  /** Whether a capital is glued to what precedes it somewhere in the line (see gluedAt). */
  readonly glued: boolean;
  caption: Found | undefined = undefined;
  /** Where its spans are among lineSpans. */
  private readonly first: number;
  /** The first tokens, as many as asked for so far; all of them once `complete`. */
  private made: Token[] = [];
  private complete: boolean;
  private keyText: string | undefined = undefined;
  private freeWords: ArticleFree | undefined = undefined;
  private creditFound: boolean | undefined = undefined;
  /** mainVerb(tokens), once known; null for none. */
  private verbFound: string | null | undefined = undefined;

  constructor(
    private readonly source: string,
    line: LineUnit,
    readonly paragraph: Paragraph,
    /** The units of the paragraph's lines, this one among them. */
    readonly siblings: readonly Unit[],
    /** Position among all lines of the article. */
    readonly order: number,
  ) {
    this.id = line.id;
    this.start = line.start;
    this.end = line.end;
    this.text = line.text;
    this.words = lineSpans.overLine(source, line.start, line.end);
    this.glued = lineSpans.glued;
    const walked = this.words <= COUNTED_WORDS;
    this.first = lineSpans.offset;
    this.tokenCount = walked ? lineSpans.found : 0;
    this.keyLength = walked ? lineSpans.keyLength(source) : -1;
    // A line too long to be walked for its tokens has none here (its span still has its own, which tokenize finds).
    this.complete = this.tokenCount === 0;
  }

  get tokens(): Token[] {
    return this.madeUpTo(Infinity);
  }

  /** The first n tokens (all, if there are fewer), made from the line's kept spans as far as asked. */
  private madeUpTo(n: number): Token[] {
    if (!this.complete && this.made.length < n) {
      const upTo = Math.min(n, this.tokenCount);
      for (let k = this.made.length; k < upTo; k++) this.made.push(lineSpans.tokenAt(this.source, this.first + k));
      this.complete = this.made.length === this.tokenCount;
    }
    return this.made;
  }

  /**
   * The tokens of a span inside the line, as tokenize would find them: the line's tokens that lie
   * inside it, when none of them crosses either end (a walk of the span would then see the same
   * units decide the same way); otherwise undefined.
   */
  tokensWithin(s: Span): Token[] | undefined {
    if (this.tokenCount === 0 || s.start < this.start || s.end > this.end) return undefined;
    const last = this.first + this.tokenCount;
    let lo = this.first;
    while (lo < last && lineSpans.startAt(lo) < s.start) lo++;
    if (lo > this.first && lineSpans.endAt(lo - 1) > s.start) return undefined;
    let hi = lo;
    while (hi < last && lineSpans.startAt(hi) < s.end) hi++;
    if (hi > lo && lineSpans.endAt(hi - 1) > s.end) return undefined;
    return lo === this.first && hi === last ? this.tokens : this.tokens.slice(lo - this.first, hi - this.first);
  }

  /** longestPlain(text, tokens), read from the kept spans without making tokens. */
  plainKey(): string | undefined {
    const picker = new PlainPicker();
    for (let k = this.first; k < this.first + this.tokenCount; k++) picker.add(this.source, lineSpans.startAt(k), lineSpans.endAt(k));
    return picker.key;
  }

  /** articleFree(tokens), remembered: a caption is compared with each sentence near it. */
  get free(): ArticleFree {
    return (this.freeWords ??= articleFree(this.tokens));
  }

  /** looseKey(tokens), remembered: a line is compared with each neighbour and looked at again for an echo. */
  get key(): string {
    return (this.keyText ??= looseKey(this.tokens));
  }

  /** hasCredit(text), remembered: a line is asked as a caption, for a credit inside it and again among captions. */
  get credited(): boolean {
    return (this.creditFound ??= hasCredit(this.text));
  }

  /** mainVerb(tokens), from as few of the tokens as settle it. */
  get verb(): string | undefined {
    this.verbFound ??= this.findVerb();
    return this.verbFound ?? undefined;
  }

  private findVerb(): string | null {
    // Each longer prefix is read on from where the shorter one left words unsettled.
    let from = 0;
    for (let n = VERB_PREFIX; ; n *= 2) {
      const made = this.madeUpTo(n);
      const at = verbIndex(made, true, from);
      if (this.complete) return at >= 0 ? made[at]!.raw : null;
      if (at >= 0 && at + VERB_LOOKAHEAD < made.length) return made[at]!.raw;
      from = Math.max(0, made.length - VERB_LOOKAHEAD);
    }
  }
}

/** A paragraph's lines (or the paragraph, when it has none) as units. */
function linesAsUnits(text: string, p: Paragraph, order: number): Unit[] {
  const lines: LineUnit[] = p.lines.length > 0 ? p.lines : [{ id: p.id, start: p.start, end: p.end, text: p.text }];
  const own: Unit[] = [];
  for (const l of lines) own.push(new Unit(text, l, p, own, order + own.length));
  return own;
}

/** Two lines with tokens that read the same up to case, punctuation and spacing. */
function sameWords(a: Unit, b: Unit): boolean {
  if (a.tokenCount === 0 || b.tokenCount === 0) return false;
  return a.keyLength === b.keyLength && a.key === b.key;
}

/** Paragraphs to look ahead for the body text around a caption. */
const WINDOW = 3;
/**
 * Paragraphs apart at most for two captions to count as one printed twice:
 * far enough to step over a credit line and a paragraph or two, near enough
 * that a picture reused at the other end of a long feature is not flagged.
 */
const REPEAT_WINDOW = 6;

/**
 * Where among the paragraphs is the one a sentence belongs to (-1 if none): the paragraph around its
 * start, found by halving, when the ids agree; else the one with its id.
 */
function paragraphOf(paragraphs: readonly Paragraph[], s: Sentence): number {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (paragraphs[mid]!.start <= s.start) lo = mid;
    else hi = mid - 1;
  }
  if (paragraphs[lo]?.id === s.paragraphId) return lo;
  return paragraphs.findIndex((p) => p.id === s.paragraphId);
}

/**
 * The middle of some small whole numbers (the upper of the two middle ones), read from a count of
 * each rather than a sort; `none` when there are none.
 */
function medianOf(values: readonly number[], none: number): number {
  if (values.length === 0) return none;
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const counts = new Array<number>(max + 1).fill(0);
  for (const v of values) counts[v]!++;
  let seen = 0;
  for (let v = 0; ; v++) if ((seen += counts[v]!) > values.length >> 1) return v;
}

/** A body paragraph among the next WINDOW after paragraph i. */
function bodyWithin(body: readonly boolean[], i: number): boolean {
  for (let k = i + 1; k <= i + WINDOW && k < body.length; k++) if (body[k]) return true;
  return false;
}

/**
 * Where a word occurs in the text as a whole word: its first two places are enough to find one
 * outside a given line. Remembered per word, and for a bounded number of words, so the pass stays
 * linear however many name-like lines there are.
 */
class WordPlaces {
  private readonly places = new Map<string, number[]>();

  constructor(private readonly text: string) {}

  /** Whether the word occurs, as written, outside the span. */
  outside(word: string, span: Span): boolean {
    let at = this.places.get(word);
    if (!at) {
      if (this.places.size >= 64) return false;
      at = [];
      const text = this.text;
      for (let i = text.indexOf(word); i >= 0 && at.length < 2; i = text.indexOf(word, i + 1)) {
        if (!LETTER_OR_DIGIT.test(text[i - 1] ?? ' ') && !LETTER_OR_DIGIT.test(text[i + word.length] ?? ' ')) at.push(i);
      }
      this.places.set(word, at);
    }
    return at.some((i) => i < span.start || i >= span.end);
  }
}

/** What looking for the body sentence a caption copies needs of the source: its body, its sentences and the captions found. */
class Neighbourhood {
  private readonly frees = new Map<number, ArticleFree>();

  constructor(
    private readonly text: string,
    private readonly paragraphs: readonly Paragraph[],
    private readonly body: readonly boolean[],
    private readonly nonProse: ReadonlySet<string>,
    private readonly unitsOf: readonly (readonly Unit[])[],
    private readonly sentencesOf: readonly (readonly Sentence[])[],
    private readonly captionAt: ReadonlyMap<number, Found>,
    private readonly captionParagraphs: ReadonlySet<string>,
  ) {}

  /** The sentences a line could copy: body lines of its paragraph, and the body paragraphs before and after it. */
  sentencesNear(u: Unit): Sentence[] {
    const out: Sentence[] = [];
    const p = u.paragraph;
    // Other lines of the same paragraph count when they are body sentences, not the caption's own copy.
    for (const l of u.siblings) {
      if (l.start === u.start || !isBodyLine(this.text, l) || this.captionAt.has(l.start)) continue;
      // A line too long to be a caption has no tokens of its own, but is still compared by all its words.
      if (l.words > COUNTED_WORDS ? looseKey(tokenize(this.text, l.start, l.end)) === u.key : sameWords(l, u)) continue;
      for (const s of this.sentencesOf[p.index]!) if (s.start >= l.start && s.end <= l.end) out.push(s);
    }
    // The last three sentences of the body paragraph before, and the first three of the one after.
    const before = this.sentencesOf[this.bodyNear(p.index, -1)] ?? [];
    for (let j = Math.max(0, before.length - 3); j < before.length; j++) out.push(before[j]!);
    const after = this.sentencesOf[this.bodyNear(p.index, 1)] ?? [];
    for (let j = 0; j < after.length && j < 3; j++) out.push(after[j]!);
    return out;
  }

  /** The body paragraph next to paragraph i in a direction, over at most one caption or non-prose block; -1 if none. */
  private bodyNear(i: number, dir: number): number {
    for (let k = i + dir, steps = 0; k >= 0 && k < this.paragraphs.length && steps < 2; k += dir, steps++) {
      const q = this.paragraphs[k]!;
      if (this.captionParagraphs.has(q.id) || this.nonProse.has(q.id)) continue;
      return this.body[k] ? k : -1;
    }
    return -1;
  }

  /** articleFree(tokensOf(s)), remembered by the sentence's span. */
  freeOf(s: Sentence): ArticleFree {
    if (this.text.length >= MEMO_SPAN) return articleFree(this.tokensOf(s));
    const key = s.start * MEMO_SPAN + s.end;
    let got = this.frees.get(key);
    if (!got) this.frees.set(key, (got = articleFree(this.tokensOf(s))));
    return got;
  }

  /** A sentence's tokens: most often some of its line's, so that the sentence is not walked again. */
  tokensOf(s: Sentence): Token[] {
    const known = remembered(this.text, s.start, s.end);
    if (known) return known;
    const line = this.unitsOf[paragraphOf(this.paragraphs, s)]?.find((l) => l.start <= s.start && s.end <= l.end);
    const within = line?.tokensWithin(s);
    return within ? remember(this.text, s.start, s.end, within) : tokenize(this.text, s.start, s.end);
  }
}

/** Captions, repeated and fused captions of one source. Pure: the context in, data out. */
export function findCaptions(ctx: CaptionInput): CaptionResult {
  memoFor(ctx.text);
  try {
    return captionsOf(ctx);
  } finally {
    memoFor(undefined);
  }
}

type CaptionInput = Pick<SourceContext, 'source' | 'text' | 'paragraphs' | 'sentences' | 'nonProse'>;

/** What the phases of the pass read of a source: its lines as units, and where its body is. */
interface Layout {
  text: string;
  md: boolean;
  paragraphs: readonly Paragraph[];
  units: Unit[];
  /** The units of each paragraph's lines, by paragraph (none for a block that is not a paragraph). */
  unitsOf: Unit[][];
  body: boolean[];
  /** Whether a body paragraph comes before paragraph i. */
  bodyBeforeAt: boolean[];
  maxWords: number;
  wrappedDoc: boolean;
  common: (word: string) => boolean;
  elsewhere: WordPlaces;
}

// The pass in phases, each a function of its own: each is optimised apart, sooner and at less cost
// than one function holding them all.
function captionsOf(ctx: CaptionInput): CaptionResult {
  const layout = layoutOf(ctx);
  const fused: Fused[] = [];
  const found: Found[] = [];
  for (const p of layout.paragraphs) if (p.kind === 'paragraph') paragraphCaptions(layout, p, found, fused);
  const echoes = echoCaptions(ctx, layout, found);
  const sourceId = ctx.source.id;
  // concat, not a spread: spreading an empty result array throws the optimised pass back to the interpreter.
  const flags = duplicateFlags(layout.text, sourceId, layout.units, echoes, fused).concat(fusedFlags(layout.text, sourceId, fused));
  return { captions: captionsIn(layout.text, sourceId, found), flags, nonProse: nonProseOf(found) };
}

/** The units of a block that is not a paragraph: one array for all, so that every source's look the same to the compiler. */
const NO_UNITS: Unit[] = [];

function layoutOf(ctx: CaptionInput): Layout {
  const { text, paragraphs } = ctx;
  // Only a paragraph's lines can be captions; a paragraph of one line is counted with it.
  const units: Unit[] = [];
  const unitsOf = paragraphs.map((p) => {
    if (p.kind !== 'paragraph') return NO_UNITS;
    const own = linesAsUnits(text, p, units.length);
    for (const u of own) units.push(u);
    return own;
  });
  // Only a paragraph or blockquote can be body text.
  const words = paragraphs.map((p, i) => {
    const own = unitsOf[i]!;
    if (own.length === 1 && own[0]!.start === p.start && own[0]!.end === p.end) return own[0]!.words;
    return p.kind === 'paragraph' || p.kind === 'blockquote' ? countWords(text, p) : 0;
  });
  const body = paragraphs.map((p, i) => isBodyParagraph(text, p, words[i]!));
  // Counted up to 29 words: any median from 28 up gives the same maxWords, 25.
  const bodyWords: number[] = [];
  for (let i = 0; i < paragraphs.length; i++) if (body[i]) bodyWords.push(Math.min(words[i]!, 29));
  const median = medianOf(bodyWords, 40);
  const bodyBeforeAt: boolean[] = [];
  let seenBody = false;
  for (let i = 0; i < paragraphs.length; i++) {
    bodyBeforeAt.push(seenBody);
    if (body[i]) seenBody = true;
  }
  return {
    text,
    md: ctx.source.format === 'md',
    paragraphs,
    units,
    unitsOf,
    body,
    bodyBeforeAt,
    maxWords: Math.min(25, Math.max(10, Math.round(median * 0.9))),
    wrappedDoc: paragraphs.filter(isWrapped).length >= 2,
    common: lowercaseLexicon(text),
    elsewhere: new WordPlaces(text),
  };
}

/** The captions, fused captions and credits among a paragraph's lines. */
function paragraphCaptions(layout: Layout, p: Paragraph, found: Found[], fused: Fused[]): void {
  const { text, md, wrappedDoc } = layout;
  const own = layout.unitsOf[p.index]!;
  const wrapped = isWrapped(p);
  const hasBodyLine = own.some((l) => isBodyLine(text, l));
  const listLike = own.length >= 3 && own.filter((l) => l.words <= 8).length >= own.length - 1;
  for (let li = 0; li < own.length; li++) {
    const u = own[li]!;
    const f = p.index > 0 ? fusedIn(text, u) ?? (u.credited ? fusedAfterCredit(text, u) ?? fusedAfterAgency(text, u) ?? fusedAfterBracket(text, u) ?? fusedAtEnd(text, u) : undefined) : undefined;
    if (f) {
      fused.push(f);
      if (f.front) fused.push(f.front);
      found.push({ start: f.caption.start, end: f.caption.end, paragraph: p, line: u.start, lineId: own.length > 1 ? u.id : undefined, whole: false, reasons: ['runs into the body text with no break', 'a label without a verb'] });
      continue;
    }
    // A line is printed twice in a row only beside another line of its paragraph.
    const repeated = (li > 0 && sameWords(u, own[li - 1]!)) || (li + 1 < own.length && sameWords(u, own[li + 1]!));
    // A paragraph of its own (or a caption and its copy) is judged as a whole line; a line
    // among body sentences only when nothing suggests hard-wrapped prose around it.
    const standalone = !wrapped && (own.length === 1 || (own.length === 2 && !hasBodyLine && !(wrappedDoc && !repeated)));
    const amongProse = !standalone && !wrappedDoc && !wrapped && !listLike && hasBodyLine &&
      (li === 0 || endsSentence(text, own[li - 1]!.start, own[li - 1]!.end)) && (li + 1 >= own.length || !isLowerStart(own[li + 1]!.text));
    const place: Placement = {
      bodyBefore: layout.bodyBeforeAt[p.index]! || (hasBodyLine && li > 0),
      bodyAfter: bodyWithin(layout.body, p.index) || (hasBodyLine && li + 1 < own.length),
      maxWords: layout.maxWords,
      md,
      amongProse,
      common: layout.common,
      elsewhere: layout.elsewhere,
    };
    let reasons: string[] | undefined;
    if (standalone || amongProse || repeated) {
      reasons = captionReasons(text, u, p, place, repeated);
      if (!reasons && u.credited) {
        const [s, e] = md || emphasised(text, u) ? innerSpan(text, u.start, u.end, true) : [u.start, u.end];
        reasons = longCredited(u, s === u.start && e === u.end ? u.text : text.slice(s, e), place);
      }
    } else if (u.end - u.start <= MAX_CAPTION_CHARS && u.credited && u.words <= 25 && !LOWER_OPENING.test(u.text)) {
      reasons = ['credits a photo or image'];
    }
    if (reasons) {
      const [s, e] = innerSpan(text, u.start, u.end, md || emphasised(text, u));
      found.push({ start: s, end: e, paragraph: p, line: u.start, lineId: own.length > 1 ? u.id : undefined, whole: true, reasons });
      continue;
    }
    const part = u.credited ? creditSegment(text, u) : undefined;
    if (part) found.push({ start: part.start, end: part.end, paragraph: p, line: u.start, lineId: own.length > 1 ? u.id : undefined, whole: false, reasons: ['credits a photo or image'] });
  }
}

/**
 * Lines that read as labels but lacked a placement cue become captions when they copy the body
 * sentence next to them; a caption that does so is noted. Returns each copy with its sentence, and
 * marks the units that are captions.
 */
function echoCaptions(ctx: CaptionInput, layout: Layout, found: Found[]): { unit: Unit; sentence: Sentence }[] {
  const { paragraphs } = layout;
  const captionAt = new Map<number, Found>();
  for (const f of found) captionAt.set(f.line, f);
  const sentencesOf: Sentence[][] = paragraphs.map(() => []);
  for (const s of ctx.sentences) {
    const k = paragraphOf(paragraphs, s);
    if (k >= 0) sentencesOf[k]!.push(s);
  }
  const captionParagraphs = new Set(found.filter((f) => f.whole).map((f) => f.paragraph.id));
  const around = new Neighbourhood(layout.text, paragraphs, layout.body, ctx.nonProse, layout.unitsOf, sentencesOf, captionAt, captionParagraphs);
  const echoes: { unit: Unit; sentence: Sentence }[] = [];
  for (const u of layout.units) {
    const p = u.paragraph;
    if (p.index === 0 || u.tokenCount < 5 || u.tokenCount > 30) continue;
    const existing = captionAt.get(u.start);
    if (!existing) {
      if (p.lines.length > 2) continue;
      // A pull quote repeats the body on purpose; so only an unquoted label can be a caption copying it.
      if (u.verb || LIST_ITEM.test(u.text) || BYLINE.test(u.text) || !ECHO_OPENING.test(u.text)) continue;
    } else if (!existing.whole) continue;
    const echo = around.sentencesNear(u).find((s) => repeatsSentence(u.free, around.freeOf(s)));
    if (!echo) continue;
    echoes.push({ unit: u, sentence: echo });
    if (!existing) {
      const f: Found = { start: u.start, end: u.end, paragraph: p, line: u.start, lineId: p.lines.length > 1 ? u.id : undefined, whole: true, reasons: ['repeats the body sentence next to it', 'no verb outside a relative clause'] };
      found.push(f);
      captionAt.set(u.start, f);
      captionParagraphs.add(p.id);
    } else if (!existing.reasons.includes('repeats the body sentence next to it')) {
      existing.reasons.push('repeats the body sentence next to it');
    }
  }
  for (const u of layout.units) {
    const f = captionAt.get(u.start);
    if (f && f.whole) u.caption = f;
  }
  return echoes;
}

/** Captions, each once, in text order. */
function captionsIn(text: string, sourceId: string, found: Found[]): Caption[] {
  found.sort((x, y) => x.start - y.start || x.end - y.end);
  const captions: Caption[] = [];
  let lastEnd = -1;
  for (const f of found) {
    if (f.start < lastEnd || f.end <= f.start) continue;
    lastEnd = f.end;
    const quoted = text.slice(f.start, f.end);
    const c: Caption = { id: `cap_${shortHash(sourceId + f.start + quoted)}`, sourceId, paragraphId: f.paragraph.id, start: f.start, end: f.end, text: quoted, reasons: f.reasons };
    if (f.lineId) c.lineId = f.lineId;
    captions.push(c);
  }
  return captions;
}

/** Paragraphs (or, where only some of its lines are, lines) that are wholly caption. */
function nonProseOf(found: readonly Found[]): string[] {
  const nonProse: string[] = [];
  const byParagraph = new Map<string, Found[]>();
  for (const f of found) {
    if (!f.whole) continue;
    const list = byParagraph.get(f.paragraph.id);
    if (list) list.push(f);
    else byParagraph.set(f.paragraph.id, [f]);
  }
  for (const [id, list] of byParagraph) {
    const p = list[0]!.paragraph;
    if (p.lines.length <= 1 || list.length >= p.lines.length) nonProse.push(id);
    else for (const f of list) if (f.lineId) nonProse.push(f.lineId);
  }
  return nonProse;
}

const span = (text: string, sourceId: string, s: Span): FlagSpan => ({ sourceId, start: s.start, end: s.end, text: text.slice(s.start, s.end) });

function fusedFlags(text: string, sourceId: string, fused: readonly Fused[]): Flag[] {
  return fused.map((f) => {
    // A caption glued to the end of the body follows it: the break goes between the body's end and the caption.
    const [first, second] = f.body.start < f.caption.start ? [f.body, f.caption] : [f.caption, f.body];
    // The last word or two before the break, whole: back to a space, however long the word ("Jane Doe/AGENCY").
    let from = Math.max(first.start, f.at - 12);
    if (!/\s/.test(text.slice(from, f.at).trimEnd())) while (from > first.start && !isSpace(text.charCodeAt(from - 1))) from--;
    const before = text.slice(from, f.at).trimEnd().replace(/^\S*\s/, '');
    const after = text.slice(second.start, second.end).split(/\s/)[0]!;
    return makeFlag(
      'fused-caption',
      `Caption runs into the body text with no break; a paragraph break belongs between “${before}” and “${after}”.`,
      [span(text, sourceId, f.caption), span(text, sourceId, f.body)],
      { at: f.at, insert: '\n\n', sourceId },
    );
  });
}

/**
 * A caption without the credit it ends in ("Workers at the plant. Photo: Reuters" → "Workers at the
 * plant"), or the caption itself when it has none or is nothing but a credit.
 */
/** A line as compared with others: a caption may stand for itself without its credit. */
interface Described extends LineUnit {
  readonly tokens: Token[];
}

function withoutCredit(text: string, u: Unit): Described {
  if (u.tokenCount === 0) return u;
  let at: number;
  if (u.credited) {
    const m = creditCue(u.text)!;
    at = m.index + (m[0].length - m[0].trimStart().length);
  } else {
    // A wire caption's agency in brackets at its end ("… on Sunday night. (AFP)") is its credit too.
    const m = u.text.endsWith(')') ? TRAILING_AGENCY.exec(u.text) : null;
    if (!m) return u;
    at = m.index;
  }
  // The credit must close the line: a few words after its cue.
  if (wordsIn(u.text.slice(at), 12) > 12) return u;
  const cut = u.text.slice(0, at).replace(/[\s.;,:|(–—-]+$/u, '').length;
  const tokens = u.tokens.filter((t) => t.end <= u.start + cut);
  if (tokens.length < 3) return u;
  return { id: u.id, start: u.start, end: u.start + cut, text: text.slice(u.start, u.start + cut), tokens };
}

/**
 * An agency, or an acronym, in brackets after the full stop that closes a caption: "… night. (AFP)",
 * "(Reuters)", "(AP Photo)"; an acronym after a name without a stop ("… League (CTL)") is the name's,
 * unless it is a wire agency's ("… at the finish line (EFE)").
 * Without the i flag, so \p{Lu} means capitals.
 */
const TRAILING_AGENCY = /\.\s*\((?:\p{Lu}{2,6}|Reuters|Bloomberg|Xinhua|Anadolu|Kyodo|Yonhap|Getty Images)(?:\s+[Pp]hoto)?\)\.?$|\s\((?:AFP|AP|EFE|EPA|DPA|dpa|ANSA|TASS|PAP|NTB|AAP|PTI|UPI|Reuters|Bloomberg|Xinhua|Anadolu|Kyodo|Yonhap|Getty Images)(?:\s+[Pp]hoto)?\)\.?$/u;

/** Union-find over lines and sentences. */
class Groups<T> {
  private parent = new Map<T, T>();
  find(k: T): T {
    let r = k;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    this.parent.set(k, r);
    return r;
  }
  /** find(k) without adding k: a key never joined is its own root. */
  peek(k: T): T {
    let r = k;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    return r;
  }
  join(a: T, b: T): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
  keys(): T[] {
    return [...this.parent.keys()];
  }
}

function duplicateFlags(text: string, sourceId: string, units: readonly Unit[], echoes: readonly { unit: Unit; sentence: Sentence }[], fused: readonly Fused[] = []): Flag[] {
  const groups = new Groups<Unit | Sentence>();
  const details = new Map<Unit, string>();
  /** What a flag quotes of a line that holds a caption fused into the body: the caption. */
  const quotes = new Map<Unit, Span>();
  const captionUnits = units.filter((u) => u.caption);
  const described = captionUnits.map((u) => withoutCredit(text, u));
  const common = lowercaseLexicon(text);

  // Captions: each against the next few captions, after a cheap lossless pre-check (one edit keeps the first or the last word).
  // A caption is compared by what it describes, so a copy that adds the credit ("… Photo: Reuters") is still a copy.
  const bare = described.map((d) => withoutArticles(d.tokens));
  const creditOnly = captionUnits.map((u) => CREDIT_ONLY.test(u.text));
  for (let i = 0; i < captionUnits.length; i++) {
    const a = captionUnits[i]!;
    const ad = described[i]!;
    const ax = bare[i]!;
    for (let j = i + 1; j < captionUnits.length && j <= i + 8; j++) {
      const b = captionUnits[j]!;
      const bd = described[j]!;
      if (b.paragraph.index - a.paragraph.index > REPEAT_WINDOW) break;
      const bx = bare[j]!;
      const near = b.paragraph.index - a.paragraph.index <= 1;
      // Beside its caption, a copy may add a few words of place or time at the end (addedTail).
      if (Math.abs(ax.length - bx.length) > (near ? 4 : 1)) continue;
      if (ax[0]?.norm !== bx[0]?.norm && ax[ax.length - 1]?.norm !== bx[bx.length - 1]?.norm) continue;
      // A credit alone ("Photo: Reuters") names who took a picture, and two pictures can share one:
      // it is printed twice only when its copy follows it directly.
      if ((creditOnly[i] || creditOnly[j]) && b.order !== a.order + 1) continue;
      const like = likeness(ad, bd, near, common);
      if (!like) continue;
      groups.join(a, b);
      details.set(b, ad !== a || bd !== b ? `${like.detail}, apart from the credit` : like.detail);
    }
  }
  // A body line printed again on the next line of its paragraph, or a one-line paragraph printed again as the next one.
  for (let i = 0; i + 1 < units.length; i++) {
    const a = units[i]!;
    const b = units[i + 1]!;
    const adjacent = a.paragraph === b.paragraph || (b.paragraph.index === a.paragraph.index + 1 && a.paragraph.lines.length <= 1 && b.paragraph.lines.length <= 1);
    if (!adjacent || a.caption || b.caption || a.tokenCount < 5) continue;
    if (!sameWords(a, b)) continue;
    // A chant, refrain or lyric quoted line by line repeats on purpose: the words are the speaker's.
    if (a.paragraph === b.paragraph && quotationOpenAt(text, a.paragraph, a.end)) continue;
    const like = likeness(a, b)!;
    groups.join(a, b);
    details.set(b, like.detail);
  }
  // A caption printed again a few paragraphs on as a line its own shape does not make a caption (the copy
  // gained a full stop): the same words, so the same caption.
  // A copy already matched as the body sentence the caption repeats is that sentence, not a second line.
  const echoed = new Set(echoes.map((e) => e.sentence.start));
  for (let i = 0; i < units.length; i++) {
    const a = units[i]!;
    if (!a.caption || a.tokenCount < 5) continue;
    for (let j = i + 1; j < units.length; j++) {
      const b = units[j]!;
      if (b.paragraph.index - a.paragraph.index > REPEAT_WINDOW) break;
      if (b.caption || b.paragraph === a.paragraph || echoed.has(b.start) || !sameWords(a, b)) continue;
      groups.join(a, b);
      details.set(b, likeness(a, b)!.detail);
    }
  }
  const captionLines: CaptionLines = { units, captionUnits, described, bare, creditOnly, echoed, common };
  farCopies(captionLines, groups, details);
  if (captionUnits.length + fused.length > 0) {
    // A fused caption's line: the unit it lies in (a caption glued to a body paragraph's end lies after the body).
    const fusedLines: { line: Unit; caption: Span }[] = [];
    for (const f of fused) {
      const line = units.find((u) => u.start <= f.caption.start && f.caption.end <= u.end);
      if (line) fusedLines.push({ line, caption: f.caption });
    }
    rewordedCopies(text, captionLines, fusedLines, groups, details, quotes);
  }
  if (captionUnits.length > 1) nearCopies(text, captionLines, groups, details);
  // Last: a pair the comparisons above join keeps the detail they give it.
  grownWordCopies(captionLines, groups, details);
  const blocks = blockCopies(text, units, groups, details);
  for (const { unit, sentence } of echoes) groups.join(unit, sentence);

  const clusters = new Map<Unit | Sentence, { lines: Unit[]; said: Sentence[] }>();
  for (const k of groups.keys()) {
    const r = groups.find(k);
    let cluster = clusters.get(r);
    if (!cluster) clusters.set(r, (cluster = { lines: [], said: [] }));
    if (k instanceof Unit) cluster.lines.push(k);
    else cluster.said.push(k);
  }
  const flags: Flag[] = [];
  for (const cluster of clusters.values()) {
    const lines = cluster.lines.sort((x, y) => x.start - y.start);
    const said = cluster.said.sort((x, y) => x.start - y.start);
    if (lines.length === 0 || lines.length + said.length < 2) continue;
    // A caption is quoted as the caption (inside its Markdown emphasis), any other line whole.
    const spans = lines.map((u) => span(text, sourceId, quotes.get(u) ?? u.caption ?? u)).concat(said.map((s) => span(text, sourceId, s)));
    flags.push(makeFlag('duplicate-caption', messageFor(lines, said, details, blocks), spans));
  }
  return flags.sort((x, y) => x.spans[0]!.start - y.spans[0]!.start);
}

/**
 * Words (articles aside) a caption needs to be matched with its copy beyond REPEAT_WINDOW: a short
 * caption ("Fans in Riga", "Jane Doe") is as likely printed under two pictures as twice.
 */
const FAR_WORDS = 7;

interface CaptionLines {
  units: readonly Unit[];
  captionUnits: readonly Unit[];
  /** Each caption as compared (without its credit), its tokens without articles, and whether it is a credit alone. */
  described: readonly Described[];
  bare: readonly Token[][];
  creditOnly: readonly boolean[];
  /** Starts of the body sentences captions were found to repeat beside them. */
  echoed: ReadonlySet<number>;
  common: (word: string) => boolean;
}

/**
 * A caption printed again anywhere in the article, as a caption or as a line of its own, with the
 * same words up to case, punctuation, articles, a possessive, a compound split or joined and its
 * credit ("… through floodwater … (Photo: Reuters/Jane Doe)" and "… through flood water … REUTERS/Jane
 * Doe"): an editor wants to see a caption repeated however far apart. Any other changed word (another
 * place, person or date; before and after) is another picture, and is left to the nearer comparisons.
 */
function farCopies(c: CaptionLines, groups: Groups<Unit | Sentence>, details: Map<Unit, string>): void {
  const keys = new Map<string, number>();
  let longest = 0;
  for (let i = 0; i < c.captionUnits.length; i++) {
    const x = c.bare[i]!;
    if (c.creditOnly[i] || x.length < FAR_WORDS) continue;
    const k = compactKey(x);
    const seen = keys.get(k);
    if (seen === undefined) {
      keys.set(k, i);
      if (x.length > longest) longest = x.length;
      continue;
    }
    const a = c.captionUnits[seen]!;
    const b = c.captionUnits[i]!;
    if (groups.find(a) === groups.find(b)) continue;
    const like = likeness(c.described[seen]!, c.described[i]!, false, c.common);
    if (!like) continue;
    groups.join(a, b);
    details.set(b, c.described[seen] !== a || c.described[i] !== b ? `${like.detail}, apart from the credit` : like.detail);
  }
  if (keys.size === 0) return;
  // A copy that lost what made it a caption (it gained a full stop, or sits among body lines).
  for (const b of c.units) {
    if (b.caption || b.tokenCount < FAR_WORDS || b.tokenCount > longest + 4 || c.echoed.has(b.start)) continue;
    const i = keys.get(compactKey(withoutArticles(b.tokens)));
    if (i === undefined) continue;
    const a = c.captionUnits[i]!;
    if (a.paragraph === b.paragraph || groups.find(a) === groups.find(b)) continue;
    const like = likeness(c.described[i]!, b, false, c.common);
    if (!like) continue;
    groups.join(a, b);
    details.set(a.start < b.start ? b : a, c.described[i] !== a ? `${like.detail}, apart from the credit` : like.detail);
  }
}

/** Captions compared pairwise for a grown word: an article has a handful, a photo essay may have hundreds. */
const MAX_GROWN_PAIRS = 20_000;

/**
 * A long caption printed again anywhere with one word grown or cut ("seen from the river" and "seen from
 * the riverbank", "photo" and "photograph"): the one word keeps its stem, so the picture is the same one,
 * where another place, person or date would change the word outright.
 */
function grownWordCopies(c: CaptionLines, groups: Groups<Unit | Sentence>, details: Map<Unit, string>): void {
  const n = c.captionUnits.length;
  if (n < 2 || (n * (n - 1)) / 2 > MAX_GROWN_PAIRS) return;
  for (let i = 0; i < n; i++) {
    const x = c.bare[i]!;
    if (c.creditOnly[i] || x.length < FAR_WORDS) continue;
    for (let j = i + 1; j < n; j++) {
      const y = c.bare[j]!;
      if (c.creditOnly[j] || y.length !== x.length) continue;
      const a = c.captionUnits[i]!;
      const b = c.captionUnits[j]!;
      if (groups.find(a) === groups.find(b)) continue;
      const edit = singleEdit(x, y);
      if (!edit?.from || !edit.to) continue;
      const [short, long] = edit.from.norm.length < edit.to.norm.length ? [edit.from.norm, edit.to.norm] : [edit.to.norm, edit.from.norm];
      if (short.length < 4 || !long.startsWith(short) || /\d/.test(long)) continue;
      groups.join(a, b);
      // Where the comparisons for near copies can name the change better ("“waiting” for “wait”"), they do.
      const detail = likeness(c.described[i]!, c.described[j]!, false, c.common)?.detail ?? `differs only by “${edit.from.raw}” and “${edit.to.raw}”`;
      details.set(b, c.described[i] !== a || c.described[j] !== b ? `${detail}, apart from the credit` : detail);
    }
  }
}

/**
 * Words whose change rewords a caption without changing its picture: articles, "of" and "on" (which
 * "Friday's ceremony" and "the ceremony on Friday", "Oslo's mayor" and "the mayor of Oslo" trade),
 * and possessive determiners ("ahead of the speech", "ahead of her speech").
 */
const GLUE_WORDS = new Set(['a', 'an', 'the', 'of', 'on', 'his', 'her', 'its', 'their']);

/** Nouns that only say what kind of place a name is (", Vell province,"): adding one leaves the place the same. */
const PLACE_KINDS = new Set(['province', 'county', 'region', 'district', 'state', 'city', 'town', 'village', 'island', 'department', 'prefecture', 'municipality', 'canton', 'governorate', 'oblast', 'borough', 'parish', 'country']);
/** Parts of a day, which narrow a date already given ("on Sunday morning") without changing it. */
const DAY_PARTS = new Set(['morning', 'afternoon', 'evening', 'night']);

const MARKS = /\p{M}+/gu;

/** A word as rewordings leave it: accents dropped ("Valparaíso", "Valparaiso"), a possessive dropped, hyphens split ("third-graders"). */
function foldedWords(t: Token): string[] {
  let n = t.norm;
  // Most words are plain ASCII letters, their own folded form.
  if (!NEEDS_FOLDING.test(n)) return [n];
  if (n.length > 3 && n.endsWith("'s")) n = n.slice(0, -2);
  if (!ASCII_ONLY.test(n)) n = n.normalize('NFD').replace(MARKS, '');
  return n.includes('-') ? n.split('-').filter((w) => w.length > 0) : [n];
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const NEEDS_FOLDING = /['\-\u0080-\uffff]/;

/** A caption's words as compared for a reworded copy: in order, each folded, marked as glue or as naming something. */
interface Wording {
  line: Unit;
  /** What it describes (without its credit), as quoted in the detail. */
  described: Described;
  words: { w: string; glue: boolean; names: boolean }[];
  /** The words that are not glue, sorted: a bag compared with another's. */
  bag: string[];
  /** The span a flag quotes, when it is not the line's (a caption fused into a body line). */
  quote?: Span;
}

function wordingOf(line: Unit, d: Described, quote?: Span): Wording {
  const words: Wording['words'] = [];
  for (const t of d.tokens) {
    const names = t.opensUpper() || hasDigit(t.raw);
    for (const w of foldedWords(t)) words.push({ w, glue: GLUE_WORDS.has(w), names: names || CALENDAR.has(w) });
  }
  const bag = words.filter((x) => !x.glue).map((x) => x.w).sort();
  return quote ? { line, described: d, words, bag, quote } : { line, described: d, words, bag };
}

/**
 * What a line describes, without the credit that closes it: a credit cue within its last few words
 * ("… on Friday. Photo: Jane Doe / NTB", "Staff photo by Jane Doe"), or a name in brackets after its
 * full stop ("… on Friday. (Coast Guard via AP)", "(Staff photo / Jane Doe)").
 */
function describedPart(text: string, id: string, start: number, end: number, tokens: readonly Token[], credited = true): Described {
  const s = text.slice(start, end);
  let at = credited ? creditStart(s) : -1;
  if (at >= 0 && wordsIn(s.slice(at), 12) > 12) at = -1;
  if (at < 0 && s.endsWith(')')) {
    const open = s.lastIndexOf('(');
    if (open > 0 && /[.!?]\s*$/.test(s.slice(0, open)) && BRACKETED_NAME.test(s.slice(open))) at = open;
  }
  const cut = at >= 0 ? s.slice(0, at).replace(/[\s.;,:|(–—-]+$/u, '').length : s.length;
  const kept = at >= 0 ? tokens.filter((t) => t.end <= start + cut) : [...tokens];
  return { id, start, end: start + cut, text: text.slice(start, start + cut), tokens: kept };
}

/** Words a reworded copy may add at most: a place or a time, not another description. */
const ADDED_WORDS = 3;

/**
 * How a longer caption rewords a shorter one, or undefined when it says something else: every word
 * (glue aside) of the shorter is in the longer, in any order ("Oslo's Ida Berg" and "Ida Berg of
 * Oslo"), and the longer adds at most a few words, all in one run, each a name, a number, a day or
 * month, a kind of place or a part of a day (", Vell province,", "on Wednesday"). A changed word is
 * another picture, whatever the share of words kept: "before" and "after", another name, another
 * date, another noun.
 */
function rewording(x: Wording, y: Wording): string | undefined {
  const [short, long] = x.bag.length <= y.bag.length ? [x, y] : [y, x];
  const extra = long.bag.length - short.bag.length;
  if (short.bag.length < FAR_WORDS || extra > ADDED_WORDS) return undefined;
  // The words the longer adds: its bag without the shorter's (both sorted).
  const added: string[] = [];
  let i = 0;
  for (const w of long.bag) {
    if (i < short.bag.length && short.bag[i] === w) i++;
    else if (i < short.bag.length && short.bag[i]! < w) return undefined;
    else added.push(w);
  }
  if (i < short.bag.length || added.length !== extra) return undefined;
  const detail = extra === 0 ? sameBagDetail(x, y) : addedRun(long, added);
  return detail;
}

/** How two captions with the same words differ: in glue words, in spelling only, or in order. */
function sameBagDetail(x: Wording, y: Wording): string | undefined {
  const a = x.words.filter((w) => !w.glue).map((w) => w.w);
  const b = y.words.filter((w) => !w.glue).map((w) => w.w);
  if (a.join(' ') !== b.join(' ')) return 'reworded, with the same words in another order';
  // The glue words one has more often than the other ("the" for "her").
  const counts = new Map<string, number>();
  for (const w of x.words) if (w.glue) counts.set(w.w, (counts.get(w.w) ?? 0) + 1);
  for (const w of y.words) if (w.glue) counts.set(w.w, (counts.get(w.w) ?? 0) - 1);
  const changed = [...counts].filter(([, n]) => n !== 0).map(([w]) => w);
  if (changed.length > 0) return `differs only by ${quoteList(changed)}`;
  return 'differs only in accents, hyphens or punctuation';
}

/** The words added, when they form one run of the longer caption of names, numbers, days, kinds of place or parts of a day. */
function addedRun(long: Wording, added: readonly string[]): string | undefined {
  const words = long.words;
  const want = [...added].sort().join(' ');
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.glue) continue;
    const run: number[] = [];
    for (let j = i; j < words.length && run.length < added.length; j++) if (!words[j]!.glue) run.push(j);
    if (run.length < added.length) break;
    if (run.map((j) => words[j]!.w).sort().join(' ') !== want) continue;
    if (!run.every((j) => words[j]!.names || PLACE_KINDS.has(words[j]!.w) || DAY_PARTS.has(words[j]!.w))) continue;
    // Quoted from the text, from the run's first word to its last: one phrase, not across a sentence or a bracket.
    const from = tokenAtWord(long, run[0]!);
    const to = tokenAtWord(long, run[run.length - 1]!);
    if (!from || !to) continue;
    const phrase = long.described.text.slice(from.start - long.described.start, to.end - long.described.start);
    if (/[.!?()[\]]/.test(phrase.slice(0, -1))) continue;
    return `differs only by the added “${phrase}”`;
  }
  return undefined;
}

/** The token a word of a wording comes from. */
function tokenAtWord(x: Wording, k: number): Token | undefined {
  let n = 0;
  for (const t of x.described.tokens) {
    n += foldedWords(t).length;
    if (n > k) return t;
  }
  return undefined;
}

/**
 * A caption printed again anywhere in the article reworded: its words reordered or with another
 * article, possessive or preposition ("during the opening ceremony on Friday", "during Friday's
 * opening ceremony"), an accent or a hyphen lost, a place or date added (rewording), its credit
 * changed or dropped. Compared are captions (whole lines, or a caption fused into a body line),
 * and lines of their own length that lost what made them a caption. Long captions only: a short one
 * ("Fans in Riga") is as likely printed under two pictures.
 */
function rewordedCopies(text: string, c: CaptionLines, fused: readonly { line: Unit; caption: Span }[], groups: Groups<Unit | Sentence>, details: Map<Unit, string>, quotes: Map<Unit, Span>): void {
  // Captions are put in buckets by their longest plain words (longestPlain), which a rewording keeps; wordings
  // are made only within a bucket, so that most captions, which have no copy, cost a look at their tokens.
  const buckets = new Map<string, Candidate[]>();
  const put = (key: string | undefined, x: Candidate): void => {
    if (key === undefined) return;
    const bucket = buckets.get(key);
    if (bucket) bucket.push(x);
    else buckets.set(key, [x]);
  };
  let most = 0;
  for (let i = 0; i < c.captionUnits.length; i++) {
    if (c.creditOnly[i] || c.bare[i]!.length < FAR_WORDS) continue;
    const u = c.captionUnits[i]!;
    const d = c.described[i]!;
    // A caption is its line inside any Markdown emphasis, so a credit in brackets closes it.
    const own = u.caption ?? u;
    // withoutCredit found no credit cue in a caption it left whole; a name in brackets may still close it.
    const bracketed = d === u && (own.end < u.end || u.text.endsWith(')'));
    put(longestPlain(text, c.bare[i]!), { line: u, kind: bracketed ? BRACKETED : CAPTION, described: d, span: own });
    if (u.tokenCount > most) most = u.tokenCount;
  }
  for (const f of fused) {
    const tokens = tokenize(text, f.caption.start, f.caption.end);
    if (tokens.length < FAR_WORDS) continue;
    put(longestPlain(text, tokens), { line: f.line, kind: FUSED, span: f.caption, tokens });
    if (tokens.length > most) most = tokens.length;
  }
  if (buckets.size === 0) return;
  // Lines that lost what made them a caption, put in the bucket of their longest plain words, when it has a caption.
  const fusedLines = new Set(fused.map((f) => f.line));
  for (const u of c.units) {
    // A copy has the caption's words, a few added and a short credit: most body lines are told apart by their length.
    if (u.tokenCount < FAR_WORDS || u.tokenCount > most + ADDED_WORDS + 8 || u.caption || fusedLines.has(u) || c.echoed.has(u.start)) continue;
    const bucket = buckets.get(u.plainKey() ?? '');
    if (bucket) bucket.push({ line: u, kind: BODY });
  }
  for (const bucket of buckets.values()) {
    for (let i = 0; i + 1 < bucket.length; i++) {
      const a = bucket[i]!;
      if (a.kind === BODY) break;
      for (let j = i + 1; j < bucket.length; j++) {
        const b = bucket[j]!;
        if (b.line === a.line) continue;
        // A body line is compared with a caption elsewhere, not with one in its own paragraph.
        if (b.kind === BODY && b.line.paragraph === a.line.paragraph) continue;
        if (groups.find(a.line) === groups.find(b.line)) continue;
        const x = (a.wording ??= wordingFor(text, a));
        const y = (b.wording ??= wordingFor(text, b));
        if (Math.abs(x.bag.length - y.bag.length) > ADDED_WORDS) continue;
        const detail = rewording(x, y);
        if (!detail) continue;
        groups.join(a.line, b.line);
        for (const w of [x, y]) if (w.quote) quotes.set(w.line, w.quote);
        const cut = x.described.end < (x.quote ?? x.line.caption ?? x.line).end || y.described.end < (y.quote ?? y.line.caption ?? y.line).end;
        details.set(x.line.start < y.line.start ? y.line : x.line, cut ? `${detail}, apart from the credit` : detail);
      }
    }
  }
}

/**
 * Words that only join a caption's words, which a copy adds, drops or trades ("at Harlow House London",
 * "at Harlow House in London"): articles, the common prepositions, possessive determiners.
 */
const NEAR_GLUE = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'at', 'to', 'for', 'by', 'with', 'and', 'his', 'her', 'its', 'their']);
/** Closed-class words a copy trades for one another without changing the picture ("ahead of the sale", "before the sale"). */
const SAME_SENSE = new Map([['ahead', 'before'], ['prior', 'before'], ['following', 'after']]);
/** Where someone stands, in brackets, which a copy writes out or abbreviates: "(centre)", "(C)", "(second left)", "(L-R)". */
const BRACKETED_POSITION = /\((?:(?:far|second)\s+(?:from\s+)?)?(?:left|right|centre|center|l|r|c)\)|\((?:l-r|r-l|left\s+to\s+right|from\s+left)\)/giu;
/** Words a credit after a caption's last full stop is made of, besides names: "NPA Photo", "Courtesy Harlow House". */
const TAIL_CREDIT_WORDS = new Set(['photo', 'photos', 'photograph', 'picture', 'pic', 'image', 'courtesy', 'of', 'by', 'via', 'and', 'staff', 'file', 'handout', 'pool']);

/**
 * British and American spellings of one word, and a word's inflections, made one: "centre" and
 * "center", "colour" and "color", "organise" and "organize", "travelled" and "traveled"; "wait",
 * "waits", "waiting" and "waited". Both copies are folded alike, so a fold only has to be the same
 * for both spellings, not a word of its own.
 */
function spellingFold(w: string): string {
  let n = w;
  // Each spelling is looked for only in a word that holds what it needs.
  if (n.length >= 5) {
    if (n.includes('re')) n = n.replace(/([^aeiou])re(s?)$/u, '$1er$2');
    if (n.includes('our')) n = n.replace(/([^aeiou])our(?=[^aeiou]|$)/u, '$1or');
    if (n.includes('s')) n = n.replace(/([iy])s(e|es|ed|ing|ation|ations)$/u, '$1z$2');
    if (n.includes('ell')) n = n.replace(/ell(ed|ing|er|ers)$/u, 'el$1');
  }
  if (n.length > 5 && n.endsWith('ing')) n = n.slice(0, -3);
  else if (n.length > 4 && n.endsWith('ed')) n = n.slice(0, -2);
  else if (n.length > 4 && n.endsWith('es')) n = n.slice(0, -2);
  else if (n.length > 3 && n.endsWith('s') && !n.endsWith('ss')) n = n.slice(0, -1);
  return n.length > 3 && n.endsWith('e') ? n.slice(0, -1) : n;
}

/** Whether text.slice(from, to), the gap between two tokens, closes a sentence: a full stop, then a space or an opening bracket. */
function stopBetween(text: string, from: number, to: number): boolean {
  let stop = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f) stop = true;
    else if (isSpace(c) || c === 0x28) {
      if (stop) return true;
    } else if (!isCloser(c)) return false;
  }
  return false;
}

/**
 * A caption's description cut at a name-only tail after its last full stop ("… on Sunday. Jane
 * Doe/Getty Images" once withoutCredit took "Doe/Getty Images"; "… on Wednesday. NPA Photo"):
 * a few capitalised words or credit words, after a full stop that closes a word of four letters or
 * more (not "Oct. 8" or "St. Mary's"). Undefined when there is no such tail.
 */
function withoutNameTail(text: string, d: Described): Described | undefined {
  const tokens = d.tokens;
  for (let k = tokens.length - 1; k > 0 && k >= tokens.length - 6; k--) {
    const t = tokens[k]!;
    if (!t.opensUpper() && !TAIL_CREDIT_WORDS.has(t.norm)) return undefined;
    if (t.holdsDigit()) return undefined;
    const prev = tokens[k - 1]!;
    if (!stopBetween(text, prev.end, t.start)) continue;
    if (prev.end - prev.start < 4 || k < FAR_WORDS) return undefined;
    const end = prev.end + 1;
    return { id: d.id, start: d.start, end, text: text.slice(d.start, end), tokens: tokens.slice(0, k) };
  }
  return undefined;
}

/** A word as a near copy may write it: possessive, accents and a compound's hyphen dropped ("semi-final", "semifinal"). */
function nearWord(t: Token): string {
  let w = t.norm;
  if (!NEEDS_FOLDING.test(w)) return w;
  if (w.length > 3 && w.endsWith("'s")) w = w.slice(0, -2);
  if (!ASCII_ONLY.test(w)) w = w.normalize('NFD').replace(MARKS, '');
  return w.replace(/-/g, '');
}

/** A caption as a near copy is matched with it: what it describes, and the tokens that count (positions in brackets left out). */
interface NearCaption {
  line: Unit;
  described: Described;
  tokens: Token[];
  /** The tokens that name someone or something (capitalised, or with a digit), folded and sorted. */
  names: string;
  content?: string;
  cut: boolean;
}

/** A name's first unit folded as nearWord folds it (lowercased, its accent dropped), remembered per unit; 0 before. */
const FOLDED_UNITS = new Uint16Array(0x10000);
function foldedUnit(c: number): number {
  if (c < 0x80) return c | 0x20;
  let f = FOLDED_UNITS[c]!;
  if (f === 0) FOLDED_UNITS[c] = f = String.fromCharCode(c).normalize('NFD').toLowerCase().charCodeAt(0) || 1;
  return f;
}

/** A word nearCaption counts among the names: capitalised, or with a digit. */
const isNearName = (t: Token): boolean => t.opensUpper() || t.holdsDigit();

/**
 * A fingerprint of the names nearCaption would find, from their first letters only: how many and
 * which, in any order. Captions with other fingerprints cannot share their names, so only those that
 * share one are folded word by word. Words of one letter are left out, as a position in brackets
 * ("(C)") is there.
 */
function namesPrint(tokens: readonly Token[]): number {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (const t of tokens) {
    if (t.end - t.start < 2 || t.isArticle() || !isNearName(t)) continue;
    const f = foldedUnit(t.firstUnit);
    n++;
    sum += f;
    squares += f * f;
  }
  // A caption that names no one and nothing (two names at least) is as likely printed under two pictures.
  return n < 2 ? -1 : (n * 0x10000 + sum) * 0x100000 + squares;
}

/** Whether s has a bracket closed within a few characters, as a position in brackets is ("(C)", "(second left)"). */
function shortBracket(s: string): boolean {
  for (let open = s.indexOf('('); open >= 0; open = s.indexOf('(', open + 1)) {
    const close = s.indexOf(')', open);
    if (close < 0) return false;
    if (close - open <= 22) return true;
  }
  return false;
}

/** A caption's names, for a near copy to share, or undefined when it is too short or names too little to be told from another picture's. */
function nearCaption(described: Described, u: Unit): NearCaption | undefined {
  let tokens = described.tokens;
  if (shortBracket(described.text)) {
    // Positions in brackets, which both copies leave out.
    const skip: Span[] = [];
    BRACKETED_POSITION.lastIndex = 0;
    for (let m = BRACKETED_POSITION.exec(described.text); m; m = BRACKETED_POSITION.exec(described.text)) skip.push({ start: described.start + m.index, end: described.start + m.index + m[0].length });
    if (skip.length > 0) tokens = tokens.filter((t) => !skip.some((x) => x.start <= t.start && t.end <= x.end));
  }
  if (tokens.length < FAR_WORDS) return undefined;
  const names: string[] = [];
  // An article opening one copy and not the other ("A bus …", "Bus …") leaves the picture the same.
  for (const t of tokens) if (!t.isArticle() && isNearName(t)) names.push(nearWord(t));
  // A caption that names no one and nothing (two names at least) is as likely printed under two pictures.
  if (names.length < 2) return undefined;
  return { line: u, described, tokens, names: names.sort().join(' '), cut: described.end < (u.caption ?? u).end };
}

/** Its other words in order, folded and run together, so that a compound split in two ("flood water") reads as the one word. */
function nearContent(x: NearCaption): string {
  if (x.content !== undefined) return x.content;
  let words = '';
  for (const t of x.tokens) {
    if (isNearName(t)) continue;
    const w = nearWord(t);
    if (!NEAR_GLUE.has(w)) words += spellingFold(SAME_SENSE.get(w) ?? w);
  }
  return (x.content = words);
}

/** The words of a copy that its caption does not have, and the other way round, by normal form. */
function changedWords(from: Described, to: Described): [string[], string[]] {
  const counts = new Map<string, number>();
  for (const t of from.tokens) counts.set(t.norm, (counts.get(t.norm) ?? 0) + 1);
  for (const t of to.tokens) counts.set(t.norm, (counts.get(t.norm) ?? 0) - 1);
  const gone = from.tokens.filter((t) => counts.get(t.norm)! > 0).map((t) => t.raw);
  const added = to.tokens.filter((t) => counts.get(t.norm)! < 0).map((t) => t.raw);
  return [[...new Set(gone)].slice(0, 3), [...new Set(added)].slice(0, 3)];
}

/**
 * A caption printed again anywhere in the article with small edits that leave its picture the same:
 * the same names and numbers, and the same other words in the same order up to spelling ("centre",
 * "center"), inflection ("wait", "waiting"), a compound's hyphen, a position written out or
 * abbreviated ("(centre)", "(C)"), a preposition or article added or dropped, and its credit in
 * another style ("(Photo: Jane Doe/Getty Images)", "Jane Doe/Getty Images"). Any other changed word
 * is another picture. Captions are grouped by their names, and only those that share them have
 * their other words folded and compared, so the pass stays linear and most captions cost a look at
 * their capitalised words.
 */
function nearCopies(text: string, c: CaptionLines, groups: Groups<Unit | Sentence>, details: Map<Unit, string>): void {
  const byPrint = new Map<number, { d: Described; line: Unit }[]>();
  let shared = false;
  for (let i = 0; i < c.captionUnits.length; i++) {
    if (c.creditOnly[i] || c.bare[i]!.length < FAR_WORDS) continue;
    const d = withoutNameTail(text, c.described[i]!) ?? c.described[i]!;
    const print = namesPrint(d.tokens);
    if (print < 0) continue;
    const same = byPrint.get(print);
    if (same) {
      same.push({ d, line: c.captionUnits[i]! });
      shared = true;
    } else byPrint.set(print, [{ d, line: c.captionUnits[i]! }]);
  }
  if (!shared) return;
  for (const same of byPrint.values()) {
    if (same.length < 2) continue;
    // A caption already matched with another (most often its copy word for word) is compared through that one.
    const roots = new Set<Unit | Sentence>();
    const distinct: typeof same = [];
    for (const x of same) {
      const root = groups.peek(x.line);
      if (roots.has(root)) continue;
      roots.add(root);
      distinct.push(x);
    }
    if (distinct.length < 2) continue;
    const kept: NearCaption[] = [];
    for (const { d, line } of distinct) {
      const b = nearCaption(d, line);
      if (!b) continue;
      const a = kept.find((x) => x.names === b.names && nearContent(x) === nearContent(b));
      if (!a) {
        kept.push(b);
        continue;
      }
      if (a.line.paragraph === b.line.paragraph || groups.peek(a.line) === groups.peek(b.line)) continue;
      groups.join(a.line, b.line);
      const [gone, added] = changedWords(a.described, b.described);
      const detail = gone.length === 0 && added.length === 0 ? 'differs only in punctuation'
        : added.length === 0 ? `differs only by the dropped ${quoteList(gone)}`
        : gone.length === 0 ? `differs only by the added ${quoteList(added)}`
        : `differs only by ${quoteList(added)} for ${quoteList(gone)}`;
      details.set(b.line, a.cut || b.cut ? `${detail}, apart from the credit` : detail);
    }
  }
}

/** What a candidate is: a caption (compared as withoutCredit left it, or without a credit in brackets), a fused caption, or a line of the body. */
const CAPTION = 0;
const BRACKETED = 1;
const FUSED = 2;
const BODY = 3;

/** A caption, or a line that may copy one, before its wording is made. */
interface Candidate {
  line: Unit;
  /** Body lines come last in a bucket. */
  kind: number;
  described?: Described;
  span?: Span;
  tokens?: Token[];
  wording?: Wording;
}

function wordingFor(text: string, x: Candidate): Wording {
  const u = x.line;
  if (x.kind === CAPTION) return wordingOf(u, x.described!);
  if (x.kind === BRACKETED) return wordingOf(u, describedPart(text, u.id, x.span!.start, x.span!.end, u.tokensWithin(x.span!) ?? tokenize(text, x.span!.start, x.span!.end), u.credited));
  if (x.kind === FUSED) return wordingOf(u, describedPart(text, u.id, x.span!.start, x.span!.end, x.tokens!), x.span);
  return wordingOf(u, u.credited || u.text.endsWith(')') ? describedPart(text, u.id, u.start, u.end, u.tokens, u.credited) : u);
}

/** Words a credit is made of: a copy may drop the credit. */
const CREDIT_WORDS = new Set(['photo', 'photos', 'photograph', 'image', 'picture', 'staff', 'file', 'handout', 'courtesy', 'credit', 'pool', 'via']);

/**
 * The two longest words of tokens written in lowercase ASCII letters (of at least four; of two as long,
 * the first in alphabetical order), neither glue nor a word a rewording may add (a kind of place, a part
 * of a day, a month) nor a credit's: a rewording keeps every such word, so a copy has the same two. Only
 * words as long as the second so far are cut out of the text.
 */
class PlainPicker {
  private first: string | undefined = undefined;
  private second: string | undefined = undefined;

  add(text: string, start: number, end: number): void {
    // A compound's parts and a possessive's noun are words of their own, as foldedWords makes them ("third-graders", "party's").
    const c0 = text.charCodeAt(end - 2);
    if (end - start > 3 && (text.charCodeAt(end - 1) | 0x20) === 0x73 && (c0 === 0x27 || c0 === 0x2019)) end -= 2;
    for (let i = start + 1; i < end - 1; i++) {
      if (text.charCodeAt(i) !== 0x2d) continue;
      this.add(text, start, i);
      this.add(text, i + 1, end);
      return;
    }
    const n = end - start;
    if (n < 4 || (this.second !== undefined && n < this.second.length)) return;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x61 || c > 0x7a) return;
    }
    const w = text.slice(start, end);
    if (w === this.first || w === this.second || GLUE_WORDS.has(w) || PLACE_KINDS.has(w) || DAY_PARTS.has(w) || CALENDAR.has(w) || CREDIT_WORDS.has(w)) return;
    if (this.first === undefined || longer(w, this.first)) {
      this.second = this.first;
      this.first = w;
    } else if (this.second === undefined || longer(w, this.second)) this.second = w;
  }

  get key(): string | undefined {
    return this.second === undefined ? this.first : `${this.first} ${this.second}`;
  }
}

function longestPlain(text: string, tokens: readonly Token[]): string | undefined {
  const picker = new PlainPicker();
  for (const t of tokens) picker.add(text, t.start, t.end);
  return picker.key;
}

/** Whether a word goes before another: longer, or as long and first in alphabetical order. */
const longer = (w: string, than: string): boolean => w.length > than.length || (w.length === than.length && w < than);


/** Words a caption block has before its credit, at least: a description of several sentences, not a captioned line. */
const BLOCK_WORDS = 20;

/**
 * A paragraph that opens with what a picture shows ("A rescue boat tows a barge past the dam on
 * Friday.": present tense or no verb, someone or something put in a place), goes on for a few
 * sentences and closes with the picture's credit: a long caption, compared without its credit.
 * Its credit alone is what the line-by-line pass takes for a caption.
 */
function captionBlock(text: string, u: Unit): Described | undefined {
  if (u.caption || u.paragraph.lines.length > 1 || !u.credited) return undefined;
  const at = creditStart(u.text);
  if (at < 0) return undefined;
  // The credit closes the line: a few words after its cue, and no sentence after it.
  const tail = u.text.slice(at);
  if (wordsIn(tail, 12) > 12 || SENTENCE_AFTER.test(tail)) return undefined;
  const end = u.start + u.text.slice(0, at).replace(/[\s.;,:|(–—-]+$/u, '').length;
  const tokens = tokenize(text, u.start, end);
  if (tokens.length < BLOCK_WORDS) return undefined;
  const stop = tokens.findIndex((t, i) => i > 0 && SENTENCE_STOP.test(text.slice(tokens[i - 1]!.end, t.start)));
  const first = stop > 0 ? tokens.slice(0, stop) : tokens;
  if (first.length < 4 || first.length > 30 || !first[0]!.opensUpper() || mainVerb(first, false) || !first.some((t) => SCENE_PREPOSITIONS.has(t.norm))) return undefined;
  return { id: u.id, start: u.start, end, text: text.slice(u.start, end), tokens };
}

const SENTENCE_AFTER = /[.!?]\s+\p{Lu}/u;
const SENTENCE_STOP = /[.!?]/;

/**
 * A caption block printed again elsewhere, its credit dropped and a word or two changed ("four days
 * later" → "three days later"): in a description that long, so few changed words are a garbled copy,
 * not another picture. Changed words must be lowercase and carry no digits, so a copy that names
 * another person or place, or gives another date, stays apart. Returns the blocks found copied.
 */
function blockCopies(text: string, units: readonly Unit[], groups: Groups<Unit | Sentence>, details: Map<Unit, string>): Set<Unit> {
  const copied = new Set<Unit>();
  const blocks: [Unit, Described][] = [];
  for (const u of units) {
    const d = captionBlock(text, u);
    if (d) blocks.push([u, d]);
  }
  for (const [a, ad] of blocks) {
    const x = withoutArticles(ad.tokens);
    for (const b of units) {
      if (b === a || b.paragraph === a.paragraph) continue;
      const length = b.end - b.start;
      if (length < ad.text.length * 0.8 || length > (a.end - a.start) * 1.25) continue;
      const own = captionBlock(text, b);
      // Two blocks are compared once, from the first.
      if (own && b.start < a.start) continue;
      const bd: Described = own ?? (b.caption ? withoutCredit(text, b) : { id: b.id, start: b.start, end: b.end, text: b.text, tokens: b.tokenCount > 0 ? b.tokens : tokenize(text, b.start, b.end) });
      const y = withoutArticles(bd.tokens);
      if (Math.abs(x.length - y.length) > 2) continue;
      const changed = fewChangedWords(x, y, 2);
      if (!changed) continue;
      const like = changed.length === 0 ? likeness(ad, bd, false) : undefined;
      const detail = like ? like.detail : changed.length > 0 ? `differs only by ${quoteList(changed)}` : 'differs only in case or punctuation';
      groups.join(a, b);
      copied.add(a);
      if (own) copied.add(b);
      details.set(a.start < b.start ? b : a, `${detail}, apart from the credit`);
    }
  }
  return copied;
}

/**
 * The words that differ between two long token runs (by stem), when at most `limit` edits turn one
 * into the other and every word changed is a lowercase word without digits; else undefined.
 */
function fewChangedWords(x: readonly Token[], y: readonly Token[], limit: number): string[] | undefined {
  const a = x.map(stemOf);
  const b = y.map(stemOf);
  // Most lines of the same length share no long run with a caption: the first and last words settle them.
  if (a[0] !== b[0] && a[a.length - 1] !== b[b.length - 1]) return undefined;
  if (editsWithin(a, b, limit) > limit) return undefined;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) - 1);
  const changed: string[] = [];
  for (const [w, n] of counts) {
    if (n === 0) continue;
    const t = (n > 0 ? x[a.indexOf(w)] : y[b.indexOf(w)])!;
    if (!t.opensLower() || hasDigit(t.raw)) return undefined;
    changed.push(t.raw);
  }
  return changed;
}

/** Levenshtein distance of two word lists, or limit + 1 once it is sure to pass limit (a band around the diagonal). */
function editsWithin(a: readonly string[], b: readonly string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const INF = limit + 1;
  let prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= limit ? j : INF;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(INF);
    if (i <= limit) cur[0] = i;
    let best = cur[0]!;
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const v = Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
      cur[j] = v > INF ? INF : v;
      if (cur[j]! < best) best = cur[j]!;
    }
    if (best > limit) return INF;
    prev = cur;
  }
  return Math.min(prev[b.length]!, INF);
}

/** +1 for a double quotation mark that opens a quotation, -1 for one that closes it, 0 for anything else. */
function quoteStep(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x201c || c === 0x201e || c === 0xab) return 1;
  if (c === 0x201d || c === 0xbb) return -1;
  if (c !== 0x22) return 0;
  // A straight quote opens after a space, a line break, a bracket or a dash, and closes after anything else.
  const before = i > 0 ? text.charCodeAt(i - 1) : 0x20;
  return isSpace(before) || before === 0x28 || before === 0x5b || before === 0x2013 || before === 0x2014 ? 1 : -1;
}

/**
 * Whether `at` lies inside one quotation of the paragraph: opened before it and closed by the
 * paragraph's end. Marks that never balance (a garbled copy of a line that opens a quote) say nothing.
 */
function quotationOpenAt(text: string, p: Paragraph, at: number): boolean {
  let depth = 0;
  let openAt = false;
  for (let i = p.start; i < p.end; i++) {
    if (i === at) {
      if (depth <= 0) return false;
      openAt = true;
    }
    depth += quoteStep(text, i);
  }
  return openAt && depth === 0;
}

function messageFor(lines: readonly Unit[], said: readonly Sentence[], details: ReadonlyMap<Unit, string>, blocks: ReadonlySet<Unit>): string {
  // A caption's copy is a caption printed twice, whatever the copy's own shape (and whichever comes first).
  const what = lines.some((l) => l.caption || blocks.has(l)) ? 'Caption' : 'Line';
  const times = lines.length === 2 ? 'twice' : `${lines.length} times`;
  if (said.length > 0) {
    const where = said[0]!.start < lines[0]!.start ? 'before' : 'after';
    const sentence = said.length === 1 ? 'the body sentence' : 'body sentences';
    return lines.length > 1
      ? `Caption printed ${times}, repeating ${sentence} ${where} it.`
      : `Caption repeats ${sentence} ${where} it.`;
  }
  const detail = details.get(lines[lines.length - 1]!);
  const note = detail ? ` (${detail})` : '';
  if (lines.length > 2) return `${what} printed ${times}${note}.`;
  const [a, b] = [lines[0]!, lines[1]!];
  const gap = b.paragraph.index - a.paragraph.index;
  const where = gap === 0 ? 'on the next line' : gap === 1 ? 'in the next paragraph' : `${gap} paragraphs later`;
  return `${what} repeated ${where}${note}.`;
}

/** unified plugin: marks captions (ctx.captions, ctx.nonProse) and flags repeated or fused ones. */
export default function captions(): Transformer<Root> {
  return (_tree, file) => {
    const ctx = contextOf(file);
    const result = findCaptions(ctx);
    // Pushed one by one: a spread of an empty result throws the optimised code away.
    for (const c of result.captions) ctx.captions.push(c);
    ctx.captions.sort((a, b) => a.start - b.start);
    for (const id of result.nonProse) ctx.nonProse.add(id);
    for (const f of result.flags) ctx.flags.push(f);
  };
}
