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

/** The code units of regex `\s` (and of `String.prototype.trim`) outside ASCII. */
const isWideSpace = (code: number): boolean =>
  code === 0xa0 || code === 0xfeff || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;

/**
 * Lowercase of each non-ASCII BMP code unit, filled on first sight (0 = not yet looked up).
 * UNMAPPABLE marks units whose lowercase is not one unit of their own: surrogates (astral
 * letters), final-sigma Σ (depends on its neighbours) and expanding ones such as İ.
 */
const LOWER = new Uint16Array(0x10000);
const UNMAPPABLE = 0xffff;

function lowerUnit(code: number): number {
  let lower = LOWER[code]!;
  if (lower === 0) {
    const mapped = code >= 0xd800 && code <= 0xdfff || code === 0x3a3 ? '' : String.fromCharCode(code).toLowerCase();
    lower = mapped.length === 1 ? mapped.charCodeAt(0) : UNMAPPABLE;
    LOWER[code] = lower;
  }
  return lower;
}

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
  // A whitespace run becomes one space, emitted only once text follows it (so both ends are trimmed).
  let started = false;
  let space = false;
  for (let i = start; i < end; i++) {
    let ch = text.charCodeAt(i);
    if (ch < 0x80) {
      if (ch === 0x20 || (ch >= 0x09 && ch <= 0x0d)) {
        space = started;
        continue;
      }
      if (ch >= 0x41 && ch <= 0x5a) ch += 0x20;
    } else if (isWideSpace(ch)) {
      space = started;
      continue;
    } else {
      ch = lowerUnit(ch);
      if (ch === UNMAPPABLE) return shortHash(normalizeForFingerprint(text.slice(start, end)));
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
