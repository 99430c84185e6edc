/**
 * The shared vocabulary of claimtrace. Every layer (core, store, CLI, server)
 * speaks in these types; JSON on disk is validated against zod schemas that
 * mirror them (src/store/schema.ts).
 *
 * Offsets are UTF-16 code unit offsets into the source text exactly as
 * `fs.readFileSync(path, 'utf8')` returns it (BOM included), so that
 * `text.slice(start, end)` is the quoted text.
 */

/** A half-open range [start, end) of UTF-16 offsets into a source text. */
export interface Span {
  start: number;
  end: number;
}

/** A span together with the exact text it covers. */
export interface Quoted extends Span {
  text: string;
}

export type SourceFormat = 'txt' | 'md';

/** A source's format from its file name: Markdown by extension, anything else plain text. */
export function formatOf(path: string): SourceFormat {
  return /\.(md|markdown)$/i.test(path) ? 'md' : 'txt';
}

/** What the text (or the manifest) says about where an article comes from. */
export interface SourceMeta {
  title?: string;
  publisher?: string;
  author?: string;
  /** ISO 8601 date (YYYY-MM-DD or YYYY) when known. */
  date?: string;
  url?: string;
}

export interface Source {
  /** File name without extension, e.g. `000_b014f06968f22ee5`. Stable, URL-safe. */
  id: string;
  /** Path relative to the sources directory (or as given on the command line). */
  path: string;
  format: SourceFormat;
  /** contentHash (two 53-bit hashes, hex) of the text; the cache key for incremental builds. */
  hash: string;
  /** Length of the text in UTF-16 code units. */
  length: number;
  meta: SourceMeta;
}

export type BlockKind = 'paragraph' | 'heading' | 'blockquote' | 'list' | 'code' | 'table' | 'html' | 'other';

/** A line inside a paragraph (separated by a soft line break). */
export interface Line extends Quoted {
  /** `p7.l2`: second line of the seventh paragraph (both 1-based). */
  id: string;
  /** Short content hash of the whitespace-normalised text: finds the line again after edits. */
  fingerprint: string;
}

/** A block of the source with a citable address. */
export interface Paragraph extends Quoted {
  /** `p7`: the seventh paragraph (1-based, in document order). */
  id: string;
  index: number;
  kind: BlockKind;
  fingerprint: string;
  lines: Line[];
}

export interface Sentence extends Quoted {
  /** `p7.s2`. */
  id: string;
  paragraphId: string;
}

export type QuantityKind = 'count' | 'number' | 'money' | 'percent' | 'ordinal' | 'year';

export interface Quantity extends Quoted {
  kind: QuantityKind;
  /** Normalised value: "nine" → 9, "$13.9 billion" → 13.9e9, "32%" → 0.32. */
  value: number;
  /** ISO 4217 code for money (`USD`), or the counted noun for counts ("elections"). */
  unit?: string;
  /** "about", "under", "more than" … make a value approximate or a bound. */
  approx?: 'about' | 'at-least' | 'at-most' | 'more-than' | 'less-than';
}

export interface DateMention extends Quoted {
  /** ISO 8601, as precise as the text: `2023-03-19`, `2023-03`, `2023`. */
  value: string;
  /** True when the value came from a relative phrase ("last year") resolved against the article date or another date in the text. */
  relative?: boolean;
}

export type EntityKind = 'person' | 'organization' | 'place' | 'other';

export interface Entity extends Quoted {
  kind: EntityKind;
}

export type ClaimType = 'statistic' | 'date-event' | 'comparison' | 'membership' | 'attribution' | 'other';

/** W3C Web Annotation selectors (offsets here are UTF-16; exports convert to code points). */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface Claim extends Quoted {
  /** Stable: derived from source id, paragraph fingerprint and the claim text. */
  id: string;
  sourceId: string;
  paragraphId: string;
  /** The line inside the paragraph, when the paragraph has several. */
  lineId?: string;
  sentenceId: string;
  type: ClaimType;
  /** Check-worthiness in [0, 1]. */
  score: number;
  /** Why the score is what it is, most important first. */
  reasons: string[];
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  quantities: Quantity[];
  dates: DateMention[];
  entities: Entity[];
}

