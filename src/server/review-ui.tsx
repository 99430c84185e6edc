/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Review controls for the viewer, as hono/jsx components. Every form posts to
 * the review API (src/server/reviews.ts) and works without JavaScript: the
 * ETag travels as a hidden `ifMatch` field and the API answers a form with a
 * 303 back to the page (or a page explaining the conflict). All text goes
 * through hono/jsx, which escapes it, so notes containing HTML stay text.
 *
 * The small `selectionScript` is the only JavaScript: it turns a text
 * selection in the source view into a manual claim.
 */
import type { Child } from 'hono/jsx';
import { VERDICT_RATINGS } from '../core/export.js';
import { Layout } from './layout.js';
import type { Claim, ClaimReview, Flag, FlagReview, HistoryEntry, Verdict } from '../core/types.js';

const VERDICT_ORDER: Verdict[] = ['unreviewed', 'true', 'mostly-true', 'misleading', 'mostly-false', 'false', 'unverifiable'];

/** What a panel needs of a claim: detector claims and manual ones (known only by their review) both fit. */
export type ClaimLike = Pick<Claim, 'id' | 'sourceId' | 'text'> & Partial<Claim>;

interface FormCommon {
  /** Where the API sends the browser after a form post (a path on this site); defaults to the page that posted. */
  redirect?: string | undefined;
  /** When the server runs with a token, forms carry it (a form post cannot set headers). */
  token?: string | undefined;
}

function Hidden(props: FormCommon & { etag?: string | undefined }) {
  return (
    <>
      {props.etag !== undefined && <input type="hidden" name="ifMatch" value={props.etag} />}
      {props.redirect !== undefined && <input type="hidden" name="redirect" value={props.redirect} />}
      {props.token !== undefined && <input type="hidden" name="_token" value={props.token} />}
    </>
  );
}

/** A history value, short and readable: strings as they are, anything else as compact JSON. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > 300 ? `${s.slice(0, 299)}…` : s || '""';
}

export function HistoryList(props: { history: readonly HistoryEntry[] }) {
  if (props.history.length === 0) return <p class="review-history empty">No changes yet.</p>;
  // Newest first: the latest change is what an editor checks.
  return (
    <ol class="review-history" reversed>
      {[...props.history].reverse().map((h) => (
        <li>
          <time datetime={h.at}>{h.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time> <span class="by">{h.by}</span>
          <ul>
            {Object.entries(h.changes).map(([field, [before, after]]) => (
              <li>
                <code>{field}</code>: <del>{show(before)}</del> → <ins>{show(after)}</ins>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function AnchorNote(props: { review?: ClaimReview | undefined }) {
  if (props.review?.anchor === 'moved') {
    return <p class="anchor anchor-moved" role="status">The words under this review changed since it was written. Check the verdict still holds, then save.</p>;
  }
  if (props.review?.anchor === 'orphaned') {
    return <p class="anchor anchor-orphaned" role="status">This review lost its text: the words it was written for are no longer in the source. Re-attach it to a selection.</p>;
  }
  return null;
}

export function ClaimReviewPanel(props: { claim: ClaimLike; review?: ClaimReview | undefined; etag: string } & FormCommon) {
  const { claim, review } = props;
  const verdict = review?.verdict ?? 'unreviewed';
  // One blank row so evidence can be added without JavaScript.
  const rows = [...(review?.evidence ?? []), { url: '', title: '', quote: '', accessed: '' }];
  return (
    <section class="claim-review" id={`review-${claim.id}`} data-claim-id={claim.id}>
      <h3>Review{review?.manual ? ' (claim added by an editor)' : ''}</h3>
      <AnchorNote review={review} />
      <form method="post" action={`/api/claims/${encodeURIComponent(claim.id)}/review`} class="claim-review-form">
        <Hidden etag={props.etag} redirect={props.redirect} token={props.token} />
        <label>
          Verdict{' '}
          <select name="verdict">
            {VERDICT_ORDER.map((v) => (
              <option value={v} selected={v === verdict}>
                {VERDICT_RATINGS[v].label}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="evidence">
          <legend>Evidence</legend>
          {rows.map((e, i) => (
            <div class="evidence-row" data-index={i}>
              <label>
                URL <input type="url" name="evidence_url" value={e.url} placeholder="https://" />
              </label>
              <label>
                Title <input type="text" name="evidence_title" value={e.title ?? ''} />
              </label>
              <label>
                Quoted passage <textarea name="evidence_quote" rows={2}>{e.quote ?? ''}</textarea>
              </label>
              <label>
                Date accessed <input type="date" name="evidence_accessed" value={e.accessed?.slice(0, 10) ?? ''} />
              </label>
            </div>
          ))}
        </fieldset>
        <label>
          Notes <textarea name="notes" rows={4}>{review?.notes ?? ''}</textarea>
        </label>
        <label>
          Reviewer <input type="text" name="reviewer" value={review?.reviewer ?? ''} autocomplete="name" />
        </label>
        <button type="submit">Save review</button>
      </form>
      <details class="history" open={(review?.history.length ?? 0) > 0 && (review?.history.length ?? 0) <= 5}>
        <summary>History ({review?.history.length ?? 0})</summary>
        <HistoryList history={review?.history ?? []} />
      </details>
    </section>
  );
}

export function FlagReviewControls(props: { flag: Flag; review?: FlagReview | undefined; etag: string } & FormCommon) {
  const { flag, review } = props;
  // Cross-source flags are reviewed in the file of their primary (first) span; the etag must be that file's.
  const sourceId = flag.spans[0]?.sourceId ?? '';
  return (
    <section class="flag-review" id={`flag-review-${flag.id}`} data-flag-id={flag.id}>
      <p class="flag-status">
        {review ? (
          <>
            <strong>{review.status === 'confirmed' ? 'Confirmed' : 'Dismissed'}</strong>
            {review.reviewer ? <> by {review.reviewer}</> : null}
            {review.reason ? <>: {review.reason}</> : null}
          </>
        ) : (
          <strong>Unresolved</strong>
        )}
      </p>
      <form method="post" action={`/api/flags/${encodeURIComponent(flag.id)}/review`} class="flag-review-form">
        <Hidden etag={props.etag} redirect={props.redirect} token={props.token} />
        <input type="hidden" name="sourceId" value={sourceId} />
        <label>
          <input type="radio" name="status" value="confirmed" checked={review?.status === 'confirmed'} required /> Confirm: the text is wrong
        </label>
        <label>
          <input type="radio" name="status" value="dismissed" checked={review?.status === 'dismissed'} /> Dismiss: not a problem
        </label>
        <label>
          Reason <textarea name="reason" rows={2}>{review?.reason ?? ''}</textarea>
        </label>
        <label>
          Reviewer <input type="text" name="reviewer" value={review?.reviewer ?? ''} autocomplete="name" />
        </label>
        <button type="submit">Save</button>
      </form>
      {review && (
        <details class="history">
          <summary>History ({review.history.length})</summary>
          <HistoryList history={review.history} />
        </details>
      )}
    </section>
  );
}

/** Start/end inputs that the selection script fills in; typed by hand without JavaScript. */
function SpanInputs() {
  return (
    <>
      <label>
        Start <input type="number" name="start" min={0} step={1} required inputmode="numeric" />
      </label>
      <label>
        End <input type="number" name="end" min={0} step={1} required inputmode="numeric" />
      </label>
    </>
  );
}

