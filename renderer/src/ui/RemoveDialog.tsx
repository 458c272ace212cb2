import { useState } from 'react';
import { plural } from '../model/format.js';
import { Modal } from './Modal.js';

interface RemoveDialogProps {
  names: readonly string[];
  onConfirm(deleteData: boolean): void;
  onClose(): void;
}

/** Asks before removing; deleting the data is a separate, explicit choice (off by default). */
export function RemoveDialog({ names, onConfirm, onClose }: RemoveDialogProps) {
  const [deleteData, setDeleteData] = useState(false);
  const title = names.length === 1 ? 'Remove this torrent?' : `Remove ${plural(names.length, 'torrent')}?`;
  return (
    <Modal title={title} onClose={onClose} testId="remove-dialog">
      <ul className="remove-names">
        {names.slice(0, 5).map((name, i) => (
          <li key={i}>{name}</li>
        ))}
        {names.length > 5 ? <li>and {plural(names.length - 5, 'more')}</li> : null}
      </ul>
      <label className="check">
        <input
          type="checkbox"
          checked={deleteData}
          data-testid="remove-delete-data"
          onChange={(e) => setDeleteData(e.target.checked)}
        />
        Also delete the downloaded files from disk
      </label>
      <p className="hint">{deleteData ? 'The files cannot be recovered.' : 'The files stay where they are.'}</p>
      <div className="buttons">
        <button type="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={deleteData ? 'danger' : 'primary'}
          data-testid="remove-confirm"
          onClick={() => onConfirm(deleteData)}
        >
          {deleteData ? 'Remove and delete files' : 'Remove'}
        </button>
      </div>
    </Modal>
  );
}
