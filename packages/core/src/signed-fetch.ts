import type { CredentialsInput } from './credentials.js'
import { inferServiceRegion } from './infer-service-region.js'
import { createClockSkew } from './http/clock-skew.js'
import { readTextUpTo } from './http/read-text.js'
import { rejectedCredentialCodes } from './http/rejected-credentials.js'
import { retryAfterMs } from './http/retry-after.js'
import { resolveForCall } from './http/resolve-for-call.js'
import { checkRetryOptions, NetworkError, withRetries, type RetryOptions } from './http/retry.js'
import { InvalidSigningInputError } from './errors.js'
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

/**
 * A `fetch` that signs every request. It retries throttling, 5xx, 408 and network failures with
 * backoff; when the service says the credentials are expired or invalid it refreshes them once
 * and sends once more; when it says the clock is off it learns the offset from `Date` and sends
 * once more. HTTP errors come back as responses, as from `fetch`. Credentials are resolved once per
 * call (and once more for the refresh), stopped by the caller's signal but outside the attempts'
 * timeout: a provider may wait for someone to type an MFA code.
 *
 * A `ReadableStream` body (in `init.body`) is sent once and never retried, since it cannot be
 * replayed; any other body is read once and sent again by each attempt. The default attempt
 * timeout grows with that body (the upload is timed with the answer). The caller's signal stays
 * tied to the response: aborting it after the headers came stops the body too, as with `fetch`.
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
    const streamBody = typeof ReadableStream !== 'undefined' && init?.body instanceof ReadableStream
    // Any other body is read once, hashed at each signing and sent again by each attempt. Its size
    // sets the default attempt timeout: the timeout runs until the answer's headers come, so it
    // covers the upload too, and 5 s cut off (and sent again) any upload longer than that. The
    // default allows a second for every 64 KB more (512 kbit/s); a stream's size is unknown.
    let bytes: Uint8Array<ArrayBuffer> | undefined
    if (!streamBody && base.body) bytes = new Uint8Array(await base.arrayBuffer())
    const retry = {
      attemptTimeoutMs: 5_000 + (bytes?.length ?? 0) / 64,
      ...definedFields(checkRetryOptions(options.retry)),
      ...(streamBody ? { maxAttempts: 1 } : {}),
    }
    // A provider can give other credentials after an expired-token answer; a value cannot.
    const refreshable = typeof options.credentials === 'function'
    let credentials = await resolveForCall(options.credentials, base.signal)
    // The answer that said the credentials are expired or invalid: there is one refresh per call.
    let rejection: Response | undefined
    let skewCorrected = false
    // A retryable answer is handed back if it is the last; the next attempt discards it.
    let retryable: Response | undefined

    const attempt = async ({ signal }: { signal: AbortSignal }): Promise<Response> => {
      if (retryable) discard(retryable)
      for (;;) {
        const date = clock.signingDate()
        const signingOptions = { ...options.signing, credentials, region, service, date }
        const signed = await sign({ url, method: base.method, headers: base.headers, body: streamBody ? init!.body! : bytes! }, signingOptions)
        let response: Response
        try {
          // Signed as parts, which carry none of the caller's other options (redirect, cache,
          // credentials, …): the caller's request is sent, with the signed headers and the body.
          const sent = { headers: signed.headers, signal: AbortSignal.any?.([signal, base.signal]) ?? signal }
          response = await (options.fetch ?? globalThis.fetch)(new Request(base, bytes ? { ...sent, body: bytes } : sent))
        } catch (error) {
          if (signal.aborted) throw signal.reason
          throw new NetworkError(`${base.method} ${url.host}${url.pathname} failed: ${(error as Error)?.message ?? error}`, { cause: error })
        }
        let code: string | undefined
        if (!streamBody && (response.status === 400 || response.status === 401 || response.status === 403)) {
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
        response = await withRetries(attempt, retry, {
          signal: base.signal,
          ...(options.random ? { random: options.random } : {}),
        })
      } catch (error) {
        // An abort needs no discarding: the caller's signal is on every attempt's body.
        if (error instanceof RetryableResponse) return error.response
        throw error
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
