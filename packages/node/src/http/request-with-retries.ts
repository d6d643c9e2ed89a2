/** An HTTP answer read in full within the attempt's timeout. */
export interface HttpAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

const noAnswerMessages = {
  timeout: 'the request timed out',
  network: 'the request got no answer',
  unsendable: 'fetch refused to build the request (a URL or header value it does not accept)',
} as const

/**
 * Why no answer came back: the attempt timed out, the connection failed, or the request could not
 * be built at all (`unsendable`: never retried, and without the TypeError, which quotes the value).
 */
export class NoAnswer extends Error {
  readonly kind: keyof typeof noAnswerMessages

  constructor(kind: keyof typeof noAnswerMessages, options?: { cause: unknown }) {
    super(noAnswerMessages[kind], options)
    this.kind = kind
  }
}

export interface RequestWithRetriesOptions {
  /** Read at call time; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch | undefined
  /** Each attempt (headers and body) is cut off after this long. */
  readonly timeoutMs: number
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** Whether a timed-out attempt is tried again (the IMDS token request falls back to v1 instead). */
  readonly retryTimeouts?: boolean
  /** Base of the backoff between attempts: attempt n waits up to base × 2ⁿ⁻¹ (full jitter). */
  readonly baseDelayMs?: number
  readonly random?: () => number
}

const retryableStatus = (status: number) => status >= 500 || status === 429 || status === 408

/**
 * One HTTP request with a timeout per attempt and a few attempts with a short, jittered backoff.
 * Retries on timeouts, connection errors, 408, 429 and 5xx; any other answer is returned as is.
 * After the last attempt, a retryable answer is returned and a missing one thrown as `NoAnswer`.
 * A request fetch cannot build is `NoAnswer` of kind `unsendable` at once, with no attempt.
 */
export async function requestWithRetries(url: URL, init: RequestInit, options: RequestWithRetriesOptions): Promise<HttpAnswer> {
  try {
    // fetch builds the same Request and rejects with a TypeError that looks like a network
    // failure; building it here first tells the two apart. Its message may quote a header value.
    new Request(url, init)
  } catch {
    throw new NoAnswer('unsendable')
  }
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts))
  const base = options.baseDelayMs ?? 50
  const random = options.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= maxAttempts
    try {
      const answer = await requestOnce(url, init, options)
      if (last || !retryableStatus(answer.status)) return answer
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error
      if (last || error.kind === 'unsendable' || (error.kind === 'timeout' && options.retryTimeouts === false)) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, random() * Math.min(1000, base * 2 ** (attempt - 1))))
  }
}

async function requestOnce(url: URL, init: RequestInit, options: RequestWithRetriesOptions): Promise<HttpAnswer> {
  const doFetch = options.fetch ?? globalThis.fetch
  const controller = new AbortController()
  const timeout = new NoAnswer('timeout', { cause: new Error(`no answer within ${options.timeoutMs} ms`) })
  const timer = setTimeout(() => controller.abort(timeout), options.timeoutMs)
  // The race makes a fetch that ignores its signal (a test double, a polyfill) time out too.
  const timedOut = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(timeout), { once: true })
  })
  try {
    return await Promise.race([
      (async () => {
        const response = await doFetch(url, { ...init, signal: controller.signal, redirect: 'manual' })
        const body = await response.text()
        return { status: response.status, headers: response.headers, body }
      })(),
      timedOut,
    ])
  } catch (error) {
    if (controller.signal.aborted) throw timeout
    throw new NoAnswer('network', { cause: error })
  } finally {
    clearTimeout(timer)
  }
}
