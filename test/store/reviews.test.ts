import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSelectors } from '../../src/core/anchoring.js';
import { fingerprint, shortHash } from '../../src/core/hash.js';
import type { Claim, Review } from '../../src/core/types.js';
import { UserError } from '../../src/store/errors.js';
import { ReviewConflictError, ReviewInputError, ReviewSchema, ReviewStore } from '../../src/store/reviews.js';

const root = new URL('../../', import.meta.url).pathname;
const tempDir = () => mkdtempSync(join(tmpdir(), 'claimtrace-reviews-'));

/**
 * A stand-in for the claim detector with the same id rule (source, paragraph
 * fingerprint, sentence text): every sentence with a digit is a claim. Keeps
 * these tests about the store, not about what the real detector finds.
 */
export function detect(sourceId: string, text: string): Claim[] {
  const claims: Claim[] = [];
  let n = 0;
  for (const para of text.matchAll(/[^\n]+/g)) {
    n++;
    const fp = fingerprint(para[0]);
    let s = 0;
    for (const sentence of para[0].matchAll(/\S.*?[.!?](?=\s|$)/g)) {
      s++;
      const start = para.index! + sentence.index!;
      const end = start + sentence[0].length;
      if (!/\d/.test(sentence[0])) continue;
      const sel = makeSelectors(text, start, end);
      claims.push({
        id: `c_${shortHash(`${sourceId}|${fp}|${sentence[0]}`)}`,
        sourceId,
        paragraphId: `p${n}`,
        sentenceId: `p${n}.s${s}`,
        start,
        end,
        text: sentence[0],
        type: 'statistic',
        score: 1,
        reasons: [],
        quote: sel.quote,
        position: sel.position,
        quantities: [],
        dates: [],
        entities: [],
      });
    }
  }
  return claims;
}

export const ARTICLE = readFileSync(new URL('../fixtures/reviews-harbor-budget.txt', import.meta.url), 'utf8');

const claimWith = (claims: Claim[], words: string): Claim => {
  const c = claims.find((x) => x.text.includes(words));
  if (!c) throw new Error(`no claim with ${words}`);
  return c;
};

/** Each test gets its own annotations dir with three reviewed claims. */
async function reviewedArticle() {
  const dir = tempDir();
  let tick = 0;
  const store = new ReviewStore(dir, { now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)) });
  const claims = detect('harbor', ARTICLE);
  await store.setClaimReview(claimWith(claims, 'Unemployment'), { verdict: 'mostly-true', notes: 'BLS says 4.2%', reviewer: 'Ada', evidence: [{ url: 'https://stats.example/unemployment', title: 'Labour survey', accessed: '2024-01-01' }] });
  await store.setClaimReview(claimWith(claims, 'port handled'), { verdict: 'false', notes: 'It was 1.9 million.', reviewer: 'Ada' });
  await store.setClaimReview(claimWith(claims, 'transit line'), { verdict: 'unverifiable', reviewer: 'Bo' });
  return { dir, store, claims };
}

const byQuote = (review: Review, words: string) => review.claims.find((c) => c.quote.exact.includes(words) || c.history.some((h) => JSON.stringify(h.changes).includes(words)))!;

