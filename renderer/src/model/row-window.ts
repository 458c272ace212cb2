/** Which rows of a long list to render: those in view of the scroller, plus some either side. */

export interface RowWindow {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export interface Viewport {
  scrollTop: number;
  height: number;
  rowHeight: number;
}

/** Rows rendered beyond each edge of the view, so that scrolling and Tab land on rows that exist. */
export const OVERSCAN = 12;

export function rowWindow(count: number, view: Viewport, overscan = OVERSCAN): RowWindow {
  if (view.rowHeight <= 0 || view.height <= 0) return { start: 0, end: Math.min(count, 2 * overscan) };
  const first = Math.floor(view.scrollTop / view.rowHeight);
  const last = Math.ceil((view.scrollTop + view.height) / view.rowHeight);
  const start = Math.max(0, Math.min(first - overscan, count));
  return { start, end: Math.max(start, Math.min(count, last + overscan)) };
}
