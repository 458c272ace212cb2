import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../core/protocol/hex.js';
import type { WireMessage } from '../../../core/protocol/wire/index.js';
import {
  decodeMessage,
  encodeMessage,
  encodePieceHeader,
  MESSAGE_ID,
  WireError,
} from '../../../core/protocol/wire/index.js';
import { thrownBy } from '../../helpers/thrown.js';

/** Every message with its frame as BEP 3 / 6 / 10 lay it out: length:u32, id:u8, payload (big-endian). */
const table: [WireMessage, string][] = [
  [{ type: 'keep-alive' }, '00000000'],
  [{ type: 'choke' }, '00000001' + '00'],
  [{ type: 'unchoke' }, '00000001' + '01'],
  [{ type: 'interested' }, '00000001' + '02'],
  [{ type: 'not-interested' }, '00000001' + '03'],
  [{ type: 'have', index: 0x01020304 }, '00000005' + '04' + '01020304'],
  [{ type: 'have', index: 0xffffffff }, '00000005' + '04' + 'ffffffff'],
  [{ type: 'bitfield', bytes: fromHex('ff80') }, '00000003' + '05' + 'ff80'],
  [{ type: 'bitfield', bytes: new Uint8Array(0) }, '00000001' + '05'],
  [
    { type: 'request', index: 1, begin: 16384, length: 16384 },
    '0000000d' + '06' + '00000001' + '00004000' + '00004000',
  ],
  [
    { type: 'piece', index: 2, begin: 32768, block: fromHex('deadbeef') },
    '0000000d' + '07' + '00000002' + '00008000' + 'deadbeef',
  ],
  [{ type: 'piece', index: 0, begin: 0, block: new Uint8Array(0) }, '00000009' + '07' + '00000000' + '00000000'],
  [{ type: 'cancel', index: 3, begin: 0, length: 1 }, '0000000d' + '08' + '00000003' + '00000000' + '00000001'],
  [{ type: 'port', port: 6881 }, '00000003' + '09' + '1ae1'],
  [{ type: 'suggest', index: 7 }, '00000005' + '0d' + '00000007'],
  [{ type: 'have-all' }, '00000001' + '0e'],
  [{ type: 'have-none' }, '00000001' + '0f'],
  [{ type: 'reject', index: 4, begin: 16384, length: 5 }, '0000000d' + '10' + '00000004' + '00004000' + '00000005'],
  [{ type: 'allowed-fast', index: 9 }, '00000005' + '11' + '00000009'],
  [{ type: 'extended', id: 0, payload: fromHex('6465') }, '00000004' + '14' + '00' + '6465'],
  [{ type: 'extended', id: 3, payload: new Uint8Array(0) }, '00000002' + '14' + '03'],
  [{ type: 'unknown', id: 10, payload: fromHex('0102') }, '00000003' + '0a' + '0102'],
  [{ type: 'unknown', id: 255, payload: new Uint8Array(0) }, '00000001' + 'ff'],
];

