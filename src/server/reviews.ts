/**
 * The review API: JSON for scripts and the selection script, plus plain form
 * posts so the viewer works without JavaScript.
 *
 *   GET  /api/reviews/:sourceId            the source's Review, with its ETag
 *   PUT  /api/claims/:id/review            verdict / evidence / notes / reviewer (If-Match required)
 *   PUT  /api/flags/:id/review             confirm or dismiss a flag (If-Match required)
 *   POST /api/sources/:id/claims           a manual claim from {start, end}
 *   POST /api/reviews/:sourceId/reattach   re-attach a review to {claimId, start, end}
 *
 * The two PUT routes also accept POST, because an HTML form cannot PUT.
 * A form sends the ETag as the `ifMatch` field, may send `redirect` (a path on
 * this site) and, when the server has a token, `_token`.
 *
 * Every route runs behind a 64 KB body limit, hono's csrf() (a cross-site
 * form post is refused) and, when deps.token is set, a token check. The
 * middleware is attached per route, not with use('*'), so mounting these
 * routes never changes how the rest of the viewer behaves.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Child } from 'hono/jsx';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Claim, Flag, Review } from '../core/types.js';
import { UserError } from '../store/errors.js';
import {
  etagOf,
  ReviewConflictError,
  ReviewInputError,
  ReviewNotFoundError,
  type ReviewStore,
} from '../store/reviews.js';
import { ClaimReviewPanel, ConflictPage, ErrorPage, FlagReviewControls, OrphanList, type ClaimLike } from './review-ui.js';

export interface ReviewRouteDeps {
  store: ReviewStore;
  findClaim(id: string): { claim: Claim; text?: string } | undefined;
  findSource(id: string): { text: string } | undefined;
  /** When set, every route needs it (Authorization: Bearer, X-Claimtrace-Token, cookie claimtrace_token, or form field _token). */
  token?: string | undefined;
  /** Optional: lets flag reviews find their source without the client naming it. */
  findFlag?(id: string): { flag: Flag } | undefined;
  /** Optional: a source's current detector claims, so a re-attached review can take over the claim it now covers. */
  claimsOf?(sourceId: string): readonly Claim[];
}

export const MAX_BODY = 64 * 1024;

type Fields = Record<string, unknown>;
interface Body {
  form: boolean;
  fields: Fields;
  /** Form-only extras, never validated as review data. */
  ifMatch?: string | undefined;
  redirect?: string | undefined;
}

/** Thrown by handlers; turned into JSON or an HTML page depending on who asked. */
class HttpError extends Error {
  constructor(readonly status: 400 | 401 | 404 | 413 | 415 | 428 | 500 | 503, message: string, readonly field?: string) {
    super(message);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();
export const sameToken = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function tokenAuth(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next();
    const header = c.req.header('authorization');
    const offered: (string | undefined)[] = [
      header?.match(/^Bearer\s+(.+)$/i)?.[1],
      c.req.header('x-claimtrace-token'),
      getCookie(c, 'claimtrace_token'),
    ];
    if (isForm(c)) {
      const form = await c.req.parseBody({ all: true });
      const t = Array.isArray(form._token) ? form._token[0] : form._token;
      offered.push(typeof t === 'string' ? t : undefined);
    }
    if (offered.some((t) => t !== undefined && sameToken(t, token))) return next();
    c.header('WWW-Authenticate', 'Bearer realm="claimtrace"');
    return c.json({ error: 'a token is required to change reviews' }, 401);
  };
}

const isForm = (c: Context): boolean => /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header('content-type') ?? '');

/** Only paths on this site: a redirect must never send an editor elsewhere. */
function safePath(p: unknown): string | undefined {
  return typeof p === 'string' && /^\/(?![/\\])[^\s]*$/.test(p) ? p : undefined;
}

function backTo(c: Context, body: Body | undefined, fallback: string): string {
  if (body?.redirect) return body.redirect;
  const referer = c.req.header('referer');
  if (referer) {
    try {
      const u = new URL(referer);
      if (u.origin === new URL(c.req.url).origin) return u.pathname + u.search;
    } catch { /* not a URL */ }
  }
  return fallback;
}

