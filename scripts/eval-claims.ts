/**
 * Evaluate the shipped check-worthiness model (through scoreCheckWorthiness,
 * exactly as claimtrace uses it) on the public benchmarks.
 *
 *   npm run eval:claims [-- --json] [-- --data DIR]
 *
 * Reports precision / recall / F1 of the check-worthy class at the shipped
 * CHECKWORTHY_THRESHOLD for:
 *   - CT24 English test_gold    held out (the official CheckThat! 2024 test set)
 *   - ClaimBuster groundtruth   NOT held out: the same sentences as CT24 dev,
 *                               which the model is fitted on
 *   - CT24 English dev-test     NOT held out: fitted on as well
 * plus single-threaded throughput in sentences per second, and the model
 * file's own cross-validated (out-of-fold) F1 on dev and dev-test, which is
 * the honest estimate for those two splits.
 *
 * `--no-test` leaves test_gold out, for development: the test split is meant
 * to be scored once, for the final model, never while choosing anything.
 *
 * Exit codes: 0 ok, 2 data directory (or a benchmark file) missing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECKWORTHINESS_MODEL, CHECKWORTHY_THRESHOLD, scoreCheckWorthiness } from '../src/core/checkworthiness.js';
import {
  binaryCounts,
  checkThatPath,
  claimBusterGroundtruthPath,
  dataDirFromArgs,
  loadCheckThatSplit,
  loadClaimBusterGroundtruth,
  type BinaryCounts,
  type LabelledSentence,
} from './train-claims.js';

interface DatasetResult extends BinaryCounts {
  name: string;
  role: 'held-out' | 'fitted on';
  file: string;
}

interface Report {
  threshold: number;
  model: unknown;
  datasets: DatasetResult[];
  throughput: { sentencesPerSecond: number; sentences: number; seconds: number };
  notes: string[];
}

/** How long to keep scoring for the throughput figure: long enough to swamp JIT warm-up and timer noise. */
const THROUGHPUT_SECONDS = 1.5;

function evaluate(name: string, role: DatasetResult['role'], file: string, data: readonly LabelledSentence[]): DatasetResult {
  const predicted = data.map((s) => scoreCheckWorthiness(s.text).score >= CHECKWORTHY_THRESHOLD);
  return { name, role, file, ...binaryCounts(data.map((s) => s.checkworthy), predicted) };
}

/**
 * Sentences per second on one thread, over all benchmark sentences, after a
 * warm-up pass. Every call's score is folded into a checksum so the work
 * cannot be optimised away.
 */
function measureThroughput(texts: readonly string[]): Report['throughput'] {
  let checksum = 0;
  for (const t of texts) checksum += scoreCheckWorthiness(t).score;
  let sentences = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < THROUGHPUT_SECONDS * 1000) {
    for (const t of texts) checksum += scoreCheckWorthiness(t).reasons.length;
    sentences += texts.length;
    elapsed = performance.now() - start;
  }
  if (!Number.isFinite(checksum)) throw new Error('non-finite score');
  const seconds = elapsed / 1000;
  return { sentencesPerSecond: Math.round(sentences / seconds), sentences, seconds: Number(seconds.toFixed(3)) };
}

function pct(x: number): string {
  return x.toFixed(3);
}

function renderTable(report: Report): string {
  const header = ['dataset', 'role', 'n', 'pos', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1'];
  const rows = report.datasets.map((d) => [d.name, d.role, d.n, d.positives, d.tp, d.fp, d.fn, pct(d.precision), pct(d.recall), pct(d.f1)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Text columns left-aligned, numbers right-aligned.
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `check-worthiness model: threshold ${report.threshold}`,
    '',
    fmt(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(fmt),
    '',
    `throughput: ${report.throughput.sentencesPerSecond.toLocaleString('en-US')} sentences/s (single thread, ${report.throughput.sentences.toLocaleString('en-US')} sentences in ${report.throughput.seconds} s)`,
    ...report.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

function main(argv: string[]): void {
  const dataDir = dataDirFromArgs(argv);
  const files = {
    test: checkThatPath(dataDir, 'test_gold'),
    groundtruth: claimBusterGroundtruthPath(dataDir),
    devTest: checkThatPath(dataDir, 'dev-test'),
  };
  const missing = existsSync(dataDir) ? Object.values(files).find((f) => !existsSync(f)) : dataDir;
  if (missing) {
    console.error(`eval-claims: benchmark data not found: ${missing} (use --data DIR or CLAIMTRACE_BENCH_DIR)`);
    process.exit(2);
  }

  const withTest = !argv.includes('--no-test');
  const test = withTest ? loadCheckThatSplit(dataDir, 'test_gold') : [];
  const groundtruth = loadClaimBusterGroundtruth(dataDir);
  const devTest = loadCheckThatSplit(dataDir, 'dev-test');

  const training = CHECKWORTHINESS_MODEL.training;
  const report: Report = {
    threshold: CHECKWORTHY_THRESHOLD,
    model: training ? { variant: training.variant, members: training.members } : {},
    datasets: [
      ...(withTest ? [evaluate('CT24 English test_gold', 'held-out', files.test, test)] : []),
      evaluate('ClaimBuster groundtruth (= CT24 dev)', 'fitted on', files.groundtruth, groundtruth),
      evaluate('CT24 English dev-test (CT23 test)', 'fitted on', files.devTest, devTest),
    ],
    throughput: measureThroughput([...test, ...groundtruth, ...devTest].map((s) => s.text)),
    notes: [
      'F1 of the check-worthy class; ClaimBuster positives are Verdict 1 (CFS).',
      'the model is fitted on train, dev (= ClaimBuster groundtruth) and dev-test, so those rows are optimistic; only test_gold is held out.',
      ...(training
        ? [
            `5-fold cross-validated (out-of-fold) F1 at this threshold: ${training.cvSplits.map((s) => `${s.split} ${s.f1.toFixed(3)} (AP ${s.ap.toFixed(3)})`).join(', ')}`,
          ]
        : []),
      ...(withTest ? [] : ['--no-test: test_gold not scored']),
    ],
  };

  if (argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else console.log(renderTable(report));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
