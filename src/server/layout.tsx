/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The frame of every viewer page: header with search, skip link, footer
 * with the keyboard keys, the stylesheet and the progressive script.
 */
import type { Child } from 'hono/jsx';

export interface LayoutProps {
  title: string;
  query?: string;
  sourceId?: string;
  scripts?: string[];
  children?: Child;
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · claimtrace</title>
        <link rel="stylesheet" href="/assets/style.css" />
        <script src="/assets/app.js" defer></script>
        {(props.scripts ?? []).map((s) => (
          <script src={s} defer></script>
        ))}
      </head>
      <body data-source-id={props.sourceId}>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="/">claimtrace</a>
          <nav aria-label="Main">
            <a href="/">Sources</a> <a href="/flags">Flags</a>
          </nav>
          <form class="search-box" method="get" action="/search" role="search">
            <label for="q" class="visually-hidden">Search</label>
            <input id="q" type="search" name="q" value={props.query ?? ''} placeholder="Search (press /)" autocomplete="off" />
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          Keys: <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> next/previous claim or flag · <kbd>Enter</kbd> open
        </footer>
      </body>
    </html>
  );
}

