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

  const headers = new Headers(request.headers)
  headers.delete('authorization')
  headers.set('x-amz-date', context.datetime)
  if (credentials.sessionToken) headers.set('x-amz-security-token', credentials.sessionToken)
  else headers.delete('x-amz-security-token')
  if (options.contentSha256Header ?? s3) headers.set('x-amz-content-sha256', payloadHash)

  // authorization is gone from `headers` already, so opting it in signs nothing.
  const optedIn = new Set(options.signHeaders?.map((name) => name.toLowerCase()))
  const signed: [string, string][] = [['host', url.host]]
  for (const [name, value] of headers) {
    const skipped =
      name == 'host' ||
      (unsignableHeaders.has(name) && !optedIn.has(name)) ||
      (name == 'x-amz-security-token' && options.unsignedSessionToken)
    if (!skipped) signed.push([name, value])
  }

  const steps = await createSignature({
    ...context,
    method: request.method,
    path: url.pathname,
    query: url.search,
    headers: signed,
    payloadHash,
    region: options.region,
    service: options.service,
    normalizePath: options.normalizePath ?? !s3,
    doubleEncodePath: options.doubleEncodePath ?? !s3,
  })
  headers.set(
    'authorization',
    `${algorithm} Credential=${credentials.accessKeyId}/${steps.credentialScope}, SignedHeaders=${steps.signedHeaders}, Signature=${steps.signature}`,
  )
  return new Request(request, { headers })
}
