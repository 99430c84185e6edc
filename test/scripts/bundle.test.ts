import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { srcStamp } from '../../bin/src-stamp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The closure of a bundle file's static imports (`from "./x.js"`); `import("./x.js")` waits until called. */
function staticClosure(dir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(m[1]!);
  };
  visit(entry);
  return [...seen];
}

describe('the bundle in dist/', () => {
  let out: string;
  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), 'claimtrace-bundle-')), 'dist');
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle.ts', out], { cwd: ROOT, encoding: 'utf8' });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
  }, 60_000);

  it('records the src/ it was made from', () => {
    expect(readFileSync(join(out, 'stamp.txt'), 'utf8')).toBe(srcStamp(join(ROOT, 'src')));
  });

  it('serves without loading the detectors, which only a build imports', () => {
    // esbuild marks each bundled module with a `// src/…` comment.
    const served = staticClosure(out, 'claimtrace.js').map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(served).toContain('// src/server/app.tsx');
    expect(served).toContain('// src/store/search-index.ts');
    expect(served).not.toContain('// src/core/consistency.ts');
    expect(served).not.toContain('// node_modules/remark-parse/');
    const worker = staticClosure(out, 'analysis-worker.js').map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(worker).toContain('// src/core/consistency.ts');
  });

  it('runs the CLI from plain JavaScript, analysis workers included', () => {
    const sources = mkdtempSync(join(tmpdir(), 'claimtrace-bundle-src-'));
    cpSync(join(ROOT, 'test/fixtures/consistency-arithmetic.txt'), join(sources, 'a.txt'));
    cpSync(join(ROOT, 'test/fixtures/claims-wire-story.txt'), join(sources, 'b.txt'));
    const annotations = join(sources, 'annotations');
    const built = spawnSync(process.execPath, [join(out, 'claimtrace.js'), 'build', '--jobs', '2', '--sources', sources, '--annotations', annotations], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.stdout).toMatch(/from 2 sources \(2 analysed/);
    const index = JSON.parse(readFileSync(join(annotations, 'index.json'), 'utf8')) as { engine: string; sources: unknown[] };
    expect(index.sources).toHaveLength(2);
    // The fingerprint fixed at bundle time is the one the TypeScript computes: switching between them re-analyses nothing.
    const fromTs = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./src/store/annotations.ts').then((m) => process.stdout.write(m.ENGINE))"], { cwd: ROOT, encoding: 'utf8' });
    expect(index.engine).toBe(fromTs.stdout);
  }, 60_000);
});

describe('bin/claimtrace.js', () => {
  /** A project with the launcher, a src/ and a dist/ that each say who ran. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-launcher-'));
    for (const f of ['bin/claimtrace.js', 'bin/src-stamp.js']) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    mkdirSync(join(dir, 'src/cli'), { recursive: true });
    writeFileSync(join(dir, 'src/cli/index.ts'), "const from: string = 'src';\nprocess.stdout.write(from);\n");
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/claimtrace.js'), "process.stdout.write('dist');\n");
    writeFileSync(join(dir, 'dist/stamp.txt'), srcStamp(join(dir, 'src')));
    return dir;
  }
  const launch = (dir: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(dir, 'bin/claimtrace.js')], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout;

  it('runs dist/ when it was bundled from the src/ that is there', () => {
    expect(launch(project())).toBe('dist');
  });

  it('runs the TypeScript once a source changed since the bundle', () => {
    const dir = project();
    writeFileSync(join(dir, 'src/cli/index.ts'), "const from: string = 'edited src';\nprocess.stdout.write(from);\n");
    expect(launch(dir)).toBe('edited src');
  });

  it('runs the TypeScript when there is no bundle, or when CLAIMTRACE_NO_BUNDLE is set', () => {
    const dir = project();
    expect(launch(dir, { CLAIMTRACE_NO_BUNDLE: '1' })).toBe('src');
    writeFileSync(join(dir, 'dist/stamp.txt'), '');
    expect(launch(dir)).toBe('src');
  });
});
