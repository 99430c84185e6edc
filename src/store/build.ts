/**
 * Building annotations/: analyse the sources that changed, store each
 * analysis, and write the corpus files (index, facts, cross-source checks).
 * Apart from annotations.ts, which reads what a build wrote, because this is
 * the only part of the store that needs the detectors: a viewer serving
 * prebuilt annotations never loads them.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../core/hash.js';
import { analyzeSource, crossCheckFacts, type SourceInput } from '../core/pipeline.js';
import { titleOf } from '../core/titles.js';
import type { Corroboration, Fact, Flag, RuleId, Source, SourceAnalysis } from '../core/types.js';
import { ENGINE, FORMAT_VERSION, paths, previousBuild, sameMeta, type CorpusIndex, type Counts, type SourceSummary } from './annotations.js';
import { UserError } from './errors.js';
import { stableStringify, writeFileAtomic } from './json.js';

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
  title: string;
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
  return { source: a.source, title: titleOf(a), own: ownCounts(a), facts: a.facts, written };
}

interface BuildPlan {
  /** Sources to analyse, in input order. */
  todo: SourceInput[];
  /** Summaries and facts of every source, by id; unchanged ones are filled in from the previous build. */
  owns: Map<string, Omit<SourceSummary, 'counts'>>;
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
    // A summary from before titles were recorded is re-made, so every summary a build writes has one.
    if (old && oldFacts && old.title !== undefined && old.hash === hash && old.path === input.path && sameMeta(old.meta, input.meta) && existsSync(p.source(input.id))) {
      plan.owns.set(input.id, { id: old.id, path: old.path, hash, meta: old.meta, title: old.title, own: old.own });
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
    plan.owns.set(d.source.id, { id: d.source.id, path: d.source.path, hash: d.source.hash, meta: d.source.meta, title: d.title, own: d.own });
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
