/**
 * Finding a reviewed span again after the text changed (Hypothesis-style
 * anchoring). A review stores two selectors: the exact quote with up to 32
 * characters of context either side, and the old position. To re-anchor we
 * try, cheapest and most certain first:
 *
 *   1. the old position, if it still holds the quote (and the context agrees
 *      or the quote occurs only once);
 *   2. every exact occurrence of the quote, ranked by how well the context
 *      around it matches and how close it is to the old position;
 *   3. an approximate match (edit distance) in candidate windows found by a
 *      q-gram filter, accepted only above a quality threshold.
 *
 * Below the threshold the span is orphaned: a fact-checker's verdict attached
 * to the wrong sentence is worse than one that asks to be re-attached by hand.
 *
 * Pure: no I/O. Offsets are UTF-16 code units, like everywhere in claimtrace;
 * the code-point converters at the end serve the W3C export.
 */
import type { AnchorStatus, TextPositionSelector, TextQuoteSelector } from './types.js';

/** Characters of context stored either side of a quote. */
export const CONTEXT = 32;

export interface Selectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

export interface AnchorOptions {
  /**
   * Minimum quality in [0, 1] for an approximate match (default 0.75). Quality
   * is the quote's similarity (1 − edits / quote length) discounted when the
   * surrounding context no longer matches, so it never exceeds the quote's own
   * similarity.
   */
  threshold?: number;
  /**
   * Upper bound on edit-distance cells computed for one anchor (default 4e7,
   * well under a second); keeps a pathological quote from stalling a build.
   */
  budget?: number;
}

export interface AnchorResult {
  status: AnchorStatus;
  start?: number;
  end?: number;
  /** 1 for an exact match with matching context; 0 when orphaned. */
  quality: number;
}

const DEFAULT_THRESHOLD = 0.75;
const DEFAULT_BUDGET = 4e7;
/** An exact quote at least this long is specific enough to trust without context. */
const DISTINCT_QUOTE = 16;
/** Shorter quotes are never matched approximately: a few edits turn "32%" into any number. */
const MIN_FUZZY = 10;
/** The most that mismatching context can pull quality down (see AnchorOptions.threshold). */
const CONTEXT_WEIGHT = 0.25;
/** Context similarity of two unrelated English snippets sits around here; rescale so unrelated ≈ 0. */
const CONTEXT_BASELINE = 0.3;
/** Ranking exact occurrences: fully scoring each is costly, so only the best few by a cheap score are. */
const EXACT_SHORTLIST = 16;
/** Patterns with a q-gram repeated more than this many times contribute only the first ones to the filter. */
const MAX_QGRAM_REPEATS = 8;
/** Candidate windows scored per anchor, best-voted first; bounds work on repetitive texts. */
const MAX_WINDOWS = 32;
/** Distinct approximate matches kept per window for context to choose from. */
const MAX_MATCHES_PER_WINDOW = 8;
/** Below this length an approximate match also needs matching context. */
const SHORT_FUZZY = 40;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Up to CONTEXT characters before and after [start, end), never splitting a surrogate pair. */
function affixes(text: string, start: number, end: number): { prefix: string; suffix: string } {
  let a = Math.max(0, start - CONTEXT);
  if (a > 0 && a < text.length && isLow(text.charCodeAt(a))) a++;
  let b = Math.min(text.length, end + CONTEXT);
  if (b < text.length && b > 0 && isHigh(text.charCodeAt(b - 1))) b--;
  return { prefix: text.slice(a, Math.max(a, start)), suffix: text.slice(Math.min(end, b), b) };
}

/** Both W3C selectors for the span [start, end) of text. */
export function makeSelectors(text: string, start: number, end: number): Selectors {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
    throw new RangeError(`span ${start}-${end} is outside the text (length ${text.length})`);
  }
  const { prefix, suffix } = affixes(text, start, end);
  return {
    quote: { type: 'TextQuoteSelector', exact: text.slice(start, end), prefix, suffix },
    position: { type: 'TextPositionSelector', start, end },
  };
}

/** Levenshtein distance; only used on short strings (context, ≤ CONTEXT characters). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** 1 − normalised edit distance; two empty strings are identical. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/**
 * How well the text around [start, end) matches the stored prefix and suffix,
 * in [0, 1]. The comparison window is always CONTEXT wide, so a quote that used
 * to open the document (empty prefix) scores low when text now precedes it.
 */
function contextSimilarity(text: string, start: number, end: number, quote: TextQuoteSelector): number {
  const before = text.slice(Math.max(0, start - Math.max(CONTEXT, quote.prefix.length)), start);
  const after = text.slice(end, end + Math.max(CONTEXT, quote.suffix.length));
  const p = similarity(quote.prefix, before);
  const s = similarity(quote.suffix, after);
  const raw = (p + s) / 2;
  return Math.max(0, (raw - CONTEXT_BASELINE) / (1 - CONTEXT_BASELINE));
}

