/**
 * The base of Shoal's typed errors, in every room: a stable `code` (for programs and tests) and a
 * message that names the problem (for people). Callers branch on `code`, never on text.
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Errors of the protocol core: malformed input from the wire or from a file. */
export class ProtocolError extends CodedError {}

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
