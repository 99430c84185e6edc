/**
 * The serialised search index beside the annotations:
 *
 *   annotations/search/store.json          texts, per-source documents, names of the lunr files
 *   annotations/search/main-<hash>.json    the main lunr index (rewritten only when compacted)
 *   annotations/search/delta-<hash>.json   the small lunr index of texts new since then
 *
 * The lunr files are named by content and written before store.json, which
 * is renamed into place last: a reader that reads store.json first always
 * finds a consistent set, and a crash mid-update leaves the old set intact.
 * Sources are re-read only when their summary in index.json changed (content
 * hash, path, metadata, counts); the rest reuse their cached documents.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { contentHash } from '../core/hash.js';
import { buildSearchData, LunrSearchEngine, SEARCH_FORMAT, sourceDocs, type BuildInput, type SearchData, type StoredSource } from '../core/search.js';
import type { Corroboration, Flag, SourceAnalysis } from '../core/types.js';
import { FORMAT_VERSION, paths } from './annotations.js';
import { UserError } from './errors.js';
import { stableStringify, writeFileAtomic } from './json.js';

export const searchPaths = (annotationsDir: string) => {
  const dir = join(annotationsDir, 'search');
  return { dir, store: join(dir, 'store.json'), file: (name: string) => join(dir, name) };
};

/** What the search index needs of index.json; the rest of the file is not its business. */
const IndexSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  engine: z.string(),
  sources: z.array(z.object({ id: z.string(), hash: z.string(), path: z.string(), meta: z.record(z.string(), z.string()), own: z.unknown() }).passthrough()),
  crossFlags: z.array(z.unknown()),
  crossCorroborations: z.array(z.unknown()),
});
type IndexLite = z.infer<typeof IndexSchema>;

const StoreSchema = z.object({
  format: z.literal(SEARCH_FORMAT),
  lunrVersion: z.string(),
  texts: z.array(z.string()),
  mainCount: z.number().int(),
  mainFile: z.string(),
  deltaFile: z.string().nullable(),
  sources: z.array(z.object({ id: z.string(), key: z.string() }).passthrough()),
});
type StoreFile = Omit<SearchData, 'main' | 'delta'> & { mainFile: string; deltaFile: string | null };

function readIndex(annotationsDir: string): IndexLite {
  const file = paths(annotationsDir).index;
  if (!existsSync(file)) throw new UserError(file, 'no annotations here; run `claimtrace build` first');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(file, `is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = IndexSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(file, 'is not an annotations index of this version; rebuild with `claimtrace build`');
  return parsed.data;
}

/** The cache key of a source's documents: everything in its summary that a change of text, metadata or detectors would change. */
function keyOf(engine: string, s: IndexLite['sources'][number]): string {
  return contentHash(stableStringify({ format: FORMAT_VERSION, engine, search: SEARCH_FORMAT, hash: s.hash, path: s.path, meta: s.meta, own: s.own }));
}

function readAnalysis(annotationsDir: string, id: string): SourceAnalysis {
  const file = paths(annotationsDir).source(id);
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; analysis?: SourceAnalysis };
    if (raw.version !== FORMAT_VERSION || !raw.analysis?.paragraphs || !raw.analysis.sentences) throw new Error('not an analysis of this version');
    return raw.analysis;
  } catch (error) {
    throw new UserError(file, `cannot be read for the search index (${(error as Error).message.split('\n')[0]}); rebuild with \`claimtrace build\``);
  }
}

/** The previous build, or undefined when missing or unreadable (a bad cache is a cold cache). */
function readPrevious(annotationsDir: string): SearchData | undefined {
  const p = searchPaths(annotationsDir);
  try {
    const parsed = StoreSchema.safeParse(JSON.parse(readFileSync(p.store, 'utf8')));
    if (!parsed.success) return undefined;
    const store = parsed.data as unknown as StoreFile;
    const main = JSON.parse(readFileSync(p.file(store.mainFile), 'utf8')) as object;
    const delta = store.deltaFile ? (JSON.parse(readFileSync(p.file(store.deltaFile), 'utf8')) as object) : null;
    const { mainFile: _m, deltaFile: _d, ...rest } = store;
    return { ...rest, main, delta };
  } catch {
    return undefined;
  }
}

