#!/usr/bin/env node
// Runs dist/ (src/ bundled by `npm run bundle`, which npm install runs) when it
// was bundled from the src/ that is here now; otherwise registers tsx and runs
// the TypeScript itself. Either way there is no build step a person must
// remember, and the bundle only saves start-up time (no loader hooks, one file
// to compile instead of ~70 modules).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { srcStamp } from './src-stamp.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundled = (() => {
  if (process.env.CLAIMTRACE_NO_BUNDLE) return false;
  try {
    return readFileSync(`${root}dist/stamp.txt`, 'utf8') === srcStamp(`${root}src`);
  } catch {
    return false;
  }
})();

if (bundled) {
  await import('../dist/claimtrace.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}
