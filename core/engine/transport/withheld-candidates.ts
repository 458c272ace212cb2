/**
 * Why an answerer holds the offer's ICE candidates back for a moment.
 *
 * libdatachannel answers connectivity checks before it has the remote description, so an answerer
 * that knows the offerer's candidates reaches "ICE connected" while its answer is still on the way
 * through the tracker, and, being the DTLS client, sends its ClientHello at once. The offerer's
 * DTLS transport does not exist yet; libdatachannel drops that first flight, and OpenSSL resends it
 * only after its 1 s retransmission timer: every connection between two Shoal peers took over a
 * second. (Making the offerer the DTLS client instead races the other way: it verifies the
 * server's certificate before it has stored the answer's fingerprint, and a few percent fail.)
 *
 * Without the offer's candidates the answerer sends no early checks. The offerer, once it has the
 * answer, checks the answerer's candidates; the answerer learns the offerer's address from those
 * checks (a peer-reflexive candidate) and both sides connect together, in one round trip on a LAN.
 * The candidates are still added after a grace period, for NATs that only let the offerer's checks
 * through once the answerer has sent its own.
 */
export const CANDIDATE_GRACE_MS = 500;

export interface WithheldCandidate {
  candidate: string;
  sdpMid: string;
  sdpMLineIndex: number;
}

/** The SDP without its candidate lines (and without end-of-candidates), and the candidates taken out. */
export function withholdCandidates(sdp: string): { sdp: string; candidates: WithheldCandidate[] } {
  const kept: string[] = [];
  const candidates: WithheldCandidate[] = [];
  let mLineIndex = -1;
  let mid = '0';
  const pending: string[] = [];
  const flush = (): void => {
    for (const candidate of pending.splice(0)) candidates.push({ candidate, sdpMid: mid, sdpMLineIndex: mLineIndex });
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      flush();
      mLineIndex++;
      mid = String(mLineIndex);
    }
    if (line.startsWith('a=mid:')) mid = line.slice('a=mid:'.length);
    if (line.startsWith('a=candidate:') && mLineIndex >= 0) pending.push(line.slice(2));
    else if (line !== 'a=end-of-candidates') kept.push(line);
  }
  flush();
  return { sdp: kept.join('\r\n'), candidates };
}
