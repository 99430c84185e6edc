/**
 * The two search engines the benchmark compares on the same paragraphs and
 * the same queries:
 *
 *   - baseline: a bare lunr index, one document per paragraph, with
 *     position metadata (what anyone would write first), built in the
 *     serving process from every loaded analysis;
 *   - claimtrace: the viewer's own serving path. The serialised index in
 *     annotations/search/ is built by `updateSearchIndex(annotationsDir)`
 *     (timed in the analysis worker, as part of the build), and the serving
 *     process only reads index.json (for the cross-source findings) and
 *     calls `loadSearchIndex(annotationsDir, …)`: it never loads the
 *     per-source analyses (the viewer opens those lazily, one at a time).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
import type { Analysis, Corroboration, Flag } from '../../src/core/types.js';
import { SearchQueryError, type LunrSearchEngine } from '../../src/core/search.js';
import * as annotations from '../../src/store/annotations.js';
import { loadSearchIndex, searchPaths } from '../../src/store/search-index.js';
import { toLunrQuery, type BenchQuery } from './bench-queries.js';

export interface BenchEngine {
  name: string;
  /**
   * Make the engine ready to answer queries from a built annotations/
   * directory, as its serving process would: `loadMs` is reading what it
   * needs from disk, `buildMs` the in-process index build (0 when the index
   * was built ahead of time, as claimtrace's is).
   */
  prepare(annotationsDir: string): { loadMs: number; buildMs: number; documents: number; units?: number };
  /** Run one query; returns the number of hits. */
  search(q: BenchQuery): number;
  /** Size of the index in bytes: on disk for claimtrace, as serialised JSON for the baseline. */
  size(): number | undefined;
}

/** One lunr document per paragraph, with term positions recorded. */
export function buildBareLunr(docs: Iterable<{ id: string; text: string }>): lunr.Index {
  return lunr(function () {
    this.ref('id');
    this.field('text');
    this.metadataWhitelist = ['position'];
    for (const d of docs) this.add(d);
  });
}

export function* paragraphDocs(analysis: Analysis): Generator<{ id: string; text: string }> {
  for (const s of analysis.sources) for (const p of s.paragraphs) yield { id: `${s.source.id}#${p.id}`, text: p.text };
}

function lunrSearch(index: lunr.Index, query: string): number {
  try {
    return index.search(query).length;
  } catch (error) {
    if (error instanceof lunr.QueryParseError) return 0;
    throw error;
  }
}

export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

export function baselineEngine(): BenchEngine {
  let index: lunr.Index | undefined;
  return {
    name: 'bare lunr (per paragraph)',
    prepare: (annotationsDir) => {
      let t = performance.now();
      const { analysis } = annotations.loadAnnotations(annotationsDir);
      const loadMs = performance.now() - t;
      t = performance.now();
      index = buildBareLunr(paragraphDocs(analysis));
      const buildMs = performance.now() - t;
      return { loadMs, buildMs, documents: analysis.sources.reduce((n, s) => n + s.paragraphs.length, 0) };
    },
    search: (q) => lunrSearch(index!, toLunrQuery(q)),
    size: () => Buffer.byteLength(JSON.stringify(index!)),
  };
}

/** index.json's cross-source findings, read the way a server that never loads every analysis would. */
function crossFindings(annotationsDir: string): { crossFlags: Flag[]; crossCorroborations: Corroboration[] } {
  // Prefer the store's validated index-only reader when it has one.
  const loadIndex = (annotations as Record<string, unknown>).loadIndex as ((dir: string) => { crossFlags: Flag[]; crossCorroborations: Corroboration[] }) | undefined;
  const index = typeof loadIndex === 'function'
    ? loadIndex(annotationsDir)
    : (JSON.parse(readFileSync(annotations.paths(annotationsDir).index, 'utf8')) as { crossFlags: Flag[]; crossCorroborations: Corroboration[] });
  return { crossFlags: index.crossFlags, crossCorroborations: index.crossCorroborations };
}

/**
 * claimtrace's serving path: index.json's cross-source findings, then
 * loadSearchIndex over the prebuilt annotations/search/, queried through
 * engine.search with its defaults (20 sources, 3 hits each, with highlights).
 */
export function claimtraceEngine(): BenchEngine {
  let engine: LunrSearchEngine | undefined;
  let dir = '';
  return {
    name: 'claimtrace search (loadSearchIndex → engine.search)',
    prepare: (annotationsDir) => {
      dir = annotationsDir;
      const t = performance.now();
      engine = loadSearchIndex(annotationsDir, crossFindings(annotationsDir)).engine;
      return { loadMs: performance.now() - t, buildMs: 0, documents: engine.docCount, units: engine.unitCount };
    },
    search: (q) => {
      try {
        return engine!.search(toLunrQuery(q)).totalHits;
      } catch (error) {
        if (error instanceof SearchQueryError) return 0;
        throw error;
      }
    },
    size: () => dirBytes(searchPaths(dir).dir),
  };
}
