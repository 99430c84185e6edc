/**
 * Internal inconsistencies within a source and across sources. (Stub: being written.)
 */
import type { Transformer } from 'unified';
import type { Root } from 'mdast';
import { contextOf } from './context.js';
import type { Corroboration, Fact, Flag } from './types.js';

/** unified plugin: within-source checks; leaves keyed facts in ctx.facts for cross-source checks. */
export default function consistency(): Transformer<Root> {
  return (_tree, file) => {
    contextOf(file);
  };
}

/** Cross-source checks: group facts by key (linear in the corpus), compare within groups. */
export function checkAcrossSources(_facts: readonly Fact[]): { flags: Flag[]; corroborations: Corroboration[] } {
  return { flags: [], corroborations: [] };
}
