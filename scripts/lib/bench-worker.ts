/**
 * What runs inside each fresh benchmark child process.
 *
 *   analysis: read → parse → sentences → structure → captions → claims →
 *             consistency → cross-source, plus the same-run baselines (raw
 *             read, bare remark-parse), then annotations/ cold build, a
 *             no-change rebuild and a one-source-edited rebuild.
 *             The search index (annotations/search/) is built with
 *             updateSearchIndex after the cold build and updated after each
 *             rebuild, as `claimtrace build` leaves it for the viewer.
 *   serve:    get a search engine ready the way its serving process would
 *             (claimtrace: loadSearchIndex over the prebuilt index, no
 *             analyses loaded; baseline: load every analysis and build a bare
 *             per-paragraph lunr index), measure RSS, run the queries.
 *
 * Results go to a JSON file named by the parent; progress goes to stderr.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseSource } from '../../src/core/paragraphs.js';
import { crossCheckFacts } from '../../src/core/pipeline.js';
import type { Fact, SourceAnalysis } from '../../src/core/types.js';
import { FORMAT_VERSION } from '../../src/store/annotations.js';
import { buildAnnotations } from '../../src/store/build.js';
import { stableStringify, writeFileAtomic } from '../../src/store/json.js';
import { searchPaths, updateSearchIndex, type SearchIndexUpdate } from '../../src/store/search-index.js';
import { readSourceDir } from '../../src/store/sources.js';
import { analyseSources, AUTO_THREADS_MAX, buildAnnotationsInParallel, jobsFor } from '../../src/store/workers.js';
import type { BenchQuery } from './bench-queries.js';
import { baselineEngine, claimtraceEngine, dirBytes, type BenchEngine } from './bench-search.js';
import { analyzeTimed, checkMirror, loadChain, stageLabel } from './bench-stages.js';

export interface AnalysisJob {
  mode: 'analysis';
  corpusDir: string;
  /** annotations/ is built here (emptied first). */
  annotationsDir: string;
  result: string;
}

export interface ServeJob {
  mode: 'serve';
  engine: 'claimtrace' | 'baseline';
  annotationsDir: string;
  queriesFile: string;
  result: string;
}

export type Job = AnalysisJob | ServeJob;

export interface AnalysisResult {
  mode: 'analysis';
  files: number;
  bytes: number;
  chain: string[];
  counts: Record<string, number>;
  /** Milliseconds per stage and baseline (see STAGES in bench-report.ts). */
  ms: Record<string, number>;
  incremental: {
    editedId: string;
    analysed: number;
    noChangeAnalysed: number;
    /** What updateSearchIndex did after the edit: `delta` means only the new texts were indexed. */
    searchRebuilt: SearchIndexUpdate['rebuilt'];
    searchAnalysed: number;
    searchNewTexts: number;
    noChangeSearchRebuilt: SearchIndexUpdate['rebuilt'];
  };
  mirrorChecked: number;
  /** Threads of the spread analysis (one per core). */
  threads: number;
  /** annotations/ without search/, after the cold build. */
  annotationsBytes: number;
  /** annotations/search/ after the cold build. */
  searchIndex: { bytes: number; files: number; texts: number };
  maxRssMB: number;
  proc?: ProcessStats;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ServeResult {
  mode: 'serve';
  engine: string;
  /** lunr documents: paragraphs for the baseline, distinct passage texts for claimtrace. */
  documents: number;
  /** claimtrace: search units (sentences) the documents map back to. */
  units: number | null;
  /** Reading from disk what the engine needs (claimtrace: index.json + loadSearchIndex; baseline: loadAnnotations). */
  loadMs: number;
  /** In-process index build (0 for claimtrace: built ahead by updateSearchIndex). */
  buildMs: number;
  indexBytes: number | null;
  /** RSS of the fresh process before it loads anything (node + tsx + modules). */
  rssStartMB: number;
  /** RSS after loading annotations and building the index (before any query). */
  rssMB: number;
  /** The same after a forced GC, when --expose-gc is on. */
  rssAfterGcMB: number | null;
  maxRssMB: number;
  queries: number;
  latency: LatencySummary;
  /**
   * CPU time of the process per query (all threads, so GC helpers count):
   * on a shared machine, wall-clock latency minus this is time spent waiting
   * for a core.
   */
  cpuLatency?: LatencySummary;
  byKind: Record<string, LatencySummary & { count: number; hits: number }>;
  hits: number;
  zeroHit: number;
  proc?: ProcessStats;
}

const log = (s: string): void => void process.stderr.write(`    [${process.pid}] ${s}\n`);
const mb = (bytes: number): number => bytes / 1048576;
/** Peak RSS (VmHWM, the same number /proc/<pid>/status reports), in MiB. */
const maxRssMB = (): number => process.resourceUsage().maxRSS / 1024;

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1) };
}

