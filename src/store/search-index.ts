/**
 * The serialised search index beside the annotations:
 *
 *   annotations/search/store.json          small: names of the files below, the digest of the
 *                                          index.json it was built from, each source's cache key
 *   annotations/search/data-<hash>.json    texts and per-source documents
 *   annotations/search/main-<hash>.json    the main lunr index (rewritten only when compacted)
 *   annotations/search/delta-<hash>.json   the small lunr index of texts new since then
 *
 * The other files are named by content and written before store.json, which
 * is renamed into place last: a reader that reads store.json first always
 * finds a consistent set, and a crash mid-update leaves the old set intact.
 * Sources are re-read only when their summary in index.json changed (content
 * hash, path, metadata, counts); the rest reuse their cached documents.
 *
 * Checking that the index is current costs a digest of index.json's bytes
 * and a read of the small store.json, which is what `serve --build` and
 * every `build` pay when nothing changed; only when the digest differs is
 * index.json parsed and each source's key compared.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import lunr from 'lunr';
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

/** Layout of annotations/search/ (2: texts and documents moved out of store.json into data-<hash>.json). */
const LAYOUT = 2;

const StoreSchema = z.object({
  format: z.literal(SEARCH_FORMAT),
  layout: z.literal(LAYOUT),
  lunrVersion: z.string(),
  /** sha256 of the index.json bytes this index was last checked against. */
  indexDigest: z.string(),
  mainCount: z.number().int(),
  dataFile: z.string(),
  mainFile: z.string(),
  deltaFile: z.string().nullable(),
  /** [source id, cache key] in index order. */
  keys: z.array(z.tuple([z.string(), z.string()])),
});
type StoreFile = z.infer<typeof StoreSchema>;

/** A cache written by another lunr is a cold cache. */
const LUNR_VERSION = lunr.version;

const digestOf = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * JSON with every non-ASCII character escaped. Read back as latin1 it is a
 * one-byte string, which V8 decodes and parses markedly faster than the
 * two-byte string a UTF-8 file with any curly quote becomes (about 40% less
 * time to load the documents of 2,000 sources).
 */
