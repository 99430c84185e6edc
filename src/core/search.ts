/**
 * Full-text search over a corpus: the seam where a distributed engine (for
 * example OpenSearch) could later replace lunr. Pure: data in, results out;
 * reading and writing the serialised index is src/store/search-index.ts.
 *
 * What a lunr document is, and why:
 *
 *   - One lunr document per *distinct sentence text* in the corpus, not per
 *     paragraph. lunr's cost per query is proportional to the number of
 *     documents that contain the query terms (it builds match data for every
 *     one and scores them all). Real corpora repeat text heavily (wire copy,
 *     boilerplate, repeated captions) and so do generated ones; indexing each
 *     distinct sentence once and keeping where it occurs in a compact
 *     occurrence table (typed arrays) cuts the documents a common word
 *     touches several-fold, and sentences are what a fact-checker quotes.
 *   - Only the text is indexed. kind / type / rule / source are filters over
 *     a per-occurrence bit set (a sentence can be a claim in one source and
 *     plain prose in another), evaluated after lunr on the occurrences only.
 *     They use lunr's query syntax and parser, so `+kind:claim -rule:fused*`
 *     reads as usual; unlike lunr fields they narrow, they never widen.
 *   - No position metadata in the index. Positions are needed only for the
 *     handful of hits shown, so they are computed then, with lunr's own
 *     tokenizer and pipeline on the exact sentence text (the same position
 *     metadata a `metadataWhitelist: ['position']` index would store, see the
 *     tests), then shifted by the occurrence's start offset. This keeps the
 *     serialised index small and the match data per document empty.
 *   - Incremental: lunr indexes are immutable, so the corpus index is a main
 *     index plus a small delta index holding only sentence texts that are new
 *     since the main one was built. Changing one source adds its new
 *     sentences to the delta (milliseconds); the main index is rebuilt only
 *     when the delta or the dead texts outgrow a threshold.
 */
import lunr from 'lunr';
import { titleOf } from './titles.js';
import { RULES } from './types.js';
import type { ClaimType, Corroboration, Flag, RuleId, SourceAnalysis, Span } from './types.js';

/** Bump when the serialised shape or what is indexed changes. */
export const SEARCH_FORMAT = 2;

export const CLAIM_TYPES = ['statistic', 'date-event', 'comparison', 'membership', 'attribution', 'other'] as const satisfies readonly ClaimType[];
// A compile-time check that CLAIM_TYPES lists every ClaimType.
const _allTypes: Record<ClaimType, true> = { statistic: true, 'date-event': true, comparison: true, membership: true, attribution: true, other: true };
void _allTypes;

export const KINDS = ['paragraph', 'claim', 'caption', 'flag', 'corroboration'] as const;
export type SearchKind = (typeof KINDS)[number];
export const FIELDS = ['text', 'kind', 'type', 'rule', 'source'] as const;
type FacetField = 'kind' | 'type' | 'rule' | 'source';

// ---------------------------------------------------------------------------
// Facet bits: one 32-bit word per occurrence.

const KIND_BIT: Record<SearchKind, number> = { paragraph: 1 << 0, claim: 1 << 1, caption: 1 << 2, flag: 1 << 3, corroboration: 1 << 4 };
const typeBit = (t: ClaimType): number => 1 << (5 + CLAIM_TYPES.indexOf(t as (typeof CLAIM_TYPES)[number]));
const ruleBit = (r: RuleId): number => 1 << (5 + CLAIM_TYPES.length + RULES.indexOf(r));

/** What an occurrence is, decoded from its bits. */
export function describeFacets(bits: number): { kinds: SearchKind[]; types: ClaimType[]; rules: RuleId[] } {
  return {
    kinds: KINDS.filter((k) => k !== 'paragraph' && bits & KIND_BIT[k]),
    types: CLAIM_TYPES.filter((t) => bits & typeBit(t)),
    rules: RULES.filter((r) => bits & ruleBit(r)),
  };
}

// ---------------------------------------------------------------------------
// Text processing shared by indexing, querying and highlighting.

/**
 * Lowercase without changing length. lunr lowercases before it records token
 * positions, and `'İ'.toLowerCase()` is two code units, which would shift
 * every position after it; folding first keeps positions equal to offsets.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  // Lowercasing never shortens a string, so equal length means every unit kept its place.
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    if (l.length === ch.length) out += l;
    else {
      const first = String.fromCodePoint(l.codePointAt(0)!);
      out += first.length === ch.length && first.toLowerCase() === first ? first : ch;
    }
  }
  return out;
}

/**
 * lunr's trimmer strips ASCII `\W`, which eats accented letters at word
 * edges ("émigré" → "migr"); this one strips only what is not a letter or
 * digit in any script.
 */
const trimmer: lunr.PipelineFunction = (token) => {
  const t = token.update((s) => s.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, ''));
  return t.toString() ? t : (undefined as unknown as lunr.Token);
};
lunr.Pipeline.registerFunction(trimmer, 'claimtrace-trimmer');

/** The indexing pipeline; highlighting runs the same one so it finds exactly the indexed terms. */
function indexPipeline(): lunr.Pipeline {
  const p = new lunr.Pipeline();
  p.add(trimmer, lunr.stopWordFilter, lunr.stemmer);
  return p;
}
const HIGHLIGHT_PIPELINE = indexPipeline();

function newBuilder(): lunr.Builder {
  const b = new lunr.Builder();
  b.pipeline.add(trimmer, lunr.stopWordFilter, lunr.stemmer);
  b.searchPipeline.add(trimmer, lunr.stemmer);
  b.ref('id');
  b.field('text');
  return b;
}

/** Build a lunr index over texts[from..to), refs being the text ids in base 36 (short refs make lunr measurably faster). */
function buildLunr(texts: readonly string[], from: number, to: number): lunr.Index {
  const b = newBuilder();
  for (let i = from; i < to; i++) b.add({ id: i.toString(36), text: foldCase(texts[i]!) });
  return b.build();
}

