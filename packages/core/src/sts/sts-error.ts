import { CredkitError } from '../errors.js'

const retryableCodes = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'IDPCommunicationError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
])

/** STS answered with an error: `stsCode` is AWS's code (`AccessDenied`, `ExpiredTokenException`, …). */
export class StsError extends CredkitError {
  static override code = 'ERR_STS'
  override code = 'ERR_STS'
  readonly stsCode: string
  readonly status: number
  readonly requestId: string | undefined
  /** `Sender` (the request was wrong) or `Receiver` (STS failed), when STS said. */
  readonly type: string | undefined
  /** Whether the same request may succeed later: throttling, 5xx, 408, IDPCommunicationError. */
  readonly retryable: boolean

  constructor(fields: { stsCode: string; message: string; status: number; requestId?: string | undefined; type?: string | undefined }) {
    const request = fields.requestId ? ` (request ${fields.requestId})` : ''
    super(`STS ${fields.stsCode} (HTTP ${fields.status}): ${fields.message}${request}`)
    this.stsCode = fields.stsCode
    this.status = fields.status
    this.requestId = fields.requestId
    this.type = fields.type
    this.retryable =
      retryableCodes.has(fields.stsCode) || fields.status >= 500 || fields.status === 429 || fields.status === 408
  }
}

/** STS answered 2xx with a body credkit cannot read as the expected result. */
export class StsResponseError extends CredkitError {
  static override code = 'ERR_STS_RESPONSE'
  override code = 'ERR_STS_RESPONSE'
  readonly retryable = false
}

/** Codes with which AWS says the request's clock is off (the SDKs correct and retry on these). */
export const clockSkewCodes: ReadonlySet<string> = new Set([
  'RequestTimeTooSkewed',
  'RequestExpired',
  'RequestInTheFuture',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
])
