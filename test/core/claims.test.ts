import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIM_THRESHOLD, findClaims } from '../../src/core/claims.js';
import { analyzeSource } from '../../src/core/pipeline.js';
import { analyzeStructure } from '../../src/core/structure.js';
import type { SourceAnalysis, SourceMeta } from '../../src/core/types.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

function analyze(path: string, meta?: SourceMeta, text = read(path)): SourceAnalysis {
  const id = path.split('/').pop()!.replace(/\.\w+$/, '');
  return analyzeSource({ id, path, text, format: 'txt', meta }).analysis;
}

const TRADE = 'sources/003_e978f04211ffa657.txt';
const ELECTION = 'sources/000_b014f06968f22ee5.txt';
const WIRE = 'test/fixtures/claims-wire-story.txt';
const FUSED = 'test/fixtures/claims-fused-caption.txt';
const CREDITS = 'test/fixtures/claims-wire-credits.txt';

const claimWith = (a: SourceAnalysis, fragment: string) => a.claims.find((c) => c.text.includes(fragment));

describe('claims in the bundled articles', () => {
  const trade = analyze(TRADE);
  const election = analyze(ELECTION);

  it('extracts the $13.9 billion export figure as a statistic with its value', () => {
    const claim = claimWith(trade, '$13.9 billion');
    expect(claim?.type).toBe('statistic');
    expect(claim?.quantities).toContainEqual(expect.objectContaining({ text: '$13.9 billion', kind: 'money', value: 13.9e9, unit: 'USD' }));
    expect(claim?.dates.map((d) => d.value)).toContain('2022');
  });

  it('extracts the 32% trade growth with its percentage', () => {
    const claim = claimWith(trade, '32% more');
    expect(claim?.quantities).toContainEqual(expect.objectContaining({ kind: 'percent', value: 0.32 }));
  });

  it('reads “little under $2 billion” as a bound, not an exact figure', () => {
    const claim = claimWith(trade, 'little under $2 billion');
    expect(claim?.quantities[0]).toMatchObject({ value: 2e9, approx: 'less-than' });
  });

  it('types a dated event with its date and count', () => {
    const claim = claimWith(election, 'in 2013, Kazakhstan facilitated negotiations');
    expect(claim?.type).toBe('date-event');
    expect(claim?.dates.map((d) => d.value)).toEqual(['2013']);
    expect(claim?.quantities).toContainEqual(expect.objectContaining({ text: 'six', kind: 'count', value: 6, unit: 'countries' }));
  });

  it('types membership statements as membership', () => {
    expect(claimWith(election, 'The country joined the Russia-led Eurasian Economic Union')?.type).toBe('membership');
  });

  it('does not treat the headline, byline, author box, photo credit or newsletter sign-up line as claims', () => {
    for (const fragment of ['Ambitious Multivector Foreign Policy', 'Photo credit', 'Michael Rossi.', 'The author is', 'Sign up', 'His academic interests']) {
      expect(claimWith(trade, fragment), fragment).toBeUndefined();
    }
  });

  it('reads the title, author and publisher from the text when no manifest gives them', () => {
    expect(trade.source.meta).toMatchObject({
      title: 'Kazakhstan’s Ambitious Multivector Foreign Policy',
      author: 'Michael Rossi',
      publisher: 'The Astana Times',
    });
  });

  it('does not overwrite metadata the manifest provides', () => {
    const a = analyze(TRADE, { title: 'Given title', author: 'Given Author' });
    expect(a.source.meta).toMatchObject({ title: 'Given title', author: 'Given Author', publisher: 'The Astana Times' });
  });

  it('does not treat photo captions repeated as alt text as claims', () => {
    for (const fragment of ['Prime Ministers of member countries', 'and President of China Xi Jinping', 'Kazakh ecological minister', 'At an OIC summit']) {
      expect(claimWith(election, fragment), fragment).toBeUndefined();
    }
  });

  it('cuts a caption fused onto body text out of the claim span', () => {
    const claim = claimWith(election, 'The country is a member of the United Nations');
    expect(claim?.text.startsWith('The country is a member')).toBe(true);
    expect(claim?.text).not.toContain('2022The');
    expect(claim?.reasons).toContain('caption text left out of the span');
  });

  it('does not treat the writer’s announcement of the article or generic definitions as claims', () => {
    expect(claimWith(election, 'In this report, we will look at')).toBeUndefined();
    expect(claimWith(election, 'A multi-vector foreign policy is a diplomatic approach')).toBeUndefined();
  });

  it('does not treat a prescription or a hedged judgement as a claim', () => {
    expect(claimWith(trade, 'should recognize this dynamic')).toBeUndefined();
    expect(claimWith(trade, 'Neither Russia nor China appear')).toBeUndefined();
  });

  it('finds a reasonable share of each article’s sentences check-worthy', () => {
    for (const a of [trade, election]) {
      const body = a.sentences.length;
      expect(a.claims.length).toBeGreaterThan(body / 6);
      expect(a.claims.length).toBeLessThan(body * 0.75);
    }
  });
});

