import { z } from 'zod';
import { check } from '../../../core/api/index.js';

/** Problems of a form, by field: each message names what is wrong in the control API's words. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type FormCheck<P, F extends string> = { ok: true; params: P } | { ok: false; errors: FieldErrors<F> };

/**
 * Validates params built from a form against the command's own schema, field by field, so the
 * form shows what the engine would say next to the field it is about, before any call. `toField`
 * maps a params key to its form field; `errors` holds what the form found itself (text that is no
 * number), which wins.
 */
export function checkParams<S extends z.ZodObject, F extends string>(
  schema: S,
  params: Record<string, unknown>,
  toField: (key: string) => F,
  errors: FieldErrors<F> = {},
): FormCheck<z.output<S>, F> {
  for (const [key, value] of Object.entries(params)) {
    const field = schema.shape[key];
    const one = field
      ? check(z.strictObject({ [key]: field }), { [key]: value })
      : { success: false as const, message: `unknown field ${key}` };
    if (!one.success) errors[toField(key)] ??= one.message;
  }
  const whole = check(schema, params);
  if (whole.success && Object.keys(errors).length === 0) return { ok: true, params: whole.data };
  return { ok: false, errors };
}

/** Lines of a text area, trimmed, blank ones dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
