/**
 * Speed and scale benchmark with same-run baselines.
 *
 *   npm run bench [-- --large] [--sizes 2,200] [--reps 3] [--seed 1] [--out FILE] [--no-write] [--profile]
 *                 [--startup-reps 5] [--startup-only]
 *
 * For each corpus size N (2, 200, 2,000; with --large also 10,000) it writes
 * a deterministic, varied corpus to bench-output/corpus-N/, then runs every
 * measurement several times, each in a fresh child process:
 *
 *   - analysis worker: read, parse, paragraphs+sentences, structure,
 *     captions, claims, consistency (within and across sources), with the
 *     baselines raw fs.readFileSync and bare remark-parse of the same texts;
 *     then annotations/ cold build plus the search index
 *     (updateSearchIndex → annotations/search/), a no-change rebuild and a
 *     rebuild after editing one source (both: buildAnnotations +
 *     updateSearchIndex);
 *   - search worker: the serving path: index.json's cross-source findings
 *     and loadSearchIndex over the prebuilt annotations/search/ (no analysis
 *     is loaded), RSS, 1,000 queries through engine.search (p50/p99);
 *   - baseline search worker: load every analysis, build a bare
 *     per-paragraph lunr index (position metadata), same queries;
 *   - start-up (once the CLI has `serve`): spawn `claimtrace serve` on the
 *     built annotations/ with a free port, time spawn → first answered
 *     GET / and GET /api/search, send the 1,000 queries through HTTP and
 *     read the server's peak RSS (VmHWM); with and without --build.
 *
 * It prints a table per N and the targets with PASS/MISS, and writes
 * everything to bench/results.json and a Markdown summary to
 * bench/results.md. --profile adds `--cpu-prof` to the analysis workers
 * (profiles in bench-output/profiles/).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, GENERATOR_VERSION, generateCorpus, loadBases, writeCorpus } from './lib/bench-corpus.js';
import { formatProfile, mainProfile, readProfile, summarizeProfile, type FunctionTime } from './lib/bench-profile.js';
import { generateQueries } from './lib/bench-queries.js';
import { evaluateTargets, formatMarkdown, formatSize, formatStartup, formatTargets, summarizeSize, type SizeRuns } from './lib/bench-report.js';
import { measureStartup, serveCommandAvailable } from './lib/bench-serve.js';
import type { AnalysisJob, AnalysisResult, Job, ServeJob, ServeResult } from './lib/bench-worker.js';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SCRIPT), '..');
const OUT = join(ROOT, 'bench-output');

if (process.argv[2] === '--worker') {
  const { runWorker } = await import('./lib/bench-worker.js');
  await runWorker(process.argv[3]!);
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    large: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    reps: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'startup-reps': { type: 'string' },
    /** Re-measure only the start-up on the corpora and annotations a previous run left in bench-output/ (prints, writes nothing). */
    'startup-only': { type: 'boolean', default: false },
  },
  strict: true,
});

const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.replace(/_/g, ''))) : [2, 200, 2000, ...(values.large ? [10000] : [])];
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got ${values.sizes}`);
const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
const outFile = resolve(ROOT, values.out ?? 'bench/results.json');

/** Runs per N: enough for a stable median on small corpora, fewer where one run takes minutes. */
const repsFor = (n: number): number => (values.reps ? Number(values.reps) : n <= 200 ? 5 : n <= 2000 ? 3 : 1);
/** The bare-lunr baseline search is slow to build at scale; once is enough there. */
const baselineRepsFor = (n: number): number => (n < 2000 ? repsFor(n) : 1);

const started = performance.now();
const gitAtStart = gitState();
const say = (s: string): void => void process.stdout.write(`${s}\n`);
const progress = (s: string): void => void process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

function worker<R>(job: Job, nodeFlags: string[] = []): Promise<R> {
  const jobFile = job.result.replace(/\.json$/, '.job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', SCRIPT, '--worker', jobFile], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`${job.mode} worker exited with ${signal ?? `code ${code}`}`));
      try {
        resolvePromise(JSON.parse(readFileSync(job.result, 'utf8')) as R);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The commit measured, and which source files differed from it (other work in progress is measured too). */
function gitState(): { commit: string | null; dirty: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'scripts', 'package.json', 'package-lock.json'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').filter(Boolean).map((l) => l.slice(3));
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: [] };
  }
}

function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

// --- corpus-independent inputs ---------------------------------------------

mkdirSync(OUT, { recursive: true });
const bases = loadBases(join(ROOT, 'sources'));
const queries = generateQueries(bases.map((b) => b.text), 1000, seed);
const queriesFile = join(OUT, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(queries));
const globalNotes: string[] = [];
const analysisFlags = (n: number, rep: number): string[] => [
  '--max-old-space-size=6144',
  ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir(n, rep)}`] : []),
];
const profileDir = (n: number, rep: number): string => join(OUT, 'profiles', `N${n}-run${rep + 1}`);
const serveFlags = ['--max-old-space-size=6144', '--expose-gc'];
const startupReps = values['startup-reps'] ? Number(values['startup-reps']) : 5;
const startupOnly = values['startup-only'];

