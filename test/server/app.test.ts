import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createViewer } from '../../src/server/app.js';
import { SOURCES_PER_PAGE } from '../../src/server/pages.js';
import { buildAnnotations } from '../../src/store/build.js';
import { readSourceDir } from '../../src/store/sources.js';
import type { Claim, Flag } from '../../src/core/types.js';
import { builtCorpus, HOSTILE, KAZ, OPINION, viewerOver } from './viewer-fixture.js';

let corpus: ReturnType<typeof builtCorpus>;
let viewer: ReturnType<typeof viewerOver>;
const get = (path: string, init?: RequestInit) => viewer.app.request(path, init);
const html = async (path: string) => {
  const res = await get(path);
  return { status: res.status, body: await res.text(), res };
};

const decode = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Every `data-start` element with only text inside: [offset, text]. */
function leafSegments(page: string): [number, string][] {
  return [...page.matchAll(/<(?:span|mark|a)\b[^>]*\bdata-start="(\d+)"[^>]*>([^<]*)<\/(?:span|mark|a)>/g)].map((m) => [Number(m[1]), decode(m[2]!)]);
}

beforeAll(() => {
  corpus = builtCorpus();
  viewer = viewerOver(corpus);
});

describe('sources page', () => {
  it('lists every source with its title, publisher and counts', async () => {
    const { status, body } = await html('/');
    expect(status).toBe(200);
    expect(body).toContain('Kazakhstan’s Ambitious Multivector Foreign Policy');
    expect(body).toContain('The Astana Times');
    const api = (await (await get('/api/sources')).json()) as { sources: { id: string; counts: { claims: number; flags: number; byRule: Record<string, number> } }[] };
    expect(api.sources.map((s) => s.id).sort()).toEqual([KAZ, OPINION, HOSTILE].sort());
    const kaz = api.sources.find((s) => s.id === KAZ)!;
    expect(kaz.counts.claims).toBeGreaterThan(0);
    expect(kaz.counts.byRule['duplicate-caption']).toBeGreaterThan(0);
    expect(body).toContain(`<a href="/sources/${KAZ}">`);
  });
});

describe('sources page of a large corpus', () => {
  it('shows a page of sources at a time, with links to the next and previous pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-many-'));
    const sources = join(dir, 'sources');
    mkdirSync(sources);
    const n = SOURCES_PER_PAGE + 30;
    for (let i = 0; i < n; i++) writeFileSync(join(sources, `s${String(i).padStart(3, '0')}.txt`), `Report number ${i}\n\nThe council approved ${i + 10} new homes on Monday.\n`);
    buildAnnotations(join(dir, 'annotations'), readSourceDir(sources));
    const many = createViewer({ annotationsDir: join(dir, 'annotations'), sourcesDir: sources });
    const page = async (path: string) => (await many.app.request(path)).text();
    const rows = (body: string) => [...body.matchAll(/<tr data-source-id="([^"]+)"/g)].map((m) => m[1]);
    const first = await page('/');
    expect(rows(first)).toHaveLength(SOURCES_PER_PAGE);
    expect(first).toContain(`${n} sources; 1–${SOURCES_PER_PAGE} shown.`);
    expect(first).toContain(`<a href="/?offset=${SOURCES_PER_PAGE}" rel="next">Next 30</a>`);
    expect(first).not.toContain('rel="prev"');
    const second = await page(`/?offset=${SOURCES_PER_PAGE}`);
    expect(rows(second)).toHaveLength(30);
    expect(second).toContain('rel="prev"');
    expect(second).not.toContain('rel="next"');
    expect(new Set([...rows(first), ...rows(second)]).size).toBe(n);
    // A nonsense offset is the first page, as on the flags page.
    expect(rows(await page('/?offset=abc'))).toEqual(rows(first));
    // The API still lists every source.
    const api = (await (await many.app.request('/api/sources')).json()) as { sources: unknown[] };
    expect(api.sources).toHaveLength(n);
  }, 60_000);
});

