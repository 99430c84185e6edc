/**
 * Medians over runs, the per-N tables, and the targets with PASS/MISS.
 */
import { readFileSync } from 'node:fs';
import type { StartupResult } from './bench-serve.js';

/** What `npm start` runs, as package.json says. */
const NPM_START: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
import type { AnalysisResult, LatencySummary, ServeResult } from './bench-worker.js';

export interface SizeRuns {
  n: number;
  files: number;
  bytes: number;
  reps: number;
  baselineReps: number;
  notes: string[];
  analysis: AnalysisResult[];
  search: ServeResult[];
  baseline: ServeResult[];
  /** The real viewer (`claimtrace serve`), when the CLI has it. */
  startup: StartupResult[];
  /** Failures of a worker (the run goes on without that measurement). */
  errors: string[];
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Row label, key in AnalysisResult.ms, indent (baselines and derived rows are indented). */
export const STAGES: { key: string; label: string; sub?: boolean }[] = [
  { key: 'read', label: 'read (readSourceDir)' },
  { key: 'rawRead', label: 'baseline: raw fs.readFileSync', sub: true },
  { key: 'parse', label: 'parse (parseSource)' },
  { key: 'bareParse', label: 'baseline: bare remark-parse', sub: true },
  { key: 'sentences', label: 'paragraphs + sentences' },
  { key: 'structure', label: 'structure' },
  { key: 'captions', label: 'captions' },
  { key: 'claims', label: 'claims' },
  { key: 'consistency', label: 'consistency (within source)' },
  { key: 'cross', label: 'consistency (cross-source)' },
  { key: 'analysis', label: '= analysis (parse … cross-source), one thread' },
  { key: 'analysisThreads', label: 'the same on one thread per core (what build does from 500 sources)', sub: true },
  { key: 'annotationsBuild', label: 'annotations build, cold (claimtrace build)' },
  { key: 'annotationsWrite', label: 'of which: write (serialise + atomic)', sub: true },
  { key: 'searchIndexBuild', label: 'search index build, cold (updateSearchIndex)' },
  { key: 'fullBuild', label: '= full build, cold (annotations + search)' },
  { key: 'noChangeRebuild', label: 'rebuild, nothing changed (both)' },
  { key: 'incrementalRebuild', label: '= rebuild, 1 source edited (both)' },
  { key: 'incrementalAnnotations', label: 'of which: buildAnnotations', sub: true },
  { key: 'incrementalSearch', label: 'of which: updateSearchIndex', sub: true },
];

/** Rows that are throughput over the corpus (MB/s is shown only for these). */
const THROUGHPUT = new Set(['read', 'rawRead', 'parse', 'bareParse', 'sentences', 'structure', 'captions', 'claims', 'consistency', 'cross', 'analysis', 'analysisThreads', 'annotationsBuild', 'annotationsWrite', 'searchIndexBuild', 'fullBuild']);

const ANALYSIS_PARTS = ['parse', 'sentences', 'structure', 'captions', 'claims', 'consistency', 'cross'];

/** ms per key, with derived keys, for one analysis run. */
export function derived(r: AnalysisResult): Record<string, number> {
  return { ...r.ms };
}

export interface SizeSummary {
  n: number;
  files: number;
  bytes: number;
  reps: number;
  /** Median ms (and min, max) per stage key. */
  stages: Record<string, { median: number; min: number; max: number; mbPerS: number }>;
  counts: Record<string, number>;
  peakRssMB: { analysis: number; search: number | null; baseline: number | null };
  /** annotations/ without search/, and annotations/search/, after the cold build (MiB). */
  annotationsMB: number;
  searchIndexMB: number | null;
  searchIndexFiles: number | null;
  search: SearchSummary | null;
  baselineSearch: SearchSummary | null;
  /** Ratios computed within each run, then the median over runs. */
  ratios: {
    /** The staged analysis in one thread: what the analysis costs in CPU. */
    analysisOverBareParse: number;
    /** The same analysis on one thread per core (what `build` does by default from 500 sources). */
    analysisThreadsOverBareParse: number;

    readOverRawRead: number;
    /** (buildAnnotations + updateSearchIndex after one edit) / (cold buildAnnotations + cold updateSearchIndex), %. */
    incrementalPct: number;
    /** buildAnnotations alone after one edit / cold buildAnnotations, %. */
    incrementalAnnotationsPct: number;
    searchP99BaselineOverClaimtrace: number | null;
    searchP50BaselineOverClaimtrace: number | null;
  };
  incrementalAnalysed: number[];
  noChangeAnalysed: number[];
  incrementalSearch: { rebuilt: string; analysed: number; newTexts: number; noChange: string }[];
  startup: StartupSummary | null;
  /** Sharing of the machine during the workers: CPU time / wall time (median over workers) and the highest 1-minute load average seen. */
  contention: { cpuOverWall: number | null; load1Max: number | null; cores: number | null };
  /** Threads of the spread analysis. */
  threads: number;
}

export interface StartupVariant {
  label: string;
  /** Which of the targets' variants it is: the bundle plain or with --build, the TypeScript, or npm start. */
  kind: StartupKind;
  runs: number;
  failed: number;
  /** Runs whose --build re-analysed sources (src/core changed since the bench built annotations/): left out of the medians. */
  rebuilt: number;
  /** Medians (min–max) over the runs that answered. */
  firstRootMs: number | null;
  firstRootMin: number | null;
  firstRootMax: number | null;
  firstSearchMs: number | null;
  /** Server CPU time used by the first answer (node launcher), and the load average at spawn (medians). */
  cpuAtFirstRootMs: number | null;
  load1: number | null;
  rootStatus: number | null;
  searchStatus: number | null;
  rssAfterStartMB: number | null;
  /** After 1,000 HTTP searches (first run): the serving process's peak RSS. */
  hwmAfterQueriesMB: number | null;
  rssAfterQueriesMB: number | null;
  http: (LatencySummary & { queries: number; statuses: Record<string, number> }) | null;
}

export interface StartupSummary {
  variants: StartupVariant[];
}

export interface SearchSummary {
  engine: string;
  runs: number;
  documents: number;
  units: number | null;
  buildMs: number;
  loadMs: number;
  indexMB: number | null;
  rssStartMB: number | null;
  rssMB: number;
  rssAfterGcMB: number | null;
  /** Peak RSS of the process (load, queries). */
  maxRssMB: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The same percentiles of CPU time per query (null when not recorded). */
  cpuP50: number | null;
  cpuP99: number | null;
  byKind: Record<string, { p50: number; p99: number; count: number; hits: number }>;
  hits: number;
  zeroHit: number;
}

function summarizeSearch(rs: readonly ServeResult[]): SearchSummary | null {
  if (rs.length === 0) return null;
  const m = (f: (r: ServeResult) => number) => median(rs.map(f));
  const kinds = [...new Set(rs.flatMap((r) => Object.keys(r.byKind)))];
  const byKind: SearchSummary['byKind'] = {};
  for (const k of kinds) {
    const present = rs.filter((r) => r.byKind[k]);
    byKind[k] = {
      p50: median(present.map((r) => r.byKind[k]!.p50)),
      p99: median(present.map((r) => r.byKind[k]!.p99)),
      count: present[0]!.byKind[k]!.count,
      hits: median(present.map((r) => r.byKind[k]!.hits)),
    };
  }
  return {
    engine: rs[0]!.engine,
    runs: rs.length,
    documents: rs[0]!.documents,
    units: rs[0]!.units ?? null,
    buildMs: m((r) => r.buildMs),
    loadMs: m((r) => r.loadMs),
    indexMB: rs[0]!.indexBytes === null ? null : m((r) => r.indexBytes ?? NaN) / 1048576,
    rssStartMB: typeof rs[0]!.rssStartMB === 'number' ? m((r) => r.rssStartMB ?? NaN) : null,
    rssMB: m((r) => r.rssMB),
    rssAfterGcMB: rs[0]!.rssAfterGcMB === null ? null : m((r) => r.rssAfterGcMB ?? NaN),
    maxRssMB: m((r) => r.maxRssMB),
    p50: m((r) => r.latency.p50),
    p90: m((r) => r.latency.p90),
    p99: m((r) => r.latency.p99),
    max: m((r) => r.latency.max),
    cpuP50: rs[0]!.cpuLatency ? m((r) => r.cpuLatency?.p50 ?? NaN) : null,
    cpuP99: rs[0]!.cpuLatency ? m((r) => r.cpuLatency?.p99 ?? NaN) : null,
    byKind,
    hits: m((r) => r.hits),
    zeroHit: m((r) => r.zeroHit),
  };
}

type StartupKind = 'plain' | 'build' | 'tsx' | 'npm';

const STARTUP_VARIANTS: { kind: StartupKind; label: string; match: (r: StartupResult) => boolean }[] = [
  { kind: 'plain', label: 'node bin/claimtrace.js serve (the bundle)', match: (r) => r.launcher === 'node' && !r.build },
  { kind: 'build', label: 'node bin/claimtrace.js serve --build (the bundle)', match: (r) => r.launcher === 'node' && r.build },
  { kind: 'tsx', label: 'node --import tsx src/cli/index.ts serve --build (the TypeScript)', match: (r) => r.launcher === 'tsx' },
  { kind: 'npm', label: `npm start (${NPM_START})`, match: (r) => r.launcher === 'npm' },
];

function summarizeStartup(rs: readonly StartupResult[]): StartupSummary | null {
  if (rs.length === 0) return null;
  const variants: StartupVariant[] = [];
  for (const v of STARTUP_VARIANTS) {
    const all = rs.filter(v.match);
    if (all.length === 0) continue;
    const ok = all.filter((r) => r.firstRootMs !== null && !r.rebuiltSources);
    const med = (f: (r: StartupResult) => number | null | undefined): number | null => {
      const xs = ok.map(f).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      return xs.length ? median(xs) : null;
    };
    const roots = ok.map((r) => r.firstRootMs!);
    const withQueries = all.find((r) => r.http !== null);
    variants.push({
      kind: v.kind,
      label: v.label,
      runs: all.length,
      failed: all.filter((r) => r.firstRootMs === null).length,
      rebuilt: all.filter((r) => r.firstRootMs !== null && r.rebuiltSources).length,
      firstRootMs: med((r) => r.firstRootMs),
      firstRootMin: roots.length ? Math.min(...roots) : null,
      firstRootMax: roots.length ? Math.max(...roots) : null,
      firstSearchMs: med((r) => r.firstSearchMs),
      cpuAtFirstRootMs: med((r) => r.cpuAtFirstRootMs),
      load1: med((r) => r.load1),
      rootStatus: ok[0]?.rootStatus ?? null,
      searchStatus: ok[0]?.searchStatus ?? null,
      rssAfterStartMB: med((r) => r.afterStart?.rssMB),
      hwmAfterQueriesMB: withQueries?.afterQueries?.hwmMB ?? null,
      rssAfterQueriesMB: withQueries?.afterQueries?.rssMB ?? null,
      http: withQueries?.http ?? null,
    });
  }
  return { variants };
}

export function summarizeSize(s: SizeRuns): SizeSummary {
  const runs = s.analysis.map(derived);
  const stages: SizeSummary['stages'] = {};
  for (const { key } of STAGES) {
    const xs = runs.map((r) => r[key]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    if (xs.length === 0) continue;
    const med = median(xs);
    stages[key] = { median: med, min: Math.min(...xs), max: Math.max(...xs), mbPerS: s.bytes / 1e6 / (med / 1000) };
  }
  const counts = s.analysis[0]?.counts ?? {};
  // Search ratio within one run: pair the baseline with the claimtrace run of the same repetition.
  const searchRatios: number[] = [];
  const searchP50Ratios: number[] = [];
  for (let i = 0; i < Math.min(s.search.length, s.baseline.length); i++) {
    searchRatios.push(s.baseline[i]!.latency.p99 / s.search[i]!.latency.p99);
    searchP50Ratios.push(s.baseline[i]!.latency.p50 / s.search[i]!.latency.p50);
  }
  return {
    n: s.n,
    files: s.files,
    bytes: s.bytes,
    reps: s.analysis.length,
    stages,
    counts,
    peakRssMB: {
      analysis: median(s.analysis.map((r) => r.maxRssMB)),
      search: s.search.length ? median(s.search.map((r) => r.maxRssMB)) : null,
      baseline: s.baseline.length ? median(s.baseline.map((r) => r.maxRssMB)) : null,
    },
    annotationsMB: median(s.analysis.map((r) => r.annotationsBytes)) / 1048576,
    searchIndexMB: s.analysis[0]?.searchIndex ? median(s.analysis.map((r) => r.searchIndex.bytes)) / 1048576 : null,
    searchIndexFiles: s.analysis[0]?.searchIndex?.files ?? null,
    search: summarizeSearch(s.search),
    baselineSearch: summarizeSearch(s.baseline),
    ratios: {
      analysisOverBareParse: median(runs.map((r) => r.analysis! / r.bareParse!)),
      analysisThreadsOverBareParse: median(runs.map((r) => r.analysisThreads! / r.bareParse!)),
      readOverRawRead: median(runs.map((r) => r.read! / r.rawRead!)),
      incrementalPct: median(runs.map((r) => (100 * r.incrementalRebuild!) / (r.fullBuild ?? r.annotationsBuild!))),
      incrementalAnnotationsPct: median(runs.map((r) => (100 * (r.incrementalAnnotations ?? r.incrementalRebuild!)) / r.annotationsBuild!)),
      searchP99BaselineOverClaimtrace: searchRatios.length ? median(searchRatios) : null,
      searchP50BaselineOverClaimtrace: searchP50Ratios.length ? median(searchP50Ratios) : null,
    },
    incrementalAnalysed: s.analysis.map((r) => r.incremental.analysed),
    noChangeAnalysed: s.analysis.map((r) => r.incremental.noChangeAnalysed),
    incrementalSearch: s.analysis.map((r) => ({ rebuilt: r.incremental.searchRebuilt, analysed: r.incremental.searchAnalysed, newTexts: r.incremental.searchNewTexts, noChange: r.incremental.noChangeSearchRebuilt })),
    startup: summarizeStartup(s.startup ?? []),
    threads: s.analysis[0]?.threads ?? 1,
    contention: (() => {
      const procs = [...s.analysis, ...s.search, ...s.baseline].map((r) => r.proc).filter((p) => p !== undefined);
      if (procs.length === 0) return { cpuOverWall: null, load1Max: null, cores: null };
      return { cpuOverWall: median(procs.map((p) => p.cpuMs / p.wallMs)), load1Max: Math.max(...procs.flatMap((p) => [p.load1Start, p.load1End])), cores: procs[0]!.cores };
    })(),
  };
}

export interface Target {
  id: string;
  description: string;
  target: string;
  value: number | null;
  /** The measured value as shown (with its unit). */
  shown: string;
  status: 'PASS' | 'MISS' | 'NOT RUN';
  detail: string;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ms = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? 'n/a' : `${fmt(x, digits)} ms`);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The dominant analysis stage (name and share) for a size. */
export function dominantStage(s: SizeSummary): { key: string; share: number } {
  let best = { key: '', share: 0 };
  const total = s.stages.analysis?.median ?? NaN;
  for (const k of ANALYSIS_PARTS) {
    const v = s.stages[k]?.median ?? 0;
    if (v / total > best.share) best = { key: k, share: v / total };
  }
  return best;
}

function stageShares(s: SizeSummary): string {
  const total = s.stages.analysis?.median ?? NaN;
  return ANALYSIS_PARTS.map((k) => `${k} ${fmt((100 * (s.stages[k]?.median ?? 0)) / total, 0)}%`).join(', ');
}

/** The start-up variant a target is judged on: `npm start` if it was measured, else `serve --build`, else plain `serve`. */
function startupVariant(s: SizeSummary | undefined, kind: StartupKind): StartupVariant | undefined {
  return s?.startup?.variants.find((v) => v.kind === kind);
}

export function evaluateTargets(sizes: readonly SizeSummary[]): Target[] {
  const at = (n: number) => sizes.find((s) => s.n === n);
  const s200 = at(200);
  const s2000 = at(2000);
  const targets: Target[] = [];
  const status = (v: number | null, ok: (v: number) => boolean): Target['status'] => (v === null || !Number.isFinite(v) ? 'NOT RUN' : ok(v) ? 'PASS' : 'MISS');

  // Judged on the analysis as `claimtrace build` runs it by default, in one thread; the same
  // analysis spread over the cores (`--jobs`) is beside it.
  const ratio = s2000?.ratios.analysisOverBareParse ?? null;
  targets.push({
    id: 'analysis-vs-parse',
    description: 'whole analysis (parse … consistency, cross-source) at 2,000 / bare remark-parse, same run',
    target: '≤ 2×',
    value: ratio,
    shown: ratio === null ? '—' : `${fmt(ratio, 2)}×`,
    status: status(ratio, (v) => v <= 2),
    detail: s2000
      ? `${int(s2000.stages.analysis?.median ?? NaN)} ms vs ${int(s2000.stages.bareParse?.median ?? NaN)} ms; ${stageShares(s2000)}; ` +
        `on ${s2000.threads} threads ${fmt(s2000.ratios.analysisThreadsOverBareParse, 2)}× (${int(s2000.stages.analysisThreads?.median ?? NaN)} ms)`
      : 'N=2,000 not run',
  });

  const growth = s200 && s2000 ? (s2000.stages.analysis?.median ?? NaN) / (s200.stages.analysis?.median ?? NaN) : null;
  const bytesGrowth = s200 && s2000 ? s2000.bytes / s200.bytes : NaN;
  targets.push({
    id: 'growth',
    description: 'analysis time(2,000) / time(200)',
    target: '≤ 11',
    value: growth,
    shown: growth === null ? '—' : `${fmt(growth, 2)}×`,
    status: status(growth, (v) => v <= 11),
    detail: growth === null ? 'needs N=200 and N=2,000' : `${int(s2000!.stages.analysis?.median ?? NaN)} ms / ${int(s200!.stages.analysis?.median ?? NaN)} ms; input grew ${fmt(bytesGrowth, 2)}×; exponent log(time ratio)/log(size ratio) = ${fmt(Math.log(growth) / Math.log(bytesGrowth), 2)}`,
  });

  const inc = s2000?.ratios.incrementalPct ?? null;
  targets.push({
    id: 'incremental-rebuild',
    description: '1 source edited in 2,000: (buildAnnotations + updateSearchIndex) / full cold build',
    target: '< 5%',
    value: inc,
    shown: inc === null ? '—' : `${fmt(inc, 2)}%`,
    status: status(inc, (v) => v < 5),
    detail: s2000
      ? `${int(s2000.stages.incrementalRebuild?.median ?? NaN)} ms (annotations ${int(s2000.stages.incrementalAnnotations?.median ?? NaN)} ms + search index ${int(s2000.stages.incrementalSearch?.median ?? NaN)} ms) of ${int(s2000.stages.fullBuild?.median ?? NaN)} ms (annotations ${int(s2000.stages.annotationsBuild?.median ?? NaN)} ms + search index ${int(s2000.stages.searchIndexBuild?.median ?? NaN)} ms); ` +
        `sources re-analysed per run: ${s2000.incrementalAnalysed.join(', ')}; search index update per run: ${s2000.incrementalSearch.map((x) => `${x.rebuilt} (${x.analysed} source re-read, ${x.newTexts} new texts)`).join(', ')}; no-change rebuild re-analysed ${s2000.noChangeAnalysed.join(', ')}, search index ${s2000.incrementalSearch.map((x) => x.noChange).join(', ')}`
      : 'N=2,000 not run',
  });

  const p99 = s2000?.search?.p99 ?? null;
  targets.push({
    id: 'search-p99',
    description: 'claimtrace search p99 at 2,000 sources (1,000 queries, engine.search)',
    target: '≤ 10 ms',
    value: p99,
    shown: p99 === null ? '—' : `${fmt(p99, 2)} ms`,
    status: status(p99, (v) => v <= 10),
    detail: s2000?.search ? `p50 ${fmt(s2000.search.p50, 2)} ms, p90 ${fmt(s2000.search.p90, 2)} ms, max ${fmt(s2000.search.max, 1)} ms; CPU time per query p99 ${fmt(s2000.search.cpuP99 ?? NaN, 2)} ms; ${Object.entries(s2000.search.byKind).map(([k, v]) => `${k} p99 ${fmt(v.p99, 2)}`).join(', ')}` : 'not measured',
  });

  const sr = s2000?.ratios.searchP99BaselineOverClaimtrace ?? null;
  targets.push({
    id: 'search-vs-lunr',
    description: 'search p99 at 2,000: bare per-paragraph lunr / claimtrace, same run',
    target: '≥ 10×',
    value: sr,
    shown: sr === null ? '—' : `${fmt(sr, 1)}×`,
    status: status(sr, (v) => v >= 10),
    detail: s2000?.search && s2000.baselineSearch
      ? `baseline p99 ${fmt(s2000.baselineSearch.p99, 2)} ms, claimtrace p99 ${fmt(s2000.search.p99, 2)} ms; at p50 ${fmt(s2000.ratios.searchP50BaselineOverClaimtrace ?? NaN, 1)}× (${fmt(s2000.baselineSearch.p50, 2)} vs ${fmt(s2000.search.p50, 2)} ms)`
      : 'claimtrace search or the baseline was not measured at N=2,000',
  });

  const real = startupVariant(s2000, 'plain');
  const worker = s2000?.search?.maxRssMB ?? null;
  const rss = real?.hwmAfterQueriesMB ?? worker;
  targets.push({
    id: 'serving-rss',
    description: real?.hwmAfterQueriesMB != null ? 'peak RSS of `claimtrace serve` at 2,000 after 1,000 HTTP searches' : `peak RSS of the serving process at 2,000 (search worker${s2000 ? '; no `serve` yet' : ''})`,
    target: '≤ 300 MB',
    value: rss,
    shown: rss === null ? '—' : `${fmt(rss, 0)} MB`,
    status: status(rss, (v) => v <= 300),
    detail: [
      real?.hwmAfterQueriesMB != null ? `server VmHWM ${fmt(real.hwmAfterQueriesMB, 0)} MB, VmRSS ${fmt(real.rssAfterQueriesMB ?? NaN, 0)} MB after the queries (${fmt(real.rssAfterStartMB ?? NaN, 0)} MB after start-up)` : 'real server not measured',
      s2000?.search ? `search worker (loadSearchIndex + engine.search only): peak ${fmt(s2000.search.maxRssMB, 0)} MB, ${fmt(s2000.search.rssMB, 0)} MB after load (${fmt(s2000.search.rssStartMB ?? NaN, 0)} MB before it)` : '',
      s2000?.baselineSearch ? `bare lunr baseline process: peak ${fmt(s2000.baselineSearch.maxRssMB, 0)} MB` : '',
    ].filter(Boolean).join('; '),
  });

  const npm = startupVariant(s2000, 'npm');
  const build = startupVariant(s2000, 'build');
  const plain = startupVariant(s2000, 'plain');
  const judged = npm ?? build ?? plain;
  const st = judged?.firstRootMs ?? null;
  targets.push({
    id: 'startup',
    description: `${judged ? judged.label.replace(/ \(.*\)$/, '') : 'npm start'} → first answered request, 2,000 prebuilt`,
    target: '≤ 2 s',
    value: st,
    shown: st === null ? '—' : `${fmt(st / 1000, 2)} s`,
    status: status(st, (v) => v <= 2000),
    detail: s2000?.startup
      ? s2000.startup.variants.map((v) => `${v.label}: GET / ${ms(v.firstRootMs)} (${ms(v.firstRootMin)}–${ms(v.firstRootMax)}, ${v.runs - v.failed}/${v.runs} answered${v.rebuilt ? `, ${v.rebuilt} left out: their --build re-analysed sources` : ''}${v.cpuAtFirstRootMs !== null ? `, server CPU ${ms(v.cpuAtFirstRootMs)}` : ''}), /api/search ${ms(v.firstSearchMs)}`).join('; ')
      : s2000 ? 'the CLI has no `serve` command yet' : 'N=2,000 not run',
  });
  return targets;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

export function formatSize(s: SizeSummary, notes: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`N = ${s.n.toLocaleString('en-US')}: ${s.files} files, ${fmt(s.bytes / 1e6, 2)} MB, ${s.reps} run${s.reps === 1 ? '' : 's'} in fresh processes (medians)`);
  for (const n of notes) lines.push(`  note: ${n}`);
  lines.push(`  ${pad('stage', 46)}${pad('ms', 11, true)}${pad('min–max', 19, true)}${pad('MB/s', 10, true)}${pad('% analysis', 12, true)}`);
  const total = s.stages.analysis?.median ?? NaN;
  for (const { key, label, sub } of STAGES) {
    const st = s.stages[key];
    if (!st) continue;
    const share = ANALYSIS_PARTS.includes(key) ? `${fmt((100 * st.median) / total, 1)}%` : '';
    lines.push(
      `  ${pad((sub ? '  ' : '') + label, 46)}${pad(fmt(st.median, 1), 11, true)}${pad(`${fmt(st.min, 0)}–${fmt(st.max, 0)}`, 19, true)}` +
        `${pad(THROUGHPUT.has(key) ? fmt(st.mbPerS, 2) : '', 10, true)}${pad(share, 12, true)}`,
    );
  }
  const r = s.ratios;
  lines.push(`  ratios (within each run): analysis in one thread / bare parse ${fmt(r.analysisOverBareParse, 2)}×, analysis on ${s.threads} threads / bare parse ${fmt(r.analysisThreadsOverBareParse, 2)}×, read / raw read ${fmt(r.readOverRawRead, 2)}×, 1-edit rebuild ${fmt(r.incrementalPct, 2)}% of full build (annotations alone ${fmt(r.incrementalAnnotationsPct, 2)}%)`);
  lines.push(`  on disk: annotations/ ${fmt(s.annotationsMB, 1)} MB, annotations/search/ ${s.searchIndexMB === null ? 'n/a' : `${fmt(s.searchIndexMB, 1)} MB in ${s.searchIndexFiles} files`}`);
  lines.push(`  peak RSS (maxRSS): analysis worker ${fmt(s.peakRssMB.analysis, 0)} MB${s.peakRssMB.search !== null ? `, search worker ${fmt(s.peakRssMB.search, 0)} MB` : ''}${s.peakRssMB.baseline !== null ? `, baseline search worker ${fmt(s.peakRssMB.baseline, 0)} MB` : ''}`);
  if (s.contention.cpuOverWall !== null) lines.push(`  machine sharing: workers had CPU ${fmt(100 * s.contention.cpuOverWall, 0)}% of their wall time (median); 1-minute load average up to ${fmt(s.contention.load1Max ?? NaN, 2)} on ${s.contention.cores} cores`);
  const c = s.counts;
  lines.push(`  found: ${c.paragraphs} paragraphs, ${c.sentences} sentences, ${c.claims} claims, ${c.captions} captions, ${c.flags} flags + ${c.crossFlags} cross-source flags, ${c.facts} facts`);
  for (const sr of [s.search, s.baselineSearch]) {
    if (!sr) continue;
    lines.push(
      `  search [${sr.engine}] (${sr.runs} run${sr.runs === 1 ? '' : 's'}, ${sr.documents} lunr documents${sr.units !== null ? ` for ${sr.units} units` : ''}): ` +
        `load ${fmt(sr.loadMs, 0)} ms, in-process build ${fmt(sr.buildMs, 0)} ms, ${sr.indexMB === null ? 'size n/a' : `${fmt(sr.indexMB, 1)} MB`}, ` +
        `RSS ${fmt(sr.rssStartMB ?? NaN, 0)} → ${fmt(sr.rssMB, 0)} MB after load${sr.rssAfterGcMB !== null ? ` (${fmt(sr.rssAfterGcMB, 0)} MB after GC)` : ''}, peak ${fmt(sr.maxRssMB, 0)} MB`,
    );
    lines.push(
      `    latency p50 ${fmt(sr.p50, 3)} ms, p90 ${fmt(sr.p90, 3)} ms, p99 ${fmt(sr.p99, 3)} ms, max ${fmt(sr.max, 1)} ms; ` +
        Object.entries(sr.byKind).map(([k, v]) => `${k} p99 ${fmt(v.p99, 2)}`).join(', ') + `; ${sr.zeroHit} of 1000 queries found nothing` +
        (sr.cpuP99 !== null ? `; CPU time per query p50 ${fmt(sr.cpuP50 ?? NaN, 3)} ms, p99 ${fmt(sr.cpuP99, 3)} ms` : ''),
    );
  }
  if (s.search && s.baselineSearch) lines.push(`  search bare lunr / claimtrace: p99 ${fmt(s.ratios.searchP99BaselineOverClaimtrace ?? NaN, 1)}×, p50 ${fmt(s.ratios.searchP50BaselineOverClaimtrace ?? NaN, 1)}×`);
  const startup = formatStartup(s);
  if (startup) lines.push(startup);
  return lines.join('\n');
}

/** The start-up lines of a size's table (empty when not measured). */
export function formatStartup(s: SizeSummary): string {
  const lines: string[] = [];
  for (const v of s.startup?.variants ?? []) {
    lines.push(
      `  start-up [${v.label}] (${v.runs - v.failed}/${v.runs} answered${v.rebuilt ? `, ${v.rebuilt} left out: --build re-analysed` : ''}): first GET / ${ms(v.firstRootMs)} (${ms(v.firstRootMin)}–${ms(v.firstRootMax)}, status ${v.rootStatus}), ` +
        `first /api/search ${ms(v.firstSearchMs)} (status ${v.searchStatus}), RSS after start ${fmt(v.rssAfterStartMB ?? NaN, 0)} MB` +
        `${v.cpuAtFirstRootMs !== null ? `, server CPU by then ${ms(v.cpuAtFirstRootMs)}` : ''}${v.load1 !== null ? `, load average ${fmt(v.load1, 2)}` : ''}`,
    );
    if (v.http) {
      lines.push(
        `    ${v.http.queries} HTTP searches: p50 ${fmt(v.http.p50, 2)} ms, p99 ${fmt(v.http.p99, 2)} ms, max ${fmt(v.http.max, 1)} ms; statuses ${Object.entries(v.http.statuses).map(([k, n]) => `${k}×${n}`).join(', ')}; ` +
          `server VmHWM ${fmt(v.hwmAfterQueriesMB ?? NaN, 0)} MB, VmRSS ${fmt(v.rssAfterQueriesMB ?? NaN, 0)} MB`,
      );
    }
  }
  return lines.join('\n');
}

export function formatTargets(targets: readonly Target[]): string {
  const lines = ['Targets'];
  for (const t of targets) {
    lines.push(`  ${pad(t.status, 8)}${pad(t.description, 86)}${pad(t.target, 9)} ${t.shown}`);
    lines.push(`          ${t.detail}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Markdown for the README.

interface MarkdownMeta {
  date: string;
  command: string;
  machine: { cpu: string; cores: number; memoryGB: number; platform: string; node: string };
  packages: Record<string, string | null>;
  method: { seed: number; queries: number; queryMix: Record<string, number> };
  git?: { atStart: { commit: string | null; dirty: string[] }; atEnd: { commit: string | null; dirty: string[] } };
}

const cell = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** The stage table (N columns side by side), search, start-up and targets, as Markdown. */
export function formatMarkdown(sizes: readonly SizeSummary[], targets: readonly Target[], meta: MarkdownMeta, ns: readonly number[] = [200, 2000]): string {
  const shown = ns.map((n) => sizes.find((s) => s.n === n)).filter((s): s is SizeSummary => s !== undefined);
  const out: string[] = [];
  if (shown.length === 0) return '';
  const head = shown.map((s) => `N = ${s.n.toLocaleString('en-US')} ms | MB/s`).join(' | ');
  out.push(`| stage (median of runs, fresh processes) | ${head} |`);
  out.push(`|---|${shown.map(() => '--:|--:').join('|')}|`);
  for (const { key, label, sub } of STAGES) {
    if (!shown.some((s) => s.stages[key])) continue;
    const name = sub ? `&nbsp;&nbsp;${label}` : label.startsWith('=') ? `**${label}**` : label;
    out.push(`| ${name} | ${shown.map((s) => `${cell(s.stages[key]?.median, s.stages[key] && s.stages[key]!.median < 10 ? 1 : 0)} | ${THROUGHPUT.has(key) ? cell(s.stages[key]?.mbPerS, 2) : ''}`).join(' | ')} |`);
  }
  out.push('');
  out.push(`| corpus | ${shown.map((s) => `N = ${s.n.toLocaleString('en-US')}`).join(' | ')} |`);
  out.push(`|---|${shown.map(() => '--:').join('|')}|`);
  const row = (label: string, f: (s: SizeSummary) => string) => out.push(`| ${label} | ${shown.map(f).join(' | ')} |`);
  row('sources / MB of text', (s) => `${cell(s.files)} / ${cell(s.bytes / 1e6, 2)}`);
  row('paragraphs / sentences / claims', (s) => `${cell(s.counts.paragraphs)} / ${cell(s.counts.sentences)} / ${cell(s.counts.claims)}`);
  row('runs (baseline search runs)', (s) => `${s.reps} (${s.baselineSearch?.runs ?? 0})`);
  row('analysis / bare remark-parse', (s) => `${cell(s.ratios.analysisOverBareParse, 2)}×`);
  row('analysis on one thread per core / bare remark-parse', (s) => `${cell(s.ratios.analysisThreadsOverBareParse, 2)}× (${s.threads} threads)`);
  row('1-edit rebuild / full build', (s) => `${cell(s.ratios.incrementalPct, 2)}%`);
  row('annotations/ on disk (without search/)', (s) => `${cell(s.annotationsMB, 1)} MB`);
  row('annotations/search/ on disk', (s) => `${cell(s.searchIndexMB, 1)} MB`);
  row('peak RSS, analysis worker', (s) => `${cell(s.peakRssMB.analysis)} MB`);
  row('workers\' CPU / wall time; max load average', (s) => (s.contention.cpuOverWall === null ? '—' : `${cell(100 * s.contention.cpuOverWall)}%; ${cell(s.contention.load1Max, 1)}`));
  out.push('');
  out.push(`| search, 1,000 queries | ${shown.map((s) => `N = ${s.n.toLocaleString('en-US')}`).join(' | ')} |`);
  out.push(`|---|${shown.map(() => '--:').join('|')}|`);
  const srow = (label: string, f: (x: SearchSummary) => string, which: 'search' | 'baselineSearch') => out.push(`| ${label} | ${shown.map((s) => (s[which] ? f(s[which]!) : '—')).join(' | ')} |`);
  srow('claimtrace: lunr documents (distinct passages) / units', (x) => `${cell(x.documents)} / ${cell(x.units)}`, 'search');
  srow('claimtrace: load (index.json + loadSearchIndex)', (x) => `${cell(x.loadMs)} ms`, 'search');
  srow('claimtrace: RSS after load / peak', (x) => `${cell(x.rssMB)} / ${cell(x.maxRssMB)} MB`, 'search');
  srow('claimtrace: p50 / p99 / max', (x) => `${cell(x.p50, 2)} / ${cell(x.p99, 2)} / ${cell(x.max, 1)} ms`, 'search');
  srow('claimtrace: CPU time per query p50 / p99', (x) => `${cell(x.cpuP50, 2)} / ${cell(x.cpuP99, 2)} ms`, 'search');
  srow('baseline: lunr documents (paragraphs)', (x) => cell(x.documents), 'baselineSearch');
  srow('baseline: load analyses + build index', (x) => `${cell(x.loadMs)} + ${cell(x.buildMs)} ms`, 'baselineSearch');
  srow('baseline: index as JSON', (x) => `${cell(x.indexMB, 1)} MB`, 'baselineSearch');
  srow('baseline: RSS after build / peak', (x) => `${cell(x.rssMB)} / ${cell(x.maxRssMB)} MB`, 'baselineSearch');
  srow('baseline: p50 / p99 / max', (x) => `${cell(x.p50, 2)} / ${cell(x.p99, 2)} / ${cell(x.max, 1)} ms`, 'baselineSearch');
  srow('baseline: CPU time per query p50 / p99', (x) => `${cell(x.cpuP50, 2)} / ${cell(x.cpuP99, 2)} ms`, 'baselineSearch');
  row('p99 baseline / claimtrace', (s) => (s.ratios.searchP99BaselineOverClaimtrace === null ? '—' : `${cell(s.ratios.searchP99BaselineOverClaimtrace, 1)}×`));
  const variants = [...new Set(shown.flatMap((s) => (s.startup?.variants ?? []).map((v) => v.label)))];
  if (variants.length > 0) {
    out.push('');
    out.push(`| viewer start-up (prebuilt annotations) | ${shown.map((s) => `N = ${s.n.toLocaleString('en-US')}`).join(' | ')} |`);
    out.push(`|---|${shown.map(() => '--:').join('|')}|`);
    for (const label of variants) {
      const v = (s: SizeSummary) => s.startup?.variants.find((x) => x.label === label);
      row(`\`${label}\` → first GET / (first /api/search)`, (s) => (v(s) ? `${cell(v(s)!.firstRootMs)} (${cell(v(s)!.firstSearchMs)}) ms` : '—'));
      if (shown.some((s) => v(s)?.http)) {
        row(`&nbsp;&nbsp;1,000 HTTP searches p50 / p99`, (s) => (v(s)?.http ? `${cell(v(s)!.http!.p50, 2)} / ${cell(v(s)!.http!.p99, 2)} ms` : '—'));
        row(`&nbsp;&nbsp;server peak RSS (VmHWM) after them`, (s) => (v(s)?.hwmAfterQueriesMB != null ? `${cell(v(s)!.hwmAfterQueriesMB)} MB` : '—'));
      }
    }
  }
  out.push('');
  out.push('| target | measured | status |');
  out.push('|---|--:|---|');
  for (const t of targets) out.push(`| ${t.description} ${t.target.replace('<', '&lt;')} | ${t.shown} | ${t.status} |`);
  out.push('');
  const p = meta.packages;
  out.push(
    `Machine: ${meta.machine.cores} × ${meta.machine.cpu}, ${meta.machine.memoryGB} GB RAM, ${meta.machine.platform}; Node ${meta.machine.node}; ` +
      Object.entries(p).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ') + `. Run ${meta.date.slice(0, 10)}, seed ${meta.method.seed}, ` +
      `${meta.method.queries} queries (${Object.entries(meta.method.queryMix).map(([k, v]) => `${v} ${k}`).join(', ')}). Command: \`${meta.command}\`.` +
      (meta.git?.atStart.commit ? ` Commit ${meta.git.atStart.commit.slice(0, 7)}${meta.git.atEnd.commit && meta.git.atEnd.commit !== meta.git.atStart.commit ? ` (${meta.git.atEnd.commit.slice(0, 7)} at the end)` : ''}` +
        `${meta.git.atStart.dirty.length ? `, with uncommitted changes to ${meta.git.atStart.dirty.join(', ')}` : ''}.` : ''),
  );
  return `${out.join('\n')}\n`;
}