export function OrphanList(props: { sourceId: string; orphans: readonly ClaimReview[]; etag?: string | undefined } & FormCommon) {
  if (props.orphans.length === 0) return null;
  return (
    <section class="orphans" id="orphans" data-source-id={props.sourceId}>
      <h2>Reviews that lost their text ({props.orphans.length})</h2>
      <p>The source changed and these reviews no longer match any passage. Nothing was deleted: select the passage they belong to and re-attach them.</p>
      <ul>
        {props.orphans.map((r) => (
          <li class="orphan" id={`orphan-${r.claimId}`} data-claim-id={r.claimId}>
            <blockquote>
              <span class="context">…{r.quote.prefix}</span>
              <mark>{r.quote.exact}</mark>
              <span class="context">{r.quote.suffix}…</span>
            </blockquote>
            <p>
              {VERDICT_RATINGS[r.verdict].label}
              {r.reviewer ? <> · {r.reviewer}</> : null}
              {r.notes ? <> · {r.notes}</> : null}
            </p>
            <form method="post" action={`/api/reviews/${encodeURIComponent(props.sourceId)}/reattach`} class="reattach-form" data-selection-target="">
              <Hidden etag={props.etag} redirect={props.redirect} token={props.token} />
              <input type="hidden" name="claimId" value={r.claimId} />
              <SpanInputs />
              <button type="submit">Re-attach to this span</button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Add a claim the detector missed by offsets (the selection script fills them in). */
export function ManualClaimForm(props: { sourceId: string; etag?: string | undefined } & FormCommon) {
  return (
    <form method="post" action={`/api/sources/${encodeURIComponent(props.sourceId)}/claims`} class="manual-claim-form" data-selection-target="">
      <Hidden etag={props.etag} redirect={props.redirect} token={props.token} />
      <SpanInputs />
      <button type="submit">Add as a claim</button>
    </form>
  );
}

/** Answer to a form post that was based on an old revision: what changed, and the current form to try again. */
export function ConflictPage(props: { back: string; submitted: Record<string, unknown>; children?: Child }) {
  return (
    <Layout title="Review changed meanwhile">
      <h1>Someone else saved this review while you were editing</h1>
      <p>Your changes were not saved. The current version is below; re-enter what still applies and save again.</p>
      <h2>What you submitted</h2>
      <dl class="submitted">
        {Object.entries(props.submitted).map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{show(v)}</dd>
          </>
        ))}
      </dl>
      <h2>Current version</h2>
      {props.children}
      <p>
        <a href={props.back}>Back</a>
      </p>
    </Layout>
  );
}

export function ErrorPage(props: { status: number; message: string; field?: string | undefined; back: string }) {
  return (
    <Layout title="Not saved">
      <h1>Not saved</h1>
      <p class="error">
        {props.field ? (
          <>
            <code>{props.field}</code>:{' '}
          </>
        ) : null}
        {props.message}
      </p>
      <p>
        <a href={props.back}>Back</a>
      </p>
    </Layout>
  );
}

/**
 * Progressive enhancement for the source view: select text, press "Add as
 * claim". Offsets come from the page's `[data-start]` elements, each holding
 * an exact slice of the source starting at that UTF-16 offset; walking the
 * text nodes inside the innermost such element turns a DOM selection point
 * into a source offset (DOM text lengths are UTF-16, like ours). Elements
 * marked `data-offset-ignore` (badges, buttons) are skipped. The source id is
 * read from the closest `[data-source-id]` (or <body data-source-id>). Forms
 * marked `data-selection-target` get their start/end inputs filled too.
 */
export const selectionScript = `(() => {
  'use strict';
  const accept = (t) => t.parentElement && t.parentElement.closest('[data-offset-ignore]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  function toOffset(node, offset) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    const box = el && el.closest('[data-start]');
    if (!box) return null;
    const base = Number(box.getAttribute('data-start'));
    if (!Number.isFinite(base)) return null;
    const point = document.createRange();
    point.setStart(node, offset);
    let count = 0;
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT, { acceptNode: accept });
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      if (t === node) return base + count + offset;
      if (point.comparePoint(t, t.length) <= 0) count += t.length;
      else break;
    }
    return base + count;
  }
  function sourceIdOf(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    const holder = el && el.closest('[data-source-id]');
    return (holder && holder.getAttribute('data-source-id')) || document.body.getAttribute('data-source-id');
  }
  function current() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    const start = toOffset(r.startContainer, r.startOffset);
    const end = toOffset(r.endContainer, r.endOffset);
    const sourceId = sourceIdOf(r.startContainer);
    if (start === null || end === null || end <= start || !sourceId) return null;
    return { start, end, sourceId, rect: r.getBoundingClientRect() };
  }
  function init() {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Add as claim';
    button.className = 'add-claim-button';
    button.hidden = true;
    button.style.position = 'fixed';
    button.style.zIndex = '1000';
    document.body.appendChild(button);
    let pending = null;
    function update() {
      pending = current();
      if (!pending) { button.hidden = true; return; }
      for (const form of document.querySelectorAll('form[data-selection-target]')) {
        const s = form.querySelector('input[name=start]');
        const e = form.querySelector('input[name=end]');
        if (s) s.value = String(pending.start);
        if (e) e.value = String(pending.end);
      }
      button.style.left = Math.max(4, pending.rect.left) + 'px';
      button.style.top = Math.max(4, pending.rect.bottom + 6) + 'px';
      button.hidden = false;
    }
    document.addEventListener('mouseup', () => setTimeout(update, 0));
    document.addEventListener('keyup', (ev) => { if (ev.shiftKey || ev.key === 'Shift') update(); });
    button.addEventListener('mousedown', (ev) => ev.preventDefault());
    button.addEventListener('click', async () => {
      if (!pending) return;
      const headers = { 'content-type': 'application/json', accept: 'application/json' };
      const meta = document.querySelector('meta[name="claimtrace-token"]');
      if (meta && meta.getAttribute('content')) headers['x-claimtrace-token'] = meta.getAttribute('content');
      button.disabled = true;
      try {
        const res = await fetch('/api/sources/' + encodeURIComponent(pending.sourceId) + '/claims', {
          method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ start: pending.start, end: pending.end }),
        });
        const body = await res.json().catch(() => ({}));
        if (!res.ok) { alert('Not added: ' + (body.error || res.status)); return; }
        location.hash = 'review-' + body.review.claimId;
        location.reload();
      } finally {
        button.disabled = false;
      }
    });
  }
  // The script may be placed in <head>: the button needs <body>.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();`;