describe('claims in small fixtures', () => {
  const wire = analyze(WIRE, { date: '2024-03-06' });

  it('does not treat a first-person opinion as a claim', () => {
    expect(claimWith(wire, 'I think')).toBeUndefined();
  });

  it('does not treat a question as a claim', () => {
    expect(claimWith(wire, 'Will the port be ready')).toBeUndefined();
  });

  it('does not treat a speculative or generic statement as a claim', () => {
    expect(claimWith(wire, 'Officials may eventually')).toBeUndefined();
    expect(claimWith(wire, 'Port spending is important')).toBeUndefined();
  });

  it('does not treat the headline, byline, photo credit, newsletter sign-up line or copyright line as claims', () => {
    for (const fragment of ['Harbour City Budget', 'By Jane Doe', 'Photo:', 'Sign up', 'All rights reserved']) {
      expect(claimWith(wire, fragment), fragment).toBeUndefined();
    }
    expect(wire.source.meta).toMatchObject({ author: 'Jane Doe and Omar Haddad', publisher: 'Harbour Daily News', date: '2024-03-06' });
  });

  it('resolves “last year” against the article date', () => {
    const claim = claimWith(wire, '$4.2 billion');
    expect(claim?.type).toBe('statistic');
    expect(claim?.dates).toContainEqual(expect.objectContaining({ text: 'last year', value: '2023', relative: true }));
    expect(claim?.dates).toContainEqual(expect.objectContaining({ text: 'March 5, 2024', value: '2024-03-05' }));
  });

  it('leaves “last year” unresolved when the article date is unknown', () => {
    const undated = analyze(WIRE);
    expect(claimWith(undated, '$4.2 billion')?.dates.map((d) => d.text)).toEqual(['March 5, 2024']);
  });

  it('types each claim by what it asserts: figure, dated event, comparison, relation or attribution', () => {
    expect(claimWith(wire, 'second-highest')?.type).toBe('statistic');
    expect(claimWith(wire, 'joined the Northern Ports Alliance in 2019')?.type).toBe('date-event');
    expect(claimWith(wire, 'more cargo than Port Evans')?.type).toBe('comparison');
    expect(claimWith(wire, 'is a member of the Coastal Freight Network')?.type).toBe('membership');
    expect(claimWith(wire, 'Mayor Lina Ortiz said')?.type).toBe('attribution');
  });

  it('lists the names in a claim with a kind', () => {
    expect(claimWith(wire, 'joined the Northern Ports Alliance')?.entities).toContainEqual(
      expect.objectContaining({ text: 'Northern Ports Alliance', kind: 'organization' }),
    );
    expect(claimWith(wire, 'Mayor Lina Ortiz said')?.entities).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: 'Lina Ortiz', kind: 'person' }), expect.objectContaining({ text: 'Atlas Dredging' })]),
    );
  });

  it('gives the line id when a paragraph has several lines', () => {
    const claim = claimWith(wire, 'Northern Ports Alliance');
    const paragraph = wire.paragraphs.find((p) => p.id === claim?.paragraphId);
    expect(paragraph!.lines.length).toBeGreaterThan(1);
    expect(claim?.lineId).toBe(paragraph!.lines.find((l) => l.text.includes('Northern Ports Alliance'))!.id);
  });

  it('does not mistake a camel-case name such as LinkedIn for a fused caption', () => {
    const text = 'A report on LinkedIn said 40% of users were in the US in 2023.\n';
    expect(analyze('camel.txt', undefined, text).claims.map((c) => c.text)).toEqual([text.trim()]);
  });

  it('keeps both copies of a sentence repeated after a fused caption, with different ids', () => {
    const fused = analyze(FUSED);
    const copies = fused.claims.filter((c) => c.text === 'The treaty was signed by 14 countries on June 3, 2022, after two years of talks.');
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((c) => c.id)).size).toBe(2);
  });
});

