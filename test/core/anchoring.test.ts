import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchor, editDistance, makeSelectors, offsetConverter, toCodePoints, toUtf16, type Selectors } from '../../src/core/anchoring.js';

const ARTICLE = readFileSync(new URL('../fixtures/reviews-harbor-budget.txt', import.meta.url), 'utf8');

function select(text: string, quote: string): Selectors {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`not in text: ${quote}`);
  return makeSelectors(text, start, start + quote.length);
}

const slice = (text: string, r: { start?: number; end?: number }) => text.slice(r.start, r.end);

const UNEMPLOYMENT = 'Unemployment fell to 4.1% in March 2023, the lowest rate since 2019, according to the statistics office.';
const PORT = 'The port handled 2.3 million containers last year, making it the third busiest port in the region.';

describe('makeSelectors', () => {
  it('records the exact words, up to 32 characters either side, and the offsets', () => {
    const sel = select(ARTICLE, UNEMPLOYMENT);
    expect(sel.quote.exact).toBe(UNEMPLOYMENT);
    expect(sel.quote.prefix).toBe(ARTICLE.slice(sel.position.start - 32, sel.position.start));
    expect(sel.quote.suffix).toBe(ARTICLE.slice(sel.position.end, sel.position.end + 32));
    expect(sel.position).toEqual({ type: 'TextPositionSelector', start: ARTICLE.indexOf(UNEMPLOYMENT), end: ARTICLE.indexOf(UNEMPLOYMENT) + UNEMPLOYMENT.length });
  });

  it('keeps short context at the edges of the text and never splits an emoji', () => {
    const text = `${'😀'.repeat(20)}Exports rose 32% in 2022.${'😀'.repeat(20)}`;
    const sel = select(text, 'Exports rose 32% in 2022.');
    expect(sel.quote.prefix).toBe('😀'.repeat(16));
    expect(sel.quote.suffix).toBe('😀'.repeat(16));
    const edge = makeSelectors('abc', 0, 3);
    expect(edge.quote).toMatchObject({ exact: 'abc', prefix: '', suffix: '' });
  });

  it('refuses a span outside the text', () => {
    expect(() => makeSelectors('abc', 2, 5)).toThrow(RangeError);
    expect(() => makeSelectors('abc', 2, 1)).toThrow(RangeError);
  });
});

