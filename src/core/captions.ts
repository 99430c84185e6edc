/**
 * Caption detection and the duplicate-caption / fused-caption rules. (Stub: being written.)
 */
import type { Transformer } from 'unified';
import type { Root } from 'mdast';
import { contextOf } from './context.js';

/** unified plugin: marks captions (ctx.captions, ctx.nonProse) and flags repeated or fused ones. */
export default function captions(): Transformer<Root> {
  return (_tree, file) => {
    contextOf(file);
  };
}
