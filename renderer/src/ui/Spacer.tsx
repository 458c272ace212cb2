import { useLayoutEffect, useRef } from 'react';

/**
 * Empty space of a given height standing for rows that are not rendered. The height goes through
 * the CSSOM: a style-src 'self' policy refuses style attributes, not this.
 */
export function Spacer({ height }: { height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) ref.current.style.height = `${height}px`;
  }, [height]);
  return <div ref={ref} className="spacer-rows" aria-hidden="true" />;
}