/** Plain object from JSON; form fields mapped onto the same names as the JSON API. */
async function readBody(c: Context, kind: 'claim' | 'flag' | 'span' | 'reattach'): Promise<Body> {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/json\b/i.test(type)) {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      throw new HttpError(400, 'the body is not valid JSON', '(body)');
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new HttpError(400, 'the body must be a JSON object', '(body)');
    return { form: false, fields: json as Fields };
  }
  if (!isForm(c)) throw new HttpError(415, 'send application/json or a form');
  const form = await c.req.parseBody({ all: true });
  const one = (k: string): string | undefined => {
    const v = form[k];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' ? s : undefined;
  };
  const many = (k: string): string[] => {
    const v = form[k];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === 'string' ? x : ''));
  };
  const int = (k: string): unknown => {
    const s = one(k)?.trim();
    return s !== undefined && /^\d+$/.test(s) ? Number(s) : s;
  };
  const fields: Fields = {};
  const put = (k: string, v: unknown) => { if (v !== undefined) fields[k] = v; };
  if (kind === 'claim') {
    put('verdict', one('verdict'));
    put('notes', one('notes'));
    put('reviewer', one('reviewer'));
    if ('evidence_url' in form) {
      const urls = many('evidence_url');
      const titles = many('evidence_title');
      const quotes = many('evidence_quote');
      const accessed = many('evidence_accessed');
      // Rows without a URL are the blank row the form always offers: not evidence.
      fields.evidence = urls.flatMap((url, i) => {
        if (!url.trim()) return [];
        const e: Fields = { url: url.trim() };
        if (titles[i]?.trim()) e.title = titles[i]!.trim();
        if (quotes[i]?.trim()) e.quote = quotes[i]!.trim();
        if (accessed[i]?.trim()) e.accessed = accessed[i]!.trim();
        return [e];
      });
    }
  } else if (kind === 'flag') {
    put('status', one('status'));
    put('reason', one('reason'));
    put('reviewer', one('reviewer'));
    put('sourceId', one('sourceId'));
  } else {
    put('start', int('start'));
    put('end', int('end'));
    if (kind === 'reattach') put('claimId', one('claimId'));
  }
  return { form: true, fields, ifMatch: one('ifMatch') || undefined, redirect: safePath(one('redirect')) };
}

/** Take a field out of a body before the rest is validated strictly. */
function take(fields: Fields, key: string): unknown {
  const v = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
  delete fields[key];
  return v;
}

