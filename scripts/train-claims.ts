/**
 * Train the check-worthiness model shipped in src/core/checkworthiness-model.json.
 *
 *   npx tsx scripts/train-claims.ts [--data DIR] [--out FILE] [--quick]
 *
 * (--quick trains a single variant: a smoke test of the pipeline, not the
 * shipped model.) Takes about two minutes on one core.
 *
 * Protocol (so that the held-out numbers printed by eval-claims stay honest):
 *   - weights are fitted on the CheckThat! 2024 English *train* split only;
 *   - the feature variant, the L2 strength and the decision threshold are
 *     chosen on *dev-test* (the CT23 test set, 318 sentences) only;
 *   - CT24 dev (= the ClaimBuster groundtruth file) and CT24 test_gold are
 *     never read here.
 *
 * Everything is deterministic: full-batch L-BFGS (no random shuffles), stable
 * sort orders, weights rounded before writing and keys written in sorted
 * order, so the same data gives the same bytes.
 *
 * The data loaders are exported for eval-claims and the tests, which is why
 * the training itself only runs when this file is the entry point.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createCheckWorthinessScorer,
  extractFeatures,
  HAND_FEATURES,
  MODEL_FORMAT,
  visitNgrams,
  type CheckWorthinessModel,
  type FeatureConfig,
} from '../src/core/checkworthiness.js';

// ---------------------------------------------------------------------------
// Data loading (shared with eval-claims and the tests)
// ---------------------------------------------------------------------------

export interface LabelledSentence {
  id: string;
  text: string;
  /** True when the sentence is check-worthy (CT24 "Yes", ClaimBuster Verdict 1). */
  checkworthy: boolean;
}

export type CheckThatSplit = 'train' | 'dev' | 'dev-test' | 'test_gold';

export const DEFAULT_DATA_DIR = '/work/shared/bench';

/** The data directory: --data DIR, else $CLAIMTRACE_BENCH_DIR, else the shared bench. */
export function dataDirFromArgs(argv: string[]): string {
  const i = argv.indexOf('--data');
  const fromArg = i >= 0 ? argv[i + 1] : undefined;
  return resolve(fromArg ?? process.env.CLAIMTRACE_BENCH_DIR ?? DEFAULT_DATA_DIR);
}

export function checkThatPath(dataDir: string, split: CheckThatSplit): string {
  return join(dataDir, 'checkthat2024-task1-english', `CT24_checkworthy_english_${split}.tsv`);
}

export function claimBusterGroundtruthPath(dataDir: string): string {
  return join(dataDir, 'claimbuster', 'groundtruth.csv');
}

/**
 * Parse delimiter-separated text with CSV-style quoting ("..." fields, ""
 * escapes, delimiters and newlines allowed inside quotes). Both the CT24 TSVs
 * and the ClaimBuster CSV use this dialect; CRLF and LF both end a record.
 */
export function parseDelimited(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // Quoted field: runs to the next quote that is not doubled.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      atFieldStart = false;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Load a CT24 English split. Repairs the two defects SOURCE.md documents in
 * the train file: one line holding two records (a missing newline glues the
 * first record's label to the next id: `No29286`), and six `#NAME?` texts (a
 * spreadsheet artefact, dropped because the sentence is lost).
 */
export function loadCheckThatSplit(dataDir: string, split: CheckThatSplit): LabelledSentence[] {
  const rows = parseDelimited(readFileSync(checkThatPath(dataDir, split), 'utf8'), '\t');
  const header = rows.shift();
  if (header?.join('\t') !== 'Sentence_id\tText\tclass_label') throw new Error(`${split}: unexpected header ${JSON.stringify(header)}`);
  const out: LabelledSentence[] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    const fields = [...row];
    // Split glued records: [id, text, "No29286", text2, label2] -> two records.
    while (fields.length > 3) {
      const glued = /^(Yes|No)(\d+)$/.exec(fields[2]!);
      if (!glued) throw new Error(`${split}: cannot parse row ${JSON.stringify(row)}`);
      pushRecord(out, split, [fields[0]!, fields[1]!, glued[1]!]);
      fields.splice(0, 3, glued[2]!);
    }
    pushRecord(out, split, fields);
  }
  return out;
}

