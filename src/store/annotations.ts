/**
 * annotations/ on disk: generated data, one JSON file per source plus a
 * corpus index. Human review data lives beside it (reviews/) and is never
 * written by a build.
 *
 *   annotations/index.json            corpus summary + cross-source flags
 *   annotations/sources/<id>.json     one SourceAnalysis per source
 *   annotations/reviews/<id>.json     human review data (see review store)
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { contentHash } from '../core/hash.js';
import { analyzeSource, crossCheckFacts, type SourceInput } from '../core/pipeline.js';
import type { Analysis, Corroboration, Fact, Flag, RuleId, Source, SourceAnalysis, SourceMeta } from '../core/types.js';
import { UserError } from './errors.js';
import { stableStringify, writeFileAtomic } from './json.js';
import type { StampedSource } from './sources.js';

/** Bump when the shape or the detectors change, so cached analyses are not reused across versions. */
export const FORMAT_VERSION = 1;

/**
 * A fingerprint of the detectors' own code and model (src/core). A content
 * hash alone would keep serving analyses made by older detectors after an
 * upgrade; with this in index.json, new detector code re-analyses everything
 * once, and unchanged code still reuses every cached analysis.
 */
export const ENGINE: string = (() => {
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
  sources: z.array(z.object({ id: z.string(), path: z.string(), hash: z.string(), meta: z.record(z.string(), z.string()), own: CountsSchema, counts: CountsSchema })),
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

function ownCounts(a: SourceAnalysis): Counts {
  const byRule: Partial<Record<RuleId, number>> = {};
  for (const f of a.flags) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return {
    paragraphs: a.paragraphs.length,
    claims: a.claims.length,
    captions: a.captions.length,
    flags: a.flags.length,
    corroborations: a.corroborations.length,
    byRule,
  };
}

interface CrossCounts {
  flags: number;
  byRule: Partial<Record<RuleId, number>>;
  corroborations: number;
}

/** Per source, the cross-source findings that involve it: one pass over the findings, not one per source. */
function crossCountsBySource(cross: readonly Flag[], crossCorr: readonly Corroboration[]): Map<string, CrossCounts> {
  const out = new Map<string, CrossCounts>();
  const at = (id: string): CrossCounts => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { flags: 0, byRule: {}, corroborations: 0 }));
    return c;
  };
  const involved = (x: { spans: readonly { sourceId: string }[] }): Set<string> => new Set(x.spans.map((s) => s.sourceId));
  for (const f of cross) {
    for (const id of involved(f)) {
      const c = at(id);
      c.flags++;
      c.byRule[f.rule] = (c.byRule[f.rule] ?? 0) + 1;
    }
  }
  for (const x of crossCorr) for (const id of involved(x)) at(id).corroborations++;
  return out;
}

