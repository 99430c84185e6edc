import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractDates, extractEntities, extractQuantities, singular } from '../../src/core/mentions.js';

const q = (s: string) => extractQuantities(s, 0, s.length);
const d = (s: string, articleDate?: string, referenceYear?: number) => extractDates(s, 0, s.length, { articleDate, referenceYear });
const ents = (s: string) => extractEntities(s, 0, s.length);

describe('quantities', () => {
  it('reads a spelled-out count with the counted noun as its unit', () => {
    const [nine] = q('On March 19, 2023, Kazakhstan held nine parliamentary elections to elect the members.');
    expect(nine).toMatchObject({ text: 'nine', kind: 'count', value: 9, unit: 'elections' });
  });

  it('reads amounts in more currencies by their ISO code, but not a conference numbered like one', () => {
    expect(q('Sales rose to RON 6.8 billion, and PEN 120 million.').map((x) => [x.text, x.unit])).toEqual([['RON 6.8 billion', 'RON'], ['PEN 120 million', 'PEN']]);
    expect(q('Delegates met at COP 28 in Dubai.').some((x) => x.kind === 'money')).toBe(false);
  });

  it('gives no counted noun to a figure followed by a preposition standing alone', () => {
    const found = q('The measure passed with 12,418 votes in favour to 10,906 against, and 300 abstentions.');
    expect(found.map((x) => [x.text, x.unit])).toEqual([['12,418', 'votes'], ['10,906', undefined], ['300', 'abstentions']]);
  });

  it('reads money with scale words and symbols as ISO amounts', () => {
    const found = q('exported a record $13.9 billion, raised €2m and spent 5 million dollars');
    expect(found.map((x) => [x.text, x.kind, x.value, x.unit])).toEqual([
      ['$13.9 billion', 'money', 13.9e9, 'USD'],
      ['€2m', 'money', 2e6, 'EUR'],
      ['5 million dollars', 'money', 5e6, 'USD'],
    ]);
  });

  it('reads percentages as fractions', () => {
    expect(q('32% more').map((x) => x.value)).toEqual([0.32]);
    expect(q('rose 32 percent').map((x) => [x.kind, x.value])).toEqual([['percent', 0.32]]);
  });

  it('reads grouped digits, millions, dozens, halves and ordinals', () => {
    const found = q('1,234 votes, 3.5 million, a dozen ships, half of them, the 10th anniversary, the first time');
    expect(found.map((x) => [x.text, x.kind, x.value])).toEqual([
      ['1,234', 'count', 1234],
      ['3.5 million', 'number', 3.5e6],
      ['a dozen', 'count', 12],
      ['half', 'number', 0.5],
      ['10th', 'ordinal', 10],
      ['first', 'ordinal', 1],
    ]);
  });

  it('marks approximate figures and bounds', () => {
    const found = q('with little under $2 billion, about 2,000 troops, more than 50 countries, at least five, up to 10%');
    expect(found.map((x) => x.approx)).toEqual(['less-than', 'about', 'more-than', 'at-least', 'at-most']);
  });

  it('treats standalone years as years and leaves dates and names alone', () => {
    const found = q('On March 19, 2023 the C5+1, the G20 and COVID-19 met in 2021.');
    expect(found.map((x) => [x.text, x.kind])).toEqual([['2021', 'year']]);
  });

  it('does not read numbers glued to words, times or versions', () => {
    expect(q('at 10:30 with 5G and v1.2.3 on 24/7 duty')).toEqual([]);
  });
});

describe('dates', () => {
  it('normalises month-day-year, day-month-year, month-year, ISO and bare years', () => {
    const found = d('On March 19, 2023; 19 March 2023; in October 2023; 2023-03-19; in 2021.');
    expect(found.map((x) => x.value)).toEqual(['2023-03-19', '2023-03-19', '2023-10', '2023-03-19', '2021']);
  });

  it('resolves "last year" against the article date and marks it relative', () => {
    const [ly] = d('trade reached a record high last year', '2023-06-01');
    expect(ly).toMatchObject({ text: 'last year', value: '2022', relative: true });
  });

  it('leaves out "last year" when the article date is unknown rather than guessing', () => {
    expect(d('trade reached a record high last year, 32% more than in 2021').map((x) => x.value)).toEqual(['2021']);
  });

  it('resolves "the following year" against the year the text last named', () => {
    expect(d('Talks began in 2013 and ended the following year.').map((x) => x.value)).toEqual(['2013', '2014']);
    expect(d('They ended the following year.', undefined, 2019).map((x) => x.value)).toEqual(['2020']);
  });

  it('resolves "yesterday" only when the article has a full date', () => {
    expect(d('It was announced yesterday.', '2024-03-01').map((x) => x.value)).toEqual(['2024-02-29']);
    expect(d('It was announced yesterday.', '2024')).toEqual([]);
  });
});

