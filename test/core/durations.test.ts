import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventDays, eventLengths, lengthsConflict } from '../../src/core/durations.js';

const whole = (text: string) => ({ start: 0, end: text.length });
const length = (text: string) => eventLengths(text, whole(text))[0]!;
const day = (text: string) => eventDays(text, whole(text))[0]!;

describe('an event’s length and the days the text counts to', () => {
  it('reads a hyphenated length before the event and an ordinal day of it', () => {
    expect(eventLengths('The three-day festival began on Friday.', whole('The three-day festival began on Friday.')).map((e) => [e.span.text, e.value])).toEqual([['three-day festival', 3]]);
    expect([day('On the fourth day of the festival, organisers left.'), day('Day 12 of the trial was quiet.')].map((e) => [e.span.text, e.value])).toEqual([
      ['the fourth day of the festival', 4],
      ['Day 12 of the trial', 12],
    ]);
  });

  it('finds a day past the end of the event', () => {
    expect(lengthsConflict(length('The three-day festival began.'), day('On the fourth day of the festival it rained.'), true)).toBe(true);
    expect(lengthsConflict(length('He began a three-day visit to China.'), day('On the fourth day of his visit he met the premier.'), true)).toBe(true);
    expect(lengthsConflict(length('The three-day festival began.'), day('On the third day of the festival it rained.'), true)).toBe(false);
  });

  it('keys a length by the noun after a modifier too: a music festival is a festival', () => {
    expect(lengthsConflict(eventLengths('A three-day music festival opened.', whole('A three-day music festival opened.'))[1]!, day('On the fifth day of the festival it rained.'), true)).toBe(true);
  });

  it('sets two lengths against each other only when both are of “the” event', () => {
    expect(lengthsConflict(length('The three-day festival began.'), length('Crowds filled the four-day festival on Saturday.'), false)).toBe(true);
    expect(lengthsConflict(length('A two-day summit was held in May.'), length('The three-day summit opens today.'), false)).toBe(false);
    expect(lengthsConflict(length('The three-day music festival began.'), length('The four-day music market began.'), false)).toBe(false);
  });

  it('keeps different units and events apart', () => {
    expect(lengthsConflict(length('The three-day festival began.'), day('In the fourth week of the festival, it rained.'), true)).toBe(false);
    expect(lengthsConflict(length('The three-day strike began.'), day('On the fourth day of the festival, it rained.'), true)).toBe(false);
  });

  it('quotes every length and day exactly, for arbitrary text around them', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before} the three-day music festival and the fourth day of the festival ${after}`;
        for (const e of [...eventLengths(text, whole(text)), ...eventDays(text, whole(text))]) expect(text.slice(e.span.start, e.span.end)).toBe(e.span.text);
      }),
    );
  });
});
