/**
 * The whole core as one unified pipeline: parse (remark-parse) → paragraphs
 * and sentences → captions → claims → consistency. Each stage is a unified
 * plugin over the same VFile; flags become vfile messages on it.
 */
import type { Root } from 'mdast';
import { unified, type Transformer } from 'unified';
import { VFile } from 'vfile';
import captions from './captions.js';
import claims from './claims.js';
import consistency, { checkAcrossSources } from './consistency.js';
import { contextOf, type SourceContext } from './context.js';
import { reportFlag, uniqueIds } from './flags.js';
import { contentHash } from './hash.js';
import { paragraphsOf, parseSource } from './paragraphs.js';
import { splitSentences } from './sentences.js';
import structure from './structure.js';
import type { Analysis, Corroboration, Fact, Flag, Source, SourceAnalysis, SourceFormat, SourceMeta } from './types.js';

export interface SourceInput {
  id: string;
  path: string;
  text: string;
  format: SourceFormat;
  meta?: SourceMeta;
}

/** unified plugin: paragraphs with addresses and lines, then sentences. */
export function paragraphs(): Transformer<Root> {
  return (tree, file) => {
    const ctx = contextOf(file);
    ctx.paragraphs = paragraphsOf(tree, ctx.text);
    ctx.sentences = splitSentences(ctx.text, ctx.paragraphs);
  };
}

const detectors = unified().use(paragraphs).use(structure).use(captions).use(claims).use(consistency).freeze();

export { formatOf } from './types.js';

export function describeSource(input: SourceInput): Source {
  return {
    id: input.id,
    path: input.path,
    format: input.format,
    hash: contentHash(input.text),
    length: input.text.length,
    meta: input.meta ?? {},
  };
}

/** A fresh VFile and detector context for a parsed source: what every detector reads and fills. */
export function newContext(input: SourceInput, tree: Root): { file: VFile; ctx: SourceContext } {
  const file = new VFile({ path: input.path, value: input.text });
  const ctx: SourceContext = {
    source: describeSource(input),
    text: input.text,
    tree,
    paragraphs: [],
    sentences: [],
    captions: [],
    nonProse: new Set(),
    claims: [],
    flags: [],
    corroborations: [],
    facts: [],
  };
  file.data.claimtrace = ctx;
  return { file, ctx };
}

/** The plain data of a filled context. */
export function analysisOf(ctx: SourceContext): SourceAnalysis {
  const { source, paragraphs, sentences, claims, captions, flags, corroborations, facts } = ctx;
  return { source, paragraphs, sentences, claims, captions, flags, corroborations, facts };
}

/** Analyse one source. Pure: the text in, plain data (and the VFile with its messages) out. */
export function analyzeSource(input: SourceInput): { analysis: SourceAnalysis; file: VFile } {
  const tree = parseSource(input.text, input.format);
  const { file, ctx } = newContext(input, tree);
  detectors.runSync(tree, file);
  uniqueIds(ctx.flags);
  uniqueIds(ctx.corroborations);
  for (const flag of ctx.flags) reportFlag(file, ctx.source.id, flag);
  return { analysis: analysisOf(ctx), file };
}

/** Cross-source flags from already-analysed sources (cheap: uses only their facts). */
export function crossCheck(analyses: readonly SourceAnalysis[]): { crossFlags: Flag[]; crossCorroborations: Corroboration[] } {
  const { flags, corroborations } = crossCheckFacts(analyses.flatMap((a) => a.facts));
  return { crossFlags: flags, crossCorroborations: corroborations };
}

/** The checks across sources over keyed facts alone (what an incremental build has of unchanged sources). */
export function crossCheckFacts(facts: readonly Fact[]): { flags: Flag[]; corroborations: Corroboration[] } {
  const { flags, corroborations } = checkAcrossSources(facts);
  return { flags: uniqueIds(flags), corroborations: uniqueIds(corroborations) };
}

/** Analyse a corpus: every source, then the checks across sources. */
export function analyzeCorpus(inputs: readonly SourceInput[]): { analysis: Analysis; files: VFile[] } {
  const results = inputs.map(analyzeSource);
  const sources = results.map((r) => r.analysis);
  const cross = crossCheck(sources);
  const files = results.map((r) => r.file);
  for (const flag of cross.crossFlags) {
    results.forEach((r) => reportFlag(r.file, r.analysis.source.id, flag));
  }
  return { analysis: { sources, ...cross }, files };
}
