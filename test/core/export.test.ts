import { describe, expect, it } from 'vitest';
import { makeSelectors, toUtf16 } from '../../src/core/anchoring.js';
import { csvCell, entriesOf, formatCitation, toClaimReview, toCsv, toW3C, VERDICT_RATINGS, type ExportSource, type W3CAnnotation } from '../../src/core/export.js';
import type { Claim, ClaimReview, Paragraph, Review, Source, Verdict } from '../../src/core/types.js';

// A BOM, emoji outside the BMP and a quote with commas and quotes: everything that trips offsets and CSV.
const TEXT = [
  '\uFEFFHarbor 😀 City Budget Report',
  'The council approved a budget of $13.9 billion in 2022 😀, up 32% from 2021. Most of it went to "schools", officials said.',
  'Unemployment fell to 4.1% in March 2023 𝒳, the lowest rate since 2019.',
  '=SUM(A1:A9) containers passed through the port in 2023, a record.',
].join('\n\n');

function paragraphs(text: string): Paragraph[] {
  return [...text.matchAll(/[^\n]+/g)].map((m, i) => ({
    id: `p${i + 1}`, index: i, kind: 'paragraph', start: m.index!, end: m.index! + m[0].length, text: m[0], fingerprint: '', lines: [],
  }));
}

function claim(id: string, words: string): Claim {
  const start = TEXT.indexOf(words);
  const sel = makeSelectors(TEXT, start, start + words.length);
  const p = paragraphs(TEXT).find((x) => start >= x.start && start < x.end)!;
  return {
    id, sourceId: 'harbor', paragraphId: p.id, sentenceId: `${p.id}.s1`, start, end: start + words.length, text: words, type: 'statistic',
    score: 0.9, reasons: [], quote: sel.quote, position: sel.position, quantities: [], dates: [], entities: [],
  };
}

const BUDGET = claim('c_budget', 'The council approved a budget of $13.9 billion in 2022 😀, up 32% from 2021.');
const JOBS = claim('c_jobs', 'Unemployment fell to 4.1% in March 2023 𝒳, the lowest rate since 2019.');
const PORT = claim('c_port', '=SUM(A1:A9) containers passed through the port in 2023, a record.');

function reviewOf(c: Pick<Claim, 'id' | 'quote' | 'position'>, verdict: Verdict, extra: Partial<ClaimReview> = {}): ClaimReview {
  return {
    claimId: c.id, sourceId: 'harbor', quote: c.quote, position: c.position, anchor: 'anchored', verdict, evidence: [], notes: '', reviewer: 'Ada Lovelace',
    createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-03-02T11:00:00.000Z', history: [], ...extra,
  };
}

const manualWords = 'Most of it went to "schools", officials said.';
const manualStart = TEXT.indexOf(manualWords);
const manualSel = makeSelectors(TEXT, manualStart, manualStart + manualWords.length);

const REVIEW: Review = {
  sourceId: 'harbor',
  revision: 4,
  claims: [
    reviewOf(BUDGET, 'mostly-true', { notes: 'Budget book, p. 4, says "13.9bn", fine.', evidence: [{ url: 'https://city.example/budget', title: 'Budget 2022', quote: '13.9 billion', accessed: '2024-03-01' }] }),
    reviewOf(JOBS, 'unverifiable'),
    reviewOf({ id: 'm_manual', ...manualSel }, 'false', { manual: true, notes: 'Line one\nline two' }),
    reviewOf({ id: 'c_lost', ...makeSelectors(TEXT, 0, 10) }, 'true', { anchor: 'orphaned', quote: { type: 'TextQuoteSelector', exact: 'A sentence that was deleted.', prefix: '', suffix: '' } }),
  ],
  flags: [],
};

const SOURCE: Source = {
  id: 'harbor', path: 'sources/harbor.txt', format: 'txt', hash: 'x', length: TEXT.length,
  meta: { title: 'Harbor City Budget Report', publisher: 'Harbor Gazette', author: 'Jo Reporter', date: '2023-04-05' },
};
const SOURCES: ExportSource[] = [{ source: SOURCE, text: TEXT, paragraphs: paragraphs(TEXT), claims: [BUDGET, JOBS, PORT], review: REVIEW }];

