import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceInput } from '../../src/core/pipeline.js';
import { paths } from '../../src/store/annotations.js';
import { buildAnnotations } from '../../src/store/build.js';

const inputs: SourceInput[] = [
  { id: 'harbour', path: 'harbour.txt', format: 'txt', text: 'Harbour reopens after repairs\n\nThe harbour reopened on Monday after 14 months of work.\n' },
  { id: 'council', path: 'council.txt', format: 'txt', text: 'The council approved 120 new homes on Tuesday, officials said, after a vote that ran late into the night.\n', meta: { title: 'Homes approved' } },
];

describe('the corpus index a build writes', () => {
  it('names each source by its title: the metadata one, else its first line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-build-'));
    const { index } = buildAnnotations(dir, inputs);
    expect(index.sources.map((s) => s.title)).toEqual(['Harbour reopens after repairs', 'Homes approved']);
    const onDisk = JSON.parse(readFileSync(paths(dir).index, 'utf8')) as { sources: { title?: string }[] };
    expect(onDisk.sources.map((s) => s.title)).toEqual(['Harbour reopens after repairs', 'Homes approved']);
  });

  it('re-analyses a source whose summary predates titles, so every summary it writes has one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-build-'));
    buildAnnotations(dir, inputs);
    const file = paths(dir).index;
    const old = JSON.parse(readFileSync(file, 'utf8')) as { sources: { title?: string }[] };
    delete old.sources[0]!.title;
    writeFileSync(file, JSON.stringify(old));
    const again = buildAnnotations(dir, inputs);
    expect(again.analysed).toEqual(['harbour']);
    expect(again.index.sources[0]!.title).toBe('Harbour reopens after repairs');
  });
});