describe('start-up', () => {
  it('serves the sources page without reading the search index, which the first search then loads', async () => {
    const fresh = builtCorpus();
    rmSync(join(fresh.annotations, 'search'), { recursive: true });
    const late = viewerOver(fresh);
    const page = await (await late.app.request('/')).text();
    expect(page).toContain('Kazakhstan’s Ambitious Multivector Foreign Policy');
    expect(existsSync(join(fresh.annotations, 'search'))).toBe(false);
    const res = await late.app.request('/api/search?q=parliamentary');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBeGreaterThan(0);
    expect(existsSync(join(fresh.annotations, 'search', 'store.json'))).toBe(true);
  });

  it('names sources from the search index when index.json predates titles', async () => {
    const fresh = builtCorpus();
    const file = join(fresh.annotations, 'index.json');
    const index = JSON.parse(readFileSync(file, 'utf8')) as { sources: { title?: string }[] };
    for (const s of index.sources) delete s.title;
    writeFileSync(file, JSON.stringify(index));
    const page = await (await viewerOver(fresh).app.request('/')).text();
    expect(page).toContain('Kazakhstan’s Ambitious Multivector Foreign Policy');
  });
});

describe('source page', () => {
  it('shows the text as exact slices of the source, with every claim marked at its span', async () => {
    const { body } = await html(`/sources/${KAZ}`);
    const text = corpus.text(KAZ);
    const segments = leafSegments(body);
    expect(segments.length).toBeGreaterThan(50);
    for (const [start, t] of segments) expect(text.slice(start, start + t.length)).toBe(t);
    const api = (await (await get(`/api/sources/${KAZ}`)).json()) as { claims: Claim[]; flags: Flag[] };
    for (const c of api.claims) {
      expect(body).toContain(`id="claim-${c.id}"`);
      const pieces = segments.filter(([s]) => s >= c.start && s < c.end).map(([, t]) => t).join('');
      expect(text.slice(c.start, c.end).replace(/\r?\n/g, '')).toContain(pieces.replace(/\r?\n/g, '').slice(0, 20));
    }
  });

  it('gives every paragraph and line an address in the margin and a permalink anchor', async () => {
    const { body } = await html(`/sources/${KAZ}`);
    expect(body).toContain('<div class="para k-paragraph" id="p4">');
    expect(body).toMatch(/href="\/sources\/[^/]+\/p4\?fp=[0-9a-z]+"/);
    expect(body).toContain('¶4');
    expect(body).toContain('id="p4.l2"');
  });

  it('marks each flag at its spans with its explanation and links to the other span', async () => {
    const { body } = await html(`/sources/${KAZ}`);
    const api = (await (await get(`/api/sources/${KAZ}`)).json()) as { flags: Flag[] };
    const count = api.flags.find((f) => f.rule === 'inconsistent-count')!;
    expect(body).toContain(`id="flag-${count.id}"`);
    expect(body).toContain(`href="#flag-${count.id}"`);
    for (const s of count.spans) expect(body).toContain(`hl=${s.start}-${s.end}`);
    expect(body).toContain('class="flagged"');
  });

  it('sets captions apart as captions', async () => {
    const { body } = await html(`/sources/${KAZ}`);
    expect(body).toMatch(/class="(line|para k-paragraph) caption"/);
  });

  it('filters the side panel by rule, type and score', async () => {
    const all = await html(`/sources/${KAZ}`);
    const only = await html(`/sources/${KAZ}?rule=fused-caption&min=0.99`);
    const flagsIn = (b: string) => (b.match(/class="panel-flag /g) ?? []).length;
    const claimsIn = (b: string) => (b.match(/class="panel-claim"/g) ?? []).length;
    expect(flagsIn(only.body)).toBe(1);
    expect(flagsIn(all.body)).toBeGreaterThan(1);
    expect(claimsIn(only.body)).toBeLessThan(claimsIn(all.body));
  });

  it('highlights the spans a link names', async () => {
    const text = corpus.text(KAZ);
    const start = text.indexOf('nine parliamentary elections');
    const { body } = await html(`/sources/${KAZ}?hl=${start}-${start + 28}`);
    expect(body).toContain('id="first-hit"');
    expect(body).toMatch(new RegExp(`class="[^"]*hit[^"]*"[^>]*data-start="${start}"`));
  });

  it('shows markup in an article as text and never as markup', async () => {
    const { body } = await html(`/sources/${HOSTILE}`);
    expect(body).not.toContain('<script>window');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(body).toContain('&lt;img src=x onerror=');
    expect(body).toContain('&lt;b&gt;bold&lt;/b&gt; &amp;');
  });

  it('answers an unknown source or paragraph with a 404 that says what was not found', async () => {
    const a = await html('/sources/nope');
    expect(a.status).toBe(404);
    expect(a.body).toContain('No source “nope”');
    const b = await html(`/sources/${KAZ}/p999`);
    expect(b.status).toBe(404);
    expect(b.body).toContain('No paragraph “p999”');
    expect((await get('/api/sources/nope')).status).toBe(404);
  });

  it('finds a cited paragraph again by its fingerprint after paragraphs were added above it', async () => {
    const api = (await (await get(`/api/sources/${OPINION}`)).json()) as { paragraphs: { id: string; fingerprint: string }[] };
    const p5 = api.paragraphs[4]!;
    // As if the link were made before two paragraphs were inserted: its address was p3.
    const res = await get(`/sources/${OPINION}/p3?fp=${p5.fingerprint}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/#p5$/);
    const plain = await get(`/sources/${OPINION}/p3?fp=nomatch`);
    expect(plain.headers.get('location')).toMatch(/#p3$/);
  });

  it('sends a paragraph or line address to that place in the source', async () => {
    const res = await get(`/sources/${KAZ}/p4.l2`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/sources/${KAZ}\\?hl=\\d+-\\d+#p4\\.l2$`));
  });
});

describe('claim page', () => {
  it('shows the quote, a citation with a copy button, the permalink, the score with reasons and what is inside the claim', async () => {
    const api = (await (await get(`/api/sources/${KAZ}`)).json()) as { claims: Claim[] };
    const claim = api.claims.find((c) => c.quantities.length > 0 || c.dates.length > 0)!;
    const { status, body } = await html(`/claims/${claim.id}`);
    expect(status).toBe(200);
    expect(body).toContain('data-copy="citation"');
    expect(body).toContain(`http://127.0.0.1:4173/claims/${claim.id}`);
    expect(body).toContain(`${claim.start}–${claim.end}`);
    expect(body).toContain(claim.score.toFixed(2));
    expect(body).toContain('class="mentions"');
    expect(body).toContain(`action="/api/claims/${claim.id}/review"`);
    const json = (await (await get(`/api/claims/${claim.id}`)).json()) as { claim: Claim; citation: string; paragraphId: string };
    expect(json.claim.text).toBe(corpus.text(KAZ).slice(claim.start, claim.end));
    expect(json.citation).toContain(`paragraph ${claim.paragraphId.slice(1)}`);
  });

  it('links a claim to the flag that conflicts with it', async () => {
    const api = (await (await get(`/api/sources/${KAZ}`)).json()) as { claims: Claim[]; flags: Flag[] };
    const overlapping = (f: Flag) => api.claims.find((c) => f.spans.some((s) => s.start < c.end && c.start < s.end));
    const flag = api.flags.find((f) => overlapping(f))!;
    expect(flag).toBeDefined();
    const claim = overlapping(flag);
    const json = (await (await get(`/api/claims/${claim!.id}`)).json()) as { links: { flags: Flag[] } };
    expect(json.links.flags.map((f) => f.id)).toContain(flag.id);
  });

  it('404s an unknown claim', async () => {
    const { status, body } = await html('/claims/c_nothing');
    expect(status).toBe(404);
    expect(body).toContain('No claim “c_nothing”');
  });
});

describe('flags page', () => {
  it('groups every flag in the corpus by rule, each linking to its spans', async () => {
    const { body } = await html('/flags');
    expect(body).toContain('id="rule-duplicate-caption"');
    expect(body).toContain('id="rule-fused-caption"');
    expect(body).toContain('id="rule-inconsistent-count"');
    const json = (await (await get('/api/flags')).json()) as { flags: (Flag & { review: unknown })[] };
    expect(json.flags.length).toBeGreaterThan(5);
    for (const f of json.flags) for (const s of f.spans) expect(body).toContain(`hl=${s.start}-${s.end}`);
    for (const f of json.flags) expect(body).toContain(`href="/flags/${f.id}"`);
  });

  it('shows one flag with every span and the controls to confirm or dismiss it', async () => {
    const json = (await (await get('/api/flags?rule=fused-caption')).json()) as { flags: Flag[] };
    expect(json.flags).toHaveLength(1);
    const flag = json.flags[0]!;
    const { status, body } = await html(`/flags/${flag.id}`);
    expect(status).toBe(200);
    expect(body).toContain(`action="/api/flags/${flag.id}/review"`);
    for (const s of flag.spans) expect(body).toContain(`${s.start}–${s.end}`);
    const only = await html('/flags?rule=fused-caption');
    expect(only.body).toContain(`href="/flags/${flag.id}"`);
    expect(only.body).not.toContain('id="rule-duplicate-caption"');
    expect((await html('/flags?rule=nonsense')).status).toBe(404);
    expect((await html('/flags/f_nothing')).status).toBe(404);
  });
});

describe('search', () => {
  it('groups results by source with the matched words highlighted at their source offsets', async () => {
    const res = await get('/api/search?q=elections');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { groups: { sourceId: string; hits: { start: number; end: number; text: string; highlights: { start: number; end: number }[] }[] }[] };
    expect(json.groups.length).toBeGreaterThan(0);
    for (const g of json.groups) {
      const text = corpus.text(g.sourceId);
      for (const h of g.hits) {
        expect(text.slice(h.start, h.end)).toBe(h.text);
        for (const m of h.highlights) expect(text.slice(m.start, m.end).toLowerCase()).toMatch(/^elect/);
      }
    }
    const { body } = await html('/search?q=elections');
    expect(body).toMatch(/<mark>elections?<\/mark>/i);
    expect(body).toContain(`/sources/${KAZ}?hl=`);
  });

  it('understands fields, wildcards, fuzzy terms and presence', async () => {
    const count = async (q: string) => ((await (await get(`/api/search?q=${encodeURIComponent(q)}`)).json()) as { totalHits: number }).totalHits;
    expect(await count('elect*')).toBeGreaterThan(0);
    expect(await count('parliamentery~2')).toBeGreaterThan(0);
    expect(await count('+kind:caption forum')).toBeGreaterThan(0);
    expect(await count('+kind:caption forum')).toBeLessThanOrEqual(await count('forum'));
    expect(await count('+budget -billion')).toBeLessThan(await count('+budget'));
  });

  it('answers a malformed query with a friendly 400, never a 500', async () => {
    for (const q of ['foo:bar', 'title:', '~', '+', 'kind:nonsense']) {
      const page = await html(`/search?q=${encodeURIComponent(q)}`);
      expect(page.status).toBe(400);
      expect(page.body).toContain('That query could not be read');
      const api = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: string }).error).toMatch(/^query: /);
    }
  });

  it('shows the search tips and an empty form without a query', async () => {
    const { status, body } = await html('/search');
    expect(status).toBe(200);
    expect(body).toContain('Search tips');
    expect((await get('/api/search')).status).toBe(400);
  });
});

