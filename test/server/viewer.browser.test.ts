/**
 * The viewer in a real browser: Debian's Chromium driven by playwright-core
 * (npm's own browser downloads cannot work here). Screenshots go to
 * test-output/ so a person can look at them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCorpus, HOSTILE, KAZ, viewerOver } from './viewer-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '..', '..', 'test-output');

let browser: Browser;
let server: ServerType;
let base: string;
let corpus: ReturnType<typeof builtCorpus>;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests`);
  mkdirSync(OUT, { recursive: true });
  corpus = builtCorpus();
  const { app } = viewerOver(corpus);
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

async function open(path: string): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(base + path);
  return { page, errors, dialogs };
}

describe('viewer in a browser', () => {
  it('opens a source with its claims and flags marked in the text', async () => {
    const { page, errors } = await open(`/sources/${KAZ}`);
    expect(await page.locator('article a.claim').count()).toBeGreaterThan(5);
    expect(await page.locator('article .flag-marker').count()).toBeGreaterThan(5);
    expect(await page.locator('article aside.flag-note').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('.para.caption, .line.caption').count()).toBeGreaterThan(0);
    // What the reader sees of a marked claim is exactly the source's words.
    const first = page.locator('article a.claim[data-nav]').first();
    const id = await first.getAttribute('data-claim-id');
    const api = (await (await fetch(`${base}/api/claims/${id}`)).json()) as { claim: { text: string } };
    const shown = (await page.locator(`article a.claim[data-claim-id="${id}"]`).allTextContents()).join('');
    expect(api.claim.text.replace(/\s+/g, ' ')).toBe(shown.replace(/\s+/g, ' '));
    await page.screenshot({ path: join(OUT, 'source-page.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('searches for a word, follows a result and lands on the paragraph with the match highlighted', async () => {
    const { page, errors } = await open('/');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('diplomacy');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=diplomacy/);
    const marks = page.locator('.hits mark');
    expect(await marks.count()).toBeGreaterThan(0);
    expect((await marks.first().textContent())!.toLowerCase()).toMatch(/^diploma/);
    await page.screenshot({ path: join(OUT, 'search-results.png'), fullPage: false });
    const link = page.locator('a.hit-link').first();
    const href = (await link.getAttribute('href'))!;
    const paragraph = href.split('#')[1]!;
    await link.click();
    await page.waitForURL((u) => u.hash === `#${paragraph}`);
    const hit = page.locator(`[id="${paragraph}"] .hit`).first();
    await expect.poll(() => hit.isVisible()).toBe(true);
    expect((await hit.textContent())!.toLowerCase()).toMatch(/^diploma/);
    expect(await page.locator(':target').getAttribute('id')).toBe(paragraph);
    await page.screenshot({ path: join(OUT, 'search-landing.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('follows a flag to its other span', async () => {
    const { page } = await open(`/sources/${KAZ}`);
    const note = page.locator('aside.flag-note.r-inconsistent-count').first();
    const links = note.locator('ol.spans a');
    expect(await links.count()).toBeGreaterThanOrEqual(2);
    const target = links.nth(1);
    const wanted = ((await target.textContent()) ?? '').match(/“(.*)”/)![1]!.replace(/…$/, '');
    await target.click();
    await page.waitForURL(/hl=\d+-\d+#p\d+/);
    const hit = page.locator('.hit').first();
    await expect.poll(() => hit.isVisible()).toBe(true);
    const highlighted = (await page.locator('.hit').allTextContents()).join('');
    expect(highlighted.replace(/\s+/g, ' ')).toContain(wanted.replace(/\s+/g, ' ').slice(0, 40));
    await page.context().close();
  });

  it('moves between claims and flags with j and k, and opens one with Enter', async () => {
    const { page } = await open(`/sources/${KAZ}`);
    await page.keyboard.press('j');
    const first = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
    await page.keyboard.press('j');
    const second = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
    expect(second).not.toBe(first);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))).toBe(first);
    // Walk to a claim and open it.
    for (let i = 0; i < 30; i++) {
      if (await page.evaluate(() => document.activeElement?.classList.contains('claim'))) break;
      await page.keyboard.press('j');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/claims\//);
    expect(await page.locator('#citation').textContent()).toContain('paragraph');
    await page.screenshot({ path: join(OUT, 'claim-page.png'), fullPage: true });
    await page.context().close();
  });

  it('shows an article’s <script> and <img onerror> as text and runs nothing', async () => {
    const { page, errors, dialogs } = await open(`/sources/${HOSTILE}`);
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('article img').count()).toBe(0);
    expect(await page.locator('article script').count()).toBe(0);
    const text = await page.locator('article').innerText();
    expect(text).toContain('<script>window.__pwned = 1</script>');
    expect(text).toContain('<img src=x onerror="window.__pwned = 2">');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('adds a claim from words selected in the text, with their exact span', async () => {
    const { page, errors } = await open(`/sources/${HOSTILE}`);
    const words = 'the finance office said';
    // Select the words inside the paragraph's text, as a mouse would, then let go.
    await page.evaluate((w) => {
      const para = [...document.querySelectorAll('p.text')].find((p) => p.textContent!.includes(w))!;
      const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        const at = t.data.indexOf(w);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(t, at);
        range.setEnd(t, at + w.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        break;
      }
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    }, words);
    const button = page.locator('button.add-claim-button');
    await expect.poll(() => button.isVisible()).toBe(true);
    await Promise.all([page.waitForEvent('load'), button.click()]);
    const review = (await (await fetch(`${base}/api/reviews/${HOSTILE}`)).json()) as { claims: { claimId: string; manual?: boolean; position: { start: number; end: number }; quote: { exact: string } }[] };
    const added = review.claims.find((c) => c.manual && c.quote.exact === words)!;
    expect(added).toBeDefined();
    expect(corpus.text(HOSTILE).slice(added.position.start, added.position.end)).toBe(words);
    expect(await page.locator(`[id="claim-${added.claimId}"]`).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