/** Cheap context score: characters that match exactly, walking outwards from the span. */
function contextRun(text: string, start: number, end: number, quote: TextQuoteSelector): number {
  const { prefix, suffix } = quote;
  let back = 0;
  while (back < prefix.length && start - back - 1 >= 0 && text.charCodeAt(start - back - 1) === prefix.charCodeAt(prefix.length - back - 1)) back++;
  let fwd = 0;
  while (fwd < suffix.length && end + fwd < text.length && text.charCodeAt(end + fwd) === suffix.charCodeAt(fwd)) fwd++;
  const total = prefix.length + suffix.length;
  return total === 0 ? 1 : (back + fwd) / total;
}

/** Closeness to the old position in [0, 1]: a tie-breaker, never decisive on its own. */
function proximity(textLength: number, at: number, old: number): number {
  return 1 - Math.min(1, Math.abs(at - old) / Math.max(1, textLength));
}

function occurrences(text: string, exact: string, limit: number): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(exact); i !== -1 && out.length < limit; i = text.indexOf(exact, i + 1)) out.push(i);
  return out;
}

function statusOf(text: string, start: number, end: number, sel: Selectors): AnchorStatus {
  return start === sel.position.start && end === sel.position.end && text.slice(start, end) === sel.quote.exact ? 'anchored' : 'moved';
}