describe('ReviewStore: editing reviews', () => {
  it('creates a claim review from the claim\'s selectors on the first change and records who changed what', async () => {
    const { dir, store, claims } = await reviewedArticle();
    const { review, etag } = await store.get('harbor');
    expect(etag).toBe('"r3"');
    const c = claimWith(claims, 'Unemployment');
    const r = review.claims.find((x) => x.claimId === c.id)!;
    expect(r).toMatchObject({ sourceId: 'harbor', anchor: 'anchored', verdict: 'mostly-true', reviewer: 'Ada', quote: c.quote, position: c.position });
    expect(r.history).toEqual([
      {
        at: '2024-01-01T00:00:00.000Z',
        by: 'Ada',
        changes: {
          verdict: ['unreviewed', 'mostly-true'],
          notes: ['', 'BLS says 4.2%'],
          reviewer: ['', 'Ada'],
          evidence: [[], [{ url: 'https://stats.example/unemployment', title: 'Labour survey', accessed: '2024-01-01' }]],
        },
      },
    ]);
    // On disk: valid, and exactly what get() returns.
    const disk = JSON.parse(readFileSync(join(dir, 'reviews', 'harbor.json'), 'utf8'));
    expect(ReviewSchema.parse(disk)).toEqual(review);
  });

  it('refuses a write based on an old revision and hands back the current state', async () => {
    const { store, claims } = await reviewedArticle();
    const c = claimWith(claims, 'port handled');
    const ok = await store.setClaimReview(c, { notes: 'first' }, { ifMatch: '"r3"' });
    expect(ok.etag).toBe('"r4"');
    const stale = store.setClaimReview(c, { notes: 'second' }, { ifMatch: '"r3"' });
    await expect(stale).rejects.toBeInstanceOf(ReviewConflictError);
    const error = (await stale.catch((e: unknown) => e)) as ReviewConflictError;
    expect(error.etag).toBe('"r4"');
    expect(error.current.claims.find((x) => x.claimId === c.id)!.notes).toBe('first');
    expect((await store.get('harbor')).review.revision).toBe(4);
  });

  it('names the bad field of a change and writes nothing', async () => {
    const { store, claims } = await reviewedArticle();
    const c = claimWith(claims, 'port handled');
    const fieldOf = async (patch: unknown) => ((await store.setClaimReview(c, patch).catch((e: unknown) => e)) as ReviewInputError).field;
    expect(await fieldOf({ verdict: 'maybe' })).toBe('verdict');
    expect(await fieldOf({ notes: 5 })).toBe('notes');
    expect(await fieldOf({ evidence: [{ url: 'javascript:alert(1)' }] })).toBe('evidence.0.url');
    expect(await fieldOf({ evidence: [{ url: 'https://a.example', accessed: 'yesterday' }] })).toBe('evidence.0.accessed');
    expect(await fieldOf(JSON.parse('{"__proto__": {"polluted": true}, "notes": "x"}'))).toBe('__proto__');
    expect(await fieldOf({ constructor: 'x' })).toBe('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await store.get('harbor')).review.revision).toBe(3);
  });

  it('stores HTML in notes as plain text, exactly as typed', async () => {
    const { store, claims } = await reviewedArticle();
    const notes = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const r = await store.setClaimReview(claimWith(claims, 'port handled'), { notes });
    expect(r.item.notes).toBe(notes);
  });

  it('does not write when a change changes nothing', async () => {
    const { store, claims } = await reviewedArticle();
    const r = await store.setClaimReview(claimWith(claims, 'port handled'), { verdict: 'false' });
    expect(r.changed).toBe(false);
    expect(r.etag).toBe('"r3"');
  });

  it('reports a corrupt review file by file and field', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'reviews'));
    writeFileSync(join(dir, 'reviews', 'bad.json'), JSON.stringify({ sourceId: 'bad', revision: 'three', claims: [], flags: [] }));
    writeFileSync(join(dir, 'reviews', 'torn.json'), '{"sourceId": "torn", "rev');
    const store = new ReviewStore(dir);
    expect(() => store.read('bad')).toThrow(UserError);
    expect(() => store.read('bad')).toThrow(/bad\.json: field revision:/);
    expect(() => store.read('torn')).toThrow(/torn\.json: is not valid JSON/);
    expect(() => store.read('../etc/passwd')).toThrow(/sourceId/);
  });

  it('confirms and dismisses flags with a reason, keeping each change in history', async () => {
    const { store } = await reviewedArticle();
    await store.setFlagReview('harbor', 'f_abc123', { status: 'confirmed', reason: 'The two counts disagree.', reviewer: 'Ada' });
    const r = await store.setFlagReview('harbor', 'f_abc123', { status: 'dismissed', reason: 'Different years.', reviewer: 'Bo' });
    expect(r.item).toMatchObject({ flagId: 'f_abc123', status: 'dismissed', reason: 'Different years.', reviewer: 'Bo' });
    expect(r.item.history.map((h) => h.changes.status)).toEqual([[null, 'confirmed'], ['confirmed', 'dismissed']]);
    await expect(store.setFlagReview('harbor', 'f_abc123', { status: 'resolved' })).rejects.toMatchObject({ field: 'status' });
  });

  it('adds a manual claim from a selection, trimmed to the exact words', async () => {
    const { store } = await reviewedArticle();
    const words = 'Most of the increase went to schools.';
    const start = ARTICLE.indexOf(words) - 1;
    const r = await store.addManualClaim('harbor', ARTICLE, start, start + words.length + 3, { reviewer: 'Ada' });
    expect(r.item).toMatchObject({ manual: true, anchor: 'anchored', verdict: 'unreviewed', quote: { exact: words } });
    expect(ARTICLE.slice(r.item.position.start, r.item.position.end)).toBe(words);
    expect(r.item.claimId).toMatch(/^m_/);
    const again = await store.addManualClaim('harbor', ARTICLE, start, start + words.length + 3);
    expect(again.changed).toBe(false);
    expect(again.item.claimId).toBe(r.item.claimId);
    await expect(store.addManualClaim('harbor', ARTICLE, 10, ARTICLE.length + 1)).rejects.toMatchObject({ field: 'end' });
    await expect(store.addManualClaim('harbor', ARTICLE, 10, 5)).rejects.toMatchObject({ field: 'end' });
    await expect(store.addManualClaim('harbor', ARTICLE, '3', 10)).rejects.toMatchObject({ field: 'start' });
    const gap = ARTICLE.indexOf('\n\n');
    await expect(store.addManualClaim('harbor', ARTICLE, gap, gap + 2)).rejects.toMatchObject({ field: 'start' });
  });
});

