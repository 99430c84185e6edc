/**
 * The staged analysis the benchmark times: behaviour only, no timing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTimed, checkMirror, loadChain } from '../../scripts/lib/bench-stages.js';
import type { SourceInput } from '../../src/core/pipeline.js';
import type { SourceAnalysis } from '../../src/core/types.js';
import { readSource } from '../../src/store/sources.js';

const root = new URL('../../', import.meta.url).pathname;
const fixtures = join(root, 'test/fixtures');
// More sources than one slice, so the baseline and the analysis take turns.
const inputs: SourceInput[] = readdirSync(fixtures)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .slice(0, 32)
  .map((f) => readSource(join(fixtures, f), { id: f }));

const collect = () => {
  const analyses = new Map<number, SourceAnalysis>();
  return { analyses, each: (a: SourceAnalysis, i: number) => void analyses.set(i, a) };
};

describe('the staged analysis the benchmark times', () => {
  it('runs the baseline once on every source, beside the analysis, and times both', async () => {
    const chain = await loadChain();
    const seen: string[] = [];
    const { analyses, each } = collect();
    const run = analyzeTimed(inputs, chain, each, (input) => void seen.push(input.id));
    expect(seen.sort()).toEqual(inputs.map((i) => i.id).sort());
    expect([...analyses.keys()]).toEqual(inputs.map((_, i) => i));
    expect([...analyses.values()].map((a) => a.source.id)).toEqual(inputs.map((i) => i.id));
    expect(run.wallMs).toBeGreaterThan(0);
    expect(run.baselineMs).toBeGreaterThanOrEqual(0);
    // The stage timings add up to (no more than) the analysis time they were taken in.
    const staged = Object.values(run.ms).reduce((a, b) => a + b, 0);
    expect(staged).toBeLessThanOrEqual(run.wallMs + 1e-6);
    expect(staged).toBeGreaterThan(run.wallMs * 0.5);
  });

  it('leaves out of the analysis time what is done with each analysis', async () => {
    const busy = (until: number) => { while (performance.now() < until); };
    const run = analyzeTimed(inputs, await loadChain(), () => busy(performance.now() + 20));
    const staged = Object.values(run.ms).reduce((a, b) => a + b, 0);
    // Counted, 32 sources × 20 ms of work after each would put the analysis time 640 ms over its stages.
    expect(run.wallMs - staged).toBeLessThan(100);
  });

  it('analyses every source exactly as analyzeSource does', async () => {
    const { analyses, each } = collect();
    analyzeTimed(inputs, await loadChain(), each, () => undefined);
    expect(checkMirror(inputs, analyses)).toBe(inputs.length);
  });
});
