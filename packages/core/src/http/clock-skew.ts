/**
 * The offset between our clock and a service's, learnt from the `Date` of a response that said
 * the signature's time was off. It changes only when the service's clock is more than 4 minutes
 * from ours and from what was already learnt (AWS allows 5 to 15 minutes), so a request is
 * re-signed at most once per real change and never in a loop.
 */
export interface ClockSkew {
  readonly offsetMs: number
  /** The time to sign with. */
  signingDate(): Date
  /**
   * Learns from an error answer: true when `code` says the request's clock is off and the
   * response's `Date` is 4 minutes or more from `signedAt`, the request's signing time (by default
   * the time signed with now), so signing again may help. Given, it makes a request that was signed
   * before another one's answer taught the offset be signed again too.
   */
  learn(code: string | undefined, response: Response, signedAt?: Date): boolean
}

// The codes with which AWS says the request's clock is off (the SDKs correct and retry on these).
const skewCode = /^(RequestTimeTooSkewed|RequestExpired|RequestInTheFuture|InvalidSignatureException|SignatureDoesNotMatch|AuthFailure)$/

export function createClockSkew(now: () => number = Date.now): ClockSkew {
  let offsetMs = 0
  return {
    get offsetMs() {
      return offsetMs
    },
    signingDate: () => new Date(now() + offsetMs),
    learn(code, response, signedAt = new Date(now() + offsetMs)) {
      const date = response.headers.get('date')
      let time = Date.parse(date!)
      // Only a Date as servers send it (RFC 9110's IMF-fixdate, which toUTCString writes) teaches
      // an offset, not what else Date.parse reads (`1` is the year 2001, 31 Feb is 3 March). NaN
      // (no Date, or a clock that reads NaN) fails the comparisons too.
      if (new Date(time).toUTCString() != date) time = NaN
      const offset = time - now()
      if (!skewCode.test(code ?? '') || !(Math.abs(time - signedAt.getTime()) >= 4 * 60_000)) return false
      if (Math.abs(offset - offsetMs) >= 4 * 60_000) offsetMs = offset
      return true
    },
  }
}
