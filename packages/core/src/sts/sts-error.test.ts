import { describe, expect, it } from 'vitest'
import { StsError } from './sts-error.js'

describe('StsError', () => {
  it.each([
    'Throttling',
    'ThrottlingException',
    'ThrottledException',
    'RequestThrottled',
    'RequestThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
    'IDPCommunicationError',
    'InternalFailure',
    'InternalError',
    'ServiceUnavailable',
    'RequestTimeout',
    'RequestTimeoutException',
  ])('%s is retryable, even with HTTP 400', (code) => {
    expect(new StsError(code, 'm', 400).retryable).toBe(true)
  })

  it.each(['AccessDenied', 'ExpiredTokenException', 'InvalidIdentityToken', 'IDPRejectedClaim', 'ServiceUnavailableSoon', 'LimitExceededException'])(
    '%s with HTTP 400 is not retryable',
    (code) => {
      expect(new StsError(code, 'm', 400).retryable).toBe(false)
    },
  )

  it.each([500, 503, 429, 408])('any code with HTTP %i is retryable', (status) => {
    expect(new StsError('Whatever', 'm', status).retryable).toBe(true)
  })

  it('keeps what STS said, and says it in the message', () => {
    const error = new StsError('AccessDenied', 'not allowed', 403, 'request-1', 'Sender')
    expect(error).toMatchObject({ code: 'ERR_STS', name: 'StsError', stsCode: 'AccessDenied', status: 403, requestId: 'request-1', type: 'Sender' })
    expect(error.message).toBe('STS AccessDenied (HTTP 403): not allowed (request request-1)')
  })
})