export interface Caption extends Quoted {
  id: string;
  sourceId: string;
  paragraphId: string;
  lineId?: string;
  /** Why this line was taken to be a caption. */
  reasons: string[];
}

export type RuleId =
  | 'duplicate-caption'
  | 'fused-caption'
  | 'inconsistent-count'
  | 'inconsistent-number'
  | 'inconsistent-date'
  | 'inconsistent-ranking'
  | 'inconsistent-arithmetic'
  | 'inconsistent-role';

export const RULES: readonly RuleId[] = [
  'duplicate-caption',
  'fused-caption',
  'inconsistent-count',
  'inconsistent-number',
  'inconsistent-date',
  'inconsistent-ranking',
  'inconsistent-arithmetic',
  'inconsistent-role',
];

export interface FlagSpan extends Quoted {
  sourceId: string;
}

export interface Flag {
  /** Stable: rule + spans. */
  id: string;
  rule: RuleId;
  /** One plain sentence. */
  message: string;
  /** Every span involved, the primary one first. */
  spans: FlagSpan[];
  /** Where a fix belongs (e.g. the offset where a fused caption should break). */
  fix?: { at: number; insert: string; sourceId: string };
}

/** Statements that agree: a comparison matching stated figures, a figure restated. */
export interface Corroboration {
  id: string;
  kind: 'restated' | 'comparison-matches' | 'arithmetic-matches';
  message: string;
  spans: FlagSpan[];
}

/**
 * A keyed figure for cross-source consistency: two facts with the same key
 * talk about the same measure, subject and period, so their values must agree.
 */
export interface Fact {
  key: string;
  sourceId: string;
  span: Quoted;
  /** The whole statement (usually the sentence) for messages. */
  context: Quoted;
  value: number | string;
  approx?: Quantity['approx'];
  kind: 'number' | 'date' | 'rank' | 'role';
}

/** Everything the core derives from one source: pure data, no I/O. */
export interface SourceAnalysis {
  source: Source;
  paragraphs: Paragraph[];
  sentences: Sentence[];
  claims: Claim[];
  captions: Caption[];
  /** Flags found inside this source alone. */
  flags: Flag[];
  corroborations: Corroboration[];
  /** Keyed figures for cross-source checks. */
  facts: Fact[];
}

/** The corpus view: per-source analyses plus cross-source flags. */
export interface Analysis {
  sources: SourceAnalysis[];
  /** Flags spanning two or more sources. */
  crossFlags: Flag[];
  crossCorroborations: Corroboration[];
}

export type Verdict = 'unreviewed' | 'true' | 'mostly-true' | 'misleading' | 'mostly-false' | 'false' | 'unverifiable';

export interface Evidence {
  url: string;
  title?: string;
  quote?: string;
  /** ISO date the evidence was accessed. */
  accessed?: string;
}

export interface HistoryEntry {
  at: string;
  by: string;
  /** Field → [before, after]. */
  changes: Record<string, [unknown, unknown]>;
}

export type AnchorStatus = 'anchored' | 'moved' | 'orphaned';

export interface ClaimReview {
  claimId: string;
  sourceId: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  anchor: AnchorStatus;
  verdict: Verdict;
  evidence: Evidence[];
  notes: string;
  reviewer: string;
  createdAt: string;
  updatedAt: string;
  /** True when an editor made the claim by selecting text rather than the detector. */
  manual?: boolean;
  history: HistoryEntry[];
}

export interface FlagReview {
  flagId: string;
  status: 'confirmed' | 'dismissed';
  reason: string;
  reviewer: string;
  updatedAt: string;
  history: HistoryEntry[];
}

/** Human review data for one source: kept apart from generated data and never overwritten by a build. */
export interface Review {
  sourceId: string;
  revision: number;
  claims: ClaimReview[];
  flags: FlagReview[];
}
