import { ProtocolError } from '../errors.js';

/**
 * A tracker request (HTTP query or UDP packet) that is malformed or refused. The message goes back
 * to the client as-is (bencoded `failure reason` or a UDP error packet), so it names the problem.
 */
export class TrackerRequestError extends ProtocolError {}
