/**
 * What an answer's `Retry-After` asks to wait, in milliseconds: delay-seconds, or an HTTP date read
 * against `now` (the server's time as far as it is known). For withRetries, which waits at least
 * this (`retryAfterMs` on the error) and at most its `maxDelayMs`; NaN for a value it cannot read.
 */
export function retryAfterMs(response: Response, now: number): number | undefined {
  const value = response.headers.get('retry-after')
  if (value) return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now
}
