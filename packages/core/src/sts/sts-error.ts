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
  // Declared, not parameter properties: those compile to a field and an assignment each.
  declare readonly stsCode: string
  declare readonly status: number
  declare readonly requestId?: string | undefined
  /** `Sender` (the request was wrong) or `Receiver` (STS failed), when STS said. */
  declare readonly type?: string | undefined
  /** Whether the same request may succeed later: throttling, 5xx, 429, 408, IDPCommunicationError. */
  declare readonly retryable: boolean

  /** `message` is what STS said, cut to 300 characters: STS quotes values it refuses, which may be long. */
  constructor(stsCode: string, message: string, status: number, requestId?: string, type?: string) {
    super(`STS ${stsCode} (HTTP ${status}): ${String(message).slice(0, 300)}${requestId ? ` (request ${requestId})` : ''}`)
    this.stsCode = stsCode
    this.status = status
    this.requestId = requestId
    this.type = type
    this.retryable = retryableCode.test(stsCode) || status > 499 || status == 429 || status == 408
  }
}

/** STS answered 2xx with a body credkit cannot read as the expected result. */
export class StsResponseError extends CredkitError {
  static override code = 'ERR_STS_RESPONSE'
  override name = 'StsResponseError'
  readonly retryable = false
}
