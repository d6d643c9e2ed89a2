import { InvalidSigningInputError, PresignExpiryError } from './errors.js'
import { uriEncode } from './encoding.js'
import { prepareRequest, payloadOf, type SignableRequest } from './signable-request.js'
import { unsignableHeaders, type PresignOptions } from './sign-options.js'
import { sortedQuery } from './canonical-request.js'
import { algorithm, createCredentialScope, signatureSteps, unsignedPayload } from './signature.js'
import { createSigningContext } from './signing-context.js'

export const defaultPresignExpiry = 3600
export const maximumPresignExpiry = 604800

/**
 * Returns a URL that carries its own SigV4 signature in the query string, valid for `expiresIn`
 * seconds. Headers on the request are signed and must be sent with the URL.
 */
export async function presign(input: Request | SignableRequest, options: PresignOptions): Promise<URL> {
  const expiresIn = options.expiresIn ?? defaultPresignExpiry
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > maximumPresignExpiry) {
    throw new PresignExpiryError(`expiresIn must be a whole number of seconds from 1 to ${maximumPresignExpiry}, got ${expiresIn}`)
  }
  const context = await createSigningContext(options)
  const { credentials, s3 } = context
  const expiration = credentials.expiration
  if (expiration !== undefined && context.date.getTime() + expiresIn * 1000 > expiration.getTime()) {
    throw new PresignExpiryError(
      `a URL valid for ${expiresIn} s would outlive the credentials, which expire at ${expiration.toISOString()}`,
    )
  }
  const prepared = prepareRequest(input)
  const { url } = prepared
  if (/(?:^|[?&])X-Amz-Signature=/i.test(url.search)) {
    throw new InvalidSigningInputError('the URL is already presigned (it has X-Amz-Signature)')
  }
  const payloadHash =
    s3 && options.payloadHash === undefined
      ? unsignedPayload
      : (await payloadOf(prepared, options, s3, context.crypto, false)).hash

  const optedIn = new Set(options.signHeaders?.map((name) => name.toLowerCase()))
  const signed: [string, string][] = [['host', url.host]]
  const names: string[] = ['host']
  for (const [name, value] of prepared.request.headers) {
    if (name === 'host' || name === 'authorization') continue
    if (unsignableHeaders.has(name) && !optedIn.has(name)) continue
    signed.push([name, value])
    names.push(name)
  }
  const signedHeaders = names.sort().join(';')

  const amzParameters: [string, string][] = [
    ['X-Amz-Algorithm', algorithm],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${createCredentialScope(context.datetime, context.region, context.service)}`],
    ['X-Amz-Date', context.datetime],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaders],
  ]
  const token = credentials.sessionToken
  if (token && !options.unsignedSessionToken) amzParameters.push(['X-Amz-Security-Token', token])
  // Each parameter is encoded once, for the URL and the canonical query alike (encoding a long
  // session token twice was the largest cost of a presign).
  const encode = (parameters: [string, string][]) => parameters.map(([key, value]) => [key, uriEncode(value)] as const)
  const join = (pairs: (readonly [string, string])[]) => pairs.map(([key, value]) => `${key}=${value}`).join('&')
  const amzEncoded = encode(amzParameters)
  const existing = [...url.searchParams].map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
  const search = url.search.length > 1 ? url.search.slice(1) + '&' : ''
  const unsignedSearch = search + join(amzEncoded)

  const steps = await signatureSteps(context, {
    method: prepared.request.method,
    path: url.pathname,
    query: unsignedSearch,
    canonicalQuery: sortedQuery([...existing, ...amzEncoded]),
    headers: signed,
    payloadHash,
  })
  const trailer: [string, string][] = [['X-Amz-Signature', steps.signature]]
  if (token && options.unsignedSessionToken) trailer.push(['X-Amz-Security-Token', token])
  url.search = unsignedSearch + '&' + join(encode(trailer))
  return url
}
