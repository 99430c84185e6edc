import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWord, listContradicts, listedCounts } from '../../src/core/enumerations.js';

const whole = (text: string) => ({ start: 0, end: text.length });
/** What a reader would see: the count, the names it lists, and whether they cannot agree. */
const read = (text: string) =>
  listedCounts(text, whole(text)).map((l) => ({ count: l.count.text, items: l.items.map((i) => i.text), contradicts: listContradicts(l) }));

describe('a count and the list that spells it out', () => {
  it('finds a list that names more than its count, after a colon, "are", a dash or a bracket', () => {
    expect(read('Three candidates are standing for speaker: Anna Berg, Tomas Lind, Eva Holm and Piotr Nowak.')).toEqual([
      { count: 'Three candidates', items: ['Anna Berg', 'Tomas Lind', 'Eva Holm', 'Piotr Nowak'], contradicts: true },
    ]);
    expect(read('The three candidates are Anna Berg, Tomas Lind, Eva Holm and Piotr Nowak.')[0]?.contradicts).toBe(true);
    expect(read('Five states – Texas, Ohio, Iowa and Utah – sued the agency.')[0]?.contradicts).toBe(true);
    expect(read('The bloc has five members (Kazakhstan, Russia, Belarus and Armenia).')[0]?.contradicts).toBe(true);
  });

  it('agrees with a list that names as many as it counts, in an appositive too', () => {
    expect(read('The three Baltic states, Estonia, Latvia and Lithuania, joined in 2004.')).toEqual([
      { count: 'three Baltic states', items: ['Estonia', 'Latvia', 'Lithuania'], contradicts: false },
    ]);
    expect(read('He met two ministers, Foreign Minister A. Smith and Defence Minister J. Doe.')[0]?.contradicts).toBe(false);
    expect(read('The three carmakers are Ford, GM and Stellantis, which employ a million people.')[0]?.contradicts).toBe(false);
  });

  it('lets "including" name fewer than the count, but not more', () => {
    expect(read('Four countries, including France and Germany, objected.')[0]?.contradicts).toBe(false);
    expect(read('Two countries, including France, Germany and the Netherlands, objected.')[0]?.contradicts).toBe(true);
  });

  it('does not read a name with "and" in it as two, when the count allows it', () => {
    expect(read('The two members are Trinidad and Tobago and Jamaica.')).toEqual([]);
    expect(read('The two partners are Jamaica, Trinidad and Tobago.')[0]?.contradicts).toBe(false);
  });

  it('reads the last two names as two when the text names either on its own elsewhere', () => {
    const text = 'Leaders of the three states, Kazakhstan, Tajikistan, Turkmenistan and Uzbekistan, met. Uzbekistan hosted.';
    const [l] = listedCounts(text, whole(text));
    expect(listContradicts(l!)).toBe(false);
    expect(listContradicts(l!, text)).toBe(true);
    const alone = 'The two partners are Jamaica, Trinidad and Tobago. Jamaica signed first.';
    expect(listContradicts(listedCounts(alone, whole(alone))[0]!, alone)).toBe(false);
  });

  it('reads no list where the words after a count are not all names, or are alternatives', () => {
    for (const text of [
      'Three people were killed: a mother, her son and a neighbour.',
      'Two years later, Smith, Jones and Brown founded the firm.',
      'Three of the five committees, Finance, Health and Education, reported on time.',
      'Two of the three candidates, Smith and Jones, withdrew.',
      'Three candidates, Anna Berg, Tomas Lind or Eva Holm, could win.',
      'The two candidates: Smith, 45, and Jones, 52, met on Monday.',
      'Two leaders, Putin (Russia) and Xi (China), met.',
    ]) expect(read(text), text).toEqual([]);
  });

  it('reads a list after a spaced hyphen, also past a short qualifier of the count', () => {
    expect(read('The five Nordic clubs in the last 16 - Malmo, Rosenborg and Brann - all won at home.')).toEqual([
      { count: 'five Nordic clubs', items: ['Malmo', 'Rosenborg', 'Brann'], contradicts: true },
    ]);
    expect(read('Three firms - Acme, Borel and Cato - bid for the contract.')[0]?.contradicts).toBe(false);
    expect(read('The three Nordic clubs in the last 16 - Malmo, Rosenborg and Brann - all won.')[0]?.contradicts).toBe(false);
  });

  it('does not read a hyphenated word, a clause before the dash or a range as a count and its list', () => {
    for (const text of [
      'Five clubs played on Sunday - Malmo, Rosenborg and Brann won.',
      'The five clubs-Malmo, Rosenborg and Brann-won.',
      'The 4 - 5 clubs, Malmo, Rosenborg and Brann, won.',
    ]) expect(read(text).filter((l) => l.contradicts), text).toEqual([]);
  });

  it('spells the counts of a message out to twelve', () => {
    expect([2, 4, 12, 13].map(countWord)).toEqual(['two', 'four', 'twelve', '13']);
  });

  it('quotes every count, list and item exactly, for arbitrary text around a list', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('three', 'Four', '2'), (before, after, n) => {
        const text = `${before} ${n} founding members: Ann Lee, Bo Ek, Cy Oz and Di Wu. ${after}`;
        for (const l of listedCounts(text, whole(text))) {
          for (const q of [l.count, l.list, ...l.items]) expect(text.slice(q.start, q.end)).toBe(q.text);
        }
      }),
    );
  });
});

describe('lists in plain news style and lists after what is said of the count', () => {
  it('reads "A, B, C and D" as four names in a text, unless the last pair is a known name', () => {
    const text = 'Rain hit the three valleys worst affected: Arva, Belo, Corin and Duma.';
    expect(listContradicts(listedCounts(text, whole(text))[0]!, text)).toBe(true);
    const known = 'The two partners are Jamaica, Trinidad and Tobago.';
    expect(listContradicts(listedCounts(known, whole(known))[0]!, known)).toBe(false);
  });

  it('reads a list after the colon of a sentence the count opens', () => {
    expect(read('Three clinics were put on the review list, which flags the bottom 5% of results: Hill Clinic, Bay Clinic, Elm Health Centre and Lake Clinic.')).toEqual([
      { count: 'Three clinics', items: ['Hill Clinic', 'Bay Clinic', 'Elm Health Centre', 'Lake Clinic'], contradicts: true },
    ]);
  });

  it('does not read a far list that other members join, or one after another number', () => {
    for (const text of [
      'Three clinics were put on the list, joining those named last year: Hill Clinic, Bay Clinic, Elm Clinic and Lake Clinic.',
      'Three clinics were put on the list, and one other clinic was warned: Hill Clinic, Bay Clinic, Elm Clinic and Lake Clinic.',
      'Three clinics were put on the list, after a review of 12 results: Hill Clinic, Bay Clinic, Elm Clinic and Lake Clinic.',
      'Officials said three clinics were put on the list, which also names: Hill Clinic, Bay Clinic, Elm Clinic and Lake Clinic.',
    ]) expect(read(text).filter((l) => l.contradicts && l.count === 'Three clinics'), text).toEqual([]);
  });
});
