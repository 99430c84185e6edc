/**
 * Start-up and serving measurement of the real viewer: spawn
 * `node --import tsx src/cli/index.ts serve …` on a prebuilt annotations/
 * directory with a free port, poll until GET / and GET /api/search answer,
 * then send the benchmark's queries through HTTP and read the server
 * process's peak RSS from /proc/<pid>/status (VmHWM).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { toLunrQuery, type BenchQuery } from './bench-queries.js';
import type { LatencySummary } from './bench-worker.js';

/** Whether the CLI has a `serve` command yet (src/cli/serve.ts, or a `serve` command in src/cli). */
export function serveCommandAvailable(root: string): boolean {
  const cli = join(root, 'src', 'cli');
  if (existsSync(join(cli, 'serve.ts'))) return true;
  for (const f of readdirSync(cli)) {
    if (!/\.tsx?$/.test(f)) continue;
    // A command table entry (`serve: {`) or a command name compared or registered as a string.
    if (/(^|[\s{,])serve\s*:\s*\{|['"`]serve['"`]/m.test(readFileSync(join(cli, f), 'utf8'))) return true;
  }
  return false;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc/<pid>/stat; clock ticks at the usual 100 Hz). */
export function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** VmHWM and VmRSS of a process, in MiB (Linux). */
export function procMemory(pid: number): { hwmMB: number; rssMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s*(\\d+)\\s*kB`, 'm').exec(status)?.[1] ?? NaN);
    return { hwmMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

export type Launcher = 'node' | 'tsx' | 'npm';

export interface StartupResult {
  mode: 'startup';
  /**
   * How it was started: `node bin/claimtrace.js serve …` (the bundle in dist/ when it matches src/, what
   * npm start runs), `node --import tsx src/cli/index.ts serve …` (the TypeScript, for comparison) or `npm start -- …`.
   */
  launcher: Launcher;
  /** The command line (after `node`, or `npm`). */
  args: string[];
  build: boolean;
  /** ms from spawn to the first answered GET / (null: never answered). */
  firstRootMs: number | null;
  rootStatus: number | null;
  /** ms from spawn to the first answered GET /api/search?q=trade. */
  firstSearchMs: number | null;
  searchStatus: number | null;
  searchBytes: number | null;
  /** ms from spawn to the URL on stdout, and the URL. */
  urlMs: number | null;
  url: string | null;
  /** Memory after start-up, before the queries. */
  afterStart: { hwmMB: number; rssMB: number } | null;
  /** CPU time the server process had used when GET / was first answered (node launcher only): start-up work without the waiting. */
  cpuAtFirstRootMs: number | null;
  /** 1-minute load average when it was spawned. */
  load1: number;
  /** 1,000 queries through HTTP /api/search?q= (sequential, keep-alive). */
  http: (LatencySummary & { queries: number; statuses: Record<string, number> }) | null;
  /** Memory after the queries: hwmMB is the serving process's peak RSS. */
  afterQueries: { hwmMB: number; rssMB: number } | null;
  /** With --build: how many sources the build re-analysed (from its stdout line; 0 when annotations were current). */
  rebuiltSources: number | null;
  stderr: string;
  error: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answer(url: string): Promise<{ status: number; bytes: number } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = await res.arrayBuffer();
    return { status: res.status, bytes: body.byteLength };
  } catch {
    return null;
  }
}

export function summarizeLatency(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1) };
}

export async function measureStartup(options: {
  root: string;
  annotationsDir: string;
  sourcesDir: string;
  build: boolean;
  /** `npm`: `npm start -- …` (serve --build through npm; no memory figures, the pid is npm's). */
  launcher?: Launcher;
  queries: readonly BenchQuery[] | null;
  timeoutMs?: number;
}): Promise<StartupResult> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const launcher = options.launcher ?? 'node';
  const serveArgs = ['--port', String(port), '--host', host, '--annotations', options.annotationsDir, '--sources', options.sourcesDir];
  const withBuild = options.build ? ['--build'] : [];
  const args = launcher === 'npm' ? ['start', '--', ...serveArgs]
    : launcher === 'tsx' ? ['--import', 'tsx', 'src/cli/index.ts', 'serve', ...serveArgs, ...withBuild]
    : ['bin/claimtrace.js', 'serve', ...serveArgs, ...withBuild];
  const build = launcher === 'npm' || options.build;
  const result: StartupResult = {
    mode: 'startup', launcher, args, build, firstRootMs: null, rootStatus: null, firstSearchMs: null, searchStatus: null, searchBytes: null,
    urlMs: null, url: null, afterStart: null, cpuAtFirstRootMs: null, load1: loadavg()[0]!, http: null, afterQueries: null, rebuiltSources: null, stderr: '', error: null,
  };
  const started = performance.now();
  // npm runs sh → node: it gets its own process group, so all of it can be stopped by that group's id.
  const child = launcher === 'npm'
    ? spawn('npm', args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: string | null = null;
  child.on('exit', (code, signal) => void (exited = signal ?? `code ${code}`));
  child.on('error', (error) => void (exited = error.message));
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (result.url === null) {
      const m = /https?:\/\/[^\s]+/.exec(stdout);
      if (m) { result.url = m[0]; result.urlMs = performance.now() - started; }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (result.stderr = (result.stderr + chunk).slice(-4000)));
  const base = `http://${host}:${port}`;
  const deadline = started + (options.timeoutMs ?? 120_000);
  try {
    const poll = async (path: string): Promise<{ status: number; bytes: number; ms: number } | null> => {
      while (performance.now() < deadline && exited === null) {
        const a = await answer(`${base}${path}`);
        if (a) return { ...a, ms: performance.now() - started };
        await sleep(10);
      }
      return null;
    };
    const root = await poll('/');
    if (!root) throw new Error(exited !== null ? `server exited (${exited}) before answering` : 'GET / not answered in time');
    result.firstRootMs = root.ms;
    if (launcher !== 'npm') result.cpuAtFirstRootMs = procCpuMs(child.pid!);
    result.rootStatus = root.status;
    const search = await poll('/api/search?q=trade');
    if (!search) throw new Error(exited !== null ? `server exited (${exited})` : 'GET /api/search not answered in time');
    result.firstSearchMs = search.ms;
    result.searchStatus = search.status;
    result.searchBytes = search.bytes;
    if (launcher !== 'npm') result.afterStart = procMemory(child.pid!);
    if (options.queries) {
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      for (const q of options.queries) {
        const t = performance.now();
        const a = await answer(`${base}/api/search?q=${encodeURIComponent(toLunrQuery(q))}`);
        latencies.push(performance.now() - t);
        const key = a ? String(a.status) : 'no answer';
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      result.http = { ...summarizeLatency(latencies), queries: options.queries.length, statuses };
      if (launcher !== 'npm') result.afterQueries = procMemory(child.pid!);
    }
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    if (build) result.rebuiltSources = Number(/built annotations\/? \((\d+) of \d+ sources analysed\)/.exec(stdout)?.[1] ?? 0);
    const stop = (signal: NodeJS.Signals): void => {
      try {
        if (launcher === 'npm') process.kill(-child.pid!, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    if (exited === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      stop('SIGTERM');
      const timer = setTimeout(() => { if (exited === null) stop('SIGKILL'); }, 5000);
      await gone;
      clearTimeout(timer);
    }
    // npm may exit before its children: make sure the group is gone too.
    if (launcher === 'npm') stop('SIGTERM');
  }
  return result;
}