export interface SearchIndexUpdate {
  /** full: main index rebuilt; delta: only new texts indexed; none: nothing changed, nothing written. */
  rebuilt: 'full' | 'delta' | 'none';
  /** Sources whose documents were recomputed from their analysis. */
  analysed: string[];
  newTexts: number;
  ms: number;
}

/**
 * Bring annotations/search/ up to date with annotations/index.json. Cheap
 * when nothing changed (reads two JSON files, writes nothing).
 */
export function updateSearchIndex(annotationsDir: string, options: { compact?: boolean } = {}): SearchIndexUpdate {
  const started = performance.now();
  const index = readIndex(annotationsDir);
  const prev = readPrevious(annotationsDir);
  const keys = index.sources.map((s) => ({ id: s.id, key: keyOf(index.engine, s) }));
  const unchanged =
    prev !== undefined && !options.compact && prev.sources.length === keys.length && prev.sources.every((s, i) => s.id === keys[i]!.id && s.key === keys[i]!.key);
  if (unchanged) return { rebuilt: 'none', analysed: [], newTexts: 0, ms: performance.now() - started };
  const cached = new Map((prev?.sources ?? []).map((s) => [s.id, s.key]));
  const analysed: string[] = [];
  const inputs: BuildInput[] = keys.map(({ id, key }) => {
    if (cached.get(id) === key) return { id, key };
    analysed.push(id);
    return { id, key, docs: sourceDocs(readAnalysis(annotationsDir, id)) };
  });
  const outcome = buildSearchData(inputs, prev, options);
  writeSearchData(annotationsDir, outcome.data);
  return { rebuilt: outcome.rebuilt, analysed, newTexts: outcome.newTexts, ms: performance.now() - started };
}

function writeSearchData(annotationsDir: string, data: SearchData): void {
  const p = searchPaths(annotationsDir);
  const write = (prefix: string, value: object): string => {
    const json = JSON.stringify(value);
    const name = `${prefix}-${contentHash(json)}.json`;
    if (!existsSync(p.file(name))) writeFileAtomic(p.file(name), json);
    return name;
  };
  const mainFile = write('main', data.main);
  const deltaFile = data.delta ? write('delta', data.delta) : null;
  const { main: _m, delta: _d, ...rest } = data;
  const store: StoreFile = { ...rest, mainFile, deltaFile };
  writeFileAtomic(p.store, JSON.stringify(store));
  // Old lunr files are no longer referenced; a reader that already read the old store.json retries (see loadSearchIndex).
  for (const f of readdirSync(p.dir)) {
    if (/^(main|delta)-[0-9a-f]+\.json$/.test(f) && f !== mainFile && f !== deltaFile) rmSync(p.file(f), { force: true });
  }
}

export interface LoadedSearch {
  engine: LunrSearchEngine;
  /** Per source (same order as index.json): title, paragraph ids, own flags, claim ids. */
  sources: StoredSource[];
}

/**
 * Load the search index for serving, updating it first when index.json
 * changed since it was written (so a server never searches stale text).
 */
export function loadSearchIndex(annotationsDir: string, extras: { crossFlags?: readonly Flag[]; crossCorroborations?: readonly Corroboration[] } = {}): LoadedSearch {
  updateSearchIndex(annotationsDir);
  // A concurrent build may replace the lunr files between reading store.json and them: read again.
  for (let attempt = 0; ; attempt++) {
    const data = readPrevious(annotationsDir);
    if (data) return { engine: new LunrSearchEngine(data, extras), sources: data.sources };
    if (attempt >= 2) throw new UserError(searchPaths(annotationsDir).store, 'the search index cannot be read; rebuild with `claimtrace build`');
    updateSearchIndex(annotationsDir);
  }
}
