/**
 * The analysis pipeline taken apart into timed stages, mirroring
 * src/core/pipeline.ts exactly: the detector chain is read from
 * pipeline.ts itself (`const detectors = unified().use(a).use(b)…`) and each
 * plugin is run as its own frozen processor, in that order, on the same tree
 * and VFile that analyzeSource would use. Running transformers one after
 * another is what unified's runSync does with the whole chain, so the result
 * is the same; `checkMirror` proves it on a sample against analyzeSource.
 */
import { readFileSync } from 'node:fs';
import type { Root } from 'mdast';
import { unified, type Plugin } from 'unified';
import { VFile } from 'vfile';
import { reportFlag } from '../../src/core/flags.js';
import { parseSource } from '../../src/core/paragraphs.js';
import * as pipeline from '../../src/core/pipeline.js';
import type { SourceInput } from '../../src/core/pipeline.js';
import type { SourceAnalysis } from '../../src/core/types.js';
import { stableStringify } from '../../src/store/json.js';

const PIPELINE_TS = new URL('../../src/core/pipeline.ts', import.meta.url);

export interface ChainStage {
  /** The plugin's name in pipeline.ts (`paragraphs`, `structure`, `captions`, …). */
  name: string;
  /** Module it came from, relative to src/core. */
  module: string;
  run: (tree: Root, file: VFile) => void;
}

/** The names in `const detectors = unified().use(…)…` and the modules they are imported from. */
export function readChain(source = readFileSync(PIPELINE_TS, 'utf8')): { name: string; module: string }[] {
  const decl = /const\s+detectors\s*=\s*unified\(\)((?:\s*\.use\([^)]*\))+)\s*\.freeze\(\)/.exec(source);
  if (!decl) throw new Error('bench: cannot find `const detectors = unified().use(…).freeze()` in src/core/pipeline.ts; update scripts/lib/bench-stages.ts');
  const imports = new Map<string, string>();
  for (const m of source.matchAll(/import\s+(\w+)(?:\s*,\s*\{[^}]*\})?\s+from\s+'\.\/([\w.-]+)\.js'/g)) imports.set(m[1]!, m[2]!);
  return [...decl[1]!.matchAll(/\.use\(\s*([^)]*?)\s*\)/g)].map((m) => {
    const name = m[1]!;
    if (!/^\w+$/.test(name)) throw new Error(`bench: pipeline.ts uses a plugin with options (${name}); update scripts/lib/bench-stages.ts to pass them`);
    return { name, module: imports.get(name) ?? 'pipeline' };
  });
}

/** Each plugin of the chain as its own frozen processor's transformer runner. */
export async function loadChain(): Promise<ChainStage[]> {
  const stages: ChainStage[] = [];
  for (const { name, module } of readChain()) {
    const mod = (module === 'pipeline' ? pipeline : await import(new URL(`../../src/core/${module}.js`, import.meta.url).href)) as Record<string, unknown>;
    const plugin = (module === 'pipeline' ? mod[name] : mod.default) as Plugin<[], Root> | undefined;
    if (typeof plugin !== 'function') throw new Error(`bench: ${module}.ts does not export the plugin ${name}`);
    const processor = unified().use(plugin).freeze();
    stages.push({ name, module, run: (tree, file) => void processor.runSync(tree, file) });
  }
  return stages;
}

export const { newContext, analysisOf } = pipeline;

/** Stage names as reported: `parse`, then one per plugin (the `paragraphs` plugin is reported as `sentences`). */
export const stageLabel = (name: string): string => (name === 'paragraphs' ? 'sentences' : name);

/** A parse to compare the analysis with, run on the same texts beside it (see analyzeTimed). */
export type Baseline = (input: SourceInput) => void;

/** Sources per slice when a baseline is interleaved with the analysis. */
const SLICE = 25;

/**
 * Analyse every source stage by stage, accumulating each stage's time, and
 * hand each analysis to `each` (untimed) as soon as it is made. Source-major,
 * and nothing is kept here: a build stores an analysis and lets it go, and
 * 2,000 analyses held on the heap (over a gigabyte) would make every
 * collection copy and mark them, a cost no build pays.
 *
 * With a `baseline`, the corpus is taken in slices of SLICE sources, and each
 * slice is run through the baseline and through the analysis back to back
 * (alternating which goes first). On a shared machine, a burst of load lasts
 * seconds: timed as two separate passes, it can land on either one and swing
 * their ratio by half; interleaved, both see the same machine. Each side's
 * time is the sum of its own slices only.
 */
export function analyzeTimed(
  inputs: readonly SourceInput[],
  chain: readonly ChainStage[],
  each: (analysis: SourceAnalysis, index: number) => void,
  baseline?: Baseline,
): { ms: Record<string, number>; wallMs: number; baselineMs: number } {
  const ms: Record<string, number> = { parse: 0 };
  for (const s of chain) ms[stageLabel(s.name)] = 0;
  let wallMs = 0;
  let untimedMs = 0;
  let baselineMs = 0;
  const runBaseline = (from: number, to: number): void => {
    if (!baseline) return;
    const t = performance.now();
    for (let i = from; i < to; i++) baseline(inputs[i]!);
    baselineMs += performance.now() - t;
  };
  const slice = baseline ? SLICE : inputs.length;
  for (let from = 0, k = 0; from < inputs.length; from += slice, k++) {
    const to = Math.min(inputs.length, from + slice);
    if (k % 2 === 0) runBaseline(from, to);
    const started = performance.now();
    for (let i = from; i < to; i++) {
      const input = inputs[i]!;
      let t = performance.now();
      const tree = parseSource(input.text, input.format);
      let now = performance.now();
      ms.parse! += now - t;
      t = now;
      const { file, ctx } = newContext(input, tree);
      for (const stage of chain) {
        stage.run(tree, file);
        now = performance.now();
        ms[stageLabel(stage.name)]! += now - t;
        t = now;
      }
      // analyzeSource reports flags as vfile messages after the chain: count it with the last stage.
      for (const flag of ctx.flags) reportFlag(file, ctx.source.id, flag);
      const analysis = analysisOf(ctx);
      now = performance.now();
      ms[stageLabel(chain[chain.length - 1]!.name)]! += now - t;
      each(analysis, i);
      untimedMs += performance.now() - now;
    }
    wallMs += performance.now() - started - untimedMs;
    untimedMs = 0;
    if (k % 2 === 1) runBaseline(from, to);
  }
  return { ms, wallMs, baselineMs };
}

/** Compare staged analyses (by input index) with analyzeSource's; throws on any difference. */
export function checkMirror(inputs: readonly SourceInput[], analyses: ReadonlyMap<number, SourceAnalysis>): number {
  for (const [i, actualAnalysis] of analyses) {
    const expected = stableStringify(pipeline.analyzeSource(inputs[i]!).analysis);
    const actual = stableStringify(actualAnalysis);
    if (expected !== actual) {
      throw new Error(`bench: the staged pipeline differs from analyzeSource on ${inputs[i]!.id}; scripts/lib/bench-stages.ts no longer mirrors src/core/pipeline.ts`);
    }
  }
  return analyses.size;
}
