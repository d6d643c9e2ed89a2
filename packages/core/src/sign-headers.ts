import { authorizationHeaders } from './authorization-headers.js'
import type { SignOptions } from './sign-options.js'
import { givenPayloadHash, hashPayload, normalizeMethod, ownHeaders, parseUrl } from './signable-request.js'
import { signingContext } from './signing-context.js'

export interface HeaderSigningInput {
  readonly method?: string
  readonly url: string | URL
  readonly headers?: Readonly<Record<string, string>> | Iterable<readonly [string, string]>
  /** Hashed unless `payloadHash` or `unsignedPayload` is given. */
  readonly body?: string | Uint8Array | null
}

// The returned records inherit from an empty, frozen object that itself has no prototype: no
// Object.prototype in the chain, as with Object.create(null), but V8 keeps them in fast mode where
// Object.create(null) makes a dictionary (0.05 against 0.13 µs and 122 against 506 bytes for four
// headers). Made on first use, so a bundle without signHeaders carries none of it.
let recordPrototype: object | undefined

/**
 * SigV4 without `Request` objects: the headers to send (the request's own, lowercased, plus the
 * signing headers), for HTTP clients other than `fetch` and for hot paths, where building and
 * copying a `Request` costs more than signing it (see BENCHMARKS.md). `host` is signed but not
 * returned: the HTTP client sends it. Object.prototype is not in the record's prototype chain (a
 * header may be named `constructor` or `__proto__`): spread it, iterate it or pass it to `Headers`,
 * rather than call its methods.
 */
export async function signHeaders(input: HeaderSigningInput, options: SignOptions): Promise<Record<string, string>> {
  const source = options?.credentials
  // Awaiting only a provider keeps the whole signing synchronous with node:crypto and a cached key.
  const context = signingContext(options, typeof source === 'function' ? await source() : source)
  const url = parseUrl(input?.url)
  const own = ownHeaders(input.headers)
  // A stale signature or token (signing again) must not survive into the result.
  own.delete('authorization')
  own.delete('x-amz-security-token')
  let payloadHash = givenPayloadHash(options, false, context.s3) ?? hashPayload(input.body, context.crypto)
  if (payloadHash instanceof Promise) payloadHash = await payloadHash
  let added = authorizationHeaders(context, options, normalizeMethod(input.method), url, own, payloadHash)
  if (added instanceof Promise) added = await added
  const headers: Record<string, string> = Object.create((recordPrototype ??= Object.freeze(Object.create(null))))
  for (const [name, value] of own) headers[name] = value
  for (const [name, value] of added) headers[name] = value
  return headers
}
