import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/core/pipeline.js';
import { weekdayDates, weekdayOf } from '../../src/core/weekdays.js';

const weekdayFlags = (text: string) =>
  analyzeSource({ id: 'w', path: 'w.txt', text, format: 'txt' }).analysis.flags
    .filter((f) => f.rule === 'inconsistent-date')
    .map((f) => ({ message: f.message, spans: f.spans.map((s) => s.text) }));

const story = (dateline: string, body: string) => `Harbour reopens after storm\n\nBy Ines Varga\n${dateline}\n\n${body}\n`;

describe('a weekday the calendar puts on another day', () => {
  it('flags a yearless date whose weekday is wrong in the year of the dateline, and shows the dateline', () => {
    const text = story('Porto, 9 October 2026', 'The harbour reopened on Monday, 6 October, after three days of repairs, the port authority said.');
    expect(weekdayFlags(text)).toEqual([
      { message: 'The text puts Monday on 6 October 2026 (“Monday, 6 October”), but 6 October 2026 is a Tuesday.', spans: ['Monday, 6 October', '9 October 2026'] },
    ]);
  });

  it('flags a full date whose own year gives another weekday, with no dateline at all', () => {
    const right = 'Ferry service resumes\n\nThe first ferry left on Friday, March 3, 2023, the operator said.\n';
    expect(weekdayFlags(right)).toEqual([]);
    const wrong = 'Ferry service resumes\n\nThe first ferry left on Saturday, March 3, 2023, the operator said.\n';
    expect(weekdayFlags(wrong).map((f) => f.message)).toEqual(['The text puts Saturday on 3 March 2023 (“Saturday, March 3, 2023”), but 3 March 2023 is a Friday.']);
  });

  it('leaves alone weekdays that match, in both orders of day and month', () => {
    const text = story('LISBON, Oct 9, 2026 –', 'Work began on Monday, 5 October and ended on Thursday, October 8. Crews return on Saturday (10 October).');
    expect(weekdayFlags(text)).toEqual([]);
  });

  it('reads a yearless date early in January in the year before when that puts it nearer the dateline', () => {
    const text = story('Riga, 3 January 2026', 'The storm hit on Tuesday, 30 December, and the harbour stayed shut over the new year.');
    expect(weekdayOf(2025, 12, 30)).toBe(2);
    expect(weekdayFlags(text)).toEqual([]);
  });

  it('accepts a weekday that fits a year the sentence opens with, but not a year that belongs to something else', () => {
    const opened = story('Porto, 9 October 2026', 'In 2014, the river crested on Sunday, 12 October, a day after the dam gates were opened.');
    expect(weekdayOf(2014, 10, 12)).toBe(0);
    expect(weekdayFlags(opened)).toEqual([]);
    const attributive = story('Porto, 9 October 2026', 'The river crested on Sunday, 12 October at 4.1 metres, below the 2014 record.');
    expect(weekdayFlags(attributive).map((f) => f.spans[0])).toEqual(['Sunday, 12 October']);
  });

  it('reads abbreviated weekdays with their point, and weekdays without a comma before the day', () => {
    const right = story('LISBON, Oct. 9, 2026 –', 'The port reopened on Tues., Oct. 6, the ferry left on Wed. 7 Oct. and crews returned on Monday 5 October.');
    expect(weekdayFlags(right)).toEqual([]);
    const wrong = story('LISBON, Oct. 9, 2026 –', 'The port reopened on Wed., Oct. 6, and crews returned on Sunday 5 October.');
    expect(weekdayFlags(wrong).map((f) => f.spans[0])).toEqual(['Wed., Oct. 6', 'Sunday 5 October']);
  });

  it('does not read a word or a name as an abbreviated weekday', () => {
    const text = story('LISBON, Oct. 9, 2026 –', 'The Sun, 8 October edition sold out. Sat 10 October was quiet.');
    expect(weekdayFlags(text)).toEqual([]);
  });

  it('says nothing about a yearless date in an article with no date of its own', () => {
    const text = 'Harbour reopens\n\nThe harbour reopened on Monday, 6 October, after three days of repairs.\n';
    expect(weekdayFlags(text)).toEqual([]);
  });

  it('ignores a date inside a body sentence when looking for the article\'s own date', () => {
    const text = 'Harbour reopens\n\nThe harbour, which first opened on 4 June 1998 after a decade of building work that cost far more than planned, reopened on Monday, 6 October.\n';
    expect(weekdayFlags(text)).toEqual([]);
  });
});

describe('weekday and date phrases', () => {
  it('quotes each phrase exactly where it stands', () => {
    const text = 'Talks open on Wednesday, the 7th of October, and close on Friday, October 9, 2026.';
    const found = weekdayDates(text, { start: 0, end: text.length });
    expect(found.map((d) => d.span.text)).toEqual(['Wednesday, the 7th of October', 'Friday, October 9, 2026']);
    for (const d of found) expect(text.slice(d.span.start, d.span.end)).toBe(d.span.text);
    expect(found.map((d) => [d.weekday, d.month, d.day, d.year])).toEqual([[3, 10, 7, undefined], [5, 10, 9, 2026]]);
  });

  it('knows no weekday for a day the calendar does not have', () => {
    expect(weekdayOf(2026, 2, 30)).toBeUndefined();
    expect(weekdayOf(2024, 2, 29)).toBe(4);
  });
});
