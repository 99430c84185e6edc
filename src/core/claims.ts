/**
 * Check-worthy factual claims on exact spans. (Stub: being written.)
 */
import type { Transformer } from 'unified';
import type { Root } from 'mdast';
import { contextOf } from './context.js';

export default function claims(): Transformer<Root> {
  return (_tree, file) => {
    contextOf(file);
  };
}
