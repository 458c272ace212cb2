import { ProtocolError } from '../errors.js';

export type WireErrorCode = 'bad-handshake' | 'too-long' | 'bad-message' | 'bad-extension' | 'bad-metadata';

/** Malformed peer wire input (or a message we were asked to send that the wire cannot carry). */
export class WireError extends ProtocolError {
  declare readonly code: WireErrorCode;

  constructor(code: WireErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
