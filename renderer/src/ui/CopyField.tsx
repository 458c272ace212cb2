import { useId, useRef, useState } from 'react';

interface CopyFieldProps {
  label: string;
  value: string;
  testId?: string;
}

/** A read-only value with a Copy button (the Clipboard API needs a secure context; a LAN page over http falls back to selecting). */
export function CopyField({ label, value, testId }: CopyFieldProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
    } catch {
      input.current?.select();
      setStatus(document.execCommand('copy') ? 'Copied' : 'Selected: press Ctrl+C to copy');
    }
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} ref={input} readOnly value={value} data-testid={testId} onFocus={(e) => e.target.select()} />
        <button type="button" data-testid={testId ? `${testId}-copy` : undefined} onClick={() => void copy()}>
          Copy
        </button>
        <span className="hint" aria-live="polite">
          {status}
        </span>
      </div>
    </div>
  );
}
