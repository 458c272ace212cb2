import { formatSpeed } from '../model/format.js';
import { graphScale, HISTORY_MS, stepPoints } from '../model/speed-history.js';
import { useShell } from './context.js';
import { useNow } from './hooks.js';

const BOX = { width: 600, height: 160 };

/** Download and upload speed of the last five minutes, as step lines in an SVG. */
export function SpeedGraph({ infoHash }: { infoHash: string }) {
  const { history, store } = useShell();
  const now = useNow(1000);
  const series = history.series(infoHash, now);
  const scale = graphScale(series);
  const current = store.get(infoHash);
  const label = `Speed over the last five minutes; now ${formatSpeed(current?.downloadSpeed ?? 0)} down, ${formatSpeed(current?.uploadSpeed ?? 0)} up`;
  return (
    <figure className="speed-graph">
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label={label}
        data-testid="speed-graph"
        preserveAspectRatio="none"
      >
        <line className="grid" x1={0} x2={BOX.width} y1={BOX.height / 2} y2={BOX.height / 2} />
        <polyline className="line-down" points={stepPoints(series, (s) => s.down, now, HISTORY_MS, scale, BOX)} />
        <polyline className="line-up" points={stepPoints(series, (s) => s.up, now, HISTORY_MS, scale, BOX)} />
      </svg>
      <figcaption>
        <span className="legend legend-down">Down</span> <span className="legend legend-up">Up</span>
        <span className="scale">top of the graph: {formatSpeed(scale)}</span>
        {series.length === 0 ? <span> · no activity recorded since this page opened</span> : null}
      </figcaption>
    </figure>
  );
}