/**
 * Token spans of the terms in `terms`, relative to `text`: lunr's tokenizer
 * gives each token's [start, length] in the (case-folded, hence
 * same-length) text; the pipeline says which indexed term it became. The span
 * is narrowed to the word itself (a token keeps its quotes and commas).
 */
export function termPositions(text: string, terms: ReadonlySet<string>): Span[] {
  if (terms.size === 0) return [];
  const spans: Span[] = [];
  for (const token of HIGHLIGHT_PIPELINE.run(lunr.tokenizer(foldCase(text)))) {
    if (!terms.has(token.toString())) continue;
    const [pos, len] = (token as unknown as { metadata: { position: [number, number] } }).metadata.position;
    let a = pos;
    let b = pos + len;
    while (a < b && !/[\p{L}\p{N}]/u.test(charAt(text, a))) a += charAt(text, a).length;
    while (b > a && !/[\p{L}\p{N}]/u.test(charBefore(text, b))) b -= charBefore(text, b).length;
    if (b > a) spans.push({ start: a, end: b });
  }
  return spans;
}

const charAt = (s: string, i: number): string => String.fromCodePoint(s.codePointAt(i)!);
function charBefore(s: string, i: number): string {
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.slice(i - 2, i);
  }
  return s.slice(i - 1, i);
}

// ---------------------------------------------------------------------------
// Per-source documents (the cacheable part: depends on one source only).

/** One searchable piece of a source: a sentence (or text between sentences), exact. */
export interface SearchUnit extends Span {
  text: string;
  /** Index of its paragraph in the source's paragraph list. */
  paragraph: number;
  /** Facet bits (claim, type, caption, flag, rule …) from this source's own findings. */
  facets: number;
}

export interface SourceDocs {
  id: string;
  title: string;
  paragraphs: string[];
  units: SearchUnit[];
  /** This source's own flags: the viewer's corpus-wide flag list comes from here, without loading every analysis. */
  flags: Flag[];
  /** Ids of its claims, so a claim id finds its source without loading every analysis. */
  claims: string[];
}

const isSpaceCode = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;

