/**
 * annotations/search/: built from the annotations, updated from cached
 * parts, repaired when damaged, and loaded in one pass.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceInput } from '../../src/core/pipeline.js';
import { buildAnnotations } from '../../src/store/build.js';
import { loadSearchIndex, searchPaths, updateSearchIndex } from '../../src/store/search-index.js';

const tmp = mkdtempSync(join(tmpdir(), 'claimtrace-search-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const inputs = (): SourceInput[] => [
  { id: 'a', path: 'a.txt', format: 'txt', text: 'Harbour report\n\nThe harbour handled 4.2 million containers in 2023.\n' },
  { id: 'b', path: 'b.txt', format: 'txt', text: 'Grain\n\nExports of grain rose by 12 per cent in 2022.\n' },
  { id: 'c', path: 'c.txt', format: 'txt', text: 'Mountains\n\nA quiet week with snow.\n' },
];
const files = (dir: string) => readdirSync(searchPaths(dir).dir).sort();
const hits = (dir: string, q: string) => loadSearchIndex(dir).engine.search(q).totalHits;

describe('search index on disk', () => {
  it('builds cold, then does nothing when nothing changed', () => {
    const dir = join(tmp, 'cold');
    buildAnnotations(dir, inputs());
    expect(updateSearchIndex(dir)).toMatchObject({ rebuilt: 'full', analysed: ['a', 'b', 'c'] });
    const store = searchPaths(dir).store;
    const before = statSync(store).mtimeMs;
    expect(updateSearchIndex(dir)).toMatchObject({ rebuilt: 'none', analysed: [] });
    expect(statSync(store).mtimeMs).toBe(before);
    expect(files(dir).filter((f) => f !== 'store.json').map((f) => f.split('-')[0])).toEqual(['data', 'main']);
    expect(hits(dir, 'containers')).toBe(1);
  });

  it('re-reads only the edited source and indexes only its new text', () => {
    const dir = join(tmp, 'edit');
    const src = inputs();
    buildAnnotations(dir, src);
    updateSearchIndex(dir);
    src[1]!.text += '\nFarmers in Zembla were pleased.\n';
    buildAnnotations(dir, src);
    const u = updateSearchIndex(dir);
    expect(u).toMatchObject({ rebuilt: 'delta', analysed: ['b'] });
    expect(u.newTexts).toBeGreaterThan(0);
    expect(files(dir).some((f) => f.startsWith('delta-'))).toBe(true);
    expect(hits(dir, 'zembla')).toBe(1);
    expect(hits(dir, 'containers')).toBe(1);
    // A source removed from the corpus is no longer found.
    buildAnnotations(dir, src.slice(1));
    expect(hits(dir, 'containers')).toBe(0);
  });

  it('is brought up to date by loadSearchIndex when the annotations changed since', () => {
    const dir = join(tmp, 'stale');
    const src = inputs();
    buildAnnotations(dir, src);
    updateSearchIndex(dir);
    src[2]!.text = 'Mountains\n\nA quiet week with avalanches.\n';
    buildAnnotations(dir, src);
    expect(hits(dir, 'avalanches')).toBe(1);
    expect(updateSearchIndex(dir).rebuilt).toBe('none');
  });

  it('repairs a missing or damaged file instead of failing', () => {
    const dir = join(tmp, 'damaged');
    buildAnnotations(dir, inputs());
    updateSearchIndex(dir);
    const p = searchPaths(dir);
    const main = files(dir).find((f) => f.startsWith('main-'))!;
    rmSync(p.file(main));
    expect(updateSearchIndex(dir).rebuilt).toBe('full');
    const data = files(dir).find((f) => f.startsWith('data-'))!;
    writeFileSync(p.file(data), '{"texts": [');
    expect(hits(dir, 'exports')).toBe(1);
    // The damaged file was rewritten, not just worked around.
    expect(() => JSON.parse(readFileSync(p.file(files(dir).find((f) => f.startsWith('data-'))!), 'utf8'))).not.toThrow();
    writeFileSync(p.store, 'not json');
    expect(hits(dir, 'snow')).toBe(1);
    expect(updateSearchIndex(dir).rebuilt).toBe('none');
  });

  it('compacts on request, reusing cached documents', () => {
    const dir = join(tmp, 'compact');
    buildAnnotations(dir, inputs());
    updateSearchIndex(dir);
    expect(updateSearchIndex(dir, { compact: true })).toMatchObject({ rebuilt: 'full', analysed: [] });
    expect(hits(dir, 'containers')).toBe(1);
  });
});
