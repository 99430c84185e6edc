/**
 * What in an article is not body prose: the headline, bylines and author
 * boxes, photo credits, newsletter and sharing boilerplate, and the short
 * unpunctuated labels (subheads, picture captions) that web copy leaves
 * between paragraphs. None of these is a claim the article makes, so they
 * go into `ctx.nonProse` before captions and claims run.
 *
 * Everything is decided per line from its own shape and a few cue phrases,
 * so the rules hold for any publisher; one pass over the lines.
 */
import type { Root } from 'mdast';
import type { Transformer } from 'unified';
import { contextOf } from './context.js';
import { extractDates } from './mentions.js';
import * as spans from './spans.js';
import type { Paragraph, SourceMeta, Span } from './types.js';

export type StructureKind = 'headline' | 'byline' | 'dateline' | 'author-box' | 'photo-credit' | 'boilerplate' | 'label' | 'repeated' | 'non-prose-block';

export interface StructureMark extends Span {
  /** A paragraph id (`p3`) when the whole paragraph is marked, else a line id (`p3.l2`). */
  id: string;
  kind: StructureKind;
  reason: string;
}

export interface StructureResult {
  marks: StructureMark[];
  /** Metadata the text itself states (title, author, publisher, publication date). */
  meta: SourceMeta;
}

/** "'”’») and ] */
const isCloser = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x29 || c === 0x5d;

/**
 * Whether a line ends in a full stop, question/exclamation mark or ellipsis, possibly inside closing
 * quotes or brackets: /[.!?…]["'”’»)\]]*$/u read from the end, since a regex anchored only at the end
 * is tried at every position of the line.
 */
function endsTerminal(t: string): boolean {
  let i = t.length - 1;
  while (i >= 0 && isCloser(t.charCodeAt(i))) i--;
  const c = t.charCodeAt(i);
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Word-count classes of a code unit (0: not yet classified). */
const WORD = 1;
const TIE = 2;
const OTHER = 3;
const HIGH_SURROGATE = 4;

/**
 * The class of every BMP code unit, filled on first sight: a letter or digit on its own (WORD), a
 * hyphen, apostrophe or dot that can tie two runs (TIE), a high surrogate whose pair decides, or
 * OTHER. One table lookup per character keeps counting cheap enough to do on every line.
 */
const UNIT_CLASS = new Uint8Array(0x10000);

function classify(code: number): number {
  const unit =
    code === 0x2d || code === 0x27 || code === 0x2019 || code === 0x2e ? TIE
    : code >= 0xd800 && code <= 0xdbff ? HIGH_SURROGATE
    : WORD_CHAR.test(String.fromCharCode(code)) ? WORD
    : OTHER;
  UNIT_CLASS[code] = unit;
  return unit;
}
for (let code = 0; code < 0x80; code++) classify(code);

/**
 * Words: matches of `[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*` (by code point), counted without building
 * them: a run of letters and digits starts a word unless one hyphen, apostrophe or dot ties it to the run before.
 * Counting stops past `cap`: the rules only ask whether a line is short.
 */
function wordCount(s: string, cap = Infinity): number {
  let count = 0;
  let inWord = false;
  let tied = false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let unit = UNIT_CLASS[code]!;
    if (unit === 0) unit = classify(code);
    if (unit === HIGH_SURROGATE) {
      // An astral letter or digit is one code point across two units; a lone surrogate is neither.
      const low = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        unit = WORD_CHAR.test(s.slice(i, i + 2)) ? WORD : OTHER;
        i++;
      } else {
        unit = OTHER;
      }
    }
    if (unit === WORD) {
      if (!inWord && !tied && ++count > cap) return count;
      inWord = true;
      tied = false;
    } else {
      tied = inWord && unit === TIE;
      inWord = false;
    }
  }
  return count;
}

/**
 * A pattern behind a cheap check that every match passes. Under the `iu` flags V8 tries `\b` and a
 * leading `(?:^|[…])` at every position of a line, which made two patterns most of this stage; the
 * plain words of the hint are found with a fast scan. The hint has the same flags, so it folds case
 * exactly as the pattern does.
 */