describe('claim identity and spans', () => {
  const sources = [TRADE, ELECTION, WIRE, FUSED, CREDITS];

  it('gives the same claim id on a second run', () => {
    for (const path of sources) {
      expect(analyze(path).claims.map((c) => c.id)).toEqual(analyze(path).claims.map((c) => c.id));
    }
  });

  it('keeps a claim’s id when unrelated paragraphs are edited', () => {
    const text = read(TRADE);
    const edited = text.replace('Astana. Photo credit: iStock.', 'Astana at dusk. Photo credit: iStock.').replace('Michael Rossi.\n', 'Michael Rossi.\n\nAn inserted paragraph about nothing in particular.\n');
    const before = claimWith(analyze(TRADE, undefined, text), '$13.9 billion')!;
    const after = claimWith(analyze(TRADE, undefined, edited), '$13.9 billion')!;
    expect(after.id).toBe(before.id);
    expect(after.start).not.toBe(before.start);
  });

  it('gives the same text twice in one paragraph two distinct ids', () => {
    const text = 'The bridge opened in 2019 at a cost of $3 billion. The bridge opened in 2019 at a cost of $3 billion.\n';
    const a = analyze('dup.txt', undefined, text);
    expect(a.claims).toHaveLength(2);
    expect(a.claims[0]!.id).not.toBe(a.claims[1]!.id);
  });

  it('every claim lies inside its paragraph and its quote equals the slice', () => {
    for (const path of sources) {
      const text = read(path);
      const a = analyze(path);
      const ids = new Set<string>();
      for (const c of a.claims) {
        const p = a.paragraphs.find((x) => x.id === c.paragraphId)!;
        expect(c.start).toBeGreaterThanOrEqual(p.start);
        expect(c.end).toBeLessThanOrEqual(p.end);
        expect(text.slice(c.start, c.end)).toBe(c.text);
        expect(c.quote.exact).toBe(c.text);
        expect(c.quote.prefix).toBe(text.slice(c.start - c.quote.prefix.length, c.start));
        expect(c.quote.suffix).toBe(text.slice(c.end, c.end + c.quote.suffix.length));
        expect(c.quote.prefix.length).toBeLessThanOrEqual(32);
        expect(c.position).toEqual({ type: 'TextPositionSelector', start: c.start, end: c.end });
        expect(c.score).toBeGreaterThanOrEqual(CLAIM_THRESHOLD);
        expect(c.score).toBeLessThanOrEqual(1);
        expect(c.reasons.length).toBeGreaterThan(0);
        for (const m of [...c.quantities, ...c.dates, ...c.entities]) {
          expect(text.slice(m.start, m.end)).toBe(m.text);
          expect(m.start).toBeGreaterThanOrEqual(c.start);
          expect(m.end).toBeLessThanOrEqual(c.end);
        }
        expect(ids.has(c.id)).toBe(false);
        ids.add(c.id);
      }
    }
  });

  it('keeps the body sentence when the captions plugin marks a fused caption and its line as non-prose', () => {
    const text = read(FUSED);
    const { file } = analyzeSource({ id: 'fused', path: FUSED, text, format: 'txt' });
    const ctx = file.data.claimtrace!;
    const p = ctx.paragraphs[1]!;
    const end = text.indexOf('The treaty', p.start);
    ctx.captions = [{ id: 'cap1', sourceId: 'fused', paragraphId: p.id, start: p.start, end, text: text.slice(p.start, end), reasons: ['test'] }];
    ctx.nonProse.add(p.id);
    const claims = findClaims(ctx).filter((c) => c.paragraphId === p.id);
    expect(claims.map((c) => c.text)).toEqual(['The treaty was signed by 14 countries on June 3, 2022, after two years of talks.']);
    expect(claims[0]!.start).toBe(end);
  });

  it('never overlaps a caption', () => {
    for (const path of sources) {
      const a = analyze(path);
      for (const c of a.claims) for (const cap of a.captions) expect(c.end <= cap.start || c.start >= cap.end).toBe(true);
    }
  });
});

