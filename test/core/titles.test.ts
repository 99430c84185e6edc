import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/core/pipeline.js';
import { titleOf } from '../../src/core/titles.js';

describe('source titles', () => {
  it('titles an article without a headline by its first sentence, not its whole first paragraph', () => {
    const text = 'The harbour reopened on Monday after a year of repairs that cost the city far more than planned. Officials said traffic would return within weeks.\n\nMore text follows.\n';
    const a = analyzeSource({ id: 'h', path: 'h.txt', text, format: 'txt' }).analysis;
    a.source.meta = {};
    expect(titleOf(a)).toBe('The harbour reopened on Monday after a year of repairs that cost the city far more than planned.');
    expect(titleOf({ ...a, source: { ...a.source, meta: { title: 'Harbour Reopens' } } })).toBe('Harbour Reopens');
  });
});
