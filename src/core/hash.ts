/**
 * Small, fast, dependency-free string hashing for ids and fingerprints.
 * Not cryptographic: ids only need to be stable and unlikely to collide
 * within one corpus, and the core must stay free of Node built-ins.
 */

/** cyrb53: 53-bit hash of a string (UTF-16 units), well distributed. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A short id fragment: 10 base-36 characters from a 53-bit hash. */
export function shortHash(text: string): string {
  return hash53(text).toString(36).padStart(11, '0').slice(-10);
}

/** A 106-bit content hash (two seeds), hex; used as a cache key for a whole source. */
export function contentHash(text: string): string {
  return hash53(text, 1).toString(16).padStart(14, '0') + hash53(text, 2).toString(16).padStart(14, '0');
}

/** Whitespace- and case-normalised text, so a fingerprint survives reflowing. */
export function normalizeForFingerprint(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function fingerprint(text: string): string {
  return shortHash(normalizeForFingerprint(text));
}
