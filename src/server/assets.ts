/**
 * The viewer's stylesheet and its one small script, served from /assets so
 * the Content-Security-Policy can forbid inline scripts and styles.
 */

export const appScript = `(() => {
  'use strict';
  // Keyboard: "/" focuses search; j/k move between claims and flags; Enter follows the focused link.
  const typing = (el) => el && el.closest && el.closest('input, textarea, select, [contenteditable]');
  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    if (ev.key === '/') {
      const q = document.getElementById('q');
      if (q) { ev.preventDefault(); q.focus(); q.select(); }
      return;
    }
    if (ev.key !== 'j' && ev.key !== 'k') return;
    const items = Array.from(document.querySelectorAll('[data-nav]'));
    if (items.length === 0) return;
    ev.preventDefault();
    const at = items.indexOf(document.activeElement);
    const next = ev.key === 'j' ? (at < 0 ? 0 : Math.min(items.length - 1, at + 1)) : (at < 0 ? items.length - 1 : Math.max(0, at - 1));
    const el = items[next];
    if (!el.hasAttribute('tabindex') && !el.matches('a[href], button')) el.setAttribute('tabindex', '-1');
    el.focus();
    el.scrollIntoView({ block: 'center' });
  });
  // Copy buttons copy the text of the element they name.
  document.addEventListener('click', async (ev) => {
    const button = ev.target.closest && ev.target.closest('[data-copy]');
    if (!button) return;
    const source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent);
      button.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(source);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      button.textContent = 'Selected: press Ctrl+C';
    }
  });
  // A link to a highlighted span lands on its paragraph; bring the match itself into view.
  window.addEventListener('DOMContentLoaded', () => {
    const hit = document.getElementById('first-hit');
    if (hit && hit.nextElementSibling) hit.nextElementSibling.scrollIntoView({ block: 'center' });
  });
})();
`;

