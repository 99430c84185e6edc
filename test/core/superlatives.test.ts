import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankStatements, ranksConflict, type RankStatement } from '../../src/core/superlatives.js';

/** The rank statements of each sentence of a text, in order (sentences given as they are written). */
function statements(...sentences: string[]): RankStatement[] {
  const text = sentences.join(' ');
  let at = 0;
  return sentences.flatMap((s) => {
    const start = text.indexOf(s, at);
    at = start + s.length;
    return rankStatements(text, { start, end: start + s.length });
  });
}
const verdict = (...sentences: string[]) => {
  const [a, b] = statements(...sentences);
  return a && b ? ranksConflict(a, b) : undefined;
};

describe('rank statements', () => {
  it('finds one thing given two places in one ranking, said outright or in an appositive', () => {
    expect(verdict('Tarnow is the largest city in the region, with 310,000 residents.', "Delegates said Tarnow, the region's second-largest city, needs housing.")).toBe('two-ranks');
    expect(verdict('Italy is the biggest export partner.', 'Italy, the second-biggest export partner, bought more.')).toBe('two-ranks');
  });

  it('finds first place given to two things in one ranking', () => {
    expect(verdict('Tarnow is the largest city in the region.', 'Orlen is the largest city in the region.')).toBe('two-firsts');
  });

  it('quotes the statement from the name to the end of the ranking', () => {
    expect(statements('By then Tarnow is the second-largest city in the region, officials said.').map((s) => s.span.text)).toEqual(['Tarnow is the second-largest city in the region']);
  });

  it('keeps rankings apart by scope, noun, measure, tense and year', () => {
    expect(verdict('Tarnow is the largest city in the region.', 'Orlen is the largest city in the north.')).toBeUndefined();
    expect(verdict('Italy is the biggest export partner.', 'Germany is the biggest import partner.')).toBeUndefined();
    expect(verdict('Kazakhstan is the largest country in Central Asia by area.', 'Kazakhstan is the second-largest country in Central Asia by population.')).toBeUndefined();
    expect(verdict('Tarnow was the largest city in the region.', 'Orlen is the largest city in the region.')).toBeUndefined();
    expect(verdict('In 2010 Tarnow was the largest city in the region.', 'In 2020 Tarnow was the second-largest city in the region.')).toBeUndefined();
  });

  it('reads no place in a ranking from "one of the largest" or from a pronoun', () => {
    expect(statements('Tarnow is one of the largest cities in the region.')).toEqual([]);
    expect(verdict('It is the largest city in the region.', 'It is the largest city in the region.')).toBeUndefined();
  });

  it('quotes every statement exactly, for arbitrary text around it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before} Tarnow is the second-largest city in the region. ${after}`;
        for (const s of rankStatements(text, { start: 0, end: text.length })) expect(text.slice(s.span.start, s.span.end)).toBe(s.span.text);
      }),
    );
  });
});
