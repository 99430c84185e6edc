import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { makeSelectors } from '../../src/core/anchoring.js';
import type { Claim, Flag, Review } from '../../src/core/types.js';
import { ReviewStore } from '../../src/store/reviews.js';
import { ClaimReviewPanel, FlagReviewControls, OrphanList, selectionScript } from '../../src/server/review-ui.js';
import { reviewRoutes, type ReviewRouteDeps } from '../../src/server/reviews.js';

const TEXT = [
  'Harbor City Budget Report',
  'The city council approved a budget of $13.9 billion in 2022, up 32% from 2021. Most of the increase went to schools.',
  'Unemployment fell to 4.1% in March 2023, the lowest rate since 2019, according to the statistics office.',
  'The port handled 2.3 million containers last year, making it the third busiest port in the region.',
].join('\n\n');

function claimOf(id: string, words: string): Claim {
  const start = TEXT.indexOf(words);
  const sel = makeSelectors(TEXT, start, start + words.length);
  return {
    id, sourceId: 'harbor', paragraphId: 'p3', sentenceId: 'p3.s1', start, end: start + words.length, text: words, type: 'statistic',
    score: 0.9, reasons: [], quote: sel.quote, position: sel.position, quantities: [], dates: [], entities: [],
  };
}

const UNEMPLOYMENT = claimOf('c_unemployment', 'Unemployment fell to 4.1% in March 2023, the lowest rate since 2019, according to the statistics office.');
const PORT = claimOf('c_port', 'The port handled 2.3 million containers last year, making it the third busiest port in the region.');
const FLAG: Flag = { id: 'f_counts', rule: 'inconsistent-count', message: 'Two counts disagree.', spans: [{ sourceId: 'harbor', start: PORT.start, end: PORT.end, text: PORT.text }] };

function setup(extra: Partial<ReviewRouteDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'claimtrace-server-'));
  const store = new ReviewStore(dir);
  const claims = new Map([UNEMPLOYMENT, PORT].map((c) => [c.id, c]));
  const deps: ReviewRouteDeps = {
    store,
    findClaim: (id) => (claims.has(id) ? { claim: claims.get(id)!, text: TEXT } : undefined),
    findSource: (id) => (id === 'harbor' ? { text: TEXT } : undefined),
    findFlag: (id) => (id === FLAG.id ? { flag: FLAG } : undefined),
    claimsOf: () => [UNEMPLOYMENT, PORT],
    ...extra,
  };
  // Mounted the way the viewer does it, beside a route of its own.
  const app = new Hono();
  app.get('/', (c) => c.text('viewer home'));
  app.route('/', reviewRoutes(deps));
  const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const form = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin: 'http://localhost' }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: params.toString() });
  };
  return { app, store, dir, json, form };
}

