import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CORE = new URL('../../src/core/', import.meta.url);
const modules = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

describe('the core', () => {
  it('has modules to check', () => {
    expect(modules).toContain('pipeline.ts');
  });

  it.each(modules)('%s imports no Node built-in, so it runs wherever strings do', (name) => {
    const source = readFileSync(new URL(name, CORE), 'utf8');
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    expect(imports.filter((m) => /^node:|^(?:fs|path|os|buffer|worker_threads|child_process)$/.test(m!))).toEqual([]);
  });
});
