/**
 * The search engine over units: what a query finds must not depend on how
 * the corpus is stored (distinct passages, units grouped by identical text),
 * only on each sentence's own text and findings.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/core/pipeline.js';
import { buildSearchEngine, sourceDocs } from '../../src/core/search.js';
import type { SourceAnalysis } from '../../src/core/types.js';

const shared = 'The harbour authority handled 4.2 million containers in 2023.';
const texts = [
  `Port report\n\n${shared} Dock workers went on strike in March.\n\nThe strike ended after two weeks.`,
  `Harbour news\n\n${shared} Exports of grain rose sharply.\n\nThe harbour authority said the figure was a record.`,
  `Weekly digest\n\nGrain prices fell. ${shared}\n\n${shared}`,
  'Unrelated\n\nA quiet week in the mountains, with snow and little else.',
];
const analyses: SourceAnalysis[] = texts.map((text, i) => analyzeSource({ id: `s${i}`, path: `s${i}.txt`, text, format: 'txt' }).analysis);
const engine = buildSearchEngine(analyses);

/** Every unit (sentence) of the corpus with its text, straight from the analyses. */
const units = analyses.flatMap((a) => sourceDocs(a).units.map((u) => ({ sourceId: a.source.id, ...u })));
const naive = (pred: (text: string) => boolean) => units.filter((u) => pred(u.text.toLowerCase()));

describe('LunrSearchEngine', () => {
  it('counts every occurrence of a repeated sentence, in every source', () => {
    const r = engine.search('containers');
    const expected = naive((t) => t.includes('containers'));
    expect(expected.length).toBe(4);
    expect(r.totalHits).toBe(expected.length);
    expect(r.total).toBe(3);
    expect(r.groups.map((g) => g.hitCount).sort()).toEqual([1, 1, 2]);
    // The source with the sentence twice ranks by its best unit, and lists both.
    const digest = r.groups.find((g) => g.sourceId === 's2')!;
    expect(digest.hits).toHaveLength(2);
    expect(new Set(digest.hits.map((h) => h.start)).size).toBe(2);
  });

  it('gives hits whose text and highlights are exact slices of the source', () => {
    for (const q of ['harbour', 'strike', 'grain', 'containers million']) {
      for (const g of engine.search(q).groups) {
        const text = texts[Number(g.sourceId.slice(1))]!;
        for (const h of g.hits) {
          expect(text.slice(h.start, h.end)).toBe(h.text);
          expect(h.highlights.length).toBeGreaterThan(0);
          for (const m of h.highlights) {
            expect(m.start).toBeGreaterThanOrEqual(h.start);
            expect(m.end).toBeLessThanOrEqual(h.end);
            expect(q.split(' ').some((w) => text.slice(m.start, m.end).toLowerCase().startsWith(w.slice(0, 4)))).toBe(true);
          }
        }
      }
    }
  });

  it('applies + and - per unit', () => {
    const both = engine.search('+harbour +record');
    expect(both.totalHits).toBe(naive((t) => t.includes('harbour') && t.includes('record')).length);
    expect(both.totalHits).toBe(1);
    const without = engine.search('harbour -containers');
    expect(without.totalHits).toBe(naive((t) => t.includes('harbour') && !t.includes('containers')).length);
    const onlyExclusion = engine.search('-containers');
    expect(onlyExclusion.totalHits).toBe(naive((t) => !t.includes('containers')).length);
  });

  it('filters by source per occurrence, not per distinct text', () => {
    const r = engine.search('containers source:s2');
    expect(r.total).toBe(1);
    expect(r.totalHits).toBe(2);
    expect(engine.search('containers -source:s2').totalHits).toBe(2);
  });

  it('pages sources and keeps counts independent of the page', () => {
    const all = engine.search('harbour');
    const page = engine.search('harbour', { limit: 1, offset: 1, hitsPerSource: 1 });
    expect(page.total).toBe(all.total);
    expect(page.totalHits).toBe(all.totalHits);
    expect(page.groups.map((g) => g.sourceId)).toEqual([all.groups[1]!.sourceId]);
    expect(page.groups[0]!.hits).toHaveLength(1);
  });

  it('answers the same query the same way twice (scratch state is reset)', () => {
    const a = JSON.stringify(engine.search('+harbour -strike grain'));
    engine.search('containers');
    engine.search('-containers');
    expect(JSON.stringify(engine.search('+harbour -strike grain'))).toBe(a);
  });
});
