import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toUtf16 } from '../../src/core/anchoring.js';
import type { Claim, Flag, SourceAnalysis } from '../../src/core/types.js';
import { main, registerCommand } from '../../src/cli/main.js';
import { citeCommand, exportCommand } from '../../src/cli/review.js';
import { ReviewStore } from '../../src/store/reviews.js';

const root = new URL('../../', import.meta.url).pathname;
const KAZ = '003_e978f04211ffa657';

beforeAll(() => {
  // What src/cli/index.ts does for the real executable.
  registerCommand('cite', citeCommand);
  registerCommand('export', exportCommand);
});

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

/** A copy of the bundled sources, built, in a temp dir (never the repo's annotations/). */
async function builtCorpus() {
  const work = mkdtempSync(join(tmpdir(), 'claimtrace-review-cli-'));
  cpSync(join(root, 'sources'), join(work, 'sources'), { recursive: true });
  const built = await run(['build'], work);
  expect(built.code).toBe(0);
  const analysisOf = (id: string): SourceAnalysis => JSON.parse(readFileSync(join(work, 'annotations', 'sources', `${id}.json`), 'utf8')).analysis;
  const store = new ReviewStore(join(work, 'annotations'));
  return { work, analysisOf, store };
}

describe('claimtrace cite', () => {
  it('prints a citation with title, publisher, paragraph and quote, and the permalink', async () => {
    const { work, analysisOf, store } = await builtCorpus();
    const claim = analysisOf(KAZ).claims[0]!;
    await store.setClaimReview(claim, { verdict: 'mostly-true', reviewer: 'Ada' });
    const { code, stdout } = await run(['cite', claim.id], work);
    expect(code).toBe(0);
    expect(stdout).toContain(`“${claim.text}”`);
    expect(stdout).toContain('Michael Rossi, “Kazakhstan’s Ambitious Multivector Foreign Policy”, The Astana Times');
    expect(stdout).toContain(`paragraph ${claim.paragraphId.slice(1)}`);
    expect(stdout).toContain('Verdict: Mostly true (Ada)');
    expect(stdout.trim().split('\n').at(-1)).toBe(`http://127.0.0.1:4173/claims/${claim.id}`);
    const based = await run(['cite', claim.id, '--base', 'https://factcheck.example/app'], work);
    expect(based.stdout).toContain(`https://factcheck.example/app/claims/${claim.id}`);
  });

  it('cites a manual claim known only to the review store, and refuses an unknown id in one line', async () => {
    const { work, store } = await builtCorpus();
    const text = readFileSync(join(work, 'sources', `${KAZ}.txt`), 'utf8');
    const words = 'Gone are the days when Kazakhstan was regarded by some as a remote and distant land in Central Asia';
    const start = text.indexOf(words);
    const { item } = await store.addManualClaim(KAZ, text, start, start + words.length);
    const { code, stdout } = await run(['cite', item.claimId], work);
    expect(code).toBe(0);
    expect(stdout).toContain(`“${words}”`);
    const missing = await run(['cite', 'c_nosuchclaim'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^claimtrace: c_nosuchclaim: no claim with this id/);
    expect((await run(['cite', 'x', '--base', 'javascript:alert(1)'], work)).stderr).toMatch(/--base/);
  });
});

describe('claimtrace export', () => {
  it('writes W3C annotations whose selectors resolve to their quotes in the source files', async () => {
    const { work, analysisOf, store } = await builtCorpus();
    const claim = analysisOf(KAZ).claims[1]!;
    await store.setClaimReview(claim, { verdict: 'false', notes: 'No.' });
    const { code, stdout } = await run(['export', '--format', 'w3c', '--out', 'out.jsonld'], work);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wrote \d+ annotations to out\.jsonld/);
    const out = JSON.parse(readFileSync(join(work, 'out.jsonld'), 'utf8'));
    const total = analysisOf(KAZ).claims.length + analysisOf('000_b014f06968f22ee5').claims.length;
    expect(out.total).toBe(total);
    for (const a of out.first.items) {
      const id = decodeURIComponent(a.target.source.split('/').at(-1));
      const text = readFileSync(join(work, 'sources', `${id}.txt`), 'utf8').replace(/^\uFEFF/, '');
      const [quote, pos] = a.target.selector;
      expect(text.slice(toUtf16(text, pos.start), toUtf16(text, pos.end))).toBe(quote.exact);
    }
    const reviewed = out.first.items.find((a: { id: string }) => a.id.endsWith(claim.id));
    expect(reviewed.motivation).toBe('assessing');
  });

  it('prints ClaimReview JSON-LD and CSV to stdout, and names a bad format', async () => {
    const { work, analysisOf, store } = await builtCorpus();
    const claim: Claim = analysisOf(KAZ).claims[0]!;
    await store.setClaimReview(claim, { verdict: 'misleading', reviewer: 'Bo' });
    const jsonld = await run(['export', '--format', 'claimreview'], work);
    const graph = JSON.parse(jsonld.stdout)['@graph'];
    expect(graph).toHaveLength(1);
    expect(graph[0]).toMatchObject({ claimReviewed: claim.text, reviewRating: { ratingValue: 3, alternateName: 'Misleading' }, itemReviewed: { appearance: { headline: 'Kazakhstan’s Ambitious Multivector Foreign Policy' } } });
    const csv = await run(['export', '--format', 'csv'], work);
    expect(csv.stdout.split('\r\n')[0]).toBe('\uFEFFsource_id,source_title,publisher,claim_id,paragraph,start,end,quote,manual,anchor,verdict,rating,reviewer,notes,evidence_urls,updated_at,permalink');
    const bad = await run(['export', '--format', 'pdf'], work);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: expected one of w3c, claimreview, csv/);
  });

  it('refuses to export offsets for a source that changed since the build', async () => {
    const { work } = await builtCorpus();
    const file = join(work, 'sources', `${KAZ}.txt`);
    writeFileSync(file, `Inserted.\n\n${readFileSync(file, 'utf8')}`);
    const res = await run(['export', '--format', 'w3c'], work);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/changed since the last build/);
  });
});

