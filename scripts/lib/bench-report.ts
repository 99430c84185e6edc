/**
 * Medians over runs, the per-N tables, and the targets with PASS/MISS.
 */
import type { AnalysisResult, ServeResult } from './bench-worker.js';

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
  { key: 'analysis', label: '= analysis (parse … cross-source)' },
  { key: 'annotationsBuild', label: 'annotations build, cold (re-analyses)' },
  { key: 'annotationsWrite', label: 'of which: write (serialise + atomic)', sub: true },
  { key: 'noChangeRebuild', label: 'annotations rebuild, nothing changed' },
  { key: 'incrementalRebuild', label: 'annotations rebuild, 1 source edited' },
];

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
  search: SearchSummary | null;
  baselineSearch: SearchSummary | null;
  /** Ratios computed within each run, then the median over runs. */
  ratios: { analysisOverBareParse: number; readOverRawRead: number; incrementalPct: number; searchP99BaselineOverClaimtrace: number | null };
  incrementalAnalysed: number[];
  noChangeAnalysed: number[];
}

export interface SearchSummary {
  engine: string;
  runs: number;
  documents: number;
  buildMs: number;
  loadMs: number;
  indexMB: number | null;
  rssMB: number;
  rssAfterGcMB: number | null;
  p50: number;
  p90: number;
  p99: number;
  max: number;
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
    buildMs: m((r) => r.buildMs),
    loadMs: m((r) => r.loadMs),
    indexMB: rs[0]!.indexBytes === null ? null : m((r) => r.indexBytes ?? NaN) / 1048576,
    rssMB: m((r) => r.rssMB),
    rssAfterGcMB: rs[0]!.rssAfterGcMB === null ? null : m((r) => r.rssAfterGcMB ?? NaN),
    p50: m((r) => r.latency.p50),
    p90: m((r) => r.latency.p90),
    p99: m((r) => r.latency.p99),
    max: m((r) => r.latency.max),
    byKind,
    hits: m((r) => r.hits),
    zeroHit: m((r) => r.zeroHit),
  };
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
  for (let i = 0; i < Math.min(s.search.length, s.baseline.length); i++) searchRatios.push(s.baseline[i]!.latency.p99 / s.search[i]!.latency.p99);
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
    search: summarizeSearch(s.search),
    baselineSearch: summarizeSearch(s.baseline),
    ratios: {
      analysisOverBareParse: median(runs.map((r) => r.analysis! / r.bareParse!)),
      readOverRawRead: median(runs.map((r) => r.read! / r.rawRead!)),
      incrementalPct: median(runs.map((r) => (100 * r.incrementalRebuild!) / r.annotationsBuild!)),
      searchP99BaselineOverClaimtrace: searchRatios.length ? median(searchRatios) : null,
    },
    incrementalAnalysed: s.analysis.map((r) => r.incremental.analysed),
    noChangeAnalysed: s.analysis.map((r) => r.incremental.noChangeAnalysed),
  };
}

