import type { NoticeKind } from './context.js';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

interface NoticesProps {
  notices: readonly Notice[];
  onDismiss(id: number): void;
}

/** What happened, for a moment (info) or until dismissed (errors, which screen readers hear at once). */
export function Notices({ notices, onDismiss }: NoticesProps) {
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={`notice-${n.kind}`}
        >
          <p>{n.text}</p>
          <button type="button" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
