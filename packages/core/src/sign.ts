import { prepareRequest, payloadHashOf, type SignableRequest } from './signable-request.js'
import { unsignableHeaders, type SignOptions } from './sign-options.js'
import { algorithm, createSignature } from './signature.js'
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
  const { credentials, s3 } = context
  const payloadHash = await payloadHashOf(prepared, options, s3, context.crypto)

  const token = credentials.sessionToken
  const headers = new Headers(request.headers)
  headers.delete('authorization')
  headers.delete('x-amz-security-token')
  headers.set('x-amz-date', context.datetime)
  if (token && !options.unsignedSessionToken) headers.set('x-amz-security-token', token)
  if (options.contentSha256Header ?? s3) headers.set('x-amz-content-sha256', payloadHash)

  // authorization is gone from `headers` already, so opting it in signs nothing.
  const optedIn = new Set(options.signHeaders?.map((name) => name.toLowerCase()))
  const signed: [string, string][] = [['host', url.host]]
  for (const [name, value] of headers) {
    if (name != 'host' && (!unsignableHeaders.has(name) || optedIn.has(name))) signed.push([name, value])
  }

  const steps = await createSignature({
    ...context,
    method: request.method,
    path: url.pathname,
    query: url.search,
    headers: signed,
    payloadHash,
  })
  headers.set(
    'authorization',
    `${algorithm} Credential=${credentials.accessKeyId}/${steps.credentialScope}, SignedHeaders=${steps.signedHeaders}, Signature=${steps.signature}`,
  )
  if (token) headers.set('x-amz-security-token', token)
  return new Request(request, { headers })
}
