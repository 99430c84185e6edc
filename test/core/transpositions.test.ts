import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/core/pipeline.js';
import { countedHead, oneSwapApart, transposedPairs, type FigureMention } from '../../src/core/transpositions.js';

const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'consistency-transposed.txt'), 'utf8');

const figure = (t: string, sentence: number, start = sentence * 100): FigureMention => ({ start, end: start + t.length, text: t, unitClass: 'n', sentence });

describe('transposed digits', () => {
  it('tells a swap of two neighbouring digits from other differences', () => {
    expect(oneSwapApart('146', '164')).toBe(true);
    expect(oneSwapApart('38', '83')).toBe(true);
    expect(oneSwapApart('146', '146')).toBe(false);
    expect(oneSwapApart('146', '641')).toBe(false);
    expect(oneSwapApart('1240', '2140')).toBe(true);
    expect(oneSwapApart('1240', '1250')).toBe(false);
  });

  it('reads what a figure counts past "per cent of" and scale words, singular', () => {
    const s = '15.8 per cent of capacity; 38 million cubic metres; 14.6 million passengers carried';
    expect(countedHead(s, s.indexOf('15.8') + 13, s.length)).toBe('capacity');
    expect(countedHead(s, s.indexOf('38') + 10, s.length)).toBe('cubic');
    expect(countedHead(s, s.indexOf('14.6') + 12, s.length)).toBe('passenger');
    expect(countedHead('rose to 412.', 11, 12)).toBe('');
    expect(countedHead('812,400 residents', 7, 17)).toBe(countedHead('812,400 people', 7, 14));
  });

  it('pairs each later figure with the earliest it mirrors, in other sentences only', () => {
    const figures = [figure('14.6 million', 0), figure('16.4 million', 1), figure('16.4 million', 2), figure('64.1 million', 3)];
    const pairs = transposedPairs(figures, () => 'passenger');
    expect(pairs.map(([a, b]) => [a.sentence, b.sentence])).toEqual([[0, 1], [0, 2]]);
    expect(transposedPairs([figure('146', 0, 0), figure('164', 0, 10)], () => 'bed')).toEqual([]);
  });

  it('leaves two bare two-digit counts alone, and figures of different things', () => {
    expect(transposedPairs([figure('12', 0), figure('21', 1)], () => 'seat')).toEqual([]);
    const heads = new Map([[0, 'pupil'], [1, 'patient']]);
    expect(transposedPairs([figure('412', 0), figure('421', 1)], (f) => heads.get(f.sentence)!)).toEqual([]);
  });

  it('flags a reservoir given as 38 and later as 83 million cubic metres, and nothing else in the article', () => {
    const { analysis } = analyzeSource({ id: 'transposed', path: 'transposed.txt', text, format: 'txt' });
    const numbers = analysis.flags.filter((f) => f.rule === 'inconsistent-number');
    expect(numbers).toHaveLength(1);
    expect(numbers[0]!.spans.map((s) => s.text).sort()).toEqual(['38 million', '83 million']);
    for (const s of numbers[0]!.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(analysis.flags.filter((f) => f.rule.startsWith('inconsistent-')).map((f) => f.rule)).toEqual(['inconsistent-number']);
  });
});
