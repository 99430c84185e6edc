/**
 * Benchmark corpus generator: N plain-text sources made from the bundled
 * articles, each copy varied so that no two are identical and the duplicate
 * and consistency detectors see realistic work: numbers altered, names
 * swapped from a pool, sentences dropped, reordered or duplicated now and
 * then, paragraphs occasionally dropped or repeated, and planted photo
 * captions that are sometimes duplicated (exactly or nearly).
 *
 * Deterministic: copy i depends only on the seed, i, the base texts and the
 * copies before it (a copy that would repeat an earlier one is varied
 * again), so the 200-source corpus is a prefix of the 2,000-source corpus.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../../src/core/hash.js';
import type { SourceMeta } from '../../src/core/types.js';
import { readSourceDir } from '../../src/store/sources.js';

/** Bump when the generator's output for a seed changes. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20240601;

export interface BaseSource {
  id: string;
  text: string;
  meta?: SourceMeta;
}

export interface CorpusCopy {
  /** File name, e.g. `00042_003_e978f04211ffa657.txt`. */
  name: string;
  baseId: string;
  text: string;
  meta?: SourceMeta;
  /** What was done to the base text (for debugging a corpus, not for the benchmark). */
  edits: Record<string, number>;
}

// ---------------------------------------------------------------------------
// Seeded PRNG

/** FNV-1a over a string: turns (seed, index) into a 32-bit PRNG seed. */
function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, good enough to vary test data. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
  };
}

// ---------------------------------------------------------------------------
// Variation

/** Invented and ordinary proper names that replace names of the base texts. */
export const NAME_POOL = [
  'Almaty', 'Tashkent', 'Bishkek', 'Dushanbe', 'Baku', 'Tbilisi', 'Yerevan', 'Ankara', 'Warsaw', 'Vienna',
  'Oslo', 'Lisbon', 'Nairobi', 'Lagos', 'Quito', 'Hanoi', 'Manila', 'Jakarta', 'Santiago', 'Montevideo',
  'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Petrova', 'Haddad', 'Kowalski', 'Nakamura', 'Mensah', 'Ibrahim',
  'Castillo', 'Novak', 'Fischer', 'Rahman', 'Sato', 'Adeyemi', 'Varga', 'Oliveira', 'Kuznetsova', 'Dimitrov',
  'Veloria', 'Marandia', 'Ostrelia', 'Kestovia', 'Tarvania', 'Belgrania', 'Norvania', 'Zemlya', 'Aurentia', 'Caldoria',
];

const NUMBER_WORDS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const NUMBER_WORD_RE = new RegExp(`\\b(${NUMBER_WORDS.join('|')})\\b`, 'g');
const NUMBER_RE = /\d+(?:[.,]\d+)*/g;
/** A capitalised word that follows a lowercase word or a comma: a name, not a sentence opener. */
const NAME_RE = /(?<=\p{Ll}[,]? )\p{Lu}\p{Ll}{3,}\b/gu;
/** Sentences inside one line: cut after a terminator followed by space and a capital or a quote. */
const SENTENCE_CUT = /(?<=[.!?][”"’)]?)\s+(?=[\p{Lu}“"‘(\d])/u;

const CAPTION_TEMPLATES = [
  (a: string, b: string, y: number) => `President ${a} at the ${b} summit in ${y}`,
  (a: string, b: string) => `Delegates arrive for talks in ${b}. Photo: ${a}`,
  (a: string, b: string) => `Prime Ministers of member countries at the ${b} Forum`,
  (a: string, b: string, y: number) => `${a} signs the ${b} agreement, ${y}`,
  (a: string, b: string) => `A view of central ${b}. Photo credit: ${a}.`,
];

/** A different number with the same shape: same digit count, years stay years. */
function alterNumber(rng: Rng, digits: string): string {
  const plain = digits.replace(/[.,]/g, '');
  if (/^(19|20)\d\d$/.test(digits)) {
    const year = Number(digits) + rng.pick([-3, -2, -1, 1, 2, 3]);
    return String(year);
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    let i = 0;
    const out = digits.replace(/\d/g, () => String(i++ === 0 && plain.length > 1 ? rng.int(1, 9) : rng.int(0, 9)));
    if (out !== digits) return out;
  }
  return digits === '1' ? '2' : digits.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
}

function alterNumbers(rng: Rng, text: string, p: number, edits: Record<string, number>): string {
  let out = text.replace(NUMBER_RE, (m) => {
    if (!rng.chance(p)) return m;
    edits.numbers = (edits.numbers ?? 0) + 1;
    return alterNumber(rng, m);
  });
  out = out.replace(NUMBER_WORD_RE, (m) => {
    if (!rng.chance(p)) return m;
    edits.numberWords = (edits.numberWords ?? 0) + 1;
    return rng.pick(NUMBER_WORDS.filter((w) => w !== m));
  });
  return out;
}

/** Swap one to three of the text's names for names from the pool, consistently throughout the copy. */
function swapNames(rng: Rng, text: string, edits: Record<string, number>): string {
  const names = [...new Set(text.match(NAME_RE) ?? [])].sort();
  if (names.length === 0) return text;
  const count = rng.int(1, Math.min(3, names.length));
  const mapping = new Map<string, string>();
  for (let k = 0; k < count; k++) {
    const from = rng.pick(names);
    if (mapping.has(from)) continue;
    mapping.set(from, rng.pick(NAME_POOL.filter((n) => n !== from)));
  }
  const re = new RegExp(`\\b(${[...mapping.keys()].join('|')})\\b`, 'gu');
  edits.names = (edits.names ?? 0) + mapping.size;
  return text.replace(re, (m) => mapping.get(m) ?? m);
}

/** Drop, swap or repeat sentences inside a line, now and then. */
function varySentences(rng: Rng, line: string, edits: Record<string, number>): string {
  const sentences = line.split(SENTENCE_CUT);
  if (sentences.length < 2) return line;
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    const r = rng.next();
    if (r < 0.04 && sentences.length - i > 1) {
      edits.sentencesDropped = (edits.sentencesDropped ?? 0) + 1;
      continue;
    }
    if (r < 0.08 && i + 1 < sentences.length) {
      edits.sentencesSwapped = (edits.sentencesSwapped ?? 0) + 1;
      out.push(sentences[i + 1]!, s);
      i++;
      continue;
    }
    out.push(s);
    if (r < 0.11) {
      edits.sentencesRepeated = (edits.sentencesRepeated ?? 0) + 1;
      out.push(s);
    }
  }
  return out.join(' ');
}