describe('ReviewStore: re-anchoring after the source changed', () => {
  async function reanchorTo(text: string) {
    const ctx = await reviewedArticle();
    const before = (await ctx.store.get('harbor')).review;
    const claims = detect('harbor', text);
    const report = await ctx.store.reanchorSource('harbor', text, claims);
    const after = (await ctx.store.get('harbor')).review;
    // Whatever happened, no review was lost and no editorial field changed.
    expect(after.claims).toHaveLength(before.claims.length);
    for (const old of before.claims) {
      const now = after.claims.find((c) => c.createdAt === old.createdAt)!;
      expect({ v: now.verdict, e: now.evidence, n: now.notes, r: now.reviewer }).toEqual({ v: old.verdict, e: old.evidence, n: old.notes, r: old.reviewer });
      expect(now.history.slice(0, old.history.length)).toEqual(old.history);
    }
    // Every review that is not orphaned points at exactly its quote.
    for (const r of after.claims) if (r.anchor !== 'orphaned') expect(text.slice(r.position.start, r.position.end)).toBe(r.quote.exact);
    return { ...ctx, report, before, after, claims };
  }

  it('keeps every review on its claim when a paragraph is inserted before it', async () => {
    const text = ARTICLE.replace('\n\nUnemployment', '\n\nA paragraph added by the desk in 2024 about the weather.\n\nUnemployment');
    const { after, claims, report } = await reanchorTo(text);
    for (const r of after.claims) {
      expect(r.anchor).toBe('anchored');
      expect(claims.map((c) => c.id)).toContain(r.claimId);
    }
    expect(report.orphaned).toEqual([]);
    expect(byQuote(after, 'Unemployment').history.at(-1)).toMatchObject({ by: 'claimtrace build', changes: { position: expect.any(Array) } });
  });

  it('moves the review to the edited claim\'s new id and says the words changed', async () => {
    const text = ARTICLE.replace('fell to 4.1%', 'fell to 4.2%');
    const { before, after, claims } = await reanchorTo(text);
    const old = byQuote(before, 'Unemployment');
    const now = byQuote(after, 'Unemployment');
    const target = claimWith(claims, 'Unemployment');
    expect(now.claimId).toBe(target.id);
    expect(now.claimId).not.toBe(old.claimId);
    expect(now.anchor).toBe('moved');
    expect(now.quote).toEqual(target.quote);
    expect(now.history.at(-1)!.changes).toMatchObject({ claimId: [old.claimId, target.id], quote: [old.quote.exact, target.quote.exact], anchor: ['anchored', 'moved'] });
  });

  it('orphans a review whose paragraph was deleted, keeps all of it, and restores it when the text returns', async () => {
    const port = 'The port handled 2.3 million containers last year, making it the third busiest port in the region.';
    const text = ARTICLE.replace(`\n\n${port}`, '');
    const { store, after, report } = await reanchorTo(text);
    const orphan = byQuote(after, 'port handled');
    expect(orphan).toMatchObject({ anchor: 'orphaned', verdict: 'false', notes: 'It was 1.9 million.' });
    expect(report.orphaned).toEqual([orphan.claimId]);
    expect(orphan.history.at(-1)!.changes).toEqual({ anchor: ['anchored', 'orphaned'] });
    await store.reanchorSource('harbor', ARTICLE, detect('harbor', ARTICLE));
    expect(byQuote((await store.get('harbor')).review, 'port handled')).toMatchObject({ anchor: 'anchored', verdict: 'false' });
  });

  it('follows claims when paragraphs are reordered', async () => {
    const p = ARTICLE.split('\n\n');
    const text = [p[0], p[4], p[3], p[2], p[1]].join('\n\n');
    const { after, claims } = await reanchorTo(text);
    for (const r of after.claims) {
      expect(r.anchor).toBe('anchored');
      const c = claims.find((x) => x.id === r.claimId)!;
      expect(r.position).toEqual(c.position);
    }
  });

  it('re-anchors manual claims by their selectors and changes nothing on a second run', async () => {
    const { store } = await reviewedArticle();
    const words = 'Most of the increase went to schools.';
    const s = ARTICLE.indexOf(words);
    await store.addManualClaim('harbor', ARTICLE, s, s + words.length, { verdict: 'true' });
    const text = `Correction appended on top.\n\n${ARTICLE}`;
    const first = await store.reanchorSource('harbor', text, detect('harbor', text));
    expect(first.changed).toBe(true);
    const manual = (await store.get('harbor')).review.claims.find((c) => c.manual)!;
    expect(text.slice(manual.position.start, manual.position.end)).toBe(words);
    expect(manual.claimId).toMatch(/^m_/);
    const revision = (await store.get('harbor')).review.revision;
    const second = await store.reanchorSource('harbor', text, detect('harbor', text));
    expect(second.changed).toBe(false);
    expect((await store.get('harbor')).review.revision).toBe(revision);
  });

  it('never creates a review file for a source nobody reviewed', async () => {
    const dir = tempDir();
    const store = new ReviewStore(dir);
    const report = await store.reanchorSource('harbor', ARTICLE, detect('harbor', ARTICLE));
    expect(report.changed).toBe(false);
    expect(existsSync(join(dir, 'reviews', 'harbor.json'))).toBe(false);
  });

  it('re-attaches an orphan by hand, taking over the claim at that span', async () => {
    const port = 'The port handled 2.3 million containers last year, making it the third busiest port in the region.';
    const rewritten = 'Container traffic at the port reached 2.3 million boxes in 2023.';
    const text = ARTICLE.replace(port, rewritten);
    const { store, after } = await reanchorTo(text);
    const orphan = byQuote(after, 'port handled');
    expect(orphan.anchor).toBe('orphaned');
    const claims = detect('harbor', text);
    const target = claimWith(claims, 'Container traffic');
    const r = await store.reattach('harbor', orphan.claimId, target.start, target.end, { text, claims, by: 'Ada' });
    expect(r.item).toMatchObject({ claimId: target.id, anchor: 'anchored', verdict: 'false', quote: { exact: rewritten } });
    expect(r.item.history.at(-1)).toMatchObject({ by: 'Ada', changes: { claimId: [orphan.claimId, target.id], anchor: ['orphaned', 'anchored'] } });
  });
});

