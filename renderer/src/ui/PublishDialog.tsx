import { Modal } from './Modal.js';
import { PublishForm } from './PublishForm.js';

interface PublishDialogProps {
  infoHash: string;
  name: string;
  onClose(): void;
}

export function PublishDialog({ infoHash, name, onClose }: PublishDialogProps) {
  return (
    <Modal title={`Publish “${name}”`} onClose={onClose} testId="publish-dialog">
      <p className="hint">The search server lists it, so that others can find and download it.</p>
      <PublishForm infoHash={infoHash} name={name} />
      <div className="buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
