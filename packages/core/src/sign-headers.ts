import { authorizationHeaders } from './authorization-headers.js'
import type { SignOptions } from './sign-options.js'
import { InvalidSigningInputError } from './errors.js'
import { givenPayloadHash, hashPayload, isHashedAsGiven, normalizeMethod, ownHeaders, parseUrl } from './signable-request.js'
import { signingContext } from './signing-context.js'

export interface HeaderSigningInput {
  readonly method?: string
  readonly url: string | URL
  readonly headers?: Readonly<Record<string, string>> | Iterable<readonly [string, string]>
  /**
   * Hashed unless `payloadHash` or `unsignedPayload` is given. A stream is never read: S3 gets
   * UNSIGNED-PAYLOAD, other services need `payloadHash`, as with `sign`.
   */
  readonly body?: string | ArrayBuffer | ArrayBufferView | ReadableStream | null
}

/** The body as text or bytes to hash; a body that is neither (a Blob, FormData, …) is an error. */
function hashableBody(body: unknown): string | Uint8Array | null | undefined {
  if (body == null || isHashedAsGiven(body)) return body
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  throw new InvalidSigningInputError(
    `body: signHeaders hashes a string, an ArrayBuffer or a view of one, not a ${Object.prototype.toString.call(body).slice(8, -1)}; pass payloadHash, or use sign`,
  )
}

// The returned records inherit from an empty, frozen object that itself has no prototype: no
// Object.prototype in the chain, as with Object.create(null), but V8 keeps them in fast mode where
// Object.create(null) makes a dictionary (0.05 against 0.13 µs and 122 against 506 bytes for four
// headers). Made on first use, so a bundle without signHeaders carries none of it.
let recordPrototype: object | undefined

/**
 * SigV4 without `Request` objects: the headers to send (the request's own, lowercased, plus the
 * signing headers), for HTTP clients other than `fetch` and for hot paths, where building and
 * copying a `Request` costs more than signing it (see BENCHMARKS.md). `host` is signed, from the
 * URL, but not returned: the HTTP client sends it (a `host` among the headers is dropped). Header
 * names and values must be what fetch accepts, or the call fails. Object.prototype is not in the
 * record's prototype chain (a header may be named `constructor` or `__proto__`): spread it,
 * iterate it or pass it to `Headers`, rather than call its methods.
 */
export async function signHeaders(input: HeaderSigningInput, options: SignOptions): Promise<Record<string, string>> {
  const source = options?.credentials
  // Awaiting only a provider keeps the whole signing synchronous with node:crypto and a cached key.
  const context = signingContext(options, typeof source === 'function' ? await source() : source)
  const url = parseUrl(input?.url)
  const own = ownHeaders(input.headers)
  // A stale signature or token (signing again) must not survive into the result, nor a host that
  // differs from the URL's, which is what is signed.
  own.delete('authorization')
  own.delete('x-amz-security-token')
  own.delete('host')
  const { body } = input
  let payloadHash = givenPayloadHash(options, body instanceof ReadableStream, context.s3) ?? hashPayload(hashableBody(body), context.crypto)
  if (payloadHash instanceof Promise) payloadHash = await payloadHash
  let added = authorizationHeaders(context, options, normalizeMethod(input.method), url, own, payloadHash)
  if (added instanceof Promise) added = await added
  const headers: Record<string, string> = Object.create((recordPrototype ??= Object.freeze(Object.create(null))))
  for (const [name, value] of own) headers[name] = value
  for (const [name, value] of added) headers[name] = value
  return headers
}
