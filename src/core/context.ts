/**
 * The state one source accumulates as it moves through the detectors.
 * It rides on `file.data.claimtrace`, so each detector is a plain unified
 * transformer `(tree, file) => void` that reads what earlier ones left.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SpanMentions } from './mentions.js';
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
  /** Quantities, dates and entities per span, once made (see spanMentions). */
  mentions?: SpanMentions;
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

/** The source's mentions per span: detectors that read the same sentences extract them once between them. */
export function spanMentions(ctx: SourceContext): SpanMentions {
  return (ctx.mentions ??= new SpanMentions(ctx.text, ctx.source.meta.date));
}
