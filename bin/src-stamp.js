// What bin/claimtrace.js and scripts/bundle.ts agree on: a listing of every
// file under src/ with its size and modification time. dist/ is run only while
// the listing it was bundled from still matches, so an edited source is never
// served from a stale bundle. Plain JavaScript: the launcher reads it before
// anything that could compile TypeScript is loaded.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `path size mtime` per file under `dir`, sorted, one per line. */
export function srcStamp(dir) {
  const lines = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const st = statSync(join(dir, path));
        lines.push(`${path} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk('');
  return lines.sort().join('\n');
}
