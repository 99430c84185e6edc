import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/claimtrace.js');

/** Start `claimtrace serve …` in `cwd` and resolve with the URL it prints. */
function start(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = new Promise<string>((ok, fail) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /viewer at (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url, output: () => out, errors: () => err };
}

function corpusDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimtrace-serve-'));
  mkdirSync(join(dir, 'sources'));
  cpSync(join(root, 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

describe('claimtrace serve', () => {
  it('builds missing annotations with --build, prints its URL and answers pages, the API and search', async () => {
    const dir = corpusDir();
    const server = start(['--build', '--port', '0'], dir);
    try {
      const url = await server.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(existsSync(join(dir, 'annotations', 'index.json'))).toBe(true);
      expect(existsSync(join(dir, 'annotations', 'search', 'store.json'))).toBe(true);
      const home = await fetch(url);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('Sources');
      const sources = (await (await fetch(`${url}api/sources`)).json()) as { sources: unknown[] };
      expect(sources.sources).toHaveLength(2);
      const search = await fetch(`${url}api/search?q=${encodeURIComponent('title:')}`);
      expect(search.status).toBe(400);
    } finally {
      server.child.kill('SIGTERM');
    }
  });

  it('takes the port from PORT and refuses a bad one in one line', async () => {
    const dir = corpusDir();
    const bad = start([], dir, { PORT: 'eighty' });
    await expect(bad.url).rejects.toThrow(/PORT: expected a port number/);
    expect(bad.errors().trim().split('\n')).toHaveLength(1);
  });

  it('needs a token for writes when bound beyond loopback, and prints where to get it', async () => {
    const dir = corpusDir();
    const server = start(['--build', '--port', '0', '--host', '0.0.0.0'], dir);
    try {
      const url = (await server.url).replace('0.0.0.0', '127.0.0.1');
      await new Promise((r) => setTimeout(r, 50));
      expect(server.output()).toMatch(/auth\?token=\S+/);
      const res = await fetch(`${url}api/sources/000_b014f06968f22ee5/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"start":0,"end":10}' });
      expect(res.status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
    }
  });
});