describe('headers and assets', () => {
  it('sends a content security policy that forbids inline scripts, and serves its own assets', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/assets/style.css')).headers.get('content-type')).toMatch(/css/);
  });

  it('answers an unknown path with a 404 page', async () => {
    const { status, body } = await html('/nowhere');
    expect(status).toBe(404);
    expect(body).toContain('Nothing at /nowhere');
  });
});

describe('reviews in the viewer', () => {
  it('shows a saved verdict on the claim in the text and the change in the claim history', async () => {
    const api = (await (await get(`/api/sources/${OPINION}`)).json()) as { claims: Claim[] };
    const claim = api.claims[0]!;
    const { etag } = (await (await get(`/api/reviews/${OPINION}`)).json().then((r) => ({ etag: `"r${(r as { revision: number }).revision}"` })));
    const res = await get(`/api/claims/${claim.id}/review`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ verdict: 'misleading', reviewer: 'Ana', notes: '<b>check</b>' }),
    });
    expect(res.status).toBe(200);
    const source = await html(`/sources/${OPINION}`);
    expect(source.body).toMatch(new RegExp(`class="claim t-[a-z-]+ v-misleading[^"]*"[^>]*id="claim-${claim.id}"`));
    expect(source.body).toContain('class="verdict-mark v-misleading"');
    const page = await html(`/claims/${claim.id}`);
    expect(page.body).toContain('Ana');
    expect(page.body).toContain('&lt;b&gt;check&lt;/b&gt;');
    expect(page.body).toContain('<code>verdict</code>');
  });

  it('adds a claim from a selected span and shows it in the text and on its own page', async () => {
    const text = corpus.text(HOSTILE);
    const words = 'Officials said 12 of the 40 members voted against the plan';
    const start = text.indexOf(words);
    const res = await get(`/api/sources/${HOSTILE}/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start, end: start + words.length }),
    });
    expect(res.status).toBe(201);
    const { review } = (await res.json()) as { review: { claimId: string } };
    const source = await html(`/sources/${HOSTILE}`);
    expect(source.body).toContain(`id="claim-${review.claimId}"`);
    const page = await html(`/claims/${review.claimId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(words);
  });
});
