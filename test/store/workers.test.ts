/**
 * How many threads a build uses.
 */
import { describe, expect, it } from 'vitest';
import type { SourceInput } from '../../src/core/pipeline.js';
import { AUTO_THREADS_FROM, AUTO_THREADS_MAX, jobsFor } from '../../src/store/workers.js';

const sources = (n: number): SourceInput[] =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, path: `sources/s${i}.txt`, text: 'A sentence.', format: 'txt' as const }));

describe('threads of a build', () => {
  it('stays on one thread for a small build, whatever the cores', () => {
    expect(jobsFor(sources(2), undefined, 16)).toBe(1);
    expect(jobsFor(sources(AUTO_THREADS_FROM - 1), undefined, 16)).toBe(1);
  });

  it('uses one thread per core for a large build, up to the cap', () => {
    expect(jobsFor(sources(AUTO_THREADS_FROM), undefined, 2)).toBe(2);
    expect(jobsFor(sources(AUTO_THREADS_FROM * 4), undefined, 64)).toBe(AUTO_THREADS_MAX);
    expect(jobsFor(sources(AUTO_THREADS_FROM), undefined, 1)).toBe(1);
  });

  it('does what --jobs asks, but never more threads than sources', () => {
    expect(jobsFor(sources(AUTO_THREADS_FROM * 2), 1, 16)).toBe(1);
    expect(jobsFor(sources(3), 8, 16)).toBe(3);
    expect(jobsFor(sources(0), 4, 16)).toBe(1);
  });
});
