import { CodedError } from '../../protocol/errors.js';

/**
 * - 'bad-url': the search server's address is not an http(s) URL.
 * - 'unreachable': no connection (refused, DNS, reset); the message carries the system's reason.
 * - 'timeout' / 'aborted': no answer in time / the caller's signal fired.
 * - 'refused': the server answered with an error; `status` and `serverCode` say which.
 * - 'bad-answer': the answer is not what a Shoal search server sends (not JSON, wrong shape, too large).
 */
export type SearchClientErrorCode = 'bad-url' | 'unreachable' | 'timeout' | 'aborted' | 'refused' | 'bad-answer';

export interface RefusalDetails {
  /** HTTP status of the answer. */
  status: number;
  /** The server's `error.code` ('duplicate', 'unauthorized', ...), when it sent one. */
  serverCode?: string;
  /** For a duplicate publish: the existing entry's page. */
  existingUrl?: string;
}

export class SearchClientError extends CodedError<SearchClientErrorCode> {
  readonly status?: number;
  readonly serverCode?: string;
  readonly existingUrl?: string;

  constructor(code: SearchClientErrorCode, message: string, details?: RefusalDetails, options?: ErrorOptions) {
    super(code, message, options);
    this.status = details?.status;
    this.serverCode = details?.serverCode;
    this.existingUrl = details?.existingUrl;
  }
}