describe('wire messages', () => {
  it.each(table.map(([m, hex]) => [JSON.stringify(m), m, hex] as const))('%s', (_name, message, hex) => {
    expect(toHex(encodeMessage(message))).toBe(hex);
    expect(decodeMessage(fromHex(hex).subarray(4))).toEqual(message);
  });

  it('covers every id of BEP 3, BEP 6 and BEP 10', () => {
    expect(Object.entries(MESSAGE_ID)).toEqual([
      ['choke', 0],
      ['unchoke', 1],
      ['interested', 2],
      ['not-interested', 3],
      ['have', 4],
      ['bitfield', 5],
      ['request', 6],
      ['piece', 7],
      ['cancel', 8],
      ['port', 9],
      ['suggest', 13],
      ['have-all', 14],
      ['have-none', 15],
      ['reject', 16],
      ['allowed-fast', 17],
      ['extended', 20],
    ]);
    const typesInTable = new Set(table.map(([m]) => m.type));
    for (const type of Object.keys(MESSAGE_ID)) expect(typesInTable.has(type as WireMessage['type'])).toBe(true);
  });

  it('the piece header is the first 13 bytes of the piece frame', () => {
    const block = Uint8Array.from({ length: 16384 }, (_, i) => i & 0xff);
    const frame = encodeMessage({ type: 'piece', index: 70000, begin: 49152, block });
    expect(toHex(encodePieceHeader(70000, 49152, block.length))).toBe(toHex(frame.subarray(0, 13)));
    expect(toHex(encodePieceHeader(70000, 49152, block.length))).toBe('00004009' + '07' + '00011170' + '0000c000');
  });

  it('payloads are views of the body, not copies', () => {
    const body = fromHex('07' + '00000001' + '00000000' + 'aabbcc');
    const m = decodeMessage(body) as Extract<WireMessage, { type: 'piece' }>;
    expect(m.block.buffer).toBe(body.buffer);
    expect(m.block.byteOffset).toBe(9);
  });

  it.each([
    ['choke', '0000', 'the choke message (id 0) has a payload of 1 bytes, not 0'],
    ['have-all', '0e00', 'the have-all message (id 14) has a payload of 1 bytes, not 0'],
    ['short have', '04000001', 'the have message (id 4) has a payload of 3 bytes, not 4'],
    ['long have', '040000000100', 'the have message (id 4) has a payload of 5 bytes, not 4'],
    ['short request', '06' + '00'.repeat(11), 'the request message (id 6) has a payload of 11 bytes, not 12'],
    ['long cancel', '08' + '00'.repeat(13), 'the cancel message (id 8) has a payload of 13 bytes, not 12'],
    ['short reject', '10' + '00'.repeat(8), 'the reject message (id 16) has a payload of 8 bytes, not 12'],
    ['short port', '0901', 'the port message (id 9) has a payload of 1 bytes, not 2'],
    ['short suggest', '0d00', 'the suggest message (id 13) has a payload of 1 bytes, not 4'],
    ['long allowed fast', '11' + '00'.repeat(5), 'the allowed-fast message (id 17) has a payload of 5 bytes, not 4'],
    [
      'piece without a full header',
      '07' + '00'.repeat(7),
      'the piece message (id 7) has a payload of 7 bytes, under 8',
    ],
    ['extended without an id', '14', 'the extended message (id 20) has no extended message id'],
  ])('refuses a %s of the wrong size', (_name, hex, message) => {
    const error = thrownBy(() => decodeMessage(fromHex(hex)), WireError);
    expect([error.code, error.message]).toEqual(['bad-message', message]);
  });

  it.each<[string, WireMessage, string]>([
    ['negative index', { type: 'have', index: -1 }, "the have message's index -1 is not a 32-bit unsigned integer"],
    [
      'index over 32 bits',
      { type: 'suggest', index: 2 ** 32 },
      `the suggest message's index ${2 ** 32} is not a 32-bit unsigned integer`,
    ],
    [
      'fractional begin',
      { type: 'request', index: 0, begin: 1.5, length: 1 },
      "the request message's begin 1.5 is not a 32-bit unsigned integer",
    ],
    [
      'NaN length',
      { type: 'cancel', index: 0, begin: 0, length: NaN },
      "the cancel message's length NaN is not a 32-bit unsigned integer",
    ],
    [
      'piece index',
      { type: 'piece', index: -2, begin: 0, block: new Uint8Array(1) },
      "the piece message's index -2 is not a 32-bit unsigned integer",
    ],
    ['port over 16 bits', { type: 'port', port: 65536 }, 'the port 65536 is not a 16-bit unsigned integer'],
    [
      'extended id over a byte',
      { type: 'extended', id: 256, payload: new Uint8Array(0) },
      'the extended message id 256 is not a byte (0–255)',
    ],
    [
      'unknown id over a byte',
      { type: 'unknown', id: -1, payload: new Uint8Array(0) },
      'the message id -1 is not a byte (0–255)',
    ],
    [
      'unknown with a known id',
      { type: 'unknown', id: 4, payload: new Uint8Array(4) },
      'message id 4 is the have message, not an unknown one',
    ],
  ])('refuses to encode a %s', (_name, message, text) => {
    const error = thrownBy(() => encodeMessage(message), WireError);
    expect([error.code, error.message]).toEqual(['bad-message', text]);
  });
});