say(`claimtrace bench: sizes ${sizes.join(', ')}; seed ${seed}; ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; node ${process.version}`);
for (const n of globalNotes) say(`note: ${n}`);

// --- per N --------------------------------------------------------------------

const all: SizeRuns[] = [];
const profiles: Record<number, { file: string; totalMs: number; top: FunctionTime[] }> = {};
for (const n of sizes) {
  const corpusDir = join(OUT, `corpus-${n}`);
  const workDir = join(OUT, `work-${n}`);
  mkdirSync(workDir, { recursive: true });
  let written: { files: number; bytes: number };
  if (startupOnly) {
    if (!existsSync(join(workDir, 'annotations', 'index.json'))) throw new Error(`--startup-only: no built annotations in ${relative(ROOT, workDir)}/; run the bench once first`);
    const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt'));
    written = { files: files.length, bytes: files.reduce((b, f) => b + statSync(join(corpusDir, f)).size, 0) };
  } else {
    progress(`N=${n}: generating corpus in ${relative(ROOT, corpusDir)}/`);
    written = writeCorpus(corpusDir, generateCorpus(bases, n, seed));
  }
  const reps = repsFor(n);
  const baselineReps = baselineRepsFor(n);
  const runs: SizeRuns = { n, files: written.files, bytes: written.bytes, reps, baselineReps, notes: [], analysis: [], search: [], baseline: [], startup: [], errors: [] };
  if (!values.reps && n >= 2000) runs.notes.push(`${reps} run${reps === 1 ? '' : 's'} instead of 5 to keep the default run near 10 minutes on 2 cores`);
  if (baselineReps < reps) runs.notes.push(`the bare-lunr baseline search ran ${baselineReps} time${baselineReps === 1 ? '' : 's'} (paired with run 1)`);
  for (let rep = 0; rep < (startupOnly ? 0 : reps); rep++) {
    const annotationsDir = join(workDir, 'annotations');
    progress(`N=${n}: run ${rep + 1}/${reps}: analysis worker`);
    try {
      const job: AnalysisJob = { mode: 'analysis', corpusDir, annotationsDir, result: join(workDir, `analysis-${rep}.json`) };
      if (values.profile) rmSync(profileDir(n, rep), { recursive: true, force: true });
      runs.analysis.push(await worker<AnalysisResult>(job, analysisFlags(n, rep)));
    } catch (error) {
      runs.errors.push(`run ${rep + 1} analysis: ${(error as Error).message}`);
      progress(`N=${n}: analysis worker failed: ${(error as Error).message}`);
      continue;
    }
    progress(`N=${n}: run ${rep + 1}/${reps}: claimtrace search worker`);
    try {
      const job: ServeJob = { mode: 'serve', engine: 'claimtrace', annotationsDir, queriesFile, result: join(workDir, `search-${rep}.json`) };
      runs.search.push(await worker<ServeResult>(job, serveFlags));
    } catch (error) {
      runs.errors.push(`run ${rep + 1} search: ${(error as Error).message}`);
      progress(`N=${n}: search worker failed: ${(error as Error).message}`);
    }
    if (rep < baselineReps) {
      progress(`N=${n}: run ${rep + 1}/${reps}: bare lunr baseline search worker`);
      try {
        const job: ServeJob = { mode: 'serve', engine: 'baseline', annotationsDir, queriesFile, result: join(workDir, `baseline-${rep}.json`) };
        runs.baseline.push(await worker<ServeResult>(job, serveFlags));
      } catch (error) {
        runs.errors.push(`run ${rep + 1} baseline: ${(error as Error).message}`);
        progress(`N=${n}: baseline search worker failed: ${(error as Error).message}`);
      }
    }
  }
  // The real viewer: spawn → first answered request, and its RSS after 1,000 HTTP searches.
  if ((runs.analysis.length > 0 || startupOnly) && serveCommandAvailable(ROOT)) {
    // Untimed: `claimtrace build` first, so annotations/ carries the engine fingerprint of src/core as it is now
    // (when src/core changed since the analysis worker ran, --build would otherwise re-analyse everything).
    progress(`N=${n}: claimtrace build (untimed, brings annotations/ to the current src/core)`);
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'build', '--sources', corpusDir, '--annotations', join(workDir, 'annotations')], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) runs.errors.push(`claimtrace build before start-up: exit ${built.status}: ${(built.stderr || built.stdout).trim().split('\n').slice(-2).join(' | ')}`);
    // Untimed too: the bundle npm start runs, made from src/ as it is now (bin/claimtrace.js would otherwise fall back to tsx).
    const bundled = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts'], { cwd: ROOT, encoding: 'utf8' });
    if (bundled.status !== 0) runs.errors.push(`bundle before start-up: exit ${bundled.status}: ${bundled.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    const variants = [{ launcher: 'node', build: false }, { launcher: 'node', build: true }, { launcher: 'tsx', build: true }, { launcher: 'npm', build: true }] as const;
    for (const { launcher, build } of variants) {
      const label = launcher === 'npm' ? 'npm start' : `${launcher === 'tsx' ? 'tsx src/cli/index.ts' : 'bin/claimtrace.js'} serve${build ? ' --build' : ''}`;
      for (let rep = 0; rep < startupReps; rep++) {
        progress(`N=${n}: start-up ${rep + 1}/${startupReps}: ${label}`);
        const r = await measureStartup({ root: ROOT, annotationsDir: join(workDir, 'annotations'), sourcesDir: corpusDir, build, launcher, queries: rep === 0 && launcher === 'node' ? queries : null });
        if (r.error) {
          runs.errors.push(`start-up (${label}) ${rep + 1}: ${r.error}${r.stderr ? ` (stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ')})` : ''}`);
          progress(`N=${n}: start-up failed: ${r.error}`);
        }
        runs.startup.push(r);
      }
    }
  } else if (runs.analysis.length > 0) {
    runs.notes.push('the CLI has no `serve` command yet: start-up and the real server\'s RSS were not measured');
  }
  all.push(runs);
  if (startupOnly) {
    say('');
    say(`N = ${n.toLocaleString('en-US')} (start-up only)`);
    say(formatStartup(summarizeSize(runs)));
    for (const e of runs.errors) say(`  FAILED ${e}`);
    continue;
  }
  if (runs.analysis.length > 0) {
    say('');
    say(formatSize(summarizeSize(runs), [...runs.notes, ...runs.errors.map((e) => `FAILED ${e}`)]));
  }
  const profile = values.profile ? mainProfile(profileDir(n, 0)) : undefined;
  if (profile) {
    const summary = summarizeProfile(readProfile(profile));
    profiles[n] = { file: relative(ROOT, profile), totalMs: summary.totalMs, top: [...summary.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, 40) };
    say(`  CPU profile of run 1's analysis worker (${relative(ROOT, profile)}; covers the staged analysis and the cold build):`);
    say(formatProfile(summary, 15).replace(/^/gm, '  '));
  }
}

