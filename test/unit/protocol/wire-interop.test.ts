import Wire from 'bittorrent-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent, WireMessage } from '../../../core/protocol/wire/index.js';
import {
  decodeExtendedHandshake,
  encodeExtendedHandshake,
  encodeHandshake,
  encodeMessage,
  WireParser,
} from '../../../core/protocol/wire/index.js';

/**
 * Our codec against WebTorrent's peer wire (bittorrent-protocol), in memory: its output goes into our
 * parser, our encodings go into it, and each side must read what the other meant.
 */

const infoHash = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i);
const ourId = new TextEncoder().encode('-SH0010-000000000000');
const theirId = new TextEncoder().encode('-WW0208-111111111111');
const block = Uint8Array.from({ length: 16384 }, (_, i) => (i * 7) & 0xff);

let wire: Wire | undefined;
afterEach(() => {
  wire?.destroy();
  wire = undefined;
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** A WebTorrent wire that has exchanged handshakes (both with the fast extension) with our parser. */
async function connected(): Promise<{ wire: Wire; received: WireEvent[] }> {
  const w = new Wire('webrtc');
  wire = w;
  const parser = new WireParser();
  const received: WireEvent[] = [];
  w.on('data', (chunk: Uint8Array) => received.push(...parser.push(chunk)));
  w.extendedMapping[3] = 'ut_metadata';
  w.extendedHandshake['metadata_size'] = 34256;
  w.handshake(infoHash, theirId, { fast: true });
  w.write(encodeHandshake({ infoHash, peerId: ourId, capabilities: { extended: true, fast: true } }));
  await until(() => received.length >= 2, 'the handshakes');
  return { wire: w, received };
}

describe('interop with bittorrent-protocol', () => {
  it('reads its handshake and extension handshake', async () => {
    const { wire, received } = await connected();
    expect(received[0]).toEqual({
      type: 'handshake',
      handshake: { infoHash, peerId: theirId, capabilities: { extended: true, fast: true } },
    });
    const ext = received[1] as Extract<WireMessage, { type: 'extended' }>;
    expect(ext.id).toBe(0);
    const h = decodeExtendedHandshake(ext.payload);
    expect(h.m).toEqual(new Map([['ut_metadata', 3]]));
    expect(h.metadataSize).toBe(34256);
    expect(wire.hasFast).toBe(true);
  });

  it('reads every message it sends', async () => {
    const { wire, received } = await connected();
    received.length = 0;
    wire.unchoke();
    wire.interested();
    wire.have(5);
    wire.bitfield(Uint8Array.of(0xf0, 0x80));
    wire.piece(1, 16384, block);
    wire.cancel(1, 0, 16384);
    wire.port(6881);
    wire.suggest(2);
    wire.haveAll();
    wire.haveNone();
    wire.reject(1, 0, 16384);
    wire.allowedFast(4);
    wire.extended(3, Uint8Array.of(1, 2, 3));
    wire.keepAlive();
    wire.choke();
    await until(() => received.length >= 15, 'its messages');
    expect(received).toEqual([
      { type: 'unchoke' },
      { type: 'interested' },
      { type: 'have', index: 5 },
      { type: 'bitfield', bytes: Uint8Array.of(0xf0, 0x80) },
      { type: 'piece', index: 1, begin: 16384, block },
      { type: 'cancel', index: 1, begin: 0, length: 16384 },
      { type: 'port', port: 6881 },
      { type: 'suggest', index: 2 },
      { type: 'have-all' },
      { type: 'have-none' },
      { type: 'reject', index: 1, begin: 0, length: 16384 },
      { type: 'allowed-fast', index: 4 },
      { type: 'extended', id: 3, payload: Uint8Array.of(1, 2, 3) },
      { type: 'keep-alive' },
      { type: 'choke' },
    ]);
  });

  it('understands every message we send', async () => {
    const { wire } = await connected();
    const seen: unknown[][] = [];
    const events = ['unchoke', 'interested', 'have', 'bitfield', 'request', 'piece', 'cancel', 'port', 'suggest'];
    events.push('have-all', 'have-none', 'reject', 'allowed-fast', 'extended', 'keep-alive', 'choke', 'uninterested');
    for (const name of events) {
      wire.on(name, (...args: unknown[]) => seen.push([name, ...args.filter((a) => typeof a !== 'function')]));
    }
    let answered: Uint8Array | undefined;
    wire.write(encodeMessage({ type: 'unchoke' }));
    await until(() => seen.length === 1, 'unchoke');
    wire.request(0, 0, block.length, (err, got) => {
      if (!err) answered = got;
    });
    const ours: WireMessage[] = [
      { type: 'interested' },
      { type: 'have', index: 7 },
      { type: 'bitfield', bytes: Uint8Array.of(0x80) },
      { type: 'piece', index: 0, begin: 0, block },
      { type: 'cancel', index: 2, begin: 16384, length: 100 },
      { type: 'port', port: 51413 },
      { type: 'suggest', index: 3 },
      { type: 'have-all' },
      { type: 'have-none' },
      { type: 'reject', index: 9, begin: 0, length: 16384 },
      { type: 'allowed-fast', index: 6 },
      { type: 'extended', id: 0, payload: encodeExtendedHandshake({ m: new Map([['ut_metadata', 2]]), v: 'Shoal' }) },
      { type: 'keep-alive' },
      { type: 'not-interested' },
      { type: 'choke' },
    ];
    for (const m of ours) wire.write(encodeMessage(m));
    await until(() => seen.length >= 16, 'our messages');
    expect(answered).toEqual(block);
    expect(seen.map(([name]) => name)).toEqual([
      'unchoke',
      'interested',
      'have',
      'bitfield',
      'piece',
      'cancel',
      'port',
      'suggest',
      'have-all',
      'have-none',
      'reject',
      'allowed-fast',
      'extended',
      'keep-alive',
      'uninterested',
      'choke',
    ]);
    expect(seen[2]).toEqual(['have', 7]);
    expect(seen[4]).toEqual(['piece', 0, 0, block]);
    expect(seen[5]).toEqual(['cancel', 2, 16384, 100]);
    expect(seen[6]).toEqual(['port', 51413]);
    expect(seen[10]).toEqual(['reject', 9, 0, 16384]);
    expect(wire.peerExtendedHandshake['m']).toEqual({ ut_metadata: 2 });
    expect(new TextDecoder().decode(wire.peerExtendedHandshake['v'] as Uint8Array)).toBe('Shoal');
  });
});
