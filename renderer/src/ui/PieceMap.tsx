import { useEffect, useMemo, useRef } from 'react';
import type { TorrentDetails } from '../../../core/api/index.js';
import { base64ToBytes } from '../model/bytes.js';
import { formatBytes, plural } from '../model/format.js';
import { countPieces, pieceBins } from '../model/pieces.js';

/** Columns of the map: one per piece up to this many, then runs of pieces share one. */
const BINS = 800;
const HEIGHT = 48;

/** The pieces the engine has, as a bar drawn on a canvas: the stronger a column, the more of its pieces are there. */
export function PieceMap({ pieces }: { pieces: TorrentDetails['pieces'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const have = useMemo(() => base64ToBytes(pieces.have), [pieces.have]);
  const bins = useMemo(() => pieceBins(have, pieces.count, BINS), [have, pieces.count]);
  const present = useMemo(() => countPieces(have, pieces.count), [have, pieces.count]);

  useEffect(() => {
    const element = canvas.current;
    const g = element?.getContext('2d');
    if (!element || !g) return;
    const style = getComputedStyle(element);
    const width = element.width / Math.max(1, bins.length);
    g.clearRect(0, 0, element.width, element.height);
    g.fillStyle = style.getPropertyValue('--piece-missing').trim() || '#ddd';
    g.fillRect(0, 0, element.width, element.height);
    g.fillStyle = style.getPropertyValue('--piece-have').trim() || '#2a7';
    bins.forEach((share, i) => {
      if (share === 0) return;
      g.globalAlpha = share;
      g.fillRect(i * width, 0, Math.ceil(width), element.height);
    });
    g.globalAlpha = 1;
  }, [bins]);

  if (pieces.count === 0) return <p className="empty">The piece map appears once the metadata has arrived.</p>;
  const summary = `${present} of ${plural(pieces.count, 'piece')} (${formatBytes(pieces.length)} each)`;
  return (
    <figure className="piece-map">
      <canvas
        ref={canvas}
        width={BINS}
        height={HEIGHT}
        role="img"
        aria-label={`Piece map: ${summary}`}
        data-testid="piece-map"
      />
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
