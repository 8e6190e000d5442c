/**
 * Client-side routing with all view state in the query string: `/?view=explorer&indicator=…&level=…`.
 * One path (`/`) means the server needs no fallback route for deep links, a reload lands on the same
 * view, and back/forward walk through every choice a person made.
 */
import { views, type ViewKey } from '../views.ts';

type Changes = Record<string, string | number | null | undefined>;

function readView(params: URLSearchParams): ViewKey {
  const wanted = params.get('view');
  return views.some((v) => v.key === wanted) ? (wanted as ViewKey) : 'home';
}

function searchFor(view: ViewKey, params: URLSearchParams): string {
  const next = new URLSearchParams();
  if (view !== 'home') next.set('view', view);
  // `view` first, then the rest in the order given, so URLs read the same way each time.
  for (const [key, value] of params) if (key !== 'view' && value !== '') next.set(key, value);
  const text = next.toString();
  return text ? `?${text}` : '';
}

class Route {
  #search = $state(typeof location === 'undefined' ? '' : location.search);
  readonly params = $derived(new URLSearchParams(this.#search));
  readonly view = $derived(readView(this.params));

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('popstate', () => {
      this.#search = location.search;
    });
  }

  get(key: string): string | null {
    const value = this.params.get(key);
    return value === '' ? null : value;
  }

  /** The URL of a view with these parameters. */
  href(view: ViewKey, changes: Changes = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(changes)) if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
    return `/${searchFor(view, params)}`;
  }

  /** The current view's URL with some parameters changed: null or '' removes one, undefined leaves it be. */
  with(changes: Changes): string {
    const params = new URLSearchParams(this.params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (value === null || value === '') params.delete(key);
      else params.set(key, String(value));
    }
    // An embedded page (src/lib/embed.ts) stays at /embed/, the one path other sites may frame.
    const path = typeof location !== 'undefined' && location.pathname.startsWith('/embed/') ? '/embed/' : '/';
    return `${path}${searchFor(this.view, params)}`;
  }

  /**
   * Changes parameters of the current view. `replace` for state that changes as a person types
   * (a search box), so back does not step through every letter.
   */
  set(changes: Changes, { replace = false }: { replace?: boolean } = {}): void {
    this.navigate(this.with(changes), { replace });
  }

  navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
    const target = new URL(href, location.href);
    if (target.search === location.search && target.pathname === location.pathname) return;
    history[replace ? 'replaceState' : 'pushState'](null, '', `${target.pathname}${target.search}${target.hash}`);
    this.#search = target.search;
  }

  /**
   * Follows same-origin links inside the app without a page load. Ctrl/⌘/Shift/middle clicks and
   * links with a target or `download` keep the browser's own behaviour (new tab, save).
   */
  interceptClicks = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
    if (link.pathname !== '/' || (link.hash && link.search === location.search)) return;
    event.preventDefault();
    this.navigate(link.href);
  };
}

export const route = new Route();
