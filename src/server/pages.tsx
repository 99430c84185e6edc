/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The viewer's pages, rendered on the server with hono/jsx (which escapes
 * every text and attribute, so an article's `<script>` is shown, never run).
 * Pages work without JavaScript; /assets/app.js only adds keyboard moves and
 * the copy button, /assets/select.js turns a selection into a manual claim.
 */
import type { Child } from 'hono/jsx';
import { VERDICT_RATINGS } from '../core/export.js';
import { paragraphAt } from '../core/spans.js';
import { snippetParts, type SearchResults } from '../core/search.js';
import type { Caption, Claim, ClaimReview, Corroboration, Flag, FlagReview, FlagSpan, Paragraph, Review, RuleId, Span, Verdict } from '../core/types.js';
import { RULES } from '../core/types.js';
import type { SourceSummary } from '../store/annotations.js';
import type { SameMeasure } from './corpus.js';
import { Layout } from './layout.js';
import { formatSpans, segment, type Mark } from './marks.js';
import { ClaimReviewPanel, FlagReviewControls, ManualClaimForm, OrphanList, type ClaimLike } from './review-ui.js';

export const RULE_LABELS: Record<RuleId, string> = {
  'duplicate-caption': 'Duplicate caption',
  'fused-caption': 'Caption fused into text',
  'inconsistent-count': 'Inconsistent count',
  'inconsistent-number': 'Inconsistent number',
  'inconsistent-date': 'Inconsistent date',
  'inconsistent-ranking': 'Inconsistent ranking',
  'inconsistent-arithmetic': 'Inconsistent arithmetic',
  'inconsistent-role': 'Inconsistent role',
};

export const TYPE_LABELS: Record<Claim['type'], string> = {
  statistic: 'Statistic',
  'date-event': 'Date or event',
  comparison: 'Comparison or ranking',
  membership: 'Membership or relation',
  attribution: 'Attribution',
  other: 'Other',
};

// ---------------------------------------------------------------- links

export const sourceHref = (id: string): string => `/sources/${encodeURIComponent(id)}`;
export const claimHref = (id: string): string => `/claims/${encodeURIComponent(id)}`;
/** A paragraph's or line's permalink: its address plus its fingerprint, so it is found again after edits. */
export const blockHref = (sourceId: string, block: { id: string; fingerprint: string }): string =>
  `${sourceHref(sourceId)}/${block.id}?fp=${block.fingerprint}`;
export const flagHref = (id: string): string => `/flags/${encodeURIComponent(id)}`;
/** A link to exact spans: the source page highlights them and scrolls to their paragraph. */
export function spanHref(sourceId: string, spans: readonly Span[], paragraphId?: string): string {
  return `${sourceHref(sourceId)}?hl=${formatSpans(spans)}${paragraphId ? `#${paragraphId}` : ''}`;
}

const shorten = (s: string, n = 120): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

export function NotFoundPage(props: { what: string }) {
  return (
    <Layout title="Not found">
      <h1>Not found</h1>
      <p class="error">{props.what}</p>
      <p>
        <a href="/">All sources</a> · <a href="/search">Search</a>
      </p>
    </Layout>
  );
}

/**
 * The spans of a flag or corroboration as links to their exact place, separated by dots. With `from`, a span
 * in another source is named by that source's title.
 */
function VerdictLabel(props: { verdict: Verdict | undefined }) {
  return props.verdict && props.verdict !== 'unreviewed' ? <span class="verdict"> {VERDICT_RATINGS[props.verdict].label}</span> : null;
}

function SpanLinks(props: {
  spans: readonly FlagSpan[];
  max: number;
  paragraphOf: (sourceId: string, offset: number) => string | undefined;
  from?: string;
  titleOf?: (id: string) => string;
}) {
  return (
    <>
      {props.spans.map((s, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={spanHref(s.sourceId, [s], props.paragraphOf(s.sourceId, s.start))}>
            {props.from !== undefined && props.titleOf && s.sourceId !== props.from ? `${props.titleOf(s.sourceId)}: ` : ''}“{shorten(s.text, props.max)}”
          </a>
        </>
      ))}
    </>
  );
}

// ---------------------------------------------------------------- sources

export const SOURCES_PER_PAGE = 100;

/**
 * The corpus, a page of sources at a time: a desk with thousands of
 * articles would otherwise get a page of megabytes that the server renders
 * and the browser lays out before anyone can read the first row.
 */
