import { CredkitError, InvalidSigningInputError } from '../errors.js'

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3, as the AWS SDKs' standard mode. */
  readonly maxAttempts?: number
  /** The backoff's base: attempt n waits up to base × 2ⁿ. Default 100 ms. */
  readonly baseDelayMs?: number
  /** No single wait is longer. Default 20 s. */
  readonly maxDelayMs?: number
  /** Each attempt is cut off after this long. Default 5 s; at most 2³¹−1 ms (24.8 days), as setTimeout. */
  readonly attemptTimeoutMs?: number
}

// setTimeout's longest delay: a longer one (Infinity included) fires at once.
export const longestDelay = 2_147_483_647

/**
 * `options`, once each given field is checked to be a number in its range, else an
 * `InvalidSigningInputError` naming it. Infinity is refused, not read as "no limit": every request
 * has a timeout, and a caller who wants none can pass a long one or an AbortSignal.
 */
export function checkRetryOptions(options: RetryOptions = {}): RetryOptions {
  if (typeof options != 'object') throw new InvalidSigningInputError('retry: not an object')
  for (const [name, minimum] of [['maxAttempts', 1], ['baseDelayMs', 0], ['maxDelayMs', 0], ['attemptTimeoutMs', 1]] as const) {
    const value: unknown = options?.[name]
    if (value !== undefined && !(typeof value == 'number' && value >= minimum && value <= longestDelay)) {
      throw new InvalidSigningInputError(`retry.${name}: not a number from ${minimum} to ${longestDelay}`)
    }
  }
  return options ?? {}
}

/** One attempt took longer than `attemptTimeoutMs`; `name` is `TimeoutError` as for `AbortSignal.timeout`. */
export class AttemptTimeoutError extends CredkitError {
  static override code = 'ERR_TIMEOUT'
  override name = 'TimeoutError'
  readonly retryable = true
}

/** The request never got an HTTP answer: refused, reset, DNS, TLS, or the body was cut off. */
export class NetworkError extends CredkitError {
  static override code = 'ERR_NETWORK'
  override name = 'NetworkError'
  readonly retryable = true
}

export interface Attempt {
  /** Aborts when this attempt times out or the caller's signal aborts. */
  readonly signal: AbortSignal
  readonly number: number
}

export interface RetryContext {
  readonly signal?: AbortSignal | undefined
  readonly random?: (() => number) | undefined
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>
}

export const isRetryable = (error: unknown) => (error as { retryable?: unknown } | undefined)?.retryable === true

/**
 * Runs `attempt` until it succeeds, throws an error without `retryable: true`, or the attempts
 * run out. Waits are capped exponential backoff with full jitter (uniform in [0, cap]), which
 * spreads out clients that failed together, and at least an error's `retryAfterMs`. The caller's
 * signal stops everything at once, and its reason is what is thrown. An attempt that ignores its
 * signal is abandoned when the signal aborts.
 */
export async function withRetries<T>(
  attempt: (context: Attempt) => Promise<T>,
  options?: RetryOptions,
  { signal: outer, random = Math.random, sleep = abortableSleep }: RetryContext = {},
): Promise<T> {
  const { maxAttempts = 3, baseDelayMs = 100, maxDelayMs = 20_000, attemptTimeoutMs = 5_000 } = checkRetryOptions(options)
  if (outer != null && typeof outer.throwIfAborted != 'function') throw new InvalidSigningInputError('signal: not an AbortSignal')
  for (let number = 1; ; number++) {
    outer?.throwIfAborted()
    const controller = new AbortController()
    const { signal } = controller
    const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(`no answer within ${attemptTimeoutMs} ms`)), attemptTimeoutMs)
    const forward = () => controller.abort(outer!.reason)
    outer?.addEventListener('abort', forward)
    try {
      return await new Promise<T>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason))
        attempt({ signal, number }).then(resolve, reject)
      })
    } catch (error) {
      outer?.throwIfAborted()
      // A fetch cut off by our timeout rejects with its own AbortError: report the timeout instead.
      const failure = signal.aborted && !isRetryable(error) ? signal.reason : error
      if (!(number < maxAttempts) || !isRetryable(failure)) throw failure
      // A server's own wait (Retry-After, as `retryAfterMs`) is the least waited, as in the AWS
      // SDKs, but no wait is longer than maxDelayMs: a far date must not stall the caller.
      const hint = Math.min(maxDelayMs, (failure as { retryAfterMs?: number }).retryAfterMs!) || 0
      await sleep(Math.max(hint, random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (number - 1))), outer)
    } finally {
      clearTimeout(timer)
      outer?.removeEventListener('abort', forward)
    }
  }
}

export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    signal?.addEventListener('abort', onAbort)
  })
}
