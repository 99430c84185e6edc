/**
 * The benchmark corpus generator: behaviour only, no timing.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng, generateCorpus, loadBases, varyText, writeCorpus } from '../../scripts/lib/bench-corpus.js';
import { readSourceDir } from '../../src/store/sources.js';

const root = new URL('../../', import.meta.url).pathname;
const bases = loadBases(join(root, 'sources'));
const tmp = mkdtempSync(join(tmpdir(), 'claimtrace-bench-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench corpus generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = [...generateCorpus(bases, 40, 7)].map((c) => [c.name, c.text]);
    const b = [...generateCorpus(bases, 40, 7)].map((c) => [c.name, c.text]);
    const c = [...generateCorpus(bases, 40, 8)].map((x) => [x.name, x.text]);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('makes a smaller corpus a prefix of a larger one (same seed)', () => {
    const small = [...generateCorpus(bases, 30, 3)].map((c) => c.text);
    const large = [...generateCorpus(bases, 90, 3)].map((c) => c.text);
    expect(large.slice(0, 30)).toEqual(small);
  });

  it('makes every copy differ from every other copy and from its base', () => {
    const copies = [...generateCorpus(bases, 300, 11)];
    expect(new Set(copies.map((c) => c.text)).size).toBe(copies.length);
    for (const copy of copies) expect(copy.text).not.toBe(bases.find((b) => b.id === copy.baseId)!.text);
  });

  it('varies numbers, names and sentences and plants captions somewhere in the corpus', () => {
    const totals: Record<string, number> = {};
    for (const copy of generateCorpus(bases, 200, 5)) for (const [k, v] of Object.entries(copy.edits)) totals[k] = (totals[k] ?? 0) + v;
    for (const kind of ['numbers', 'names', 'sentencesDropped', 'sentencesSwapped', 'sentencesRepeated', 'captionsDuplicated']) {
      expect(totals[kind] ?? 0, kind).toBeGreaterThan(0);
    }
  });

  it('keeps copies close to their base: mostly the same paragraphs', () => {
    for (const copy of generateCorpus(bases, 20, 9)) {
      const base = bases.find((b) => b.id === copy.baseId)!;
      const baseParas = new Set(base.text.split(/\n\s*\n/).map((p) => p.trim()));
      const paras = copy.text.split(/\n\s*\n/).map((p) => p.trim());
      const kept = paras.filter((p) => baseParas.has(p)).length;
      expect(kept / paras.length).toBeGreaterThan(0.3);
    }
  });

  it('writes N .txt files of valid UTF-8 text that claimtrace reads as sources', () => {
    const dir = join(tmp, 'corpus-25');
    const written = writeCorpus(dir, generateCorpus(bases, 25, 1));
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(25);
    expect(written.files).toBe(25);
    let bytes = 0;
    for (const f of files) {
      const raw = readFileSync(join(dir, f));
      bytes += raw.length;
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(raw)).not.toThrow();
      expect(raw.includes(0)).toBe(false);
      expect(raw.toString('utf8').trim().length).toBeGreaterThan(100);
    }
    expect(written.bytes).toBe(bytes);
    // The store's own reader accepts every file (strict UTF-8, not empty, manifest valid).
    expect(readSourceDir(dir)).toHaveLength(25);
  });

  it('rewrites a directory rather than leaving files of a bigger corpus behind', () => {
    const dir = join(tmp, 'corpus-rewrite');
    writeCorpus(dir, generateCorpus(bases, 12, 1));
    writeCorpus(dir, generateCorpus(bases, 4, 1));
    expect(readdirSync(dir).filter((f) => f.endsWith('.txt'))).toHaveLength(4);
  });

  it('has a seeded PRNG that repeats and stays in range', () => {
    const r1 = createRng(42);
    const r2 = createRng(42);
    const xs = Array.from({ length: 100 }, () => r1.next());
    expect(Array.from({ length: 100 }, () => r2.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const r3 = createRng(1);
    for (let i = 0; i < 200; i++) {
      const n = r3.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
    }
  });

  it('never splits a character: text with astral and combining characters stays well-formed', () => {
    const base = 'Café 😀 costs 12 euros in Zürich.\nThe Mäjilis met 3 times in 2021. Niño said 7 things.\n\nSecond 👩‍👩‍👧 paragraph, 45 people.';
    for (let seed = 0; seed < 50; seed++) {
      const { text } = varyText(createRng(seed), base, 3);
      // A lone surrogate would not survive a UTF-8 round trip.
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    }
  });
});
