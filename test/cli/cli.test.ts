import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin/claimtrace.js');

async function run(args: string[], cwd?: string) {
  let stdout = '';
  let stderr = '';
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(before);
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'claimtrace-cli-'));
});

const write = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

describe('claimtrace analyze --json', () => {
  it('prints sources, claims, captions and flags whose spans are exact slices of the files', async () => {
    const files = readdirSync(join(root, 'sources')).filter((f) => f.endsWith('.txt')).map((f) => join(root, 'sources', f));
    const { code, stdout } = await run(['analyze', ...files, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const texts = new Map<string, string>(out.sources.map((s: { id: string; path: string }) => [s.id, readFileSync(s.path, 'utf8')]));
    expect(out.sources).toHaveLength(2);
    for (const s of out.sources) {
      for (const p of s.paragraphs) expect(texts.get(s.id)!.slice(p.start, p.end)).toBe(p.text);
    }
    for (const c of [...out.claims, ...out.captions]) expect(texts.get(c.sourceId)!.slice(c.start, c.end)).toBe(c.text);
    for (const f of out.flags) for (const s of f.spans) expect(texts.get(s.sourceId)!.slice(s.start, s.end)).toBe(s.text);
    for (const c of out.claims) expect(['statistic', 'date-event', 'comparison', 'membership', 'attribution', 'other']).toContain(c.type);
  });

  it('keeps offsets exact for a file with a BOM, CRLF line endings and emoji', async () => {
    const text = '\uFEFFExports rose 32% to $13.9 billion in 2022 😀.\r\n\r\nThe 𝒳 index fell by 4 points in 2021.\r\n';
    const path = write('odd.txt', text);
    const { code, stdout } = await run(['analyze', path, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const fromDisk = readFileSync(path, 'utf8');
    for (const p of out.sources[0].paragraphs) expect(fromDisk.slice(p.start, p.end)).toBe(p.text);
    expect(out.sources[0].paragraphs.map((p: { text: string }) => p.text)).toEqual([
      'Exports rose 32% to $13.9 billion in 2022 😀.',
      'The 𝒳 index fell by 4 points in 2021.',
    ]);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.txt'), 'no such file'],
    ['an empty file', () => write('empty.txt', ''), 'file is empty'],
    ['a binary file', () => write('bin.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), 'binary'],
    ['invalid UTF-8', () => write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])), 'not valid UTF-8'],
    ['a directory', () => dir, 'is a directory'],
  ])('refuses %s with one line naming the file and exit code 2', async (_name, make, problem) => {
    const path = make();
    const { code, stderr, stdout } = await run(['analyze', path, '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(path);
    expect(stderr).toContain(problem);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const path = write('huge.txt', 'x');
    truncateSync(path, 50 * 1024 * 1024);
    const { code, stderr } = await run(['analyze', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/huge\.txt: is 50\.0 MB; the limit for one source is 16 MB\n$/);
  });

  it('analyses one very long line with exact spans', async () => {
    const line = 'The council met and agreed to spend $2 million on roads in 2021 while the mayor said nothing, '.repeat(20_000);
    const path = write('long.txt', line);
    const { code, stdout } = await run(['analyze', path, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    for (const s of out.sources[0].sentences) expect(line.slice(s.start, s.end)).toBe(s.text);
  });

  it('sums up each file in words that agree with their counts', async () => {
    const path = write('one-claim.txt', 'The bridge cost $40 million in 2019, the council said.\n');
    const { code, stdout } = await run(['analyze', path]);
    expect(code).toBe(0);
    expect(stdout).toContain(`${path}: 1 paragraph, 1 claim, 0 captions\n`);
  });

  it('names an unknown option in one line', async () => {
    const { code, stderr } = await run(['analyze', '--jsn', 'x.txt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^claimtrace: arguments: Unknown option '--jsn'/);
  });
});

describe('claimtrace check', () => {
  it('checks another sources directory with --sources and exits 1 on its flags', async () => {
    const src = join(dir, 'check-sources');
    cpSync(join(root, 'sources'), src, { recursive: true });
    const { code, stdout } = await run(['check', '--sources', src, '--annotations', join(dir, 'check-annotations')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/duplicate-caption\s+claimtrace/);
    expect(stdout).toMatch(/inconsistent-count\s+claimtrace/);
  });

  it('refuses files and --sources together in one line', async () => {
    const { code, stderr } = await run(['check', 'a.txt', '--sources', 'x']);
    expect(code).toBe(2);
    expect(stderr).toBe('claimtrace: --sources: give files or --sources, not both\n');
  });
});

describe('claimtrace build', () => {
  it('writes annotations/ and changes no byte when rebuilt from unchanged sources', async () => {
    const work = mkdtempSync(join(tmpdir(), 'claimtrace-build-'));
    cpSync(join(root, 'sources'), join(work, 'sources'), { recursive: true });
    const first = await run(['build'], work);
    expect(first.code).toBe(0);
    const snapshot = (d: string): Record<string, string> =>
      Object.fromEntries(
        readdirSync(d, { recursive: true, encoding: 'utf8' })
          .map((f) => join(d, f))
          .filter((f) => statSync(f).isFile())
          .map((f) => [f, readFileSync(f, 'utf8')]),
      );
    const before = snapshot(join(work, 'annotations'));
    const mtimes = Object.keys(before).map((f) => statSync(f).mtimeMs);
    const second = await run(['build'], work);
    expect(second.stdout).toMatch(/0 analysed, 2 unchanged; 0 files written/);
    expect(snapshot(join(work, 'annotations'))).toEqual(before);
    expect(Object.keys(before).map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
  });

  it('re-analyses only the source that changed', async () => {
    const work = mkdtempSync(join(tmpdir(), 'claimtrace-build-'));
    cpSync(join(root, 'sources'), join(work, 'sources'), { recursive: true });
    await run(['build'], work);
    const file = join(work, 'sources', '003_e978f04211ffa657.txt');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nOne more paragraph was added in 2024.\n`);
    const again = await run(['build'], work);
    expect(again.stdout).toMatch(/1 analysed, 1 unchanged/);
  });
});

describe('claimtrace build --jobs', () => {
  const snapshot = (d: string): Record<string, string> =>
    Object.fromEntries(
      readdirSync(d, { recursive: true, encoding: 'utf8' })
        .filter((f) => statSync(join(d, f)).isFile())
        .map((f) => [f, readFileSync(join(d, f), 'utf8')]),
    );

  it('spreads the analyses over threads and writes the same bytes as one thread', async () => {
    const work = mkdtempSync(join(tmpdir(), 'claimtrace-jobs-'));
    cpSync(join(root, 'sources'), join(work, 'sources'), { recursive: true });
    for (const f of readdirSync(join(root, 'test/fixtures')).filter((f) => f.endsWith('.txt')).slice(0, 6)) cpSync(join(root, 'test/fixtures', f), join(work, 'sources', f));
    const one = await run(['build', '--jobs', '1', '--annotations', 'one'], work);
    const three = await run(['build', '--jobs', '3', '--annotations', 'three'], work);
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toMatch(/from 8 sources \(8 analysed, 0 unchanged/);
    const a = snapshot(join(work, 'one'));
    expect(Object.keys(a).filter((f) => f.startsWith('sources'))).toHaveLength(8);
    expect(snapshot(join(work, 'three'))).toEqual(a);
  });

  it('names the file a thread cannot write, in one line', async () => {
    const work = mkdtempSync(join(tmpdir(), 'claimtrace-jobs-'));
    cpSync(join(root, 'sources'), join(work, 'sources'), { recursive: true });
    mkdirSync(join(work, 'annotations'));
    // A file where the build wants its sources/ directory.
    writeFileSync(join(work, 'annotations', 'sources'), '');
    const { code, stderr } = await run(['build', '--jobs', '2'], work);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^claimtrace: \S*annotations\/sources\/\S+\.json: cannot be written \(\w+\)\n$/);
  });

  it('names a bad thread count in one line', async () => {
    const { code, stderr } = await run(['build', '--jobs', '0'], dir);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['claimtrace: --jobs: expected a whole number of threads 1–64, got "0"']);
  });
});

describe('the claimtrace executable', () => {
  it('prints one line and no stack trace for a missing file', () => {
    const result = spawnSync(process.execPath, [bin, 'analyze', 'missing-file.txt'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('claimtrace: missing-file.txt: no such file\n');
  });

  it('prints usage for --help', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toMatch(/claimtrace analyze <file\.\.\.>/);
  });
});