export function reviewRoutes(deps: ReviewRouteDeps): Hono {
  const app = new Hono();
  const guard = every(
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: `the body is larger than ${MAX_BODY / 1024} KB` }, 413) }),
    csrf(),
    tokenAuth(deps.token),
  );

  const textOf = (sourceId: string): string => {
    const src = deps.findSource(sourceId);
    if (!src) throw new HttpError(404, `no source "${sourceId}"`);
    return src.text;
  };

  /** Run a handler; map store errors to statuses, as JSON or (for forms) as a page. */
  const handle = (kind: 'claim' | 'flag' | 'span' | 'reattach' | 'get', fn: (c: Context, body: Body | undefined) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      let body: Body | undefined;
      try {
        if (kind !== 'get') body = await readBody(c, kind);
        return await fn(c, body);
      } catch (error) {
        return failure(c, body, error);
      }
    };

  const failure = (c: Context, body: Body | undefined, error: unknown): Response | Promise<Response> => {
    let status: HttpError['status'];
    let message: string;
    let field: string | undefined;
    if (error instanceof ReviewConflictError) return conflict(c, body, error);
    if (error instanceof HttpError) ({ status, message, field } = error);
    else if (error instanceof ReviewInputError) [status, message, field] = [400, error.problem, error.field];
    else if (error instanceof ReviewNotFoundError) [status, message] = [404, error.message];
    else if (error instanceof UserError) [status, message] = [/is locked/.test(error.problem) ? 503 : 500, error.message];
    else {
      console.error(error);
      [status, message] = [500, 'internal error'];
    }
    if (body?.form) {
      const page = ErrorPage({ status, message, field, back: backTo(c, body, '/') });
      return c.html(page.toString(), status);
    }
    return c.json(field ? { error: `${field}: ${message}`, field } : { error: message }, status);
  };

  const conflict = async (c: Context, body: Body | undefined, error: ReviewConflictError): Promise<Response> => {
    c.header('ETag', error.etag);
    if (!body?.form) {
      return c.json({ error: 'the review changed since you read it; reload and apply your change again', current: error.current, etag: error.etag }, 409);
    }
    const back = backTo(c, body, '/');
    const claimId = c.req.path.match(/^\/api\/claims\/([^/]+)\/review$/)?.[1];
    const flagId = c.req.path.match(/^\/api\/flags\/([^/]+)\/review$/)?.[1];
    let current: Child = null;
    if (claimId) {
      const id = decodeURIComponent(claimId);
      const review = error.current.claims.find((r) => r.claimId === id);
      const claim: ClaimLike = deps.findClaim(id)?.claim ?? { id, sourceId: error.sourceId, text: review?.quote.exact ?? '' };
      current = ClaimReviewPanel({ claim, review, etag: error.etag, redirect: back, token: deps.token });
    } else if (flagId) {
      const id = decodeURIComponent(flagId);
      const flag = deps.findFlag?.(id)?.flag;
      if (flag) current = FlagReviewControls({ flag, review: error.current.flags.find((f) => f.flagId === id), etag: error.etag, redirect: back, token: deps.token });
    } else if (/\/reattach$/.test(c.req.path)) {
      current = OrphanList({ sourceId: error.sourceId, orphans: error.current.claims.filter((r) => r.anchor === 'orphaned'), etag: error.etag, redirect: back, token: deps.token });
    }
    const page = ConflictPage({ back, submitted: body.fields, children: current });
    return c.html(await page.toString(), 409);
  };

  /** If-Match from the header or the form field; required where the API says so. */
  const ifMatchOf = (c: Context, body: Body | undefined, required: boolean): string | undefined => {
    const v = c.req.header('if-match') ?? body?.ifMatch;
    if (required && !v) throw new HttpError(428, 'send If-Match with the ETag of the review you edited (GET /api/reviews/:sourceId)');
    return v;
  };

  const done = (c: Context, body: Body | undefined, status: 200 | 201, payload: Record<string, unknown>, etag: string, fallback: string): Response => {
    c.header('ETag', etag);
    if (body?.form) return c.redirect(backTo(c, body, fallback), 303);
    return c.json({ ...payload, etag }, status);
  };

  app.get(
    '/api/reviews/:sourceId',
    guard,
    handle('get', async (c) => {
      const sourceId = c.req.param('sourceId')!;
      const { store } = deps;
      if (!deps.findSource(sourceId) && !store.list().includes(sourceId)) throw new HttpError(404, `no source "${sourceId}"`);
      let review: Review;
      try {
        review = store.read(sourceId);
      } catch (error) {
        if (error instanceof ReviewInputError) throw new HttpError(404, `no source "${sourceId}"`);
        throw error;
      }
      const etag = etagOf(review);
      c.header('ETag', etag);
      c.header('Cache-Control', 'no-cache');
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.json(review);
    }),
  );

  const claimReview = handle('claim', async (c, body) => {
    const id = c.req.param('id')!;
    const ifMatch = ifMatchOf(c, body, true);
    const found = deps.findClaim(id);
    let target: Claim | { sourceId: string; claimId: string };
    if (found) target = found.claim;
    else {
      // Manual claims (and reviews whose claim id the detector no longer produces) live only in the store.
      const stored = deps.store.findClaimReview(id);
      if (!stored) throw new HttpError(404, `no claim "${id}"`);
      target = { sourceId: stored.sourceId, claimId: id };
    }
    const result = await deps.store.setClaimReview(target, body!.fields, { ifMatch });
    return done(c, body, 200, { review: result.item }, result.etag, `/claims/${encodeURIComponent(id)}`);
  });
  app.put('/api/claims/:id/review', guard, claimReview);
  app.post('/api/claims/:id/review', guard, claimReview);

  const flagReview = handle('flag', async (c, body) => {
    const id = c.req.param('id')!;
    const ifMatch = ifMatchOf(c, body, true);
    const named = take(body!.fields, 'sourceId');
    const known = deps.findFlag?.(id)?.flag;
    let sourceId = known?.spans[0]?.sourceId;
    if (!sourceId && typeof named === 'string') {
      if (!deps.findSource(named)) throw new HttpError(400, `no source "${named}"`, 'sourceId');
      sourceId = named;
    }
    if (!sourceId) {
      if (named !== undefined) throw new HttpError(400, 'expected a source id', 'sourceId');
      throw new HttpError(deps.findFlag ? 404 : 400, deps.findFlag ? `no flag "${id}"` : 'name the flag\'s source', deps.findFlag ? undefined : 'sourceId');
    }
    const result = await deps.store.setFlagReview(sourceId, id, body!.fields, { ifMatch });
    return done(c, body, 200, { review: result.item }, result.etag, `/sources/${encodeURIComponent(sourceId)}`);
  });
  app.put('/api/flags/:id/review', guard, flagReview);
  app.post('/api/flags/:id/review', guard, flagReview);

  app.post(
    '/api/sources/:id/claims',
    guard,
    handle('span', async (c, body) => {
      const sourceId = c.req.param('id')!;
      const text = textOf(sourceId);
      const fields = { ...body!.fields };
      const start = take(fields, 'start');
      const end = take(fields, 'end');
      if (start === undefined) throw new HttpError(400, 'is required', 'start');
      if (end === undefined) throw new HttpError(400, 'is required', 'end');
      const result = await deps.store.addManualClaim(sourceId, text, start, end, fields, { ifMatch: ifMatchOf(c, body, false) });
      return done(c, body, result.changed ? 201 : 200, { review: result.item }, result.etag, `/sources/${encodeURIComponent(sourceId)}#review-${result.item.claimId}`);
    }),
  );

  app.post(
    '/api/reviews/:sourceId/reattach',
    guard,
    handle('reattach', async (c, body) => {
      const sourceId = c.req.param('sourceId')!;
      const text = textOf(sourceId);
      const fields = { ...body!.fields };
      const claimId = take(fields, 'claimId');
      const start = take(fields, 'start');
      const end = take(fields, 'end');
      const extra = Object.keys(fields)[0];
      if (extra !== undefined) throw new HttpError(400, 'is not a field this accepts', extra);
      if (typeof claimId !== 'string' || !claimId) throw new HttpError(400, 'expected the id of the review to re-attach', 'claimId');
      if (start === undefined) throw new HttpError(400, 'is required', 'start');
      if (end === undefined) throw new HttpError(400, 'is required', 'end');
      const claims = deps.claimsOf?.(sourceId);
      const result = await deps.store.reattach(sourceId, claimId, start, end, { text, ifMatch: ifMatchOf(c, body, false), ...(claims ? { claims } : {}) });
      return done(c, body, 200, { review: result.item }, result.etag, `/sources/${encodeURIComponent(sourceId)}#review-${result.item.claimId}`);
    }),
  );

  return app;
}