describe('review API: reading and optimistic concurrency', () => {
  it('serves a source\'s reviews with an ETag, and 404 for an unknown source', async () => {
    const { json } = setup();
    const res = await json('GET', '/api/reviews/harbor');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"r0"');
    expect(await res.json()).toEqual({ sourceId: 'harbor', revision: 0, claims: [], flags: [] });
    expect((await json('GET', '/api/reviews/nope')).status).toBe(404);
    expect((await json('GET', '/api/reviews/..%2F..%2Fetc')).status).toBe(404);
  });

  it('requires If-Match to change a review, and answers a stale one with 409 and the current state', async () => {
    const { json } = setup();
    const missing = await json('PUT', '/api/claims/c_port/review', { verdict: 'false' });
    expect(missing.status).toBe(428);
    const ok = await json('PUT', '/api/claims/c_port/review', { verdict: 'false', reviewer: 'Ada' }, { 'if-match': '"r0"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"r1"');
    expect(await ok.json()).toMatchObject({ etag: '"r1"', review: { claimId: 'c_port', verdict: 'false', quote: PORT.quote } });
    const stale = await json('PUT', '/api/claims/c_port/review', { verdict: 'true' }, { 'if-match': '"r0"' });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { current: Review; etag: string };
    expect(body.etag).toBe('"r1"');
    expect(body.current.claims[0]!.verdict).toBe('false');
    expect((await json('PUT', '/api/claims/c_nope/review', { verdict: 'true' }, { 'if-match': '"r1"' })).status).toBe(404);
  });

  it('takes 500 parallel updates from 20 clients: every 200 is on disk, every other answer is 409', async () => {
    const { json, store } = setup();
    const accepted: string[] = [];
    let conflicts = 0;
    const client = async (n: number) => {
      for (let i = 0; i < 25; i++) {
        const etag = (await json('GET', '/api/reviews/harbor')).headers.get('etag')!;
        const notes = `client ${n} update ${i}`;
        const res = await json('PUT', `/api/claims/${n % 2 ? 'c_port' : 'c_unemployment'}/review`, { notes }, { 'if-match': etag });
        if (res.status === 200) accepted.push(notes);
        else {
          expect(res.status).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => client(n)));
    expect(accepted.length + conflicts).toBe(500);
    const review = store.read('harbor');
    expect(review.revision).toBe(accepted.length);
    const onDisk = review.claims.flatMap((c) => c.history.map((h) => h.changes.notes?.[1]));
    expect(new Set(onDisk)).toEqual(new Set(accepted));
  });
});

describe('review API: hostile and malformed requests', () => {
  it('refuses bodies over 64 KB with 413', async () => {
    const { json } = setup();
    const res = await json('PUT', '/api/claims/c_port/review', { notes: 'x'.repeat(70_000) }, { 'if-match': '"r0"' });
    expect(res.status).toBe(413);
  });

  it('names the field when a value has the wrong type or shape', async () => {
    const { json } = setup();
    const put = async (body: unknown) => {
      const res = await json('PUT', '/api/claims/c_port/review', body, { 'if-match': '"r0"' });
      return { status: res.status, body: (await res.json()) as { field?: string; error: string } };
    };
    expect(await put({ verdict: 5 })).toMatchObject({ status: 400, body: { field: 'verdict' } });
    expect(await put({ evidence: [{ url: 'javascript:alert(1)' }] })).toMatchObject({ status: 400, body: { field: 'evidence.0.url' } });
    expect(await put({ evidence: 'https://a.example' })).toMatchObject({ status: 400, body: { field: 'evidence' } });
    expect(await put({ notes: 'x'.repeat(30_000) })).toMatchObject({ status: 400, body: { field: 'notes' } });
    expect(await put('{"verdict": ')).toMatchObject({ status: 400, body: { field: '(body)' } });
    expect(await put([1, 2])).toMatchObject({ status: 400, body: { field: '(body)' } });
  });

  it('refuses __proto__ and constructor keys without polluting anything', async () => {
    const { json, store } = setup();
    const res = await json('PUT', '/api/claims/c_port/review', '{"__proto__": {"polluted": "yes"}, "verdict": "true"}', { 'if-match': '"r0"' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe('__proto__');
    const nested = await json('PUT', '/api/claims/c_port/review', '{"evidence": [{"url": "https://a.example", "constructor": {"prototype": {"polluted": "yes"}}}]}', { 'if-match': '"r0"' });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { field: string }).field).toBe('evidence.0.constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(store.read('harbor').revision).toBe(0);
  });

  it('stores HTML in notes as inert text and renders it escaped', async () => {
    const { json, store } = setup();
    const notes = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const res = await json('PUT', '/api/claims/c_port/review', { notes, evidence: [{ url: 'https://a.example/?q=<b>', title: '<i>t</i>' }] }, { 'if-match': '"r0"' });
    expect(res.status).toBe(200);
    const review = store.read('harbor').claims[0]!;
    expect(review.notes).toBe(notes);
    const html = String(ClaimReviewPanel({ claim: PORT, review, etag: '"r1"' }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<i>t</i>');
  });

  it('requires the token when one is configured', async () => {
    const { json, form } = setup({ token: 's3cret' });
    expect((await json('GET', '/api/reviews/harbor')).status).toBe(401);
    expect((await json('PUT', '/api/claims/c_port/review', { verdict: 'true' }, { 'if-match': '"r0"', authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await json('GET', '/api/reviews/harbor', undefined, { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await json('PUT', '/api/claims/c_port/review', { verdict: 'true' }, { 'if-match': '"r0"', 'x-claimtrace-token': 's3cret' })).status).toBe(200);
    const posted = await form('/api/claims/c_port/review', { verdict: 'false', ifMatch: '"r1"', _token: 's3cret', redirect: '/claims/c_port' });
    expect(posted.status).toBe(303);
  });

  it('refuses cross-site form posts (CSRF) but not the viewer\'s own', async () => {
    const { form } = setup();
    const evil = await form('/api/claims/c_port/review', { verdict: 'false', ifMatch: '"r0"' }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const noOrigin = await form('/api/claims/c_port/review', { verdict: 'false', ifMatch: '"r0"' }, { 'sec-fetch-site': 'cross-site' });
    expect(noOrigin.status).toBe(403);
    const own = await form('/api/claims/c_port/review', { verdict: 'false', ifMatch: '"r0"' });
    expect(own.status).toBe(303);
  });

  it('leaves the viewer\'s other routes alone', async () => {
    const { app } = setup({ token: 's3cret' });
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('viewer home');
  });
});

describe('review API: forms without JavaScript', () => {
  it('saves a claim review from a form and redirects back to the page', async () => {
    const { form, store } = setup();
    const res = await form('/api/claims/c_port/review', {
      ifMatch: '"r0"',
      redirect: '/claims/c_port',
      verdict: 'mostly-false',
      notes: 'Port authority says 1.9 million.',
      reviewer: 'Ada',
      evidence_url: ['https://port.example/annual-report', ''],
      evidence_title: ['Annual report', ''],
      evidence_quote: ['1.9 million TEU', ''],
      evidence_accessed: ['2024-02-01', ''],
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/claims/c_port');
    expect(store.read('harbor').claims[0]).toMatchObject({
      verdict: 'mostly-false',
      reviewer: 'Ada',
      evidence: [{ url: 'https://port.example/annual-report', title: 'Annual report', quote: '1.9 million TEU', accessed: '2024-02-01' }],
    });
  });

  it('never redirects off the site', async () => {
    const { form } = setup();
    const res = await form('/api/claims/c_port/review', { ifMatch: '"r0"', verdict: 'true', redirect: '//evil.example/x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/claims/c_port');
  });

  it('shows the conflict, with the current version, when the form was stale', async () => {
    const { form, json } = setup();
    await json('PUT', '/api/claims/c_port/review', { notes: 'Saved by <Bo> first' }, { 'if-match': '"r0"' });
    const res = await form('/api/claims/c_port/review', { ifMatch: '"r0"', verdict: 'true', notes: 'mine' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Someone else saved this review');
    expect(html).toContain('Saved by &lt;Bo&gt; first');
    expect(html).toContain('value="&quot;r1&quot;"');
  });

  it('answers a bad form field with a page naming it', async () => {
    const { form } = setup();
    const res = await form('/api/claims/c_port/review', { ifMatch: '"r0"', verdict: 'perhaps' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<code>verdict</code>');
  });
});

describe('review API: manual claims, flags and re-attaching', () => {
  it('adds a manual claim from a span, exactly those words', async () => {
    const { json, form } = setup();
    const words = 'Most of the increase went to schools.';
    const start = TEXT.indexOf(words);
    const res = await json('POST', '/api/sources/harbor/claims', { start, end: start + words.length });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { review: { claimId: string; quote: { exact: string }; manual: boolean }; etag: string };
    expect(body.review).toMatchObject({ manual: true, quote: { exact: words } });
    // The manual claim can then be reviewed like any other.
    const put = await json('PUT', `/api/claims/${body.review.claimId}/review`, { verdict: 'true' }, { 'if-match': body.etag });
    expect(put.status).toBe(200);
    const bad = async (b: unknown) => (await json('POST', '/api/sources/harbor/claims', b)).json() as Promise<{ field: string }>;
    expect((await bad({ start: 0, end: TEXT.length + 5 })).field).toBe('end');
    expect((await bad({ start: '0', end: 5 })).field).toBe('start');
    expect((await bad({ start: TEXT.indexOf('\n\n'), end: TEXT.indexOf('\n\n') + 2 })).field).toBe('start');
    expect((await bad({ start: 0, end: 5, bogus: 1 })).field).toBe('bogus');
    expect((await json('POST', '/api/sources/nope/claims', { start: 0, end: 5 })).status).toBe(404);
    const viaForm = await form('/api/sources/harbor/claims', { start: String(TEXT.indexOf('Harbor')), end: String(TEXT.indexOf('Harbor') + 6) });
    expect(viaForm.status).toBe(303);
  });

  it('confirms or dismisses a flag', async () => {
    const { json, store } = setup();
    expect((await json('PUT', '/api/flags/f_counts/review', { status: 'dismissed' })).status).toBe(428);
    const res = await json('PUT', '/api/flags/f_counts/review', { status: 'dismissed', reason: 'Different years', reviewer: 'Ada' }, { 'if-match': '"r0"' });
    expect(res.status).toBe(200);
    expect(store.read('harbor').flags[0]).toMatchObject({ flagId: 'f_counts', status: 'dismissed', reason: 'Different years' });
    const wrong = await json('PUT', '/api/flags/f_counts/review', { status: 'resolved' }, { 'if-match': '"r1"' });
    expect(((await wrong.json()) as { field: string }).field).toBe('status');
  });

  it('finds a flag\'s source from the request when the viewer does not know the flag', async () => {
    const { json, store } = setup({ findFlag: undefined });
    const res = await json('PUT', '/api/flags/f_other/review', { status: 'confirmed', sourceId: 'harbor' }, { 'if-match': '"r0"' });
    expect(res.status).toBe(200);
    expect(store.read('harbor').flags[0]!.flagId).toBe('f_other');
    expect((await json('PUT', '/api/flags/f_other/review', { status: 'confirmed', sourceId: 'nope' }, { 'if-match': '"r1"' })).status).toBe(400);
  });

  it('re-attaches an orphaned review to a selected span', async () => {
    const { json, store } = setup();
    await json('PUT', '/api/claims/c_port/review', { verdict: 'false' }, { 'if-match': '"r0"' });
    // The text lost the sentence: the review is orphaned.
    await store.reanchorSource('harbor', TEXT.replace(PORT.text, 'Gone.'), []);
    expect(store.read('harbor').claims[0]!.anchor).toBe('orphaned');
    const etag = (await json('GET', '/api/reviews/harbor')).headers.get('etag')!;
    const res = await json('POST', '/api/reviews/harbor/reattach', { claimId: 'c_port', start: PORT.start, end: PORT.end }, { 'if-match': etag });
    expect(res.status).toBe(200);
    expect(store.read('harbor').claims[0]).toMatchObject({ claimId: 'c_port', anchor: 'anchored', verdict: 'false', position: PORT.position });
    expect((await json('POST', '/api/reviews/harbor/reattach', { claimId: 'c_none', start: 0, end: 5 })).status).toBe(404);
  });
});

describe('review UI components', () => {
  it('renders a claim review form that posts with the ETag, every verdict and the history', async () => {
    const { store } = setup();
    const { item } = await store.setClaimReview(PORT, { verdict: 'misleading', notes: 'n', reviewer: 'Ada', evidence: [{ url: 'https://e.example/a' }] });
    const html = String(ClaimReviewPanel({ claim: PORT, review: item, etag: '"r1"', redirect: '/claims/c_port' }));
    expect(html).toContain('action="/api/claims/c_port/review"');
    expect(html).toContain('method="post"');
    expect(html).toContain('name="ifMatch" value="&quot;r1&quot;"');
    expect(html).toMatch(/<option value="misleading" selected="">Misleading<\/option>/);
    for (const v of ['unreviewed', 'true', 'mostly-true', 'mostly-false', 'false', 'unverifiable']) expect(html).toContain(`value="${v}"`);
    for (const name of ['evidence_url', 'evidence_title', 'evidence_quote', 'evidence_accessed', 'notes', 'reviewer']) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('value="https://e.example/a"');
    expect(html).toContain('class="review-history"');
    expect(html).toContain('<code>verdict</code>');
  });

  it('renders flag controls and the orphan list with a re-attach form', async () => {
    const flagHtml = String(FlagReviewControls({ flag: FLAG, etag: '"r0"' }));
    expect(flagHtml).toContain('Unresolved');
    expect(flagHtml).toContain('action="/api/flags/f_counts/review"');
    expect(flagHtml).toContain('name="sourceId" value="harbor"');
    const { store } = setup();
    await store.setClaimReview(PORT, { verdict: 'false' });
    await store.reanchorSource('harbor', 'Completely different text now.', []);
    const orphans = store.read('harbor').claims;
    const html = String(OrphanList({ sourceId: 'harbor', orphans, etag: '"r2"' }));
    expect(html).toContain('action="/api/reviews/harbor/reattach"');
    expect(html).toContain('name="claimId" value="c_port"');
    expect(html).toContain('name="start"');
    expect(html).toContain('data-selection-target');
    expect(String(OrphanList({ sourceId: 'harbor', orphans: [] }) ?? '')).toBe('');
  });

  it('ships a selection script that is valid JavaScript', () => {
    expect(() => new Function(selectionScript)).not.toThrow();
  });
});

function chromiumPath(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
    } catch { /* try the next */ }
  }
  return undefined;
}

const chromium = chromiumPath();

describe.skipIf(!chromium)('selection script in a browser', () => {
  it('turns a selection across marked-up text and an emoji into exact source offsets and posts them', async () => {
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      // The source text as the viewer renders it: each [data-start] element holds an exact slice.
      const source = 'Intro line.\n\nExports 😀 rose 32% to $13.9 billion in 2022, said the ministry.';
      const pStart = source.indexOf('Exports');
      const html = `<!doctype html><meta charset="utf-8"><body data-source-id="harbor">
        <article><p data-start="0" data-end="11">Intro line.</p>
        <p data-start="${pStart}" data-end="${source.length}">Exports 😀 <mark class="claim">rose 32% to <b>$13.9 billion</b></mark> in 2022<button data-offset-ignore>✎ edit</button>, said the ministry.</p></article>
        <form data-selection-target><input name="start"><input name="end"></form>
        <script>${selectionScript}</script></body>`;
      let posted: { url: string; body: string } | undefined;
      await page.route('**/api/sources/**', async (route) => {
        posted = { url: route.request().url(), body: route.request().postData() ?? '' };
        await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ review: { claimId: 'm_1' }, etag: '"r1"' }) });
      });
      await page.route('http://claimtrace.test/', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto('http://claimtrace.test/');
      // Select from inside the emoji-bearing text node to inside the text after the ignored button.
      await page.evaluate(() => {
        const p = document.querySelectorAll('p')[1]!;
        const first = p.firstChild as Text; // "Exports 😀 "
        const last = p.lastChild as Text; // ", said the ministry."
        const range = document.createRange();
        range.setStart(first, 'Exports 😀 '.length);
        range.setEnd(last, ', said'.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      });
      await page.waitForFunction(() => (document.querySelector('input[name=start]') as HTMLInputElement).value !== '');
      const start = Number(await page.inputValue('input[name=start]'));
      const end = Number(await page.inputValue('input[name=end]'));
      expect(source.slice(start, end)).toBe('rose 32% to $13.9 billion in 2022, said');
      await page.click('.add-claim-button');
      await page.waitForFunction(() => location.hash === '#review-m_1').catch(() => undefined);
      expect(posted?.url).toBe('http://claimtrace.test/api/sources/harbor/claims');
      expect(JSON.parse(posted!.body)).toEqual({ start, end });
    } finally {
      await browser.close();
    }
  });
});