// --- targets and results ------------------------------------------------------

if (startupOnly) process.exit(0);

const summaries = all.filter((r) => r.analysis.length > 0).map(summarizeSize);
const targets = evaluateTargets(summaries);
say('');
say(formatTargets(targets));
const elapsed = (performance.now() - started) / 1000;
say(`\ntotal ${elapsed.toFixed(0)} s`);

const results = {
  date: new Date().toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1073741824),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  },
  git: { atStart: gitAtStart, atEnd: gitState() },
  packages: Object.fromEntries(['unified', 'remark-parse', 'micromark', 'lunr', 'hono', 'tsx', 'zod'].map((p) => [p, packageVersion(p)])),
  method: {
    seed,
    generatorVersion: GENERATOR_VERSION,
    queries: queries.length,
    queryMix: Object.fromEntries([...new Set(queries.map((q) => q.kind))].map((k) => [k, queries.filter((q) => q.kind === k).length])),
    units: 'ms are wall-clock milliseconds (performance.now); MB/s uses 10^6 bytes of UTF-8 source; RSS in MiB (peak: maxRSS from process.resourceUsage, i.e. VmHWM; the real server\'s from /proc/<pid>/status)',
    notes: [
      'every run is a fresh child process (node --import tsx scripts/bench.ts --worker …); medians over runs',
      'stages mirror the detector chain read from src/core/pipeline.ts, each plugin run as its own frozen processor on the same tree and VFile; a sample is checked equal to analyzeSource',
      'both parsers parse the first two texts once before timing, so neither pays the other\'s JIT start-up',
      'ratios are computed within each run, then the median is taken',
      'annotations build re-analyses every source (that is what buildAnnotations does); its write part is timed separately by serialising and atomically writing each analysis as buildAnnotations does, into a scratch directory',
      'full build = cold buildAnnotations + cold updateSearchIndex (annotations/search/ removed first); the index size is annotations/search/ on disk',
      'incremental: one source (the middle one) has its first number changed and a sentence no other source has appended, in memory; then buildAnnotations and updateSearchIndex run again on the built directory; the ratio is (both) / (full build); afterwards the edit is undone (untimed) so annotations/ matches the corpus on disk',
      'claimtrace search: a fresh process reads index.json (cross-source findings) and calls loadSearchIndex on the prebuilt index (load ms include both); no per-source analysis is loaded; queries go through engine.search with its defaults (20 sources, 3 hits each, with highlight positions); the queries run once each, in order, with no warm-up',
      'bare lunr baseline: a fresh process loads every analysis (loadAnnotations), builds one lunr document per paragraph with position metadata, and runs the same queries (field queries as text:word)',
      'start-up: after an untimed `claimtrace build` (so annotations/ carries the current src/core fingerprint) and an untimed `npm run bundle` (so dist/ matches src/), node bin/claimtrace.js serve --port <free> --host 127.0.0.1 --annotations <built> --sources <corpus> [--build], node --import tsx src/cli/index.ts serve … --build (the TypeScript without the bundle), and npm start -- <the same options>, each polled every 10 ms until GET / answers (then GET /api/search?q=trade); medians of the runs; --build runs that re-analysed sources are left out; the 1,000 queries go sequentially through GET /api/search?q= on the first run of each node variant, then VmHWM is read from /proc/<pid>/status',
      ...globalNotes,
    ],
  },
  sizes: all.map((r, i) => ({ n: r.n, files: r.files, bytes: r.bytes, notes: r.notes, errors: r.errors, summary: summaries.find((s) => s.n === r.n) ?? null, runs: { analysis: r.analysis, search: r.search, baseline: r.baseline, startup: r.startup }, order: i })),
  targets,
  ...(values.profile ? { profiles } : {}),
  elapsedSeconds: Math.round(elapsed),
};
if (!values['no-write']) {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  const mdFile = outFile.replace(/\.json$/, '') + '.md';
  // The README's columns: every corpus of 200 sources or more that was run (N = 2 only shows that the pipeline runs).
  const columns = sizes.filter((n) => n >= 200).sort((a, b) => a - b);
  writeFileSync(mdFile, formatMarkdown(summaries, targets, results, columns.length > 0 ? columns : sizes));
  say(`wrote ${relative(ROOT, outFile)} and ${relative(ROOT, mdFile)}`);
}
