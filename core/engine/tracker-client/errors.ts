import { CodedError } from '../../protocol/errors.js';

/**
 * A scrape or an announce that failed: unsupported or unusable URL ('bad-url', 'no-scrape-url'),
 * parameters no tracker could take ('bad-request'), no answer in time ('timeout'), aborted
 * ('aborted'), a transport failure ('network'), a tracker that answered with an error or garbage
 * ('tracker-failure', 'bad-response'), or a tracker address that the caller's policy forbids
 * ('address-refused').
 */
export class TrackerClientError extends CodedError {}
