import { CredkitError } from '../errors.js'

// The codes with which AWS says "later": throttling (Throttling, ThrottlingException,
// ThrottledException, RequestThrottled[Exception], TooManyRequestsException, RequestLimitExceeded,
// SlowDown), its own failures, timeouts (RequestTimeout[Exception]) and IDPCommunicationError.
const retryableCode =
  /^(Throttl|RequestThrottled|TooManyRequests|RequestTimeout|(RequestLimitExceeded|SlowDown|IDPCommunicationError|InternalFailure|InternalError|ServiceUnavailable)$)/

/** STS answered with an error: `stsCode` is AWS's code (`AccessDenied`, `ExpiredTokenException`, …). */
export class StsError extends CredkitError {
  static override code = 'ERR_STS'
  override name = 'StsError'
  /** Whether the same request may succeed later: throttling, 5xx, 429, 408, IDPCommunicationError. */
  readonly retryable: boolean

  constructor(
    readonly stsCode: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
    /** `Sender` (the request was wrong) or `Receiver` (STS failed), when STS said. */
    readonly type?: string,
  ) {
    super(`STS ${stsCode} (HTTP ${status}): ${message}${requestId ? ` (request ${requestId})` : ''}`)
    this.retryable = retryableCode.test(stsCode) || status > 499 || status == 429 || status == 408
  }
}

/** STS answered 2xx with a body credkit cannot read as the expected result. */
export class StsResponseError extends CredkitError {
  static override code = 'ERR_STS_RESPONSE'
  override name = 'StsResponseError'
  readonly retryable = false
}
