/**
 * The two search engines the benchmark compares on the same paragraphs and
 * the same queries:
 *
 *   - baseline: a bare lunr index, one document per paragraph, with
 *     position metadata (what anyone would write first);
 *   - claimtrace: the viewer's own search path (src/core/search.ts).
 */
import { existsSync } from 'node:fs';
import lunr from 'lunr';
import type { Analysis } from '../../src/core/types.js';
import { toLunrQuery, type BenchQuery } from './bench-queries.js';

export interface BenchEngine {
  name: string;
  /** Build (or load) the index from loaded annotations. */
  build(analysis: Analysis): void;
  /** Run one query; returns the number of hits. */
  search(q: BenchQuery): number;
  /** Size of the built index as serialised JSON, in bytes (undefined when it cannot be serialised). */
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

export function baselineEngine(): BenchEngine {
  let index: lunr.Index | undefined;
  return {
    name: 'bare lunr (per paragraph)',
    build: (analysis) => void (index = buildBareLunr(paragraphDocs(analysis))),
    search: (q) => lunrSearch(index!, toLunrQuery(q)),
    size: () => Buffer.byteLength(JSON.stringify(index!)),
  };
}

export const SEARCH_MODULE = new URL('../../src/core/search.ts', import.meta.url);

export function claimtraceSearchAvailable(): boolean {
  return existsSync(SEARCH_MODULE);
}

type SearchModule = typeof import('../../src/core/search.js');

/**
 * claimtrace's own search path, as src/core/search.ts's buildSearchEngine
 * does it: per-source documents (sourceDocs), one full buildSearchData, then
 * the LunrSearchEngine over it with the cross-source findings; queries go
 * through engine.search with its defaults (20 sources, 3 hits each, with highlights).
 */
export async function claimtraceEngine(): Promise<BenchEngine> {
  if (!claimtraceSearchAvailable()) throw new Error('bench: src/core/search.ts does not exist yet');
  const mod = (await import(new URL('../../src/core/search.js', import.meta.url).href)) as SearchModule;
  for (const name of ['sourceDocs', 'buildSearchData', 'LunrSearchEngine', 'SearchQueryError'] as const) {
    if (typeof mod[name] !== 'function') throw new Error(`bench: src/core/search.ts no longer exports ${name}; update scripts/lib/bench-search.ts`);
  }
  let engine: InstanceType<SearchModule['LunrSearchEngine']> | undefined;
  let data: ReturnType<SearchModule['buildSearchData']>['data'] | undefined;
  return {
    name: 'claimtrace search (src/core/search.ts)',
    build: (analysis) => {
      ({ data } = mod.buildSearchData(analysis.sources.map((a) => ({ id: a.source.id, key: a.source.hash, docs: mod.sourceDocs(a) }))));
      engine = new mod.LunrSearchEngine(data, { crossFlags: analysis.crossFlags, crossCorroborations: analysis.crossCorroborations });
    },
    search: (q) => {
      try {
        return engine!.search(toLunrQuery(q)).totalHits;
      } catch (error) {
        if (error instanceof mod.SearchQueryError) return 0;
        throw error;
      }
    },
    size: () => Buffer.byteLength(JSON.stringify(data)),
  };
}