describe('claims on arbitrary text', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(
      '\uFEFF', '\r\n', '\n\n', '\n', '😀', ' ', '. ', '? ',
      'In 2022, the country exported $13.9 billion in goods to Italy.',
      'By Jane Doe', 'Sign up for our newsletter!', 'Photo credit: Reuters.', 'I think it is wrong.',
      'Meeting of the council, 2022The council approved 12 schools.', 'Mayor Lina Ortiz said 40% of homes flooded last year.',
    ),
  );
  it('every claim, whatever the text, quotes exactly the slice at its offsets', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        const a = analyzeSource({ id: 'arb', path: 'arb.txt', text, format: 'txt', meta: { date: '2024-01-15' } }).analysis;
        for (const c of a.claims) {
          expect(text.slice(c.start, c.end)).toBe(c.text);
          expect(c.quote.prefix + c.quote.exact + c.quote.suffix).toBe(text.slice(c.start - c.quote.prefix.length, c.end + c.quote.suffix.length));
          for (const m of [...c.quantities, ...c.dates, ...c.entities]) expect(text.slice(m.start, m.end)).toBe(m.text);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('structure', () => {
  const credits = analyze(CREDITS);

  it('does not treat wire credits, image captions, republication notes, reading links or the author bio as claims', () => {
    for (const fragment of ['Reporting by', 'Image caption', 'originally published', 'Read more', 'senior fellow']) {
      expect(claimWith(credits, fragment), fragment).toBeUndefined();
    }
  });

  it('keeps an expert introduced in the body, and resolves “last year” from the stated publication date', () => {
    expect(credits.source.meta).toMatchObject({ title: 'Senate Passes Budget Bill', date: '2024-03-04', author: 'Jane Doe' });
    const claim = claimWith(credits, 'Jane Smith is a professor at Yale');
    expect(claim?.dates).toContainEqual(expect.objectContaining({ text: 'last year', value: '2023', relative: true }));
  });


  it('marks a short unpunctuated first line as the headline and a “By” line as the byline', () => {
    const text = read(WIRE);
    const a = analyze(WIRE);
    const { marks } = analyzeStructure(text, a.paragraphs);
    expect(marks.find((m) => m.id === 'p1')?.kind).toBe('headline');
    expect(marks.map((m) => m.kind)).toEqual(expect.arrayContaining(['headline', 'photo-credit', 'boilerplate']));
  });

  it('does not mark an ordinary body paragraph', () => {
    const text = 'By the end of the year, the council had approved 12 new schools across the region.\n';
    const a = analyze('body.txt', undefined, text);
    expect(analyzeStructure(text, a.paragraphs).marks).toEqual([]);
    expect(a.claims).toHaveLength(1);
  });
});

describe('a line printed twice', () => {
  it('keeps a sentence printed twice on consecutive lines as one claim, on its first copy', () => {
    const line = 'On 4 May 2021 the port authority opened three new container terminals at a cost of $2.1 billion.';
    const text = `Harbour Report\n\nThe harbour has grown for a decade.\n\n${line}\n${line}\n\nShips now wait less than a day to unload.\n`;
    const a = analyze('repeat.txt', undefined, text);
    const claims = a.claims.filter((c) => c.text === line);
    expect(claims).toHaveLength(1);
    expect(claims[0]!.start).toBe(text.indexOf(line));
    expect(a.flags.some((f) => f.rule === 'duplicate-caption' && f.spans.length === 2)).toBe(true);
  });

  it('does not make a repeated caption a claim', () => {
    const caption = 'Container cranes at the north terminal';
    const text = `Harbour Report\n\nThe harbour opened three terminals in 2021, officials said.\n\n${caption}\n${caption}\n\nShips now wait less than a day to unload.\n`;
    const a = analyze('repeat-caption.txt', undefined, text);
    expect(a.claims.some((c) => c.text.includes('cranes'))).toBe(false);
  });
});
