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
  /** Learns from a skew error's response; true when the offset changed and a retry may help. */
  learn(response: Response): boolean
}

export function createClockSkew(now: () => number = Date.now): ClockSkew {
  let offsetMs = 0
  return {
    get offsetMs() {
      return offsetMs
    },
    signingDate: () => new Date(now() + offsetMs),
    learn(response) {
      const serverTime = Date.parse(response.headers.get('date') ?? '')
      if (!Number.isFinite(serverTime)) return false
      const offset = serverTime - now()
      if (Math.abs(offset - offsetMs) < 4 * 60_000) return false
      offsetMs = offset
      return true
    },
  }
}