export const styleSheet = `
:root {
  --fg: #1a1a1a; --muted: #555; --bg: #fdfdfb; --panel: #f3f2ee; --line: #d6d3cc;
  --link: #0b4f9c; --claim: #e4eefb; --claim-line: #2a64b5; --flag: #fde2dc; --flag-line: #b3261e;
  --corr: #dff3e3; --corr-line: #1d7a35; --hit: #fff1a8; --focus: #c45a00; --caption: #6b5a3a;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; color: var(--fg); background: var(--bg); font-family: Georgia, 'Iowan Old Style', 'Palatino Linotype', serif; line-height: 1.6; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
header.site, footer.site { font-family: system-ui, sans-serif; font-size: .9rem; display: flex; gap: 1.25rem; align-items: center; flex-wrap: wrap; padding: .6rem 1.25rem; background: #22252a; color: #eee; }
header.site a { color: #fff; }
footer.site { background: none; color: var(--muted); border-top: 1px solid var(--line); margin-top: 3rem; }
.brand { font-weight: 700; text-decoration: none; letter-spacing: .02em; }
.search-box { margin-left: auto; display: flex; gap: .4rem; }
input, select, textarea, button { font: inherit; font-family: system-ui, sans-serif; font-size: .9rem; }
input[type=search] { min-width: 16rem; padding: .25rem .5rem; }
main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.25rem; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.25; }
h2 { font-size: 1.1rem; margin-top: 1.5rem; }
.lede, .muted, .crumbs { color: var(--muted); }
.muted { font-size: .85rem; }
.error { color: var(--flag-line); font-weight: 600; }
code, kbd, pre { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: .85em; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-family: system-ui, sans-serif; font-size: .9rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.by-rule { list-style: none; margin: .2rem 0 0; padding: 0; font-size: .8rem; }
.rule, .type, .chip, .status, .verdict { font-family: system-ui, sans-serif; font-size: .72rem; text-transform: uppercase; letter-spacing: .03em; padding: .05rem .35rem; border-radius: .25rem; background: var(--panel); border: 1px solid var(--line); white-space: nowrap; }
.rule { background: var(--flag); border-color: var(--flag-line); color: #5c130f; }

.source-layout { display: grid; grid-template-columns: minmax(0, 1fr) 22rem; gap: 2rem; align-items: start; }
@media (max-width: 60rem) { .source-layout { grid-template-columns: 1fr; } }
article.source { max-width: 44rem; }
.para { position: relative; padding-left: 3.2rem; margin: 0 0 .2rem; scroll-margin-top: 1rem; }
.para .addr { position: absolute; left: 0; top: .9rem; width: 2.8rem; text-align: right; font-family: system-ui, sans-serif; font-size: .75rem; color: var(--muted); text-decoration: none; }
.para:target { background: #fff8d6; }
.para p.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .8rem 0; }
.para.k-heading p.text { font-family: system-ui, sans-serif; font-weight: 700; font-size: 1.15rem; }
.para.caption p.text, .line.caption { font-family: system-ui, sans-serif; font-size: .85rem; color: var(--caption); font-style: italic; }
.para.caption { border-left: 3px solid var(--caption); }
.line { scroll-margin-top: 1rem; }
.line:target { background: #fff8d6; }
.laddr { font-family: system-ui, sans-serif; font-size: .65rem; color: var(--muted); text-decoration: none; vertical-align: super; margin-right: .2rem; }
a.claim { color: inherit; text-decoration: none; background: var(--claim); border-bottom: 2px solid var(--claim-line); }
a.claim:hover { background: #cfe0f7; }
/* Type sets the underline colour; a verdict, below, overrides it. */
a.claim.t-statistic { border-bottom-color: #2a64b5; } a.claim.t-date-event { border-bottom-color: #6a3fb5; }
a.claim.t-comparison { border-bottom-color: #0f7a86; } a.claim.t-membership { border-bottom-color: #8a5a00; }
a.claim.t-attribution { border-bottom-color: #555; }
a.claim.v-true, a.claim.v-mostly-true { border-bottom-color: var(--corr-line); }
a.claim.v-false, a.claim.v-mostly-false, a.claim.v-misleading { border-bottom-color: var(--flag-line); border-bottom-style: double; border-bottom-width: 3px; }
a.claim.t-manual { border-bottom-style: dashed; }
.flagged { background: var(--flag); box-shadow: inset 0 -2px 0 var(--flag-line); }
a.claim.flagged { background: linear-gradient(var(--claim), var(--flag)); }
mark.corroborated, .corroborated { background: var(--corr); box-shadow: inset 0 -2px 0 var(--corr-line); }
mark { color: inherit; }
.hit, mark.hit, a.claim.hit { background: var(--hit); outline: 2px solid #b08900; }
.verdict-mark { font-family: system-ui, sans-serif; font-size: .75rem; font-weight: 700; vertical-align: super; padding: 0 .1rem; }
.verdict-mark.v-true, .verdict-mark.v-mostly-true { color: var(--corr-line); }
.verdict-mark.v-false, .verdict-mark.v-mostly-false, .verdict-mark.v-misleading { color: var(--flag-line); }
.flag-marker { font-family: system-ui, sans-serif; font-size: .75rem; color: var(--flag-line); text-decoration: none; vertical-align: super; padding: 0 .1rem; }
.legend span { margin-right: .4rem; font-family: system-ui, sans-serif; font-size: .8rem; padding: 0 .3rem; }
.caption-chip { font-style: italic; color: var(--caption); border-left: 3px solid var(--caption); }
.flag-note { margin: .3rem 0 1rem 3.2rem; padding: .5rem .8rem; border-left: 4px solid var(--flag-line); background: #fff4f1; font-family: system-ui, sans-serif; font-size: .85rem; }
.flag-note:target, .flag-note:focus { outline: 3px solid var(--focus); }
.flag-note.resolved { border-left-color: var(--muted); background: var(--panel); }
.flag-note p { margin: .2rem 0; }
.spans { margin: .2rem 0; padding-left: 1.2rem; }
.panel { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow-y: auto; background: var(--panel); border: 1px solid var(--line); border-radius: .4rem; padding: .5rem 1rem 1rem; font-family: system-ui, sans-serif; font-size: .85rem; }
@media (max-width: 60rem) { .panel { position: static; max-height: none; } }
.panel h2 { font-size: .95rem; }
.panel-list { list-style: none; padding: 0; margin: 0; }
.panel-list li { padding: .3rem 0; border-bottom: 1px solid var(--line); }
.panel-list a { text-decoration: none; }
.filters label { display: block; margin: .3rem 0; }
.score { font-variant-numeric: tabular-nums; color: var(--muted); }
.claim-quote { font-size: 1.15rem; border-left: 4px solid var(--claim-line); margin: 1rem 0; padding: .5rem 1rem; background: #fff; }
.claim-quote .context { color: var(--muted); }
.claim-quote mark { background: var(--claim); }
#citation { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: .75rem; }
dl.facts { display: grid; grid-template-columns: 10rem 1fr; gap: .3rem 1rem; font-family: system-ui, sans-serif; font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.reasons { margin: .2rem 0; padding-left: 1.2rem; }
.agrees { color: var(--corr-line); } .differs { color: var(--flag-line); }
.claim-review, .flag-review { font-family: system-ui, sans-serif; font-size: .9rem; background: var(--panel); border: 1px solid var(--line); border-radius: .4rem; padding: .5rem 1rem 1rem; margin-top: 1.5rem; }
.claim-review label, .flag-review label { display: block; margin: .4rem 0; }
.claim-review textarea, .claim-review input[type=text], .claim-review input[type=url] { width: 100%; }
.evidence-row { border-top: 1px dashed var(--line); padding-top: .3rem; }
.anchor-orphaned, .anchor-moved { color: var(--flag-line); font-weight: 600; }
.flag-list > li { border-bottom: 1px solid var(--line); padding: .5rem 0; }
.toc a { margin-right: 1rem; font-family: system-ui, sans-serif; font-size: .9rem; }
.pager { margin: .75rem 0; font-family: system-ui, sans-serif; font-size: .9rem; }
.pager a { margin-right: 1rem; }
.tip { font-family: system-ui, sans-serif; font-size: .9rem; margin: .5rem 0 1rem; }
.hits { padding-left: 1.2rem; }
.hits li { margin: .4rem 0; }
.hit-link { text-decoration: none; color: var(--fg); }
.hit-link .snippet mark { background: var(--hit); font-weight: 600; }
.result-group h2 a { text-decoration: none; }
.orphans { border: 2px dashed var(--flag-line); padding: .5rem 1rem; margin-top: 2rem; font-family: system-ui, sans-serif; font-size: .9rem; }
@media print {
  header.site, footer.site, .panel, .claim-review form, .flag-review form, .manual, .skip, .add-claim-button, button { display: none !important; }
  .source-layout { display: block; }
  body { background: #fff; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  a.claim { background: none; border-bottom: 1px solid #000; }
  .flagged { background: none; box-shadow: none; text-decoration: underline wavy; }
  .flag-note { break-inside: avoid; }
}
`;
