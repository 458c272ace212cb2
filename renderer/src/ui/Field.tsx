import { useId, type ReactNode } from 'react';

/** What a field's control needs to be labelled and described (spread onto the input). */
export interface FieldProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}

interface FieldComponentProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children(props: FieldProps): ReactNode;
}

/** A labelled form control with its hint and its error, both tied to it for screen readers. */
export function Field({ label, hint, error, children }: FieldComponentProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described || undefined, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
