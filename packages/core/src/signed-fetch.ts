import type { CredentialsInput } from './credentials.js'
import { inferServiceRegion } from './infer-service-region.js'
import { createClockSkew } from './http/clock-skew.js'
import { readTextUpTo } from './http/read-text.js'
import { rejectedCredentialCodes } from './http/rejected-credentials.js'
import { retryAfterMs } from './http/retry-after.js'
import { resolveForCall } from './http/resolve-for-call.js'
import { AttemptTimeoutError, checkRetryOptions, longestDelay, NetworkError, withRetries, type RetryOptions } from './http/retry.js'
import { CredkitError, InvalidSigningInputError } from './errors.js'
import { definedFields } from './redaction.js'
import type { SignOptions } from './sign-options.js'
import { badInput } from './signable-request.js'
import { sign } from './sign.js'

export interface SignedFetchOptions {
  /** A value, or a provider; a provider is called for each request (wrap it in `cached`). */
  readonly credentials: CredentialsInput
  /** Inferred from the AWS hostname when not given. */
  readonly region?: string
  /** Inferred from the AWS hostname when not given. */
  readonly service?: string
  /** Read at each call. */
  readonly fetch?: typeof fetch
  readonly retry?: RetryOptions
  readonly now?: () => number
  readonly random?: () => number
  /** Further signing options: `unsignedPayload`, `signHeaders`, `payloadHash`, … */
  readonly signing?: Omit<Partial<SignOptions>, 'credentials' | 'region' | 'service' | 'date'>
}


// The codes with which AWS says "later" in a 4xx (DynamoDB's and the JSON and Query services'
// throttling is a 400, S3's RequestTimeout too): the AWS SDKs' throttling and transient codes.
const retryableCode =
  /^(Throttl|RequestThrottled|TooManyRequests|RequestTimeout|(BandwidthLimitExceeded|EC2ThrottledException|LimitExceededException|PriorRequestNotComplete|ProvisionedThroughputExceededException|RequestLimitExceeded|SlowDown|TransactionInProgressException)$)/

/** AWS's error bodies are a few hundred bytes; a longer body is not read for a code. */
const errorBodyLimit = 65_536

// The body of an answer that is not handed back is cancelled: unread, it would hold its connection
// until garbage collection, and a few retries would use up a connection pool.
const discard = (response: Response) => void response.body?.cancel().catch(() => {})

