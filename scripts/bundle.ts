/**
 * `npm run bundle` (npm install runs it too, as `prepare`): the CLI as plain
 * JavaScript in dist/. Started from TypeScript, every module passes through
 * tsx's loader hooks on another thread; started from the bundle, Node reads a
 * few files and compiles them, which is most of what `npm start` waits for
 * before it answers. Lazy imports stay lazy (code splitting): serving still
 * loads no detector. dist/stamp.txt records the src/ it was made from, and
 * bin/claimtrace.js runs dist only while src/ still matches.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { srcStamp } from '../bin/src-stamp.js';
import { ENGINE } from '../src/store/annotations.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// `tsx scripts/bundle.ts [dir]`: elsewhere than dist/ only for tests, which must not swap the dist/ other tests run.
const DIST = resolve(process.argv[2] ?? `${ROOT}dist`);
// Built beside dist/ and renamed over it, so a failed or interrupted bundle never leaves half a dist/.
const NEXT = `${DIST}.next`;

// Taken before bundling: a file edited while esbuild runs makes the stamp stale, not the bundle wrong.
const stamp = srcStamp(`${ROOT}src`);
rmSync(NEXT, { recursive: true, force: true });
mkdirSync(NEXT);
await build({
  absWorkingDir: ROOT,
  entryPoints: { claimtrace: 'src/cli/index.ts', 'analysis-worker': 'src/store/analysis-worker.ts' },
  outdir: NEXT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks sit beside the entries: workers.ts finds analysis-worker.js relative to its own chunk.
  chunkNames: '[name]-[hash]',
  // The detectors' fingerprint, fixed at bundle time (src/core is not beside dist/ to be read).
  define: { __CLAIMTRACE_ENGINE__: JSON.stringify(ENGINE) },
  // Bundled CommonJS packages (lunr) may call require; ESM has none of its own.
  banner: { js: "import { createRequire as __claimtraceRequire } from 'node:module'; const require = __claimtraceRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(`${NEXT}/stamp.txt`, stamp);
rmSync(DIST, { recursive: true, force: true });
renameSync(NEXT, DIST);