export interface Target {
  id: string;
  description: string;
  target: string;
  value: number | null;
  status: 'PASS' | 'MISS' | 'NOT RUN';
  detail: string;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

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

export function evaluateTargets(sizes: readonly SizeSummary[]): Target[] {
  const at = (n: number) => sizes.find((s) => s.n === n);
  const s200 = at(200);
  const s2000 = at(2000);
  const targets: Target[] = [];

  const inc = s2000?.ratios.incrementalPct ?? null;
  targets.push({
    id: 'incremental-rebuild',
    description: '1-source-edit rebuild at 2,000, % of cold build',
    target: '< 5%',
    value: inc,
    status: inc === null ? 'NOT RUN' : inc < 5 ? 'PASS' : 'MISS',
    detail: s2000 ? `${fmt(s2000.stages.incrementalRebuild?.median ?? NaN, 0)} ms of ${fmt(s2000.stages.annotationsBuild?.median ?? NaN, 0)} ms; sources re-analysed per run: ${s2000.incrementalAnalysed.join(', ')} (no-change rebuild: ${s2000.noChangeAnalysed.join(', ')})` : 'N=2,000 not run',
  });

  const growth = s200 && s2000 ? (s2000.stages.analysis?.median ?? NaN) / (s200.stages.analysis?.median ?? NaN) : null;
  const bytesGrowth = s200 && s2000 ? s2000.bytes / s200.bytes : NaN;
  targets.push({
    id: 'growth',
    description: 'analysis time(2,000) / time(200)',
    target: '≤ 11',
    value: growth,
    status: growth === null ? 'NOT RUN' : growth <= 11 ? 'PASS' : 'MISS',
    detail: growth === null ? 'needs N=200 and N=2,000' : `input grew ${fmt(bytesGrowth, 2)}×; exponent log(time ratio)/log(size ratio) = ${fmt(Math.log(growth) / Math.log(bytesGrowth), 2)}`,
  });

  const ratio = s2000?.ratios.analysisOverBareParse ?? null;
  targets.push({
    id: 'analysis-vs-parse',
    description: 'whole analysis at 2,000 / bare remark-parse (same run)',
    target: '≤ 2×',
    value: ratio,
    status: ratio === null ? 'NOT RUN' : ratio <= 2 ? 'PASS' : 'MISS',
    detail: s2000 ? `${fmt(s2000.stages.analysis?.median ?? NaN, 0)} ms vs ${fmt(s2000.stages.bareParse?.median ?? NaN, 0)} ms; ${stageShares(s2000)}` : 'N=2,000 not run',
  });

  const sr = s2000?.ratios.searchP99BaselineOverClaimtrace ?? null;
  targets.push({
    id: 'search-p99',
    description: 'search p99 at 2,000: bare lunr / claimtrace (same run)',
    target: '≥ 10×',
    value: sr,
    status: sr === null ? 'NOT RUN' : sr >= 10 ? 'PASS' : 'MISS',
    detail: s2000?.search && s2000.baselineSearch
      ? `baseline p99 ${fmt(s2000.baselineSearch.p99, 2)} ms, claimtrace p99 ${fmt(s2000.search.p99, 2)} ms`
      : s2000 ? 'claimtrace search or the baseline was not measured at N=2,000' : 'N=2,000 not run',
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
  lines.push(`  ${pad('stage', 42)}${pad('ms', 11, true)}${pad('min–max', 19, true)}${pad('MB/s', 10, true)}${pad('% analysis', 12, true)}`);
  const total = s.stages.analysis?.median ?? NaN;
  for (const { key, label, sub } of STAGES) {
    const st = s.stages[key];
    if (!st) continue;
    const share = ANALYSIS_PARTS.includes(key) ? `${fmt((100 * st.median) / total, 1)}%` : '';
    lines.push(
      `  ${pad((sub ? '  ' : '') + label, 42)}${pad(fmt(st.median, 1), 11, true)}${pad(`${fmt(st.min, 0)}–${fmt(st.max, 0)}`, 19, true)}` +
        `${pad(fmt(st.mbPerS, 2), 10, true)}${pad(share, 12, true)}`,
    );
  }
  const r = s.ratios;
  lines.push(`  ratios (within each run): analysis / bare parse ${fmt(r.analysisOverBareParse, 2)}×, read / raw read ${fmt(r.readOverRawRead, 2)}×, 1-edit rebuild ${fmt(r.incrementalPct, 2)}% of cold build`);
  lines.push(`  peak RSS (maxRSS): analysis worker ${fmt(s.peakRssMB.analysis, 0)} MB${s.peakRssMB.search !== null ? `, search worker ${fmt(s.peakRssMB.search, 0)} MB` : ''}${s.peakRssMB.baseline !== null ? `, baseline search worker ${fmt(s.peakRssMB.baseline, 0)} MB` : ''}`);
  const c = s.counts;
  lines.push(`  found: ${c.paragraphs} paragraphs, ${c.sentences} sentences, ${c.claims} claims, ${c.captions} captions, ${c.flags} flags + ${c.crossFlags} cross-source flags, ${c.facts} facts`);
  for (const sr of [s.search, s.baselineSearch]) {
    if (!sr) continue;
    lines.push(
      `  search [${sr.engine}] (${sr.runs} run${sr.runs === 1 ? '' : 's'}, ${sr.documents} paragraphs): index build ${fmt(sr.buildMs, 0)} ms, ` +
        `${sr.indexMB === null ? 'size n/a' : `${fmt(sr.indexMB, 1)} MB JSON`}, serving RSS ${fmt(sr.rssMB, 0)} MB${sr.rssAfterGcMB !== null ? ` (${fmt(sr.rssAfterGcMB, 0)} MB after GC)` : ''}, load ${fmt(sr.loadMs, 0)} ms`,
    );
    lines.push(
      `    latency p50 ${fmt(sr.p50, 3)} ms, p90 ${fmt(sr.p90, 3)} ms, p99 ${fmt(sr.p99, 3)} ms, max ${fmt(sr.max, 1)} ms; ` +
        Object.entries(sr.byKind).map(([k, v]) => `${k} p99 ${fmt(v.p99, 2)}`).join(', ') + `; ${sr.zeroHit} of 1000 queries found nothing`,
    );
  }
  if (s.search && s.baselineSearch) lines.push(`  search p99 bare lunr / claimtrace: ${fmt(s.ratios.searchP99BaselineOverClaimtrace ?? NaN, 2)}×`);
  return lines.join('\n');
}

export function formatTargets(targets: readonly Target[]): string {
  const lines = ['Targets'];
  for (const t of targets) {
    lines.push(`  ${pad(t.status, 8)}${pad(t.description, 58)}${pad(t.target, 7)} ${t.value === null ? '—' : fmt(t.value, 2)}`);
    lines.push(`          ${t.detail}`);
  }
  return lines.join('\n');
}