describe('reviews across builds and in claimtrace check', () => {
  it('a rebuild after an edit keeps every review, moving or orphaning it, and check reports the orphan', async () => {
    const { work, analysisOf, store } = await builtCorpus();
    const claims = analysisOf(KAZ).claims;
    const [first, second] = [claims[0]!, claims[claims.length - 1]!];
    await store.setClaimReview(first, { verdict: 'true', notes: 'kept', reviewer: 'Ada' });
    await store.setClaimReview(second, { verdict: 'false', notes: 'lost', reviewer: 'Ada' });
    const file = join(work, 'sources', `${KAZ}.txt`);
    const original = readFileSync(file, 'utf8');
    // Insert a paragraph at the top and delete the paragraph of the second claim.
    const para = original.split(/\n\n/).find((p) => p.includes(second.text))!;
    writeFileSync(file, `A new opening paragraph was added in 2024.\n\n${original.replace(para, '')}`);
    const rebuilt = await run(['build'], work);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(new RegExp(`reviews of ${KAZ}: \\d+ kept, \\d+ moved, 1 orphaned`));
    const review = store.read(KAZ);
    expect(review.claims).toHaveLength(2);
    const kept = review.claims.find((c) => c.notes === 'kept')!;
    const lost = review.claims.find((c) => c.notes === 'lost')!;
    const text = readFileSync(file, 'utf8');
    expect(kept.anchor).not.toBe('orphaned');
    expect(text.slice(kept.position.start, kept.position.end)).toBe(first.text);
    expect(lost).toMatchObject({ anchor: 'orphaned', verdict: 'false', reviewer: 'Ada' });
    const check = await run(['check'], work);
    expect(check.stdout).toContain(`${KAZ}: orphaned review ${lost.claimId} (false)`);
    // A build of unchanged sources leaves the review file alone.
    const before = readFileSync(join(work, 'annotations', 'reviews', `${KAZ}.json`), 'utf8');
    await run(['build'], work);
    expect(readFileSync(join(work, 'annotations', 'reviews', `${KAZ}.json`), 'utf8')).toBe(before);
  });

  it('counts only unresolved flags: confirming or dismissing every flag makes check pass', async () => {
    const { work, store } = await builtCorpus();
    const analysed = JSON.parse((await run(['analyze', '--json', 'sources/000_b014f06968f22ee5.txt', `sources/${KAZ}.txt`], work)).stdout) as { flags: Flag[] };
    const before = await run(['check'], work);
    expect(before.code).toBe(analysed.flags.length > 0 ? 1 : 0);
    for (const [i, flag] of analysed.flags.entries()) {
      await store.setFlagReview(flag.spans[0]!.sourceId, flag.id, { status: i % 2 ? 'confirmed' : 'dismissed', reason: 'checked by hand', reviewer: 'Ada' });
    }
    const after = await run(['check'], work);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('no unresolved flags\n');
    if (analysed.flags.length > 0) expect(after.stdout).toContain(`${analysed.flags.length} flag${analysed.flags.length === 1 ? '' : 's'} resolved by review`);
  });
});