function withCross(own: Counts, cross: CrossCounts | undefined): Counts {
  if (!cross) return { ...own, byRule: { ...own.byRule } };
  const byRule = { ...own.byRule };
  for (const [rule, n] of Object.entries(cross.byRule) as [RuleId, number][]) byRule[rule] = (byRule[rule] ?? 0) + n;
  return { ...own, flags: own.flags + cross.flags, byRule, corroborations: own.corroborations + cross.corroborations };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(path, `is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The previous build's index and facts, if they exist and are valid; a bad cache is just a cold cache. */
function previousBuild(dir: string, withFacts = true): { index: Map<string, SourceSummary>; facts: Record<string, Fact[]> } {
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

const sameMeta = (a: SourceMeta | undefined, b: SourceMeta | undefined): boolean => stableStringify(a ?? {}) === stableStringify(b ?? {});

export interface BuildResult {
  index: CorpusIndex;
  /** Ids of sources that were (re-)analysed rather than taken from the cache. */
  analysed: string[];
  /** The sources analysed in this build; their analyses are on disk (loadSourceAnalysis), not held in memory. */
  fresh: Source[];
  written: string[];
}

/** What a build keeps of one analysed source: the analysis itself has gone to disk. */
export interface AnalysedSource {
  source: Source;
  own: Counts;
  facts: Fact[];
  /** Whether the source's file was (re)written; false when its bytes were already there. */
  written: boolean;
}

/** Write `data` unless the file already holds exactly it, so a rebuild of unchanged sources touches nothing. */
function writeIfChanged(path: string, data: string): boolean {
  try {
    if (existsSync(path) && readFileSync(path, 'utf8') === data) return false;
    writeFileAtomic(path, data);
    return true;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UserError(path, `cannot be written (${e.code ?? e.message.split('\n')[0]})`);
  }
}

/**
 * Analyse one source and store it under `dir`: the unit of work a build runs
 * in-process or on a worker thread. Without `dir` nothing is written (what a
 * check of sources, or a benchmark of the analysis alone, needs).
 */
export function analyseAndStore(dir: string | undefined, input: SourceInput): AnalysedSource {
  const a = analyzeSource(input).analysis;
  const written = dir !== undefined && writeIfChanged(paths(dir).source(a.source.id), stableStringify({ version: FORMAT_VERSION, analysis: a }));
  return { source: a.source, own: ownCounts(a), facts: a.facts, written };
}

interface BuildPlan {
  /** Sources to analyse, in input order. */
  todo: SourceInput[];
  /** Summaries and facts of every source, by id; unchanged ones are filled in from the previous build. */
  owns: Map<string, { id: string; path: string; hash: string; meta: SourceMeta; own: Counts }>;
  facts: Map<string, Fact[]>;
}

/**
 * Which sources need analysing. One whose content hash, path and metadata
 * match the previous build is neither re-analysed nor re-read: its summary
 * and keyed facts come from index.json and facts.json, which is all the
 * cross-source checks need.
 */
function planBuild(dir: string, inputs: readonly SourceInput[]): BuildPlan {
  const p = paths(dir);
  const prev = previousBuild(dir);
  const plan: BuildPlan = { todo: [], owns: new Map(), facts: new Map() };
  for (const input of inputs) {
    const hash = contentHash(input.text);
    const old = prev.index.get(input.id);
    const oldFacts = prev.facts[input.id];
    if (old && oldFacts && old.hash === hash && old.path === input.path && sameMeta(old.meta, input.meta) && existsSync(p.source(input.id))) {
      plan.owns.set(input.id, { id: old.id, path: old.path, hash, meta: old.meta, own: old.own });
      plan.facts.set(input.id, oldFacts);
    } else {
      plan.todo.push(input);
    }
  }
  return plan;
}

/** Record analysed sources in the plan, then write the corpus files: the part of a build that sees every source. */
function finishBuild(dir: string, inputs: readonly SourceInput[], plan: BuildPlan, done: readonly AnalysedSource[]): BuildResult {
  const p = paths(dir);
  const written: string[] = [];
  for (const d of done) {
    plan.owns.set(d.source.id, { id: d.source.id, path: d.source.path, hash: d.source.hash, meta: d.source.meta, own: d.own });
    plan.facts.set(d.source.id, d.facts);
    if (d.written) written.push(p.source(d.source.id));
  }
  // Sources removed from sources/ lose their generated file (never their reviews).
  if (existsSync(p.sourcesDir)) {
    const keep = new Set(inputs.map((i) => `${i.id}.json`));
    for (const f of readdirSync(p.sourcesDir)) if (f.endsWith('.json') && !keep.has(f)) rmSync(join(p.sourcesDir, f));
  }
  // Input order, not completion order: the same sources give the same bytes however the work was spread.
  const facts: Record<string, Fact[]> = {};
  for (const input of inputs) facts[input.id] = plan.facts.get(input.id)!;
  const { flags: crossFlags, corroborations: crossCorroborations } = crossCheckFacts(Object.values(facts).flat());
  const crossBySource = crossCountsBySource(crossFlags, crossCorroborations);
  const index: CorpusIndex = {
    version: FORMAT_VERSION,
    engine: ENGINE,
    sources: inputs.map((input) => {
      const o = plan.owns.get(input.id)!;
      return { ...o, counts: withCross(o.own, crossBySource.get(o.id)) };
    }),
    crossFlags,
    crossCorroborations,
  };
  const markWritten = (path: string, data: string) => void (writeIfChanged(path, data) && written.push(path));
  markWritten(p.facts, stableStringify({ version: FORMAT_VERSION, facts }));
  markWritten(p.index, stableStringify(index));
  return { index, analysed: done.map((d) => d.source.id), fresh: done.map((d) => d.source), written };
}

/**
 * Build annotations/ from sources, in this thread. Files whose bytes would
 * not change are not rewritten, so a rebuild of unchanged sources touches
 * nothing.
 */
export function buildAnnotations(dir: string, inputs: readonly SourceInput[]): BuildResult {
  const plan = planBuild(dir, inputs);
  return finishBuild(dir, inputs, plan, plan.todo.map((input) => analyseAndStore(dir, input)));
}

/**
 * The same build with the analyses spread over `analyse` (a worker pool):
 * identical files, because each source's analysis depends on its text alone
 * and the corpus files are assembled in input order.
 */
export async function buildAnnotationsWith(
  dir: string,
  inputs: readonly SourceInput[],
  analyse: (dir: string, todo: readonly SourceInput[]) => Promise<AnalysedSource[]>,
): Promise<BuildResult> {
  const plan = planBuild(dir, inputs);
  return finishBuild(dir, inputs, plan, plan.todo.length ? await analyse(dir, plan.todo) : []);
}

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
