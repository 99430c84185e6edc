/**
 * Exports of claims and their reviews, as pure builders (the CLI reads the
 * files and writes the result):
 *
 *  - W3C Web Annotation JSON-LD: one annotation per claim, targeting the
 *    source with a TextQuoteSelector and a TextPositionSelector. W3C counts
 *    positions in code points of the document as a consumer decodes it (a
 *    UTF-8 decoder drops a leading BOM), so offsets are converted here.
 *  - schema.org ClaimReview JSON-LD for every reviewed claim, the markup
 *    search engines and fact-check aggregators read.
 *  - CSV for spreadsheets.
 *
 * Pure: no I/O.
 */
import { anchor, offsetConverter } from './anchoring.js';
import type { Claim, ClaimReview, Paragraph, Review, Source, TextPositionSelector, TextQuoteSelector, Verdict } from './types.js';

/** Labels and schema.org ratings: 5 = true … 1 = false; no number where the scale does not apply. */
export const VERDICT_RATINGS: Record<Verdict, { label: string; rating?: number }> = {
  unreviewed: { label: 'Not reviewed' },
  true: { label: 'True', rating: 5 },
  'mostly-true': { label: 'Mostly true', rating: 4 },
  misleading: { label: 'Misleading', rating: 3 },
  'mostly-false': { label: 'Mostly false', rating: 2 },
  false: { label: 'False', rating: 1 },
  unverifiable: { label: 'Unverifiable' },
};

export const DEFAULT_BASE = 'http://127.0.0.1:4173';

export interface ExportSource {
  source: Source;
  /** The text the analysis was made from (same hash). */
  text: string;
  paragraphs: readonly Paragraph[];
  claims: readonly Claim[];
  review?: Review | undefined;
}

export interface ExportOptions {
  /** Base URL of the viewer, for permalinks and sources without a URL of their own. */
  base?: string;
}

/** One claim as exported: a detector claim, an editor's manual claim, or a review whose claim id is gone. */
export interface ExportEntry {
  id: string;
  sourceId: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  paragraphId?: string | undefined;
  sentenceId?: string | undefined;
  claim?: Claim | undefined;
  review?: ClaimReview | undefined;
  /** True when the review's text could not be found: there is no valid position. */
  orphaned: boolean;
}

const trimBase = (base: string | undefined): string => (base ?? DEFAULT_BASE).replace(/\/+$/, '');

export const permalink = (claimId: string, base?: string): string => `${trimBase(base)}/claims/${encodeURIComponent(claimId)}`;

export const sourceUrl = (source: Source, base?: string): string => source.meta.url ?? `${trimBase(base)}/sources/${encodeURIComponent(source.id)}`;

function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  return paragraphs.find((p) => offset >= p.start && offset < p.end);
}

/**
 * Every claim of a source with its review, in text order. Reviews whose claim
 * id is no longer produced are included on their own selectors; if those do
 * not resolve in this text (it changed after the last re-anchoring), they are
 * anchored again here and reported orphaned when that fails, so an exported
 * selector always points at its quote.
 */
export function entriesOf(src: ExportSource): ExportEntry[] {
  const reviews = new Map((src.review?.claims ?? []).map((r) => [r.claimId, r]));
  const out: ExportEntry[] = src.claims.map((claim) => ({
    id: claim.id,
    sourceId: src.source.id,
    quote: claim.quote,
    position: claim.position,
    paragraphId: claim.paragraphId,
    sentenceId: claim.sentenceId,
    claim,
    review: reviews.get(claim.id),
    orphaned: false,
  }));
  const detected = new Set(src.claims.map((c) => c.id));
  for (const review of src.review?.claims ?? []) {
    if (detected.has(review.claimId)) continue;
    let { quote, position } = review;
    let orphaned = review.anchor === 'orphaned';
    if (!orphaned && src.text.slice(position.start, position.end) !== quote.exact) {
      const found = anchor(src.text, { quote, position });
      if (found.start === undefined || found.end === undefined) orphaned = true;
      else {
        position = { type: 'TextPositionSelector', start: found.start, end: found.end };
        quote = { ...quote, exact: src.text.slice(found.start, found.end) };
      }
    }
    out.push({
      id: review.claimId,
      sourceId: src.source.id,
      quote,
      position,
      paragraphId: orphaned ? undefined : paragraphAt(src.paragraphs, position.start)?.id,
      review,
      orphaned,
    });
  }
  return out.sort((a, b) => Number(a.orphaned) - Number(b.orphaned) || a.position.start - b.position.start || a.id.localeCompare(b.id));
}

