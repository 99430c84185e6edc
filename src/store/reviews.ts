/**
 * Human review data: annotations/reviews/<sourceId>.json, one Review per
 * source. This is the only data in claimtrace that cannot be regenerated, so
 * the store is defensive in every direction:
 *
 *  - every read and every write is validated with zod at this boundary; a bad
 *    field in a request becomes a ReviewInputError naming the field, a bad
 *    field on disk a UserError naming the file and the field;
 *  - each file carries a revision (its ETag); a write may name the revision it
 *    was based on and is refused with a ReviewConflictError carrying the
 *    current state when someone else wrote in between;
 *  - writes to one file are serialised: an in-process queue per file, plus an
 *    lockfile naming its owner process, so two processes (a server and a build)
 *    cannot interleave;
 *    inside the lock the file is re-read, so the revision check sees the truth;
 *  - files are replaced atomically (writeFileAtomic), so a crash leaves the old
 *    or the new state, never a torn file;
 *  - every change appends to the item's history (who, when, field → [before,
 *    after]), and nothing is ever deleted: a review that no longer finds its
 *    text is kept, marked orphaned, until an editor re-attaches it.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { anchor, makeSelectors, type Selectors } from '../core/anchoring.js';
import { shortHash } from '../core/hash.js';
import type { AnchorStatus, Claim, ClaimReview, Evidence, FlagReview, HistoryEntry, Review, Verdict } from '../core/types.js';
import { UserError } from './errors.js';
import { stableStringify, writeFileAtomic } from './json.js';

export const VERDICTS = ['unreviewed', 'true', 'mostly-true', 'misleading', 'mostly-false', 'false', 'unverifiable'] as const satisfies readonly Verdict[];

/** Bounds on what one request may store: generous for real reviews, small enough that a file stays readable. */
export const LIMITS = {
  notes: 20_000,
  reason: 5_000,
  reviewer: 200,
  evidence: 50,
  url: 2_048,
  title: 1_000,
  quote: 5_000,
  /** A manual claim is a sentence or a passage, not a chapter. */
  manualSpan: 5_000,
} as const;

// ---------------------------------------------------------------- schemas

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO date (YYYY-MM-DD)');
/** Evidence links are rendered as <a href>: only http(s), never javascript: or data:. */
const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(LIMITS.url);
const Id = z.string().regex(/^[A-Za-z0-9_.:~-]{1,200}$/, 'expected an id (letters, digits, _ . : ~ -)');
/** Source ids become file names: no separators, no leading dot. */
const SourceId = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/, 'expected a source id');

export const VerdictSchema = z.enum(VERDICTS);

export const EvidenceSchema = z.strictObject({
  url: HttpUrl,
  title: z.string().max(LIMITS.title).optional(),
  quote: z.string().max(LIMITS.quote).optional(),
  accessed: IsoDate.optional(),
});

const QuoteSchema = z.strictObject({ type: z.literal('TextQuoteSelector'), exact: z.string(), prefix: z.string(), suffix: z.string() });
const PositionSchema = z.strictObject({ type: z.literal('TextPositionSelector'), start: z.number().int().min(0), end: z.number().int().min(0) });
const HistorySchema = z.strictObject({
  at: z.string(),
  by: z.string(),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
});
const ClaimReviewSchema = z.strictObject({
  claimId: Id,
  sourceId: SourceId,
  quote: QuoteSchema,
  position: PositionSchema,
  anchor: z.enum(['anchored', 'moved', 'orphaned']),
  verdict: VerdictSchema,
  evidence: z.array(EvidenceSchema),
  notes: z.string(),
  reviewer: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  manual: z.boolean().optional(),
  history: z.array(HistorySchema),
});
const FlagReviewSchema = z.strictObject({
  flagId: Id,
  status: z.enum(['confirmed', 'dismissed']),
  reason: z.string(),
  reviewer: z.string(),
  updatedAt: z.string(),
  history: z.array(HistorySchema),
});
export const ReviewSchema = z.strictObject({
  sourceId: SourceId,
  revision: z.number().int().min(0),
  claims: z.array(ClaimReviewSchema),
  flags: z.array(FlagReviewSchema),
});

