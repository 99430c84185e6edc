/**
 * The state one source accumulates as it moves through the detectors.
 * It rides on `file.data.claimtrace`, so each detector is a plain unified
 * transformer `(tree, file) => void` that reads what earlier ones left.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { Caption, Claim, Corroboration, Fact, Flag, Paragraph, Sentence, Source } from './types.js';

export interface SourceContext {
  source: Source;
  text: string;
  tree: Root;
  paragraphs: Paragraph[];
  sentences: Sentence[];
  captions: Caption[];
  /** Paragraph/line ids that are not body prose (headline, byline, boilerplate, captions): never claims. */
  nonProse: Set<string>;
  claims: Claim[];
  flags: Flag[];
  corroborations: Corroboration[];
  facts: Fact[];
}

declare module 'vfile' {
  interface DataMap {
    claimtrace: SourceContext;
  }
}

export function contextOf(file: VFile): SourceContext {
  const ctx = file.data.claimtrace;
  if (!ctx) throw new Error('claimtrace: the source context is missing; run the paragraphs plugin first');
  return ctx;
}