const reviewed = (r: ClaimReview | undefined): r is ClaimReview => !!r && r.verdict !== 'unreviewed';

// ---------------------------------------------------------------- W3C Web Annotation

export interface W3CAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'assessing' | 'highlighting';
  created?: string;
  modified?: string;
  creator?: { type: 'Person'; name: string };
  body: Record<string, unknown>[];
  target: {
    source: string;
    selector: [TextQuoteSelector, TextPositionSelector];
  };
}

export interface W3CCollection {
  '@context': 'http://www.w3.org/ns/anno.jsonld';
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generator: { id: string; type: 'Software'; name: string };
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

const dropBom = (s: string, atStart: boolean | 0 | 1): string => (atStart ? s.replace(/^\uFEFF/, '') : s);

function w3cAnnotation(entry: ExportEntry, src: ExportSource, convert: ReturnType<typeof offsetConverter>, bom: number, base?: string): W3CAnnotation {
  const r = entry.review;
  const body: Record<string, unknown>[] = [];
  if (reviewed(r)) body.push({ type: 'TextualBody', purpose: 'assessing', value: VERDICT_RATINGS[r.verdict].label, format: 'text/plain' });
  if (entry.claim) body.push({ type: 'TextualBody', purpose: 'tagging', value: entry.claim.type });
  if (r?.notes) body.push({ type: 'TextualBody', purpose: 'commenting', value: r.notes, format: 'text/plain' });
  for (const e of r?.evidence ?? []) {
    const evidence: Record<string, unknown> = { type: 'SpecificResource', purpose: 'linking', source: e.title ? { id: e.url, name: e.title } : e.url };
    if (e.quote) evidence.selector = { type: 'TextQuoteSelector', exact: e.quote };
    body.push(evidence);
  }
  const annotation: W3CAnnotation = {
    id: permalink(entry.id, base),
    type: 'Annotation',
    motivation: reviewed(r) ? 'assessing' : 'highlighting',
    body,
    target: {
      source: sourceUrl(src.source, base),
      selector: [
        // The BOM is not part of the decoded document: it never appears in a selector.
        { type: 'TextQuoteSelector', exact: dropBom(entry.quote.exact, bom && entry.position.start === 0), prefix: dropBom(entry.quote.prefix, bom && entry.position.start - entry.quote.prefix.length === 0), suffix: entry.quote.suffix },
        {
          type: 'TextPositionSelector',
          start: Math.max(0, convert.toCodePoints(entry.position.start) - bom),
          end: Math.max(0, convert.toCodePoints(entry.position.end) - bom),
        },
      ],
    },
  };
  if (r) {
    annotation.created = r.createdAt;
    annotation.modified = r.updatedAt;
    if (r.reviewer) annotation.creator = { type: 'Person', name: r.reviewer };
  }
  return annotation;
}

/** W3C Web Annotation collection: one annotation per claim that has a place in its text (orphans have none). */
export function toW3C(sources: readonly ExportSource[], opts: ExportOptions = {}): W3CCollection {
  const items: W3CAnnotation[] = [];
  for (const src of sources) {
    const convert = offsetConverter(src.text);
    const bom = src.text.startsWith('\uFEFF') ? 1 : 0;
    for (const entry of entriesOf(src)) if (!entry.orphaned) items.push(w3cAnnotation(entry, src, convert, bom, opts.base));
  }
  const base = trimBase(opts.base);
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `${base}/export/w3c`,
    type: 'AnnotationCollection',
    label: 'claimtrace claims and reviews',
    total: items.length,
    generator: { id: `${base}/`, type: 'Software', name: 'claimtrace' },
    first: { id: `${base}/export/w3c#page1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

// ---------------------------------------------------------------- schema.org ClaimReview

export function claimReviewOf(entry: ExportEntry & { review: ClaimReview }, source: Source, base?: string): Record<string, unknown> {
  const r = entry.review;
  const { label, rating } = VERDICT_RATINGS[r.verdict];
  const reviewRating: Record<string, unknown> = { '@type': 'Rating', alternateName: label };
  if (rating !== undefined) Object.assign(reviewRating, { ratingValue: rating, bestRating: 5, worstRating: 1 });
  const appearance: Record<string, unknown> = { '@type': 'CreativeWork', url: sourceUrl(source, base) };
  if (source.meta.title) appearance.headline = source.meta.title;
  if (source.meta.author) appearance.author = { '@type': 'Person', name: source.meta.author };
  if (source.meta.publisher) appearance.publisher = { '@type': 'Organization', name: source.meta.publisher };
  if (source.meta.date) appearance.datePublished = source.meta.date;
  const itemReviewed: Record<string, unknown> = { '@type': 'Claim', appearance };
  if (source.meta.author) itemReviewed.author = { '@type': 'Person', name: source.meta.author };
  else if (source.meta.publisher) itemReviewed.author = { '@type': 'Organization', name: source.meta.publisher };
  if (source.meta.date) itemReviewed.datePublished = source.meta.date;
  const out: Record<string, unknown> = {
    '@type': 'ClaimReview',
    url: permalink(entry.id, base),
    claimReviewed: entry.quote.exact,
    itemReviewed,
    reviewRating,
    author: r.reviewer ? { '@type': 'Person', name: r.reviewer } : { '@type': 'Organization', name: 'claimtrace' },
    datePublished: r.updatedAt.slice(0, 10),
  };
  if (r.notes) out.reviewBody = r.notes;
  if (r.evidence.length > 0) out.citation = r.evidence.map((e) => ({ '@type': 'CreativeWork', url: e.url, ...(e.title ? { name: e.title } : {}) }));
  return out;
}

/** schema.org ClaimReview JSON-LD for every claim with a verdict (unreviewed claims say nothing yet). */
export function toClaimReview(sources: readonly ExportSource[], opts: ExportOptions = {}): { '@context': 'https://schema.org'; '@graph': Record<string, unknown>[] } {
  const graph: Record<string, unknown>[] = [];
  for (const src of sources) {
    for (const entry of entriesOf(src)) {
      if (!reviewed(entry.review) || entry.orphaned) continue;
      graph.push(claimReviewOf({ ...entry, review: entry.review }, src.source, opts.base));
    }
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = [
  'source_id', 'source_title', 'publisher', 'claim_id', 'paragraph', 'start', 'end', 'quote', 'manual', 'anchor',
  'verdict', 'rating', 'reviewer', 'notes', 'evidence_urls', 'updated_at', 'permalink',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, line break or
 * edge spaces. Text that a spreadsheet would run as a formula (= + - @, tab,
 * CR first) is prefixed with an apostrophe, the usual guard against formula
 * injection from quoted article text.
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every claim (reviewed or not, orphans last), UTF-8 with a BOM and CRLF so spreadsheets open it as UTF-8. */
export function toCsv(sources: readonly ExportSource[], opts: ExportOptions = {}): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const src of sources) {
    for (const e of entriesOf(src)) {
      const r = e.review;
      const verdict = r?.verdict ?? 'unreviewed';
      const cells: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | undefined> = {
        source_id: src.source.id,
        source_title: src.source.meta.title,
        publisher: src.source.meta.publisher,
        claim_id: e.id,
        paragraph: e.paragraphId,
        start: e.orphaned ? undefined : e.position.start,
        end: e.orphaned ? undefined : e.position.end,
        quote: e.quote.exact,
        manual: r?.manual ?? false,
        anchor: e.orphaned ? 'orphaned' : (r?.anchor ?? 'anchored'),
        verdict,
        rating: VERDICT_RATINGS[verdict].label,
        reviewer: r?.reviewer,
        notes: r?.notes,
        evidence_urls: r?.evidence.map((x) => x.url).join(' '),
        updated_at: r?.updatedAt,
        permalink: permalink(e.id, opts.base),
      };
      rows.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
    }
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- citation

/** A human citation: the quote, then author, title, publisher, date and paragraph address, then the permalink. */
export function formatCitation(entry: ExportEntry, source: Source, opts: ExportOptions = {}): string {
  const m = source.meta;
  const parts: string[] = [];
  if (m.author) parts.push(m.author);
  parts.push(m.title ? `“${m.title}”` : source.path);
  if (m.publisher) parts.push(m.publisher);
  if (m.date) parts.push(m.date);
  if (entry.paragraphId) {
    const n = entry.paragraphId.replace(/^p/, '');
    parts.push(`paragraph ${n}${entry.sentenceId ? ` (${entry.sentenceId})` : ''}`);
  }
  const verdict = entry.review && entry.review.verdict !== 'unreviewed' ? `\nVerdict: ${VERDICT_RATINGS[entry.review.verdict].label}${entry.review.reviewer ? ` (${entry.review.reviewer})` : ''}` : '';
  const orphan = entry.orphaned ? '\n(This review lost its text: the quote is no longer in the source.)' : '';
  return `“${entry.quote.exact}”\n— ${parts.join(', ')}${verdict}${orphan}\n${permalink(entry.id, opts.base)}\n`;
}