describe('anchor: a review finds its words again after the text changes', () => {
  it('stays put on unchanged text', () => {
    const sel = select(ARTICLE, PORT);
    expect(anchor(ARTICLE, sel)).toEqual({ status: 'anchored', start: sel.position.start, end: sel.position.end, quality: 1 });
  });

  it('follows the claim when a paragraph is inserted before it', () => {
    const sel = select(ARTICLE, UNEMPLOYMENT);
    const edited = ARTICLE.replace('\n\nUnemployment', '\n\nA new paragraph about the weather was added by the desk editor.\n\nUnemployment');
    const r = anchor(edited, sel);
    expect(r.status).toBe('moved');
    expect(slice(edited, r)).toBe(UNEMPLOYMENT);
    expect(r.quality).toBeGreaterThan(0.9);
  });

  it('finds an edited claim approximately and returns the new words', () => {
    const sel = select(ARTICLE, UNEMPLOYMENT);
    const edited = ARTICLE.replace('fell to 4.1%', 'fell to 4.2%').replace('statistics office', 'national statistics office');
    const r = anchor(edited, sel);
    expect(r.status).toBe('moved');
    expect(slice(edited, r)).toBe('Unemployment fell to 4.2% in March 2023, the lowest rate since 2019, according to the national statistics office.');
    expect(r.quality).toBeGreaterThanOrEqual(0.75);
  });

  it('orphans the review when the claim\'s paragraph is deleted', () => {
    const sel = select(ARTICLE, PORT);
    const edited = ARTICLE.replace(`\n\n${PORT}`, '');
    expect(anchor(edited, sel)).toEqual({ status: 'orphaned', quality: 0 });
  });

  it('follows the claim when paragraphs are reordered', () => {
    const sel = select(ARTICLE, PORT);
    const paras = ARTICLE.split('\n\n');
    const edited = [paras[0], paras[3], paras[4], paras[1], paras[2]].join('\n\n');
    const r = anchor(edited, sel);
    expect(slice(edited, r)).toBe(PORT);
    expect(r.start).toBe(edited.indexOf(PORT));
  });

  it('does not re-attach to a lookalike sentence when the original is gone', () => {
    const sel = select(ARTICLE, PORT);
    const edited = ARTICLE.replace(PORT, 'The airport handled 1.4 million passengers last month, making it the fourth busiest airport in the state.');
    expect(anchor(edited, sel).status).toBe('orphaned');
  });

  it('does not re-attach a short quote to the same words in an unrelated place', () => {
    const sel = select(ARTICLE, '32%');
    const edited = ARTICLE.replace('up 32% from 2021', 'up sharply from 2021').replace('4.1% in March', '32% in March');
    expect(anchor(edited, sel).status).toBe('orphaned');
  });

  it('picks the occurrence of a repeated sentence whose surroundings match', () => {
    const repeated = 'Prices rose 5% in 2023.';
    const text = `Bread: ${repeated} Bakers complained.\n\nFuel: ${repeated} Drivers complained.`;
    const second = text.lastIndexOf(repeated);
    const sel = makeSelectors(text, second, second + repeated.length);
    // Shift everything: the old offset now points into the middle of nowhere in particular.
    const edited = `Preface added later.\n\n${text}`;
    const r = anchor(edited, sel);
    expect(r.start).toBe(edited.lastIndexOf(repeated));
  });

  it('prefers the reviewed sentence, edited, in its own context over an identical copy elsewhere', () => {
    const line = 'Prices rose 5% across the region in 2023.';
    const text = `Bread: ${line} Bakers complained loudly.\n\nFuel: ${line} Drivers queued for hours.`;
    const second = text.lastIndexOf(line);
    const sel = makeSelectors(text, second, second + line.length);
    const edited = text.replace(`Fuel: ${line}`, `Fuel: ${line.replace('5%', '7%')}`);
    const r = anchor(edited, sel);
    expect(r.start).toBe(edited.indexOf('Prices rose 7%'));
    expect(slice(edited, r)).toBe(line.replace('5%', '7%'));
  });

  it('anchors in a 1 MB text quickly, even when only an approximate match exists', () => {
    const sel = select(ARTICLE, UNEMPLOYMENT);
    const filler = ARTICLE.replace(UNEMPLOYMENT, 'Employment data was not published this quarter.');
    const big = `${filler.repeat(Math.ceil(1_000_000 / filler.length))}\n\n${UNEMPLOYMENT.replace('4.1%', '4.3%')}`;
    expect(big.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const r = anchor(big, sel);
    const ms = performance.now() - t0;
    expect(slice(big, r)).toBe(UNEMPLOYMENT.replace('4.1%', '4.3%'));
    const t1 = performance.now();
    expect(anchor(big.slice(0, big.length - UNEMPLOYMENT.length - 2), sel).status).toBe('orphaned');
    const orphanMs = performance.now() - t1;
    expect(ms).toBeLessThan(2000);
    expect(orphanMs).toBeLessThan(2000);
  });
});

describe('anchor properties', () => {
  const word = fc.constantFrom('the', 'port', 'rose', '32%', 'in', '2022', 'city', 'budget', 'of', 'million', 'said', 'a', 'and', 'Ruiz', '😀', 'é');
  const sentence = fc.array(word, { minLength: 3, maxLength: 12 }).map((ws) => `${ws.join(' ')}.`);
  const textArb = fc.array(sentence, { minLength: 2, maxLength: 20 }).map((ss) => ss.join(' '));

  /** A span of whole sentences (what claims are) in a generated text. */
  const withSpan = textArb.chain((text) => {
    const ends = [...text.matchAll(/\./g)].map((m) => m.index! + 1);
    return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: ends.length - 1 })).map(([t, i]) => {
      const end = ends[i]!;
      const start = i === 0 ? 0 : ends[i - 1]! + 1;
      return { text: t, start, end };
    });
  });

  it('an unchanged text gives back the same span', () => {
    fc.assert(
      fc.property(withSpan, ({ text, start, end }) => {
        const r = anchor(text, makeSelectors(text, start, end));
        expect(r).toMatchObject({ status: 'anchored', start, end });
      }),
    );
  });

  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 12 }), insert: fc.string({ maxLength: 20 }) });

  it('after arbitrary edits, whatever is anchored reads like the quote (or the review is orphaned)', () => {
    fc.assert(
      fc.property(withSpan, fc.array(edit, { maxLength: 6 }), ({ text, start, end }, edits) => {
        const sel = makeSelectors(text, start, end);
        let edited = text;
        for (const e of edits) {
          const at = Math.floor(e.at * edited.length);
          edited = edited.slice(0, at) + e.insert + edited.slice(at + e.del);
        }
        const r = anchor(edited, sel);
        if (r.status === 'orphaned') {
          expect(r.start).toBeUndefined();
          return;
        }
        const found = edited.slice(r.start, r.end);
        const exact = sel.quote.exact;
        expect(1 - editDistance(found, exact) / exact.length).toBeGreaterThanOrEqual(0.75);
        expect(r.quality).toBeGreaterThanOrEqual(0.75);
        if (r.status === 'anchored') expect(found).toBe(exact);
      }),
      { numRuns: 300 },
    );
  });
});

describe('code point offsets for W3C exports', () => {
  it('counts an emoji as one code point and converts back', () => {
    const text = '\uFEFFa😀b𝒳c';
    expect(toCodePoints(text, 0)).toBe(0);
    expect(toCodePoints(text, 2)).toBe(2); // BOM, a
    expect(toCodePoints(text, 4)).toBe(3); // … 😀
    expect(toCodePoints(text, 5)).toBe(4); // … b
    expect(toCodePoints(text, text.length)).toBe(6);
    for (let cp = 0; cp <= 6; cp++) expect(toCodePoints(text, toUtf16(text, cp))).toBe(cp);
    expect(toUtf16(text, 3)).toBe(4);
  });

  it('the fast converter agrees with the simple one on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(50), (text, n) => {
        const conv = offsetConverter(text);
        const off = Math.min(n, text.length);
        expect(conv.toCodePoints(off)).toBe(toCodePoints(text, off));
        expect(conv.toUtf16(n)).toBe(toUtf16(text, n));
      }),
    );
  });
});
