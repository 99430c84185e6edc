/**
 * annotations/ on disk: generated data, one JSON file per source plus a
 * corpus index. Human review data lives beside it (reviews/) and is never
 * written by a build.
 *
 *   annotations/index.json            corpus summary + cross-source flags
 *   annotations/sources/<id>.json     one SourceAnalysis per source
 *   annotations/reviews/<id>.json     human review data (see review store)
 *
 * build.ts writes it; this module reads it, and needs no detectors to.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { contentHash } from '../core/hash.js';
import type { SourceInput } from '../core/pipeline.js';
import type { Analysis, Corroboration, Fact, Flag, RuleId, SourceAnalysis, SourceMeta } from '../core/types.js';
import { UserError } from './errors.js';
import { stableStringify } from './json.js';
import type { StampedSource } from './sources.js';

/** Bump when the shape or the detectors change, so cached analyses are not reused across versions. */
export const FORMAT_VERSION = 1;

/** Set by scripts/bundle.ts in dist/, where src/core is not beside the code to be read. */
declare const __CLAIMTRACE_ENGINE__: string | undefined;

/**
 * A fingerprint of the detectors' own code and model (src/core). A content
 * hash alone would keep serving analyses made by older detectors after an
 * upgrade; with this in index.json, new detector code re-analyses everything
 * once, and unchanged code still reuses every cached analysis.
 */
export const ENGINE: string = typeof __CLAIMTRACE_ENGINE__ === 'string' ? __CLAIMTRACE_ENGINE__ : (() => {
  const dir = fileURLToPath(new URL('../core/', import.meta.url));
  const files = readdirSync(dir).filter((f) => /\.(ts|js|json)$/.test(f)).sort();
  return contentHash(files.map((f) => `${f}\0${readFileSync(join(dir, f), 'utf8')}`).join('\0'));
})();

export interface Counts {
  paragraphs: number;
  claims: number;
  captions: number;
  flags: number;
  corroborations: number;
  byRule: Partial<Record<RuleId, number>>;
}

export interface SourceSummary {
  id: string;
  path: string;
  hash: string;
  meta: SourceMeta;
  /** What lists name it by (core/titles.ts); absent in an index.json written before titles were recorded. */
  title?: string;
  /** This source's own findings. */
  own: Counts;
  /** Own findings plus the cross-source flags and corroborations that involve this source. */
  counts: Counts;
}

export interface CorpusIndex {
  version: number;
  /** ENGINE of the build that wrote it. */
  engine: string;
  sources: SourceSummary[];
  crossFlags: Flag[];
  crossCorroborations: Corroboration[];
}

const SpanSchema = z.object({ sourceId: z.string(), start: z.number().int(), end: z.number().int(), text: z.string() });
const CountsSchema = z.object({
  paragraphs: z.number(), claims: z.number(), captions: z.number(), flags: z.number(), corroborations: z.number(),
  byRule: z.record(z.string(), z.number()),
});
const IndexSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  engine: z.string(),
  sources: z.array(z.object({ id: z.string(), path: z.string(), hash: z.string(), meta: z.record(z.string(), z.string()), title: z.string().optional(), own: CountsSchema, counts: CountsSchema })),
  crossFlags: z.array(z.object({ id: z.string(), rule: z.string(), message: z.string(), spans: z.array(SpanSchema) }).passthrough()),
  crossCorroborations: z.array(z.object({ id: z.string(), spans: z.array(SpanSchema) }).passthrough()),
});
const FactsSchema = z.object({ version: z.literal(FORMAT_VERSION), facts: z.record(z.string(), z.array(z.unknown())) });
const SourceFileSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  analysis: z
    .object({
      source: z.object({ id: z.string(), hash: z.string(), path: z.string() }).passthrough(),
      paragraphs: z.array(z.unknown()),
      sentences: z.array(z.unknown()),
      claims: z.array(z.unknown()),
      captions: z.array(z.unknown()),
      flags: z.array(z.unknown()),
      corroborations: z.array(z.unknown()),
      facts: z.array(z.unknown()),
    })
    .passthrough(),
});