/** A planted caption block: one line, or the same line twice (exactly, or nearly, like a garbled page). */
function plantedCaption(rng: Rng, edits: Record<string, number>): string {
  const line = rng.pick(CAPTION_TEMPLATES)(rng.pick(NAME_POOL), rng.pick(NAME_POOL), rng.int(2015, 2024));
  const r = rng.next();
  if (r < 0.4) {
    edits.captionsDuplicated = (edits.captionsDuplicated ?? 0) + 1;
    return `${line}\n${line}`;
  }
  if (r < 0.7) {
    edits.captionsNearDuplicated = (edits.captionsNearDuplicated ?? 0) + 1;
    const near = line.includes(' the ') ? line.replace(' the ', ' ') : line.replace(/ at /, ' at the ');
    return `${line}\n${near}`;
  }
  edits.captions = (edits.captions ?? 0) + 1;
  return line;
}

/** One varied copy of a base text. `intensity` > 1 varies more (used when a copy repeats an earlier one). */
export function varyText(rng: Rng, base: string, intensity = 1): { text: string; edits: Record<string, number> } {
  const edits: Record<string, number> = {};
  const blocks = base.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
  const out: string[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (!block.trim()) continue;
    const r = rng.next();
    if (b > 0 && r < 0.02 * intensity) {
      edits.paragraphsDropped = (edits.paragraphsDropped ?? 0) + 1;
      continue;
    }
    const lines = block.split('\n').map((line) => varySentences(rng, line, edits));
    out.push(lines.join('\n'));
    if (r > 1 - 0.01 * intensity) {
      edits.paragraphsRepeated = (edits.paragraphsRepeated ?? 0) + 1;
      out.push(lines.join('\n'));
    }
    if (b > 0 && rng.chance(0.03 * intensity)) out.push(plantedCaption(rng, edits));
  }
  let text = out.join('\n\n');
  text = alterNumbers(rng, text, Math.min(0.9, 0.12 * intensity), edits);
  if (rng.chance(0.7)) text = swapNames(rng, text, edits);
  return { text: `${text.trimEnd()}\n`, edits };
}

// ---------------------------------------------------------------------------
// Corpus

/** The bundled articles (sources/), with their manifest metadata. */
export function loadBases(dir: string): BaseSource[] {
  return readSourceDir(dir).map((s) => ({ id: s.id, text: s.text, ...(s.meta ? { meta: s.meta } : {}) }));
}

/** N varied copies, cycling through the bases. Lazily generated so 10,000 copies need not sit in memory. */
export function* generateCorpus(bases: readonly BaseSource[], n: number, seed = DEFAULT_SEED): Generator<CorpusCopy> {
  if (bases.length === 0) throw new Error('bench corpus: no base sources');
  const seen = new Set<string>(bases.map((b) => contentHash(b.text)));
  const width = Math.max(5, String(n - 1).length);
  for (let i = 0; i < n; i++) {
    const base = bases[i % bases.length]!;
    const rng = createRng(seedOf(GENERATOR_VERSION, seed, i, base.id));
    let { text, edits } = varyText(rng, base.text);
    // Copies must differ from each other and from the bases: vary again, harder, until new.
    for (let intensity = 2; seen.has(contentHash(text)); intensity++) ({ text, edits } = varyText(rng, base.text, intensity));
    seen.add(contentHash(text));
    const copy: CorpusCopy = { name: `${String(i).padStart(width, '0')}_${base.id}.txt`, baseId: base.id, text, edits };
    if (base.meta && Object.keys(base.meta).length > 0) copy.meta = { ...base.meta };
    yield copy;
  }
}

export interface WrittenCorpus {
  dir: string;
  files: number;
  bytes: number;
  /** Edit totals over the corpus (how much variation it holds). */
  edits: Record<string, number>;
}

/** Write a corpus as .txt files plus a manifest.json (replacing whatever the directory held). */
export function writeCorpus(dir: string, copies: Iterable<CorpusCopy>): WrittenCorpus {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, SourceMeta> = {};
  const edits: Record<string, number> = {};
  let files = 0;
  let bytes = 0;
  for (const copy of copies) {
    const data = Buffer.from(copy.text, 'utf8');
    writeFileSync(join(dir, copy.name), data);
    files++;
    bytes += data.length;
    if (copy.meta) manifest[copy.name] = copy.meta;
    for (const [k, v] of Object.entries(copy.edits)) edits[k] = (edits[k] ?? 0) + v;
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, files, bytes, edits };
}

/** Source files (not the manifest) in a corpus directory. */
export function corpusFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
}