const asciiJson = (value: unknown): string => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A JSON file's text: as latin1 when it is pure ASCII (what this module writes), else as UTF-8. */
function readJsonText(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** index.json's bytes (for the digest), parsed only when asked. */
function readIndexBytes(annotationsDir: string): Buffer {
  const file = paths(annotationsDir).index;
  if (!existsSync(file)) throw new UserError(file, 'no annotations here; run `claimtrace build` first');
  return readFileSync(file);
}

function parseIndex(annotationsDir: string, bytes: Buffer): IndexLite {
  const file = paths(annotationsDir).index;
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
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

/** store.json, or undefined when missing, unreadable or of another layout. */
function readStore(annotationsDir: string): StoreFile | undefined {
  try {
    const parsed = StoreSchema.safeParse(JSON.parse(readJsonText(searchPaths(annotationsDir).store)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const filesOf = (store: StoreFile): string[] => [store.dataFile, store.mainFile, ...(store.deltaFile ? [store.deltaFile] : [])];

/**
 * The whole SearchData a store names, or undefined when a file is missing or
 * unreadable. The files are written only by this module and named by
 * content, so beyond parsing, the check is that the documents are the ones
 * store.json lists.
 */
/**
 * Main indexes an update read only to pass them on unchanged, by the file
 * they are in: parsing and re-serialising megabytes of lunr index to learn
 * the name of the file it is already in is most of what a one-edit update
 * would otherwise cost.
 */
const keptMain = new WeakMap<object, string>();

function readData(annotationsDir: string, store: StoreFile, parseMain = true): SearchData | undefined {
  const p = searchPaths(annotationsDir);
  try {
    const data = JSON.parse(readJsonText(p.file(store.dataFile))) as { texts?: unknown; sources?: unknown };
    const texts = data.texts;
    const sources = data.sources as StoredSource[] | undefined;
    if (!Array.isArray(texts) || !Array.isArray(sources) || sources.length !== store.keys.length) return undefined;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      if (s.id !== store.keys[i]![0] || s.key !== store.keys[i]![1] || !Array.isArray(s.units) || !Array.isArray(s.passages)) return undefined;
    }
    let main: object;
    if (parseMain) {
      main = JSON.parse(readJsonText(p.file(store.mainFile))) as object;
    } else {
      if (!existsSync(p.file(store.mainFile))) return undefined;
      main = {};
      keptMain.set(main, store.mainFile);
    }
    const delta = store.deltaFile ? (JSON.parse(readJsonText(p.file(store.deltaFile))) as object) : null;
    return { format: store.format, lunrVersion: store.lunrVersion, texts: texts as string[], mainCount: store.mainCount, main, delta, sources };
  } catch {
    return undefined;
  }
}

export interface SearchIndexUpdate {
  /** full: main index rebuilt; delta: only new texts indexed; none: the documents and lunr files did not change. */
  rebuilt: 'full' | 'delta' | 'none';
  /** Sources whose documents were recomputed from their analysis. */
  analysed: string[];
  newTexts: number;
  ms: number;
}

/**
 * One pass over index.json and the search files: decide whether the index
 * is current, bring it up to date if not, and (with `load`) hand back the
 * whole SearchData, so a server reads every file once. A bad cache is a cold
 * cache: with `repair`, unreadable files are rebuilt from the analyses;
 * without, `data` is undefined so the caller can read again (a concurrent
 * build may have replaced them).
 */
function sync(annotationsDir: string, options: { compact?: boolean; load?: boolean; repair?: boolean }): { update: SearchIndexUpdate; data: SearchData | undefined } {
  const started = performance.now();
  const none = (data: SearchData | undefined) => ({ update: { rebuilt: 'none' as const, analysed: [], newTexts: 0, ms: performance.now() - started }, data });
  const bytes = readIndexBytes(annotationsDir);
  const digest = digestOf(bytes);
  const store = readStore(annotationsDir);
  const p = searchPaths(annotationsDir);
  const present = (s: StoreFile): boolean => filesOf(s).every((f) => existsSync(p.file(f)));

  // Fast path: index.json is byte for byte the one the index was checked against.
  if (store && !options.compact && store.indexDigest === digest && store.lunrVersion === LUNR_VERSION) {
    if (!options.load && present(store)) return none(undefined);
    if (options.load) {
      const data = readData(annotationsDir, store);
      if (data || !options.repair) return none(data);
    }
  }

  const index = parseIndex(annotationsDir, bytes);
  const keys = index.sources.map((s) => ({ id: s.id, key: keyOf(index.engine, s) }));
  const sameKeys = store !== undefined && !options.compact && store.lunrVersion === LUNR_VERSION && store.keys.length === keys.length &&
    store.keys.every(([id, key], i) => id === keys[i]!.id && key === keys[i]!.key);
  let prev: SearchData | undefined;
  if (sameKeys) {
    // index.json changed in ways the documents do not depend on (counts, cross-source findings): record its new digest.
    if (!options.load && present(store)) {
      writeStore(annotationsDir, { ...store, indexDigest: digest });
      return none(undefined);
    }
    prev = readData(annotationsDir, store);
    if (prev) {
      if (store.indexDigest !== digest) writeStore(annotationsDir, { ...store, indexDigest: digest });
      return none(options.load ? prev : undefined);
    }
    if (!options.repair) return none(undefined);
    // The files are gone or unreadable: rebuild them from the analyses.
  } else if (store !== undefined) {
    // Changed (or compacting): unchanged sources reuse their cached documents. A delta update
    // passes the main index through, so it is parsed only if it is to be compacted or served.
    prev = readData(annotationsDir, store, options.compact === true || options.load === true);
  }
  const cached = new Map((prev?.sources ?? []).map((s) => [s.id, s.key]));
  const analysed: string[] = [];
  const inputs: BuildInput[] = keys.map(({ id, key }) => {
    if (cached.get(id) === key) return { id, key };
    analysed.push(id);
    return { id, key, docs: sourceDocs(readAnalysis(annotationsDir, id)) };
  });
  const outcome = buildSearchData(inputs, prev, { compact: options.compact });
  writeSearchData(annotationsDir, outcome.data, digest);
  return { update: { rebuilt: outcome.rebuilt, analysed, newTexts: outcome.newTexts, ms: performance.now() - started }, data: outcome.data };
}

/**
 * Bring annotations/search/ up to date with annotations/index.json. Cheap
 * when nothing changed (a digest of index.json and a read of store.json;
 * nothing is written).
 */
export function updateSearchIndex(annotationsDir: string, options: { compact?: boolean } = {}): SearchIndexUpdate {
  return sync(annotationsDir, { compact: options.compact, repair: true }).update;
}

function writeStore(annotationsDir: string, store: StoreFile): void {
  writeFileAtomic(searchPaths(annotationsDir).store, asciiJson(store));
}

function writeSearchData(annotationsDir: string, data: SearchData, indexDigest: string): void {
  const p = searchPaths(annotationsDir);
  const write = (prefix: string, value: object): string => {
    const json = asciiJson(value);
    const name = `${prefix}-${digestOf(json).slice(0, 28)}.json`;
    // Named by content: an existing file of the right size is this one (a truncated or damaged one is replaced).
    if (!existsSync(p.file(name)) || statSync(p.file(name)).size !== Buffer.byteLength(json)) writeFileAtomic(p.file(name), json);
    return name;
  };
  const dataFile = write('data', { texts: data.texts, sources: data.sources });
  const mainFile = keptMain.get(data.main) ?? write('main', data.main);
  const deltaFile = data.delta ? write('delta', data.delta) : null;
  const store: StoreFile = {
    format: SEARCH_FORMAT,
    layout: LAYOUT,
    lunrVersion: data.lunrVersion,
    indexDigest,
    mainCount: data.mainCount,
    dataFile,
    mainFile,
    deltaFile,
    keys: data.sources.map((s) => [s.id, s.key]),
  };
  writeStore(annotationsDir, store);
  // Files no longer referenced; a reader that already read the old store.json reads again (see loadSearchIndex).
  const keep = new Set(filesOf(store));
  for (const f of readdirSync(p.dir)) {
    if (/^(data|main|delta)-[0-9a-f]+\.json$/.test(f) && !keep.has(f)) rmSync(p.file(f), { force: true });
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
 * Each file is read once: the update check and the load share one pass.
 */
export function loadSearchIndex(annotationsDir: string, extras: { crossFlags?: readonly Flag[]; crossCorroborations?: readonly Corroboration[] } = {}): LoadedSearch {
  // A concurrent build may replace the files between reading store.json and them: read again,
  // and if they still cannot be read, rebuild them.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { data } = sync(annotationsDir, { load: true, repair: attempt > 0 });
      if (data) return { engine: new LunrSearchEngine(data, extras), sources: data.sources };
    } catch (error) {
      if (error instanceof UserError) throw error;
      lastError = error;
    }
  }
  throw new UserError(searchPaths(annotationsDir).store, `the search index cannot be read${lastError instanceof Error ? ` (${lastError.message.split('\n')[0]})` : ''}; rebuild with \`claimtrace build\``);
}