/** First unit whose end lies after `offset` (units sorted and disjoint). */
function firstEndingAfter(units: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function markOverlaps(units: SearchUnit[], span: Span, bits: number): void {
  const end = Math.max(span.end, span.start + 1);
  for (let i = firstEndingAfter(units, span.start); i < units.length && units[i]!.start < end; i++) units[i]!.facets |= bits;
}

/**
 * The search documents of one source: every sentence, plus any text between
 * sentences, so each character of every paragraph is searchable, each unit
 * tagged with the findings that overlap it.
 */
export function sourceDocs(a: SourceAnalysis): SourceDocs {
  const byParagraph = new Map<string, Span[]>();
  for (const s of a.sentences) {
    const list = byParagraph.get(s.paragraphId) ?? [];
    list.push(s);
    byParagraph.set(s.paragraphId, list);
  }
  const units: SearchUnit[] = [];
  a.paragraphs.forEach((p, pi) => {
    const push = (start: number, end: number): void => {
      let s = Math.max(start, p.start);
      let e = Math.min(end, p.end);
      while (s < e && isSpaceCode(p.text.charCodeAt(s - p.start))) s++;
      while (e > s && isSpaceCode(p.text.charCodeAt(e - 1 - p.start))) e--;
      if (e > s) units.push({ start: s, end: e, text: p.text.slice(s - p.start, e - p.start), paragraph: pi, facets: KIND_BIT.paragraph });
    };
    let cursor = p.start;
    const sentences = [...(byParagraph.get(p.id) ?? [])].sort((x, y) => x.start - y.start);
    for (const s of sentences) {
      if (s.end <= cursor) continue;
      push(cursor, s.start);
      push(Math.max(s.start, cursor), s.end);
      cursor = Math.max(cursor, s.end);
    }
    push(cursor, p.end);
  });
  for (const c of a.claims) markOverlaps(units, c, KIND_BIT.claim | typeBit(c.type));
  for (const c of a.captions) markOverlaps(units, c, KIND_BIT.caption);
  const id = a.source.id;
  for (const f of a.flags) for (const s of f.spans) if (s.sourceId === id) markOverlaps(units, s, KIND_BIT.flag | ruleBit(f.rule));
  for (const k of a.corroborations) for (const s of k.spans) if (s.sourceId === id) markOverlaps(units, s, KIND_BIT.corroboration);
  return { id, title: titleOf(a), paragraphs: a.paragraphs.map((p) => p.id), units, flags: a.flags, claims: a.claims.map((c) => c.id) };
}

// ---------------------------------------------------------------------------
// Passages: what a lunr document is.

/**
 * Split a unit into passages at content-defined word boundaries: after a word
 * whose hash is 0 mod PASSAGE_MODULUS (at least PASSAGE_MIN words in, at most
 * PASSAGE_MAX). Boundaries depend only on nearby words, so an edit (a changed
 * number, a swapped name) changes just the passage it falls in and every
 * other passage of the sentence stays byte-identical to other copies: one
 * lunr document each. Passages tile the unit exactly, trailing whitespace
 * included, so their lengths give their offsets and their concatenation is
 * the unit's text.
 *
 * Short passages (about four words) are what keeps common words cheap: a
 * frequent word then mostly sits in a few passages that many sentences
 * share, so lunr scores a few documents for it rather than one per sentence
 * that contains it. At 2,000 sources, going from about eight words to four
 * kept the number of lunr documents (8,422 → 8,464) and halved the p99 of
 * phrase queries.
 */
export const PASSAGE_MODULUS = 4;
const PASSAGE_MIN = 2;
const PASSAGE_MAX = 12;

function wordHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function passagesOf(text: string): string[] {
  const words: number[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m.index, m.index + m[0].length);
  const out: string[] = [];
  let from = 0;
  let count = 0;
  for (let i = 0; i < words.length; i += 2) {
    count++;
    const last = i + 2 >= words.length;
    if (last) break;
    if ((count >= PASSAGE_MIN && wordHash(text, words[i]!, words[i + 1]!) % PASSAGE_MODULUS === 0) || count >= PASSAGE_MAX) {
      const next = words[i + 2]!;
      out.push(text.slice(from, next));
      from = next;
      count = 0;
    }
  }
  out.push(text.slice(from));
  return out;
}

// ---------------------------------------------------------------------------
// The serialisable corpus index.

/** A source inside SearchData: its units (sentences) and their passages as text ids. */
export interface StoredSource {
  id: string;
  /** Cache key: the source's documents are reused while this is unchanged. */
  key: string;
  title: string;
  paragraphs: string[];
  /** [start, end, paragraph, facets, passage count] per unit, flattened. */
  units: number[];
  /** Text ids of every unit's passages, in order. */
  passages: number[];
  flags: Flag[];
  claims: string[];
}

export interface SearchData {
  format: number;
  lunrVersion: string;
  /** Distinct passage texts; a text's index (base 36) is its lunr ref. */
  texts: string[];
  /** Texts [0, mainCount) are in `main`, the rest in `delta`. */
  mainCount: number;
  main: object;
  delta: object | null;
  sources: StoredSource[];
}

export const UNIT_WIDTH = 5;

export interface BuildInput {
  id: string;
  key: string;
  /** Fresh documents; leave out to reuse the previous build's entry (same id and key). */
  docs?: SourceDocs;
}

export interface BuildOutcome {
  data: SearchData;
  /** full: main index rebuilt; delta: only the small delta index; none: no lunr work. */
  rebuilt: 'full' | 'delta' | 'none';
  newTexts: number;
}

export interface BuildOptions {
  /** Force a full rebuild. */
  compact?: boolean;
  /** Rebuild the main index when the delta holds more than this share of it (default 0.1, at least 512 texts). */
  deltaRatio?: number;
  /** … or when more than this share of texts no longer occur anywhere (default 0.25). */
  deadRatio?: number;
}

/**
 * Build the corpus index from per-source documents, reusing a previous build:
 * unchanged sources keep their entries, passages already indexed stay in the
 * main index, and only new passages are indexed (in the delta).
 */
export function buildSearchData(inputs: readonly BuildInput[], previous?: SearchData, options: BuildOptions = {}): BuildOutcome {
  const prev = previous && previous.format === SEARCH_FORMAT && previous.lunrVersion === lunr.version ? previous : undefined;
  const prevSources = new Map((prev?.sources ?? []).map((s) => [s.id, s]));
  const texts = prev ? prev.texts.slice() : [];
  const ids = new Map<string, number>();
  texts.forEach((t, i) => ids.set(t, i));
  const idOf = (text: string): number => {
    let id = ids.get(text);
    if (id === undefined) {
      id = texts.length;
      texts.push(text);
      ids.set(text, id);
    }
    return id;
  };
  let sources: StoredSource[] = inputs.map((input) => {
    if (!input.docs) {
      const old = prevSources.get(input.id);
      if (!old || old.key !== input.key) throw new Error(`search index: no cached documents for ${input.id}; pass its documents`);
      return old;
    }
    const d = input.docs;
    const units: number[] = [];
    const passages: number[] = [];
    for (const u of d.units) {
      const parts = passagesOf(u.text);
      units.push(u.start, u.end, u.paragraph, u.facets, parts.length);
      for (const p of parts) passages.push(idOf(p));
    }
    return { id: d.id, key: input.key, title: d.title, paragraphs: d.paragraphs, units, passages, flags: d.flags, claims: d.claims };
  });
  const live = new Uint8Array(texts.length);
  for (const s of sources) for (const t of s.passages) live[t] = 1;
  let dead = 0;
  for (let i = 0; i < live.length; i++) if (!live[i]) dead++;
  const prevCount = prev?.texts.length ?? 0;
  const mainCount = prev?.mainCount ?? 0;
  const inDelta = texts.length - mainCount;
  const full =
    !prev || options.compact === true ||
    inDelta > Math.max(512, mainCount * (options.deltaRatio ?? 0.1)) ||
    dead > texts.length * (options.deadRatio ?? 0.25);
  if (full) {
    // Keep only live texts, renumbered in order of first use, so the index holds nothing dead.
    const remap = new Int32Array(texts.length).fill(-1);
    const kept: string[] = [];
    sources = sources.map((s) => ({
      ...s,
      passages: s.passages.map((old) => {
        if (remap[old] === -1) { remap[old] = kept.length; kept.push(texts[old]!); }
        return remap[old]!;
      }),
    }));
    const main = buildLunr(kept, 0, kept.length).toJSON();
    return { data: { format: SEARCH_FORMAT, lunrVersion: lunr.version, texts: kept, mainCount: kept.length, main, delta: null, sources }, rebuilt: 'full', newTexts: kept.length };
  }
  const changed = texts.length !== prevCount;
  const delta = changed ? (inDelta > 0 ? buildLunr(texts, mainCount, texts.length).toJSON() : null) : prev!.delta;
  return {
    data: { format: SEARCH_FORMAT, lunrVersion: lunr.version, texts, mainCount, main: prev!.main, delta, sources },
    rebuilt: changed ? 'delta' : 'none',
    newTexts: texts.length - prevCount,
  };
}

// ---------------------------------------------------------------------------
// Queries.

/** A query the user can fix: bad syntax, an unknown field or value. */
export class SearchQueryError extends Error {
  constructor(
    message: string,
    readonly query: string,
    /** Where in the query, when known. */
    readonly start?: number,
    readonly end?: number,
  ) {
    super(message);
    this.name = 'SearchQueryError';
  }
}

const PRESENCE = { optional: 1, required: 2, prohibited: 3 } as const;

interface Clause {
  term: string;
  fields: string[];
  boost?: number;
  editDistance?: number;
  usePipeline?: boolean;
  wildcard?: number;
  presence?: number;
}

type LunrParser = new (str: string, query: lunr.Query) => { parse(): lunr.Query };
const QueryParser = (lunr as unknown as { QueryParser: LunrParser }).QueryParser;

/**
 * lunr's lexer splits terms at hyphens, so `rule:fused-caption` would search
 * `rule:fused` or `caption` anywhere. Escape hyphens inside field values
 * (lunr's escape is a backslash) so a rule or id stays one term.
 */
function escapeFieldValues(q: string): string {
  return q.replace(/(^|[\s+-])((?:kind|type|rule|source):)(\S+)/gi, (_m, pre: string, field: string, value: string) => `${pre}${field}${value.replace(/(?<!\\)-/g, '\\-')}`);
}

export interface ParsedQuery {
  query: string;
  text: Clause[];
  facets: { field: FacetField; values: string[]; presence: number; term: string }[];
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Values of a closed vocabulary a facet term names: exact, plural, wildcard or fuzzy, like lunr terms. */
function matchValues(term: string, clause: Clause, domain: readonly string[]): string[] {
  const t = term.replace(/\\/g, '');
  if (t.includes('*')) {
    const re = new RegExp(`^${t.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return domain.filter((v) => re.test(v));
  }
  const d = clause.editDistance ?? 0;
  return domain.filter((v) => {
    const lv = v.toLowerCase();
    return lv === t || `${lv}s` === t || (d > 0 && editDistance(lv, t, d) <= d);
  });
}

const FRIENDLY_FIELDS = 'text, kind, type, rule or source';

/** Parse with lunr's own parser; errors become SearchQueryError with a message a person can act on. */
export function parseQuery(q: string, sourceIds: readonly string[] = []): ParsedQuery {
  const query = new lunr.Query([...FIELDS]);
  try {
    new QueryParser(escapeFieldValues(q), query).parse();
  } catch (error) {
    if (error instanceof lunr.QueryParseError) {
      const field = /unrecognised field '([^']*)'/.exec(error.message)?.[1];
      const message = field !== undefined ? `unknown field "${field}:" (fields are ${FRIENDLY_FIELDS})` : `${error.message.replace(/^./, (c) => c.toLowerCase())}`;
      throw new SearchQueryError(message, q, error.start, error.end);
    }
    throw error;
  }
  const parsed: ParsedQuery = { query: q, text: [], facets: [] };
  for (const raw of query.clauses as Clause[]) {
    const presence = raw.presence ?? PRESENCE.optional;
    const field = raw.fields.length === 1 ? raw.fields[0] : undefined;
    if (field === undefined || field === 'text') {
      if (raw.term === '') continue;
      parsed.text.push({ ...raw, fields: ['text'], term: foldCase(raw.term) });
      continue;
    }
    const f = field as FacetField;
    const domain: readonly string[] = f === 'kind' ? KINDS : f === 'type' ? CLAIM_TYPES : f === 'rule' ? RULES : sourceIds;
    const values = matchValues(raw.term, raw, domain);
    if (values.length === 0 && f !== 'source') {
      throw new SearchQueryError(`no ${f} matches "${raw.term.replace(/\\/g, '')}" (${f === 'kind' ? 'kinds' : f === 'type' ? 'claim types' : 'rules'} are ${domain.join(', ')})`, q);
    }
    parsed.facets.push({ field: f, values, presence, term: raw.term });
  }
  return parsed;
}

// ---------------------------------------------------------------------------
// The engine.

export interface SearchOptions {
  /** Source groups per page (default 20, at most 200). */
  limit?: number;
  offset?: number;
  /** Hits shown per source (default 3, at most 50). */
  hitsPerSource?: number;
}

export interface SearchHit extends Span {
  sourceId: string;
  paragraphId: string;
  /** The unit's exact text: `source.slice(start, end)`. */
  text: string;
  score: number;
  /** Matched words as absolute source offsets, inside [start, end), in order. */
  highlights: Span[];
  kinds: SearchKind[];
  types: ClaimType[];
  rules: RuleId[];
}

export interface SearchGroup {
  sourceId: string;
  title: string;
  score: number;
  /** Matching units in this source (only the best `hitsPerSource` are in `hits`). */
  hitCount: number;
  hits: SearchHit[];
}

export interface SearchResults {
  query: string;
  /** Matching sources. */
  total: number;
  /** Matching units (sentences) across all sources. */
  totalHits: number;
  offset: number;
  limit: number;
  groups: SearchGroup[];
}

/** The seam: anything that answers queries this way can replace lunr. */
export interface SearchEngine {
  search(q: string, opts?: SearchOptions): SearchResults;
}

export interface SearchExtras {
  /** Cross-source findings tag the units they span, like a source's own. */
  crossFlags?: readonly Flag[];
  crossCorroborations?: readonly Corroboration[];
}

interface FacetFilter {
  required: number[];
  prohibited: number;
  optional: number[];
  /** Per source: may it appear at all (source: clauses). */
  sources: Uint8Array | undefined;
}

/** The parts of lunr.Index that @types/lunr leaves out. */
interface IndexInternals {
  pipeline: lunr.Pipeline;
  tokenSet: lunr.TokenSet;
}
type TokenSetStatic = { fromClause(clause: Clause): lunr.TokenSet };

const NO_FILTER = (f: FacetFilter): boolean => !f.sources && f.prohibited === 0 && f.required.length === 0 && f.optional.length === 0;

/**
 * lunr finds and scores passages; everything a person means by a query
 * (+/- presence, field filters, counts) is decided per unit (sentence):
 *
 *   1. lunr runs the positive clauses as optional ones: every passage with
 *      any of their terms, with lunr's score and matched terms;
 *   2. a unit's score is the sum of its passages' scores; a `+` clause holds
 *      for a unit when one of its passages matched one of the clause's
 *      expanded terms (lunr's token set gives the expansion: stems,
 *      wildcards, edit distance); a `-` clause excludes every unit with a
 *      passage matching it (a second lunr run finds those);
 *   3. field filters test the unit's facet bits and source;
 *   4. sources are ranked by their best unit, and only the page shown gets
 *      hits, text and highlight positions.
 *
 * Steps 1–2 depend only on a unit's passage texts, and most units share
 * their exact passage sequence with copies elsewhere in the corpus (the same
 * sentence in another version of an article). So at load the units are
 * grouped into *unit texts* (distinct passage sequences): scores, `+`/`-`
 * clauses and matched terms are worked out once per unit text, and only
 * the cheap per-occurrence part (facet filter, source counts and best score)
 * runs over every occurrence. A common word then costs a pass over flat
 * typed arrays rather than a walk from each passage to each of its
 * occurrences, which is what keeps the slowest queries fast at 2,000
 * sources.
 */
export class LunrSearchEngine implements SearchEngine {
  readonly sourceIds: string[];
  readonly titles: string[];
  readonly paragraphIds: string[][];
  readonly flags: Flag[][];
  readonly docCount: number;
  readonly unitCount: number;
  readonly passageCount: number;
  /** Distinct passage sequences among the units. */
  readonly unitTextCount: number;
  private readonly texts: string[];
  private readonly indexes: lunr.Index[];
  private readonly sourceIndex = new Map<string, number>();
  // Units (sentences), grouped by source in document order.
  private readonly unitStart: Uint32Array;
  private readonly unitEnd: Uint32Array;
  private readonly unitPara: Uint32Array;
  private readonly unitFacets: Uint32Array;
  private readonly unitSource: Uint32Array;
  private readonly unitFirstPassage: Uint32Array;
  /** Unit → its unit text. */
  private readonly unitText: Uint32Array;
  private readonly srcFirstUnit: Uint32Array;
  /** Passage occurrences, in unit order: which text. */
  private readonly passDoc: Uint32Array;
  // Unit text → its occurrences (units, in corpus order).
  private readonly utFirstUnit: Uint32Array;
  private readonly utUnits: Uint32Array;
  // Text id → the unit texts it occurs in (once per occurrence, so a repeated passage counts twice, as in a unit's sum).
  private readonly docFirstUt: Uint32Array;
  private readonly docUts: Uint32Array;
  // Scratch space reused by every query (one query runs at a time).
  private readonly docScore: Float64Array;
  private readonly docBits: Uint32Array;
  private readonly docMatch: (lunr.MatchData | undefined)[];
  private readonly utScore: Float64Array;
  private readonly utBits: Uint32Array;
  /** 0 untouched, 1 a candidate that holds (its units may still fail a filter), 2 a candidate that does not. */
  private readonly utState: Uint8Array;
  private readonly utBad: Uint8Array;
  private readonly srcBest: Float64Array;
  private readonly srcCount: Uint32Array;
  // Lists of touched entries, so a query resets only what it touched.
  private readonly touchedDocs: Uint32Array;
  private readonly touchedUts: Uint32Array;
  private readonly badUts: Uint32Array;
  private readonly touchedSources: Uint32Array;

  constructor(data: SearchData, extras: SearchExtras = {}) {
    if (data.format !== SEARCH_FORMAT) throw new Error(`search index format ${data.format}, expected ${SEARCH_FORMAT}; rebuild it`);
    this.texts = data.texts;
    this.indexes = [lunr.Index.load(data.main as never)];
    if (data.delta) this.indexes.push(lunr.Index.load(data.delta as never));
    const n = data.sources.length;
    this.sourceIds = data.sources.map((s) => s.id);
    this.titles = data.sources.map((s) => s.title);
    this.paragraphIds = data.sources.map((s) => s.paragraphs);
    this.flags = data.sources.map((s) => s.flags);
    this.sourceIds.forEach((id, i) => this.sourceIndex.set(id, i));
    let units = 0;
    let passages = 0;
    for (const s of data.sources) { units += s.units.length / UNIT_WIDTH; passages += s.passages.length; }
    this.unitCount = units;
    this.passageCount = passages;
    this.docCount = data.texts.length;
    this.unitStart = new Uint32Array(units);
    this.unitEnd = new Uint32Array(units);
    this.unitPara = new Uint32Array(units);
    this.unitFacets = new Uint32Array(units);
    this.unitSource = new Uint32Array(units);
    this.unitFirstPassage = new Uint32Array(units + 1);
    this.unitText = new Uint32Array(units);
    this.srcFirstUnit = new Uint32Array(n + 1);
    this.passDoc = new Uint32Array(passages);
    // Unit texts: units with the same passage sequence, found by hash (chained on collision) and compared exactly.
    const firstOfHash = new Map<number, number>();
    const utNext: number[] = [];
    const utRep: number[] = [];
    const sameSequence = (a: number, b: number): boolean => {
      const a0 = this.unitFirstPassage[a]!;
      const b0 = this.unitFirstPassage[b]!;
      const len = (a === units ? passages : this.unitFirstPassage[a + 1]!) - a0;
      if ((this.unitFirstPassage[b + 1]! - b0) !== len) return false;
      for (let k = 0; k < len; k++) if (this.passDoc[a0 + k] !== this.passDoc[b0 + k]) return false;
      return true;
    };
    let u = 0;
    let p = 0;
    data.sources.forEach((s, si) => {
      this.srcFirstUnit[si] = u;
      let sp = 0;
      for (let i = 0; i < s.units.length; i += UNIT_WIDTH, u++) {
        this.unitStart[u] = s.units[i]!;
        this.unitEnd[u] = s.units[i + 1]!;
        this.unitPara[u] = s.units[i + 2]!;
        this.unitFacets[u] = s.units[i + 3]!;
        this.unitSource[u] = si;
        this.unitFirstPassage[u] = p;
        let h = 0x811c9dc5;
        for (let k = 0; k < s.units[i + 4]!; k++, p++, sp++) {
          const doc = s.passages[sp]!;
          this.passDoc[p] = doc;
          h = Math.imul(h ^ doc, 0x01000193);
        }
        this.unitFirstPassage[u + 1] = p;
        let t = firstOfHash.get(h);
        while (t !== undefined && !sameSequence(utRep[t]!, u)) t = utNext[t]! < 0 ? undefined : utNext[t]!;
        if (t === undefined) {
          t = utRep.length;
          utRep.push(u);
          utNext.push(firstOfHash.get(h) ?? -1);
          firstOfHash.set(h, t);
        }
        this.unitText[u] = t;
      }
    });
    this.srcFirstUnit[n] = u;
    this.unitFirstPassage[units] = p;
    const uts = utRep.length;
    this.unitTextCount = uts;
    // Unit text → occurrences (counting sort keeps corpus order).
    this.utFirstUnit = new Uint32Array(uts + 1);
    for (let k = 0; k < units; k++) this.utFirstUnit[this.unitText[k]! + 1]!++;
    for (let t = 0; t < uts; t++) this.utFirstUnit[t + 1]! += this.utFirstUnit[t]!;
    this.utUnits = new Uint32Array(units);
    const fillUnits = this.utFirstUnit.slice(0, uts);
    for (let k = 0; k < units; k++) this.utUnits[fillUnits[this.unitText[k]!]!++] = k;
    // Text id → unit texts, from each unit text's representative unit.
    this.docFirstUt = new Uint32Array(this.docCount + 1);
    let links = 0;
    for (let t = 0; t < uts; t++) {
      const r = utRep[t]!;
      for (let k = this.unitFirstPassage[r]!; k < this.unitFirstPassage[r + 1]!; k++, links++) this.docFirstUt[this.passDoc[k]! + 1]!++;
    }
    for (let d = 0; d < this.docCount; d++) this.docFirstUt[d + 1]! += this.docFirstUt[d]!;
    this.docUts = new Uint32Array(links);
    const fillDocs = this.docFirstUt.slice(0, this.docCount);
    for (let t = 0; t < uts; t++) {
      const r = utRep[t]!;
      for (let k = this.unitFirstPassage[r]!; k < this.unitFirstPassage[r + 1]!; k++) this.docUts[fillDocs[this.passDoc[k]!]!++] = t;
    }
    for (const f of extras.crossFlags ?? []) for (const s of f.spans) this.tag(s.sourceId, s, KIND_BIT.flag | ruleBit(f.rule));
    for (const c of extras.crossCorroborations ?? []) for (const s of c.spans) this.tag(s.sourceId, s, KIND_BIT.corroboration);
    this.docScore = new Float64Array(this.docCount);
    this.docBits = new Uint32Array(this.docCount);
    this.docMatch = new Array<lunr.MatchData | undefined>(this.docCount);
    this.utScore = new Float64Array(uts);
    this.utBits = new Uint32Array(uts);
    this.utState = new Uint8Array(uts);
    this.utBad = new Uint8Array(uts);
    this.srcBest = new Float64Array(n);
    this.srcCount = new Uint32Array(n);
    // A text is in one index only (main or delta); one slot per index is plenty.
    this.touchedDocs = new Uint32Array(this.docCount * this.indexes.length);
    this.touchedUts = new Uint32Array(uts);
    this.badUts = new Uint32Array(uts);
    this.touchedSources = new Uint32Array(n);
  }

  get sourceCount(): number {
    return this.sourceIds.length;
  }

  private tag(sourceId: string, span: Span, bits: number): void {
    const si = this.sourceIndex.get(sourceId);
    if (si === undefined) return;
    const end = Math.max(span.end, span.start + 1);
    for (let u = this.srcFirstUnit[si]!; u < this.srcFirstUnit[si + 1]!; u++) {
      if (this.unitEnd[u]! > span.start && this.unitStart[u]! < end) this.unitFacets[u]! |= bits;
    }
  }

  private filterOf(parsed: ParsedQuery): FacetFilter {
    const filter: FacetFilter = { required: [], prohibited: 0, optional: [], sources: undefined };
    const optionalByField = new Map<FacetField, number>();
    const bitsOf = (field: FacetField, values: string[]): number => {
      let m = 0;
      for (const v of values) m |= field === 'kind' ? KIND_BIT[v as SearchKind] : field === 'type' ? typeBit(v as ClaimType) : ruleBit(v as RuleId);
      return m;
    };
    const src = parsed.facets.filter((f) => f.field === 'source');
    if (src.length > 0) {
      const allowed = new Uint8Array(this.sourceCount).fill(1);
      const sets = src.map((f) => new Set(f.values.map((v) => this.sourceIndex.get(v)!)));
      const optional = sets.filter((_, i) => src[i]!.presence === PRESENCE.optional);
      for (let s = 0; s < allowed.length; s++) {
        src.forEach((f, i) => {
          if (f.presence === PRESENCE.required && !sets[i]!.has(s)) allowed[s] = 0;
          if (f.presence === PRESENCE.prohibited && sets[i]!.has(s)) allowed[s] = 0;
        });
        if (optional.length > 0 && !optional.some((set) => set.has(s))) allowed[s] = 0;
      }
      filter.sources = allowed;
    }
    for (const f of parsed.facets) {
      if (f.field === 'source') continue;
      const bits = bitsOf(f.field, f.values);
      if (f.presence === PRESENCE.required) filter.required.push(bits);
      else if (f.presence === PRESENCE.prohibited) filter.prohibited |= bits;
      else optionalByField.set(f.field, (optionalByField.get(f.field) ?? 0) | bits);
    }
    filter.optional = [...optionalByField.values()];
    return filter;
  }

  private passes(filter: FacetFilter, u: number): boolean {
    const f = this.unitFacets[u]!;
    if (filter.sources && !filter.sources[this.unitSource[u]!]) return false;
    if (f & filter.prohibited) return false;
    for (const m of filter.required) if (!(f & m)) return false;
    for (const m of filter.optional) if (!(f & m)) return false;
    return true;
  }

  /** Every indexed term a clause stands for, in any of the indexes (lunr's own expansion). */
  private expand(c: Clause): Set<string> {
    const out = new Set<string>();
    for (const index of this.indexes) {
      const { pipeline, tokenSet } = index as unknown as IndexInternals;
      const terms = c.usePipeline === false ? [c.term] : (pipeline.runString as (s: string, m: object) => string[])(c.term, { fields: ['text'] });
      for (const term of terms) {
        const set = (lunr.TokenSet as unknown as TokenSetStatic).fromClause({ ...c, term, wildcard: c.wildcard ?? 0, editDistance: c.editDistance ?? 0 });
        for (const t of tokenSet.intersect(set).toArray()) out.add(t);
      }
    }
    return out;
  }

  /** Run clauses (as optional ones) on every index; calls back per matching text id. */
  private run(clauses: readonly Clause[], each: (doc: number, r: lunr.Index.Result) => void): void {
    if (clauses.length === 0) return;
    for (const index of this.indexes) {
      const results = index.query((query) => {
        for (const c of clauses) query.clause({ ...c, fields: ['text'], presence: PRESENCE.optional } as lunr.Query.Clause);
      });
      for (const r of results) each(parseInt(r.ref, 36), r);
    }
  }

  search(q: string, opts: SearchOptions = {}): SearchResults {
    const limit = Math.min(Math.max(Math.floor(opts.limit ?? 20), 1), 200);
    const offset = Math.max(Math.floor(opts.offset ?? 0), 0);
    const perSource = Math.min(Math.max(Math.floor(opts.hitsPerSource ?? 3), 0), 50);
    const empty: SearchResults = { query: q, total: 0, totalHits: 0, offset, limit, groups: [] };
    if (!q.trim()) return empty;
    const parsed = parseQuery(q, this.sourceIds);
    if (parsed.text.length === 0 && parsed.facets.length === 0) return empty;
    const filter = this.filterOf(parsed);
    const unfiltered = NO_FILTER(filter);
    const positive = parsed.text.filter((c) => c.presence !== PRESENCE.prohibited);
    const negative = parsed.text.filter((c) => c.presence === PRESENCE.prohibited);
    const required = positive.filter((c) => c.presence === PRESENCE.required).slice(0, 31);
    const allRequired = required.length === 0 ? 0 : (2 ** required.length - 1) >>> 0;
    const termBits = new Map<string, number>();
    for (let i = 0; i < required.length; i++) {
      const terms = this.expand(required[i]!);
      // A required clause no text contains: nothing can match (as in lunr).
      if (terms.size === 0) return empty;
      for (const t of terms) termBits.set(t, (termBits.get(t) ?? 0) | (1 << i));
    }

    const { docScore, docBits, docMatch, docFirstUt, docUts, utScore, utBits, utState, utBad, utFirstUnit, utUnits, unitSource, srcBest, srcCount } = this;
    const { touchedDocs, touchedUts, badUts, touchedSources } = this;
    let docs = 0;
    let uts = 0;
    let bad = 0;
    let sources = 0;
    let totalHits = 0;
    try {
      this.run(positive, (d, r) => {
        docScore[d] = r.score;
        docMatch[d] = r.matchData;
        if (required.length > 0) {
          let bits = 0;
          for (const term of Object.keys(r.matchData.metadata)) bits |= termBits.get(term) ?? 0;
          docBits[d] = bits;
        }
        touchedDocs[docs++] = d;
      });
      this.run(negative, (d) => {
        for (let k = docFirstUt[d]!; k < docFirstUt[d + 1]!; k++) {
          const t = docUts[k]!;
          if (!utBad[t]) { utBad[t] = 1; badUts[bad++] = t; }
        }
      });
      if (positive.length > 0) {
        for (let i = 0; i < docs; i++) {
          const d = touchedDocs[i]!;
          const score = docScore[d]!;
          const bits = docBits[d]!;
          for (let k = docFirstUt[d]!; k < docFirstUt[d + 1]!; k++) {
            const t = docUts[k]!;
            if (!utState[t]) { utState[t] = 1; touchedUts[uts++] = t; }
            utScore[t]! += score;
            utBits[t]! |= bits;
          }
        }
      } else {
        // Only exclusions or filters: every unit is a candidate.
        for (let t = 0; t < this.unitTextCount; t++) { utState[t] = 1; touchedUts[uts++] = t; }
      }
      for (let i = 0; i < uts; i++) {
        const t = touchedUts[i]!;
        if ((required.length > 0 && utBits[t] !== allRequired) || utBad[t]) { utState[t] = 2; continue; }
        const score = utScore[t]!;
        for (let k = utFirstUnit[t]!; k < utFirstUnit[t + 1]!; k++) {
          const u = utUnits[k]!;
          if (!unfiltered && !this.passes(filter, u)) continue;
          const s = unitSource[u]!;
          if (srcCount[s] === 0) touchedSources[sources++] = s;
          srcCount[s]!++;
          if (score > srcBest[s]!) srcBest[s] = score;
          totalHits++;
        }
      }
      const highlights = new Map<number, Span[]>();
      const groups = this.top(touchedSources.subarray(0, sources), offset + limit).slice(offset).map((s) => this.group(s, perSource, unfiltered ? undefined : filter, highlights));
      return { query: q, total: sources, totalHits, offset, limit, groups };
    } finally {
      for (let i = 0; i < docs; i++) { const d = touchedDocs[i]!; docScore[d] = 0; docBits[d] = 0; docMatch[d] = undefined; }
      for (let i = 0; i < uts; i++) { const t = touchedUts[i]!; utScore[t] = 0; utBits[t] = 0; utState[t] = 0; }
      for (let i = 0; i < bad; i++) utBad[badUts[i]!] = 0;
      for (let i = 0; i < sources; i++) { const s = touchedSources[i]!; srcBest[s] = 0; srcCount[s] = 0; }
    }
  }

  /**
   * The best `k` sources, best first (ties: more matching units, then corpus
   * order), without sorting them all: a page is 20 of maybe thousands.
   */
  private top(sources: Uint32Array, k: number): number[] {
    const better = (a: number, b: number): boolean =>
      this.srcBest[a]! > this.srcBest[b]! || (this.srcBest[a] === this.srcBest[b] && (this.srcCount[a]! > this.srcCount[b]! || (this.srcCount[a] === this.srcCount[b] && a < b)));
    const out: number[] = [];
    for (const s of sources) {
      if (out.length === k && !better(s, out[k - 1]!)) continue;
      let i = out.length === k ? k - 1 : out.length;
      while (i > 0 && better(s, out[i - 1]!)) { out[i] = out[i - 1]!; i--; }
      out[i] = s;
    }
    return out;
  }

  /** A shown source: its matching units (unit text a holding candidate, unit passing the filter), best first. */
  private group(s: number, perSource: number, filter: FacetFilter | undefined, highlights: Map<number, Span[]>): SearchGroup {
    const matching: number[] = [];
    for (let u = this.srcFirstUnit[s]!; u < this.srcFirstUnit[s + 1]!; u++) {
      if (this.utState[this.unitText[u]!] === 1 && (!filter || this.passes(filter, u))) matching.push(u);
    }
    const score = (u: number): number => this.utScore[this.unitText[u]!]!;
    matching.sort((a, b) => score(b) - score(a) || a - b);
    const hits = matching.slice(0, perSource).map((u) => this.hit(u, highlights));
    return { sourceId: this.sourceIds[s]!, title: this.titles[s]!, score: this.srcBest[s]!, hitCount: this.srcCount[s]!, hits };
  }

  /** Highlight positions of a matched text (relative to it), worked out once per query. */
  private highlightsOf(d: number, cache: Map<number, Span[]>): Span[] {
    let spans = cache.get(d);
    if (spans === undefined) {
      const match = this.docMatch[d];
      spans = [];
      if (match) {
        const terms = new Set<string>();
        for (const [term, fields] of Object.entries(match.metadata)) if ((fields as Record<string, unknown>).text) terms.add(term);
        spans = termPositions(this.texts[d]!, terms);
      }
      cache.set(d, spans);
    }
    return spans;
  }

  private hit(u: number, cache: Map<number, Span[]>): SearchHit {
    let text = '';
    const highlights: Span[] = [];
    let offset = this.unitStart[u]!;
    for (let p = this.unitFirstPassage[u]!; p < this.unitFirstPassage[u + 1]!; p++) {
      const d = this.passDoc[p]!;
      const passage = this.texts[d]!;
      for (const h of this.highlightsOf(d, cache)) highlights.push({ start: offset + h.start, end: offset + h.end });
      text += passage;
      offset += passage.length;
    }
    const s = this.unitSource[u]!;
    return {
      sourceId: this.sourceIds[s]!,
      paragraphId: this.paragraphIds[s]![this.unitPara[u]!] ?? '',
      start: this.unitStart[u]!,
      end: this.unitEnd[u]!,
      text,
      score: this.utScore[this.unitText[u]!]!,
      highlights,
      ...describeFacets(this.unitFacets[u]!),
    };
  }
}

/** Everything at once, in memory: documents for every source, one full build, an engine. */
export function buildSearchEngine(analyses: readonly SourceAnalysis[], extras: SearchExtras = {}): LunrSearchEngine {
  const { data } = buildSearchData(analyses.map((a) => ({ id: a.source.id, key: a.source.hash, docs: sourceDocs(a) })));
  return new LunrSearchEngine(data, extras);
}

// ---------------------------------------------------------------------------
// Snippets.

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * A hit's text cut to about `max` characters around its first highlight, as
 * parts to render (marked parts are matched words). `start` is the text's
 * offset in the source, highlights are absolute.
 */
export function snippetParts(text: string, start: number, highlights: readonly Span[], max = 280): SnippetPart[] {
  let from = 0;
  let to = text.length;
  if (text.length > max) {
    const first = highlights[0] ? highlights[0].start - start : 0;
    from = Math.max(0, Math.min(first - Math.floor(max / 3), text.length - max));
    to = Math.min(text.length, from + max);
    // Cut at spaces so words stay whole.
    if (from > 0) { const sp = text.indexOf(' ', from); if (sp !== -1 && sp < first) from = sp + 1; }
    if (to < text.length) { const sp = text.lastIndexOf(' ', to); if (sp > from) to = sp; }
  }
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', mark: false });
  let cursor = from;
  for (const h of highlights) {
    const a = Math.max(h.start - start, cursor);
    const b = Math.min(h.end - start, to);
    if (b <= a) continue;
    if (a > cursor) parts.push({ text: text.slice(cursor, a), mark: false });
    parts.push({ text: text.slice(a, b), mark: true });
    cursor = b;
  }
  if (cursor < to) parts.push({ text: text.slice(cursor, to), mark: false });
  if (to < text.length) parts.push({ text: ' …', mark: false });
  return parts;
}