async function runAnalysis(job: AnalysisJob): Promise<AnalysisResult> {
  const ms: Record<string, number> = {};
  const time = <T>(name: string, fn: () => T): T => {
    const t = performance.now();
    const out = fn();
    ms[name] = performance.now() - t;
    return out;
  };
  const timeAsync = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    ms[name] = performance.now() - t;
    return out;
  };
  const chain = await loadChain();
  const names = readdirSync(job.corpusDir).filter((f) => f.endsWith('.txt')).sort();

  // Baseline: the bytes off disk, nothing else.
  let bytes = 0;
  time('rawRead', () => {
    for (const f of names) bytes += Buffer.byteLength(readFileSync(join(job.corpusDir, f), 'utf8'));
  });
  const inputs = time('read', () => readSourceDir(job.corpusDir));
  log(`read ${inputs.length} sources, ${mb(bytes).toFixed(1)} MB`);

  // Warm both parsers up on the same two texts so neither pays the other's JIT start-up.
  const bare = unified().use(remarkParse).freeze();
  for (const input of inputs.slice(0, 2)) {
    bare.parse(input.text);
    parseSource(input.text, input.format);
  }
  // Each analysis is counted, its facts kept for the cross-source checks, a sample kept for the
  // mirror check, and it is stored as buildAnnotations stores one (stable JSON, atomic write) in a
  // scratch directory, timed on its own: then it is let go, as in a build.
  const counts: Record<string, number> = { sources: inputs.length, paragraphs: 0, sentences: 0, claims: 0, captions: 0, flags: 0, corroborations: 0, facts: 0 };
  const facts: Fact[] = [];
  const sample = new Set([0, 1, Math.floor(inputs.length / 2), inputs.length - 1].filter((i) => i >= 0 && i < inputs.length));
  const mirrored = new Map<number, SourceAnalysis>();
  const probe = `${job.annotationsDir}.write-probe`;
  rmSync(probe, { recursive: true, force: true });
  ms.annotationsWrite = 0;
  const each = (a: SourceAnalysis, i: number): void => {
    counts.paragraphs! += a.paragraphs.length;
    counts.sentences! += a.sentences.length;
    counts.claims! += a.claims.length;
    counts.captions! += a.captions.length;
    counts.flags! += a.flags.length;
    counts.corroborations! += a.corroborations.length;
    counts.facts! += a.facts.length;
    for (const f of a.facts) facts.push(f);
    if (sample.has(i)) mirrored.set(i, a);
    const t = performance.now();
    writeFileAtomic(join(probe, 'sources', `${a.source.id}.json`), stableStringify({ version: FORMAT_VERSION, analysis: a }));
    ms.annotationsWrite! += performance.now() - t;
  };
  // Baseline: bare remark-parse of the same texts, interleaved with the analysis slice by slice.
  const staged = analyzeTimed(inputs, chain, each, (input) => void bare.parse(input.text));
  rmSync(probe, { recursive: true, force: true });
  Object.assign(ms, staged.ms);
  ms.bareParse = staged.baselineMs;
  const { flags: crossFlags, corroborations: crossCorroborations } = time('cross', () => crossCheckFacts(facts));
  ms.analysis = staged.wallMs + ms.cross!;
  log(`analysed in ${Math.round(ms.analysis)} ms (bare remark-parse ${Math.round(ms.bareParse!)} ms)`);
  counts.crossFlags = crossFlags.length;
  counts.crossCorroborations = crossCorroborations.length;

  // Outside the timings: the staged run must equal analyzeSource on the sample.
  const mirrorChecked = checkMirror(inputs, mirrored);
  mirrored.clear();

  // The same analysis spread over one thread per core, as `build` spreads a large corpus (nothing
  // written here), then the cross-source checks over the facts the threads send back.
  const threadsUsed = jobsFor(inputs, Math.min(availableParallelism(), AUTO_THREADS_MAX));
  await timeAsync('analysisThreads', async () => crossCheckFacts((await analyseSources(undefined, inputs, threadsUsed)).flatMap((r) => r.facts)));
  log(`analysed on ${threadsUsed} threads in ${Math.round(ms.analysisThreads!)} ms`);

  // annotations/ and its search index as `claimtrace build` makes them:
  // cold build, rebuild with nothing changed, rebuild with one source edited.
  rmSync(job.annotationsDir, { recursive: true, force: true });
  await timeAsync('annotationsBuild', () => buildAnnotationsInParallel(job.annotationsDir, inputs));
  const annotationsBytes = dirBytes(job.annotationsDir);
  const coldSearch = time('searchIndexBuild', () => updateSearchIndex(job.annotationsDir));
  ms.fullBuild = ms.annotationsBuild! + ms.searchIndexBuild!;
  const searchDir = searchPaths(job.annotationsDir).dir;
  const searchIndex = { bytes: dirBytes(searchDir), files: readdirSync(searchDir).length, texts: coldSearch.newTexts };
  log(`annotations built in ${Math.round(ms.annotationsBuild!)} ms (${mb(annotationsBytes).toFixed(1)} MB), search index in ${Math.round(ms.searchIndexBuild!)} ms (${mb(searchIndex.bytes).toFixed(1)} MB)`);
  const noChange = await timeAsync('noChangeAnnotations', () => buildAnnotationsInParallel(job.annotationsDir, inputs));
  const noChangeSearch = time('noChangeSearch', () => updateSearchIndex(job.annotationsDir));
  ms.noChangeRebuild = ms.noChangeAnnotations! + ms.noChangeSearch!;
  // The edit: the first number changed and a sentence added, so the source has text no other source has.
  const edited = inputs[Math.floor(inputs.length / 2)]!;
  const original = edited.text;
  edited.text = `${edited.text.replace(/\d+/, (m) => String(Number(m) + 1)).replace(/\s*$/, '')}\n\nEdited for the benchmark: a sentence about ${edited.id.replace(/\W/g, ' ')} that no other source contains.\n`;
  const rebuilt = await timeAsync('incrementalAnnotations', () => buildAnnotationsInParallel(job.annotationsDir, inputs));
  const rebuiltSearch = time('incrementalSearch', () => updateSearchIndex(job.annotationsDir));
  ms.incrementalRebuild = ms.incrementalAnnotations! + ms.incrementalSearch!;
  log(`rebuild after editing ${edited.id}: ${Math.round(ms.incrementalRebuild!)} ms (annotations ${Math.round(ms.incrementalAnnotations!)} ms, ${rebuilt.analysed.length} analysed; search index ${Math.round(ms.incrementalSearch!)} ms, ${rebuiltSearch.rebuilt}, ${rebuiltSearch.newTexts} new texts)`);
  // Untimed: undo the edit so annotations/ matches the corpus on disk again (the serving measurements read both).
  edited.text = original;
  buildAnnotations(job.annotationsDir, inputs);
  updateSearchIndex(job.annotationsDir);

  return {
    mode: 'analysis',
    files: inputs.length,
    bytes,
    chain: chain.map((s) => stageLabel(s.name)),
    counts,
    ms,
    incremental: {
      editedId: edited.id,
      analysed: rebuilt.analysed.length,
      noChangeAnalysed: noChange.analysed.length,
      searchRebuilt: rebuiltSearch.rebuilt,
      searchAnalysed: rebuiltSearch.analysed.length,
      searchNewTexts: rebuiltSearch.newTexts,
      noChangeSearchRebuilt: noChangeSearch.rebuilt,
    },
    mirrorChecked,
    threads: threadsUsed,
    annotationsBytes,
    searchIndex,
    maxRssMB: maxRssMB(),
  };
}

