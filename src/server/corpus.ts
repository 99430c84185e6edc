/**
 * What the viewer serves from: annotations/ as the build left it. Nothing is
 * recomputed per request. At start only index.json is read; the serialised
 * search index (the larger part, ~12 MB at 2,000 sources) is loaded on first
 * need or by warm(), so the first page does not wait for it. A source's
 * analysis is read when its page is first asked for and kept in a small LRU
 * cache, so a 2,000-source corpus is served in bounded memory.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { contentHash } from '../core/hash.js';
import type { LunrSearchEngine, StoredSource } from '../core/search.js';
import type { Claim, Corroboration, Fact, Flag, SourceAnalysis } from '../core/types.js';
import { loadFacts, loadIndex, loadSourceAnalysis, type CorpusIndex, type SourceSummary } from '../store/annotations.js';
import { loadSearchIndex } from '../store/search-index.js';

export interface CorpusOptions {
  annotationsDir: string;
  /** Where source texts live when their recorded path does not resolve (default `sources`). */
  sourcesDir?: string;
  /** Analyses kept in memory (default 64). */
  cacheSize?: number;
}

/** A span of a fact in another place that talks about the same measure, subject and period. */
export interface SameMeasure {
  fact: Fact;
  /** Whether its value agrees with the one in hand. */
  agrees: boolean;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

export class Corpus {
  readonly annotationsDir: string;
  readonly sourcesDir: string;
  readonly index: CorpusIndex;
  private loaded: { search: LunrSearchEngine; stored: StoredSource[]; claimSource: Map<string, string>; flagById: Map<string, Flag> } | undefined;
  private readonly position = new Map<string, number>();
  private readonly cache = new Map<string, SourceAnalysis>();
  private readonly cacheSize: number;
  private factsByKey: Map<string, Fact[]> | undefined;
  private readonly verified = new Map<string, { file: string; stamp: string; ok: boolean }>();

  constructor(options: CorpusOptions) {
    this.annotationsDir = resolve(options.annotationsDir);
    this.sourcesDir = resolve(options.sourcesDir ?? 'sources');
    this.cacheSize = Math.max(1, options.cacheSize ?? 64);
    this.index = loadIndex(this.annotationsDir);
    this.index.sources.forEach((s, i) => this.position.set(s.id, i));
  }

  /** The search index and what only it records (claim ids, own flags): read once, when first needed. */
  private get searchData(): NonNullable<Corpus['loaded']> {
    if (!this.loaded) {
      const { engine, sources } = loadSearchIndex(this.annotationsDir, { crossFlags: this.index.crossFlags, crossCorroborations: this.index.crossCorroborations });
      const claimSource = new Map<string, string>();
      const flagById = new Map<string, Flag>();
      for (const s of sources) {
        for (const c of s.claims) claimSource.set(c, s.id);
        for (const f of s.flags) flagById.set(f.id, f);
      }
      for (const f of this.index.crossFlags) flagById.set(f.id, f);
      this.loaded = { search: engine, stored: sources, claimSource, flagById };
    }
    return this.loaded;
  }

  get search(): LunrSearchEngine {
    return this.searchData.search;
  }

  /** Load the search index now rather than on the first search (a server does this once it has answered). */
  warm(): void {
    void this.searchData;
  }

  get sources(): readonly SourceSummary[] {
    return this.index.sources;
  }

  summary(id: string): SourceSummary | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.index.sources[i];
  }

  title(id: string): string {
    const i = this.position.get(id);
    if (i === undefined) return id;
    // An index.json from before titles were recorded: the search index has them.
    return this.index.sources[i]!.title ?? this.searchData.stored[i]?.title ?? id;
  }

  analysis(id: string): SourceAnalysis | undefined {
    const hit = this.cache.get(id);
    if (hit) {
      // Re-insert: Map order is the LRU order.
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit;
    }
    if (!this.position.has(id)) return undefined;
    const a = loadSourceAnalysis(this.annotationsDir, id);
    this.cache.set(id, a);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return a;
  }

