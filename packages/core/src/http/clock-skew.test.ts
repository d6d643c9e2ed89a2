import { describe, expect, it } from 'vitest'
import { createClockSkew } from './clock-skew.js'

const serverTime = Date.UTC(2030, 0, 1, 12, 0, 0)
const answer = (date: string) => new Response(null, { status: 403, headers: { date } })

describe('createClockSkew', () => {
  it('learns the offset from a skew error and asks for one more signing only while the request was off', () => {
    const clock = createClockSkew(() => serverTime - 30 * 60_000)
    const signedBefore = clock.signingDate()
    expect(clock.learn('RequestTimeTooSkewed', answer(new Date(serverTime).toUTCString()), signedBefore)).toBe(true)
    expect(clock.offsetMs).toBe(30 * 60_000)
    // Another request signed before the offset was learnt: signing it again helps, the offset stays.
    expect(clock.learn('RequestTimeTooSkewed', answer(new Date(serverTime + 1_000).toUTCString()), signedBefore)).toBe(true)
    expect(clock.offsetMs).toBe(30 * 60_000)
    // One signed with the offset: signing again would not help.
    expect(clock.learn('RequestTimeTooSkewed', answer(new Date(serverTime).toUTCString()), clock.signingDate())).toBe(false)
    expect(clock.learn('RequestTimeTooSkewed', answer(new Date(serverTime).toUTCString()))).toBe(false)
  })

  // The AWS SDKs' clock skew codes (@smithy/service-error-classification's CLOCK_SKEW_ERROR_CODES).
  it.each(['AuthFailure', 'InvalidSignatureException', 'RequestExpired', 'RequestInTheFuture', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch'])(
    'learns from %s',
    (code) => {
      const clock = createClockSkew(() => serverTime - 30 * 60_000)
      expect(clock.learn(code, answer(new Date(serverTime).toUTCString()), clock.signingDate())).toBe(true)
      expect(clock.offsetMs).toBe(30 * 60_000)
    },
  )

  it.each(['1', 'Wed, 31 Feb 2030 12:00:00 GMT', 'garbage', ''])('learns nothing from a Date of %j, however old the request', (date) => {
    const clock = createClockSkew(() => serverTime)
    expect(clock.learn('RequestTimeTooSkewed', answer(date), new Date(0))).toBe(false)
    expect(clock.offsetMs).toBe(0)
  })

  it('learns nothing from an error that is not about the clock', () => {
    const clock = createClockSkew(() => serverTime - 30 * 60_000)
    expect(clock.learn('AccessDenied', answer(new Date(serverTime).toUTCString()), clock.signingDate())).toBe(false)
    expect(clock.offsetMs).toBe(0)
  })
})
