import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageMentions, agesConflict, type AgeMention } from '../../src/core/ages.js';

const ages = (text: string): AgeMention[] => ageMentions(text, { start: 0, end: text.length });
const givensOf = (all: readonly AgeMention[], surname: string) => new Set(all.filter((a) => a.surname === surname && a.given).map((a) => a.given!));

describe('ages told of people', () => {
  it('reads an age after a name, in brackets, before it and in an appositive', () => {
    expect(ages('"We lost everything," said Ana Ruiz, 54, a shopkeeper.').map((a) => [a.span.text, a.name, a.value])).toEqual([['Ana Ruiz, 54', 'Ana Ruiz', 54]]);
    expect(ages('Ruiz (54) runs a shop.').map((a) => a.value)).toEqual([54]);
    expect(ages('The 52-year-old mayor Smith said he would run again.').map((a) => [a.name, a.value])).toEqual([['Smith', 52]]);
    expect(ages('Ana Ruiz, a fifty-year-old shopkeeper, spoke.')).toEqual([]);
    expect(ages('Ana Ruiz, a 52-year-old shopkeeper, spoke.').map((a) => [a.name, a.value])).toEqual([['Ana Ruiz', 52]]);
  });

  it('reads no age from a month, a route or a count, nor from a place after the age', () => {
    expect(ages('In March, 12 people died. Route 66, 12 miles long, is closed.')).toEqual([]);
    expect(ages('A 4-year-old boy in Aleppo was rescued.')).toEqual([]);
  });

  it('does not take a single capitalised word with two numbers for one person with two ages', () => {
    const all = ages('The vote in Wisconsin, 82, was close. Wisconsin, 80, voted later.');
    expect(agesConflict(all[0]!, all[1]!, givensOf(all, 'Wisconsin'))).toBe(false);
  });

  it('finds one person given two ages, by full name or by a surname the article gives one first name', () => {
    const all = ages('Ana Ruiz, 54, spoke. The 52-year-old Ruiz left.');
    expect(agesConflict(all[0]!, all[1]!, givensOf(all, 'Ruiz'))).toBe(true);
  });

  it('does not take relatives, Mr and Mrs, or an age of another time for one person', () => {
    const family = ages('Ana Ruiz, 54, and her daughter Maria Ruiz, 23, left. Ruiz, 23, is a student.');
    expect(agesConflict(family[0]!, family[1]!, givensOf(family, 'Ruiz'))).toBe(false);
    expect(agesConflict(family[0]!, family[2]!, givensOf(family, 'Ruiz'))).toBe(false);
    const couple = ages('Mr Ruiz, 54, and Mrs Ruiz, 52, run the shop.');
    expect(agesConflict(couple[0]!, couple[1]!, new Set())).toBe(false);
    const then = ages('Smith, 45, was elected mayor in 2020. The 52-year-old mayor Smith said he would run again.');
    expect(agesConflict(then[0]!, then[1]!, new Set())).toBe(false);
  });

  it('quotes every age mention exactly, for arbitrary text around it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before} said Ana Ruiz, 54, and the 52-year-old mayor Smith ${after}`;
        for (const a of ages(text)) expect(text.slice(a.span.start, a.span.end)).toBe(a.span.text);
      }),
    );
  });
});