/** A response worth retrying (5xx, 429, 408); returned as it is when the attempts run out. */
class RetryableResponse extends Error {
  readonly retryable = true
  constructor(
    readonly response: Response,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${response.status}`)
  }
}

/** A redirect that the request's `redirect: 'error'` refuses, a chain of more than 20, or one to a URL with a user name or password, as `fetch` refuses them. */
export class RedirectError extends CredkitError {
  static override code = 'ERR_REDIRECT'
  override name = 'RedirectError'
}

// Thrown out of an attempt whose credentials expired while the call waited to retry, so that the
// others are resolved outside the attempts' timeout, as at the start of the call.
const credentialsExpired = /* @__PURE__ */ Symbol('credentials expired')

// The redirects `fetch` follows, the headers it drops with a body that a redirect to GET leaves
// behind, and the longest chain it follows (the Fetch standard's "HTTP-redirect fetch").
const redirectStatuses = /* @__PURE__ */ new Set([301, 302, 303, 307, 308])
const bodyHeaders = ['content-encoding', 'content-language', 'content-location', 'content-type']
const mostRedirects = 20

/**
 * `AbortSignal.any`, or the same made by hand where it is missing (Safari before 17.4, Chrome before
 * 116): without it the caller's abort after the headers and a stalled stream's timeout reached no
 * fetch. The listeners go with the signals, which live as long as one call.
 */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (AbortSignal.any) return AbortSignal.any(signals)
  const controller = new AbortController()
  for (const signal of signals) {
    if (signal.aborted) controller.abort(signal.reason)
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true })
  }
  return controller.signal
}

const answered = /* @__PURE__ */ new WeakMap<Response, [Request, Request, AbortSignal]>()

/**
 * A `fetch` that signs every request. It retries throttling, 5xx, 408 and network failures with
 * backoff; when the service says the credentials are expired or invalid it refreshes them once
 * and sends once more; when it says the clock is off it learns the offset from `Date` and sends
 * once more. HTTP errors come back as responses, as from `fetch`. Credentials are resolved once per
 * call (and once more for the refresh, or when they expired while the call waited to retry),
 * stopped by the caller's signal but outside the attempts' timeout: a provider may wait for
 * someone to type an MFA code.
 *
 * A `ReadableStream` body (in `init.body`) is sent once and never retried, since it cannot be
 * replayed; any other body is read once and sent again by each attempt. The default attempt
 * timeout grows with that body (the upload is timed with the answer); for a stream, whose size is
 * unknown, the timeout counts from the last chunk sent. The caller's signal stays tied to the
 * response: aborting it after the headers came stops the body too, as with `fetch`.
 *
 * Redirects are followed here, not by `fetch`, which would send the session token to wherever a
 * redirect points (it drops only `Authorization` when the origin changes). Each request goes out
 * with `redirect: 'manual'`; with the caller's `redirect: 'follow'` (the default) a redirect within
 * the request's origin is signed again for its URL, one to another origin is sent with the caller's
 * headers but no credentials and no x-amz-* header, and the rest is as `fetch` does it (a 303, or a
 * POST's 301 or 302, becomes a GET without a body; at most 20). Where a redirect cannot be read (a
 * browser gives an opaque-redirect response, status 0) it is handed back as it is, unfollowed.
 */
export function createSignedFetch(options: SignedFetchOptions): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  if (options?.credentials == null) throw new InvalidSigningInputError('createSignedFetch: credentials are required')
  const clock = createClockSkew(options.now)

  return async function signedFetch(input, init) {
    let base: Request
    try {
      base = new Request(input, init)
    } catch (error) {
      throw badInput(`bad request: ${(error as Error)?.message}`, error)
    }
    const url = new URL(base.url)
    const { service, region } =
      options.service && options.region
        ? { service: options.service, region: options.region }
        : { ...inferServiceRegion(url), ...definedFields({ service: options.service, region: options.region }) }
    const stream = typeof ReadableStream !== 'undefined' && init?.body instanceof ReadableStream ? base.body : undefined
    // Any other body is read once, hashed at each signing and sent again by each attempt. Its size
    // sets the default attempt timeout: the timeout runs until the answer's headers come, so it
    // covers the upload too, and 5 s cut off (and sent again) any upload longer than that. The
    // default allows a second for every 64 KB more (512 kbit/s). A stream's size is unknown: its
    // attempt is timed here instead, from the last chunk sent (`idleTimeoutMs`).
    let bytes: Uint8Array<ArrayBuffer> | undefined
    if (!stream && base.body) bytes = new Uint8Array(await base.arrayBuffer())
    const given = definedFields(checkRetryOptions(options.retry))
    const idleTimeoutMs = given.attemptTimeoutMs ?? 5_000
    const retry = stream ? { ...given, maxAttempts: 1, attemptTimeoutMs: longestDelay } : { attemptTimeoutMs: 5_000 + (bytes?.length ?? 0) / 64, ...given }
    // A provider can give other credentials after an expired-token answer; a value cannot.
    const refreshable = typeof options.credentials === 'function'
    let credentials = await resolveForCall(options.credentials, base.signal)
    // The answer that said the credentials are expired or invalid: there is one refresh per call.
    let rejection: Response | undefined
    let renewedExpired = false
    let skewCorrected = false
    // A retryable answer is handed back if it is the last; the next attempt discards it.
    let retryable: Response | undefined

    /** Sends the request signed at `date`, following redirects as described above. `signed` says whether the answer came from the request's own origin, signed. */
    const send = async (date: Date, signal: AbortSignal, streamed?: ReadableStream): Promise<[response: Response, signed: boolean]> => {
      let target = url
      let method = base.method
      let headers = base.headers
      let body: Uint8Array<ArrayBuffer> | ReadableStream | undefined = streamed ?? bytes
      // The caller's payloadHash is of their body: a GET that a redirect leaves without it is signed for none.
      let signing = options.signing
      for (let hops = 0; ; hops++) {
        const signed = target.origin === url.origin
        let sent: Headers
        if (signed) {
          sent = (await sign({ url: target, method, headers, body: body! }, { ...signing, credentials, region, service, date })).headers
        } else {
          // AWS's own headers stay with the origin they were meant for: besides the token, some
          // are secrets themselves (an SSE-C key, x-amz-server-side-encryption-customer-key).
          sent = new Headers([...headers].filter(([name]) => name != 'authorization' && !name.startsWith('x-amz-')))
        }
        const parts = { method, headers: sent, signal, redirect: 'manual' as const, ...(body ? { body, duplex: 'half' } : {}) }
        let response: Response
        try {
          // The first request keeps the caller's other options (cache, integrity, …); a redirect's
          // carries what it must: method, headers and body.
          const request = hops ? new Request(target, parts) : new Request(base, parts)
          response = await (options.fetch ?? globalThis.fetch)(request)
          // Node 20's fetch follows a Request's signal only while the Request object lives (the
          // caller's signal reaches base.signal only while base lives), and AbortSignal.any's only
          // while that signal lives: once garbage collection took them, a stalled stream, a timed-out
          // attempt and the caller's abort after the headers reached nothing (the call or the body
          // read hung). The answer holds them.
          answered.set(response, [base, request, signal])
        } catch (error) {
          if (signal.aborted) throw signal.reason
          throw new NetworkError(`${method} ${target.host}${target.pathname} failed: ${(error as Error)?.message ?? error}`, { cause: error })
        }
        const location = redirectStatuses.has(response.status) ? response.headers.get('location') : null
        if (base.redirect == 'manual' || !(location != null || response.type == 'opaqueredirect')) return [response, signed]
        // A Location is not quoted whole: it may be a presigned URL, with a signature and a token.
        let next: URL | undefined
        try {
          if (location != null) next = new URL(location, target)
        } catch {}
        if (base.redirect == 'error' || hops == mostRedirects) {
          discard(response)
          throw new RedirectError(`${base.method} ${url.host}${url.pathname}: ${hops == mostRedirects ? `more than ${mostRedirects} redirects` : `redirected (HTTP ${response.status}${next ? ` to ${next.host}${next.pathname}` : ''}) and the request's redirect is 'error'`}`)
        }
        // Unreadable (opaque), or not to http(s), or a stream that a 307 or 308 would send again.
        if (!next || !/^https?:$/.test(next.protocol)) return [response, signed]
        // fetch refuses a URL with a user name or password too; new Request's error quotes it whole.
        if (next.username || next.password) {
          discard(response)
          throw new RedirectError(`${base.method} ${url.host}${url.pathname}: redirected (HTTP ${response.status}) to ${next.host}${next.pathname}, a URL with a user name or password`)
        }
        if ((response.status == 303 && method != 'GET' && method != 'HEAD') || (response.status < 303 && method == 'POST')) {
          method = 'GET'
          body = undefined
          signing = definedFields({ ...signing, payloadHash: undefined })
          headers = new Headers(headers)
          for (const name of bodyHeaders) headers.delete(name)
        } else if (streamed && body) return [response, signed]
        discard(response)
        target = next
      }
    }

    // The attempts sent before credentials expired during a backoff: the attempts after they are
    // asked for again are what is left of maxAttempts, not maxAttempts more.
    let attemptsSent = 0
    const attempt = async ({ signal, number }: { signal: AbortSignal; number: number }): Promise<Response> => {
      if (retryable) discard(retryable)
      for (;;) {
        const date = clock.signingDate()
        if (refreshable && !renewedExpired && +credentials.expiration! <= +date) {
          renewedExpired = true
          attemptsSent = number - 1
          throw credentialsExpired
        }
        const signals = [signal, base.signal]
        let idle: ReturnType<typeof setTimeout> | undefined
        let settled = false
        let streamed: ReadableStream | undefined
        if (stream) {
          // A stream is timed from the last chunk fetch took, and then until the answer: an upload
          // that keeps moving is never cut off, one that stalls is. Not after the answer: a server
          // may answer before the upload ends, and fetch takes the chunks left while the caller
          // reads the answer, whose body this signal would abort.
          const stalled = new AbortController()
          const arm = () => {
            clearTimeout(idle)
            if (!settled) idle = setTimeout(() => stalled.abort(new AttemptTimeoutError(`nothing sent or answered for ${idleTimeoutMs} ms`)), idleTimeoutMs)
          }
          arm()
          signals.push(stalled.signal)
          streamed = stream.pipeThrough(new TransformStream({ transform: (chunk, controller) => (arm(), controller.enqueue(chunk)), flush: arm }))
        }
        let response: Response
        let signed: boolean
        try {
          ;[response, signed] = await send(date, anySignal(signals), streamed)
        } finally {
          settled = true
          clearTimeout(idle)
        }
        let code: string | undefined
        // Only the request's own origin, signed, can say anything about its credentials or clock.
        if (signed && !stream && (response.status === 400 || response.status === 401 || response.status === 403)) {
          code = await errorCode(response)
          // Handed back for the refresh, which is outside the attempts: their timeout is not for it.
          if (code !== undefined && rejectedCredentialCodes.has(code) && refreshable && !rejection) return (rejection = response)
          // The answer to a HEAD has no body to hold a code (S3 refuses one signed at a skewed time
          // with a bare 403): then its Date alone decides, as in the AWS SDKs.
          const skewCode = code ?? (base.method == 'HEAD' ? 'RequestTimeTooSkewed' : undefined)
          if (!skewCorrected && clock.learn(skewCode, response, date)) {
            skewCorrected = true
            discard(response)
            continue
          }
        }
        if (response.status >= 500 || response.status === 429 || response.status === 408 || retryableCode.test(code ?? '')) {
          throw new RetryableResponse((retryable = response), retryAfterMs(response, clock.signingDate().getTime()))
        }
        return response
      }
    }

    for (;;) {
      let response: Response
      try {
        // withRetries' default is 3.
        response = await withRetries(attempt, { ...retry, maxAttempts: (retry.maxAttempts ?? 3) - attemptsSent }, {
          signal: base.signal,
          ...(options.random ? { random: options.random } : {}),
        })
      } catch (error) {
        // An abort needs no discarding: the caller's signal is on every attempt's body.
        if (error instanceof RetryableResponse) return error.response
        // Credentials that expired while the call waited to retry (a `cached` provider refreshes
        // them before, but its refresh may have failed): asked for once more, then the attempts
        // start again.
        if (error !== credentialsExpired) throw error
        credentials = await resolveForCall(options.credentials, base.signal)
        continue
      }
      if (response !== rejection) return response
      discard(response)
      credentials = await resolveForCall(options.credentials, base.signal, credentials)
    }
  }
}

/** AWS's error code from an XML (`<Code>`), JSON (`__type`, `code`) or header (`x-amzn-errortype`) answer. */
async function errorCode(response: Response): Promise<string | undefined> {
  const header = response.headers.get('x-amzn-errortype')
  if (header) return header.split(':')[0]
  // From a clone, so the caller still gets the whole body; reading one branch of the copy leaves
  // the other's share buffered, which is why the read stops at the limit. A body the given fetch
  // read or locked already cannot be cloned (a TypeError): it has no code to give.
  let text: string | undefined
  try {
    text = await readTextUpTo(response.clone(), errorBodyLimit)
  } catch {}
  text ??= ''
  const xml = /<Code>([^<]{1,100})<\/Code>/.exec(text)
  if (xml) return xml[1]
  try {
    const json = JSON.parse(text) as { __type?: unknown; code?: unknown }
    const type = typeof json.__type === 'string' ? json.__type : typeof json.code === 'string' ? json.code : undefined
    return type?.split('#').pop()
  } catch {
    return undefined
  }
}