async function runServe(job: ServeJob): Promise<ServeResult> {
  const queries = JSON.parse(readFileSync(job.queriesFile, 'utf8')) as BenchQuery[];
  const engine: BenchEngine = job.engine === 'baseline' ? baselineEngine() : claimtraceEngine();
  const rssStartMB = mb(process.memoryUsage().rss);
  const { loadMs, buildMs, documents, units } = engine.prepare(job.annotationsDir);
  const rssMB = mb(process.memoryUsage().rss);
  let rssAfterGcMB: number | null = null;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    rssAfterGcMB = mb(process.memoryUsage().rss);
  }
  log(`${engine.name}: loaded in ${Math.round(loadMs)} ms, index built in ${Math.round(buildMs)} ms, RSS ${Math.round(rssMB)} MB`);
  const all: number[] = [];
  const perKind = new Map<string, { lat: number[]; hits: number }>();
  let hits = 0;
  let zeroHit = 0;
  const cpuAll: number[] = [];
  for (const q of queries) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const n = engine.search(q);
    const dt = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    cpuAll.push((cpu.user + cpu.system) / 1000);
    all.push(dt);
    hits += n;
    if (n === 0) zeroHit++;
    const k = perKind.get(q.kind) ?? { lat: [], hits: 0 };
    k.lat.push(dt);
    k.hits += n;
    perKind.set(q.kind, k);
  }
  const byKind: ServeResult['byKind'] = {};
  for (const [kind, k] of perKind) byKind[kind] = { ...summarize(k.lat), count: k.lat.length, hits: k.hits };
  // Peak RSS before serialising the index for its size (which would dominate the peak).
  const peak = maxRssMB();
  const size = engine.size();
  return {
    mode: 'serve',
    engine: engine.name,
    documents,
    units: units ?? null,
    loadMs,
    buildMs,
    indexBytes: size ?? null,
    rssStartMB,
    rssMB,
    rssAfterGcMB,
    maxRssMB: peak,
    queries: queries.length,
    latency: summarize(all),
    cpuLatency: summarize(cpuAll),
    byKind,
    hits,
    zeroHit,
  };
}

/**
 * How much of the worker's wall time it had a CPU for. The machine may be
 * shared: a ratio well under 1 (or a high load average) means the timings of
 * that run include waiting for other processes.
 */
export interface ProcessStats {
  wallMs: number;
  /** user + system CPU of the process (all its threads, GC helpers included). */
  cpuMs: number;
  /** 1-minute load average at start and end, and the core count. */
  load1Start: number;
  load1End: number;
  cores: number;
}

export async function runWorker(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Job;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const load1Start = loadavg()[0]!;
  const result = job.mode === 'analysis' ? await runAnalysis(job) : await runServe(job);
  const cpu = process.cpuUsage(cpu0);
  const proc: ProcessStats = { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, load1Start, load1End: loadavg()[0]!, cores: cpus().length };
  writeFileSync(job.result, `${JSON.stringify({ ...result, proc }, null, 2)}\n`);
}