function pushRecord(out: LabelledSentence[], split: string, fields: string[]): void {
  const [id, text, label] = fields;
  if (id === undefined || text === undefined || (label !== 'Yes' && label !== 'No')) {
    throw new Error(`${split}: bad record ${JSON.stringify(fields)}`);
  }
  if (text === '#NAME?') return;
  out.push({ id, text, checkworthy: label === 'Yes' });
}

/**
 * Load the ClaimBuster groundtruth file (the same sentences as CT24 dev).
 * Check-worthy means Verdict 1 (CFS); unimportant factual (0) and
 * non-factual (-1) statements are the negative class, as in CheckThat!.
 */
export function loadClaimBusterGroundtruth(dataDir: string): LabelledSentence[] {
  const rows = parseDelimited(readFileSync(claimBusterGroundtruthPath(dataDir), 'utf8'), ',');
  const header = rows.shift() ?? [];
  const idCol = header.indexOf('Sentence_id');
  const textCol = header.indexOf('Text');
  const verdictCol = header.indexOf('Verdict');
  if (idCol < 0 || textCol < 0 || verdictCol < 0) throw new Error(`groundtruth.csv: unexpected header ${JSON.stringify(header)}`);
  const out: LabelledSentence[] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0] === '') continue;
    const verdict = row[verdictCol];
    if (verdict !== '1' && verdict !== '0' && verdict !== '-1') throw new Error(`groundtruth.csv: bad verdict in ${JSON.stringify(row)}`);
    out.push({ id: row[idCol]!, text: row[textCol]!, checkworthy: verdict === '1' });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Metrics (shared with eval-claims)
// ---------------------------------------------------------------------------

export interface BinaryCounts {
  n: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of the positive (check-worthy) class. */
export function binaryCounts(gold: readonly boolean[], predicted: readonly boolean[]): BinaryCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (predicted[i]) {
      if (gold[i]) tp++;
      else fp++;
    } else if (gold[i]) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { n: gold.length, positives: tp + fn, tp, fp, fn, tn, precision, recall, f1 };
}

/**
 * The threshold with the best F1 on (scores, gold). Candidates are midpoints
 * between adjacent distinct scores, so the threshold does not sit exactly on
 * a tuning example; among equal F1s the lowest threshold wins (deterministic).
 */
export function bestThreshold(scores: readonly number[], gold: readonly boolean[]): { threshold: number; f1: number } {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const totalPos = gold.filter(Boolean).length;
  let tp = 0;
  let fp = 0;
  let best = { threshold: 1, f1: 0 };
  for (let k = 0; k < order.length; k++) {
    const idx = order[k]!;
    if (gold[idx]) tp++;
    else fp++;
    const here = scores[idx]!;
    const next = k + 1 < order.length ? scores[order[k + 1]!]! : 0;
    if (next === here) continue; // Cannot cut between equal scores.
    const f1 = (2 * tp) / (tp + fp + totalPos);
    if (f1 >= best.f1) best = { threshold: (here + next) / 2, f1 };
  }
  return best;
}

/** Area under the precision-recall curve (average precision): threshold-free, for tie-breaking. */
export function averagePrecision(scores: readonly number[], gold: readonly boolean[]): number {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const totalPos = gold.filter(Boolean).length;
  let tp = 0;
  let sum = 0;
  order.forEach((idx, k) => {
    if (gold[idx]) {
      tp++;
      sum += tp / (k + 1);
    }
  });
  return totalPos > 0 ? sum / totalPos : 0;
}

// ---------------------------------------------------------------------------
// Sparse design matrix
// ---------------------------------------------------------------------------

/** Column 0 is the bias, columns 1..H the hand features, then n-gram features. */
const HAND_OFFSET = 1;
const NGRAM_OFFSET = HAND_OFFSET + HAND_FEATURES.length;
const FAMILY_NAMES = ['words', 'bigrams', 'chars'] as const;

