import { describe, expect, it } from 'vitest';
import { ageConflicts, anniversaries, anniversaryConflicts, birthAges, foundings } from '../../src/core/anniversaries.js';
import { analyzeSource } from '../../src/core/pipeline.js';

const whole = (text: string) => ({ start: 0, end: text.length });

describe('anniversaries and birth years', () => {
  it('reads founding years and the anniversary a sentence dates', () => {
    const s = 'The bridge opened to traffic in 1968 and celebrated its 50th anniversary with a festival in 2016.';
    expect(foundings(s, whole(s)).map((f) => f.year)).toEqual([1968]);
    expect(anniversaries(s, whole(s), 2025).map((a) => [a.count, a.year])).toEqual([[50, 2016]]);
    const opening = 'Founded in 1878 by a textile merchant, the museum moved in 1921.';
    expect(foundings(opening, whole(opening)).map((f) => f.span.text)).toEqual(['Founded in 1878']);
  });

  it('dates a present-tense anniversary by the article, but not one of another event', () => {
    const s = 'The bank, founded in 1952, is marking its 75th anniversary.';
    expect(anniversaries(s, whole(s), 2025).map((a) => [a.count, a.year])).toEqual([[75, 2025]]);
    const other = 'The museum marks the 80th anniversary of the liberation.';
    expect(anniversaries(other, whole(other), 2025)).toEqual([]);
  });

  it('finds an anniversary the one founding year cannot give, and leaves texts with several foundings alone', () => {
    const founded = [{ span: { start: 0, end: 4, text: 'x' }, year: 1952 }];
    const said = [{ span: { start: 5, end: 9, text: '75th anniversary' }, count: 75, year: 2025 }, { span: { start: 5, end: 9, text: '73rd anniversary' }, count: 73, year: 2025 }];
    expect(anniversaryConflicts(founded, said).map(([, a]) => a.count)).toEqual([75]);
    expect(anniversaryConflicts([...founded, { ...founded[0]!, year: 1960 }], said)).toEqual([]);
  });

  it('allows an age either side of the birthday and nothing else', () => {
    const s = 'The 34-year-old Wanjiru, born in Iten in 1994, won in 2:05:11.';
    const [b] = birthAges(s, whole(s));
    expect(b).toMatchObject({ value: 34, birthYear: 1994 });
    expect(s.slice(b!.age.start, b!.age.end)).toBe('34-year-old Wanjiru');
    expect(ageConflicts(b!, 2025)).toBe(true);
    expect(ageConflicts(b!, 2028)).toBe(false);
    expect(ageConflicts(b!, 2029)).toBe(false);
  });

  it('leaves an age told of another time alone', () => {
    const s = 'Wanjiru, born in 1994, was 19 when she first raced here.';
    expect(birthAges(s, whole(s))).toEqual([]);
  });

  it('flags an anniversary and an age that the article cannot square, with exact spans', () => {
    const text = [
      'Harbour bank keeps rates on hold',
      'By Ana Ruiz | Thursday, 12 June 2025',
      'The Harbour Bank, founded in 1952, is marking its 75th anniversary with a new banknote.',
      'Its chief economist, the 41-year-old Lena Moss, born in Tallinn in 1979, said inflation would ease.',
      'The committee meets again in July.',
    ].join('\n\n');
    const { analysis } = analyzeSource({ id: 'bank', path: 'bank.txt', text, format: 'txt' });
    const dates = analysis.flags.filter((f) => f.rule === 'inconsistent-date');
    expect(dates.map((f) => f.spans.map((s) => s.text))).toEqual([
      ['41-year-old Lena Moss', 'born in Tallinn in 1979'],
      ['75th anniversary', 'founded in 1952'],
    ]);
    for (const f of dates) for (const s of f.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
