import { authorizationHeaders } from './authorization-headers.js'
import { preparePayload, type SignableRequest } from './signable-request.js'
import type { SignOptions } from './sign-options.js'
import { signingContext } from './signing-context.js'

/**
 * Signs a request with SigV4 in the `Authorization` header and returns a new `Request`. The
 * original's headers are left alone; its body moves to the new request, as with
 * `new Request(request)`. A body is read (from a clone) only to hash it; see `SignableRequest` for
 * streams.
 */
export async function sign(input: Request | SignableRequest, options: SignOptions): Promise<Request> {
  const source = options?.credentials
  const context = signingContext(options, typeof source === 'function' ? await source() : source)
  const [request, payloadHash, bytes] = await preparePayload(input, options, context, true)
  // The caller's Request is copied, and so is one whose body was read to hash it. One built here
  // from parts is signed in place: in Node, copying a Request costs more than signing it
  // (BENCHMARKS.md, sign({ url, method, headers, body }) against sign(Request)).
  const copy = request === input || bytes
  const headers = copy ? new Headers(request.headers) : request.headers
  // A stale token (signing again) must go; a stale authorization is overwritten below.
  headers.delete('x-amz-security-token')
  for (const [name, value] of await authorizationHeaders(context, options, request.method, new URL(request.url), headers, payloadHash)) {
    headers.set(name, value)
  }
  return copy ? new Request(request, bytes ? { headers, body: bytes } : { headers }) : request
}
