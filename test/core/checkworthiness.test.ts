import { existsSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKWORTHINESS_MODEL,
  CHECKWORTHY_THRESHOLD,
  Family,
  HAND_FEATURES,
  createCheckWorthinessScorer,
  extractFeatures,
  scoreCheckWorthiness,
  tokenize,
  visitNgrams,
  type CheckWorthinessModel,
} from '../../src/core/checkworthiness.js';
import { binaryCounts, checkThatPath, DEFAULT_DATA_DIR, loadCheckThatSplit, parseDelimited } from '../../scripts/train-claims.js';

const DATA_DIR = process.env.CLAIMTRACE_BENCH_DIR ?? DEFAULT_DATA_DIR;
const HAVE_DATA = existsSync(checkThatPath(DATA_DIR, 'dev-test'));

/**
 * The regression guard. dev-test is part of the shipped model's training pool
 * (its cross-validated, out-of-fold F1 is recorded in the model file), so
 * this is not an estimate of accuracy: it catches a broken featurizer or a
 * model file that does not match it, which would score far lower.
 */
const MIN_DEV_TEST_F1 = 0.8;

/** Signed log-odds at the end of every reason: "(+0.21)" or "(−0.30)". */
const REASON_SHAPE = /^.+ \([+−]\d+\.\d\d\)$/;

/** Sum of weights the slow way, straight off the training featurizer. */
function referenceLogit(m: CheckWorthinessModel, sentence: string): number {
  const ex = extractFeatures(sentence);
  const tables = [m.words, m.bigrams, m.chars];
  let z = m.bias;
  visitNgrams(ex, m.config, (family, key, value) => {
    const table = tables[family]!;
    if (Object.hasOwn(table, key)) z += table[key]! * value;
  });
  HAND_FEATURES.forEach((f, h) => (z += ex.hand[h]! * (m.hand[f.id] ?? 0)));
  return z;
}

/** A model using every feature family, since the shipped one may not (its variant is chosen on dev-test). */
const ALL_FAMILIES_MODEL: CheckWorthinessModel = {
  format: CHECKWORTHINESS_MODEL.format,
  config: { bigrams: true, charMin: 3, charMax: 5, normalize: true },
  threshold: 0.5,
  bias: -1,
  hand: { figure: 1.1, opinion: -0.7, question: -1.2 },
  words: { we: 0.5, spent: 1, taxes: 0.3, '<num>': 0.4 },
  bigrams: { 'spent <num>': 0.7, 'i think': -1, 'more than': 0.6 },
  chars: { ' we': 0.1, 'obs ': 0.2, axe: 0.05, ' iraq': 0.3, 'hin': -0.2 },
};

const logit = (p: number): number => Math.log(p / (1 - p));