describe('W3C Web Annotation export', () => {
  const out = toW3C(SOURCES, { base: 'https://factcheck.example/' });
  const items = out.first.items;

  it('is an annotation collection with one annotation per claim that still has its text', () => {
    expect(out['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(out.type).toBe('AnnotationCollection');
    expect(out.total).toBe(4);
    expect(items.map((a) => a.id).sort()).toEqual(['c_budget', 'c_jobs', 'c_port', 'm_manual'].map((id) => `https://factcheck.example/claims/${id}`).sort());
    for (const a of items) {
      expect(a.type).toBe('Annotation');
      expect(a.target.source).toBe('https://factcheck.example/sources/harbor');
      expect(a.target.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    }
  });

  it('carries the review as an assessing body, with notes and evidence', () => {
    const budget = items.find((a) => a.id.endsWith('c_budget'))!;
    expect(budget.motivation).toBe('assessing');
    expect(budget.body).toContainEqual({ type: 'TextualBody', purpose: 'assessing', value: 'Mostly true', format: 'text/plain' });
    expect(budget.body).toContainEqual(expect.objectContaining({ purpose: 'commenting', value: 'Budget book, p. 4, says "13.9bn", fine.' }));
    expect(budget.body).toContainEqual({ type: 'SpecificResource', purpose: 'linking', source: { id: 'https://city.example/budget', name: 'Budget 2022' }, selector: { type: 'TextQuoteSelector', exact: '13.9 billion' } });
    expect(budget.creator).toEqual({ type: 'Person', name: 'Ada Lovelace' });
    const port = items.find((a) => a.id.endsWith('c_port'))!;
    expect(port.motivation).toBe('highlighting');
  });

  it('gives positions in code points of the decoded text, which convert back to the quote', () => {
    // A consumer decoding the UTF-8 file drops the BOM and counts code points.
    const decoded = TEXT.replace(/^\uFEFF/, '');
    for (const a of items as W3CAnnotation[]) {
      const [quote, pos] = a.target.selector;
      const start = toUtf16(decoded, pos.start);
      const end = toUtf16(decoded, pos.end);
      expect(decoded.slice(start, end)).toBe(quote.exact);
      expect(decoded.slice(start - quote.prefix.length, start)).toBe(quote.prefix.replace(/^\uFEFF/, ''));
      expect(decoded.slice(end, end + quote.suffix.length)).toBe(quote.suffix);
    }
    const jobs = items.find((a) => a.id.endsWith('c_jobs'))!;
    // Two astral characters (😀 twice) before it: UTF-16 offset minus the BOM minus one per pair.
    expect(jobs.target.selector[1].start).toBe(JOBS.start - 1 - 2);
  });
});

describe('schema.org ClaimReview export', () => {
  const out = toClaimReview(SOURCES);
  const graph = out['@graph'];

  it('describes every reviewed claim, and only those', () => {
    expect(out['@context']).toBe('https://schema.org');
    expect(graph.map((g) => g.claimReviewed)).toEqual([BUDGET.text, manualWords, JOBS.text]);
  });

  it('has the fields fact-check aggregators read', () => {
    const budget = graph[0]!;
    expect(budget).toMatchObject({
      '@type': 'ClaimReview',
      url: 'http://127.0.0.1:4173/claims/c_budget',
      claimReviewed: BUDGET.text,
      datePublished: '2024-03-02',
      author: { '@type': 'Person', name: 'Ada Lovelace' },
      reviewRating: { '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2023-04-05',
        author: { '@type': 'Person', name: 'Jo Reporter' },
        appearance: { '@type': 'CreativeWork', url: 'http://127.0.0.1:4173/sources/harbor', headline: 'Harbor City Budget Report', publisher: { '@type': 'Organization', name: 'Harbor Gazette' } },
      },
      citation: [{ '@type': 'CreativeWork', url: 'https://city.example/budget', name: 'Budget 2022' }],
    });
  });

  it('maps verdicts to the usual 1–5 scale, with no number for unverifiable', () => {
    expect([VERDICT_RATINGS.true.rating, VERDICT_RATINGS['mostly-true'].rating, VERDICT_RATINGS.misleading.rating, VERDICT_RATINGS['mostly-false'].rating, VERDICT_RATINGS.false.rating]).toEqual([5, 4, 3, 2, 1]);
    const jobs = graph.find((g) => g.claimReviewed === JOBS.text)!;
    expect(jobs.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Unverifiable' });
    const manual = graph.find((g) => g.claimReviewed === manualWords)!;
    expect(manual.reviewRating).toMatchObject({ ratingValue: 1, alternateName: 'False' });
  });
});

/** RFC 4180 reader, to check the CSV reads back as the same cells. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && csv[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}

describe('CSV export', () => {
  const csv = toCsv(SOURCES);

  it('opens in spreadsheets as UTF-8 with one row per claim, orphans included', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual(['source_id', 'source_title', 'publisher', 'claim_id', 'paragraph', 'start', 'end', 'quote', 'manual', 'anchor', 'verdict', 'rating', 'reviewer', 'notes', 'evidence_urls', 'updated_at', 'permalink']);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(header!.length);
    const get = (id: string, col: string) => rows.find((r) => r[3] === id)![header!.indexOf(col)];
    expect(get('m_manual', 'quote')).toBe(manualWords);
    expect(get('m_manual', 'notes')).toBe('Line one\nline two');
    expect(get('c_budget', 'notes')).toBe('Budget book, p. 4, says "13.9bn", fine.');
    expect(get('c_lost', 'anchor')).toBe('orphaned');
    expect(get('c_lost', 'start')).toBe('');
    expect(get('c_jobs', 'rating')).toBe('Unverifiable');
    expect(TEXT.slice(Number(get('c_jobs', 'start')), Number(get('c_jobs', 'end')))).toBe(JOBS.text);
  });

  it('keeps quoted text from running as a spreadsheet formula', () => {
    const [header, ...rows] = parseCsv(toCsv(SOURCES).slice(1));
    expect(rows.find((r) => r[3] === 'c_port')![header!.indexOf('quote')]).toBe(`'${PORT.text}`);
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(42)).toBe('42');
  });
});

describe('citations', () => {
  it('names author, title, publisher, date and paragraph, then quotes and links', () => {
    const entry = entriesOf(SOURCES[0]!).find((e) => e.id === 'c_jobs')!;
    const text = formatCitation(entry, SOURCE, { base: 'https://factcheck.example' });
    expect(text).toBe(
      `“${JOBS.text}”\n— Jo Reporter, “Harbor City Budget Report”, Harbor Gazette, 2023-04-05, paragraph 3 (p3.s1)\nVerdict: Unverifiable (Ada Lovelace)\nhttps://factcheck.example/claims/c_jobs\n`,
    );
  });

  it('re-finds a review whose offsets are out of date rather than export a wrong position', () => {
    const shifted = `Preface.\n\n${TEXT}`;
    const entries = entriesOf({ ...SOURCES[0]!, text: shifted, claims: [] });
    const manual = entries.find((e) => e.id === 'm_manual')!;
    expect(shifted.slice(manual.position.start, manual.position.end)).toBe(manualWords);
    expect(entries.find((e) => e.id === 'c_lost')!.orphaned).toBe(true);
  });
});
