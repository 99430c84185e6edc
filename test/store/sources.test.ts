import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/hash.js';
import { stampSourceDir } from '../../src/store/sources.js';

describe('source stamps for the staleness check', () => {
  it('hashes every source, then on the next call rehashes only the file that changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-stamps-'));
    const cache = join(dir, 'stamps.json');
    writeFileSync(join(dir, 'a.txt'), 'First story.\n');
    writeFileSync(join(dir, 'b.txt'), 'Second story.\n');
    const first = stampSourceDir(dir, cache);
    expect(first.map((s) => [s.id, s.hash])).toEqual([['a', contentHash('First story.\n')], ['b', contentHash('Second story.\n')]]);
    // A cached hash is trusted while the file's size, mtime and inode are unchanged: prove it by planting a wrong one.
    const planted = JSON.parse(readFileSync(cache, 'utf8')) as Record<string, { stat: string; hash: string }>;
    const aKey = Object.keys(planted).find((k) => k.endsWith('a.txt'))!;
    planted[aKey]!.hash = 'planted';
    writeFileSync(cache, JSON.stringify(planted));
    writeFileSync(join(dir, 'b.txt'), 'Second story, edited.\n');
    const second = stampSourceDir(dir, cache);
    expect(second[0]!.hash).toBe('planted');
    expect(second[1]!.hash).toBe(contentHash('Second story, edited.\n'));
  });

  it('treats a damaged cache as a cold one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimtrace-stamps-'));
    const cache = join(dir, 'stamps.json');
    writeFileSync(join(dir, 'a.txt'), 'A story.\n');
    writeFileSync(cache, '{not json');
    expect(stampSourceDir(dir, cache)[0]!.hash).toBe(contentHash('A story.\n'));
  });
});