function hinted(hint: RegExp, pattern: RegExp): { test: (text: string) => boolean } {
  return { test: (text) => hint.test(text) && pattern.test(text) };
}

// A hot loop calls this through a local binding: when tsx runs the sources as CommonJS, every call of an
// imported function goes through two export getters, which cost more than this small helper.
const { isSpace } = spans;

/** How many paragraphs at the end of an article can hold its author box. */
const EDGE = 3;

/** No rule looks at a line longer than this (words). */
const MAX_RULE_WORDS = 40;

/** Longest line that can still be a headline or a label (words). */
export const MAX_LABEL_WORDS = 20;

const BYLINE = /^(?:by|written by|reported by|words by|story by|text by)\s+\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}.'’-]*|and|&|de|van|von|al|bin))*[\s,|–—-]*(?:\S.*)?$/iu;
/** Wire-service credits at the foot of a story: "Reporting by …; Editing by …". */
const WIRE_CREDIT = /^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|graphics|translation)\s+by\b/iu;
const AUTHOR_BOX = /^(?:the\s+(?:author|writer|columnist|contributor)s?\s+(?:is|are|was)\b|about\s+the\s+(?:author|writer)\b|author(?:'s|’s)?\s+(?:bio|note)\b)/iu;
/**
 * "Jane Doe is a senior fellow at …": an author box only at the end of an
 * article; in the body the same shape introduces a quoted expert.
 */
const AUTHOR_BIO = /^\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){1,3}\s+is\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}(?:professor|lecturer|instructor|researcher|fellow|analyst|journalist|writer|columnist|correspondent|editor|reporter|contributor|student|scholar|director|consultant)\b/u;
const IMAGE_LABEL = /^(?:image|photo|picture|video)\s+(?:caption|source|credit)s?\b/iu;
const PHOTO_CREDIT = hinted(
  /photo|image|picture|video|graphic|illustration|credit|©|\(c\)|courtesy/iu,
  /(?:^|[\s(.,;|])(?:photo|image|picture|video|graphic|illustration)s?\s*(?:credit|courtesy|source)?s?\s*(?::|by\b)|(?:^|[\s(.,;|])credits?\s*:|©|\(c\)\s*\d{4}|\bcourtesy of\b|^(?:photo|image|picture)s?\s*(?:credit)?\s*$/iu,
);
/** Phrases that are boilerplate wherever they appear. */
const STRONG_BOILERPLATE = [
  /\ball\s+rights\s+reserved\b/i,
  /\b(?:originally|first)\s+(?:published|appeared)\s+(?:in|on|by|at)\b/i,
  /\bthe views expressed\b/i,
  /\bdo(?:es)? not necessarily (?:reflect|represent)\b/i,
  /^editor['’]s\s+note\b/i,
];
/** Phrases that are boilerplate when the line also calls the reader to act. */
const BOILERPLATE = [
  /\bsign\s*up\b/i,
  /\bsubscribe\b/i,
  /\bnewsletters?\b/i,
  /\b(?:stories|news|updates|articles|headlines)\s+(?:sent|delivered)\b/i,
  /\bfollow\s+us\b/i,
  /\bshare\s+(?:this|on)\b/i,
  /^(?:read|see)\s+(?:more|also)\b/i,
  /^(?:related|tags|topics|share|advertisement|sponsored|recommended|more from|also read)\b\s*[:|]?/i,
  /\bclick\s+here\b/i,
  /\bdownload\s+(?:our|the)\s+app\b/i,
];
/**
 * Words of which every phrase in the two lists above has at least one (keep it in step with them). A line
 * without any, which is nearly every line, skips fifteen patterns that each scan the whole line.
 */
const BOILERPLATE_HINT =
  /rights|published|appeared|views|necessarily|^editor|sign|subscribe|newsletter|sent|delivered|follow|share|^read|^see|^related|^tags|^topics|^advertisement|^sponsored|^recommended|^more from|^also read|click|download/i;
/** An imperative or second-person call to action is what separates boilerplate from prose that merely mentions subscribers. */
const CALL_TO_ACTION = /^(?:get|sign|subscribe|follow|join|share|read|click|download|like|support|donate|register|stay|don['’]t miss|never miss|want|enjoy|listen|watch)\b|\b(?:you|your)\b|!\s*$|^\p{Lu}[\p{L}\s]{0,30}:\s*$/iu;

const COPYRIGHT = hinted(/rights|^\s*[©(c]/iu, /\ball\s+rights\s+reserved\b|^\s*(?:©|\(c\)|copyright\b)\s*(?:\d{4}|\p{Lu})/iu);
const PUBLISHER_FROM_CTA = /\b(?:[Gg]et|[Rr]eceive)\s+((?:the\s+)?\p{Lu}[\p{L}\p{M}'’&.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’&.-]*){0,4})\s+(?:stories|news|newsletters?|updates|headlines)\b/u;
const PUBLISHER_FROM_NEWSLETTER = /\b(?:[Ss]ubscribe\s+to|[Ss]ign\s+up\s+for)\s+((?:the\s+)?\p{Lu}[\p{L}\p{M}'’&.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’&.-]*){0,4})(?:['’]s)?\s+(?:newsletter|daily|weekly)/u;
const PUBLISHER_FROM_COPYRIGHT = /(?:©|\([Cc]\)|[Cc]opyright)\s*(?:\d{4}\s*)?((?:[Tt]he\s+)?\p{Lu}[\p{L}\p{M}'’&-]*(?:\s+\p{Lu}[\p{L}\p{M}'’&-]*){0,4})/u;
const NAME = /\p{Lu}[\p{L}\p{M}'’-]*(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}'’-]*)){1,3}/u;
const BYLINE_LEAD = /^(?:(?:written|reported|words|story|text)\s+)?by\s+/iu;
const BYLINE_NAME_END = /\s*(?:[,|–—]|\s-\s)\s*/u;
const AFTER_VERB = /\b(?:is|are|was)\s+(.*)$/u;
/** A label opens with a capital, a digit, an opening quote or a bracket. */
const LABEL_START = /^[\p{Lu}\p{N}"'“‘«(]/u;
/** A line that is nothing but a person's name ("Jane Doe."): a byline or a credit under a picture. */
const NAME_ONLY = /^\p{Lu}[\p{Ll}\p{M}'’-]+(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{Ll}\p{M}'’-]+)){1,3}\.?$/u;

interface LineLike extends Span {
  id: string;
  text: string;
}

/** "Published March 5, 2024", "Updated: 5 March 2024 10:30 GMT": a date line, not a sentence. */
const DATELINE_LEAD = /^(?:(?:first\s+)?(?:published|updated|posted|last\s+updated|modified)\b\s*(?:on|at)?\s*:?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$/iu;

/** The publication date a date line states, as ISO, or undefined. */
function datelineDate(t: string): string | undefined {
  const [d] = extractDates(t, 0, t.length);
  if (!d || d.relative || d.value.length < 7) return undefined;
  // The date must open the line (after "Published" and the like) and leave at most a time behind it.
  if (!DATELINE_LEAD.test(t.slice(0, d.start))) return undefined;
  if (wordCount(t.slice(d.end)) > 4) return undefined;
  return d.value;
}

interface Place {
  isFirstLine: boolean;
  hasBody: boolean;
  /** Within the last few paragraphs of the second half, where author boxes sit. */
  atEnd: boolean;
}

interface Finding {
  kind: StructureKind;
  reason: string;
  date?: string;
}

function lineKind(line: LineLike, place: Place): Finding | undefined {
  const t = line.text;
  const words = wordCount(t, MAX_RULE_WORDS);
  // Word-count limits go first: they are free, and most lines are too long for the patterns after them.
  if (words <= 12 && BYLINE.test(t)) return { kind: 'byline', reason: 'starts with “By” and a name' };
  if (words <= 30 && WIRE_CREDIT.test(t)) return { kind: 'byline', reason: 'credits the reporting or editing' };
  if (AUTHOR_BOX.test(t) || (place.atEnd && AUTHOR_BIO.test(t))) return { kind: 'author-box', reason: 'describes the author' };
  if (words <= 12) {
    const date = datelineDate(t);
    if (date) return { kind: 'dateline', reason: 'states when the article was published', date };
  }
  if (words <= 30 && COPYRIGHT.test(t)) return { kind: 'boilerplate', reason: 'a copyright notice' };
  if (words <= 25 && (IMAGE_LABEL.test(t) || PHOTO_CREDIT.test(t))) return { kind: 'photo-credit', reason: 'credits a photo or image' };
  if (words <= MAX_RULE_WORDS && BOILERPLATE_HINT.test(t) && (STRONG_BOILERPLATE.some((re) => re.test(t)) || (BOILERPLATE.some((re) => re.test(t)) && CALL_TO_ACTION.test(t)))) {
    return { kind: 'boilerplate', reason: 'newsletter, sharing, subscription or publishing boilerplate' };
  }
  const unpunctuated = words <= MAX_LABEL_WORDS && !endsTerminal(t) && LABEL_START.test(t);
  if (unpunctuated && place.isFirstLine && place.hasBody) return { kind: 'headline', reason: 'a short first line without a full stop' };
  if (words <= 4 && NAME_ONLY.test(t)) return { kind: 'byline', reason: 'a name on its own line' };
  if (unpunctuated) return { kind: 'label', reason: 'a short line without a full stop (subhead or caption)' };
  return undefined;
}

/** Clean a name taken from the text: no trailing punctuation or possessive. */
const cleanName = (s: string): string => s.trim().replace(/['’]s$/, '').replace(/[.,;:]+$/, '');

/**
 * Mark what is not body prose and read the metadata the text states.
 * Pure: the text and its paragraphs in, marks out.
 */
export function analyzeStructure(_text: string, paragraphs: readonly Paragraph[]): StructureResult {
  const marks: StructureMark[] = [];
  const meta: SourceMeta = {};
  const firstLine = paragraphs[0]?.lines[0];
  const hasBody = paragraphs.length > 1 || (paragraphs[0]?.lines.length ?? 0) > 1;
  // Shared rather than built per line: the loop below runs for every line of every source.
  const inBody: Place = { isFirstLine: false, hasBody, atEnd: false };
  const nearEnd: Place = { isFirstLine: false, hasBody, atEnd: true };

  for (const p of paragraphs) {
    if (p.kind === 'code' || p.kind === 'html' || p.kind === 'table') {
      marks.push({ id: p.id, start: p.start, end: p.end, kind: 'non-prose-block', reason: `a ${p.kind} block` });
      continue;
    }
    if (p.kind === 'heading') {
      const isTitle = p.index === 0;
      marks.push({ id: p.id, start: p.start, end: p.end, kind: isTitle ? 'headline' : 'label', reason: isTitle ? 'the first heading' : 'a heading' });
      if (isTitle && !meta.title) meta.title = p.text.replace(/^#+\s*|\s*#+$/g, '').trim();
      continue;
    }
    const lines: LineLike[] = p.lines.length > 0 ? p.lines : [{ id: p.id, start: p.start, end: p.end, text: p.text }];
    // Caption plus alt text: the same line twice in a row is never the article speaking. A full sentence
    // printed twice is different: the article did say it once, so its first copy stays prose (and can be
    // a claim) and only the copies are set aside.
    if (lines.length >= 2 && repeatsFirstLine(lines)) {
      if (readsAsSentence(lines[0]!.text)) {
        for (const l of lines.slice(1)) marks.push({ id: l.id, start: l.start, end: l.end, kind: 'repeated', reason: 'a sentence printed again on the next line' });
      } else {
        marks.push({ id: p.id, start: p.start, end: p.end, kind: 'repeated', reason: 'the same line repeated (caption and alt text)' });
      }
      continue;
    }
    const atEnd = p.index >= paragraphs.length - EDGE && p.index >= paragraphs.length / 2;
    const place = atEnd ? nearEnd : inBody;
    const found = new Array<Finding | undefined>(lines.length);
    let some = false;
    let every = true;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const f = lineKind(l, l === firstLine ? { ...place, isFirstLine: true } : place);
      found[i] = f;
      if (f) some = true;
      else every = false;
    }
    // Body prose, which is most paragraphs.
    if (!some) continue;
    // An author box runs on into the author's interests: the rest of its paragraph goes with it.
    const boxFirst = found[0]?.kind === 'author-box';
    const all = every || boxFirst;
    if (all) {
      const f = found[0] ?? { kind: 'author-box' as const, reason: 'describes the author' };
      marks.push({ id: p.id, start: p.start, end: p.end, kind: f.kind, reason: f.reason });
    } else {
      for (let i = 0; i < lines.length; i++) {
        const f = found[i];
        if (f) marks.push({ id: lines[i]!.id, start: lines[i]!.start, end: lines[i]!.end, kind: f.kind, reason: f.reason });
      }
    }
    for (let i = 0; i < lines.length; i++) {
      const f = boxFirst ? found[0] : found[i];
      const t = lines[i]!.text;
      if (!f) continue;
      if (f.kind === 'headline' && !meta.title) meta.title = t.trim();
      if (f.kind === 'dateline' && f.date && !meta.date) meta.date = f.date;
      if ((f.kind === 'byline' || f.kind === 'author-box') && !meta.author && !WIRE_CREDIT.test(t)) {
        if (f.kind === 'byline') {
          // "By Jane Doe and Omar Haddad, Reuters": every name, not the agency or role after the comma.
          const names = t.replace(BYLINE_LEAD, '').split(BYLINE_NAME_END)[0]!;
          if (NAME.test(names)) meta.author = cleanName(names);
        } else {
          // "The author is Jane Doe, …" names the author after the verb; "Jane Doe is a fellow …" before it.
          const m = AUTHOR_BOX.test(t) ? AFTER_VERB.exec(t) : null;
          const name = NAME.exec(m ? m[1]! : t);
          if (name) meta.author = cleanName(name[0]);
        }
      }
      if (f.kind === 'boilerplate' || f.kind === 'photo-credit') {
        const pub = PUBLISHER_FROM_CTA.exec(t) ?? PUBLISHER_FROM_NEWSLETTER.exec(t) ?? (COPYRIGHT.test(t) ? PUBLISHER_FROM_COPYRIGHT.exec(t) : null);
        if (pub && !meta.publisher) meta.publisher = cleanName(pub[1]!);
      }
    }
  }
  return { marks, meta };
}

const SENTENCE_END = /[.!?]["”’)]?$/u;
const SPACES = /\s+/u;

/** A line that is a whole sentence: eight words or more, ending in a full stop, question or exclamation mark. */
function readsAsSentence(line: string): boolean {
  const t = line.trim();
  return SENTENCE_END.test(t) && t.split(SPACES).length >= 8;
}

/** Every line is the first one again, up to spacing. */
function repeatsFirstLine(lines: readonly LineLike[]): boolean {
  const first = lines[0]!.text;
  for (let i = 1; i < lines.length; i++) if (!sameUpToSpaces(lines[i]!.text, first)) return false;
  return true;
}

/** a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' '), without building either. */
function sameUpToSpaces(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    const xs = isSpace(x);
    if (xs !== isSpace(y)) return false;
    if (xs) {
      while (i < a.length && isSpace(a.charCodeAt(i))) i++;
      while (j < b.length && isSpace(b.charCodeAt(j))) j++;
    } else if (x !== y) {
      return false;
    } else {
      i++;
      j++;
    }
  }
  return i === a.length && j === b.length;
}

/**
 * unified plugin: adds non-prose paragraph/line ids to ctx.nonProse and fills
 * meta the manifest left empty (a stated publication date then resolves
 * "last year" in the claims).
 */
export default function structure(): Transformer<Root> {
  return (_tree, file) => {
    const ctx = contextOf(file);
    const { marks, meta } = analyzeStructure(ctx.text, ctx.paragraphs);
    for (const m of marks) ctx.nonProse.add(m.id);
    const own = ctx.source.meta;
    for (const key of ['title', 'author', 'publisher', 'date'] as const) {
      if (own[key] === undefined && meta[key] !== undefined) own[key] = meta[key];
    }
  };
}
