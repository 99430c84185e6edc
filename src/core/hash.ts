/**
 * Small, fast, dependency-free string hashing for ids and fingerprints.
 * Not cryptographic: ids only need to be stable and unlikely to collide
 * within one corpus, and the core must stay free of Node built-ins.
 */

/** cyrb53's final avalanche of its two 32-bit lanes into one 53-bit number. */
function finish53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** cyrb53: 53-bit hash of a string (UTF-16 units), well distributed. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

const DIGITS36 = Array.from('0123456789abcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0));
const POW36_5 = 36 ** 5;

/**
 * `hash.toString(36).padStart(11, '0').slice(-10)`: the low ten base-36 digits.
 * Number#toString(36) costs about a microsecond, as much as hashing a whole
 * paragraph, so the digits are cut from two exact 5-digit halves instead.
 */
function base36(hash: number): string {
  let high = Math.floor(hash / POW36_5);
  let low = hash - high * POW36_5;
  // The division rounds, so the floor can be one off either way.
  if (low < 0) { high--; low += POW36_5; } else if (low >= POW36_5) { high++; low -= POW36_5; }
  high %= POW36_5;
  const d = DIGITS36;
  const h4 = high % 36; high = (high - h4) / 36;
  const h3 = high % 36; high = (high - h3) / 36;
  const h2 = high % 36; high = (high - h2) / 36;
  const h1 = high % 36; high = (high - h1) / 36;
  const l4 = low % 36; low = (low - l4) / 36;
  const l3 = low % 36; low = (low - l3) / 36;
  const l2 = low % 36; low = (low - l2) / 36;
  const l1 = low % 36; low = (low - l1) / 36;
  return String.fromCharCode(d[high]!, d[h1]!, d[h2]!, d[h3]!, d[h4]!, d[low]!, d[l1]!, d[l2]!, d[l3]!, d[l4]!);
}

/** A short id fragment: 10 base-36 characters from a 53-bit hash. */
export function shortHash(text: string): string {
  return base36(hash53(text));
}

/** A 106-bit content hash (two seeds), hex; used as a cache key for a whole source. */
export function contentHash(text: string): string {
  // Both seeds in one pass: a source is read once instead of twice.
  let a1 = 0xdeadbeef ^ 1;
  let a2 = 0x41c6ce57 ^ 1;
  let b1 = 0xdeadbeef ^ 2;
  let b2 = 0x41c6ce57 ^ 2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a1 = Math.imul(a1 ^ ch, 2654435761);
    a2 = Math.imul(a2 ^ ch, 1597334677);
    b1 = Math.imul(b1 ^ ch, 2654435761);
    b2 = Math.imul(b2 ^ ch, 1597334677);
  }
  return finish53(a1, a2).toString(16).padStart(14, '0') + finish53(b1, b2).toString(16).padStart(14, '0');
}

/** Whitespace- and case-normalised text, so a fingerprint survives reflowing. */
export function normalizeForFingerprint(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * What each BMP code unit adds to a fingerprint: its lowercase, SPACE for regex `\s`, or UNMAPPABLE
 * when its lowercase is not one unit of its own (surrogates of astral letters, final-sigma Σ that
 * depends on its neighbours, expanding ones such as İ); -1 until first seen. One table lookup per
 * character is what keeps the normalisation from costing more than the hash.
 */
const FOLD = new Int32Array(0x10000).fill(-1);
const SPACE = 0x10000;
const UNMAPPABLE = 0x10001;
const WHITESPACE = /\s/;

function foldUnit(code: number): number {
  const ch = String.fromCharCode(code);
  let folded: number;
  if (WHITESPACE.test(ch)) folded = SPACE;
  else if ((code >= 0xd800 && code <= 0xdfff) || code === 0x3a3) folded = UNMAPPABLE;
  else {
    const lower = ch.toLowerCase();
    folded = lower.length === 1 ? lower.charCodeAt(0) : UNMAPPABLE;
  }
  FOLD[code] = folded;
  return folded;
}
for (let code = 0; code < 0x80; code++) foldUnit(code);

/**
 * shortHash(normalizeForFingerprint(text)), computed in one pass without
 * building the normalised string: fingerprints are taken of every paragraph
 * and line, so the intermediate strings were most of the paragraph stage.
 */
export function fingerprint(text: string): string {
  return fingerprintSpan(text, 0, text.length);
}

/**
 * fingerprint(text.slice(start, end)). Reading the whole source in place is
 * faster than reading a slice of it, which V8 keeps as a view with an indirection.
 */
export function fingerprintSpan(text: string, start: number, end: number): string {
  let h1 = 0xdeadbeef ^ 0;
  let h2 = 0x41c6ce57 ^ 0;
  // A whitespace run becomes one space, added only once text follows it, so both ends are trimmed.
  let started = false;
  let space = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    let ch = FOLD[code]!;
    if (ch < 0) ch = foldUnit(code);
    if (ch >= SPACE) {
      if (ch === UNMAPPABLE) return shortHash(normalizeForFingerprint(text.slice(start, end)));
      space = started;
      continue;
    }
    if (space) {
      h1 = Math.imul(h1 ^ 0x20, 2654435761);
      h2 = Math.imul(h2 ^ 0x20, 1597334677);
      space = false;
    }
    started = true;
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return base36(finish53(h1, h2));
}
