/**
 * Review commands: `cite` (a human citation and permalink for one claim) and
 * `export` (W3C Web Annotation, schema.org ClaimReview or CSV), plus the part
 * of `check` that knows about reviews (resolved flags, orphaned reviews).
 * Files are read here; the builders in src/core/export.ts are pure.
 */
import { resolve } from 'node:path';
import type { VFile } from 'vfile';
import { DEFAULT_BASE, formatCitation, toClaimReview, toCsv, toW3C, type ExportEntry, type ExportSource } from '../core/export.js';
import { contentHash } from '../core/hash.js';
import type { Analysis, Source } from '../core/types.js';
import { loadAnnotations } from '../store/annotations.js';
import { UserError } from '../store/errors.js';
import { stableStringify, writeFileAtomic } from '../store/json.js';
import { ReviewStore } from '../store/reviews.js';
import { readSourceDir } from '../store/sources.js';
import { DEFAULTS, parse, type Command } from './main.js';

const FORMATS = ['w3c', 'claimreview', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** Sources with their texts, analyses and reviews, checked to belong together. */
function exportSources(annotationsDir: string, sourcesDir: string): ExportSource[] {
  const { analysis } = loadAnnotations(annotationsDir);
  const texts = new Map(readSourceDir(sourcesDir).map((s) => [s.id, s]));
  const store = new ReviewStore(annotationsDir);
  return analysis.sources.map((a) => {
    const input = texts.get(a.source.id);
    if (!input) throw new UserError(a.source.path, `is in ${annotationsDir} but not in ${sourcesDir}; run \`claimtrace build\``);
    // Offsets are only meaningful against the exact text they were computed from.
    if (contentHash(input.text) !== a.source.hash) throw new UserError(input.path, 'changed since the last build; run `claimtrace build` first');
    return { source: a.source, text: input.text, paragraphs: a.paragraphs, claims: a.claims, review: store.read(a.source.id) };
  });
}

export const exportCommand: Command = {
  summary: 'export claims and reviews (W3C annotations, ClaimReview, CSV); --base url for links',
  usage: 'claimtrace export --format w3c|claimreview|csv [--out file]',
  run: ({ args, stdout }) => {
    const { values } = parse(
      args,
      { format: { type: 'string' }, out: { type: 'string' }, base: { type: 'string' }, sources: { type: 'string' }, annotations: { type: 'string' } },
      false,
    );
    const format = values.format as Format | undefined;
    if (!format || !FORMATS.includes(format)) throw new UserError('--format', `expected one of ${FORMATS.join(', ')}`);
    const base = checkBase(values.base);
    const sources = exportSources(resolve(values.annotations ?? DEFAULTS.annotations), values.sources ?? DEFAULTS.sources);
    const opts = { base };
    let data: string;
    let count: number;
    if (format === 'w3c') {
      const c = toW3C(sources, opts);
      [data, count] = [stableStringify(c), c.total];
    } else if (format === 'claimreview') {
      const c = toClaimReview(sources, opts);
      [data, count] = [stableStringify(c), c['@graph'].length];
    } else {
      data = toCsv(sources, opts);
      count = data.split('\r\n').length - 2;
    }
    if (values.out) {
      writeFileAtomic(values.out, data);
      stdout(`wrote ${count} ${format === 'claimreview' ? 'claim reviews' : format === 'w3c' ? 'annotations' : 'rows'} to ${values.out}\n`);
    } else stdout(data);
    return 0;
  },
};

function checkBase(base: string | undefined): string {
  if (base === undefined) return DEFAULT_BASE;
  try {
    const u = new URL(base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UserError('--base', `expected an http(s) URL, got "${base}"`);
  }
  return base;
}

/** A claim by id: a detector claim from annotations/, or a manual one known only to the review store. */
function findEntry(analysis: Analysis, store: ReviewStore, id: string): { entry: ExportEntry; source: Source } | undefined {
  for (const a of analysis.sources) {
    const claim = a.claims.find((c) => c.id === id);
    if (!claim) continue;
    const review = store.read(a.source.id).claims.find((r) => r.claimId === id);
    return {
      source: a.source,
      entry: { id, sourceId: a.source.id, quote: claim.quote, position: claim.position, paragraphId: claim.paragraphId, sentenceId: claim.sentenceId, claim, review, orphaned: false },
    };
  }
  const stored = store.findClaimReview(id);
  const a = stored && analysis.sources.find((s) => s.source.id === stored.sourceId);
  if (!stored || !a) return undefined;
  // The text is not needed for a citation: the review's own selectors say where it is (or that it is lost).
  const r = stored.review;
  const orphaned = r.anchor === 'orphaned';
  const paragraphId = orphaned ? undefined : a.paragraphs.find((p) => r.position.start >= p.start && r.position.start < p.end)?.id;
  const entry: ExportEntry = { id, sourceId: a.source.id, quote: r.quote, position: r.position, paragraphId, review: r, orphaned };
  return { entry, source: a.source };
}

export const citeCommand: Command = {
  summary: 'print a citation and permalink for one claim',
  usage: 'claimtrace cite <claim-id> [--base url]',
  run: ({ args, stdout }) => {
    const { values, positionals } = parse(args, { base: { type: 'string' }, annotations: { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('cite', 'give exactly one claim id (see `claimtrace analyze --json` or the viewer)');
    const id = positionals[0]!;
    const base = checkBase(values.base);
    const dir = resolve(values.annotations ?? DEFAULTS.annotations);
    const { analysis } = loadAnnotations(dir);
    const found = findEntry(analysis, new ReviewStore(dir), id);
    if (!found) throw new UserError(id, 'no claim with this id in the annotations; run `claimtrace build` if the sources changed');
    stdout(formatCitation(found.entry, found.source, { base }));
    return 0;
  },
};

/**
 * For `check`: drop the messages of flags an editor has confirmed or
 * dismissed (only unresolved flags fail the check) and list reviews that lost
 * their text. Reviews are read from annotationsDir; a corpus nobody reviewed
 * has no reviews directory, and then nothing changes.
 */
export function applyReviews(annotationsDir: string, analysis: Analysis, files: VFile[]): { unresolved: number; resolved: number; lines: string[] } {
  const store = new ReviewStore(annotationsDir);
  const ids = new Set(analysis.sources.map((a) => a.source.id));
  const resolvedIds = new Set<string>();
  const lines: string[] = [];
  for (const sourceId of store.list()) {
    const review = store.read(sourceId);
    for (const f of review.flags) resolvedIds.add(f.flagId);
    if (!ids.has(sourceId)) continue;
    const orphans = review.claims.filter((c) => c.anchor === 'orphaned');
    for (const o of orphans) {
      const quote = o.quote.exact.length > 80 ? `${o.quote.exact.slice(0, 79)}…` : o.quote.exact;
      lines.push(`${sourceId}: orphaned review ${o.claimId} (${o.verdict}): “${quote}” — re-attach it in the viewer\n`);
    }
  }
  const flags = [...analysis.sources.flatMap((a) => a.flags), ...analysis.crossFlags];
  const resolved = flags.filter((f) => resolvedIds.has(f.id)).length;
  for (const file of files) {
    // Flags are reported with url `#<flag id>` (src/core/flags.ts).
    file.messages = file.messages.filter((m) => !(m.url && resolvedIds.has(m.url.replace(/^#/, ''))));
  }
  if (resolved > 0) lines.push(`${resolved} flag${resolved === 1 ? '' : 's'} resolved by review\n`);
  return { unresolved: flags.length - resolved, resolved, lines };
}
