/**
 * Which rows of a long list to put in the DOM: the ones in view plus a few either side, with the
 * space of the rest kept by two spacers so the scrollbar stays true. Rows all have one height.
 */
export interface RowWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** Last row rendered (exclusive). */
  end: number;
  /** Height of the rows above `start`, in pixels. */
  before: number;
  /** Height of the rows from `end` on, in pixels. */
  after: number;
}

export function rowWindow(total: number, scrollTop: number, viewport: number, rowHeight: number, overscan = 8): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total - 1, first - overscan));
  const end = Math.min(total, first + visible + overscan);
  return { start, end, before: start * rowHeight, after: (total - end) * rowHeight };
}
