import type { z } from 'zod';

/** How many problems one error message lists; the rest are counted. */
const MAX_LISTED = 3;

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

export type Checked<T> = { success: true; data: T } | { success: false; message: string };

/**
 * Parses `value` with messages that read after the field's name: "savePath must not contain NUL;
 * files[2].priority must be one of ...". Every boundary that validates with a schema (the
 * control API, the engine's library) reports problems this one way.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(value, { error: plainMessage });
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, message: describeIssues(parsed.error.issues) };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED).map(describeIssue);
  const more = issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')} (and ${more} more)` : listed.join('; ');
}

/** Messages for the issues the schemas leave to zod. */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const shape = issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value';
  if (shape && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type') return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  if (issue.code === 'invalid_union') return 'has the wrong type';
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_format' && issue.format === 'base64') return 'must be base64 text';
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k)).join(', ');
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  if (field === '' && issue.code === 'custom') return issue.message;
  return `${field || 'params'} ${issue.message}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}
