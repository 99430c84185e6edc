/**
 * A build's per-source analyses spread over threads: this one and worker threads. Each source's
 * analysis depends on its text alone, so the work splits cleanly; the corpus
 * files (index, facts, cross-source checks) are still assembled in one place,
 * in input order, so the bytes on disk do not depend on how the work was
 * spread. Workers store each analysis themselves and send back only its
 * summary and keyed facts: the analyses never cross a thread boundary.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceInput } from '../core/pipeline.js';
import { analyseAndStore, buildAnnotationsWith, type AnalysedSource, type BuildResult } from './build.js';
import { UserError } from './errors.js';

export interface BuildOptions {
  /**
   * Threads to analyse on, this one included; 1: this thread alone. Unset:
   * one per core (at most AUTO_THREADS_MAX) once a build has
   * AUTO_THREADS_FROM sources or more to analyse, else this thread alone.
   */
  jobs?: number;
}

/**
 * Below this many sources to analyse, a build stays on one thread: a worker
 * takes about 0.7 s to load the detectors, the time this thread needs for
 * about 120 sources, so a small build would gain nothing it could measure.
 */
export const AUTO_THREADS_FROM = 500;
/** Each thread holds its own heap (~150 MB at work): a default that a laptop with many cores can afford. */
export const AUTO_THREADS_MAX = 8;

export type WorkRequest = { index: number; dir: string | undefined; input: SourceInput };
export type WorkReply = { index: number; ok: true; result: AnalysedSource } | { index: number; ok: false; subject?: string; problem: string };

/** What went wrong with a source's analysis, in the one line a build reports (the first line of the error). */
export const analysisProblem = (error: unknown): string => `could not be analysed (${(error as Error).message.split('\n')[0]})`;

/** How many threads a build of `todo` uses (never more than one per source); 1 means this thread alone. */
export function jobsFor(todo: readonly SourceInput[], jobs?: number, cores = availableParallelism()): number {
  const wanted = jobs ?? (todo.length >= AUTO_THREADS_FROM ? Math.min(cores, AUTO_THREADS_MAX) : 1);
  return Math.max(1, Math.min(Math.floor(wanted), todo.length));
}

/** `buildAnnotations`, with the analyses on `options.jobs` threads (see BuildOptions for the default). */
export function buildAnnotationsInParallel(dir: string, inputs: readonly SourceInput[], options: BuildOptions = {}): Promise<BuildResult> {
  return buildAnnotationsWith(dir, inputs, (d, todo) => analyseSources(d, todo, jobsFor(todo, options.jobs)));
}

/** Analyse (and, with `dir`, store) `todo` on `jobs` threads: this one and `jobs - 1` workers. */
export async function analyseSources(dir: string | undefined, todo: readonly SourceInput[], jobs: number): Promise<AnalysedSource[]> {
  return jobs <= 1 ? todo.map((input) => analyseAndStore(dir, input)) : analyseOnWorkers(dir, todo, jobs);
}

const WORKER = new URL(`./analysis-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A worker running this code base as it is run here. From TypeScript sources
 * (tsx), the thread must register tsx itself: loader hooks of the main thread
 * do not reach workers.
 */
function startWorker(): Worker {
  if (!WORKER.pathname.endsWith('.ts')) return new Worker(WORKER);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER.href)}); });`, { eval: true });
}

/**
 * Analyse `todo` on `jobs` threads, storing each analysis under `dir` if given; results in `todo` order.
 * This thread is one of them: it would otherwise sit idle waiting for replies, and on a machine with as
 * many cores as threads an idle thread is a core wasted. It takes one source at a time from the same
 * queue and yields between sources, so the workers' replies (and their next sources) are never held up
 * for longer than one analysis.
 */
export function analyseOnWorkers(dir: string | undefined, todo: readonly SourceInput[], jobs: number): Promise<AnalysedSource[]> {
  if (todo.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const results: AnalysedSource[] = new Array(todo.length);
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, Set<number>>();
    let next = 0;
    let done = 0;
    let failed = false;
    const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      void stopAll().finally(() => reject(error));
    };
    const finished = () => {
      if (++done === todo.length) void stopAll().then(() => resolve(results), reject);
    };
    const feed = (worker: Worker) => {
      if (next >= todo.length || failed) return;
      const index = next++;
      inFlight.get(worker)!.add(index);
      worker.postMessage({ index, dir, input: todo[index]! } satisfies WorkRequest);
    };
    for (let j = 1; j < jobs; j++) {
      const worker = startWorker();
      workers.push(worker);
      inFlight.set(worker, new Set());
      worker.on('message', (reply: WorkReply) => {
        inFlight.get(worker)!.delete(reply.index);
        if (!reply.ok) {
          const path = todo[reply.index]!.path;
          return fail(new UserError(reply.subject ?? path, reply.problem));
        }
        results[reply.index] = reply.result;
        feed(worker);
        finished();
      });
      worker.on('error', (error: Error & { code?: string }) => {
        const lost = [...inFlight.get(worker)!].map((i) => todo[i]!.path);
        const what = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory while being analysed' : analysisProblem(error);
        fail(new UserError(lost.join(', ') || 'claimtrace build', what));
      });
      worker.on('exit', (code) => {
        if (!failed && done < todo.length) fail(new UserError('claimtrace build', `an analysis thread stopped early (exit code ${code})`));
      });
      // Two in flight per thread, so a thread never idles while its next source is on the way.
      feed(worker);
      feed(worker);
    }
    const here = () => {
      if (failed || next >= todo.length) return;
      const index = next++;
      try {
        results[index] = analyseAndStore(dir, todo[index]!);
      } catch (error) {
        // As a worker would report it (analysis-worker.ts): one line naming the file.
        return fail(error instanceof UserError ? error : new UserError(todo[index]!.path, analysisProblem(error)));
      }
      finished();
      setImmediate(here);
    };
    setImmediate(here);
  });
}
