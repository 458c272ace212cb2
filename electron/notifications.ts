/** The text of the system notifications the app shows. */
export interface Notice {
  title: string;
  body: string;
}

const MAX_BODY = 200;

/** When every selected byte of a torrent is there and verified ('torrent:done'). */
export function doneNotice(name: string, platform: NodeJS.Platform): Notice {
  return { title: 'Download complete', body: displayText(name, platform) };
}

/** When a magnet link or .torrent file handed to the app could not be added. */
export function linkFailedNotice(message: string, platform: NodeJS.Platform): Notice {
  return { title: 'Could not add the torrent', body: displayText(message, platform) };
}

/**
 * Torrent names come from strangers. Control and bidirectional-override characters are dropped
 * (they can make a name read as something else), the length is capped, and on Linux, whose
 * notification servers read a subset of HTML in the body, markup characters are escaped.
 */
export function displayText(text: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  const chars = [...plain];
  const short = chars.length > MAX_BODY ? `${chars.slice(0, MAX_BODY - 1).join('')}…` : plain;
  if (platform !== 'linux') return short;
  return short.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