/** What an editor may change on a claim's review. Unknown keys (including __proto__) are refused. */
export const ClaimReviewPatchSchema = z.strictObject({
  verdict: VerdictSchema.optional(),
  evidence: z.array(EvidenceSchema).max(LIMITS.evidence).optional(),
  notes: z.string().max(LIMITS.notes).optional(),
  reviewer: z.string().trim().max(LIMITS.reviewer).optional(),
});
export type ClaimReviewPatch = z.infer<typeof ClaimReviewPatchSchema>;

export const FlagReviewPatchSchema = z.strictObject({
  status: z.enum(['confirmed', 'dismissed']),
  reason: z.string().max(LIMITS.reason).optional(),
  reviewer: z.string().trim().max(LIMITS.reviewer).optional(),
});
export type FlagReviewPatch = z.infer<typeof FlagReviewPatchSchema>;

// ---------------------------------------------------------------- errors

/** A request field that cannot be stored; `subject` is the field's path (e.g. `evidence.0.url`). */
export class ReviewInputError extends UserError {
  constructor(readonly field: string, problem: string) {
    super(field, problem);
    this.name = 'ReviewInputError';
  }
}

/** The thing a request names does not exist (no such claim review, source …). */
export class ReviewNotFoundError extends UserError {
  constructor(subject: string, problem: string) {
    super(subject, problem);
    this.name = 'ReviewNotFoundError';
  }
}

/** The write was based on an older revision; carries what is on disk now so the editor can merge. */
export class ReviewConflictError extends Error {
  constructor(
    readonly sourceId: string,
    readonly expected: string,
    readonly current: Review,
    readonly etag: string,
  ) {
    super(`${sourceId}: review changed since it was read (expected ${expected}, now ${etag})`);
    this.name = 'ReviewConflictError';
  }
}

/** The first problem of a failed parse as `field` + message; unknown keys name the key itself. */
export function firstIssue(error: z.ZodError, prefix: (string | number)[] = []): { field: string; message: string } {
  const issue = error.issues[0]!;
  const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (issue.code === 'unrecognized_keys') {
    return { field: [...path, issue.keys[0]!].join('.'), message: 'is not a field this accepts' };
  }
  return { field: path.join('.') || '(body)', message: issue.message };
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error, prefix);
    throw new ReviewInputError(field, message);
  }
  return parsed.data;
}

// ---------------------------------------------------------------- etags

export const etagOf = (review: Pick<Review, 'revision'>): string => `"r${review.revision}"`;

/** If-Match semantics (RFC 9110): `*`, a list, weak or strong tags all compare by revision. */
export function etagMatches(ifMatch: string, review: Pick<Review, 'revision'>): boolean {
  const want = etagOf(review);
  return ifMatch.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === want || `"${t}"` === want);
}

// ---------------------------------------------------------------- locking

