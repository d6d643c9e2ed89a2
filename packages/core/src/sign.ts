import { authorizationHeaders } from './authorization-headers.js'
import { prepareRequest, payloadOf, type SignableRequest } from './signable-request.js'
import type { SignOptions } from './sign-options.js'
import { createSigningContext } from './signing-context.js'

/**
 * Signs a request with SigV4 in the `Authorization` header and returns a new `Request`. The
 * original's headers are left alone; its body moves to the new request, as with
 * `new Request(request)`. A body is read (from a clone) only to hash it; see `SignableRequest` for
 * streams.
 */
export async function sign(input: Request | SignableRequest, options: SignOptions): Promise<Request> {
  const context = await createSigningContext(options)
  const prepared = prepareRequest(input)
  const { request, url } = prepared
  const headers = new Headers(request.headers)
  const payload = await payloadOf(prepared, options, context.s3, context.crypto, true)
  // A stale token (signing again) must go; a stale authorization is overwritten below.
  headers.delete('x-amz-security-token')
  for (const [name, value] of await authorizationHeaders(context, options, request.method, url, headers, payload.hash)) {
    headers.set(name, value)
  }
  return new Request(request, payload.bytes ? { headers, body: payload.bytes } : { headers })
}
