import { CredkitError } from '../errors.js'

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3, as the AWS SDKs' standard mode. */
  readonly maxAttempts?: number
  /** The backoff's base: attempt n waits up to base × 2ⁿ. Default 100 ms. */
  readonly baseDelayMs?: number
  /** No single wait is longer. Default 20 s. */
  readonly maxDelayMs?: number
  /** Each attempt is cut off after this long. Default 5 s. */
  readonly attemptTimeoutMs?: number
}

/** One attempt took longer than `attemptTimeoutMs`; `name` is `TimeoutError` as for `AbortSignal.timeout`. */
export class AttemptTimeoutError extends CredkitError {
  static override code = 'ERR_TIMEOUT'
  override code = 'ERR_TIMEOUT'
  override name = 'TimeoutError'
}

/** The request never got an HTTP answer: refused, reset, DNS, TLS. */
export class NetworkError extends CredkitError {
  static override code = 'ERR_NETWORK'
  override code = 'ERR_NETWORK'
  readonly retryable = true
}

export interface Attempt {
  /** Aborts when this attempt times out or the caller's signal aborts. */
  readonly signal: AbortSignal
  readonly number: number
}

export interface RetryContext {
  readonly signal?: AbortSignal | undefined
  readonly random?: () => number
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>
}

/**
 * Runs `attempt` until it succeeds, throws an error without `retryable: true`, or the attempts
 * run out. Waits are capped exponential backoff with full jitter (uniform in [0, cap]), which
 * spreads out clients that failed together. The caller's signal stops everything at once, and its
 * reason is what is thrown.
 */
export async function withRetries<T>(
  attempt: (context: Attempt) => Promise<T>,
  options: RetryOptions = {},
  context: RetryContext = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
  const base = options.baseDelayMs ?? 100
  const cap = options.maxDelayMs ?? 20_000
  const timeout = options.attemptTimeoutMs ?? 5_000
  const random = context.random ?? Math.random
  const sleep = context.sleep ?? abortableSleep
  const outer = context.signal
  for (let number = 1; ; number++) {
    outer?.throwIfAborted()
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort(new AttemptTimeoutError(`the attempt took longer than ${timeout} ms`)),
      timeout,
    )
    const forward = () => controller.abort(outer!.reason)
    outer?.addEventListener('abort', forward, { once: true })
    try {
      return await raceAbort(attempt({ signal: controller.signal, number }), controller.signal)
    } catch (error) {
      outer?.throwIfAborted()
      const failure = controller.signal.aborted && !isRetryable(error) ? controller.signal.reason : error
      if (number >= maxAttempts || !isRetryable(failure)) throw failure
      await sleep(random() * Math.min(cap, base * 2 ** (number - 1)), outer)
    } finally {
      clearTimeout(timer)
      outer?.removeEventListener('abort', forward)
    }
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof AttemptTimeoutError) return true
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true
}

/** Settles with the attempt, or rejects as soon as the signal aborts even if the attempt ignores it. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

export function abortableSleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, milliseconds)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
