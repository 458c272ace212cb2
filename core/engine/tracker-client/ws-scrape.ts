import { WebSocket } from 'ws';
import { encodeWsScrapeRequest, parseWsScrapeReply } from '../../protocol/tracker/ws-client.js';
import { binaryStringToHex, toBinaryString } from '../../protocol/tracker/ws-common.js';
import { ProtocolError } from '../../protocol/errors.js';
import { addressGuard } from './address-guard.js';
import { TrackerClientError } from './errors.js';
import { abortError, deadlineSignal, type ScrapeOptions, type ScrapeResult } from './options.js';

const MAX_REPLY_BYTES = 1024 * 1024;

/** WebTorrent-protocol scrape: one JSON request, the first scrape reply (or failure) ends it. */
export async function scrapeWs(
  announceUrl: string,
  infoHashes: readonly Uint8Array[],
  options: ScrapeOptions,
): Promise<ScrapeResult> {
  const guard = addressGuard(options.blockPrivateAddresses ?? false);
  guard.checkLiteral(new URL(announceUrl).hostname);
  const signal = deadlineSignal(options);
  if (signal.aborted) throw abortError(signal, announceUrl);
  // ws follows no redirects unless asked to, and connects through the guard's lookup.
  const ws = new WebSocket(announceUrl, {
    perMessageDeflate: false,
    maxPayload: MAX_REPLY_BYTES,
    lookup: guard.lookup,
  });
  try {
    const text = await new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal, announceUrl));
      signal.addEventListener('abort', onAbort, { once: true });
      ws.once('open', () => ws.send(encodeWsScrapeRequest(infoHashes.map(toBinaryString))));
      ws.on('message', (data: Buffer) => {
        const reply = data.toString('utf8');
        if (isScrapeOrFailure(reply)) resolve(reply);
      });
      ws.once('error', (e) =>
        reject(
          e instanceof TrackerClientError
            ? e
            : new TrackerClientError('network', `cannot reach ${announceUrl}: ${e.message}`, { cause: e }),
        ),
      );
      ws.once('close', (code) =>
        reject(new TrackerClientError('network', `${announceUrl} closed the connection (${code})`)),
      );
    });
    const out: ScrapeResult = new Map();
    for (const [hash, counts] of parseWsScrapeReply(text)) out.set(binaryStringToHex(hash), counts);
    return out;
  } catch (e) {
    if (e instanceof ProtocolError) throw new TrackerClientError(e.code, `${announceUrl}: ${e.message}`);
    throw e;
  } finally {
    ws.terminate();
  }
}

/** Trackers may push announce traffic on a shared socket; only a scrape reply or a failure ends the wait. */
function isScrapeOrFailure(text: string): boolean {
  try {
    const message = JSON.parse(text) as Record<string, unknown>;
    return message.action === 'scrape' || 'failure reason' in message;
  } catch {
    return true;
  }
}
