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

  it('reads a ranking that a clause makes ("making X the longest …") or puts before its name ("As the region\'s third-largest …, X")', () => {
    expect(verdict('The span is 1,210 metres, making the Ostra Bridge the longest suspension bridge in the region.', 'Officials said the Ostra Bridge is the second-longest suspension bridge in the region.')).toBe('two-ranks');
    expect(verdict("Valmark, the region's second-largest economy, grew 2%.", "As the region's third-largest economy, Valmark is closely watched.")).toBe('two-ranks');
    expect(statements("As the region's third-largest economy, Valmark is closely watched.").map((r) => r.span.text)).toEqual(["As the region's third-largest economy, Valmark"]);
    // Traps: a pronoun names nothing; "one of the longest" ranks nothing.
    expect(statements('The span is 1,210 metres, making it the longest suspension bridge in the region.')).toEqual([]);
    expect(statements('That made the Ostra Bridge one of the longest suspension bridges in the region.')).toEqual([]);
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

  it('finds two things both called the largest of one closed season, the noun left out and the scope possessive', () => {
    expect(verdict('The Halden flood was the largest of the decade, covering 3,000 hectares.', "The Korsa flood, the decade's largest, hit in May.")).toBe('two-firsts');
    expect(verdict('The Halden bridge was the longest bridge of the decade.', "The Korsa bridge, the decade's longest, opened in May.")).toBe('two-firsts');
  });

  it('keeps a bare superlative apart from another scope, a ranking still open, and a name that says nothing of its kind', () => {
    expect(verdict('The Halden flood was the largest of the decade.', "The Korsa flood, the century's largest, hit in May.")).toBeUndefined();
    expect(verdict('The Halden flood was the largest of the decade so far.', "The Korsa flood, the decade's largest, hit in May.")).toBeUndefined();
    expect(verdict('Halden was the largest of the decade.', "Korsa, the decade's largest, grew.")).toBeUndefined();
    expect(verdict('The Halden flood was one of the largest of the decade.', "The Korsa flood, the decade's largest, hit in May.")).toBeUndefined();
    // An open scope keeps its tense: the largest town then need not be the largest now.
    expect(verdict('The Halden mill was the largest in the valley.', "The Korsa mill, the valley's largest, employs 40.")).toBeUndefined();
  });

  it('finds one thing given two places in a table, in any of the ways a place is said', () => {
    expect(verdict('Brenton, ranked 22nd, remains the top school in the north.', 'Brenton is in 24th place.')).toBe('two-ranks');
    expect(verdict('Brenton came ninth.', 'The judges praised 11th-placed Brenton.')).toBe('two-ranks');
    expect(verdict('Brenton finished sixth.', 'Brenton, in seventh place, is appealing.')).toBe('two-ranks');
    expect(verdict('The Institute of Brenton, ranked 22nd, hired staff.', 'The Institute of Brenton noted that in 24th place it was level with Ostia.')).toBe('two-ranks');
    expect(verdict('Brenton, ranked 22nd, hired staff.', 'The College of Brenton noted that in 24th place it was level with Ostia.')).toBe('two-ranks');
    expect(verdict('In a statement, Brenton said it was pleased.', 'Brenton, ranked 22nd, hired staff.')).toBeUndefined();
    expect(verdict('Brenton, ranked 22nd, hired staff.', 'In a statement, the College of Brenton noted that in 24th place it was level with Ostia.')).toBe('two-ranks');
    expect(verdict('Harlan State, ranked No. 9, hired a coach.', 'Harlan State is ranked No. 7.')).toBe('two-ranks');
  });

  it('does not compare places of other years, tables, ties, moves, stages or two places in one sentence', () => {
    for (const [a, b] of [
      ['Brenton finished ninth.', 'In the relay, Brenton finished fourth.'],
      ['In the QS table, Brenton is ranked 22nd.', 'Brenton, ranked 24th, hired staff.'],
      ['According to Harlow, Brenton is ranked 22nd.', 'Brenton, ranked 24th, hired staff.'],
      ['Brenton, ranked 22nd, hired staff.', 'Brenton was ranked 24th last year.'],
      ['Brenton, ranked 22nd, hired staff.', 'Brenton climbed from 30th to 24th place.'],
      ['Brenton was ranked 22nd in 2023.', 'Brenton was ranked 24th in 2024.'],
      ['Brenton was ranked 22nd in the world.', 'Brenton was ranked 4th in Europe.'],
      ['Brenton was ranked 22nd in the world.', 'Brenton is in 4th place.'],
      ['Brenton and Ostia were joint 22nd.', 'Brenton was 23rd.'],
      ['Brenton finished ninth.', 'Brenton was third after the first round.'],
      ['Brenton finished first for the fifth consecutive year.', 'Brenton finished second.'],
      ['Brenton was ranked 22nd.', 'Ostia was ranked 22nd.'],
      ['Brenton came first.', 'Ostia came first.'],
      ['Brenton was ranked 22nd overall and 3rd for teaching.', 'Ostia was 9th.'],
      ['Brenton City finished ninth.', 'Brenton finished 11th.'],
    ]) expect(verdict(a!, b!), `${a} / ${b}`).toBeUndefined();
  });

  // The verdict over a whole text, as the checker gives it: scope wordings are resolved against the text.
  const verdictIn = (...sentences: string[]) => {
    const all = statements(...sentences);
    const text = sentences.join(' ');
    for (let i = 1; i < all.length; i++) for (let j = 0; j < i; j++) {
      const v = ranksConflict(all[j]!, all[i]!, text);
      if (v) return v;
    }
    return undefined;
  };

  it('finds one economy ranked second in a region named outright and third in "the region"', () => {
    expect(verdictIn('Norland, Northern Europe\'s second-largest economy, grew 2% last year.', "As the region's third-largest economy, Norland is closely watched.")).toBe('two-ranks');
    // Trap: "the region" next to a country's name may be a part of it, or it a part of the region.
    expect(verdictIn("Lyonne, Ostia's third-largest city, hosts the fair.", "Lyonne is the region's largest city.")).toBeUndefined();
  });

  it('finds a volcano ranked second in a province and first in "the province", its name with and without "Mount"', () => {
    const intro = 'Officials raised the alert for Mount Kerev in Halmark province on Monday.';
    expect(verdictIn(intro, 'Kerev is the second most active volcano in Halmark, after Mount Tolo, which has erupted since 1933.', "Mount Kerev, the province's most active volcano, is watched from a post opened in 1995.")).toBe('two-ranks');
    // Traps: a text that never calls Halmark a province; an opinion is no ranking.
    expect(verdictIn('Kerev is the second most active volcano in Halmark.', "Mount Kerev, the province's most active volcano, is watched.")).toBeUndefined();
    expect(statements('Trade is the most important issue in the campaign.')).toEqual([]);
  });

  it('reads "it" in a ranking of bridges as the bridge the text named last', () => {
    expect(verdictIn('The span is 1,210 metres, making the Ostra Bridge the longest suspension bridge in the region.', 'Crowds crossed the Ostra Bridge on Sunday.', 'Officials said it is the second-longest suspension bridge in the region, after the Velka Bridge.')).toBe('two-ranks');
    // Traps: another bridge named in between is what "it" is; with no bridge named, "it" is nothing.
    expect(verdictIn('The Ostra Bridge is the longest suspension bridge in the region.', 'The Velka Bridge opened in May.', 'Officials said it is the second-longest suspension bridge in the region.')).toBeUndefined();
    expect(statements('Officials said it is the second-longest suspension bridge in the region.')).toEqual([]);
  });

  it('dates an appositive by its own clause, and by an earlier year before it only', () => {
    expect(verdictIn('Ostra–Velka, the airline\'s busiest route, carried 2 million passengers.', 'Our priority for 2026 is Ostra–Linz, the airline\'s busiest route, where larger jets will fly.')).toBe('two-firsts');
    // Trap: a year earlier than the text's latest dates the appositive to then.
    expect(verdictIn('The games returned in 2024.', "In 1990, Tarnow, the country's largest city, hosted the games.", "Orlen, the country's largest city, hosts them now.")).toBeUndefined();
  });

  it('finds a runner placed third on the podium and later called the runner-up, but not last year\'s runner-up', () => {
    expect(verdictIn("Halden's Jo Marsh completed the podium in 2:09:40.", 'Jo Marsh, the runner-up, said the wind was hard.')).toBe('two-ranks');
    expect(verdictIn("Jo Marsh, last year's runner-up, completed the podium.", 'Jo Marsh thanked the crowd.')).toBeUndefined();
    expect(verdictIn('Jo Marsh completed the podium.', 'Jo Marsh, the runner-up in 2019, said little.')).toBeUndefined();
  });

  it('finds a team called the top seed and later the second-seeded team', () => {
    expect(verdictIn('Harlow, the top seed after a 20-8 season, lead the series 2-1.', 'The win restores home court to the second-seeded Harlow, who last won a title in 2019.')).toBe('two-ranks');
    expect(statements('Top-seeded Ana Lind won.', 'Ana Lind, the No. 3 seed, lost.').map((r) => [r.span.text, r.rank])).toEqual([['Top-seeded Ana Lind', 1], ['Ana Lind, the No. 3 seed', 3]]);
  });

  it('leaves seeds of two draws, two times or two players alone', () => {
    // Traps: two players may both be top seeds of two draws; a seed in another draw or year is another table.
    expect(verdictIn('Ana Lind, the top seed, won.', 'Mia Orsk, the top seed, lost.')).toBeUndefined();
    expect(verdictIn('Ana Lind, the top seed in the singles, won.', 'Ana Lind, the second seed in the doubles, lost.')).toBeUndefined();
    expect(verdictIn('Ana Lind, the top seed last year, won.', 'Ana Lind, the third seed, lost.')).toBeUndefined();
    expect(statements("Last year's top-seeded Ana Lind fell early.")).toEqual([]);
    expect(statements('The seed round raised money.')).toEqual([]);
  });

  it('quotes every statement exactly, for arbitrary text around it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before} Tarnow is the second-largest city in the region. The Orsk fire, the season's largest, Brenton, ranked 22nd, and 9th-placed Ostia. Harlow, the top seed, and the second-seeded Lind. ${after}`;
        for (const s of rankStatements(text, { start: 0, end: text.length })) expect(text.slice(s.span.start, s.span.end)).toBe(s.span.text);
      }),
    );
  });
});
