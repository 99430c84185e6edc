import { describe, expect, it } from 'vitest';
import { uniqueIds } from '../../src/core/flags.js';
import { analyzeSource } from '../../src/core/pipeline.js';

const analyse = (text: string) => analyzeSource({ id: 'story', path: 'story.txt', text, format: 'txt' }).analysis;

const STORY = [
  'Harbour Works Report',
  'The harbour authority said 40 cranes were installed in 2021.',
  'Workers unload a ship at the north pier\nWorkers unload a ship at the north pier',
  'The authority said 40 cranes were installed in 2021 and 45 cranes were installed in 2021.',
].join('\n\n');

describe('flag ids', () => {
  it('keeps a flag’s id when text is inserted before it, so a decision on it still applies', () => {
    const before = analyse(STORY).flags;
    expect(before.length).toBeGreaterThan(0);
    const after = analyse(`An editor's note added at the top.\n\n${STORY}`).flags;
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
    expect(after[0]!.spans[0]!.start).toBeGreaterThan(before[0]!.spans[0]!.start);
  });

  it('tells apart two findings on the same words by a numbered suffix, in text order', () => {
    const items = [{ id: 'f_a' }, { id: 'f_b' }, { id: 'f_a' }, { id: 'f_a' }];
    expect(uniqueIds(items).map((x) => x.id)).toEqual(['f_a', 'f_b', 'f_a_2', 'f_a_3']);
  });
});
