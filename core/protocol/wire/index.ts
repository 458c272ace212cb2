/** The peer wire codec (BEP 3, 6, 9, 10): pure encoders and decoders plus an incremental parser. */
export { WireError } from './errors.js';
export type { WireErrorCode } from './errors.js';
export { HANDSHAKE_BYTES, decodeHandshake, encodeHandshake } from './handshake.js';
export type { Capabilities, Handshake } from './handshake.js';
export { MESSAGE_ID, decodeMessage, encodeMessage, encodePieceHeader } from './messages.js';
export type { WireMessage } from './messages.js';
export { DEFAULT_MAX_MESSAGE_BYTES, WireParser } from './parser.js';
export type { WireEvent, WireParserOptions } from './parser.js';
export { decodeExtendedHandshake, encodeExtendedHandshake } from './extension.js';
export type { ExtendedHandshake } from './extension.js';
export {
  MAX_METADATA_BYTES,
  METADATA_PIECE_BYTES,
  MetadataAssembler,
  decodeMetadataMessage,
  encodeMetadataMessage,
  metadataPieceCount,
  metadataPieceLength,
} from './ut-metadata.js';
export type { MetadataMessage } from './ut-metadata.js';
