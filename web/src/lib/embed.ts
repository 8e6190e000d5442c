/**
 * Embedding: any view can be shown inside another site's page through an <iframe>. The embedded
 * page lives under /embed/ (a copy of index.html the build writes), because the server lets only
 * /embed paths be framed (its CSP frame-ancestors; every other page sends X-Frame-Options: DENY).
 * `embed=1` in the query string is what switches the app into embed mode: no header, navigation or
 * footer, a credit line instead, controls hidden, and links open the full site in a new tab.
 */

export const EMBED_PATH = '/embed/';

const initial = typeof location === 'undefined' ? null : new URL(location.href);

/** Fixed for the page's life: an embedded page never turns into the full site in place. */
export const embedded: boolean = initial !== null && (initial.searchParams.get('embed') === '1' || initial.pathname.startsWith(EMBED_PATH));

/** The framed URL of a view: its query string at /embed/, with embed=1. */
export function embedUrl(search: string, origin = location.origin): string {
  const params = new URLSearchParams(search);
  params.delete('embed');
  params.set('embed', '1');
  return `${origin}${EMBED_PATH}?${params.toString()}`;
}

/** The same view on the full site, for the credit line's link back. */
export function fullSiteUrl(search: string, origin = location.origin): string {
  const params = new URLSearchParams(search);
  params.delete('embed');
  const text = params.toString();
  return `${origin}/${text ? `?${text}` : ''}`;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The snippet a person pastes into their own page: a titled, borderless, lazily loaded frame. */
export function embedSnippet(src: string, title: string, height: number): string {
  return `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" width="100%" height="${height}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

/**
 * In a frame, a link that would change the page opens the full site in a new tab instead, so the
 * embedder's chosen view stays put. Links within the page (#…) still work.
 */
export function keepInFrame(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
  if (!link || link.hasAttribute('download')) return;
  if (link.origin === location.origin && link.pathname === location.pathname && link.search === location.search && link.hash) return;
  event.preventDefault();
  const target = new URL(link.href);
  if (target.origin === location.origin && target.pathname.startsWith(EMBED_PATH)) target.pathname = '/';
  target.searchParams.delete('embed');
  window.open(target.href, '_blank', 'noopener');
}
