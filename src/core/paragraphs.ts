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
import * as hash from './hash.js';
import { firstOf, NextChar, skipSpace, trimEnd } from './spans.js';
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

// Called for every paragraph and line through a local binding: when tsx runs the sources as CommonJS,
// every call of an imported function goes through two export getters.
const { fingerprintSpan } = hash;

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
 * A line break is CRLF, CR or LF.
 */
function linesOf(text: string, start: number, end: number, paragraphId: string, body: string, bodyFingerprint: string, breaks: LineBreaks): Line[] {
  // Most paragraphs are one line: that line is the paragraph itself, already trimmed.
  const first = breaks.after(start);
  if (first === -1 || first >= end) return [{ id: `${paragraphId}.l1`, start, end, text: body, fingerprint: bodyFingerprint }];
  const lines: Line[] = [];
  for (let lineStart = start; ; ) {
    const at = breaks.after(lineStart);
    const lineEnd = at !== -1 && at < end ? at : end;
    const ls = skipSpace(text, lineStart, lineEnd);
    const le = trimEnd(text, ls, lineEnd);
    if (le > ls) lines.push({ id: `${paragraphId}.l${lines.length + 1}`, start: ls, end: le, text: text.slice(ls, le), fingerprint: fingerprintSpan(text, ls, le) });
    if (lineEnd === end) return lines;
    lineStart = at + (text.charCodeAt(at) === 0x0d && at + 1 < end && text.charCodeAt(at + 1) === 0x0a ? 2 : 1);
  }
}

/** Line feeds and carriage returns of one text, found forwards. */
class LineBreaks {
  private readonly lf: NextChar;
  private readonly cr: NextChar;

  constructor(text: string) {
    this.lf = new NextChar(text, '\n');
    this.cr = new NextChar(text, '\r');
  }

  after(i: number): number {
    return firstOf(this.lf.after(i), this.cr.after(i));
  }
}

/** Addressable paragraphs (`p1`, `p2`, …) with their lines (`p1.l1`, …). */
export function paragraphsOf(tree: Root, text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const breaks = new LineBreaks(text);
  for (const block of collectBlocks(tree)) {
    const start = skipSpace(text, block.start, block.end);
    const end = trimEnd(text, start, block.end);
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
      lines: linesOf(text, start, end, id, body, bodyFingerprint, breaks),
    });
  }
  return paragraphs;
}
