/**
 * Typed errors of the protocol core. Each carries a stable `code` (for programs and tests)
 * and a message that names the problem (for people). Callers branch on `code`, never on text.
 */
export class ProtocolError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Malformed bencode: truncated, trailing bytes, bad integer, nesting too deep, duplicate key. */
export class BencodeError extends ProtocolError {
  /** Byte offset in the input where the problem was found. */
  readonly offset: number;

  constructor(code: string, message: string, offset: number) {
    super(code, `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}

/** A .torrent that is malformed or hostile: missing or mistyped keys, bad sizes, unsafe paths, over a cap. */
export class MetainfoError extends ProtocolError {}
