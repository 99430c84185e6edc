import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeCorpus, analyzeSource } from '../../src/core/pipeline.js';
import type { Quoted, SourceAnalysis } from '../../src/core/types.js';

/** Text that looks like articles: words, numbers, money, captions, Markdown-ish marks, odd whitespace, astral characters. */
const articleish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'The', 'election', 'in', 'Kazakhstan', 'held', 'nine', '$13.9 billion', '32%', 'March 19, 2023', 'U.S.', 'No. 1',
        'Dr.', 'President', 'of', 'China', '2022The', 'Photo credit: iStock.', '(SCO),', 'said', '“quoted”', 'followed by',
        '# ', '1. ', '> ', '- ', '    ', '*', '_', '[', '<script>', '😀', '\u00a0', '\uFEFF', '\r\n', '\n', '\n\n', '.', ',', ' ',
      ),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(' '));

function assertExact(text: string, a: SourceAnalysis): void {
  const check = (q: Quoted) => {
    expect(q.start).toBeGreaterThanOrEqual(0);
    expect(q.end).toBeLessThanOrEqual(text.length);
    expect(q.start).toBeLessThanOrEqual(q.end);
    expect(text.slice(q.start, q.end)).toBe(q.text);
  };
  let previousEnd = 0;
  for (const p of a.paragraphs) {
    check(p);
    expect(p.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = p.end;
    p.lines.forEach(check);
  }
  a.sentences.forEach(check);
  for (const c of a.claims) {
    check(c);
    expect(c.quote.exact).toBe(c.text);
    expect(text.slice(c.position.start, c.position.end)).toBe(c.text);
    const p = a.paragraphs.find((x) => x.id === c.paragraphId)!;
    expect(c.start).toBeGreaterThanOrEqual(p.start);
    expect(c.end).toBeLessThanOrEqual(p.end);
    [...c.quantities, ...c.dates, ...c.entities].forEach(check);
  }
  a.captions.forEach(check);
  for (const f of [...a.flags, ...a.corroborations]) f.spans.forEach(check);
}

describe('spans', () => {
  it('every span the analysis emits is the exact slice of the text, for arbitrary text', () => {
    fc.assert(
      fc.property(articleish, fc.constantFrom<'txt' | 'md'>('txt', 'md'), (text, format) => {
        const { analysis } = analyzeSource({ id: 's', path: `s.${format}`, text, format });
        assertExact(text, analysis);
      }),
      { numRuns: 300 },
    );
  });

  it('cross-source flags point at exact slices of each source', () => {
    fc.assert(
      fc.property(articleish, articleish, (a, b) => {
        const { analysis } = analyzeCorpus([
          { id: 'a', path: 'a.txt', text: a, format: 'txt' },
          { id: 'b', path: 'b.txt', text: b, format: 'txt' },
        ]);
        const texts: Record<string, string> = { a, b };
        for (const f of [...analysis.crossFlags, ...analysis.crossCorroborations]) {
          for (const s of f.spans) expect(texts[s.sourceId]!.slice(s.start, s.end)).toBe(s.text);
        }
      }),
      { numRuns: 100 },
    );
  });
});
