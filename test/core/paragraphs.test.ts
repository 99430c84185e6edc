import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paragraphsOf, parseSource } from '../../src/core/paragraphs.js';
import { paragraphAt } from '../../src/core/spans.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const paragraphs = (text: string, format: 'txt' | 'md' = 'txt') => paragraphsOf(parseSource(text, format), text);

describe('paragraphs', () => {
  it('addresses paragraphs p1, p2… in document order', () => {
    const ps = paragraphs('One.\n\nTwo.\n\nThree.');
    expect(ps.map((p) => [p.id, p.text])).toEqual([['p1', 'One.'], ['p2', 'Two.'], ['p3', 'Three.']]);
  });

  it('addresses each line of a paragraph, as captions often sit on lines', () => {
    const text = 'Caption under a photo\nCaption under a photo\n\nBody.';
    const [p1] = paragraphs(text);
    expect(p1!.lines.map((l) => [l.id, text.slice(l.start, l.end)])).toEqual([
      ['p1.l1', 'Caption under a photo'],
      ['p1.l2', 'Caption under a photo'],
    ]);
  });

  it('keeps every character of Markdown-looking plain text in its paragraph', () => {
    const text = fixture('paragraphs-markdown-looking.txt');
    const ps = paragraphs(text);
    expect(ps).toHaveLength(2);
    expect(ps[0]!.text).toBe(text.slice(0, text.indexOf('\n\nSecond')));
    expect(ps[0]!.lines.map((l) => l.text)).toEqual([
      '1. Not a list, just a year: 1. Still prose.',
      '# Not a heading',
      '> Not a quote',
      '- not a bullet',
      'four spaces, not code',
      'Stars *stay*, under_scores_ stay, [brackets] stay, <b>tags</b> stay.',
    ]);
  });

  it('parses a .md source as Markdown, citing list paragraphs as part of the list', () => {
    const ps = paragraphs(fixture('paragraphs-real.md'), 'md');
    expect(ps.map((p) => [p.kind, p.text])).toEqual([
      ['heading', '# A heading'],
      ['paragraph', 'First paragraph with *emphasis*.'],
      ['list', 'item one'],
      ['list', 'item two'],
      ['blockquote', 'quoted line'],
    ]);
  });

  it('does not make a paragraph of a line holding only a no-break space', () => {
    const ps = paragraphs('Before.\n\n\u00a0\n\nAfter.');
    expect(ps.map((p) => p.text)).toEqual(['Before.', 'After.']);
  });

  it('keeps offsets exact after a byte-order mark and with CRLF line endings', () => {
    const text = '\uFEFFFirst line\r\nsecond line\r\n\r\nNext 😀 para.\r\n';
    const ps = paragraphs(text);
    expect(ps.map((p) => text.slice(p.start, p.end))).toEqual(['First line\r\nsecond line', 'Next 😀 para.']);
    expect(ps[0]!.lines.map((l) => text.slice(l.start, l.end))).toEqual(['First line', 'second line']);
  });

  it('gives the same fingerprint to a paragraph whose whitespace was reflowed', () => {
    const [a] = paragraphs('Some  words\nhere.');
    const [b] = paragraphs('Some words here.');
    expect(a!.fingerprint).toBe(b!.fingerprint);
  });

  it('finds the paragraph at an offset', () => {
    const text = 'One.\n\nTwo.';
    const ps = paragraphs(text);
    expect(paragraphAt(ps, text.indexOf('Two'))?.id).toBe('p2');
    expect(paragraphAt(ps, 4)).toBeUndefined();
  });
});
