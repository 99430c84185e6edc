/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The viewer: pages and a JSON API that mirrors them, over a Corpus loaded
 * once. Review writes are the review routes' business (./reviews.ts); this
 * module only reads.
 *
 *   /                     sources            /api/sources
 *   /sources/:id          a source           /api/sources/:id
 *   /sources/:id/:para    a paragraph/line → the source page at it (404 if unknown)
 *   /claims/:id           a claim            /api/claims/:id
 *   /flags                every flag         /api/flags
 *   /flags/:id            one flag, to confirm or dismiss
 *   /search?q=            search             /api/search?q=
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_BASE, formatCitation, permalink, type ExportEntry } from '../core/export.js';
import { SearchQueryError } from '../core/search.js';
import { paragraphAt } from '../core/spans.js';
import { RULES, type Claim, type ClaimReview, type FlagReview, type Review } from '../core/types.js';
import { etagOf, ReviewStore } from '../store/reviews.js';
import { appScript, styleSheet } from './assets.js';
import { Corpus, type CorpusOptions } from './corpus.js';
import { parseSpans } from './marks.js';
import { ClaimPage, FlagPage, FLAGS_PER_RULE, FlagsPage, NotFoundPage, SearchPage, SOURCES_PER_PAGE, SourcePage, SourcesPage, spanHref, type ClaimView } from './pages.js';
import { selectionScript } from './review-ui.js';
import { reviewRoutes, sameToken } from './reviews.js';

export interface ViewerOptions extends CorpusOptions {
  /** When set, every write needs it (see reviews.ts). */
  token?: string | undefined;
  /** Base URL for permalinks and citations (default http://127.0.0.1:4173). */
  base?: string | undefined;
}

export interface Viewer {
  app: Hono;
  corpus: Corpus;
  store: ReviewStore;
}

const PAGE_SIZE = 20;
const MAX_QUERY = 500;


