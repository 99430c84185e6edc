import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeConsistency, checkAcrossSources } from '../../src/core/consistency.js';
import { parseSource, paragraphsOf } from '../../src/core/paragraphs.js';
import { analyzeCorpus, analyzeSource } from '../../src/core/pipeline.js';
import { splitSentences } from '../../src/core/sentences.js';
import type { Corroboration, Fact, Flag, FlagSpan, RuleId, SourceAnalysis } from '../../src/core/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const SOURCES = join(ROOT, 'sources');

const fixtureText = (name: string): string => readFileSync(join(FIXTURES, `consistency-${name}.txt`), 'utf8');
const sourceFile = (prefix: string): string => readdirSync(SOURCES).find((f) => f.startsWith(prefix))!;

function analyse(id: string, text: string): SourceAnalysis {
  return analyzeSource({ id, path: `${id}.txt`, text, format: 'txt' }).analysis;
}
const fixture = (name: string): SourceAnalysis => analyse(`consistency-${name}`, fixtureText(name));
const source = (prefix: string): SourceAnalysis => {
  const file = sourceFile(prefix);
  return analyse(file.replace(/\.txt$/, ''), readFileSync(join(SOURCES, file), 'utf8'));
};

const ofRule = (a: SourceAnalysis, rule: RuleId): Flag[] => a.flags.filter((f) => f.rule === rule);
// Caption flags belong to the captions detector; these tests judge the consistency rules alone.
const consistencyFlags = (a: SourceAnalysis): Flag[] => a.flags.filter((f) => f.rule.startsWith('inconsistent-'));
const mentions = (f: Flag | Corroboration, ...texts: string[]): boolean => texts.every((t) => f.spans.some((s) => s.text.replace(/\s/g, ' ').includes(t)));
const withSpans = (items: readonly (Flag | Corroboration)[], ...texts: string[]) => items.filter((f) => mentions(f, ...texts));

function expectExactSpans(text: string, sourceId: string, spans: readonly FlagSpan[]): void {
  for (const s of spans) {
    expect(s.sourceId).toBe(sourceId);
    expect(text.slice(s.start, s.end)).toBe(s.text);
  }
}

describe('inconsistent-count', () => {
  it('flags "held nine parliamentary elections" on one day against the singular "The parliamentary election" in the Kazakhstan article', () => {
    const file = sourceFile('000_');
    const text = readFileSync(join(SOURCES, file), 'utf8');
    const a = source('000_');
    const counts = ofRule(a, 'inconsistent-count');
    expect(counts).toHaveLength(1);
    const flag = counts[0]!;
    // The article's first copy of that line has a no-break space between "nine" and "parliamentary".
    const nine = /held\snine\sparliamentary\selections/.exec(text)!;
    const singular = 'The parliamentary election in Kazakhstan is officially over.';
    expect(flag.spans[0]).toEqual({ sourceId: a.source.id, start: nine.index, end: nine.index + nine[0].length, text: nine[0] });
    expect(flag.spans[0]!.text.replace(/\s/g, ' ')).toBe('held nine parliamentary elections');
    expect(flag.spans).toContainEqual({ sourceId: a.source.id, start: text.indexOf(singular), end: text.indexOf(singular) + singular.length, text: singular });
    expect(flag.message).toMatch(/nine parliamentary elections/);
    expect(flag.message).toMatch(/one event/);
    expectExactSpans(text, a.source.id, flag.spans);
  });

  it('flags a planted count of presidential elections on one day but not 212 municipal elections or "eleven … since independence"', () => {
    const a = fixture('election');
    const counts = ofRule(a, 'inconsistent-count');
    expect(counts).toHaveLength(1);
    expect(mentions(counts[0]!, 'held three presidential elections', 'The presidential election in Veloria is finally over.')).toBe(true);
    expect(a.flags.some((f) => mentions(f, 'eleven') || mentions(f, '212'))).toBe(false);
  });

  it('does not flag "nine elections since independence" beside a singular election: a span of years is not one date', () => {
    const a = analyse('span', 'The parliamentary election in Veloria is over.\n\nThe country has held nine parliamentary elections since independence in 1991.\n');
    expect(a.flags).toEqual([]);
  });

  it('flags one country hosting several summits on a single day even without a singular mention', () => {
    const a = analyse('summits', 'On 12 May 2024, Astrava hosted four summits in its capital.\n');
    expect(ofRule(a, 'inconsistent-count').map((f) => f.spans[0]!.text)).toEqual(['hosted four summits']);
  });
});