interface Matrix {
  rows: number;
  cols: number;
  /** CSR: row r spans rowStart[r]..rowStart[r+1] in colIndex/values. */
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

interface Vocabulary {
  /** `${family}\u0000${key}` -> column. */
  index: Map<string, number>;
  /** Column -> [family, key] for n-gram columns (offset by NGRAM_OFFSET). */
  names: [number, string][];
}

/** Keep n-grams seen in at least `minDf` training sentences: rarer ones cannot generalise and bloat the file. */
function buildVocabulary(texts: readonly string[], config: FeatureConfig, minDf: number): Vocabulary {
  const df = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    visitNgrams(extractFeatures(text), config, (family, key) => seen.add(`${family}\u0000${key}`));
    for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
  }
  const keys = [...df].filter(([, c]) => c >= minDf).map(([k]) => k);
  keys.sort(compareStrings); // Column order must not depend on Map insertion order.
  const index = new Map<string, number>();
  const names: [number, string][] = [];
  for (const k of keys) {
    const sep = k.indexOf('\u0000');
    index.set(k, NGRAM_OFFSET + names.length);
    names.push([Number(k.slice(0, sep)), k.slice(sep + 1)]);
  }
  return { index, names };
}

function buildMatrix(texts: readonly string[], config: FeatureConfig, vocab: Vocabulary): Matrix {
  const rowStart = new Int32Array(texts.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  texts.forEach((text, r) => {
    const ex = extractFeatures(text);
    cols.push(0);
    vals.push(1);
    ex.hand.forEach((v, h) => {
      if (v !== 0) {
        cols.push(HAND_OFFSET + h);
        vals.push(v);
      }
    });
    // Repeated n-grams simply appear twice: the dot product then equals
    // the summed count, exactly as inference accumulates them.
    visitNgrams(ex, config, (family, key, value) => {
      const c = vocab.index.get(`${family}\u0000${key}`);
      if (c !== undefined) {
        cols.push(c);
        vals.push(value);
      }
    });
    rowStart[r + 1] = cols.length;
  });
  return {
    rows: texts.length,
    cols: NGRAM_OFFSET + vocab.names.length,
    rowStart,
    colIndex: Int32Array.from(cols),
    values: Float64Array.from(vals),
  };
}

/** Return a copy of X with column j scaled by scale[j] (NB log-count ratios). */
function scaleColumns(x: Matrix, scale: Float64Array): Matrix {
  const values = new Float64Array(x.values.length);
  for (let k = 0; k < values.length; k++) values[k] = x.values[k]! * scale[x.colIndex[k]!]!;
  return { ...x, values };
}

/**
 * NBSVM-style log-count ratios (Wang & Manning 2012) for the n-gram columns:
 * log of how much more often a feature occurs in positive than in negative
 * sentences. Bias and hand columns keep scale 1 so they stay interpretable.
 */
function logCountRatios(x: Matrix, y: readonly boolean[], alpha = 1): Float64Array {
  const p = new Float64Array(x.cols).fill(alpha);
  const q = new Float64Array(x.cols).fill(alpha);
  for (let r = 0; r < x.rows; r++) {
    const target = y[r] ? p : q;
    for (let k = x.rowStart[r]!; k < x.rowStart[r + 1]!; k++) target[x.colIndex[k]!]! += x.values[k]! > 0 ? 1 : 0;
  }
  let pSum = 0;
  let qSum = 0;
  for (let j = NGRAM_OFFSET; j < x.cols; j++) {
    pSum += p[j]!;
    qSum += q[j]!;
  }
  const ratio = new Float64Array(x.cols).fill(1);
  for (let j = NGRAM_OFFSET; j < x.cols; j++) ratio[j] = Math.abs(Math.log(p[j]! / pSum / (q[j]! / qSum)));
  return ratio;
}

// ---------------------------------------------------------------------------
// L2-regularised logistic regression, full-batch L-BFGS
// ---------------------------------------------------------------------------

/**
 * Mean log-loss + (lambda/2)·|w|² (bias unregularised) and its gradient.
 * log1p/exp are arranged so large |z| neither overflows nor loses precision.
 */
function logisticObjective(x: Matrix, y: readonly boolean[], lambda: number, w: Float64Array, grad: Float64Array): number {
  grad.fill(0);
  let loss = 0;
  const invN = 1 / x.rows;
  for (let r = 0; r < x.rows; r++) {
    let z = 0;
    const end = x.rowStart[r + 1]!;
    for (let k = x.rowStart[r]!; k < end; k++) z += w[x.colIndex[k]!]! * x.values[k]!;
    const m = y[r] ? z : -z; // margin
    loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    const p = 1 / (1 + Math.exp(-z));
    const g = (p - (y[r] ? 1 : 0)) * invN;
    for (let k = x.rowStart[r]!; k < end; k++) grad[x.colIndex[k]!]! += g * x.values[k]!;
  }
  loss *= invN;
  for (let j = 1; j < w.length; j++) {
    loss += 0.5 * lambda * w[j]! * w[j]!;
    grad[j]! += lambda * w[j]!;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Plain L-BFGS with Armijo backtracking; the objective is smooth and convex, so this is enough. */
function lbfgs(
  objective: (w: Float64Array, grad: Float64Array) => number,
  w0: Float64Array,
  { maxIter = 300, memory = 10, tolerance = 1e-6 } = {},
): Float64Array {
  const n = w0.length;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let f = objective(w, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alphas: number[] = [];
  for (let iter = 0; iter < maxIter; iter++) {
    // Two-loop recursion: direction = -H·g.
    direction.set(g);
    for (let i = sList.length - 1; i >= 0; i--) {
      const a = rhoList[i]! * dot(sList[i]!, direction);
      alphas[i] = a;
      const yi = yList[i]!;
      for (let j = 0; j < n; j++) direction[j]! -= a * yi[j]!;
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let j = 0; j < n; j++) direction[j]! *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      for (let j = 0; j < n; j++) direction[j]! /= Math.max(gn, 1);
    }
    for (let i = 0; i < sList.length; i++) {
      const b = rhoList[i]! * dot(yList[i]!, direction);
      const si = sList[i]!;
      for (let j = 0; j < n; j++) direction[j]! += si[j]! * (alphas[i]! - b);
    }
    for (let j = 0; j < n; j++) direction[j] = -direction[j]!;

    const slope = dot(g, direction);
    if (slope >= 0) break; // Not a descent direction: numerically converged.
    let step = 1;
    const wNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let j = 0; j < n; j++) wNew[j] = w[j]! + step * direction[j]!;
      fNew = objective(wNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew < f)) break;

    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = wNew[j]! - w[j]!;
      yv[j] = gNew[j]! - g[j]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      sList.push(s);
      yList.push(yv);
      rhoList.push(1 / sy);
      if (sList.length > memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
    }
    const improvement = (f - fNew) / Math.max(Math.abs(f), 1e-12);
    w = wNew;
    g = gNew;
    f = fNew;
    if (improvement < tolerance && Math.sqrt(dot(g, g)) < 1e-4) break;
  }
  return w;
}

// ---------------------------------------------------------------------------
// Variants, pruning, model assembly
// ---------------------------------------------------------------------------

interface Variant {
  name: string;
  config: FeatureConfig;
  /** Scale n-gram columns by NB log-count ratios before fitting (NBSVM / NB-LR). */
  nb: boolean;
  minDf: number;
}

/** Keep at most this many n-gram weights: bounds the file size (≈1 MB) and load time. */
const MAX_NGRAM_FEATURES = 40_000;
/** Weights are written with this many decimals: stable bytes, no visible accuracy change. */
const WEIGHT_DECIMALS = 4;

function round(v: number, decimals = WEIGHT_DECIMALS): number {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Fit, prune to the MAX_NGRAM_FEATURES n-grams that move the training logits
 * most (|w|·Σ|x|), refit on those (warm start), and return the model with
 * folded-in NB ratios and rounded weights, i.e. exactly what would ship.
 */
function trainModel(train: readonly LabelledSentence[], variant: Variant, lambda: number): CheckWorthinessModel {
  const texts = train.map((s) => s.text);
  const y = train.map((s) => s.checkworthy);
  const vocab = buildVocabulary(texts, variant.config, variant.minDf);
  let x = buildMatrix(texts, variant.config, vocab);
  const scale = variant.nb ? logCountRatios(x, y) : new Float64Array(x.cols).fill(1);
  if (variant.nb) x = scaleColumns(x, scale);

  let w = lbfgs((wv, g) => logisticObjective(x, y, lambda, wv, g), new Float64Array(x.cols));

  const ngramCount = x.cols - NGRAM_OFFSET;
  if (ngramCount > MAX_NGRAM_FEATURES) {
    const mass = new Float64Array(x.cols);
    for (let k = 0; k < x.values.length; k++) mass[x.colIndex[k]!]! += Math.abs(x.values[k]!);
    const ranked = Array.from({ length: ngramCount }, (_, i) => NGRAM_OFFSET + i);
    ranked.sort((a, b) => Math.abs(w[b]!) * mass[b]! - Math.abs(w[a]!) * mass[a]! || a - b);
    const keep = new Uint8Array(x.cols);
    keep.fill(1, 0, NGRAM_OFFSET);
    for (const j of ranked.slice(0, MAX_NGRAM_FEATURES)) keep[j] = 1;
    // Zero the dropped columns in X and refit: remaining weights absorb their signal.
    const values = Float64Array.from(x.values, (v, k) => (keep[x.colIndex[k]!] ? v : 0));
    const pruned: Matrix = { ...x, values };
    const start = Float64Array.from(w, (v, j) => (keep[j] ? v : 0));
    w = lbfgs((wv, g) => logisticObjective(pruned, y, lambda, wv, g), start);
    for (let j = 0; j < w.length; j++) if (!keep[j]) w[j] = 0;
  }

  const hand: Record<string, number> = {};
  HAND_FEATURES.forEach((f, h) => (hand[f.id] = round(w[HAND_OFFSET + h]!)));
  const families: Record<string, number>[] = [{}, {}, {}];
  vocab.names.forEach(([family, key], i) => {
    const j = NGRAM_OFFSET + i;
    const weight = round(w[j]! * scale[j]!);
    if (weight !== 0) families[family]![key] = weight;
  });
  return {
    format: MODEL_FORMAT,
    config: variant.config,
    threshold: 0.5,
    bias: round(w[0]!),
    hand,
    words: families[0]!,
    bigrams: families[1]!,
    chars: families[2]!,
  };
}

/** Serialise with sorted keys and one weight per line (diffable, byte-stable). */
export function serialiseModel(model: CheckWorthinessModel): string {
  const lines: string[] = ['{'];
  const top = Object.keys(model).sort(compareStrings);
  top.forEach((key, i) => {
    const value = (model as unknown as Record<string, unknown>)[key];
    const comma = i < top.length - 1 ? ',' : '';
    if ((FAMILY_NAMES as readonly string[]).includes(key) || key === 'hand') {
      const entries = Object.entries(value as Record<string, number>).sort(([a], [b]) => compareStrings(a, b));
      if (entries.length === 0) {
        lines.push(`  ${JSON.stringify(key)}: {}${comma}`);
        return;
      }
      lines.push(`  ${JSON.stringify(key)}: {`);
      entries.forEach(([k, v], j) => lines.push(`    ${JSON.stringify(k)}: ${v}${j < entries.length - 1 ? ',' : ''}`));
      lines.push(`  }${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${stableStringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** JSON with keys sorted at every level (none of our keys are integer-like, so insertion order holds). */
function stableStringify(value: unknown): string {
  const sortDeep = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(sortDeep);
    const entries = Object.entries(v).sort(([a], [b]) => compareStrings(a, b));
    return Object.fromEntries(entries.map(([k, x]) => [k, sortDeep(x)]));
  };
  // Nested lines are indented one more level to sit inside the top-level object.
  return JSON.stringify(sortDeep(value), null, 2).replaceAll('\n', '\n  ');
}

interface Candidate {
  variant: Variant;
  lambda: number;
  model: CheckWorthinessModel;
  threshold: number;
  f1: number;
  ap: number;
}

function evaluateOnTuning(model: CheckWorthinessModel, tuning: readonly LabelledSentence[]): { threshold: number; f1: number; ap: number } {
  const score = createCheckWorthinessScorer(model);
  const scores = tuning.map((s) => score(s.text).score);
  const gold = tuning.map((s) => s.checkworthy);
  const best = bestThreshold(scores, gold);
  const threshold = round(best.threshold);
  // Re-measure with the rounded threshold: that is what ships.
  const f1 = binaryCounts(gold, scores.map((s) => s >= threshold)).f1;
  return { threshold, f1, ap: averagePrecision(scores, gold) };
}

const VARIANTS: Variant[] = [
  { name: 'words', config: { bigrams: false, charMin: 0, charMax: 0, normalize: true }, nb: false, minDf: 2 },
  { name: 'words+bigrams', config: { bigrams: true, charMin: 0, charMax: 0, normalize: true }, nb: false, minDf: 2 },
  { name: 'words+bigrams+chars3-5', config: { bigrams: true, charMin: 3, charMax: 5, normalize: true }, nb: false, minDf: 2 },
  { name: 'NB-LR words+bigrams+chars3-5', config: { bigrams: true, charMin: 3, charMax: 5, normalize: true }, nb: true, minDf: 2 },
];
const LAMBDAS = [3e-4, 1e-4, 3e-5, 1e-5];

function main(argv: string[]): void {
  const dataDir = dataDirFromArgs(argv);
  if (!existsSync(checkThatPath(dataDir, 'train')) || !existsSync(checkThatPath(dataDir, 'dev-test'))) {
    console.error(`train-claims: CheckThat! 2024 data not found under ${dataDir} (use --data DIR or CLAIMTRACE_BENCH_DIR)`);
    process.exit(2);
  }
  const outIndex = argv.indexOf('--out');
  const here = dirname(fileURLToPath(import.meta.url));
  const outPath = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : join(here, '..', 'src', 'core', 'checkworthiness-model.json'));
  const quick = argv.includes('--quick');

  const train = loadCheckThatSplit(dataDir, 'train');
  const tuning = loadCheckThatSplit(dataDir, 'dev-test');
  const pos = train.filter((s) => s.checkworthy).length;
  console.log(`train: ${train.length} sentences (${pos} check-worthy); tuning on dev-test: ${tuning.length}`);

  const variants = quick ? VARIANTS.slice(-2, -1) : VARIANTS;
  const lambdas = quick ? [1e-4] : LAMBDAS;
  const candidates: Candidate[] = [];
  for (const variant of variants) {
    for (const lambda of lambdas) {
      const t0 = performance.now();
      const model = trainModel(train, variant, lambda);
      const { threshold, f1, ap } = evaluateOnTuning(model, tuning);
      candidates.push({ variant, lambda, model, threshold, f1, ap });
      const size = Object.keys(model.words).length + Object.keys(model.bigrams).length + Object.keys(model.chars).length;
      console.log(
        `  ${variant.name.padEnd(30)} λ=${lambda.toExponential(0).padEnd(5)} dev-test F1 ${f1.toFixed(3)} (threshold ${threshold.toFixed(3)}, AP ${ap.toFixed(3)}, ${size} n-grams, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
  }
  // Best dev-test F1; average precision breaks ties because it is less noisy than a single cut.
  const best = [...candidates].sort((a, b) => b.f1 - a.f1 || b.ap - a.ap)[0]!;
  const model: CheckWorthinessModel = {
    ...best.model,
    threshold: best.threshold,
    training: {
      data: 'CheckThat! 2024 Task 1 English: fitted on train, variant/λ/threshold chosen on dev-test (CT23 test); CT24 dev (= ClaimBuster groundtruth) and test_gold not used',
      devTestF1: round(best.f1, 4),
      lambda: best.lambda,
      maxNgramFeatures: MAX_NGRAM_FEATURES,
      variant: best.variant.name,
      // Every candidate's dev-test score, so the selection can be audited from the file alone.
      tried: candidates.map((c) => ({ devTestF1: round(c.f1, 4), lambda: c.lambda, variant: c.variant.name })),
    },
  };
  const json = serialiseModel(model);
  writeFileSync(outPath, json);
  console.log(`chosen: ${best.variant.name}, λ=${best.lambda}; threshold ${best.threshold}`);
  console.log(`dev-test F1 ${best.f1.toFixed(3)}`);
  console.log(`wrote ${outPath} (${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