describe('entities', () => {
  it('keeps a sentence-opening name with a common-looking ending when the text capitalises it mid-sentence too', () => {
    const text = 'Exports to Tessaly rose. Tessaly is the biggest buyer. Nearly all of it is grain, nearly all shipped by sea.';
    const found = extractEntities(text, 0, text.length).map((e) => e.text);
    expect(found.filter((t) => t === 'Tessaly')).toHaveLength(2);
    expect(found).not.toContain('Nearly');
  });

  it('finds people behind their titles and the country of the office', () => {
    const found = ents('President of Kazakhstan Kassym-Jomart Tokayev and President of China Xi Jinping');
    expect(found.map((e) => [e.text, e.kind])).toEqual([
      ['Kazakhstan', 'place'],
      ['Kassym-Jomart Tokayev', 'person'],
      ['China', 'place'],
      ['Xi Jinping', 'person'],
    ]);
  });

  it('reads a ministry title before a name without taking its subject for a country, at a sentence start or later', () => {
    for (const text of ['Minister of Trade John Smith said exports rose.', 'Exports rose, Minister of Trade John Smith said, after Lena Park left.']) {
      const found = extractEntities(text, 0, text.length);
      expect(found.find((e) => e.text === 'John Smith')?.kind).toBe('person');
      expect(found.filter((e) => e.kind === 'place')).toEqual([]);
    }
  });

  it('recognises organisations and the acronyms that abbreviate them', () => {
    const found = ents('It is a member of the United Nations (UN) and the Organization for Security and Cooperation in Europe (OSCE).');
    expect(found.map((e) => [e.text, e.kind])).toEqual([
      ['United Nations', 'organization'],
      ['UN', 'organization'],
      ['Organization for Security and Cooperation in Europe', 'organization'],
      ['OSCE', 'organization'],
    ]);
  });

  it('skips ordinary capitalised sentence openers and roles', () => {
    const found = ents('Notably, the deal held. However, Prime Ministers met in Geneva. The author is Jane Doe, a Senior Lecturer.');
    expect(found.map((e) => [e.text, e.kind])).toEqual([
      ['Geneva', 'place'],
      ['Jane Doe', 'person'],
    ]);
  });

  it('cites a possessive name without its ending', () => {
    expect(ents('Kazakhstan’s exports grew.').map((e) => e.text)).toEqual(['Kazakhstan']);
  });
});

describe('mention spans', () => {
  const chunk = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('\uFEFF', '\r\n', '😀', '𝟘', ' $13.9 billion ', ' March 19, 2023 ', 'C5+1', 'last year', ' President Xi ', '32%', ' nine ', 'U.S.', '1,234.5', ' (EU) ', '-2021', '’s'),
  );
  it('every mention’s text equals the slice of the source at its offsets, inside the requested span', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 12 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join('');
        const start = text.length ? a % (text.length + 1) : 0;
        const end = start + (text.length - start ? b % (text.length - start + 1) : 0);
        const all = [
          ...extractQuantities(text, start, end),
          ...extractDates(text, start, end, { articleDate: '2023-05-04' }),
          ...extractEntities(text, start, end),
        ];
        for (const m of all) {
          expect(text.slice(m.start, m.end)).toBe(m.text);
          expect(m.start).toBeGreaterThanOrEqual(start);
          expect(m.end).toBeLessThanOrEqual(end);
          expect(m.end).toBeGreaterThan(m.start);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('compares counted units by their singular', () => {
    expect(singular('elections')).toBe(singular('election'));
    expect(singular('countries')).toBe('country');
  });
});