describe('inconsistent-number', () => {
  it('flags two values for the same measure, subject and year', () => {
    const a = fixture('trade');
    const numbers = ofRule(a, 'inconsistent-number');
    expect(numbers).toHaveLength(1);
    expect(mentions(numbers[0]!, '$12.1 billion', '$13.9 billion')).toBe(true);
    expect(numbers[0]!.message).toMatch(/\$13\.9 billion.*\$12\.1 billion/);
  });

  it('does not flag the same measure given for different years', () => {
    const a = fixture('trade');
    expect(a.flags.some((f) => mentions(f, '$11.2 billion') || mentions(f, '$9.8 billion'))).toBe(false);
  });

  it('does not put the article\'s main name in a message about figures whose statements name nobody', () => {
    const a = analyse('deaths', 'Acme Corp Cuts Jobs\n\nAcme said on Monday it would close its plant in Dover.\n\nThree people were killed when the bridge collapsed on Sunday, police said. Rescuers said the four dead had been crossing on foot.\n');
    expect(ofRule(a, 'inconsistent-number').map((f) => f.message)).toEqual(['The text gives deaths as Three and later as four.']);
  });

  it('reads "about $2 billion" beside "$1.9 billion" as the same figure restated', () => {
    const a = fixture('clean');
    expect(a.flags).toEqual([]);
    expect(withSpans(a.corroborations.filter((c) => c.kind === 'restated'), '$1.9 billion', '$2 billion')).toHaveLength(1);
  });

  it('corroborates the import figures the Astana Times article restates and flags nothing there', () => {
    const a = source('003_');
    expect(a.flags).toEqual([]);
    const restated = a.corroborations.filter((c) => c.kind === 'restated');
    const pairs = restated.map((c) => c.spans.map((s) => s.text));
    expect(pairs).toContainEqual(['$1.9 billion', '$2 billion']);
    expect(pairs).toContainEqual(['$17.3 billion', '$17.3 billion']);
    expect(pairs).toContainEqual(['$10.9 billion', '$10.9 billion']);
    for (const c of restated) expect(c.spans[0]!.start).not.toBe(c.spans[1]!.start);
  });

  it('corroborates a figure restated identically, and never flags a slogan quoted twice', () => {
    const a = fixture('slogan');
    expect(a.flags).toEqual([]);
    expect(withSpans(a.corroborations, '$310 million')).toHaveLength(1);
    // The same words outside quotation marks are the article's own assertions, and then they do conflict.
    const unquoted = analyse('unquoted', fixtureText('slogan').replace(/["“”]/g, ''));
    expect(ofRule(unquoted, 'inconsistent-number').length).toBeGreaterThan(0);
  });

  it('does not treat a duplicated line as a second statement of its figures', () => {
    const line = 'Exports to Norland reached $4.2 billion in 2022, officials said.';
    const a = analyse('dup', `Ostmark Trade\n\n${line}\n${line}\n`);
    expect(consistencyFlags(a)).toEqual([]);
    expect(a.corroborations).toEqual([]);
  });
});

describe('run-on text', () => {
  it('does not read a run-on list of thousands of characters as one statement', () => {
    const runOn = 'Exports to Norland reached $4.2 billion in 2022, exports to Norland reached $5.1 billion in 2022, '.repeat(200);
    expect(consistencyFlags(analyse('runon', `Trade Figures\n\n${runOn}\n`))).toEqual([]);
  });
});

describe('inconsistent-date', () => {
  it('flags a founding year given twice differently and an event placed on two days', () => {
    const a = fixture('founding');
    const dates = ofRule(a, 'inconsistent-date');
    expect(dates).toHaveLength(2);
    expect(withSpans(dates, 'founded in 2013', 'founding in 2015')).toHaveLength(1);
    expect(withSpans(dates, '19 March 2023', '20 March 2023')).toHaveLength(1);
  });

  it('does not confuse the inception of two different things in one article', () => {
    const a = fixture('founding');
    expect(a.flags.some((f) => mentions(f, '2003'))).toBe(false);
  });

  it('does not take two differently named agreements for one event', () => {
    const a = analyse('treaties', 'Treaties\n\nThe trade agreement was signed in 2019 in Vienna. The security agreement was signed in 2021 after long talks.\n');
    expect(a.flags).toEqual([]);
  });

  it('flags an opening day given twice without a year', () => {
    const a = fixture('festival');
    const dates = ofRule(a, 'inconsistent-date');
    expect(dates).toHaveLength(1);
    expect(mentions(dates[0]!, '19 March', '20 March')).toBe(true);
    expect(a.flags.filter((f) => f.rule !== 'inconsistent-date')).toEqual([]);
  });

  it('reads a founding date that opens its sentence, and an opening day in a relative clause', () => {
    const dates = (body: string) => analyse('dates', `Lindau Today\n\n${body}\n`).flags.filter((f) => f.rule === 'inconsistent-date').map((f) => f.message);
    expect(dates('The company was established in 1998 by two engineers. Founded in 2001, the company now employs 300 people.')).toEqual([
      'The text dates the founding of the company to 1998 and also to 2001.',
    ]);
    expect(dates('The summit opened on 12 May 2024 in Lindau. Leaders arrived for the summit, which opened on 13 May 2024, by train.')).toHaveLength(1);
    expect(dates('The bank was founded in 1998. Founded in 2001, the museum is the oldest in the city.')).toEqual([]);
    expect(dates('The summit opened on 12 May 2024. The summit, which ended on 14 May 2024, was a success.')).toEqual([]);
  });
});

describe('an occasion named by its date, held on a date, or dated past a weekday', () => {
  const dates = (body: string) => analyse('occasions', `Harbour Weekly\n\nBergen, 2 March 2026 – News from the port.\n\n${body}\n`).flags.filter((f) => f.rule === 'inconsistent-date').map((f) => f.message);

  it('flags an investor day first held on one date and later named by another', () => {
    expect(dates('The port authority will host an investor day in Bergen on 14 April. Slides shown at the 12 April investor day are online.')).toEqual([
      'The text dates the investor day to 14 April and also to 12 April.',
    ]);
  });

  it('flags a festival that opened on a weekday and date, against the date its opening is later given', () => {
    expect(dates('The festival, founded in 1998 by two fishermen, opened on Friday, 6 March, with a parade. Since the 5 March opening of the festival, 40 boats have docked.')).toEqual([
      'The text dates the festival to 6 March and also to 5 March.',
    ]);
  });

  it('flags the start of the works given two years, but not works on two different parts', () => {
    expect(dates('Construction began in 2017, when crews drained the dock. No one has been hurt since work started in 2018.')).toEqual([
      'The text dates the start of construction to 2017 and also to 2018.',
    ]);
    expect(dates('Work on the east quay began in 2017, and work on the west quay started in 2019. Production began in 2020.')).toEqual([]);
  });

  it('does not flag meetings named by their dates, an opening against a close, or the same day', () => {
    expect(dates('The board will hold a meeting on 3 March. At the 10 March meeting, it approved the budget.')).toEqual([]);
    expect(dates('The festival opened on Friday, 6 March. The 15 March closing of the festival drew crowds.')).toEqual([]);
    expect(dates('The ferry left on 3 March. The cargo arrived the same day, and on the 4 March market day it was sold.')).toEqual([]);
    expect(dates('The port held an annual conference on 3 March. The 9 March conference of the dockers\' union followed.')).toEqual([]);
  });
});

describe('one-day occasions, unnamed openings, starts of ongoing events and a party setting out', () => {
  const dates = (body: string) => analyse('occasions', `Valley Courier\n\nTrondheim, 20 November 2026 – News from the valley.\n\n${body}\n`).flags.filter((f) => f.rule === 'inconsistent-date').map((f) => f.message);

  it('flags an election dated on a weekday and later named by another date', () => {
    expect(dates('The Farmers\' League came second in the election on Sunday, 8 November, with 19% of the vote. Since the 15 November election, talks have stalled.')).toEqual([
      'The text dates the election to 8 November and also to 15 November.',
    ]);
  });

  it('does not flag two differently described elections, or elections of different years', () => {
    expect(dates('Turnout fell in the election on 8 November. Since the 15 November local election, the council has been split.')).toEqual([]);
    expect(dates('The party won the election on 8 November 2026. It had lost the election on 15 November 2022.')).toEqual([]);
  });

  it('flags an opening night named by a date other than the day the occasion opened', () => {
    expect(dates('The fair, started in 1990 by three potters, opened on Thursday, 12 November, with a concert. Since the 11 November opening night, 9,000 visitors have come.')).toEqual([]);
    expect(dates('The festival, started in 1990 by three potters, opened on Thursday, 12 November, with a concert. Since the 11 November opening night, 9,000 visitors have come.')).toEqual([
      'The text dates the festival to 12 November and also to 11 November.',
    ]);
  });

  it('does not give an unnamed opening to one of two occasions', () => {
    expect(dates('The festival opened on 12 November. The exhibition opened on 14 November. The 10 November opening night was sold out.')).toEqual([]);
  });

  it('flags the start of an eruption or an outbreak given two dates, reading past a time of day', () => {
    expect(dates('The volcano began erupting at 23:40 local time on 3 November, officials said. Since the eruption started on 4 November, 12 flights were cancelled.')).toEqual([
      'The text dates the start of the eruption to 3 November and also to 4 November.',
    ]);
    expect(dates('The outbreak began on 2 November in a school. Since the outbreak started on 5 November, 40 people have fallen ill.')).toHaveLength(1);
  });

  it('does not flag the starts of two eruptions, or an eruption against its end', () => {
    expect(dates('The eruption began on 3 November. A previous eruption began on 9 May and lasted a week.')).toEqual([]);
    expect(dates('The eruption began on 3 November and the ash cloud cleared on 9 November.')).toEqual([]);
  });

  it('flags a party said to set out from one place on two dates', () => {
    expect(dates('A team of three Danish hikers set out from the hut above the lake early on Monday, 16 November, heading for the ridge. Their families had heard nothing since the team set off from the hut on 15 November.')).toEqual([
      'The text dates the departure of the team to 16 November and also to 15 November.',
    ]);
  });

  it('does not flag a party leaving two places, part of a party, or another party', () => {
    expect(dates('The hikers left the hut on 15 November. The hikers left the summit on 16 November.')).toEqual([]);
    expect(dates('The hikers set out on 15 November. Two of the hikers set out again on 17 November.')).toEqual([]);
    expect(dates('The hikers set out from the hut on 15 November. The rescue team set out from the hut on 16 November.')).toEqual([]);
  });
});

describe('inconsistent-ranking', () => {
  it('flags a "largest" claim the stated figures contradict and a "followed by" that runs uphill', () => {
    const a = fixture('ranking');
    const ranks = ofRule(a, 'inconsistent-ranking');
    expect(ranks).toHaveLength(2);
    expect(withSpans(ranks, 'largest source of imports is Ostmark', '$4.1 billion', '$6.3 billion')).toHaveLength(1);
    expect(withSpans(ranks, '$9.1 billion', '$8.4 billion')).toHaveLength(1);
    expect(withSpans(a.corroborations.filter((c) => c.kind === 'comparison-matches'), 'exports more to Norland than to Ostmark')).toHaveLength(1);
  });

  it('confirms "biggest export partner is Italy" and both "followed by" orders in the Astana Times article', () => {
    const a = source('003_');
    const matches = a.corroborations.filter((c) => c.kind === 'comparison-matches');
    expect(withSpans(matches, 'biggest export partner is Italy', '$13.9 billion', '$13.2 billion')).toHaveLength(1);
    expect(withSpans(matches, '$13.9 billion', '$13.2 billion', '$8.8 billion')).not.toHaveLength(0);
    expect(withSpans(matches, 'exports more to China than Russia')).toHaveLength(1);
    expect(ofRule(a, 'inconsistent-ranking')).toEqual([]);
  });
});

describe('rankings and comparisons against rivals the sentence names', () => {
  it('flags a superlative contradicted by a larger figure the same sentence gives a rival', () => {
    const a = analyse('rival', "Salt Trade\n\nOrvala's salt exports to Pernia were $200 million in 2023. Pernia is Orvala's largest salt customer, ahead of Quesna, which purchased salt worth $260 million in 2023.\n");
    const ranks = ofRule(a, 'inconsistent-ranking');
    expect(ranks).toHaveLength(1);
    expect(mentions(ranks[0]!, "Pernia is Orvala's largest salt customer", '$200 million', '$260 million')).toBe(true);
  });

  it('confirms a superlative the rival figure agrees with, and ignores a rival given a figure of another measure or year', () => {
    const ok = analyse('rival-ok', "Salt Trade\n\nOrvala's salt exports to Pernia were $200 million in 2023. Pernia is Orvala's largest salt customer, ahead of Quesna, which purchased salt worth $160 million in 2023.\n");
    expect(consistencyFlags(ok)).toEqual([]);
    expect(withSpans(ok.corroborations.filter((c) => c.kind === 'comparison-matches'), '$200 million', '$160 million')).toHaveLength(1);
    const budget = analyse('rival-budget', "Salt Trade\n\nOrvala's salt exports to Pernia were $200 million in 2023. Pernia is Orvala's largest salt customer in 2023, ahead of Quesna, whose budget reached $900 million in 2023.\n");
    expect(consistencyFlags(budget)).toEqual([]);
    const year = analyse('rival-year', "Salt Trade\n\nOrvala's salt exports to Pernia were $200 million in 2023. Pernia is Orvala's largest salt customer in 2023, ahead of Quesna, which purchased salt worth $260 million in 2019.\n");
    expect(consistencyFlags(year)).toEqual([]);
  });

  it('flags a trailing "more than from B" that the rival figure contradicts, and confirms one that holds', () => {
    const bad = analyse('trail', 'Orvala Timber\n\nOrvala\'s imports of timber from Sorvik reached $80 million in 2023, more than from Telmar, which supplied $95 million in 2023.\n');
    expect(ofRule(bad, 'inconsistent-ranking').map((f) => f.spans.map((sp) => sp.text))).toEqual([['more than from Telmar', '$80 million', '$95 million']]);
    const good = analyse('trail-ok', 'Orvala Timber\n\nOrvala\'s imports of timber from Sorvik reached $80 million in 2023, more than from Telmar, which supplied $65 million in 2023.\n');
    expect(consistencyFlags(good)).toEqual([]);
    expect(good.corroborations.some((c) => c.kind === 'comparison-matches')).toBe(true);
  });

  it('does not read "more than B had forecast" as a comparison with B\'s figure', () => {
    const a = analyse('forecast', "Timber\n\nOrvala's timber exports to Sorvik reached $80 million in 2023, more than Telmar had forecast. Orvala's timber exports to Telmar were $95 million in 2023.\n");
    expect(ofRule(a, 'inconsistent-ranking')).toEqual([]);
  });

  it('ranks on a base that names its own partner and year ("compared with $19 billion with B in 2022")', () => {
    const bad = analyse('base', "Vellin Trade\n\nVellin's biggest trading partner is Arkos; trade with Arkos was $14 billion in 2022, compared with $19 billion with Drest in 2022.\n");
    expect(ofRule(bad, 'inconsistent-ranking')).toHaveLength(1);
    const growth = analyse('base-ok', 'Vellin Trade\n\nTrade with Arkos was $19 billion in 2022, compared with $14 billion in 2021. Arkos is Vellin\'s biggest trading partner.\n');
    expect(consistencyFlags(growth)).toEqual([]);
  });
});

describe('counts a sentence spells out, lengths and rank statements', () => {
  it('flags a count the list after it contradicts, and names the list', () => {
    const text = 'Vote in Lindau\n\nThree candidates are standing for mayor: Anna Berg, Tomas Lind, Eva Holm and Piotr Nowak.\n';
    const flags = analyse('list', text).flags.filter((f) => f.rule === 'inconsistent-count');
    expect(flags.map((f) => [f.message, f.spans.map((s) => s.text)])).toEqual([
      ['The text counts “Three candidates” but names four: Anna Berg, Tomas Lind, Eva Holm and Piotr Nowak.', ['Three candidates', 'Anna Berg, Tomas Lind, Eva Holm and Piotr Nowak']],
    ]);
    expectExactSpans(text, 'list', flags[0]!.spans);
  });

  it('flags a day past the end of an event the text gave a length', () => {
    const a = analyse('days', 'Talks in Lindau\n\nThe two-day summit opened on Monday in Lindau.\n\nOn the third day of the summit, the ministers signed a declaration.\n');
    expect(a.flags.map((f) => f.message)).toEqual(['The text calls it a two-day summit but counts to the third day of the summit.']);
  });

  it('flags a town ranked first and second, and two towns both ranked first, but not different scopes', () => {
    const two = analyse('ranks', 'Lindau Grows\n\nLindau is the largest town in the region. Hofen is the largest town in the region.\n');
    expect(two.flags.map((f) => f.message)).toEqual(['The text puts both Lindau and Hofen first: “Lindau is the largest town in the region” and “Hofen is the largest town in the region”.']);
    const scopes = analyse('scopes', 'Lindau Grows\n\nLindau is the largest town in the region. Hofen is the largest town in the valley.\n');
    expect(scopes.flags).toEqual([]);
  });

  it('flags one person given two ages', () => {
    const a = analyse('ages', 'Floods in Valleyton\n\n"We lost everything," said Ana Ruiz, 54, a shopkeeper. Later the 52-year-old Ruiz said nobody came.\n');
    expect(a.flags.map((f) => [f.rule, f.message])).toEqual([['inconsistent-number', 'The text gives Ana Ruiz’s age as 54 and also as 52.']]);
  });

  it('flags one thing given two costs, but not a budget beside the cost or two things of one kind', () => {
    const costs = (body: string) => analyse('costs', `City Notes\n\n${body}\n`).flags.map((f) => f.message);
    expect(costs('The bridge, which cost $40 million, opened in 2019. The $45 million bridge carries 20,000 cars a day.')).toEqual([
      'The text gives the cost of the bridge as $40 million and also as $45 million.',
    ]);
    expect(costs('The stadium was built at a cost of $300 million. Fans filled the $350 million stadium on Sunday.')).toHaveLength(1);
    for (const body of [
      'The bridge was expected to cost $40 million. The $45 million bridge opened in May.',
      'The new bridge cost $40 million. The old bridge, which cost $12 million, was closed.',
      'The bridge cost $40 million. The $40 million bridge carries 20,000 cars a day.',
      'The $2 billion deal was signed in May. The deal, which cost $3 billion, was later revised.',
    ]) expect(costs(body), body).toEqual([]);
  });

  it('leaves the traps of the statements fixture alone', () => {
    const flags = consistencyFlags(fixture('statements'));
    for (const quiet of ['Petra Vogel', 'Alder Bank', 'one of the largest', 'two-week exhibition', 'two-day food market']) {
      expect(withSpans(flags, quiet), quiet).toEqual([]);
    }
  });
});

describe('counts of things something happened to', () => {
  it('flags the same count for the same year restated with transposed digits', () => {
    const a = analyse('hired', 'Clinics\n\nThe board said 1,360 midwives were hired in 2024. Unions argued that the 1,630 midwives hired in 2024 were too few.\n');
    expect(ofRule(a, 'inconsistent-number').map((f) => f.spans.map((sp) => sp.text).sort())).toEqual([['1,360', '1,630']]);
  });

  it('does not flag other years, part-years, places, agents, other verbs, increments or undated events', () => {
    const texts = [
      'In 2024, 1,360 midwives were hired. The board said 1,100 midwives were hired in 2023.',
      'In 2024, 1,360 midwives were hired. In March 2024, 120 midwives were hired.',
      'In 2024, 1,360 midwives were hired. In the first half of 2024, 600 midwives were hired.',
      '1,360 midwives were hired in 2024. Of those, 420 midwives were hired in the north in 2024.',
      '1,360 midwives were hired by public clinics in 2024. In 2024, 300 midwives were hired by private clinics.',
      '1,360 midwives were trained in 2024. In 2024, 1,630 midwives were hired.',
      '1,360 midwives were hired in 2024. Another 300 midwives were hired in 2024 after the floods.',
      'Three clinics opened on Monday. Two clinics opened on Tuesday.',
      'In 2024, 1,360 midwives were hired, 300 of them from abroad. The 1,360 midwives hired in 2024 are young.',
    ];
    for (const t of texts) expect(consistencyFlags(analyse('count-trap', `Clinics\n\n${t}\n`)), t).toEqual([]);
  });
});

describe('periods', () => {
  it('does not set a month, quarter or fiscal-year figure against the calendar year', () => {
    const a = analyse('periods', "Ostmark Revenue\n\nOstmark's revenue was $1.2 billion in March 2023. Ostmark's revenue was $12 billion in 2023. In the first quarter of 2023, Ostmark's revenue was $3 billion. In fiscal 2023, Ostmark's revenue was $11 billion.\n");
    expect(consistencyFlags(a)).toEqual([]);
  });
});

describe('inconsistent-arithmetic', () => {
  it('does not add up the bounds of age bands as parts of a total', () => {
    const bands = analyse('bands', 'Census\n\nNationally, children under 15 made up 17.8 percent of the population, people aged 15 to 64 accounted for 63.6 percent and those aged 65 and over 18.6 percent.\n');
    expect(consistencyFlags(bands)).toEqual([]);
    // A real total beside them is still checked.
    const parts = analyse('parts', 'Census\n\nThe 120 new residents were made up of 70 adults and 60 children.\n');
    expect(ofRule(parts, 'inconsistent-arithmetic')).toHaveLength(1);
  });

  it('flags a percentage change that needs both rounded totals at the far edges of their rounding', () => {
    const a = analyse('pct', 'Fees\n\nPort fees rose 15% to $1.2 billion in 2021, from $1.1 billion in 2020.\n');
    expect(ofRule(a, 'inconsistent-arithmetic')).toHaveLength(1);
    for (const pct of ['9%', '12%', '5%']) {
      expect(consistencyFlags(analyse('pct-ok', `Fees\n\nPort fees rose ${pct} to $1.2 billion in 2021, from $1.1 billion in 2020.\n`)), pct).toEqual([]);
    }
    expect(consistencyFlags(analyse('pct-about', 'Fees\n\nPort fees rose about 15% to about $1.2 billion in 2021, from $1.1 billion in 2020.\n'))).toEqual([]);
  });

  it('flags a growth rate, a total and vote shares that the stated figures do not add up to', () => {
    const a = fixture('arithmetic');
    const sums = ofRule(a, 'inconsistent-arithmetic');
    expect(sums).toHaveLength(3);
    expect(withSpans(sums, '32%', '$134.4 billion', '$110.5 billion')).toHaveLength(1);
    expect(withSpans(sums, '$50 billion', '$20 billion', '$18 billion', '$17 billion')).toHaveLength(1);
    expect(withSpans(sums, '54%', '41%', '12%')).toHaveLength(1);
    expect(sums.find((f) => mentions(f, '32%'))!.message).toMatch(/21\.6%/);
  });

  it('confirms arithmetic that works and leaves two answers of one poll alone', () => {
    const a = fixture('arithmetic');
    const ok = a.corroborations.filter((c) => c.kind === 'arithmetic-matches');
    expect(withSpans(ok, '25%', '$5 billion', '$4 billion')).toHaveLength(1);
    expect(withSpans(ok, '120', '70', '50')).toHaveLength(1);
    expect(a.flags.some((f) => mentions(f, '61%') || mentions(f, '55%'))).toBe(false);
  });
});

describe('parts said to make up a whole', () => {
  const arithmetic = (body: string) => analyse('parts', `Budget Day\n\n${body}\n`).flags.filter((f) => f.rule === 'inconsistent-arithmetic').map((f) => f.message);

  it('flags parts that fall short of the whole they are said to make up', () => {
    expect(arithmetic("The assembly's 120 delegates comprised 50 from the north, 40 from the south and 20 from the east.")).toEqual([
      'The parts (50 + 40 + 20) add up to less than the stated total of 120 they are said to make up.',
    ]);
    expect(arithmetic('The budget of $50 billion is split between defence with $20 billion, health with $18 billion and education with $5 billion.')).toHaveLength(1);
  });

  it('does not flag parts that may leave some out, or that rounding lets add up', () => {
    for (const body of [
      'Of the 120 delegates, 50 came from the north, 40 from the south and 20 from the east.',
      'The budget of $50 billion is split between defence with $20 billion, health with $18 billion and education with $5 billion, with the rest held in reserve.',
      'The $50 billion budget includes $20 billion for defence and $18 billion for health.',
      'The budget of $50 billion is split between defence with $20 billion, health with $18 billion and education with $11 billion.',
    ]) expect(arithmetic(body), body).toEqual([]);
  });
});

describe('places, comparisons and differences the stated figures contradict', () => {
  const flagsOf = (rule: RuleId, body: string) => ofRule(analyse('figures', `Season Notes\n\n${body}\n`), rule);

  it('flags one club given two places in the table and two storms both called the season\'s strongest-hit', () => {
    const places = flagsOf('inconsistent-ranking', 'Ravelle, ranked 31st, still leads the northern group. In a statement, the University of Ravelle said that in 33rd place it had kept its funding.');
    expect(places).toHaveLength(0); // "had": another time may be meant
    const two = flagsOf('inconsistent-ranking', 'Ravelle, ranked 31st, still leads the northern group. In a statement, the University of Ravelle noted that in 33rd place it was level with Ostra.');
    expect(two.map((f) => f.message)).toEqual(['The text ranks Ravelle 31st (“Ravelle, ranked 31st”) and also 33rd (“University of Ravelle noted that in 33rd place it”).']);
    const floods = flagsOf('inconsistent-ranking', "The Tamsk flood was the largest of the decade, covering 5,100 hectares. Later, the Orvel flood, the decade's largest, cut the rail line.");
    expect(floods).toHaveLength(1);
    expect(mentions(floods[0]!, 'The Tamsk flood was the largest of the decade', "Orvel flood, the decade's largest")).toBe(true);
  });

  it('flags "ahead of" and "behind" that the figures in the sentence or the rival\'s own figure contradict', () => {
    const ahead = flagsOf('inconsistent-ranking', 'The Pirate Party came third with 8.4 percent, ahead of the Blue Movement on 9.1 percent.');
    expect(ahead.map((f) => f.spans.map((sp) => sp.text))).toEqual([['8.4 percent, ahead of the Blue Movement', '9.1 percent']]);
    const behind = flagsOf('inconsistent-ranking', 'Mara Lind was the top scorer with 21 league points. Jo Berg ended with 25 league points, second in the team behind Mara.');
    expect(behind.map((f) => f.message)).toEqual(['“25 league points, second in the team behind Mara” is contradicted by the stated figures: Mara has 21 league points.']);
  });

  it('does not flag comparisons the figures bear out, margins, other units or other years', () => {
    for (const body of [
      'The Pirate Party came third with 9.4 percent, ahead of the Blue Movement on 8.1 percent.',
      'The Pirate Party came fourth with 8.4 percent, behind the Blue Movement on 9.1 percent.',
      'The Pirate Party won 8.4 percent, ahead of the Blue Movement on 8.4 percent.',
      'Jo Berg finished with 40 points, 5 points ahead of Mara Lind on 35.',
      'Mara Lind was the top scorer with 21 league points. Jo Berg ended with 25 cup points, second in the team behind Mara.',
      'Mara Lind scored 21 league points. Jo Berg scored 17 league points, second in the team behind Mara.',
      'Sales reached 8.4 percent in 2024, ahead of the Blue Movement on 9.1 percent in 2023.',
      'Mara Lind scored 21 league points in the cup. Jo Berg ended with 25 league points, second in the team behind Mara.',
      'In the Harlow table, Ostra is ranked 14th. Ostra, ranked 37th, hired more staff.',
      'Ostra, ranked 14th, hired staff. Last year Ostra was ranked 17th.',
    ]) expect(flagsOf('inconsistent-ranking', body), body).toEqual([]);
  });

  it('flags a stated difference of two figures that does not match them', () => {
    const diff = flagsOf('inconsistent-arithmetic', 'The club scored 48 and conceded 39, a goal difference of +12.');
    expect(diff.map((f) => f.message)).toEqual(['“a goal difference of +12” does not follow from 48 and 39, which differ by 9.']);
    expect(flagsOf('inconsistent-arithmetic', 'Hosk won 5,210 votes to 4,870, a margin of 430.')).toHaveLength(1);
    expect(flagsOf('inconsistent-arithmetic', 'The region gained 1,200 jobs and lost 900, a net gain of 500.')).toHaveLength(1);
    expect(flagsOf('inconsistent-arithmetic', "Hosk won 54% to Lind's 41%, a margin of 11 points.").map((f) => f.message)).toEqual(['“a margin of 11 points” does not follow from 54% and 41%, which differ by 13 points.']);
  });

  it('does not flag a difference that rounding, signs or a third figure leave open', () => {
    for (const body of [
      'The club scored 48 and conceded 39, a goal difference of +9.',
      'The club scored 39 and conceded 48, a goal difference of -9.',
      'Hosk won 5.2 million votes to 4.9 million, a margin of 340,000.',
      'The Reds won 40 seats, the Blues 33 and the Greens 5, a gap of 7.',
      'Turnout rose from 52% to 58%, a gap of 11%.',
      'Between 40 and 45 people came, and 12 left, a net of 30.',
      'Hosk won 5,210 votes, up from 4,870, a margin of 430 over Lind.',
      "Hosk won 54% to Lind's 41%, a margin of 13 points.",
      'Hosk won 54% to 41%, a gap of 24%.',
      'Hosk won 5,210 votes, up from 4,870 in 2019, a margin of 120.',
    ]) expect(flagsOf('inconsistent-arithmetic', body), body).toEqual([]);
  });

  it('flags a running total that its listed earlier parts and the new addition do not add up to', () => {
    const body = 'Korvo closed a $30 million Series C round on Monday. The round brings its total funding to $52 million, following an $11 million Series B in 2021 and a $4 million seed round in 2019.';
    const sums = flagsOf('inconsistent-arithmetic', body);
    expect(sums.map((f) => f.message)).toEqual(['The parts ($30 million + $11 million + $4 million) add up to less than the stated total of $52 million.']);
  });

  it('does not flag a running total that adds up, leaves parts out or totals another period', () => {
    for (const body of [
      'Korvo closed a $30 million Series C round on Monday. The round brings its total funding to $45 million, following an $11 million Series B in 2021 and a $4 million seed round in 2019.',
      'Korvo closed a $30 million Series C round on Monday. The round brings its total funding to $52 million, following an $11 million Series B in 2021.',
      'Korvo closed a $30 million Series C round on Monday. The round brings its total funding to $52 million, following rounds including an $11 million Series B and a $4 million seed round.',
      'Korvo closed a $30 million Series C round on Monday. The round brings its total raised this year to $52 million, following an $11 million grant in 2021 and a $4 million loan in 2019.',
      'Korvo closed a $30.4 million Series C round on Monday. The round brings its total funding to $46 million, following an $11.2 million Series B and a $4.4 million seed round.',
    ]) expect(flagsOf('inconsistent-arithmetic', body), body).toEqual([]);
  });
});

describe('stated changes, partitions and shares in other wordings', () => {
  const arithmetic = (body: string) => ofRule(analyse('changes', `Results\n\n${body}\n`), 'inconsistent-arithmetic').map((f) => f.message);

  it('flags an increase, a gain in seconds and a jump in points that are not the difference of the figures they follow', () => {
    expect(arithmetic('Net income rose to $310 million from $270 million, an increase of $50 million, the company said.')).toEqual(['“an increase of $50 million” does not follow from $270 million and $310 million, which differ by 40 million.']);
    expect(arithmetic('Okafor stretched her lead from 35 seconds to 1:12, a gain of 47 seconds on the climb.')).toEqual(['“a gain of 47 seconds” does not follow from 35 seconds and 1:12, which differ by 37 seconds.']);
    expect(arithmetic('Approval rose from 38% to 45%, a 9-point jump.')).toEqual(['“9-point jump” does not follow from 38% and 45%, which differ by 7 points.']);
    expect(arithmetic('The bank cut its rate by 25 basis points to 4.25% from 4.75%.')).toEqual(['“by 25 basis points” does not follow from 4.75% and 4.25%, which differ by 50 basis points.']);
  });

  it('flags an improvement on a record the next sentence states, in hours, minutes and seconds', () => {
    expect(arithmetic('She won in 3:41:52, lowering the meet record from the 3:43:10 set in 2017. That is an improvement of 1 minute 28 seconds.')).toEqual([
      '“That is an improvement of 1 minute 28 seconds” does not follow from 3:43:10 and 3:41:52, which differ by 1 minute 18 seconds.',
    ]);
  });

  it('does not flag changes that match, relative changes, rates, or times of day', () => {
    for (const body of [
      'Operating profit rose to $310 million from $270 million, an increase of $40 million.',
      'Sales rose from $40 million to $52 million, a rise of 30%.',
      'Membership rose to 5,000 from 4,000, a gain of 200 a year.',
      'Adeyemi stretched his lead from 35 seconds to 1:12, a gain of 37 seconds on the climb.',
      'He won in 3:41:52, lowering the national record from the 3:43:10 set in 2015. That is an improvement of 1 minute 18 seconds.',
      'The hearing ran from 9:30 a.m. to 11:15 a.m., an increase of 90 minutes on the schedule.',
      'Trust rose from 38% to 45%, a 7-point jump.',
      'The fund cut its rate by 50 basis points to 4.25% from 4.75%.',
      'The pension will rise by €12 a week, from €289 to €301.',
    ]) expect(arithmetic(body), body).toEqual([]);
  });

  it('flags exact counts that pass their total, a package made up of less than it, and a percentage change from a currency code', () => {
    expect(arithmetic('Of the 212 passengers, 187 were rescued, eleven died and 17 are missing.')).toEqual(['The parts (187 + eleven + 17) add up to more than the stated total of 212.']);
    expect(arithmetic('Ministers announced a $12.5 billion package for 2027, made up of $9.1 billion in spending and $2.9 billion in tax cuts.')).toHaveLength(1);
    expect(arithmetic('Revenue at Tamsk rose 9% to BGN 4.6 billion from BGN 3.8 billion.')).toHaveLength(1);
  });

  it('does not flag counts that add up, a duration with its interval, or a change the figures bear out', () => {
    for (const body of [
      'Of the 212 passengers, 187 were rescued, eight died and 17 are missing.',
      'Ministers announced a $12.5 billion plan for 2028, made up of $9.6 billion in spending and $2.9 billion in tax cuts.',
      'The show runs three hours and 10 minutes, including a 15-minute interval: the first half lasts 95 minutes and the second 80.',
      'Revenue at Orvel rose 21% to BGN 4.6 billion from BGN 3.8 billion.',
    ]) expect(arithmetic(body), body).toEqual([]);
  });

  it('flags the categories of one group of people that add up past 100%, but not overlapping traits or a partition that adds up', () => {
    expect(arithmetic('This spring, 31% of Dunmore pupils were rated excellent, 38% were rated good, 22% were rated adequate and 14% were rated poor.')).toEqual(['Shares of one whole (31% + 38% + 22% + 14%) add up to 105%, more than 100%.']);
    for (const body of [
      'Last spring, 31% of Ashby pupils were rated excellent, 38% were rated good, 22% were rated adequate and 9% were rated poor.',
      'In the trial, 40% of patients were women, 70% were over 60 and 35% were smokers.',
      'In the poll, 55% of voters were women and 52% were over 50.',
    ]) expect(arithmetic(body), body).toEqual([]);
  });
});

describe('inconsistent-role', () => {
  it('reads an officer who is no chief ("Deputy electoral officer Ana Ruiz") without failing, and flags nothing for it', () => {
    const a = analyse('officer', 'Count\n\nChief electoral officer Ana Ruiz said 41,900 ballots were counted.\n\nDeputy electoral officer Ana Ruiz said the count was checked twice.\n');
    expect(ofRule(a, 'inconsistent-role')).toEqual([]);
  });

  it('flags one full name given two ministries, and not shared surnames, former posts or equivalent titles', () => {
    const a = fixture('roles');
    expect(a.flags.map((f) => f.rule)).toEqual(['inconsistent-role']);
    expect(mentions(a.flags[0]!, 'Defence Minister John Smith', 'Foreign Minister John Smith')).toBe(true);
    expect(a.flags[0]!.message).toMatch(/Foreign Minister.*Defence Minister/);
  });
});

describe('inconsistent-role: titles after a name, surnames, ranks and company offices', () => {
  const article = (first: string, second: string): string => `Headline Here\n\n${first}\n\n${second}\n`;
  const roleFlags = (first: string, second: string): Flag[] => {
    const text = article(first, second);
    const a = analyse('roles-extra', text);
    for (const f of a.flags) expectExactSpans(text, 'roles-extra', f.spans);
    return ofRule(a, 'inconsistent-role');
  };

  it('flags one person called two chief officers, spelled out, abbreviated or lowercase after the name', () => {
    const lower = roleFlags('The quarter was strong, said Chief Operating Officer Priya Nandi. Margins rose.', '"We are on track," said Priya Nandi, chief marketing officer, at the close.');
    expect(lower).toHaveLength(1);
    expect(mentions(lower[0]!, 'Chief Operating Officer Priya Nandi', 'Priya Nandi, chief marketing officer')).toBe(true);
    const cofounder = roleFlags('"Grids need data," said Dr. Omar Feld, co-founder and CEO of Brightwell. The firm has 40 staff.', '"Our sensors learn fast," said Omar Feld, co-founder and Chief Financial Officer.');
    expect(cofounder).toHaveLength(1);
    expect(cofounder[0]!.message).toMatch(/Omar Feld is called co-founder and CEO.*Chief Financial Officer/);
  });

  it('flags a sentence-case chief officer title that opens a sentence against another after the name', () => {
    const f = roleFlags('Chief executive Hana Olsen said the plant would reopen in spring.', 'Costs fell, said Hana Olsen, the group\'s chief financial officer.');
    expect(f.map((x) => x.message)).toEqual(['Hana Olsen is called Chief executive and also the group\'s chief financial officer.']);
  });

  it('flags two posts of one city held by one person, but not posts of two bodies or a post and its past', () => {
    const f = roleFlags('City Treasurer Lila Moreno presented the budget on Tuesday.', 'Lila Moreno, the city auditor, said reserves were low.');
    expect(f.map((x) => x.message)).toEqual(['Lila Moreno is called City Treasurer and also city auditor.']);
    expect(roleFlags('Campaign Manager Lila Moreno said turnout was high.', 'Lila Moreno, the county clerk, certified the count.')).toEqual([]);
    expect(roleFlags('City Manager Lila Moreno said the budget was balanced.', 'Lila Moreno, the former city attorney, has run the city since 2021.')).toEqual([]);
  });

  it('flags a surname alone given a second post when the text has one full name with that surname', () => {
    const f = roleFlags('Voters punished the party of outgoing Interior Minister Karl Brandt on Sunday.', 'Brandt, the trade minister, said the result was painful.');
    expect(f).toHaveLength(1);
    expect(mentions(f[0]!, 'Interior Minister Karl Brandt', 'Brandt, the trade minister')).toBe(true);
  });

  it('flags one person called the president and the vice president of one body', () => {
    const f = roleFlags('Club President Irene Salo opened the meeting on Monday.', "Salo, the club's vice president, said membership fees would rise.");
    expect(f).toHaveLength(1);
    expect(mentions(f[0]!, 'Club President Irene Salo', "Salo, the club's vice president")).toBe(true);
    expect(roleFlags('Deputy Mayor Ken Ito cut the ribbon.', 'Ken Ito, the mayor, thanked the volunteers.')).toHaveLength(1);
  });

  it('flags a lowercase title before a name against another after it', () => {
    const f = roleFlags('"Prices will fall," said finance minister Hana Moretti on Tuesday.', 'Hana Moretti, the foreign minister, travelled to the summit.');
    expect(f).toHaveLength(1);
    expect(mentions(f[0]!, 'finance minister Hana Moretti', 'Hana Moretti, the foreign minister')).toBe(true);
  });

  it('flags a portfolio named after the office ("Minister for Health") against another before the name', () => {
    const f = roleFlags('Presenting the plan, Finance Minister Orla Breen told parliament that taxes would not rise.', 'Breen, the Minister for Health and Social Care, said hospitals would get more.');
    expect(f.map((x) => x.message)).toEqual(['Breen is called Finance Minister and also Minister for Health and Social Care.']);
    // A bill named for the portfolio does not make the portfolio a nationality.
    expect(roleFlags('Finance Minister Orla Breen spoke first. The Finance Bill passed.', 'Orla Breen, the minister of transport, spoke later.')).toHaveLength(1);
  });

  it('flags a title before a surname alone, and a title set before the name in apposition', () => {
    const surname = roleFlags('Veloria\'s foreign minister, Selma Otieno, said the talks were useful.', '"We made progress," said Defence Minister Otieno.');
    expect(surname.map((x) => x.message)).toEqual(['Otieno is called Veloria\'s foreign minister and also Defence Minister.']);
    expect(mentions(surname[0]!, 'Defence Minister Otieno', 'Veloria\'s foreign minister, Selma Otieno')).toBe(true);
    expect(roleFlags('The county\'s health executive, Rose Mwangi, said clinics would open.', 'Rose Mwangi, the county\'s water executive, disagreed.')).toHaveLength(1);
  });

  it('stays silent on titles before a name that belong to someone else, lists, and shared surnames', () => {
    const traps: [string, string][] = [
      // The title is another person's: the name after it is the subject of the sentence.
      ['After meeting the foreign minister, Selma Otieno said the talks were useful.', 'Selma Otieno, the trade minister, flew home.'],
      ['Present were the mayor, Ken Ito, and the sheriff.', 'Ken Ito, the city treasurer, spoke.'],
      // A past title set first.
      ['The former defence minister, Selma Otieno, said the talks were useful.', 'Foreign Minister Selma Otieno flew home.'],
      // Two people share the surname: the title and surname name neither for sure.
      ['Foreign Minister Selma Otieno met Paul Otieno, her brother.', 'Defence Minister Otieno was absent.'],
      // A surname no full name in the text has.
      ['Foreign Minister Selma Otieno spoke.', 'Defence Minister Kamau was absent.'],
      // An executive without a portfolio is no office.
      ['County Executive Rose Mwangi opened the clinic.', 'Rose Mwangi, a marketing executive, spoke.'],
    ];
    for (const [first, second] of traps) expect(roleFlags(first, second), `${first} / ${second}`).toEqual([]);
  });

  it('stays silent on careers, shared surnames, posts held together, stand-ins and look-alike titles', () => {
    const traps: [string, string][] = [
      // A former post and the present one.
      ['Ana Ruiz, a former finance minister and now foreign minister, spoke first.', 'Foreign Minister Ana Ruiz later met the delegation.'],
      ['Foreign Minister Rui Costa met envoys.', 'Rui Costa, the incoming defence minister, will take office next week.'],
      // Two people with one surname: the surname alone names neither.
      ['Mayor Tom Reyes and Council President Lisa Reyes attended. The two are cousins.', 'Reyes, the vice mayor, did not comment.'],
      ['Mayor Tom Reyes opened the fair. His sister Lisa Reyes runs a bakery.', 'Reyes, the council president, did not comment.'],
      // Two posts stated together.
      ['Deputy Prime Minister and Finance Minister Omar Haddad presented the budget.', 'Haddad, the finance minister, said taxes would not rise. Omar Haddad, the deputy prime minister, also met unions.'],
      ['The budget was presented by deputy prime minister and finance minister Omar Haddad.', 'Haddad, the deputy prime minister, met unions.'],
      ['Rosa Lind, president and chief executive of Corvel, spoke first.', 'President Rosa Lind later took questions. Rosa Lind, the chief executive, declined to comment.'],
      // A post held until some date, or before another.
      ['Chief Executive Paula Grant presented the results.', 'Paula Grant, chief financial officer until 2019, said costs were under control.'],
      ['Director Lena Voss opened the gallery.', 'Lena Voss, who was deputy director when the gallery closed, was appointed director in 2022.'],
      // Acting and interim holders of a post keep their own.
      ['Interim Chief Executive Sam Lowe presented the plan.', 'Sam Lowe, the chief financial officer, said the cash position was strong.'],
      ['Acting President Mira Kell signed the decree.', 'Mira Kell, the vice president, travelled abroad.'],
      // Different bodies, different companies, and offices that are no chief office.
      ['President Ilse Marr addressed parliament.', "Marr, the party's vice president, spoke later."],
      ['Vice President Ilse Marr opened the session.', 'Ilse Marr, president of the Senate, closed it.'],
      ['Hugo Marsh, CEO of Altamira, opened the fair.', 'Hugo Marsh, chief operating officer of Zentrix, its parent group, said sales grew.'],
      ['Press Officer Dan Roe handed out the figures.', 'Dan Roe, the chief operating officer, took questions.'],
      // The same office written two ways.
      ['Chief Financial Officer Priya Nandi presented the figures.', 'Priya Nandi, the CFO, said costs fell. Nandi, chief financial officer, took questions.'],
      // Not an appositive: someone else is the minister.
      ['Interior Minister Karl Brandt opened the debate.', 'Like Brandt, the trade minister said the plan was sound.'],
    ];
    for (const [first, second] of traps) expect(roleFlags(first, second), `${first} / ${second}`).toEqual([]);
  });
});

describe('across sources', () => {
  const corpus = () =>
    analyzeCorpus(['cross-a', 'cross-b', 'cross-c'].map((name) => ({ id: name, path: `${name}.txt`, text: fixtureText(name), format: 'txt' as const }))).analysis;

  it('flags two articles that give the same keyed figure different values, and corroborates two that agree', () => {
    const { crossFlags, crossCorroborations } = corpus();
    expect(crossFlags).toHaveLength(1);
    const [flag] = crossFlags;
    expect(flag!.rule).toBe('inconsistent-number');
    expect(flag!.spans.map((s) => [s.sourceId, s.text])).toEqual([['cross-a', '$13.9 billion'], ['cross-b', '$12.1 billion']]);
    expect(crossCorroborations.map((c) => c.spans.map((s) => [s.sourceId, s.text]))).toEqual([[['cross-a', '6.1 million'], ['cross-b', '6.1 million']]]);
  });

  it('keeps an article about another country out of both', () => {
    const { crossFlags, crossCorroborations } = corpus();
    expect([...crossFlags, ...crossCorroborations].some((x) => x.spans.some((s) => s.sourceId === 'cross-c'))).toBe(false);
  });

  it('groups a large corpus of facts in one pass', () => {
    const facts: Fact[] = [];
    for (let i = 0; i < 100_000; i++) {
      const key = `number|flow||a${i % 50_000}>b|2022|money:USD`;
      const span = { start: i, end: i + 3, text: '$1B' };
      facts.push({ key, sourceId: `s${i % 7}`, span, context: span, value: 1e9, kind: 'number' });
    }
    const started = performance.now();
    const { flags, corroborations } = checkAcrossSources(facts);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(flags).toEqual([]);
    expect(corroborations).toHaveLength(50_000);
  });
});

describe('spans', () => {
  const articleish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'The', 'the', 'election', 'elections', 'summit', 'in', 'Kazakhstan', 'Italy', 'exports to', 'imports from', 'held',
          'nine', 'three', '$13.9 billion', '$12.1 billion', 'about', 'little under', '32%', '54%', 'of the vote', 'grew',
          'to', 'from', 'March 19, 2023', '19 March', '2022', '2021', 'was founded in', 'since its founding in',
          'Foreign Minister John Smith', 'Defence Minister John Smith', 'biggest export partner is', 'followed by',
          'split between', 'Of the', 'U.S.', '“slogan”', '"', '’s', ',', '.', ' ', '\n', '\n\n', '😀', '\u00a0', '\uFEFF',
        ),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 120 },
    )
    .map((parts) => parts.join(' '));

  it('every flag, corroboration and fact span is the exact slice of its text, for arbitrary text', () => {
    fc.assert(
      fc.property(articleish, (text) => {
        const a = analyse('s', text);
        for (const f of [...a.flags, ...a.corroborations]) {
          expect(f.spans.length).toBeGreaterThan(0);
          expectExactSpans(text, 's', f.spans);
        }
        for (const fact of a.facts) {
          expect(text.slice(fact.span.start, fact.span.end)).toBe(fact.span.text);
          expect(text.slice(fact.context.start, fact.context.end)).toBe(fact.context.text);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('scale', () => {
  /** A long article whose figures share measures, partners and people: the worst case for grouping. */
  function bigArticle(paragraphs: number): string {
    const out: string[] = ['Rostavia Trade Review', ''];
    for (let i = 0; i < paragraphs; i++) {
      const year = 1990 + (i % 30);
      out.push(
        `Rostavia's exports to Partnerland${i % 40} reached $${i}.${i % 10} billion in ${year}, the office said. ` +
          `In ${year}, Foreign Minister Person${i % 300} Name${i % 7} visited Capital${i % 50}. ` +
          `Revenue grew ${i % 30}% to $${(i % 70) + 2} billion, followed by Partnerland${(i + 1) % 40} with $${i + 1} billion.`,
        '',
      );
    }
    return out.join('\n');
  }

  it('within-source checks stay near-linear as the article grows', () => {
    const time = (n: number): number => {
      const text = bigArticle(n);
      const ps = paragraphsOf(parseSource(text, 'txt'), text);
      const source = { id: 'big', path: 'big.txt', format: 'txt' as const, hash: '', length: text.length, meta: {} };
      const ctx = { source, text, tree: { type: 'root' as const, children: [] }, paragraphs: ps, sentences: splitSentences(text, ps), captions: [], nonProse: new Set<string>(), claims: [], flags: [], corroborations: [], facts: [] };
      const started = performance.now();
      const result = analyzeConsistency(ctx);
      const elapsed = performance.now() - started;
      for (const f of [...result.flags, ...result.corroborations]) expectExactSpans(text, 'big', f.spans);
      expect(result.flags.length).toBeLessThan(n * 3);
      return elapsed;
    };
    time(200);
    const small = time(1_000);
    const large = time(4_000);
    // Quadratic work would take ~16x as long for 4x the text.
    expect(large / Math.max(small, 1)).toBeLessThan(8);
  });
});

/**
 * Planted defects in small invented articles (and the two real ones): each expected flag is matched by its
 * rule and by words its spans must contain. The holdout-* fixtures were written before the rules were first
 * run on them (and the rules were then improved on what they missed); the blind-* ones were written last and
 * their misses are kept as they are, so the numbers below are not all tuned ones.
 */
const PLANTED: Record<string, [RuleId, ...string[]][]> = {
  'consistency-election': [['inconsistent-count', 'held three presidential elections', 'The presidential election in Veloria']],
  'consistency-trade': [['inconsistent-number', '$12.1 billion', '$13.9 billion']],
  'consistency-ranking': [
    ['inconsistent-ranking', 'largest source of imports is Ostmark', '$6.3 billion'],
    ['inconsistent-ranking', '$9.1 billion', '$8.4 billion'],
  ],
  'consistency-arithmetic': [
    ['inconsistent-arithmetic', '32%', '$110.5 billion'],
    ['inconsistent-arithmetic', '$50 billion', '$17 billion'],
    ['inconsistent-arithmetic', '54%', '12%'],
  ],
  'consistency-roles': [['inconsistent-role', 'Defence Minister John Smith', 'Foreign Minister John Smith']],
  'consistency-founding': [
    ['inconsistent-date', 'founded in 2013', 'founding in 2015'],
    ['inconsistent-date', '19 March 2023', '20 March 2023'],
  ],
  'consistency-slogan': [],
  'consistency-clean': [],
  'consistency-summit': [
    ['inconsistent-count', "hosted four leaders' summits"],
    ['inconsistent-number', '3.1 million', '2.6 million'],
    ['inconsistent-date', '12 May 2024', '13 May 2024'],
    ['inconsistent-role', 'Interior Minister Tomas Varga', 'Justice Minister Tomas Varga'],
  ],
  'consistency-census': [
    ['inconsistent-number', '5.1 million', '5.6 million'],
    ['inconsistent-arithmetic', '62%', '15%'],
  ],
  'consistency-festival': [['inconsistent-date', '19 March', '20 March']],
  'consistency-holdout-power': [
    ['inconsistent-number', '$410 million', '$380 million'],
    ['inconsistent-ranking', 'largest electricity customer', '$520 million'],
    ['inconsistent-arithmetic', '15%', '$1.1 billion'],
    ['inconsistent-date', 'founded in 1998', 'established in 2001'],
    ['inconsistent-role', 'Energy Minister Sofia Kerr', 'finance minister'],
  ],
  'consistency-holdout-vote': [
    ['inconsistent-count', 'held two constitutional referendums', 'The constitutional referendum'],
    ['inconsistent-number', '71%', '64%'],
    ['inconsistent-arithmetic', '58%', '5%'],
    ['inconsistent-role', 'President Maria Ostrova', 'Prime Minister Maria Ostrova'],
    ['inconsistent-date', '14 April 2024', '15 April 2024'],
  ],
  'consistency-blind-health': [
    ['inconsistent-role', 'Health Minister Karin Olde', 'education minister'],
    ['inconsistent-number', '1,240', '1,420'],
    ['inconsistent-ranking', '$420 million', '$510 million'],
  ],
  'consistency-blind-coalition': [
    ['inconsistent-date', '14 November 2022', '15 November 2022'],
    ['inconsistent-number', '7.1%', '6.4%'],
    ['inconsistent-ranking', 'biggest trading partner is Norland', '$19 billion'],
  ],
  // Written after the blind misses above were fixed, to cover the same patterns in other words; their own first
  // misses (fees and royalties as measures, "Tessaly" read as an adverb, "across the country" as a place) were fixed too.
  'consistency-port': [
    ['inconsistent-ranking', "Tessaly is Calvera's biggest grain buyer", '$640 million'],
    ['inconsistent-arithmetic', '20%', '$2.2 billion'],
    ['inconsistent-number', '2,315', '2,135'],
  ],
  'consistency-schools': [
    ['inconsistent-arithmetic', '8%', '$4.1 billion'],
    ['inconsistent-number', '85', '58'],
    ['inconsistent-ranking', 'more than from Estland', '$120 million'],
  ],
  // Written with the list, length and rank-statement rules, so tuned; its traps ("two of the organisers", a
  // list that agrees, "one of the largest", a two-day market beside a two-week exhibition) must stay quiet.
  'consistency-statements': [
    ['inconsistent-count', 'Four bands', 'the Amberlines'],
    ['inconsistent-ranking', 'second-largest town', 'largest town in the region'],
    ['inconsistent-count', 'three-day Lindau harvest festival', 'fourth day of the festival'],
  ],
  'consistency-mining': [
    ['inconsistent-ranking', 'biggest copper buyer is Halden', '$2.6 billion'],
    ['inconsistent-arithmetic', '10%', '$480 million'],
    ['inconsistent-number', '312', '321'],
  ],
};

describe('planted-defect benchmark', () => {
  it('reports per-rule precision and recall over the fixtures', () => {
    const stats = new Map<RuleId, { tp: number; fp: number; fn: number }>();
    const stat = (r: RuleId) => stats.get(r) ?? (stats.set(r, { tp: 0, fp: 0, fn: 0 }), stats.get(r)!);
    const cases: [string, SourceAnalysis, [RuleId, ...string[]][]][] = [
      ...Object.entries(PLANTED).map(([name, expected]) => [name, fixture(name.replace(/^consistency-/, '')), expected] as [string, SourceAnalysis, [RuleId, ...string[]][]]),
      ['000 (real)', source('000_'), [['inconsistent-count', 'held nine parliamentary elections', 'The parliamentary election in Kazakhstan']]],
      ['003 (real)', source('003_'), []],
    ];
    const misses: string[] = [];
    for (const [name, a, expected] of cases) {
      const unmatched = consistencyFlags(a);
      for (const [rule, ...texts] of expected) {
        const i = unmatched.findIndex((f) => f.rule === rule && mentions(f, ...texts));
        if (i >= 0) {
          stat(rule).tp++;
          unmatched.splice(i, 1);
        } else {
          stat(rule).fn++;
          misses.push(`missed ${rule} in ${name}: ${texts.join(' / ')}`);
        }
      }
      for (const f of unmatched) {
        stat(f.rule).fp++;
        misses.push(`false ${f.rule} in ${name}: ${f.message}`);
      }
    }
    const rows = [...stats].map(([rule, s]) => `${rule.padEnd(24)} P=${(s.tp / Math.max(1, s.tp + s.fp)).toFixed(2)} R=${(s.tp / Math.max(1, s.tp + s.fn)).toFixed(2)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
    console.log(['planted-defect benchmark', ...rows, ...misses].join('\n'));
    const total = [...stats.values()].reduce((t, s) => ({ tp: t.tp + s.tp, fp: t.fp + s.fp, fn: t.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
    // A regression floor, not a target: precision first, and the blind misses stay in the denominator.
    expect(total.tp / (total.tp + total.fp)).toBeGreaterThanOrEqual(0.95);
    expect(total.tp / (total.tp + total.fn)).toBeGreaterThanOrEqual(0.8);
  });
});

describe('one measure stated twice in different words, and one group given two sizes', () => {
  const numberFlags = (text: string): string[][] => ofRule(analyse('measure', `Report\n\n${text}\n`), 'inconsistent-number').map((f) => f.spans.map((sp) => sp.text).sort());
  const countFlags = (text: string): Flag[] => ofRule(analyse('group', `Report\n\n${text}\n`), 'inconsistent-count');

  it('flags people evacuated and evacuees given two totals', () => {
    expect(numberFlags('Officials said 2,150 people had been evacuated from the valley since Friday. Gyms were housing about 600 of the 2,510 evacuees on Tuesday.')).toEqual([['2,150', '2,510']]);
  });

  it('does not flag evacuations on different days, an update, a part of the evacuees or the same total', () => {
    for (const text of [
      '1,200 people were evacuated on Friday. By Sunday, 2,510 people had been evacuated.',
      'Some 900 people were evacuated on Friday. Another 1,300 people were evacuated on Sunday.',
      'Officials said 2,150 people had been evacuated. The number later rose to 2,510 evacuees.',
      'Officials said 2,510 people had been evacuated. Gyms were housing about 600 of the 2,510 evacuees.',
      'Officials said 2,510 people had been evacuated. Soldiers helped with 40 evacuations.',
    ]) expect(numberFlags(text), text).toEqual([]);
  });

  it('flags the area a season burned given as two totals, whatever the verb', () => {
    expect(numberFlags('Overall, 12,000 acres burned across the state between June and August. Farmers said the 21,000 acres lost this summer included vineyards.')).toEqual([['12,000', '21,000']]);
  });

  it('does not flag one fire\'s area beside the season\'s, another year, another land, or a range', () => {
    for (const text of [
      'Overall, 12,000 acres burned this summer. The Ridge fire alone scorched 4,000 acres.',
      'Overall, 12,000 acres burned this summer. In 2019, 30,000 acres burned.',
      'Overall, 12,000 acres burned this summer. Some 7,000 acres of forest burned, officials said.',
      'Overall, 12,000 acres burned this summer. So far this month, 900 acres have burned.',
      'Overall, 12,000 acres burned this summer, well below the 2019 season. Last year 30,000 acres were lost.',
    ]) expect(numberFlags(text), text).toEqual([]);
  });

  it('flags an operating profit given twice for the reported quarter, with a currency code and an abbreviation', () => {
    const text = [
      'Highlights\n\n- Operating profit (EBITA) of SEK 4.6 billion, a margin of 18%',
      'The group posted an operating profit of SEK 4.9 billion in the quarter, compared with SEK 3.8 billion in the second quarter of 2023. Net profit was SEK 3.1 billion.',
    ].join('\n\n');
    expect(ofRule(analyse('quarter', `Results\n\n${text}\n`), 'inconsistent-number').map((f) => f.spans.map((sp) => sp.text).sort())).toEqual([['SEK 4.6 billion', 'SEK 4.9 billion']]);
  });

  it('does not set a quarter\'s operating profit against the nine months\', the year-ago base or net profit', () => {
    for (const text of [
      'The group posted an operating profit of SEK 4.9 billion in the quarter, compared with SEK 3.8 billion in the second quarter of 2023. Net profit was SEK 3.1 billion.',
      'The group posted an operating profit of SEK 4.9 billion in the quarter. For the first nine months of 2024, operating profit was SEK 12.2 billion.',
    ]) expect(numberFlags(text), text).toEqual([]);
  });

  it('flags the cost of the one project a text is about given twice', () => {
    expect(numberFlags('The state approved a $640 million expansion of the Harlow airport on Monday. A lender said the $710 million project had found backers.')).toEqual([['$640 million', '$710 million']]);
  });

  it('does not flag two projects, a separate project, or a cost the text says was revised', () => {
    for (const text of [
      'The state approved a $640 million expansion of the Harlow airport. It also backed a $710 million upgrade of the Denby port.',
      'The state approved a $640 million expansion of the airport. A separate $710 million project will link it to the city.',
      'The $640 million expansion was approved in May. The cost of the $710 million project has risen from the initial estimate.',
      'The state approved a $640 million expansion. The $640 million project found backers.',
    ]) expect(numberFlags(text), text).toEqual([]);
  });

  it('flags a group introduced with one size and later claimed whole with another', () => {
    const flags = countFlags('A group of five Austrian hikers left the hut on Friday. Rescuers reached them at dawn. All four hikers were treated for exposure.');
    expect(flags.map((f) => f.spans.map((sp) => sp.text))).toEqual([['A group of five Austrian hikers', 'All four hikers']]);
  });

  it('flags a defined set given two sizes: in competition and competing', () => {
    const flags = countFlags('The prize went to a debut, chosen from the nine novels in competition. "Each of the ten novels competing deserved it," the chair said.');
    expect(flags).toHaveLength(1);
    expect(mentions(flags[0]!, 'the nine novels in competition', 'the ten novels competing')).toBe(true);
  });

  it('does not flag subsets, other groups, other years, ranges or a later addition', () => {
    for (const text of [
      'A group of five hikers left the hut. Three of the hikers were injured, and all three hikers were flown out.',
      'A group of five hikers left the hut. Two turned back. All three hikers reached the top.',
      'A group of five hikers left on Friday. A group of three hikers left on Saturday. All three hikers were found.',
      'A group of five hikers left the hut. Rescuers found four hikers alive; a fifth was found later.',
      'The ten novels in competition this year were strong. The nine novels in competition last year were weaker.',
      'The ten novels in competition were read. Two of the nine novels in the first round were debuts.',
      'A group of four or five hikers left the hut. All four hikers returned.',
      'The ten novels in competition were read. The twelve novels competing in the debut section were shorter.',
      'A group of five hikers left the hut. All five hikers were found.',
    ]) expect(countFlags(text), text).toEqual([]);
  });
});

describe('a group, a body, a structure or a reading given two sizes in other shapes', () => {
  const flagsOf = (rule: RuleId, text: string): string[][] => ofRule(analyse('shapes', `Report\n\n${text}\n`), rule).map((f) => f.spans.map((sp) => sp.text));

  it('flags a bare count that a later "all N" sums up with another number', () => {
    expect(flagsOf('inconsistent-count', 'The storm closed ports in three provinces on Monday. Governors of all five provinces met on Tuesday.')).toEqual([['three provinces', 'all five provinces']]);
  });

  it('flags a whole given by a part of it and by "all N", thousands included, as a number', () => {
    expect(flagsOf('inconsistent-number', 'Some 2,310 teachers had walked out, out of the 2,640 teachers employed by the district. The deal covers all 2,460 district teachers.')).toEqual([['2,640 teachers', 'all 2,460 district teachers']]);
  });

  it('flags a list of candidates against the candidates counted later', () => {
    expect(flagsOf('inconsistent-count', 'Members chose from a slate of four board candidates. The remaining candidates trailed. Among the seven candidates, only Ruiz had served before.')).toEqual([['a slate of four board candidates', 'seven candidates']]);
  });

  it('does not flag a subset, an "all" narrowed after its noun, an antecedent list, other years or the same size', () => {
    for (const text of [
      'Ministers from Arel, Bosk, Cade and Dorn met. The storm closed ports in three provinces. All four provinces asked for aid.',
      'Nine of the 31 deputies voted against. All two deputies behind the motion resigned.',
      'Floods hit three provinces in 2021. All five provinces were hit in 2023.',
      'The storm closed ports in three provinces. All three provinces reopened them on Friday.',
      'All five provinces met on Friday. Three provinces asked for aid.',
      'Some 900 of the 1,400 drivers struck. All 1,400 drivers were paid.',
    ]) expect(flagsOf('inconsistent-count', text).concat(flagsOf('inconsistent-number', text)), text).toEqual([]);
  });

  it('flags a vote tally larger than the body that cast it, not one that fits', () => {
    expect(flagsOf('inconsistent-count', 'The plan passed in a 6-3 vote on Tuesday. The eight-member board meets again in May.')).toEqual([['6-3 vote', 'eight-member board']]);
    for (const text of [
      'The plan passed in a 5-3 vote on Tuesday. The eight-member board meets again in May.',
      'The board voted 4-1. The nine-member council voted 6-3 on a second plan.',
      'The home side won 6-3 in the vote-winning final. The eight-member board was pleased.',
    ]) expect(flagsOf('inconsistent-count', text), text).toEqual([]);
  });

  it('flags the one structure a text is about given two lengths, named or not', () => {
    expect(flagsOf('inconsistent-number', 'The Varlo Tunnel, a 5,870-metre rail tunnel, opened on Monday. Crews worked for six years. At 5,780 metres long, the tunnel is the longest in the region.')).toEqual([['5,780 metres long', '5,870-metre rail tunnel']]);
  });

  it('does not flag another structure, a part, a rounded or hedged size, or other dimensions', () => {
    for (const text of [
      'The Varlo Tunnel, a 5,870-metre rail tunnel, opened on Monday. The older Brenn Tunnel, 4,100 metres long, will close.',
      'The Varlo Tunnel, a 5,870-metre rail tunnel, opened. Its main bore runs 2,100 metres under the lake.',
      'The Varlo Tunnel, a 5,870-metre rail tunnel, opened. At about 5,900 metres long, the tunnel is the region\'s longest.',
      'The 320-metre tower opened. The tower is 60 metres wide at its base.',
      'The Kessel Bridge, a 900-metre bridge, opened. The Arno Bridge, 1,200 metres long, is older. The Arno Bridge was busy.',
    ]) expect(flagsOf('inconsistent-number', text), text).toEqual([]);
  });

  it('flags one place given two temperature readings for one day', () => {
    expect(flagsOf('inconsistent-number', 'The gauge showed 39.4C in Valmora on Tuesday afternoon. Officials said Valmora\'s 34.9C reading on Tuesday was a record for June.')).toEqual([['34.9C', '39.4C']]);
  });

  it('does not flag other days, other places, forecasts, ranges, records or lows', () => {
    for (const text of [
      'The gauge showed 39.4C in Valmora on Tuesday. Valmora\'s 36.1C reading on Wednesday was lower.',
      'The gauge showed 39.4C in Valmora on Tuesday. Temperatures reached 35C in Ostra on Tuesday.',
      'The gauge showed 39.4C in Valmora on Tuesday, with highs between 38C and 41C forecast through Thursday. Valmora is expected to hit 41C on Tuesday next week.',
      'The gauge showed 39.4C in Valmora on Tuesday. Valmora\'s record of 42.2C on a Tuesday in 2007 still stands.',
      'The gauge showed 39.4C in Valmora on Tuesday. An overnight low of 27C in Valmora on Tuesday kept people awake.',
    ]) expect(flagsOf('inconsistent-number', text), text).toEqual([]);
  });
});

describe('seeds, ranks in a force, sides in a trial and coaching posts', () => {
  const flagsOf = (rule: RuleId, text: string): string[][] => {
    const full = `Report\n\n${text}\n`;
    const a = analyse('posts', full);
    for (const f of a.flags) expectExactSpans(full, 'posts', f.spans);
    return ofRule(a, rule).map((f) => f.spans.map((sp) => sp.text));
  };

  it('flags a team called the top seed and later the second-seeded team', () => {
    expect(flagsOf('inconsistent-ranking', 'Harlow, the top seed after a 20-8 season, lead the series 2-1. Game 4 is on Friday.\n\nThe win restores home court to the second-seeded Harlow, who last won a title in 2019.')).toEqual([['second-seeded Harlow', 'Harlow, the top seed']]);
  });

  it('does not flag two top seeds, or a seed of another year', () => {
    expect(flagsOf('inconsistent-ranking', 'Ana Lind, the top seed, won on Monday.\n\nMia Orsk, the top seed, lost on Tuesday.')).toEqual([]);
    expect(flagsOf('inconsistent-ranking', 'Ana Lind, the top seed last year, won.\n\nAna Lind, the third seed, lost in the first round.')).toEqual([]);
  });

  it('flags an officer given two ranks of the force', () => {
    expect(flagsOf('inconsistent-role', '"Crime fell," said Superintendent Mara Voss on Monday.\n\n"Report it," said Inspector Mara Voss.')).toEqual([['Inspector Mara Voss', 'Superintendent Mara Voss']]);
  });

  it('does not flag a chief inspector called an inspector, or a promotion', () => {
    expect(flagsOf('inconsistent-role', '"Crime fell," said Chief Inspector Mara Voss.\n\n"Report it," said Inspector Mara Voss.')).toEqual([]);
    expect(flagsOf('inconsistent-role', 'Sergeant Mara Voss spoke on Monday.\n\nVoss was promoted and Inspector Mara Voss now leads the unit.')).toEqual([]);
  });

  it('flags the judge of a trial later called its prosecutor', () => {
    expect(flagsOf('inconsistent-role', 'Presiding judge Lena Dorr read the verdict on Monday.\n\nDorr, the chief prosecutor in the case, said she would appeal.')).toEqual([['Dorr, the chief prosecutor', 'Presiding judge Lena Dorr']]);
  });

  it('does not flag a judge who was once a prosecutor', () => {
    expect(flagsOf('inconsistent-role', 'Presiding judge Lena Dorr read the verdict on Monday.\n\nDorr, a former prosecutor in the case, took the bench in 2015.')).toEqual([]);
  });

  it('flags the head coach later called a specialist coach', () => {
    expect(flagsOf('inconsistent-role', 'The win pleased head coach Tomas Berg on Saturday.\n\nScrum coach Tomas Berg said the pack was fitter.')).toEqual([["Scrum coach Tomas Berg", "head coach Tomas Berg"]]);
  });

  it('does not read a team before "coach", or a verb, as which coach it is', () => {
    expect(flagsOf('inconsistent-role', 'Harlow won on Saturday. Harlow coach Tomas Berg was pleased.\n\nThe result satisfied head coach Tomas Berg.')).toEqual([]);
    expect(flagsOf('inconsistent-role', 'The win pleased coach Tomas Berg.\n\nHead coach Tomas Berg said the pack was fitter.')).toEqual([]);
  });
});

describe('a building or works opened in two different years', () => {
  const flagsOf = (text: string): string[][] => {
    const full = `Report\n\n${text}\n`;
    const a = analyse('openings', full);
    for (const f of a.flags) expectExactSpans(full, 'openings', f.spans);
    return ofRule(a, 'inconsistent-date').map((f) => f.spans.map((sp) => sp.text));
  };

  it('flags a plant said to have opened in one year and, as the factory, in another', () => {
    expect(flagsOf('The Orsk plant, which opened in 1987, makes vans.\n\nSince opening in 1989, the factory has built 2 million vehicles.')).toEqual([['Since opening in 1989', 'The Orsk plant, which opened in 1987']]);
  });

  it('does not flag two named plants, an old and a new terminal, or a reopening', () => {
    for (const text of [
      'The Orsk plant, which opened in 1987, makes vans.\n\nThe Linz plant, which opened in 1995, makes cars.',
      'The old terminal opened in 1975.\n\nThe new terminal, which opened in 2019, handles most flights.',
      'The museum opened in 1884.\n\nThe museum reopened in 2025 after repairs.',
      'The exhibition opened in 2019.\n\nThe museum opened in 1884.',
    ]) expect(flagsOf(text), text).toEqual([]);
  });
});

describe('figures read past units, dates and percentages of a pair', () => {
  const analyseBody = (text: string): SourceAnalysis => analyse('recall', `Report\n\n${text}\n`);
  const flagsOf = (rule: RuleId, text: string): string[][] => {
    const a = analyseBody(text);
    const full = `Report\n\n${text}\n`;
    for (const f of a.flags) for (const sp of f.spans) expect(full.slice(sp.start, sp.end)).toBe(sp.text);
    return ofRule(a, rule).map((f) => f.spans.map((sp) => sp.text));
  };
  const matches = (text: string): string[] => analyseBody(text).corroborations.filter((c) => c.kind === 'arithmetic-matches').map((c) => c.message);

  it('flags a stated cut that is not the difference of two figures given with their unit and rate', () => {
    expect(flagsOf('inconsistent-arithmetic', 'The rules lower the allowance to 150 litres per person per day from 190 litres, a cut of 30 litres, officials said.')).toEqual([['a cut of 30', '190', '150']]);
  });

  it('flags a stated increase between two figures each given with a month and year', () => {
    expect(flagsOf('inconsistent-arithmetic', 'The number of people waiting rose from 42,310 in April 2023 to 47,020 in January 2024, an increase of 5,710 patients.')).toEqual([['an increase of 5,710', '42,310', '47,020']]);
  });

  it('flags a percentage change that does not follow from the two figures it is of', () => {
    expect(flagsOf('inconsistent-arithmetic', 'Burglaries dropped 9 per cent, from 3,120 to 2,480, the force said.')).toEqual([['dropped 9 per cent', '3,120', '2,480']]);
    expect(flagsOf('inconsistent-arithmetic', 'The council raised the parking charge from $4.00 to $4.60, a 20 percent increase.')).toEqual([['20 percent increase', '$4.00', '$4.60']]);
  });

  it('confirms a change, in units or in per cent, that does follow', () => {
    expect(matches('The rules lower the allowance to 150 litres per person per day from 190 litres, a cut of 40 litres.')).toHaveLength(1);
    expect(matches('Burglaries dropped 20 per cent, from 3,100 to 2,480, the force said.')).toHaveLength(1);
    expect(matches('The council raised the parking charge from $4.00 to $4.60, a 15 percent increase.')).toHaveLength(1);
  });

  it('does not flag rounded percentages, points of a rate, a change of other things or one without a verb of change', () => {
    for (const text of [
      'Burglaries dropped 20 per cent, from 3,120 to 2,480, the force said.',
      'Turnout rose 5 per cent, from 60% to 65%, officials said.',
      'The fleet went from 120 buses to 150 buses, a rise of 30 trams in service.',
      'About 40 per cent, from 3,100 to 2,480 homes, lost power.',
      'The allowance falls to 150 litres per person per day from 190 litres, a cut of 40 litres a day for each household.',
      'The number of people waiting rose from 42,310 in April 2023 to 47,020 in January 2024, an increase of 4,710 patients.',
    ]) expect(flagsOf('inconsistent-arithmetic', text), text).toEqual([]);
  });

  it('flags a table row whose parts do not add up to the total it gives', () => {
    const text = 'Harbour City beat Ridgeway on Sunday.\n\nScoring by quarter\nHarbour City: 21 | 18 | 25 | 17 — 81\nRidgeway: 15 | 20 | 19 | 22 — 77\n';
    const a = analyse('rows', text);
    const flags = ofRule(a, 'inconsistent-arithmetic');
    expect(flags.map((f) => f.spans.map((sp) => sp.text))).toEqual([['15 | 20 | 19 | 22', '77']]);
    for (const sp of flags[0]!.spans) expect(text.slice(sp.start, sp.end)).toBe(sp.text);
  });

  it('does not flag rows that add up, rows of years, or links', () => {
    for (const text of [
      'Scoring by quarter\nHarbour City: 21 | 18 | 25 | 17 — 81\n',
      'Seasons: 2019 | 2020 | 2021 — 2022\n',
      'Share this article: Facebook | X | Copy link\n',
    ]) expect(ofRule(analyse('rows', `Report\n\n${text}`), 'inconsistent-arithmetic'), text).toEqual([]);
  });

  it('does not sum a number that is part of a name as a part of a total', () => {
    expect(flagsOf('inconsistent-arithmetic', 'Of the 2,400 employees at the plant, about 1,900 are hourly workers represented by Union Local 1520; the rest are salaried staff.')).toEqual([]);
  });

  it('still sums parts written as the total is', () => {
    expect(flagsOf('inconsistent-arithmetic', 'Of the 2,400 employees at the plant, 1,900 are hourly workers and 1,520 are salaried staff.')).toHaveLength(1);
  });

  it('flags "both" of a whole the text elsewhere counts as three', () => {
    expect(flagsOf('inconsistent-count', 'The trust runs services across its three hospitals. Inspectors said that at both of the trust\'s hospitals, theatres stood idle, and every one of them was short of staff.')).toEqual([['its three hospitals', 'both of the trust\'s hospitals']]);
  });

  it('does not flag "both" pairing two groups, other wholes, or a part of the whole', () => {
    for (const text of [
      'The trust runs services across its three hospitals. Both nurses and doctors at its hospitals were tired.',
      'The trust runs services across its three hospitals. Both new hospitals opened in the spring.',
      'The trust runs services across its three hospitals. Two of them are old, and both of the old hospitals need repairs.',
      'The trust runs services across its three hospitals in the north. Both of the trust\'s hospitals in the south are new.',
      'The firm sold its two plants. Its rival kept its three plants.',
    ]) expect(flagsOf('inconsistent-count', text), text).toEqual([]);
  });

  it('flags what the article\'s subject has, given two sizes ("operates 412 stores" … "its 421 stores")', () => {
    expect(flagsOf('inconsistent-number', 'The retailer, which operates 318 shops in 21 states, will close 90 of them and keep its remaining shops open. It said 6,200 workers were employed at its 381 shops as of March 1.')).toEqual([['operates 318 shops', 'its 381 shops']]);
  });

  it('does not flag another owner\'s, a remaining part, a hedged size, a narrower set or a past year', () => {
    for (const text of [
      'The retailer operates 318 shops. Rival Castell, which operates 381 shops, said it was not affected.',
      'The retailer operates 318 shops. It will close 54 of them and keep its remaining 264 shops open.',
      'The retailer operates about 300 shops. It said 6,200 workers were employed at its 318 shops.',
      'The retailer operates 318 shops. It said 900 workers were employed at its 41 shops in Ohio.',
      'The retailer operates 318 shops. In 2019, before the pandemic, it counted 20,000 workers at its 402 shops.',
      'The retailer operates 318 shops. After the closures, its remaining shops employ 4,000 people, and its 264 shops will stay open.',
    ]) expect(flagsOf('inconsistent-number', text), text).toEqual([]);
  });

  it('flags one speed given twice in different units of the same system ("185 kilometres per hour" … "the 195 kph winds")', () => {
    expect(flagsOf('inconsistent-number', 'The storm struck the coast packing maximum sustained winds of 160 kilometres per hour (99 mph). Villagers said the 170 kph winds tore roofs off homes.')).toEqual([['170 kph', '160 kilometres per hour']]);
  });

  it('does not flag gusts against winds, bounds, conversions, a storm that weakened, or another kind of speed', () => {
    for (const text of [
      'The storm brought winds of 160 km/h. Gusts of 210 km/h were recorded on the coast.',
      'The storm brought winds of 160 km/h. Forecasters warned of winds of up to 200 km/h.',
      'The storm brought winds of 160 kilometres per hour (99 mph). The 99 mph winds were the strongest in years.',
      'The storm brought winds of 160 km/h. It weakened overnight, with winds of 120 km/h on Friday.',
      'The storm brought peak winds of 160 km/h. Average winds of 90 km/h lasted all day.',
      'The storm brought winds of 160 km/h. The train\'s top speed of 300 km/h was cut. Its cruising speed of 250 km/h stayed.',
    ]) expect(flagsOf('inconsistent-number', text), text).toEqual([]);
  });

  it('flags the jobs one cut ends, given two sizes ("eliminating 2,400 jobs" … "the 2,700 employees who will lose their jobs")', () => {
    expect(flagsOf('inconsistent-number', 'The company will close its mill next year, eliminating 1,150 hourly and salaried jobs. It said the 1,510 employees who will lose their jobs would get severance.')).toEqual([['1,510', '1,150']]);
  });

  it('does not flag jobs of another time, company, place or part, hedged, or a further cut', () => {
    for (const text of [
      'The company will close its mill, eliminating 1,150 jobs. Another firm shut its mill in 2011, eliminating 900 jobs.',
      'The company will close its mill, eliminating 1,150 jobs. Rival Pellam, which is cutting 600 jobs, said demand was weak.',
      'The company will close its mill, eliminating 1,150 jobs. Suppliers said 400 jobs at their plants were at risk, and 300 job cuts abroad would follow.',
      'The company will close its mill, eliminating 1,150 jobs. About 1,000 workers will lose their jobs by March.',
      'The company will close its mill, eliminating 1,150 jobs. It plans to cut a further 200 jobs at headquarters.',
      'The company will close its mill, eliminating 1,150 jobs. Of the 1,150 jobs, 800 workers will lose their jobs in the first round.',
    ]) expect(flagsOf('inconsistent-number', text), text).toEqual([]);
  });
});