const queues = new Map<string, Promise<void>>();
const EMPTY_LOCK_MS = 2_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function tryExclusive(lock: string, token: string): boolean {
  try {
    writeFileSync(lock, token, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Hold `<file>.lock` (created atomically with its owner's pid) while fn
 * runs. A lock whose owner process is gone, or that is older than staleMs, is
 * taken over: a writer killed mid-write must not block every later write.
 * (Owners are judged by pid, so two hosts sharing one annotations/ over a
 * network filesystem are not protected from each other.)
 */
async function withLockfile<T>(file: string, timeoutMs: number, staleMs: number, fn: () => T): Promise<T> {
  const lock = `${file}.lock`;
  const token = `${process.pid} ${Date.now()} ${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + timeoutMs;
  mkdirSync(dirname(file), { recursive: true });
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    // Write the owner into a private file, then link it into place: link fails if the lock
    // exists, and a lock never exists without its owner (a writer killed between creating
    // and filling an O_EXCL file would leave an anonymous lock nobody could judge).
    const mine = `${lock}.${token.replace(/ /g, '-')}`;
    writeFileSync(mine, token);
    try {
      linkSync(mine, lock);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && !NO_LINKS.has(code ?? '')) throw error;
      // Filesystems without hard links: O_EXCL create-and-write (an empty lock is judged by age).
      if (code !== 'EEXIST' && tryExclusive(lock, token)) break;
    } finally {
      rmSync(mine, { force: true });
    }
    let holder = '';
    try { holder = readFileSync(lock, 'utf8'); } catch { continue; }
    const pid = Number(holder.split(' ')[0]);
    let age = Infinity;
    try { age = Date.now() - statSync(lock).mtimeMs; } catch { continue; }
    // An empty lock (left by another tool) has no owner to ask: judge it by age alone.
    if ((holder && !pidAlive(pid)) || (!holder && age > EMPTY_LOCK_MS) || age > staleMs) {
      try {
        // Re-read right before removing so a lock someone else just took over is left alone.
        if (readFileSync(lock, 'utf8') === holder) unlinkSync(lock);
      } catch { /* gone already */ }
      continue;
    }
    if (Date.now() > deadline) throw new UserError(file, `is locked by process ${pid} (${lock}); try again, or remove the lock if that process is gone`);
    await sleep(wait);
  }
  try {
    return fn();
  } finally {
    try {
      if (readFileSync(lock, 'utf8') === token) unlinkSync(lock);
    } catch { /* already removed */ }
  }
}

/** Run fn with exclusive access to file: queued behind earlier calls in this process, then the lockfile. */
async function exclusive<T>(file: string, timeoutMs: number, staleMs: number, fn: () => T): Promise<T> {
  const prev = queues.get(file) ?? Promise.resolve();
  let done!: () => void;
  const gate = new Promise<void>((r) => (done = r));
  const mine = prev.then(() => gate);
  queues.set(file, mine);
  await prev;
  try {
    return await withLockfile(file, timeoutMs, staleMs, fn);
  } finally {
    done();
    if (queues.get(file) === mine) queues.delete(file);
  }
}

// ---------------------------------------------------------------- store

export interface ReviewStoreOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Give up waiting for another writer's lock after this long (default 10 s). */
  lockTimeoutMs?: number;
  /** A lock older than this is assumed abandoned (default 30 s; writes take milliseconds). */
  staleLockMs?: number;
  /** The current text of a source, for reattach() calls that do not pass one. */
  sourceText?: (sourceId: string) => string | undefined;
}

export interface WriteOptions {
  /** The ETag the edit was based on; a mismatch throws ReviewConflictError. Omit for blind writes. */
  ifMatch?: string | undefined;
  /** Who made the change, for history (defaults to the reviewer named in the change). */
  by?: string | undefined;
}

export interface WriteResult<T> {
  review: Review;
  etag: string;
  item: T;
  /** False when the request changed nothing (nothing was written). */
  changed: boolean;
}

export interface ReanchorReport {
  sourceId: string;
  /** Reviews still on their claim (same id), possibly at a new offset. */
  kept: string[];
  /** Reviews found again by their selectors; `to` differs from `from` when attached to a new claim id. */
  moved: { from: string; to: string; quality: number }[];
  orphaned: string[];
  /** Whether the file was rewritten. */
  changed: boolean;
}

const SYSTEM = 'claimtrace build';

/** Deep equality for history: the same JSON means the same value. */
const same = (a: unknown, b: unknown): boolean => stableStringify(a) === stableStringify(b);

const clone = <T>(v: T): T => structuredClone(v);

export const emptyReview = (sourceId: string): Review => ({ sourceId, revision: 0, claims: [], flags: [] });

export class ReviewStore {
  readonly dir: string;
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  private readonly sourceText: ((sourceId: string) => string | undefined) | undefined;

  constructor(annotationsDir: string, options: ReviewStoreOptions = {}) {
    this.dir = join(annotationsDir, 'reviews');
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 30_000;
    this.sourceText = options.sourceText;
  }

  /** The file of a source's reviews (the id is validated: it becomes a path). */
  file(sourceId: string): string {
    return join(this.dir, `${parseInput(SourceId, sourceId, ['sourceId'])}.json`);
  }

  /** Ids of sources that have a review file. */
  list(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  }

  has(sourceId: string): boolean {
    return existsSync(this.file(sourceId));
  }

  /** Read and validate; a missing file is an empty review at revision 0. */
  read(sourceId: string): Review {
    const file = this.file(sourceId);
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyReview(sourceId);
      throw new UserError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new UserError(file, `is not valid JSON (${(error as Error).message.split('\n')[0]})`);
    }
    const parsed = ReviewSchema.safeParse(json);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error);
      throw new UserError(file, `field ${field}: ${message}`);
    }
    if (parsed.data.sourceId !== sourceId) throw new UserError(file, `field sourceId: is "${parsed.data.sourceId}", expected "${sourceId}"`);
    return parsed.data as Review;
  }

  async get(sourceId: string): Promise<{ review: Review; etag: string }> {
    const review = this.read(sourceId);
    return { review, etag: etagOf(review) };
  }

  /** The review of one claim, looked up across all sources (manual claims are known only here). */
  findClaimReview(claimId: string): { sourceId: string; review: ClaimReview; etag: string } | undefined {
    for (const sourceId of this.list()) {
      const review = this.read(sourceId);
      const found = review.claims.find((c) => c.claimId === claimId);
      if (found) return { sourceId, review: found, etag: etagOf(review) };
    }
    return undefined;
  }

  /**
   * The one way a file changes: under the lock, re-read, check the revision,
   * let `apply` edit a copy, validate, bump the revision, write atomically.
   * `apply` returns the item it touched and whether anything changed.
   */
  private async mutate<T>(
    sourceId: string,
    opts: WriteOptions,
    apply: (draft: Review) => { item: T; changed: boolean },
    createFile = true,
  ): Promise<WriteResult<T>> {
    const file = this.file(sourceId);
    return exclusive(file, this.lockTimeoutMs, this.staleLockMs, () => {
      const current = this.read(sourceId);
      if (opts.ifMatch !== undefined && !etagMatches(opts.ifMatch, current)) {
        throw new ReviewConflictError(sourceId, opts.ifMatch, current, etagOf(current));
      }
      const draft = clone(current);
      const { item, changed } = apply(draft);
      if (!changed || (!createFile && !existsSync(file))) return { review: current, etag: etagOf(current), item, changed: false };
      draft.revision = current.revision + 1;
      const checked = ReviewSchema.safeParse(draft);
      if (!checked.success) {
        // Inputs were validated already; reaching this is a bug, and writing would corrupt the file.
        const { field, message } = firstIssue(checked.error);
        throw new Error(`refusing to write ${file}: field ${field}: ${message}`);
      }
      writeFileAtomic(file, stableStringify(draft));
      return { review: draft, etag: etagOf(draft), item, changed: true };
    });
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /**
   * Set a claim's verdict, evidence, notes or reviewer. The first change
   * creates the ClaimReview with the claim's selectors; `target` may be just
   * ids when the review already exists (manual claims have no Claim object).
   */
  async setClaimReview(target: Claim | { sourceId: string; claimId: string }, patch: unknown, opts: WriteOptions = {}): Promise<WriteResult<ClaimReview>> {
    const p = parseInput(ClaimReviewPatchSchema, patch);
    const claim = 'quote' in target ? target : undefined;
    const claimId = claim ? claim.id : (target as { claimId: string }).claimId;
    parseInput(Id, claimId, ['claimId']);
    return this.mutate(target.sourceId, opts, (draft) => {
      const at = this.stamp();
      let review = draft.claims.find((c) => c.claimId === claimId);
      const creating = !review;
      if (!review) {
        if (!claim) throw new ReviewNotFoundError(claimId, 'no such claim');
        review = {
          claimId,
          sourceId: claim.sourceId,
          quote: clone(claim.quote),
          position: clone(claim.position),
          anchor: 'anchored',
          verdict: 'unreviewed',
          evidence: [],
          notes: '',
          reviewer: '',
          createdAt: at,
          updatedAt: at,
          history: [],
        };
      }
      const changes: Record<string, [unknown, unknown]> = {};
      const set = <K extends 'verdict' | 'evidence' | 'notes' | 'reviewer'>(key: K, value: ClaimReview[K] | undefined) => {
        if (value === undefined || same(review![key], value)) return;
        changes[key] = [clone(review![key]), clone(value)];
        review![key] = value;
      };
      set('verdict', p.verdict);
      set('evidence', p.evidence?.map(cleanEvidence));
      set('notes', p.notes);
      set('reviewer', p.reviewer);
      if (Object.keys(changes).length === 0) return { item: review, changed: false };
      // An editor saving a review whose words changed has seen the new words.
      if (review.anchor === 'moved') {
        changes.anchor = ['moved', 'anchored'];
        review.anchor = 'anchored';
      }
      review.updatedAt = at;
      review.history.push({ at, by: opts.by ?? p.reviewer ?? (review.reviewer || 'anonymous'), changes });
      if (creating) draft.claims.push(review);
      return { item: review, changed: true };
    });
  }

  /** Confirm or dismiss a flag, with the reason. A flag with no FlagReview is unresolved. */
  async setFlagReview(sourceId: string, flagId: string, patch: unknown, opts: WriteOptions = {}): Promise<WriteResult<FlagReview>> {
    const p = parseInput(FlagReviewPatchSchema, patch);
    parseInput(Id, flagId, ['flagId']);
    return this.mutate(sourceId, opts, (draft) => {
      const at = this.stamp();
      let review = draft.flags.find((f) => f.flagId === flagId);
      const creating = !review;
      const before = review ? { status: review.status, reason: review.reason, reviewer: review.reviewer } : { status: null, reason: null, reviewer: null };
      review ??= { flagId, status: p.status, reason: '', reviewer: '', updatedAt: at, history: [] };
      const after = { status: p.status, reason: p.reason ?? review.reason, reviewer: p.reviewer ?? review.reviewer };
      const changes: Record<string, [unknown, unknown]> = {};
      for (const key of ['status', 'reason', 'reviewer'] as const) if (!same(before[key], after[key])) changes[key] = [before[key], after[key]];
      if (Object.keys(changes).length === 0) return { item: review, changed: false };
      Object.assign(review, after, { updatedAt: at });
      review.history.push({ at, by: opts.by ?? p.reviewer ?? (review.reviewer || 'anonymous'), changes });
      if (creating) draft.flags.push(review);
      return { item: review, changed: true };
    });
  }

  /**
   * A claim the detector missed, made by selecting [start, end) of the source
   * text. Surrounding whitespace is trimmed (selections drag it along); the
   * stored quote is the exact slice. Adding the same span twice returns the
   * existing review.
   */
  async addManualClaim(sourceId: string, text: string, start: unknown, end: unknown, patch: unknown = {}, opts: WriteOptions = {}): Promise<WriteResult<ClaimReview>> {
    const span = checkSpan(text, start, end);
    const p = parseInput(ClaimReviewPatchSchema, patch);
    const selectors = makeSelectors(text, span.start, span.end);
    return this.mutate(sourceId, opts, (draft) => {
      const existing = draft.claims.find((c) => c.position.start === span.start && c.position.end === span.end && c.quote.exact === selectors.quote.exact && c.anchor !== 'orphaned');
      if (existing) return { item: existing, changed: false };
      const at = this.stamp();
      let claimId = `m_${shortHash(`${sourceId}|${span.start}|${span.end}|${selectors.quote.exact}`)}`;
      for (let n = 2; draft.claims.some((c) => c.claimId === claimId); n++) claimId = `m_${shortHash(`${sourceId}|${span.start}|${span.end}|${selectors.quote.exact}|${n}`)}`;
      const review: ClaimReview = {
        claimId,
        sourceId,
        quote: selectors.quote,
        position: selectors.position,
        anchor: 'anchored',
        verdict: p.verdict ?? 'unreviewed',
        evidence: (p.evidence ?? []).map(cleanEvidence),
        notes: p.notes ?? '',
        reviewer: p.reviewer ?? '',
        createdAt: at,
        updatedAt: at,
        manual: true,
        history: [],
      };
      const changes: Record<string, [unknown, unknown]> = { claim: [null, selectors.quote.exact], position: [null, [span.start, span.end]] };
      for (const key of ['verdict', 'evidence', 'notes', 'reviewer'] as const) if (p[key] !== undefined) changes[key] = [null, clone(review[key])];
      review.history.push({ at, by: opts.by ?? p.reviewer ?? 'anonymous', changes });
      draft.claims.push(review);
      return { item: review, changed: true };
    });
  }

  /**
   * Re-attach a review by hand to [start, end) of the current text (the way
   * out of 'orphaned'). When the span is exactly a detector claim that has no
   * review yet, the review takes that claim's id.
   */
  async reattach(
    sourceId: string,
    claimId: string,
    start: unknown,
    end: unknown,
    opts: WriteOptions & { text?: string; claims?: readonly Claim[] } = {},
  ): Promise<WriteResult<ClaimReview>> {
    const text = opts.text ?? this.sourceText?.(sourceId);
    if (text === undefined) throw new ReviewNotFoundError(sourceId, 'no source text to re-attach against');
    const span = checkSpan(text, start, end);
    const selectors = makeSelectors(text, span.start, span.end);
    return this.mutate(sourceId, opts, (draft) => {
      const review = draft.claims.find((c) => c.claimId === claimId);
      if (!review) throw new ReviewNotFoundError(claimId, 'no review for this claim');
      const taken = new Set(draft.claims.map((c) => c.claimId));
      const target = review.manual ? undefined : opts.claims?.find((c) => c.start === span.start && c.end === span.end && !taken.has(c.id));
      const changes = moveTo(review, target ? { quote: target.quote, position: target.position } : selectors, 'anchored', target?.id);
      if (Object.keys(changes).length === 0) return { item: review, changed: false };
      const at = this.stamp();
      review.updatedAt = at;
      review.history.push({ at, by: opts.by ?? 'anonymous', changes });
      return { item: review, changed: true };
    });
  }

  /**
   * After the source text changed: find every review of the source again.
   *
   *  - a review whose claim id is still produced keeps it (its offsets follow the claim);
   *  - otherwise its selectors are anchored in the new text; landing on a new
   *    claim's span attaches it to that claim's id (history records the move);
   *  - when the text cannot be found it is marked orphaned with all its data.
   *
   * Never removes a review or touches its verdict, evidence, notes or
   * reviewer; never creates a file for a source nobody reviewed.
   */
  async reanchorSource(sourceId: string, text: string, claimsInNewAnalysis: readonly Claim[], opts: { by?: string } = {}): Promise<ReanchorReport> {
    const report: ReanchorReport = { sourceId, kept: [], moved: [], orphaned: [], changed: false };
    if (!this.has(sourceId)) return report;
    const byId = new Map(claimsInNewAnalysis.map((c) => [c.id, c]));
    const result = await this.mutate(
      sourceId,
      {},
      (draft) => {
        report.kept = [];
        report.moved = [];
        report.orphaned = [];
        const at = this.stamp();
        // Claims already spoken for: a review never takes over another review's claim.
        const taken = new Set(draft.claims.map((c) => c.claimId).filter((id) => byId.has(id)));
        let changed = false;
        for (const review of draft.claims) {
          let changes: Record<string, [unknown, unknown]>;
          const own = review.manual ? undefined : byId.get(review.claimId);
          if (own) {
            report.kept.push(review.claimId);
            // Same id means same words in the same paragraph: only the offsets can differ.
            const status = review.anchor !== 'moved' && review.quote.exact === own.quote.exact ? 'anchored' : 'moved';
            changes = moveTo(review, { quote: own.quote, position: own.position }, status);
          } else {
            const found = anchor(text, { quote: review.quote, position: review.position });
            if (found.status === 'orphaned' || found.start === undefined || found.end === undefined) {
              report.orphaned.push(review.claimId);
              changes = review.anchor === 'orphaned' ? {} : { anchor: [review.anchor, 'orphaned'] };
              review.anchor = 'orphaned';
            } else {
              const target = review.manual ? undefined : landedOn(found.start, found.end, claimsInNewAnalysis, taken);
              const selectors = target ? { quote: target.quote, position: target.position } : makeSelectors(text, found.start, found.end);
              if (target) taken.add(target.id);
              // 'moved' stays until an editor saves the review: it means "the words changed, look again".
              const wordsKept = selectors.quote.exact === review.quote.exact && review.anchor !== 'moved';
              const from = review.claimId;
              changes = moveTo(review, selectors, wordsKept ? 'anchored' : 'moved', target?.id);
              if (from !== review.claimId || Object.keys(changes).length > 0) report.moved.push({ from, to: review.claimId, quality: found.quality });
              else report.kept.push(review.claimId);
            }
          }
          if (Object.keys(changes).length > 0) {
            review.history.push({ at, by: opts.by ?? SYSTEM, changes });
            changed = true;
          }
        }
        return { item: report, changed };
      },
      false,
    );
    report.changed = result.changed;
    return report;
  }
}

/** Evidence without empty optional fields, so an empty form input does not store "". */
function cleanEvidence(e: Evidence): Evidence {
  const out: Evidence = { url: e.url };
  if (e.title) out.title = e.title;
  if (e.quote) out.quote = e.quote;
  if (e.accessed) out.accessed = e.accessed;
  return out;
}

/** Validate a selection against the text: integers, in range, not splitting a character, not only whitespace. */
export function checkSpan(text: string, start: unknown, end: unknown): { start: number; end: number } {
  const s = parseInput(z.number().int().min(0).max(text.length), start, ['start']);
  const e = parseInput(z.number().int().min(0).max(text.length), end, ['end']);
  if (e <= s) throw new ReviewInputError('end', 'must be greater than start');
  let a = s;
  let b = e;
  while (a < b && /\s/u.test(text[a]!)) a++;
  while (b > a && /\s/u.test(text[b - 1]!)) b--;
  if (a === b) throw new ReviewInputError('start', 'the selection is only whitespace');
  if (b - a > LIMITS.manualSpan) throw new ReviewInputError('end', `the selection is longer than ${LIMITS.manualSpan} characters`);
  const low = (i: number) => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!);
  if (low(a)) throw new ReviewInputError('start', 'splits a character (surrogate pair)');
  if (low(b)) throw new ReviewInputError('end', 'splits a character (surrogate pair)');
  return { start: a, end: b };
}

/**
 * The new claim a re-anchored span landed on: the one overlapping it most,
 * if the overlap covers at least half of both (a neighbouring sentence that
 * merely touches the span is not the same claim). Claims with reviews of their
 * own are skipped.
 */
function landedOn(start: number, end: number, claims: readonly Claim[], taken: ReadonlySet<string>): Claim | undefined {
  let best: Claim | undefined;
  let bestOverlap = 0;
  for (const c of claims) {
    if (taken.has(c.id)) continue;
    const overlap = Math.min(end, c.end) - Math.max(start, c.start);
    if (overlap <= 0) continue;
    if (overlap < 0.5 * (end - start) || overlap < 0.5 * (c.end - c.start)) continue;
    if (overlap > bestOverlap) { best = c; bestOverlap = overlap; }
  }
  return best;
}

/** Point a review at new selectors (and maybe a new claim id); the changes for history. */
function moveTo(review: ClaimReview, selectors: Selectors, status: AnchorStatus, claimId?: string): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  if (claimId !== undefined && claimId !== review.claimId) {
    changes.claimId = [review.claimId, claimId];
    review.claimId = claimId;
  }
  // The words are history; the context around them is derived from the position and changes with every nearby edit.
  if (review.quote.exact !== selectors.quote.exact) changes.quote = [review.quote.exact, selectors.quote.exact];
  if (!same(review.quote, selectors.quote)) review.quote = clone(selectors.quote);
  if (review.position.start !== selectors.position.start || review.position.end !== selectors.position.end) {
    changes.position = [[review.position.start, review.position.end], [selectors.position.start, selectors.position.end]];
    review.position = { type: 'TextPositionSelector', start: selectors.position.start, end: selectors.position.end };
  }
  if (review.anchor !== status) {
    changes.anchor = [review.anchor, status];
    review.anchor = status;
  }
  return changes;
}

export type { HistoryEntry };
