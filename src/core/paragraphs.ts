/**
 * Source text → mdast (unified + remark-parse) → addressable paragraphs and lines.
 *
 * Plain-text sources are prose, not Markdown: every construct that would eat
 * characters or restructure text (emphasis, lists, headings, code, HTML,
 * links, escapes) is switched off in micromark, so only blank lines make
 * structure and every character of the text stays in a paragraph.
 */
import type { Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { fingerprintSpan } from './hash.js';
import type { BlockKind, Line, Paragraph, SourceFormat } from './types.js';

/** Every micromark construct except paragraphs, blank lines and line endings. */
const PROSE_ONLY = {
  disable: {
    null: [
      'attention',
      'autolink',
      'blockQuote',
      'characterEscape',
      'characterReference',
      'codeFenced',
      'codeIndented',
      'codeText',
      'definition',
      'hardBreakEscape',
      'headingAtx',
      'htmlFlow',
      'htmlText',
      'labelEnd',
      'labelStartImage',
      'labelStartLink',
      'list',
      'setextUnderline',
      'thematicBreak',
    ],
  },
};

const BOM = '\uFEFF';

type Parser = Processor<Root>;
const parsers = new Map<SourceFormat, Parser>();

/** A frozen remark parser for a format; frozen processors are reusable and cheap to call. */
export function parserFor(format: SourceFormat): Parser {
  let parser = parsers.get(format);
  if (!parser) {
    const base = unified().use(remarkParse);
    parser = (format === 'txt' ? base.data('micromarkExtensions', [PROSE_ONLY]) : base).freeze() as unknown as Parser;
    parsers.set(format, parser);
  }
  return parser;
}

/**
 * Parse a source into mdast whose offsets point into `text` as given.
 * micromark drops a leading BOM before counting, so offsets are shifted back.
 */
export function parseSource(text: string, format: SourceFormat): Root {
  const hasBom = text.startsWith(BOM);
  const tree = parserFor(format).parse(hasBom ? text.slice(1) : text);
  if (hasBom) shiftOffsets(tree, 1);
  return tree;
}

function shiftOffsets(node: Root | RootContent, by: number): void {
  const pos = node.position;
  if (pos) {
    if (pos.start.offset !== undefined) pos.start.offset += by;
    if (pos.end.offset !== undefined) pos.end.offset += by;
  }
  if ('children' in node) for (const child of node.children) shiftOffsets(child, by);
}

const LEAF_KINDS: Partial<Record<RootContent['type'], BlockKind>> = {
  paragraph: 'paragraph',
  heading: 'heading',
  code: 'code',
  html: 'html',
  table: 'table',
};

/** JS `\s` covers NBSP and the other Unicode spaces that micromark treats as text. */
export const isSpace = (code: number): boolean =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0xfeff || code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f ||
  code === 0x3000;

/** Shrink [start, end) so it neither starts nor ends with whitespace. */
export function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/**
 * Leaf blocks in document order, each with the kind of its outermost container
 * (a paragraph inside a list item is cited as part of the list).
 */
function collectBlocks(tree: Root): { start: number; end: number; kind: BlockKind }[] {
  const blocks: { start: number; end: number; kind: BlockKind }[] = [];
  const visit = (node: RootContent, container: BlockKind | undefined): void => {
    const leaf = LEAF_KINDS[node.type];
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (leaf && start !== undefined && end !== undefined) {
      blocks.push({ start, end, kind: container ?? leaf });
      return;
    }
    if ('children' in node) {
      const inner: BlockKind | undefined =
        container ?? (node.type === 'blockquote' ? 'blockquote' : node.type === 'list' ? 'list' : undefined);
      for (const child of node.children as RootContent[]) visit(child, inner);
    }
  };
  for (const child of tree.children) visit(child, undefined);
  return blocks;
}

/**
 * Lines of a paragraph, trimmed; whitespace-only lines are not lines.
 * A line break is CRLF, CR or LF. A line that is the whole paragraph shares its
 * text and fingerprint, which is most paragraphs of web copy.
 */
function linesOf(text: string, start: number, end: number, paragraphId: string, body: string, bodyFingerprint: string): Line[] {
  const lines: Line[] = [];
  const push = (s: number, e: number): void => {
    const [ls, le] = trimSpan(text, s, e);
    if (le <= ls) return;
    const whole = ls === start && le === end;
    const lineText = whole ? body : text.slice(ls, le);
    lines.push({ id: `${paragraphId}.l${lines.length + 1}`, start: ls, end: le, text: lineText, fingerprint: whole ? bodyFingerprint : fingerprintSpan(text, ls, le) });
  };
  let lineStart = start;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && code !== 0x0d) continue;
    push(lineStart, i);
    if (code === 0x0d && i + 1 < end && text.charCodeAt(i + 1) === 0x0a) i++;
    lineStart = i + 1;
  }
  push(lineStart, end);
  return lines;
}

/** Addressable paragraphs (`p1`, `p2`, …) with their lines (`p1.l1`, …). */
export function paragraphsOf(tree: Root, text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const block of collectBlocks(tree)) {
    const [start, end] = trimSpan(text, block.start, block.end);
    if (end <= start) continue;
    const id = `p${paragraphs.length + 1}`;
    const body = text.slice(start, end);
    const bodyFingerprint = fingerprintSpan(text, start, end);
    paragraphs.push({
      id,
      index: paragraphs.length,
      kind: block.kind,
      start,
      end,
      text: body,
      fingerprint: bodyFingerprint,
      lines: linesOf(text, start, end, id, body, bodyFingerprint),
    });
  }
  return paragraphs;
}

/** Find the paragraph containing an offset (binary search; paragraphs are sorted and disjoint). */
export function paragraphAt(paragraphs: readonly Paragraph[], offset: number): Paragraph | undefined {
  let lo = 0;
  let hi = paragraphs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = paragraphs[mid]!;
    if (offset < p.start) hi = mid - 1;
    else if (offset >= p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** The line of a paragraph containing an offset, when the paragraph has more than one. */
export function lineAt(paragraph: Paragraph, offset: number): Line | undefined {
  if (paragraph.lines.length < 2) return undefined;
  return paragraph.lines.find((l) => offset >= l.start && offset < l.end);
}
