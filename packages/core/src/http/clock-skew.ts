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
   * response's `Date` gave a new offset, so signing again may help.
   */
  learn(code: string | undefined, response: Response): boolean
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
    learn(code, response) {
      const date = response.headers.get('date')
      const time = Date.parse(date!)
      // Only a Date as servers send it (RFC 9110's IMF-fixdate, which toUTCString writes) teaches
      // an offset, not what else Date.parse reads (`1` is the year 2001, 31 Feb is 3 March). NaN
      // (no Date, or a clock that reads NaN) fails the comparison too.
      const offset = new Date(time).toUTCString() == date ? time - now() : NaN
      if (!skewCode.test(code ?? '') || !(Math.abs(offset - offsetMs) >= 4 * 60_000)) return false
      offsetMs = offset
      return true
    },
  }
}
