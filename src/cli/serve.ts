/**
 * `claimtrace serve`: the viewer over annotations/. With --build (what
 * `npm start` runs) the annotations are first brought up to date with
 * sources/, which costs one read and hash of each source when nothing
 * changed. Bound to loopback unless --host says otherwise; then writes need a
 * token (given, or made up and printed).
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { isStale } from '../store/annotations.js';
import { UserError } from '../store/errors.js';
import { reanchorAll } from '../store/reanchor.js';
import { updateSearchIndex } from '../store/search-index.js';
import { readSourceDir, stampSourceDir } from '../store/sources.js';
import { createViewer } from '../server/app.js';
import { DEFAULTS, jobsOf, parse, type Command } from './main.js';

export const DEFAULT_PORT = 4173;
/** Cached file stamps and hashes (local state, git-ignored). */
const STAMPS = '.stamps.json';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function portOf(value: string | undefined, from: string): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UserError(from, `expected a port number 0–65535, got "${value}"`);
  return n;
}

export const serveCommand: Command = {
  summary: `serve the viewer (default http://127.0.0.1:${DEFAULT_PORT}; PORT or --port); --build first updates annotations/`,
  usage: 'claimtrace serve [--build] [--jobs n] [--port N] [--host H] [--token T]',
  run: async ({ args, stdout }) => {
    const { values } = parse(
      args,
      {
        build: { type: 'boolean' },
        jobs: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        base: { type: 'string' },
        sources: { type: 'string' },
        annotations: { type: 'string' },
      },
      false,
    );
    const port = values.port !== undefined ? portOf(values.port, '--port') : portOf(process.env.PORT, 'PORT');
    const host = values.host ?? '127.0.0.1';
    const sourcesDir = values.sources ?? DEFAULTS.sources;
    const annotationsDir = resolve(values.annotations ?? DEFAULTS.annotations);
    if (values.build) {
      // Only sources whose file changed are read to be hashed; the corpus is read in full only to rebuild.
      const stamps = stampSourceDir(sourcesDir, join(annotationsDir, STAMPS));
      if (isStale(annotationsDir, stamps)) {
        const inputs = readSourceDir(sourcesDir);
        // Loaded only now: serving fresh annotations never needs the detectors, and loading them costs start-up time.
        const { buildAnnotationsInParallel } = await import('../store/workers.js');
        const result = await buildAnnotationsInParallel(annotationsDir, inputs, { jobs: values.jobs === undefined ? undefined : jobsOf(values.jobs) });
        await reanchorAll(annotationsDir, result.fresh, inputs);
        stdout(`built annotations/ (${result.analysed.length} of ${inputs.length} sources analysed)\n`);
      }
      updateSearchIndex(annotationsDir);
    }
    let token = values.token;
    if (!LOOPBACK.has(host) && !token) token = randomBytes(18).toString('base64url');
    const { app, corpus } = createViewer({ annotationsDir, sourcesDir, token, base: values.base });
    const server = serve({ fetch: app.fetch, port, hostname: host });
    // The search index loads once the first page has gone out (or after a second of quiet), so that page
    // does not wait for it; a search that comes first loads it itself.
    let warmed = false;
    const warm = () => {
      if (warmed) return;
      warmed = true;
      try {
        corpus.warm();
      } catch (error) {
        process.stderr.write(`claimtrace serve: ${(error as Error).message.split('\n')[0]}\n`);
      }
    };
    server.once('request', (_req: unknown, res: NodeJS.EventEmitter) => res.once('finish', () => setImmediate(warm)));
    setTimeout(warm, 1000).unref();
    const address = await new Promise<{ port: number }>((ok, fail) => {
      server.once('listening', () => ok(server.address() as { port: number }));
      server.once('error', (error: NodeJS.ErrnoException) =>
        fail(new UserError(`${host}:${port}`, error.code === 'EADDRINUSE' ? 'the port is in use; pick another with --port or PORT' : `cannot listen (${error.code ?? error.message})`)),
      );
    });
    const shown = host.includes(':') ? `[${host}]` : host;
    stdout(`claimtrace viewer at http://${shown}:${address.port}/\n`);
    if (token && !values.token) stdout(`writes need a token; open http://${shown}:${address.port}/auth?token=${token} once to get it\n`);
    await new Promise<void>((done) => {
      const stop = () => server.close(() => done());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
