import { useEffect, useRef, useState } from 'react';
import type { CreateTorrentResult } from '../../../core/api/index.js';
import { base64ToBytes } from '../model/bytes.js';
import { CopyField } from './CopyField.js';
import { PublishForm } from './PublishForm.js';

export interface Created {
  result: CreateTorrentResult;
  name: string;
}

/** A torrent just created: its magnet link and .torrent file, and the form to publish it. */
export function CreatedTorrent({ created, onAnother }: { created: Created; onAnother(): void }) {
  const { result, name } = created;
  const url = useTorrentUrl(result.torrent);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="created" data-testid="create-result" data-infohash={result.infoHash}>
      <h3 ref={heading} tabIndex={-1}>
        Created “{name}”
      </h3>
      <p className="hint">Infohash {result.infoHash}</p>
      <CopyField label="Magnet link" value={result.magnet} testId="create-magnet" />
      <div className="buttons">
        <a className="button" href={url} download={`${name}.torrent`}>
          Save the .torrent file
        </a>
        <button type="button" onClick={onAnother}>
          Create another
        </button>
      </div>
      <h3>Publish to the search server</h3>
      <PublishForm infoHash={result.infoHash} name={name} />
    </div>
  );
}

/** A blob: URL of the .torrent bytes for the download link, revoked when the view goes. */
function useTorrentUrl(base64: string): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const blob = new Blob([base64ToBytes(base64)], { type: 'application/x-bittorrent' });
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [base64]);
  return url;
}
