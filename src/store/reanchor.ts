/**
 * After a build: carry every review of a changed source over to the new text.
 * Runs only for sources the build re-analysed (`BuildResult.fresh`) and that
 * someone reviewed (only their analyses are read back from disk); a review is never dropped, and nothing but its anchor
 * (claim id, selectors, anchor status, plus a history entry) is touched.
 */
import { readFileSync } from 'node:fs';
import { contentHash } from '../core/hash.js';
import type { Source } from '../core/types.js';
import { loadSourceAnalysis } from './annotations.js';
import { ReviewStore, type ReanchorReport } from './reviews.js';

export interface ReanchorSummary extends ReanchorReport {
  /** Set when the source's text could not be had, so its reviews were left exactly as they were. */
  skipped?: string;
}

/**
 * Re-anchor the reviews of each freshly analysed source. Texts come from
 * `texts` (the build's inputs, by source id) or else from the file at
 * `source.path`; a text whose hash differs from the analysis is not used (its
 * offsets would not match the claims).
 */
export async function reanchorAll(
  annotationsDir: string,
  fresh: readonly Source[],
  texts?: ReadonlyMap<string, string> | readonly { id: string; text: string }[],
): Promise<ReanchorSummary[]> {
  const store = new ReviewStore(annotationsDir);
  const byId = texts instanceof Map ? texts : new Map((texts as readonly { id: string; text: string }[] | undefined)?.map((t) => [t.id, t.text]));
  const out: ReanchorSummary[] = [];
  for (const source of fresh) {
    const { id, path, hash } = source;
    if (!store.has(id)) continue;
    let text = byId.get(id);
    if (text === undefined) {
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        out.push({ sourceId: id, kept: [], moved: [], orphaned: [], changed: false, skipped: `cannot read ${path}` });
        continue;
      }
    }
    if (contentHash(text) !== hash) {
      out.push({ sourceId: id, kept: [], moved: [], orphaned: [], changed: false, skipped: `${path} changed during the build` });
      continue;
    }
    out.push(await store.reanchorSource(id, text, loadSourceAnalysis(annotationsDir, id).claims));
  }
  return out;
}