/** Step 2: the best exact occurrence, or undefined when none is trustworthy. */
function anchorExact(text: string, sel: Selectors, found: number[]): (AnchorResult & { rank: number }) | undefined {
  const { exact } = sel.quote;
  const old = sel.position.start;
  const cheap = found
    .map((at) => ({ at, score: contextRun(text, at, at + exact.length, sel.quote) + 0.1 * proximity(text.length, at, old) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, EXACT_SHORTLIST);
  let best: { at: number; ctx: number; score: number; prox: number } | undefined;
  for (const { at } of cheap) {
    const ctx = contextSimilarity(text, at, at + exact.length, sel.quote);
    const prox = proximity(text.length, at, old);
    const score = ctx + 0.1 * prox;
    if (!best || score > best.score) best = { at, ctx, score, prox };
  }
  if (!best) return undefined;
  // A short quote ("32%", "in 2022") found only in unrelated context is a lookalike, not the same words.
  if (exact.trim().length < DISTINCT_QUOTE && best.ctx < 0.5) return undefined;
  const start = best.at;
  const end = start + exact.length;
  const quality = 0.9 + 0.1 * best.ctx;
  return { status: statusOf(text, start, end, sel), start, end, quality, rank: rankOf(quality, best.ctx, best.prox) };
}

/**
 * Candidate windows for an approximate match, by the q-gram lemma: a
 * substring within k edits of a pattern of length m shares at least
 * m − q + 1 − k·q of the pattern's q-grams, on diagonals no more than k
 * apart. Counting shared q-grams per diagonal bucket costs one pass over the
 * text, so the quadratic edit-distance work runs only where it can succeed.
 */
function candidateWindows(text: string, pattern: string, k: number, old: number): { from: number; to: number; votes: number }[] {
  const m = pattern.length;
  const n = text.length;
  const q = Math.max(1, Math.min(3, Math.floor(m / (k + 1))));
  const need = Math.max(1, m - q + 1 - k * q);
  // A 32-bit key per q-gram (exact for code units below 1024, a hash above);
  // hits are verified against the pattern, so collisions cost time, not accuracy.
  const key = (s: string, i: number): number => {
    let h = 0;
    for (let j = 0; j < q; j++) h = ((h << 10) ^ s.charCodeAt(i + j)) | 0;
    return h;
  };
  const grams = new Map<number, number[]>();
  // A 64 Kbit presence filter in front of the Map: most text positions hold no
  // pattern q-gram, and a typed-array probe is far cheaper than a Map lookup.
  const seen = new Uint8Array(8192);
  const slot = (h: number): number => (h ^ (h >>> 16)) & 0xffff;
  for (let j = 0; j + q <= m; j++) {
    const g = key(pattern, j);
    const list = grams.get(g);
    if (!list) grams.set(g, [j]);
    else if (list.length < MAX_QGRAM_REPEATS) list.push(j);
    const sl = slot(g);
    seen[sl >> 3]! |= 1 << (sl & 7);
  }
  const width = 2 * k + 1;
  const buckets = new Int32Array(Math.ceil((n + m) / width) + 2);
  for (let i = 0; i + q <= n; i++) {
    const h = key(text, i);
    const sl = slot(h);
    if ((seen[sl >> 3]! & (1 << (sl & 7))) === 0) continue;
    const list = grams.get(h);
    if (!list) continue;
    for (const j of list) {
      let same = true;
      for (let t = 0; t < q && same; t++) same = text.charCodeAt(i + t) === pattern.charCodeAt(j + t);
      if (same) buckets[Math.floor((i - j + m) / width)]!++;
    }
  }
  const windows: { from: number; to: number; votes: number }[] = [];
  for (let b = 0; b + 1 < buckets.length; b++) {
    const votes = buckets[b]! + buckets[b + 1]!;
    if (votes < need) continue;
    const dlo = b * width - m;
    const dhi = (b + 2) * width - m - 1;
    windows.push({ from: Math.max(0, dlo - k), to: Math.min(n, dhi + m + 2 * k), votes });
  }
  windows.sort((a, b) => b.votes - a.votes);
  const kept = windows.slice(0, MAX_WINDOWS);
  // The old neighbourhood is always worth a look: edits there are the common case.
  kept.push({ from: Math.max(0, old - m - k), to: Math.min(n, old + 2 * m + k), votes: 0 });
  // Merge overlaps so no stretch of text is scored twice.
  kept.sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number; votes: number }[] = [];
  for (const w of kept) {
    if (w.from >= w.to) continue;
    const last = merged[merged.length - 1];
    if (last && w.from <= last.to) {
      last.to = Math.max(last.to, w.to);
      last.votes = Math.max(last.votes, w.votes);
    } else merged.push({ ...w });
  }
  return merged.sort((a, b) => b.votes - a.votes);
}

/**
 * Sellers' approximate substring search in text[from, to): substrings within
 * maxCost edits of pattern (start tracked through the DP). Returns the few
 * best distinct ones, not just the cheapest: an identical copy elsewhere in
 * the window must not hide the edited original, which context then prefers.
 */
function matchesInWindow(text: string, pattern: string, from: number, to: number, maxCost: number): { start: number; end: number; cost: number }[] {
  const m = pattern.length;
  let cost = new Int32Array(m + 1);
  let next = new Int32Array(m + 1);
  let origin = new Int32Array(m + 1);
  let nextOrigin = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) { cost[i] = i; origin[i] = from; }
  const hits: { start: number; end: number; cost: number }[] = [];
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    next[0] = 0;
    nextOrigin[0] = j + 1;
    for (let i = 1; i <= m; i++) {
      let v = cost[i - 1]! + (pattern.charCodeAt(i - 1) === c ? 0 : 1);
      let o = origin[i - 1]!;
      const skipText = cost[i]! + 1;
      if (skipText < v) { v = skipText; o = origin[i]!; }
      const skipPattern = next[i - 1]! + 1;
      if (skipPattern < v) { v = skipPattern; o = nextOrigin[i - 1]!; }
      next[i] = v;
      nextOrigin[i] = o;
    }
    if (next[m]! <= maxCost) hits.push({ start: nextOrigin[m]!, end: j + 1, cost: next[m]! });
    [cost, next] = [next, cost];
    [origin, nextOrigin] = [nextOrigin, origin];
  }
  // Cheapest first; drop near-duplicates (the same match ending one character later).
  hits.sort((a, b) => a.cost - b.cost || a.start - b.start);
  const picked: { start: number; end: number; cost: number }[] = [];
  for (const h of hits) {
    if (picked.some((p) => Math.min(p.end, h.end) - Math.max(p.start, h.start) > 0.5 * Math.min(p.end - p.start, h.end - h.start))) continue;
    picked.push(h);
    if (picked.length === MAX_MATCHES_PER_WINDOW) break;
  }
  return picked;
}

/**
 * How a candidate ranks against the others: quality first, then agreeing
 * context, then closeness to the old position. Context counts beyond quality
 * so that the reviewed sentence, edited, in its own paragraph beats an
 * untouched copy of the old wording somewhere else.
 */
const rankOf = (quality: number, ctx: number, prox: number): number => quality + 0.1 * ctx + 0.01 * prox;