describe('ReviewStore: concurrent and interrupted writers', () => {
  it('serialises 500 parallel updates from 20 clients: every accepted write is on disk, every refused one was a conflict', async () => {
    const { dir, claims } = await reviewedArticle();
    const c = claimWith(claims, 'port handled');
    const accepted: string[] = [];
    let conflicts = 0;
    const client = async (n: number) => {
      // Each client has its own store object, as separate server processes would.
      const store = new ReviewStore(dir);
      for (let i = 0; i < 25; i++) {
        const { etag } = await store.get('harbor');
        const notes = `client ${n} update ${i}`;
        try {
          await store.setClaimReview(c, { notes }, { ifMatch: etag });
          accepted.push(notes);
        } catch (error) {
          expect(error).toBeInstanceOf(ReviewConflictError);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => client(n)));
    expect(accepted.length + conflicts).toBe(500);
    expect(accepted.length).toBeGreaterThan(0);
    const review = new ReviewStore(dir).read('harbor');
    expect(review.revision).toBe(3 + accepted.length);
    const history = review.claims.find((x) => x.claimId === c.id)!.history.slice(1).map((h) => h.changes.notes![1]);
    expect(new Set(history)).toEqual(new Set(accepted));
  });

  it('survives a writer process killed mid-write: the file is the old or the new state, and the next write succeeds', async () => {
    const { dir, store, claims } = await reviewedArticle();
    const c = claimWith(claims, 'port handled');
    const script = join(dir, 'writer.mts');
    writeFileSync(
      script,
      `import { ReviewStore } from ${JSON.stringify(join(root, 'src/store/reviews.ts'))};
const store = new ReviewStore(${JSON.stringify(dir)});
const claim = ${JSON.stringify(c)};
for (let i = 0; ; i++) {
  // Large notes make each write long enough for the kill to land inside one.
  await store.setClaimReview(claim, { notes: String(i).padEnd(19000, 'x') });
  if (i === 0) process.stdout.write('writing\\n');
}
`,
    );
    for (const delay of [30, 90, 200]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => resolve());
        child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, delay));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const raw = readFileSync(join(dir, 'reviews', 'harbor.json'), 'utf8');
      const review = ReviewSchema.parse(JSON.parse(raw));
      const notes = review.claims.find((x) => x.claimId === c.id)!.notes;
      expect(notes === 'It was 1.9 million.' || /^\d+x+$/.test(notes)).toBe(true);
    }
    // The killed writer may have left its lockfile behind: it must not block the editor.
    const t0 = Date.now();
    const after = await store.setClaimReview(c, { notes: 'after the crash' });
    expect(after.item.notes).toBe('after the crash');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const { dir, claims } = await reviewedArticle();
    const gone = spawn(process.execPath, ['-e', '0']);
    const pid = gone.pid!;
    await new Promise((r) => gone.on('exit', r));
    writeFileSync(join(dir, 'reviews', 'harbor.json.lock'), `${pid} ${Date.now()} crashed`);
    const store = new ReviewStore(dir, { lockTimeoutMs: 2000 });
    const r = await store.setClaimReview(claimWith(claims, 'port handled'), { notes: 'after a crash' });
    expect(r.item.notes).toBe('after a crash');
    expect(existsSync(join(dir, 'reviews', 'harbor.json.lock'))).toBe(false);
  });

  it('waits for a lock held by a live process and gives up with a clear message', async () => {
    const { dir, claims } = await reviewedArticle();
    writeFileSync(join(dir, 'reviews', 'harbor.json.lock'), `${process.ppid} ${Date.now()} other`);
    const store = new ReviewStore(dir, { lockTimeoutMs: 200 });
    await expect(store.setClaimReview(claimWith(claims, 'port handled'), { notes: 'x' })).rejects.toThrow(/is locked by process/);
  });
});
