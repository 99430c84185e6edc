import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every module a file loads before its code runs: the closure of its static
 * value imports. `import type` is erased and `import()` waits until called,
 * so neither counts.
 */
function staticGraph(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const base = join(dirname(file), spec).replace(/\.js$/, '');
      const target = ['.ts', '.tsx'].map((ext) => base + ext).find((f) => existsSync(f));
      if (target) visit(target);
    }
  };
  visit(join(ROOT, entry));
  return { modules, packages };
}

const rel = (files: Set<string>): string[] => [...files].map((f) => relative(ROOT, f)).sort();

describe('starting the viewer', () => {
  const { modules, packages } = staticGraph('src/cli/index.ts');

  it('walks the command line, the server and the store', () => {
    expect(rel(modules)).toEqual(expect.arrayContaining(['src/cli/serve.ts', 'src/server/app.tsx', 'src/store/annotations.ts', 'src/store/search-index.ts']));
    expect(packages).toContain('hono');
    expect(packages).toContain('lunr');
  });

  it('loads no detector and no Markdown parser until a build needs them', () => {
    const detectors = rel(modules).filter((f) => /^src\/core\/(pipeline|paragraphs|captions|claims|consistency|checkworthiness|mentions|structure)\.ts$/.test(f) || f === 'src/store/build.ts');
    expect(detectors).toEqual([]);
    expect([...packages].filter((p) => ['remark-parse', 'unified', 'vfile', 'vfile-reporter', 'micromark'].includes(p))).toEqual([]);
  });
});
