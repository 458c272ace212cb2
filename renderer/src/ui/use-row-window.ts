import { useLayoutEffect, useState, type RefObject } from 'react';
import { rowWindow, type RowWindow, type Viewport } from '../model/row-window.js';

/**
 * The rows of `count` to render inside `scroller`, following its scrolling and size. Rows have one
 * height, read from the first rendered one (it follows the user's font size).
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowSelector: string,
): RowWindow & { rowHeight: number } {
  const [view, setView] = useState<Viewport>({ scrollTop: 0, height: 0, rowHeight: 0 });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => {
      const row = element.querySelector<HTMLElement>(rowSelector);
      setView((v) => {
        const next = {
          scrollTop: element.scrollTop,
          height: element.clientHeight,
          rowHeight: row?.offsetHeight ?? v.rowHeight,
        };
        return next.scrollTop === v.scrollTop && next.height === v.height && next.rowHeight === v.rowHeight ? v : next;
      });
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [scroller, rowSelector, count > 0]);
  return { ...rowWindow(count, view), rowHeight: view.rowHeight };
}