export const paths = (dir: string) => ({
  index: join(dir, 'index.json'),
  facts: join(dir, 'facts.json'),
  sourcesDir: join(dir, 'sources'),
  source: (id: string) => join(dir, 'sources', `${id}.json`),
  reviewsDir: join(dir, 'reviews'),
});

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(path, `is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The previous build's index and facts, if they exist and are valid; a bad cache is just a cold cache. */
export function previousBuild(dir: string, withFacts = true): { index: Map<string, SourceSummary>; facts: Record<string, Fact[]> } {
  const p = paths(dir);
  const empty = { index: new Map<string, SourceSummary>(), facts: {} };
  try {
    const index = loadIndex(dir);
    if (index.engine !== ENGINE) return empty;
    let facts: Record<string, Fact[]> = {};
    if (withFacts) {
      const parsed = FactsSchema.safeParse(JSON.parse(readFileSync(p.facts, 'utf8')));
      if (!parsed.success) return empty;
      facts = parsed.data.facts as Record<string, Fact[]>;
    }
    return { index: new Map(index.sources.map((s) => [s.id, s])), facts };
  } catch {
    return empty;
  }
}

export const sameMeta = (a: SourceMeta | undefined, b: SourceMeta | undefined): boolean => stableStringify(a ?? {}) === stableStringify(b ?? {});

/** Whether annotations exist and match these sources exactly (hash, path, metadata). */
export function isStale(dir: string, sources: readonly (SourceInput | StampedSource)[]): boolean {
  // Staleness is a question about index.json alone; facts.json (large) is read only by a build.
  const prev = previousBuild(dir, false);
  if (prev.index.size !== sources.length) return true;
  return sources.some((input) => {
    const s = prev.index.get(input.id);
    const hash = 'hash' in input ? input.hash : contentHash(input.text);
    return !s || s.path !== input.path || s.hash !== hash || !sameMeta(s.meta, input.meta) || !existsSync(paths(dir).source(input.id));
  });
}

/** The corpus index alone (validated at the boundary): what a server needs before any source is opened. */
export function loadIndex(dir: string): CorpusIndex {
  const p = paths(dir);
  let stat;
  try {
    stat = statSync(p.index);
  } catch {
    throw new UserError(p.index, 'no annotations here; run `claimtrace build` first');
  }
  // Start-up asks for the index three times (staleness, search index, viewer): parse and validate it once.
  const stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  const cached = indexCache.get(p.index);
  if (cached?.stamp === stamp) return cached.index;
  const parsedIndex = IndexSchema.safeParse(readJson(p.index));
  if (!parsedIndex.success) {
    const issue = parsedIndex.error.issues[0]!;
    throw new UserError(p.index, `field ${issue.path.join('.') || '(root)'}: ${issue.message}; rebuild with \`claimtrace build\``);
  }
  const index = parsedIndex.data as unknown as CorpusIndex;
  indexCache.set(p.index, { stamp, index });
  return index;
}

const indexCache = new Map<string, { stamp: string; index: CorpusIndex }>();

/** One source's analysis (validated at the boundary). */
export function loadSourceAnalysis(dir: string, id: string): SourceAnalysis {
  const file = paths(dir).source(id);
  if (!existsSync(file)) throw new UserError(file, 'is missing; rebuild with `claimtrace build`');
  const parsed = SourceFileSchema.safeParse(readJson(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(file, `field ${issue.path.join('.') || '(root)'}: ${issue.message}; rebuild with \`claimtrace build\``);
  }
  return parsed.data.analysis as unknown as SourceAnalysis;
}

/** Load annotations/ (validated at the boundary). */
export function loadAnnotations(dir: string): { analysis: Analysis; index: CorpusIndex } {
  const index = loadIndex(dir);
  const sources = index.sources.map((s) => loadSourceAnalysis(dir, s.id));
  return { analysis: { sources, crossFlags: index.crossFlags, crossCorroborations: index.crossCorroborations }, index };
}

/** Every source's keyed facts (facts.json), validated at the boundary. */
export function loadFacts(dir: string): Record<string, Fact[]> {
  const file = paths(dir).facts;
  if (!existsSync(file)) return {};
  const parsed = FactsSchema.safeParse(readJson(file));
  if (!parsed.success) throw new UserError(file, 'is not a facts file of this version; rebuild with `claimtrace build`');
  return parsed.data.facts as Record<string, Fact[]>;
}
