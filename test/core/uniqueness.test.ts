import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/core/pipeline.js';
import { onlyStatements, uniquenessConflicts } from '../../src/core/uniqueness.js';

const whole = (text: string) => ({ start: 0, end: text.length });
const countFlags = (body: string): string[][] => {
  const text = `Report\n\n${body}\n`;
  const { analysis } = analyzeSource({ id: 'only', path: 'only.txt', text, format: 'txt' });
  const flags = analysis.flags.filter((f) => f.rule === 'inconsistent-count');
  for (const f of flags) for (const s of f.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  return flags.map((f) => f.spans.map((s) => s.text));
};

describe('an only one with a second', () => {
  it('reads "only" phrases up to the words that end them, singular', () => {
    const s = "It was the company's only acquisition of the year.";
    expect(onlyStatements(s, whole(s)).map((o) => [o.span.text, o.words])).toEqual([["company's only acquisition", ['acquisition']]]);
  });

  it('pairs an only one with a second whose words begin its own, and nothing looser', () => {
    const only = [{ span: { start: 0, end: 32, text: 'the only detailed survey carried' }, words: ['detailed', 'survey', 'carried'], ends: [17, 24, 32] }];
    const at = (words: string[]) => [{ span: { start: 40, end: 50, text: 'x' }, words }];
    expect(uniquenessConflicts(only, at(['detailed', 'survey'])).map(([o]) => o.span.text)).toEqual(['the only detailed survey']);
    expect(uniquenessConflicts(only, at(['detailed', 'report']))).toEqual([]);
  });

  it('flags "the only detailed survey" against "a second detailed survey"', () => {
    expect(countFlags('The 2015 report was the only detailed survey carried out on the bridge. A second detailed survey, commissioned in 2022, found cracks in the north pier.'))
      .toEqual([['the only detailed survey', 'A second detailed survey']]);
  });

  it('does not flag idioms, a previous or a planned second, or a different thing', () => {
    expect(countFlags('Talks were the only way forward, the mayor said. Two ways were discussed.')).toEqual([]);
    expect(countFlags('It is the only bridge over the river. A second bridge is planned for 2030.')).toEqual([]);
    expect(countFlags('It is the only toll bridge in the county. Two footbridges cross the creek.')).toEqual([]);
  });
});