  /**
   * The exact text the analysis was made from, or undefined when the file is
   * gone or changed since the build (offsets would no longer match it).
   */
  text(id: string): string | undefined {
    const s = this.summary(id);
    if (!s) return undefined;
    for (const candidate of [resolve(s.path), join(this.sourcesDir, basename(s.path))]) {
      let st;
      try {
        st = statSync(candidate);
      } catch {
        continue;
      }
      const text = readFileSync(candidate, 'utf8');
      const ok = contentHash(text) === s.hash;
      this.verified.set(id, { file: candidate, stamp: `${st.size}:${st.mtimeMs}:${st.ino}`, ok });
      if (ok) return text;
    }
    return undefined;
  }

  /**
   * Whether text(id) would give the analysed text. Every source page asks, so the answer is kept per file
   * stamp instead of reading and hashing the file on each view.
   */
  hasText(id: string): boolean {
    const v = this.verified.get(id);
    if (v) {
      try {
        const st = statSync(v.file);
        if (`${st.size}:${st.mtimeMs}:${st.ino}` === v.stamp) return v.ok;
      } catch {
        // Gone: look again.
      }
    }
    return this.text(id) !== undefined;
  }

  claim(id: string): Claim | undefined {
    const sid = this.searchData.claimSource.get(id);
    return sid ? this.analysis(sid)?.claims.find((c) => c.id === id) : undefined;
  }

  flag(id: string): Flag | undefined {
    return this.searchData.flagById.get(id);
  }

  /** Every flag in the corpus: each source's own, then those across sources. */
  allFlags(): Flag[] {
    return [...this.searchData.stored.flatMap((s) => s.flags), ...this.index.crossFlags];
  }

  /** Flags with a span in this source (its own and cross-source ones). */
  flagsOf(id: string): Flag[] {
    const own = this.analysis(id)?.flags ?? [];
    return [...own, ...this.index.crossFlags.filter((f) => f.spans.some((s) => s.sourceId === id))];
  }

  corroborationsOf(id: string): Corroboration[] {
    const own = this.analysis(id)?.corroborations ?? [];
    return [...own, ...this.index.crossCorroborations.filter((k) => k.spans.some((s) => s.sourceId === id))];
  }

  /** Flags and corroborations with a span overlapping the claim. */
  linksOf(claim: Claim): { flags: Flag[]; corroborations: Corroboration[] } {
    const touches = (x: { spans: { sourceId: string; start: number; end: number }[] }) => x.spans.some((s) => s.sourceId === claim.sourceId && overlaps(s, claim));
    return { flags: this.flagsOf(claim.sourceId).filter(touches), corroborations: this.corroborationsOf(claim.sourceId).filter(touches) };
  }

  /** The same measure stated elsewhere (in this source or another), from the keyed facts the build kept. */
  sameMeasure(claim: Claim): SameMeasure[] {
    if (!this.factsByKey) {
      // Read once, on the first claim page: facts are needed nowhere else.
      this.factsByKey = new Map();
      for (const facts of Object.values(loadFacts(this.annotationsDir))) {
        for (const f of facts) {
          const list = this.factsByKey.get(f.key) ?? [];
          list.push(f);
          this.factsByKey.set(f.key, list);
        }
      }
    }
    const byKey = this.factsByKey;
    const own = this.analysis(claim.sourceId)?.facts.filter((f) => overlaps(f.span, claim)) ?? [];
    const out: SameMeasure[] = [];
    const seen = new Set<string>();
    for (const f of own) {
      for (const other of byKey.get(f.key) ?? []) {
        if (other.sourceId === f.sourceId && overlaps(other.span, claim)) continue;
        const key = `${other.sourceId}:${other.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ fact: other, agrees: String(other.value) === String(f.value) });
      }
    }
    return out.slice(0, 50);
  }
}