function numberParam(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function createViewer(options: ViewerOptions): Viewer {
  const corpus = new Corpus(options);
  const store = new ReviewStore(corpus.annotationsDir, { sourceText: (id) => corpus.text(id) });
  const base = options.base ?? DEFAULT_BASE;
  const app = new Hono();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );

  const titleOf = (id: string) => corpus.title(id);
  const paragraphOf = (sourceId: string, offset: number): string | undefined => {
    const a = corpus.analysis(sourceId);
    return a ? paragraphAt(a.paragraphs, offset)?.id : undefined;
  };
  const notFound = (c: Context, what: string) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: what }, 404);
    return c.html(<NotFoundPage what={what} />, 404);
  };
  const readReview = (sourceId: string): Review => store.read(sourceId);

  const asset = (body: string, type: string) => (c: Context) => {
    c.header('Content-Type', type);
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  };
  app.get('/assets/app.js', asset(appScript, 'text/javascript; charset=utf-8'));
  app.get('/assets/select.js', asset(selectionScript, 'text/javascript; charset=utf-8'));
  app.get('/assets/style.css', asset(styleSheet, 'text/css; charset=utf-8'));

  app.route(
    '/',
    reviewRoutes({
      store,
      token: options.token,
      findClaim: (id) => {
        const claim = corpus.claim(id);
        return claim ? { claim } : undefined;
      },
      findSource: (id) => {
        const text = corpus.text(id);
        return text === undefined ? undefined : { text };
      },
      findFlag: (id) => {
        const flag = corpus.flag(id);
        return flag ? { flag } : undefined;
      },
      claimsOf: (id) => corpus.analysis(id)?.claims ?? [],
    }),
  );

  // A writer opens /auth?token=… once; the cookie then carries the token on every form post and
  // fetch, so the token never has to be written into a page that anyone can read.
  app.get('/auth', (c) => {
    const offered = c.req.query('token');
    if (!options.token || !offered || !sameToken(offered, options.token)) return c.html(<NotFoundPage what="That token is not this server's." />, 401);
    setCookie(c, 'claimtrace_token', offered, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.redirect('/', 303);
  });

  // ------------------------------------------------------------ sources

  const titled = (sources: Corpus['sources']) => sources.map((s) => ({ ...s, title: corpus.title(s.id) }));
  app.get('/', (c) => {
    const offset = Math.max(0, Math.floor(numberParam(c.req.query('offset')) ?? 0));
    const page = titled(corpus.sources.slice(offset, offset + SOURCES_PER_PAGE));
    return c.html(<SourcesPage sources={page} total={corpus.sources.length} offset={offset} />);
  });
  app.get('/api/sources', (c) => c.json({ sources: titled(corpus.sources) }));

  /** Everything the source page and its API show. */
  const sourceView = (c: Context, id: string) => {
    const summary = corpus.summary(id);
    const a = summary && corpus.analysis(id);
    if (!summary || !a) return undefined;
    const review = readReview(id);
    const detected = new Set(a.claims.map((x) => x.id));
    const manual = review.claims.filter((r) => !detected.has(r.claimId) && r.anchor !== 'orphaned');
    return {
      id,
      title: corpus.title(id),
      summary,
      paragraphs: a.paragraphs,
      claims: a.claims,
      captions: a.captions,
      flags: corpus.flagsOf(id),
      corroborations: corpus.corroborationsOf(id),
      review,
      etag: etagOf(review),
      highlights: parseSpans(c.req.query('hl')).filter((s) => s.end <= a.source.length),
      filters: { rule: c.req.query('rule') || undefined, type: c.req.query('type') || undefined, min: numberParam(c.req.query('min')) },
      manual,
      textAvailable: corpus.hasText(id),
    };
  };

  app.get('/sources/:id', (c) => {
    const id = c.req.param('id');
    const view = sourceView(c, id);
    if (!view) return notFound(c, `No source “${id}”.`);
    return c.html(<SourcePage view={view} titleOf={titleOf} paragraphOf={paragraphOf} />);
  });

  // A citable paragraph or line address as a path: /sources/<id>/p7, /sources/<id>/p7.l2. With the
  // block's fingerprint (?fp=), the link still finds its words after paragraphs were added or removed
  // above them: the address is tried first, then the one block whose text has that fingerprint.
  app.get('/sources/:id/:para', (c) => {
    const id = c.req.param('id');
    const para = c.req.param('para');
    const fp = c.req.query('fp');
    const a = corpus.analysis(id);
    if (!a) return notFound(c, `No source “${id}”.`);
    const blocks = a.paragraphs.flatMap((p) => [p, ...(p.lines.length > 1 ? p.lines : [])]);
    const named = blocks.find((b) => b.id === para);
    const same = fp ? blocks.filter((b) => b.fingerprint === fp) : [];
    const target = named && (!fp || named.fingerprint === fp) ? named : same.length === 1 ? same[0]! : named;
    if (!target) return notFound(c, `No paragraph “${para}” in source “${id}” (it has ¶1–¶${a.paragraphs.length}).`);
    return c.redirect(spanHref(id, [target], target.id), 302);
  });

  app.get('/api/sources/:id', (c) => {
    const id = c.req.param('id');
    const view = sourceView(c, id);
    if (!view) return notFound(c, `no source "${id}"`);
    const a = corpus.analysis(id)!;
    return c.json({
      source: { ...a.source, title: view.title },
      paragraphs: a.paragraphs,
      claims: a.claims,
      captions: a.captions,
      flags: view.flags,
      corroborations: view.corroborations,
      review: view.review,
    });
  });

  // ------------------------------------------------------------ claims

  /** A detector claim, or a manual one known only to the review store. */
  const claimView = (id: string): ClaimView | undefined => {
    const claim = corpus.claim(id);
    if (claim) {
      const summary = corpus.summary(claim.sourceId)!;
      const review = readReview(claim.sourceId);
      const r = review.claims.find((x) => x.claimId === id);
      const links = corpus.linksOf(claim);
      const entry: ExportEntry = {
        id, sourceId: claim.sourceId, quote: claim.quote, position: claim.position, paragraphId: claim.paragraphId, sentenceId: claim.sentenceId, claim, review: r, orphaned: false,
      };
      return {
        claim,
        paragraphId: claim.paragraphId,
        source: summary,
        sourceTitle: corpus.title(claim.sourceId),
        citation: formatCitation(entry, corpus.analysis(claim.sourceId)!.source, { base }),
        permalink: permalink(id, base),
        review: r,
        etag: etagOf(review),
        quote: claim.quote,
        flags: links.flags,
        corroborations: links.corroborations,
        sameMeasure: corpus.sameMeasure(claim),
      };
    }
    const stored = store.findClaimReview(id);
    const summary = stored && corpus.summary(stored.sourceId);
    const a = summary && corpus.analysis(summary.id);
    if (!stored || !summary || !a) return undefined;
    const r: ClaimReview = stored.review;
    const orphaned = r.anchor === 'orphaned';
    const paragraphId = orphaned ? undefined : paragraphAt(a.paragraphs, r.position.start)?.id;
    const entry: ExportEntry = { id, sourceId: summary.id, quote: r.quote, position: r.position, paragraphId, review: r, orphaned };
    const pseudo: Claim | undefined = orphaned
      ? undefined
      : ({ id, sourceId: summary.id, paragraphId: paragraphId ?? '', start: r.position.start, end: r.position.end, text: r.quote.exact } as Claim);
    const links = pseudo ? corpus.linksOf(pseudo) : { flags: [], corroborations: [] };
    return {
      claim: { id, sourceId: summary.id, text: r.quote.exact, start: r.position.start, end: r.position.end },
      paragraphId,
      source: summary,
      sourceTitle: corpus.title(summary.id),
      citation: formatCitation(entry, a.source, { base }),
      permalink: permalink(id, base),
      review: r,
      etag: stored.etag,
      quote: r.quote,
      flags: links.flags,
      corroborations: links.corroborations,
      sameMeasure: [],
    };
  };

  app.get('/claims/:id', (c) => {
    const id = c.req.param('id');
    const view = claimView(id);
    if (!view) return notFound(c, `No claim “${id}”.`);
    return c.html(<ClaimPage view={view} titleOf={titleOf} paragraphOf={paragraphOf} />);
  });

  app.get('/api/claims/:id', (c) => {
    const id = c.req.param('id');
    const view = claimView(id);
    if (!view) return notFound(c, `no claim "${id}"`);
    const { claim, citation, permalink: link, review, flags, corroborations, sameMeasure, paragraphId } = view;
    return c.json({
      claim,
      source: { id: view.source.id, title: view.sourceTitle, path: view.source.path, meta: view.source.meta },
      paragraphId,
      citation,
      permalink: link,
      review: review ?? null,
      links: { flags, corroborations, sameMeasure },
    });
  });

  // ------------------------------------------------------------ flags

  /** Every flag decision in the corpus (only sources someone reviewed have a file). */
  const flagReviews = () => {
    const reviews = new Map<string, FlagReview>();
    for (const sid of store.list()) for (const f of readReview(sid).flags) reviews.set(f.flagId, f);
    return reviews;
  };

  app.get('/flags', (c) => {
    const reviews = flagReviews();
    const all = corpus.allFlags();
    const rule = c.req.query('rule');
    const only = RULES.find((r) => r === rule);
    if (rule && !only) return notFound(c, `No rule “${rule}” (rules are ${RULES.join(', ')}).`);
    const offset = only ? Math.max(0, Math.floor(numberParam(c.req.query('offset')) ?? 0)) : 0;
    const size = only ? FLAGS_PER_RULE * 4 : FLAGS_PER_RULE;
    const groups = RULES.map((r) => {
      const flags = all.filter((f) => f.rule === r);
      return { rule: r, total: flags.length, offset, flags: flags.slice(offset, offset + size) };
    }).filter((g) => g.total > 0 && (!only || g.rule === only));
    const unresolved = all.filter((f) => !reviews.has(f.id)).length;
    return c.html(<FlagsPage groups={groups} total={all.length} unresolved={unresolved} reviews={reviews} titleOf={titleOf} only={only} />);
  });

  app.get('/flags/:id', (c) => {
    const id = c.req.param('id');
    const flag = corpus.flag(id);
    if (!flag) return notFound(c, `No flag “${id}”.`);
    // A flag's decision lives in the review file of its primary (first) span's source.
    const review = readReview(flag.spans[0]!.sourceId);
    return c.html(<FlagPage flag={flag} review={review.flags.find((f) => f.flagId === id)} etag={etagOf(review)} titleOf={titleOf} paragraphOf={paragraphOf} />);
  });

  app.get('/api/flags', (c) => {
    const reviews = flagReviews();
    const rule = c.req.query('rule');
    const flags = corpus.allFlags().filter((f) => !rule || f.rule === rule);
    return c.json({ flags: flags.map((f) => ({ ...f, review: reviews.get(f.id) ?? null })) });
  });

  // ------------------------------------------------------------ search

  const runSearch = (c: Context) => {
    const q = (c.req.query('q') ?? '').slice(0, MAX_QUERY);
    const offset = Math.max(0, Math.floor(numberParam(c.req.query('offset')) ?? 0));
    if (!q.trim()) return { q, results: undefined, error: undefined };
    try {
      return { q, results: corpus.search.search(q, { limit: PAGE_SIZE, offset }), error: undefined };
    } catch (error) {
      if (error instanceof SearchQueryError) return { q, results: undefined, error: error.message };
      throw error;
    }
  };

  app.get('/search', (c) => {
    const { q, results, error } = runSearch(c);
    return c.html(<SearchPage query={q} results={results} error={error} pageSize={PAGE_SIZE} />, error ? 400 : 200);
  });

  app.get('/api/search', (c) => {
    const { q, results, error } = runSearch(c);
    if (error) return c.json({ error: `query: ${error}`, field: 'q' }, 400);
    if (!results) return c.json({ error: 'query: give a query in ?q=', field: 'q' }, 400);
    return c.json(results);
  });

  // ------------------------------------------------------------ the rest

  app.notFound((c) => notFound(c, `Nothing at ${c.req.path}.`));
  app.onError((error, c) => {
    // Our bug, not the reader's: one line in the log, no stack in the page.
    console.error(`claimtrace viewer: ${c.req.method} ${c.req.path}: ${error.message}`);
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'internal error' }, 500);
    return c.html(<NotFoundPage what="Something went wrong on our side; the error was logged." />, 500);
  });

  return { app, corpus, store };
}
