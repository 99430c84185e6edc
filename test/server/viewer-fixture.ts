/** A built corpus in a scratch directory (the two example articles plus a hostile one) and a viewer over it. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAnnotations } from '../../src/store/build.js';
import { updateSearchIndex } from '../../src/store/search-index.js';
import { readSourceDir } from '../../src/store/sources.js';
import { createViewer, type ViewerOptions } from '../../src/server/app.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const KAZ = '000_b014f06968f22ee5';
export const OPINION = '003_e978f04211ffa657';
export const HOSTILE = 'viewer-hostile';

export function builtCorpus(): { dir: string; sources: string; annotations: string; text: (id: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'claimtrace-viewer-'));
  const sources = join(dir, 'sources');
  const annotations = join(dir, 'annotations');
  mkdirSync(sources);
  for (const f of [`${KAZ}.txt`, `${OPINION}.txt`, 'manifest.json']) copyFileSync(join(ROOT, 'sources', f), join(sources, f));
  copyFileSync(join(ROOT, 'test', 'fixtures', `${HOSTILE}.txt`), join(sources, `${HOSTILE}.txt`));
  buildAnnotations(annotations, readSourceDir(sources));
  updateSearchIndex(annotations);
  return { dir, sources, annotations, text: (id) => readFileSync(join(sources, `${id}.txt`), 'utf8') };
}

export function viewerOver(corpus: ReturnType<typeof builtCorpus>, extra: Partial<ViewerOptions> = {}) {
  return createViewer({ annotationsDir: corpus.annotations, sourcesDir: corpus.sources, ...extra });
}
