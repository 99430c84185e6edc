/**
 * Reading sources from disk: the I/O edge where bad input becomes a clear,
 * one-line UserError instead of a wrong offset deeper in.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { contentHash } from '../core/hash.js';
import type { SourceInput } from '../core/pipeline.js';
import { formatOf } from '../core/types.js';
import type { SourceMeta } from '../core/types.js';
import { UserError } from './errors.js';
import { stableStringify, writeFileAtomic } from './json.js';

/** Above this a single article is almost certainly not an article; refuse rather than thrash. */
/**
 * One source's limit. A long book is 3 MB; analysis holds every sentence,
 * claim and mention in memory (about 150 bytes per byte of text), so past
 * this a single process would run out of heap. Refusing in one line beats
 * crashing half-way.
 */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;
export const SOURCE_EXTENSIONS = ['.txt', '.md', '.markdown'];
export const MANIFEST = 'manifest.json';


/** Decode bytes as strict UTF-8; refuse binary data rather than index into replacement characters. */
export function decodeSource(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new UserError(name, 'file is empty');
  if (bytes.includes(0)) throw new UserError(name, 'looks like a binary file (contains NUL bytes), not text');
  let text: string;
  try {
    // ignoreBOM is false by default in TextDecoder: keep the BOM so offsets match fs.readFileSync(path, 'utf8').
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UserError(name, 'is not valid UTF-8 text');
  }
  if (!/\S/u.test(text.replace(/\uFEFF/g, ''))) throw new UserError(name, 'contains only whitespace');
  return text;
}

/** A URL-safe id from a file name: `000_b014f.txt` → `000_b014f`. */
export function sourceIdOf(path: string): string {
  const stem = basename(path, extname(path));
  const id = stem.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return id || 'source';
}

const MetaSchema = z
  .object({
    title: z.string().optional(),
    publisher: z.string().optional(),
    author: z.string().optional(),
    date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)').optional(),
    url: z.string().url().optional(),
  })
  .strict();
const ManifestSchema = z.record(z.string(), MetaSchema);
export type Manifest = z.infer<typeof ManifestSchema>;

/** `sources/manifest.json`: what each article's text says about its title, publisher, author, date and URL. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(path, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(path, `field ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Read one source file, refusing what cannot be analysed exactly. */
export function readSource(path: string, options: { id?: string; displayPath?: string; meta?: SourceMeta } = {}): SourceInput {
  const name = options.displayPath ?? path;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(name, 'no such file');
  }
  if (stat.isDirectory()) throw new UserError(name, 'is a directory, not a file');
  if (stat.size > MAX_SOURCE_BYTES) {
    throw new UserError(name, `is ${(stat.size / 1048576).toFixed(1)} MB; the limit for one source is ${MAX_SOURCE_BYTES / 1048576} MB`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const text = decodeSource(bytes, name);
  const input: SourceInput = { id: options.id ?? sourceIdOf(path), path: name, text, format: formatOf(path) };
  if (options.meta) input.meta = options.meta;
  return input;
}

/** Source files in a directory (not recursive), sorted by name so builds are deterministic. */
export function listSources(dir: string): string[] {
  if (!existsSync(dir)) throw new UserError(dir, 'no such directory');
  return readdirSync(dir)
    .filter((f) => SOURCE_EXTENSIONS.includes(extname(f).toLowerCase()) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

/** Give each path a unique id: same stem in two folders gets `-2`, `-3` in argument order. */
export function assignIds(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const id = sourceIdOf(p);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}-${n}`;
  });
}

/** All sources of a directory with their manifest metadata. */
export function readSourceDir(dir: string): SourceInput[] {
  return [...eachSource(dir)];
}

/**
 * The sources of a directory one at a time, so a caller that only needs
 * something small of each (a hash, to see whether a build is stale) never
 * holds every text at once.
 */
export function* eachSource(dir: string): Generator<SourceInput> {
  const manifest = readManifest(dir);
  const paths = listSources(dir);
  const ids = assignIds(paths);
  for (const [i, p] of paths.entries()) {
    const meta = manifest[basename(p)];
    yield readSource(p, { id: ids[i]!, displayPath: relative(process.cwd(), p) || p, ...(meta ? { meta } : {}) });
  }
}

/** What the staleness check needs of a source: where it is, what the manifest says, and its content hash. */
export interface StampedSource {
  id: string;
  path: string;
  meta?: SourceMeta | undefined;
  hash: string;
}

/**
 * Every source's content hash, reading only files whose size, mtime or inode
 * changed since the hashes were last cached in `cacheFile`. The cache is
 * local state (mtimes differ per checkout), so it lives outside the
 * annotations proper and is never committed; a missing or bad cache is a cold one.
 */
export function stampSourceDir(dir: string, cacheFile: string): StampedSource[] {
  let cache: Record<string, { stat: string; hash: string }> = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as typeof cache;
  } catch {
    cache = {};
  }
  const manifest = readManifest(dir);
  const paths = listSources(dir);
  const ids = assignIds(paths);
  const next: typeof cache = {};
  let changed = false;
  const out = paths.map((p, i) => {
    const meta = manifest[basename(p)];
    const displayPath = relative(process.cwd(), p) || p;
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UserError(displayPath, 'no such file');
    }
    const stat = `${st.size}:${st.mtimeMs}:${st.ino}`;
    const key = resolve(p);
    let hash = cache[key]?.stat === stat ? cache[key].hash : undefined;
    if (hash === undefined) {
      hash = contentHash(readSource(p, { id: ids[i]!, displayPath }).text);
      changed = true;
    }
    next[key] = { stat, hash };
    return { id: ids[i]!, path: displayPath, hash, ...(meta ? { meta } : {}) };
  });
  // Rewritten when a file was hashed afresh or one has gone (comparing entries, not serialising both, at 2,000 files).
  if (changed || Object.keys(cache).length !== paths.length) {
    try {
      writeFileAtomic(cacheFile, stableStringify(next));
    } catch {
      // Only a cache: a read-only annotations directory still serves.
    }
  }
  return out;
}
