import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combine, scoreSet } from '../../scripts/eval-detectors.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'detectors');

describe('scoring the detectors on labelled articles', () => {
  it('counts a defect found, one flagged under another rule, one missed, and a flag on a trap as a false alarm', () => {
    const score = scoreSet(FIXTURE, 'fixture');
    expect(score.rules['inconsistent-date']).toEqual({ found: 1, wrongRule: 0, missed: 0, falseAlarms: 0 });
    expect(score.rules['inconsistent-number']).toEqual({ found: 0, wrongRule: 1, missed: 0, falseAlarms: 0 });
    expect(score.rules['inconsistent-count']).toEqual({ found: 0, wrongRule: 0, missed: 1, falseAlarms: 0 });
    expect(score.rules['duplicate-caption']).toEqual({ found: 0, wrongRule: 0, missed: 0, falseAlarms: 1 });
    expect(score.notes.some((n) => n.includes('false alarm') && n.includes('(trap: duplicate-caption)'))).toBe(true);
  });

  it('adds sets up rule by rule', () => {
    const one = scoreSet(FIXTURE, 'fixture');
    const both = combine('both', [one, one]);
    expect(both.articles).toBe(2);
    expect(both.rules['inconsistent-date']!.found).toBe(2);
    expect(both.rules['duplicate-caption']!.falseAlarms).toBe(2);
  });

  it('names the labels file and the problem when a quote is not in its article', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-eval-'));
    writeFileSync(join(dir, 'a.txt'), 'The bridge cost $40 million.\n');
    writeFileSync(join(dir, 'labels.json'), JSON.stringify([{ file: 'a.txt', defects: [{ rule: 'inconsistent-number', quotes: ['$45 million'] }], traps: [] }]));
    expect(() => scoreSet(dir)).toThrow(/a\.txt: quote not in the text: "\$45 million"/);
    writeFileSync(join(dir, 'labels.json'), JSON.stringify([{ file: 'a.txt', defects: [{ rule: 'no-such-rule', quotes: ['x'] }], traps: [] }]));
    expect(() => scoreSet(dir)).toThrow(/labels\.json: 0\.defects\.0\.rule: /);
  });
});
