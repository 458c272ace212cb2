/**
 * A scrape that failed: unsupported or unusable URL ('bad-url', 'no-scrape-url'), no answer in time
 * ('timeout'), aborted ('aborted'), a transport failure ('network'), a tracker that answered with
 * an error or garbage ('tracker-failure', 'bad-response'), or a tracker address that the caller's
 * policy forbids ('address-refused').
 */
export class TrackerClientError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrackerClientError';
    this.code = code;
  }
}
