/**
 * The `analyze --json` shape: a flat, stable view of an Analysis where every
 * start/end is a UTF-16 offset into the file as read and `text` is that slice.
 */
import type { Analysis, Caption, Claim, Corroboration, Flag, Paragraph, Sentence } from '../core/types.js';

export interface AnalyzeOutput {
  sources: { id: string; path: string; format: string; hash: string; length: number; meta: object; paragraphs: Paragraph[]; sentences: Sentence[] }[];
  claims: (Claim & { sourceId: string })[];
  captions: Caption[];
  flags: Flag[];
  corroborations: Corroboration[];
}

export function toOutput(analysis: Analysis): AnalyzeOutput {
  return {
    sources: analysis.sources.map((a) => ({ ...a.source, paragraphs: a.paragraphs, sentences: a.sentences })),
    claims: analysis.sources.flatMap((a) => a.claims),
    captions: analysis.sources.flatMap((a) => a.captions),
    flags: [...analysis.sources.flatMap((a) => a.flags), ...analysis.crossFlags],
    corroborations: [...analysis.sources.flatMap((a) => a.corroborations), ...analysis.crossCorroborations],
  };
}
