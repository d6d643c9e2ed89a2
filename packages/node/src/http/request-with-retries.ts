/**
 * The most of an answer's body that is read, in bytes. Credentials JSON is under 4 KB, an IMDSv2
 * token under 100 bytes and an instance profile listing one line; 64 KiB is 16 times the largest
 * and still small enough that an endpoint streaming without end (broken, or not the endpoint it
 * claims to be) cannot fill memory before the timeout cuts it off.
 */
export const maxBodyBytes = 64 * 1024

/** An HTTP answer read in full within the attempt's timeout, its body at most `maxBodyBytes`. */
export interface HttpAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: string
}

const noAnswerMessages = {
  timeout: 'the request timed out',
  network: 'the request got no answer',
  unsendable: 'fetch refused to build the request (a URL or header value it does not accept)',
  tooLarge: `the answer's body was larger than ${maxBodyBytes / 1024} KiB`,
} as const

/**
 * Why no usable answer came back: the attempt timed out, the connection failed, the request could
 * not be built at all (`unsendable`: never retried, and without the TypeError, which quotes the
 * value), or the body was larger than `maxBodyBytes` (`tooLarge`: reading stopped there; not
 * retried, since an endpoint that sends that much is broken, not busy).
 */
export class NoAnswer extends Error {
  readonly kind: keyof typeof noAnswerMessages

  constructor(kind: keyof typeof noAnswerMessages, options?: { cause: unknown }) {
    super(noAnswerMessages[kind], options)
    this.kind = kind
  }
}

/** What an endpoint did when `error` came back, to follow its name in a message ("… could not be reached"). */
export function noAnswerReason(error: NoAnswer, timeoutMs: number): string {
  switch (error.kind) {
    case 'timeout':
      return `did not answer within ${timeoutMs} ms`
    case 'network':
      return 'could not be reached'
    case 'unsendable':
      return 'was not asked: fetch refused to build the request'
    case 'tooLarge':
      return `answered a body larger than ${maxBodyBytes / 1024} KiB, which was not read further`
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
 * A body larger than `maxBodyBytes` is `NoAnswer` of kind `tooLarge`, its stream cancelled; with a
 * retryable status the answer is kept, its body empty, and retried as any other.
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
      if (last || error.kind === 'unsendable' || error.kind === 'tooLarge' || (error.kind === 'timeout' && options.retryTimeouts === false)) throw error
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
        let body: string
        try {
          body = await readBody(response, controller.signal)
        } catch (error) {
          // A busy proxy's 503 page may be larger than any credentials: the answer is still a
          // retryable status, so it is retried as one, its body dropped.
          if (!(error instanceof NoAnswer && error.kind === 'tooLarge' && retryableStatus(response.status))) throw error
          body = ''
        }
        return { status: response.status, headers: response.headers, body }
      })(),
      timedOut,
    ])
  } catch (error) {
    if (error instanceof NoAnswer) throw error
    if (controller.signal.aborted) throw timeout
    throw new NoAnswer('network', { cause: error })
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The body as text (UTF-8, as `Response.text()` reads it), or `NoAnswer` of kind `tooLarge` as soon
 * as it passes `maxBodyBytes`. The stream is cancelled then, and when `signal` aborts: a fetch that
 * ignores its signal would otherwise go on reading after the timeout, with no one waiting.
 */
async function readBody(response: Response, signal: AbortSignal): Promise<string> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const cancel = () => void reader.cancel().catch(() => {})
  signal.addEventListener('abort', cancel, { once: true })
  // A fetch that ignores its signal may hand over its response after the timeout.
  if (signal.aborted) cancel()
  const decoder = new TextDecoder()
  const parts: string[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBodyBytes) {
        cancel()
        throw new NoAnswer('tooLarge')
      }
      parts.push(decoder.decode(value, { stream: true }))
    }
  } finally {
    signal.removeEventListener('abort', cancel)
  }
  parts.push(decoder.decode())
  return parts.join('')
}