export function SourcesPage(props: { sources: readonly (SourceSummary & { title: string })[]; total: number; offset: number }) {
  const { total, offset } = props;
  const shown = props.sources.length;
  const pager = total > shown && (
    <nav class="pager" aria-label="Pages of sources">
      {offset > 0 && <a href={`/?offset=${Math.max(0, offset - SOURCES_PER_PAGE)}`} rel="prev">Previous {SOURCES_PER_PAGE}</a>}{' '}
      {offset + shown < total && <a href={`/?offset=${offset + shown}`} rel="next">Next {Math.min(SOURCES_PER_PAGE, total - offset - shown)}</a>}
    </nav>
  );
  return (
    <Layout title="Sources">
      <h1>Sources</h1>
      <p class="lede">
        {total > shown ? `${total} sources; ${shown === 0 ? 'none' : `${offset + 1}–${offset + shown}`} shown.` : `${total} sources.`} Open one to read it with its claims and flags.
      </p>
      {pager}
      <div class="table-wrap">
        <table class="sources">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Publisher</th>
              <th scope="col" class="num">Paragraphs</th>
              <th scope="col" class="num">Claims</th>
              <th scope="col" class="num">Captions</th>
              <th scope="col">Flags</th>
              <th scope="col" class="num">Corroborations</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((s) => (
              <tr data-source-id={s.id}>
                <td>
                  <a href={sourceHref(s.id)}>{s.title}</a>
                  <div class="muted">{s.path}</div>
                </td>
                <td>{s.meta.publisher ?? '—'}</td>
                <td class="num">{s.counts.paragraphs}</td>
                <td class="num">{s.counts.claims}</td>
                <td class="num">{s.counts.captions}</td>
                <td>
                  <strong>{s.counts.flags}</strong>
                  {s.counts.flags > 0 && (
                    <ul class="by-rule">
                      {RULES.filter((r) => s.counts.byRule[r]).map((r) => (
                        <li>
                          <span class={`rule r-${r}`}>{RULE_LABELS[r]}</span> {s.counts.byRule[r]}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td class="num">{s.counts.corroborations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </Layout>
  );
}

// ---------------------------------------------------------------- a source

export interface SourceView {
  id: string;
  title: string;
  summary: SourceSummary;
  paragraphs: readonly Paragraph[];
  claims: readonly Claim[];
  captions: readonly Caption[];
  flags: readonly Flag[];
  corroborations: readonly Corroboration[];
  review: Review;
  etag: string;
  /** Spans to highlight (from a search result or a flag link). */
  highlights: readonly Span[];
  filters: { rule?: string | undefined; type?: string | undefined; min?: number | undefined };
  /** Manual claims whose review still has its text. */
  manual: readonly ClaimReview[];
  /** Source text unavailable (changed or missing since the build): reviews that need it are disabled. */
  textAvailable: boolean;
}

const spansIn = (x: { spans: FlagSpan[] }, sourceId: string): FlagSpan[] => x.spans.filter((s) => s.sourceId === sourceId);

function FlagNote(props: { flag: Flag; sourceId: string; titleOf: (id: string) => string; paragraphOf: (sourceId: string, offset: number) => string | undefined; review?: FlagReview | undefined }) {
  const { flag } = props;
  return (
    <aside class={`flag-note r-${flag.rule}${props.review ? ` resolved s-${props.review.status}` : ''}`} id={`flag-${flag.id}`} tabindex={-1} data-offset-ignore="">
      <p>
        <span class={`rule r-${flag.rule}`}>{RULE_LABELS[flag.rule]}</span>{' '}
        {props.review && <span class="status">{props.review.status}</span>} {flag.message}
      </p>
      <ol class="spans">
        {flag.spans.map((s) => {
          const pid = props.paragraphOf(s.sourceId, s.start);
          const elsewhere = s.sourceId !== props.sourceId;
          return (
            <li>
              <a href={spanHref(s.sourceId, [s], pid)} class={elsewhere ? 'other-source' : 'same-source'}>
                {elsewhere ? `${props.titleOf(s.sourceId)} ` : ''}
                {pid ? `¶${pid.slice(1)}` : ''} “{shorten(s.text, 90)}”
              </a>
            </li>
          );
        })}
      </ol>
      {flag.fix && <p class="fix">Fix: insert a paragraph break at offset {flag.fix.at}.</p>}
      <p>
        <a href={flagHref(flag.id)}>Review this flag</a>
      </p>
    </aside>
  );
}

/** A verdict as a mark after the claim's words: colour alone would not tell a colour-blind reader. */
const VERDICT_MARKS: Partial<Record<Verdict, string>> = { true: '✓', 'mostly-true': '✓', misleading: '≈', 'mostly-false': '✗', false: '✗', unverifiable: '?' };

function ParagraphText(props: {
  sourceId: string;
  p: Paragraph;
  marks: readonly Mark[];
  claimClass: Map<string, string>;
  firstOf: Set<string>;
  flagEnds: Map<number, Flag[]>;
  verdictEnds: Map<number, Verdict[]>;
  captionLines: Set<string>;
}) {
  const { p } = props;
  const blocks = p.lines.length > 1 ? p.lines : [{ ...p, id: '' }];
  const out: Child[] = [];
  blocks.forEach((line, li) => {
    if (li > 0) {
      // The line break itself is source text (a newline, maybe CRLF): keep it as it is.
      const prev = blocks[li - 1]!;
      out.push(p.text.slice(prev.end - p.start, line.start - p.start));
    }
    const segs = segment(line, props.marks);
    const content = segs.map((s) => {
      let node: Child = s.text;
      // Where claims overlap (an editor's claim inside a detected one), the link goes to the narrowest.
      const claims = s.marks.filter((m) => m.kind === 'claim').sort((a, b) => a.end - a.start - (b.end - b.start));
      const claim = claims[0];
      const flags = s.marks.filter((m) => m.kind === 'flag');
      const hit = s.marks.some((m) => m.kind === 'hit');
      const corr = s.marks.some((m) => m.kind === 'corroboration');
      const classes = [flags.length ? 'flagged' : '', hit ? 'hit' : '', corr ? 'corroborated' : ''].filter(Boolean).join(' ');
      const firstHit = s.marks.find((m) => m.kind === 'hit' && props.firstOf.has(`hit:${m.id}:${s.start}`));
      if (claim) {
        const first = props.firstOf.has(`claim:${claim.id}:${s.start}`);
        node = (
          <a
            href={claimHref(claim.id)}
            class={`claim ${props.claimClass.get(claim.id) ?? ''} ${classes}`}
            data-start={s.start}
            id={first ? `claim-${claim.id}` : undefined}
            data-nav={first ? '' : undefined}
            data-claim-id={claim.id}
          >
            {s.text}
          </a>
        );
      } else if (classes) {
        node = (
          <mark class={classes} data-start={s.start} data-flag-ids={flags.map((f) => f.id).join(' ') || undefined}>
            {s.text}
          </mark>
        );
      } else {
        node = <span data-start={s.start}>{s.text}</span>;
      }
      // Other claims starting here still need their anchor (an id can sit on one element only).
      const anchors = claims.slice(1).filter((m) => props.firstOf.has(`claim:${m.id}:${s.start}`));
      if (anchors.length > 0) node = <>{anchors.map((m) => <span id={`claim-${m.id}`} data-nav="" tabindex={-1} data-offset-ignore=""></span>)}{node}</>;
      if (firstHit) node = <>{<span id="first-hit" data-offset-ignore=""></span>}{node}</>;
      const verdicts = props.verdictEnds.get(s.end);
      if (verdicts) {
        node = (
          <>
            {node}
            {verdicts.map((v) => (
              <span class={`verdict-mark v-${v}`} data-offset-ignore="" title={VERDICT_RATINGS[v].label} aria-label={`verdict: ${VERDICT_RATINGS[v].label}`}>
                {VERDICT_MARKS[v]}
              </span>
            ))}
          </>
        );
      }
      const ending = props.flagEnds.get(s.end);
      if (ending) {
        node = (
          <>
            {node}
            {ending.map((f) => (
              <a class={`flag-marker r-${f.rule}`} href={`#flag-${f.id}`} data-nav="" data-offset-ignore="" title={f.message} aria-label={`${RULE_LABELS[f.rule]}: ${f.message}`}>
                ⚑
              </a>
            ))}
          </>
        );
      }
      return node;
    });
    if (line.id) {
      out.push(
        <span class={`line${props.captionLines.has(line.id) ? ' caption' : ''}`} id={line.id} data-start={line.start}>
          <a class="laddr" href={blockHref(props.sourceId, line)} data-offset-ignore="" aria-label={`permalink to line ${line.id}`}>
            {line.id.replace(/^p\d+\./, '')}
          </a>
          {content}
        </span>,
      );
    } else out.push(<>{content}</>);
  });
  return <>{out}</>;
}

export function SourcePage(props: { view: SourceView; titleOf: (id: string) => string; paragraphOf: (sourceId: string, offset: number) => string | undefined }) {
  const v = props.view;
  const reviews = new Map(v.review.claims.map((r) => [r.claimId, r]));
  const flagReviews = new Map(v.review.flags.map((r) => [r.flagId, r]));
  const claimClass = new Map<string, string>();
  for (const c of v.claims) claimClass.set(c.id, `t-${c.type} v-${reviews.get(c.id)?.verdict ?? 'unreviewed'}`);
  for (const m of v.manual) claimClass.set(m.claimId, `t-manual v-${m.verdict}`);
  const marks: Mark[] = [
    ...v.claims.map((c) => ({ kind: 'claim' as const, id: c.id, start: c.start, end: c.end })),
    ...v.manual.map((m) => ({ kind: 'claim' as const, id: m.claimId, start: m.position.start, end: m.position.end })),
    ...v.flags.flatMap((f) => spansIn(f, v.id).map((s) => ({ kind: 'flag' as const, id: f.id, start: s.start, end: s.end }))),
    ...v.corroborations.flatMap((k) => spansIn(k, v.id).map((s) => ({ kind: 'corroboration' as const, id: k.id, start: s.start, end: s.end }))),
    ...v.highlights.map((h, i) => ({ kind: 'hit' as const, id: String(i), start: h.start, end: h.end })),
  ];
  // The first segment of each claim and of the first hit carry the anchor ids.
  const firstOf = new Set<string>();
  const seen = new Set<string>();
  for (const m of [...marks].sort((a, b) => a.start - b.start)) {
    if (m.kind !== 'claim' && !(m.kind === 'hit' && !seen.has('hit'))) continue;
    const key = m.kind === 'hit' ? 'hit' : `claim:${m.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = paragraphAt(v.paragraphs, m.start);
    const line = p && p.lines.length > 1 ? p.lines.find((l) => m.start < l.end) : p;
    const at = Math.max(m.start, line?.start ?? m.start);
    firstOf.add(m.kind === 'hit' ? `hit:${m.id}:${at}` : `claim:${m.id}:${at}`);
  }
  const verdictEnds = new Map<number, Verdict[]>();
  const verdictAt = (end: number, v: Verdict | undefined) => {
    if (v && v !== 'unreviewed') verdictEnds.set(end, [...(verdictEnds.get(end) ?? []), v]);
  };
  for (const c of v.claims) verdictAt(c.end, reviews.get(c.id)?.verdict);
  for (const m of v.manual) verdictAt(m.position.end, m.verdict);
  const flagEnds = new Map<number, Flag[]>();
  const notesAfter = new Map<string, Flag[]>();
  for (const f of v.flags) {
    const mine = spansIn(f, v.id);
    for (const s of mine) flagEnds.set(s.end, [...(flagEnds.get(s.end) ?? []), f]);
    const first = mine[0];
    const pid = first && props.paragraphOf(v.id, first.start);
    if (pid) notesAfter.set(pid, [...(notesAfter.get(pid) ?? []), f]);
  }
  const captionParagraphs = new Set(v.captions.filter((c) => !c.lineId).map((c) => c.paragraphId));
  const captionLines = new Set(v.captions.flatMap((c) => (c.lineId ? [c.lineId] : [])));
  for (const p of v.paragraphs) if (p.lines.length <= 1 && p.lines[0] && captionLines.has(p.lines[0].id)) captionParagraphs.add(p.id);

  const { rule, type, min } = v.filters;
  const panelClaims = v.claims.filter((c) => (!type || c.type === type) && (min === undefined || c.score >= min));
  const panelFlags = v.flags.filter((f) => !rule || f.rule === rule);
  const hasFilter = Boolean(rule || type || min !== undefined);
  const meta = v.summary.meta;
  return (
    <Layout title={v.title} sourceId={v.id} scripts={v.textAvailable ? ['/assets/select.js'] : []}>
      <div class="source-layout">
        <article class="source" data-source-id={v.id}>
          <header>
            <h1>{v.title}</h1>
            <p class="muted">
              {[meta.author, meta.publisher, meta.date].filter(Boolean).join(' · ')}
              {meta.url && (
                <>
                  {' · '}
                  <a href={meta.url} rel="noopener noreferrer nofollow">
                    original
                  </a>
                </>
              )}{' '}
              <code>{v.summary.path}</code>
            </p>
            <p class="legend" data-offset-ignore="">
              <span class="claim t-statistic">claim</span> <span class="flagged">flagged</span> <span class="corroborated">corroborated</span>{' '}
              <span class="caption-chip">caption</span> {v.highlights.length > 0 && <span class="hit">match</span>}
            </p>
          </header>
          {v.paragraphs.map((p) => (
            <>
              <div class={`para k-${p.kind}${captionParagraphs.has(p.id) ? ' caption' : ''}`} id={p.id}>
                <a class="addr" href={blockHref(v.id, p)} data-offset-ignore="" aria-label={`permalink to paragraph ${p.index + 1}`}>
                  ¶{p.id.slice(1)}
                </a>
                <p class="text" data-start={p.start}>
                  <ParagraphText sourceId={v.id} p={p} marks={marks} claimClass={claimClass} firstOf={firstOf} flagEnds={flagEnds} verdictEnds={verdictEnds} captionLines={captionLines} />
                </p>
              </div>
              {(notesAfter.get(p.id) ?? []).map((f) => (
                <FlagNote flag={f} sourceId={v.id} titleOf={props.titleOf} paragraphOf={props.paragraphOf} review={flagReviews.get(f.id)} />
              ))}
            </>
          ))}
          <OrphanList sourceId={v.id} orphans={v.review.claims.filter((r) => r.anchor === 'orphaned')} etag={v.etag} redirect={sourceHref(v.id)} />
        </article>
        <aside class="panel" aria-label="Claims and flags">
          <form method="get" action={sourceHref(v.id)} class="filters">
            <h2>Filter</h2>
            <label>
              Rule{' '}
              <select name="rule">
                <option value="">any</option>
                {RULES.map((r) => (
                  <option value={r} selected={r === rule}>
                    {RULE_LABELS[r]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Type{' '}
              <select name="type">
                <option value="">any</option>
                {Object.entries(TYPE_LABELS).map(([t, label]) => (
                  <option value={t} selected={t === type}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Score ≥ <input type="number" name="min" min={0} max={1} step={0.05} value={min === undefined ? '' : String(min)} />
            </label>
            <button type="submit">Apply</button> {hasFilter && <a href={sourceHref(v.id)}>clear</a>}
          </form>
          <section>
            <h2>
              Flags ({panelFlags.length}
              {hasFilter ? ` of ${v.flags.length}` : ''})
            </h2>
            <ul class="panel-list">
              {panelFlags.map((f) => (
                <li>
                  <a href={`#flag-${f.id}`} class={`panel-flag r-${f.rule}`}>
                    <span class={`rule r-${f.rule}`}>{RULE_LABELS[f.rule]}</span> {shorten(f.message, 100)}
                  </a>
                  {flagReviews.get(f.id) && <span class="status"> {flagReviews.get(f.id)!.status}</span>}
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>
              Claims ({panelClaims.length}
              {hasFilter ? ` of ${v.claims.length}` : ''})
            </h2>
            <ul class="panel-list">
              {panelClaims.map((c) => (
                <li>
                  <a href={claimHref(c.id)} class="panel-claim">
                    <span class={`type t-${c.type}`}>{TYPE_LABELS[c.type]}</span> <span class="score">{c.score.toFixed(2)}</span> {shorten(c.text, 90)}
                  </a>{' '}
                  <a href={`#claim-${c.id}`} class="jump" aria-label="show in text">
                    ↧
                  </a>
                  <VerdictLabel verdict={reviews.get(c.id)?.verdict} />
                </li>
              ))}
              {v.manual.map((m) => (
                <li>
                  <a href={claimHref(m.claimId)} class="panel-claim">
                    <span class="type t-manual">Added by an editor</span> {shorten(m.quote.exact, 90)}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>Corroborations ({v.corroborations.length})</h2>
            <ul class="panel-list">
              {v.corroborations.map((k) => (
                <li>
                  {shorten(k.message, 110)}{' '}
                  <SpanLinks spans={k.spans} max={40} paragraphOf={props.paragraphOf} />
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>Captions ({v.captions.length})</h2>
            <ul class="panel-list">
              {v.captions.map((c) => (
                <li>
                  <a href={`#${c.lineId ?? c.paragraphId}`}>{shorten(c.text, 90)}</a>
                </li>
              ))}
            </ul>
          </section>
          {v.textAvailable ? (
            <section class="manual">
              <h2>Add a claim</h2>
              <p class="muted">Select words in the text and press “Add as claim”, or give offsets.</p>
              <ManualClaimForm sourceId={v.id} etag={v.etag} redirect={sourceHref(v.id)} />
            </section>
          ) : (
            <p class="muted">This source changed since the last build; rebuild to add claims.</p>
          )}
        </aside>
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------- a claim

export interface ClaimView {
  claim: ClaimLike;
  /** Undefined for a manual claim whose text was lost. */
  paragraphId: string | undefined;
  source: SourceSummary;
  sourceTitle: string;
  citation: string;
  permalink: string;
  review: ClaimReview | undefined;
  etag: string;
  quote: { prefix: string; exact: string; suffix: string };
  flags: readonly Flag[];
  corroborations: readonly Corroboration[];
  sameMeasure: readonly SameMeasure[];
}

export function ClaimPage(props: { view: ClaimView; titleOf: (id: string) => string; paragraphOf: (sourceId: string, offset: number) => string | undefined }) {
  const v = props.view;
  const c = v.claim;
  const start = c.start ?? v.review?.position.start;
  const end = c.end ?? v.review?.position.end;
  return (
    <Layout title={`Claim ${c.id}`}>
      <p class="crumbs">
        <a href={sourceHref(v.source.id)}>{v.sourceTitle}</a>
        {v.paragraphId && (
          <>
            {' '}
            › <a href={start !== undefined && end !== undefined ? spanHref(v.source.id, [{ start, end }], v.paragraphId) : sourceHref(v.source.id)}>¶{v.paragraphId.slice(1)}</a>
          </>
        )}
      </p>
      <h1>Claim</h1>
      <blockquote class="claim-quote">
        <span class="context">…{v.quote.prefix}</span>
        <mark>{v.quote.exact}</mark>
        <span class="context">{v.quote.suffix}…</span>
      </blockquote>
      <section class="citation">
        <h2>Citation</h2>
        <pre id="citation">{v.citation}</pre>
        <button type="button" data-copy="citation">
          Copy citation
        </button>{' '}
        <a href={v.permalink} id="permalink">
          Permalink
        </a>
        <dl class="facts">
          <dt>Source</dt>
          <dd>
            {v.sourceTitle}
            {v.source.meta.publisher ? `, ${v.source.meta.publisher}` : ''}
          </dd>
          <dt>Paragraph</dt>
          <dd>{v.paragraphId ?? '— (text lost)'}</dd>
          <dt>Offsets</dt>
          <dd>
            {start ?? '—'}–{end ?? '—'} (UTF-16 code units)
          </dd>
          {c.type && (
            <>
              <dt>Type</dt>
              <dd>{TYPE_LABELS[c.type]}</dd>
            </>
          )}
          {c.score !== undefined && (
            <>
              <dt>Check-worthiness</dt>
              <dd>
                <strong>{c.score.toFixed(2)}</strong>
                <ul class="reasons">
                  {(c.reasons ?? []).map((r) => (
                    <li>{r}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </section>
      {(c.quantities?.length || c.dates?.length || c.entities?.length) ? (
        <section>
          <h2>Inside the claim</h2>
          <table class="mentions">
            <thead>
              <tr>
                <th scope="col">Words</th>
                <th scope="col">Kind</th>
                <th scope="col">Value</th>
                <th scope="col">Offsets</th>
              </tr>
            </thead>
            <tbody>
              {(c.quantities ?? []).map((q) => (
                <tr>
                  <td>{q.text}</td>
                  <td>{q.kind}</td>
                  <td>
                    {q.value}
                    {q.unit ? ` ${q.unit}` : ''}
                    {q.approx ? ` (${q.approx})` : ''}
                  </td>
                  <td>
                    {q.start}–{q.end}
                  </td>
                </tr>
              ))}
              {(c.dates ?? []).map((d) => (
                <tr>
                  <td>{d.text}</td>
                  <td>date{d.relative ? ' (resolved)' : ''}</td>
                  <td>{d.value}</td>
                  <td>
                    {d.start}–{d.end}
                  </td>
                </tr>
              ))}
              {(c.entities ?? []).map((e) => (
                <tr>
                  <td>{e.text}</td>
                  <td>{e.kind}</td>
                  <td></td>
                  <td>
                    {e.start}–{e.end}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section class="linked">
        <h2>Linked</h2>
        {v.flags.length + v.corroborations.length + v.sameMeasure.length === 0 && <p class="muted">Nothing else in the corpus conflicts with, corroborates or restates this claim.</p>}
        {v.flags.length > 0 && (
          <>
            <h3>Conflicting</h3>
            <ul>
              {v.flags.map((f) => (
                <li class={`r-${f.rule}`}>
                  <span class={`rule r-${f.rule}`}>{RULE_LABELS[f.rule]}</span> {f.message}{' '}
                  <SpanLinks spans={f.spans} max={60} paragraphOf={props.paragraphOf} from={v.source.id} titleOf={props.titleOf} />
                </li>
              ))}
            </ul>
          </>
        )}
        {v.corroborations.length > 0 && (
          <>
            <h3>Corroborating</h3>
            <ul>
              {v.corroborations.map((k) => (
                <li>
                  {k.message}{' '}
                  <SpanLinks spans={k.spans} max={60} paragraphOf={props.paragraphOf} />
                </li>
              ))}
            </ul>
          </>
        )}
        {v.sameMeasure.length > 0 && (
          <>
            <h3>Same measure elsewhere</h3>
            <ul>
              {v.sameMeasure.map((m) => (
                <li>
                  <a href={spanHref(m.fact.sourceId, [m.fact.span], props.paragraphOf(m.fact.sourceId, m.fact.span.start))}>
                    {m.fact.sourceId !== v.source.id ? `${props.titleOf(m.fact.sourceId)}: ` : ''}“{shorten(m.fact.context.text, 100)}”
                  </a>{' '}
                  <span class={m.agrees ? 'agrees' : 'differs'}>{m.agrees ? 'same value' : `value ${String(m.fact.value)}`}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <ClaimReviewPanel claim={c} review={v.review} etag={v.etag} redirect={claimHref(c.id)} />
    </Layout>
  );
}

// ---------------------------------------------------------------- flags

export const FLAGS_PER_RULE = 50;

/**
 * Every flag, grouped by rule. A corpus of thousands of sources has tens of
 * thousands of flags, so each rule shows a page of them; links carry
 * `#first-hit` rather than a paragraph id, so the list never has to open
 * every source's analysis to name paragraphs.
 */
export function FlagsPage(props: {
  groups: readonly { rule: RuleId; total: number; offset: number; flags: readonly Flag[] }[];
  total: number;
  unresolved: number;
  reviews: ReadonlyMap<string, FlagReview>;
  titleOf: (id: string) => string;
  only?: RuleId | undefined;
}) {
  return (
    <Layout title={props.only ? `Flags: ${RULE_LABELS[props.only]}` : 'Flags'}>
      <h1>Flags{props.only ? `: ${RULE_LABELS[props.only]}` : ''}</h1>
      <p class="lede">
        {props.total} flags across the corpus, {props.unresolved} unresolved.
      </p>
      <nav class="toc" aria-label="Rules">
        {props.only && <a href="/flags">All rules</a>}
        {props.groups.map((g) => (
          <a href={props.only ? `/flags?rule=${g.rule}` : `#rule-${g.rule}`}>
            {RULE_LABELS[g.rule]} ({g.total})
          </a>
        ))}
      </nav>
      {props.groups.map((g) => (
        <section id={`rule-${g.rule}`}>
          <h2>
            <span class={`rule r-${g.rule}`}>{RULE_LABELS[g.rule]}</span> <code>{g.rule}</code>
          </h2>
          <ul class="flag-list">
            {g.flags.map((f) => {
              const review = props.reviews.get(f.id);
              return (
                <li id={`flag-${f.id}`}>
                  <p>
                    <a href={flagHref(f.id)} data-nav="">
                      {f.message}
                    </a>{' '}
                    <span class="status">{review ? review.status : 'unresolved'}</span>
                  </p>
                  <ol class="spans">
                    {f.spans.map((s) => (
                      <li>
                        <a href={`${sourceHref(s.sourceId)}?hl=${formatSpans([s])}#first-hit`}>
                          {props.titleOf(s.sourceId)}: “{shorten(s.text, 90)}”
                        </a>
                      </li>
                    ))}
                  </ol>
                </li>
              );
            })}
          </ul>
          {g.total > g.offset + g.flags.length && (
            <p>
              <a href={`/flags?rule=${g.rule}&offset=${g.offset + g.flags.length}`}>
                More {RULE_LABELS[g.rule].toLowerCase()} flags ({g.total - g.offset - g.flags.length} left)
              </a>
            </p>
          )}
        </section>
      ))}
    </Layout>
  );
}

/** One flag: its explanation, every span, and the controls to confirm or dismiss it. */
export function FlagPage(props: { flag: Flag; review: FlagReview | undefined; etag: string; titleOf: (id: string) => string; paragraphOf: (sourceId: string, offset: number) => string | undefined }) {
  const f = props.flag;
  return (
    <Layout title={RULE_LABELS[f.rule]}>
      <p class="crumbs">
        <a href="/flags">Flags</a> › <a href={`/flags?rule=${f.rule}`}>{RULE_LABELS[f.rule]}</a>
      </p>
      <h1>
        <span class={`rule r-${f.rule}`}>{RULE_LABELS[f.rule]}</span>
      </h1>
      <p class="lede">{f.message}</p>
      <ol class="spans">
        {f.spans.map((s) => {
          const pid = props.paragraphOf(s.sourceId, s.start);
          return (
            <li>
              <a href={spanHref(s.sourceId, [s], pid)}>
                {props.titleOf(s.sourceId)} {pid ? `¶${pid.slice(1)}` : ''}, {s.start}–{s.end}: “{shorten(s.text, 200)}”
              </a>
            </li>
          );
        })}
      </ol>
      {f.fix && <p class="fix">Fix: insert a paragraph break at offset {f.fix.at}.</p>}
      <FlagReviewControls flag={f} review={props.review} etag={props.etag} redirect={flagHref(f.id)} />
    </Layout>
  );
}

// ---------------------------------------------------------------- search

export function SearchTip() {
  return (
    <details class="tip">
      <summary>Search tips</summary>
      <ul>
        <li>
          Words: <code>tariff exports</code> finds either; <code>+tariff +exports</code> needs both; <code>-draft</code> excludes.
        </li>
        <li>
          Wildcards and typos: <code>elect*</code>, <code>parliment~1</code> (one edit away).
        </li>
        <li>
          Fields: <code>kind:claim</code>, <code>kind:caption</code>, <code>kind:flag</code>, <code>type:statistic</code>, <code>rule:duplicate-caption</code>,{' '}
          <code>source:&lt;id&gt;</code>. Combine: <code>+kind:claim +type:statistic billion</code>.
        </li>
        <li>Words are matched by stem: “elections” finds “election”.</li>
      </ul>
    </details>
  );
}

export function SearchPage(props: { query: string; results?: SearchResults | undefined; error?: string | undefined; pageSize: number }) {
  const r = props.results;
  return (
    <Layout title={props.query ? `Search: ${props.query}` : 'Search'} query={props.query}>
      <h1>Search</h1>
      <form method="get" action="/search" class="search-main" role="search">
        <label for="q2">Query</label> <input id="q2" type="search" name="q" value={props.query} /> <button type="submit">Search</button>
      </form>
      <SearchTip />
      {props.error && (
        <p class="error" role="alert">
          That query could not be read: {props.error}. See the tips above.
        </p>
      )}
      {r && (
        <>
          <p class="lede" role="status">
            {r.totalHits} matching passages in {r.total} sources{r.total > r.groups.length ? ` (showing ${r.offset + 1}–${r.offset + r.groups.length})` : ''}.
          </p>
          {r.groups.map((g) => (
            <section class="result-group" data-source-id={g.sourceId}>
              <h2>
                <a href={sourceHref(g.sourceId)}>{g.title}</a> <span class="muted">{g.hitCount} matches</span>
              </h2>
              <ol class="hits">
                {g.hits.map((h) => (
                  <li>
                    <a class="hit-link" data-nav="" href={spanHref(h.sourceId, h.highlights.length ? h.highlights : [h], h.paragraphId)}>
                      <span class="addr">¶{h.paragraphId.slice(1)}</span>{' '}
                      {[...h.kinds, ...h.types, ...h.rules].map((k) => (
                        <span class="chip">{k}</span>
                      ))}{' '}
                      <span class="snippet">{snippetParts(h.text, h.start, h.highlights).map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</span>
                    </a>
                  </li>
                ))}
              </ol>
            </section>
          ))}
          {r.total > r.offset + r.groups.length && (
            <p>
              <a href={`/search?q=${encodeURIComponent(props.query)}&offset=${r.offset + props.pageSize}`}>More results</a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}
