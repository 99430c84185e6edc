/**
 * 1,000 deterministic search queries for the benchmark, drawn from the
 * bundled articles' vocabulary: single words, 2–3 word phrases, field
 * queries, fuzzy (misspelt) words and misses. Each query is structured, and
 * rendered to a query string per engine, so the bare lunr baseline and
 * claimtrace's own search see the same intent even if their field names differ.
 */
import { createRng } from './bench-corpus.js';

export type QueryKind = 'word' | 'phrase' | 'field' | 'fuzzy' | 'miss';

export interface BenchQuery {
  kind: QueryKind;
  /** Lowercase terms (for fuzzy: already misspelt). */
  terms: string[];
  /** For field queries: which kind of field ('text' = the paragraph text). */
  field?: 'text';
}

/** Common English words nobody searches for alone (and that lunr drops as stop words). */
const STOP = new Set(
  ('the and that this with from have has had was were are been for not but its his her their they them than then ' +
    'into onto over also such which while when where what who whom will would could should can may might must ' +
    'there these those some more most other only very just about after before between through during both each ' +
    'being does did done one all any our out own same so too under until upon why how').split(' '),
);

const MIX: [QueryKind, number][] = [
  ['word', 0.35],
  ['phrase', 0.25],
  ['field', 0.1],
  ['fuzzy', 0.15],
  ['miss', 0.15],
];

function misspell(rng: ReturnType<typeof createRng>, word: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (;;) {
    const i = rng.int(1, word.length - 2);
    const out = word.slice(0, i) + rng.pick([...letters]) + word.slice(i + 1);
    if (out !== word) return out;
  }
}

/** Generate `count` queries from texts (deterministic for a seed). */
export function generateQueries(texts: readonly string[], count = 1000, seed = 1): BenchQuery[] {
  const rng = createRng(seed >>> 0);
  const runs: string[][] = [];
  const vocab = new Set<string>();
  for (const text of texts) {
    for (const sentence of text.split(/[.!?\n]+/)) {
      const words = (sentence.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 3);
      if (words.length >= 3) runs.push(words);
      for (const w of words) vocab.add(w);
    }
  }
  const content = [...vocab].filter((w) => w.length >= 4 && !STOP.has(w)).sort();
  const long = content.filter((w) => w.length >= 6);
  if (content.length === 0 || runs.length === 0) throw new Error('bench queries: no vocabulary in the texts');
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    let r = rng.next();
    let kind: QueryKind = 'miss';
    for (const [k, p] of MIX) {
      if (r < p) { kind = k; break; }
      r -= p;
    }
    switch (kind) {
      case 'word':
        queries.push({ kind, terms: [rng.pick(content)] });
        break;
      case 'phrase': {
        const run = rng.pick(runs);
        const len = rng.int(2, 3);
        const at = rng.int(0, run.length - len);
        queries.push({ kind, terms: run.slice(at, at + len) });
        break;
      }
      case 'field':
        queries.push({ kind, terms: [rng.pick(content)], field: 'text' });
        break;
      case 'fuzzy':
        queries.push({ kind, terms: [misspell(rng, rng.pick(long))] });
        break;
      case 'miss': {
        let w = '';
        do w = Array.from({ length: rng.int(7, 10) }, () => rng.pick([...'bcdfghjklmnpqrstvwxz'])).join('');
        while (vocab.has(w));
        queries.push({ kind, terms: [w] });
        break;
      }
    }
  }
  return queries;
}

/** lunr query syntax for a query; `fieldName` maps the abstract field to the engine's. */
export function toLunrQuery(q: BenchQuery, fieldName: (field: 'text') => string = (f) => f): string {
  switch (q.kind) {
    case 'field':
      return `${fieldName(q.field ?? 'text')}:${q.terms[0]}`;
    case 'fuzzy':
      return `${q.terms[0]}~1`;
    default:
      return q.terms.join(' ');
  }
}