/** Step 3: approximate match, or undefined below the threshold. */
function anchorFuzzy(text: string, sel: Selectors, threshold: number, budget: number): (AnchorResult & { rank: number }) | undefined {
  const pattern = sel.quote.exact;
  const m = pattern.length;
  if (pattern.trim().length < MIN_FUZZY) return undefined;
  const k = Math.floor(m * (1 - threshold));
  if (k <= 0) return undefined;
  let spent = 0;
  let best: { start: number; end: number; quality: number; rank: number } | undefined;
  for (const w of candidateWindows(text, pattern, k, sel.position.start)) {
    const cells = (w.to - w.from) * m;
    if (spent + cells > budget && best) break;
    spent += cells;
    for (const hit of matchesInWindow(text, pattern, w.from, w.to, k)) {
      const quoteSim = 1 - hit.cost / m;
      if (quoteSim < threshold) continue;
      const ctx = contextSimilarity(text, hit.start, hit.end, sel.quote);
      // A short quote proves little on its own: like an exact one, it needs its surroundings.
      if (pattern.trim().length < SHORT_FUZZY && ctx < 0.5) continue;
      // Context matters most where the quote alone proves little: many edits, or few characters.
      // A long sentence one typo away is itself strong evidence; "rose 5% in 2023" vs "rose 6% in 2023" is not.
      const weight = Math.min(CONTEXT_WEIGHT, 2 * (1 - quoteSim) + Math.max(0, (SHORT_FUZZY - m) / 160));
      const quality = quoteSim * (1 - weight * (1 - ctx));
      const rank = rankOf(quality, ctx, proximity(text.length, hit.start, sel.position.start));
      if (quality >= threshold && (!best || rank > best.rank)) best = { ...hit, quality, rank };
    }
    if (spent > budget) break;
  }
  if (!best) return undefined;
  let { start, end } = best;
  // Never hand back half a surrogate pair.
  if (start > 0 && isLow(text.charCodeAt(start))) start--;
  if (end < text.length && end > 0 && isHigh(text.charCodeAt(end - 1))) end++;
  return { status: statusOf(text, start, end, sel), start, end, quality: best.quality, rank: best.rank };
}

/** Find the span the selectors describe in (possibly edited) text. */
export function anchor(text: string, selectors: Selectors, opts: AnchorOptions = {}): AnchorResult {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const { exact } = selectors.quote;
  const { start: ps, end: pe } = selectors.position;
  if (exact.length === 0) return { status: 'orphaned', quality: 0 };

  // 1. The old position, when it still holds the quote and nothing suggests another occurrence is meant.
  const atOld = pe - ps === exact.length && ps >= 0 && text.startsWith(exact, ps);
  const found = occurrences(text, exact, 10_000);
  if (atOld && (found.length === 1 || contextRun(text, ps, pe, selectors.quote) === 1)) {
    return { status: 'anchored', start: ps, end: pe, quality: 1 };
  }
  // 2. Exact occurrences elsewhere (or the old one with changed context, competing fairly).
  const exactHit = found.length > 0 ? anchorExact(text, selectors, found) : undefined;
  // Same words in the same surroundings settle it.
  if (exactHit && exactHit.quality >= 0.97) return exactHit;
  // 3. Approximate. Also tried when the only exact copies sit in other surroundings: if the
  // reviewed sentence was edited and an identical sentence exists elsewhere (a repeated
  // caption, a boilerplate line), the edited one in its own context is the better answer.
  const fuzzy = anchorFuzzy(text, selectors, threshold, opts.budget ?? DEFAULT_BUDGET);
  const pick = exactHit && (!fuzzy || fuzzy.rank <= exactHit.rank) ? exactHit : fuzzy;
  if (!pick) return { status: 'orphaned', quality: 0 };
  const { rank: _rank, ...result } = pick;
  return result;
}

/**
 * Converting offsets for W3C exports, which count Unicode code points where
 * claimtrace counts UTF-16 code units. An offset inside a surrogate pair
 * counts the pair as reached (the pair is one code point).
 */
export function toCodePoints(text: string, utf16Offset: number): number {
  const end = Math.max(0, Math.min(utf16Offset, text.length));
  let n = 0;
  for (let i = 0; i < end; i++) {
    n++;
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
  }
  return n;
}

export function toUtf16(text: string, codePointOffset: number): number {
  let i = 0;
  for (let n = 0; n < codePointOffset && i < text.length; n++) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/**
 * Both conversions for one text in O(log n) each, after one pass: exports
 * convert every claim of a source, and a linear walk per claim would be
 * quadratic on long texts.
 */
export function offsetConverter(text: string): { toCodePoints(offset: number): number; toUtf16(codePoints: number): number } {
  // UTF-16 offsets of the low half of each surrogate pair, ascending.
  const lows: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) { lows.push(i + 1); i++; }
  }
  /** Number of entries in `lows` that are < x. */
  const below = (x: number): number => {
    let lo = 0;
    let hi = lows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lows[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    toCodePoints(offset) {
      const o = Math.max(0, Math.min(offset, text.length));
      // Pairs whose low half lies before o count one code point for two units; an offset
      // pointing at a low half sits inside a pair and counts the pair as reached.
      return o - below(o);
    },
    toUtf16(codePoints) {
      // utf16 = codePoints + number of pairs that start before that code point.
      let lo = 0;
      let hi = lows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        // Code points before the pair whose low half is lows[mid]: (lows[mid] - 1) - mid.
        if (lows[mid]! - 1 - mid < codePoints) lo = mid + 1;
        else hi = mid;
      }
      return Math.min(text.length, codePoints + lo);
    },
  };
}
