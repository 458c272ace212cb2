/** Text helpers for command output. */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a torrent or a magnet link, made safe for a terminal: control characters (which
 * could move the cursor or recolour the screen) and bidi overrides become "\u{…}" escapes.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