describe('scoreCheckWorthiness', () => {
  it('scores a sentence with a statistic above the threshold', () => {
    for (const s of [
      "We're consuming 50 percent of the world's cocaine.",
      'Unemployment rose to 7.5% last year, the highest level since 1992.',
      'The state spent $4.2 billion on roads in 2019, twice as much as in 2010.',
    ]) {
      expect(scoreCheckWorthiness(s).score, s).toBeGreaterThan(CHECKWORTHY_THRESHOLD);
    }
  });

  it('scores a first-person opinion below the threshold', () => {
    for (const s of ['I think he is a good man.', 'I believe we can do better.', 'In my opinion, this is the right thing to do.']) {
      expect(scoreCheckWorthiness(s).score, s).toBeLessThan(CHECKWORTHY_THRESHOLD);
    }
  });

  it('scores questions and pleasantries below the threshold', () => {
    for (const s of ['What are you going to do about it?', 'Thank you very much.', "I'd like to mention one thing."]) {
      expect(scoreCheckWorthiness(s).score, s).toBeLessThan(CHECKWORTHY_THRESHOLD);
    }
  });

  it('gives reasons naming the cues behind the score, strongest first', () => {
    const { reasons } = scoreCheckWorthiness("We're consuming 50 percent of the world's cocaine.");
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons.length).toBeLessThanOrEqual(4);
    for (const r of reasons) expect(r).toMatch(REASON_SHAPE);
    // Which cue comes first depends on the weights; that both statistic cues push up, and that
    // the reasons are ordered by the size of their contribution, does not.
    expect(reasons.some((r) => /^a percentage "percent" \(\+/.test(r))).toBe(true);
    expect(reasons.some((r) => r.startsWith('contains a figure "50" (+'))).toBe(true);
    const magnitudes = reasons.map((r) => Number(/(\d+\.\d\d)\)$/.exec(r)![1]));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });

  it('gives a negative reason for first-person opinion', () => {
    const { reasons } = scoreCheckWorthiness('I think he is a good man.');
    expect(reasons.some((r) => /^first-person opinion "I think" \(−/.test(r))).toBe(true);
  });

  it('credits a cue word once, under the cue rather than also under "words"', () => {
    const { reasons } = scoreCheckWorthiness('Unemployment rose to 7.5% last year.');
    const wordReasons = reasons.filter((r) => r.startsWith('word'));
    for (const r of wordReasons) expect(r).not.toContain('"%"');
  });

  it('still explains a sentence with no tokens', () => {
    for (const s of ['', '   ', '!!!']) {
      const { score, reasons } = scoreCheckWorthiness(s);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(CHECKWORTHY_THRESHOLD);
      expect(reasons.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('is deterministic, including across fresh scorers with cold caches', () => {
    const s = 'Since its independence from the Soviet Union in 1991, the country has adopted a multi-vector strategy.';
    const first = scoreCheckWorthiness(s);
    expect(scoreCheckWorthiness(s)).toEqual(first);
    expect(createCheckWorthinessScorer(CHECKWORTHINESS_MODEL)(s)).toEqual(first);
  });

  it('keeps score in [0, 1] with 1–4 well-formed reasons for arbitrary strings', () => {
    const words = fc.constantFrom('the', 'I', 'think', '50', '%', 'percent', '$', 'million', '1991', 'Senate', 'more', 'than', '?', '’s', 'don’t', '—', 'é');
    const sentenceLike = fc.array(words, { maxLength: 60 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 300 }), sentenceLike), (s) => {
        const { score, reasons } = scoreCheckWorthiness(s);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(Number.isNaN(score)).toBe(false);
        expect(reasons.length).toBeGreaterThanOrEqual(1);
        expect(reasons.length).toBeLessThanOrEqual(4);
        for (const r of reasons) if (r !== 'no strong cues either way') expect(r).toMatch(REASON_SHAPE);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the training featurizer: the memoised fast path computes the same logit', () => {
    const words = fc.constantFrom('we', 'spent', '4.2', 'billion', 'on', 'roads', 'in', '2019', 'I', 'think', 'taxes', 'more', 'than', 'ever', '?', 'Iraq', 'jobs');
    const allFamilies = createCheckWorthinessScorer(ALL_FAMILIES_MODEL);
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }).map((ws) => ws.join(' ')), (s) => {
        expect(logit(scoreCheckWorthiness(s).score)).toBeCloseTo(referenceLogit(CHECKWORTHINESS_MODEL, s), 6);
        expect(logit(allFamilies(s).score)).toBeCloseTo(referenceLogit(ALL_FAMILIES_MODEL, s), 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('check-worthiness featurizer', () => {
  it('tokenises words with inner apostrophes and hyphens, numbers with separators, and claim symbols', () => {
    expect(tokenize('Kazakhstan’s multi-vector GDP grew 4.5% ($1,200) in 2023?')).toEqual([
      'Kazakhstan’s',
      'multi-vector',
      'GDP',
      'grew',
      '4.5',
      '%',
      '$',
      '1,200',
      'in',
      '2023',
      '?',
    ]);
  });

  it('folds curly apostrophes and replaces numbers by their kind', () => {
    expect(extractFeatures('Don’t cut 300 jobs in 1999').tokens).toEqual(["don't", 'cut', '<num>', 'jobs', 'in', '<year>']);
  });

  it('emits bigrams only when the model config asks for them', () => {
    const seen = new Set<number>();
    visitNgrams(extractFeatures('a b c'), { bigrams: false, charMin: 0, charMax: 0, normalize: true }, (family) => seen.add(family));
    expect([...seen]).toEqual([Family.Word]);
  });
});

describe('shipped check-worthiness model', () => {
  it('has a threshold strictly between 0 and 1', () => {
    expect(CHECKWORTHY_THRESHOLD).toBeGreaterThan(0);
    expect(CHECKWORTHY_THRESHOLD).toBeLessThan(1);
  });

  it('is small on disk (≤ 5 MB)', () => {
    const size = statSync(new URL('../../src/core/checkworthiness-model.json', import.meta.url)).size;
    expect(size).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it('records how it was chosen: cross-validated on the training pool, never on test_gold', () => {
    const training = CHECKWORTHINESS_MODEL.training!;
    expect(training.members.length).toBeGreaterThanOrEqual(1);
    expect(training.cvSplits.map((s) => s.split)).toEqual(['train', 'dev', 'dev-test']);
    expect(training.data).toContain('test_gold not used');
    expect(training.tried.length).toBeGreaterThanOrEqual(training.members.length);
  });

  it.skipIf(!HAVE_DATA)(`reaches F1 ≥ ${MIN_DEV_TEST_F1} on CheckThat! dev-test (the tuning split)`, () => {
    const devTest = loadCheckThatSplit(DATA_DIR, 'dev-test');
    expect(devTest).toHaveLength(318);
    const predicted = devTest.map((s) => scoreCheckWorthiness(s.text).score >= CHECKWORTHY_THRESHOLD);
    const { f1 } = binaryCounts(
      devTest.map((s) => s.checkworthy),
      predicted,
    );
    expect(f1).toBeGreaterThanOrEqual(MIN_DEV_TEST_F1);
  });
});

describe('benchmark file parsing', () => {
  it('parses tab-separated text with CSV-style quotes, doubled quotes and CRLF', () => {
    expect(parseDelimited('id\ttext\r\n1\t"He said ""no"", twice."\r\n2\tplain\n', '\t')).toEqual([
      ['id', 'text'],
      ['1', 'He said "no", twice.'],
      ['2', 'plain'],
    ]);
  });

  it.skipIf(!HAVE_DATA)('repairs the glued train records and drops the #NAME? rows', () => {
    const train = loadCheckThatSplit(DATA_DIR, 'train');
    expect(train).toHaveLength(22_495);
    expect(train.filter((s) => s.checkworthy)).toHaveLength(5_413);
    expect(train.find((s) => s.id === '29286')?.text).toBe("You can't bring back jobs.");
    expect(train.some((s) => s.text === '#NAME?')).toBe(false);
  });
});
