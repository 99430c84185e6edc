/**
 * A source's title, as lists and search results name it. Its own module:
 * both the build (which records it in index.json) and the search index need
 * it, and neither should load the Markdown parser to get it.
 */
import { sentencesOf } from './sentences.js';
import type { SourceAnalysis } from './types.js';

/** The title a reader sees: metadata, else the first line, else the id. */
export function titleOf(a: Pick<SourceAnalysis, 'source' | 'paragraphs'>): string {
  const meta = a.source.meta.title?.trim();
  if (meta) return meta;
  const p = a.paragraphs[0];
  if (!p) return a.source.id;
  const firstLine = p.lines[0] ?? p;
  // An article without a headline opens with body text: its first sentence reads as a title, its whole first paragraph does not.
  const t = firstLine.text;
  const firstSentence = t.length > 80 ? sentencesOf(t, { id: 'p1', index: 0, kind: 'paragraph', start: 0, end: t.length, text: t, fingerprint: '', lines: [{ id: 'p1.l1', start: 0, end: t.length, text: t, fingerprint: '' }] })[0]?.text : undefined;
  const line = (firstSentence ?? firstLine.text).replace(/\s+/g, ' ').trim();
  if (line) return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return a.source.id;
}
