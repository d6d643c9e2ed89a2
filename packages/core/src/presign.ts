import type { Credentials } from './credentials.js'
import { InvalidSigningInputError, PresignExpiryError } from './errors.js'
import { uriEncode } from './encoding.js'
import { givenPayloadHash, hashPayload, isHashedAsGiven, normalizeMethod, ownHeaders, parseUrl, preparePayload, type SignableRequest } from './signable-request.js'
import { isSigned, type PresignOptions } from './sign-options.js'
import { encodeCanonicalQuery, formatCanonicalHeaders } from './canonical-request.js'
import { algorithm, signatureSteps, unsignedPayload } from './signature.js'
import { signingContext } from './signing-context.js'

export const defaultPresignExpiry = 3600
export const maximumPresignExpiry = 604800

// Percent-encoding a 720-character session token costs 1.7 µs, more than the signature's HMAC:
// it is done once per credentials value, and forgotten with it (no module-wide copy of a token).
const encodedTokens = new WeakMap<Credentials, readonly [token: string, encoded: string]>()

// Module constants: a regular expression literal in the function would be a new object at every
// call (57 bytes and ~20 ns in V8).
// Each parameter presign adds: with a second copy of one the URL is ambiguous, and S3 (s3rver)
// answers it 400 or 500. A key without `=` is a key too.
const presigned = /(?:^|[?&])(X-Amz-(?:Algorithm|Credential|Date|Expires|Signature|SignedHeaders|Security-Token))(?![^=&])/i
const hrefParts = /^([^?#]*)[^#]*(.*)/s

/**
 * Returns a URL that carries its own SigV4 signature in the query string, valid for `expiresIn`
 * seconds. Headers on the request are signed and must be sent with the URL.
 */
export async function presign(input: Request | SignableRequest, options: PresignOptions): Promise<URL> {
  const expiresIn = options?.expiresIn ?? defaultPresignExpiry
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > maximumPresignExpiry) {
    throw new PresignExpiryError(`expiresIn must be a whole number of seconds from 1 to ${maximumPresignExpiry}, got ${typeof expiresIn == 'number' ? expiresIn : typeof expiresIn}`)
  }
  const source = options?.credentials
  // Awaiting only a provider keeps the signing synchronous with node:crypto and a cached key.
  const context = signingContext(options, typeof source === 'function' ? await source() : source)
  const { credentials, s3 } = context
  const expiration = credentials.expiration
  if (expiration != null && context.date.getTime() + expiresIn * 1000 > expiration.getTime()) {
    throw new PresignExpiryError(
      `a URL valid for ${expiresIn} s would outlive the credentials, which expire at ${expiration.toISOString()}`,
    )
  }
  // A Request is read as it is; parts are read without building one (that costs more than the
  // signing), except to serialise a body that must be hashed and is not a string or bytes.
  const request = input instanceof Request ? input : undefined
  const url = parseUrl(input?.url)
  const taken = presigned.exec(url.search)
  if (taken) throw new InvalidSigningInputError(`the URL already has ${taken[1]}, a parameter presign adds (is it presigned already?)`)
  const body = input.body
  const payloadHash =
    s3 && options.payloadHash === undefined
      ? unsignedPayload
      : request || !(body == null || isHashedAsGiven(body))
        ? (await preparePayload(input, options, context, false))[1]
        : (givenPayloadHash(options, false, s3) ?? (await hashPayload(body, context.crypto)))

  const signed: [string, string][] = [['host', url.host]]
  for (const [name, value] of ownHeaders(input.headers)) {
    if (name !== 'host' && isSigned(name, options)) signed.push([name, value])
  }
  // Canonicalised once, for the SignedHeaders parameter and for the canonical request alike.
  const headers = formatCanonicalHeaders(signed)

  // Each parameter is encoded once, for the URL and the canonical query alike; the algorithm, the
  // date and the expiry are unreserved characters only, which encoding leaves as they are. In the
  // URL the session token comes last, as it always has; sorted, it comes before SignedHeaders.
  // The scope needs no encoding but of its slashes (the region and service are word characters).
  const { datetime } = context
  const common = `X-Amz-Algorithm=${algorithm}&X-Amz-Credential=${uriEncode(credentials.accessKeyId)}%2F${datetime.slice(0, 8)}%2F${context.region}%2F${context.service}%2Faws4_request&X-Amz-Date=${datetime}&X-Amz-Expires=${expiresIn}`
  const signedHeadersParameter = '&X-Amz-SignedHeaders=' + uriEncode(headers.signedHeaders)
  const token = credentials.sessionToken
  let encoded = encodedTokens.get(credentials)
  if (token && encoded?.[0] !== token) encodedTokens.set(credentials, (encoded = [token, uriEncode(token)]))
  const tokenParameter = token ? '&X-Amz-Security-Token=' + encoded![1] : ''
  const unsignedToken = options.unsignedSessionToken ? tokenParameter : ''
  const signedToken = unsignedToken ? '' : tokenParameter
  const search = url.search.slice(1)
  const unsignedSearch = (search ? search + '&' : '') + common + signedHeadersParameter + signedToken
  const amzCanonical = common + signedToken + signedHeadersParameter

  // url.search, not search: URLSearchParams drops one leading `?`, which in `??a=1` is the key's.
  const canonicalQuery = search ? encodeCanonicalQuery(url.search, amzCanonical.split('&').map((pair) => pair.split('=') as [string, string])) : amzCanonical
  // A Request's method is normalised already, which normalising again keeps.
  let steps = signatureSteps(context, normalizeMethod(input.method), url.pathname, canonicalQuery, headers, payloadHash)
  if (steps instanceof Promise) steps = await steps
  const [signature] = steps
  // A whole URL parses faster than a query against a base URL, which parses faster than setting
  // search (1.4, 1.6 to 1.9 and 2.1 µs with a session token). In href the first `?` or `#` starts the
  // query or the fragment; the fragment is read from href, since hash is empty for a bare `#` too.
  // A URL parseUrl sliced has no fragment, and its search is all that follows the path.
  let head = url.href
  let fragment = ''
  if (url instanceof URL) [, head = '', fragment = ''] = hrefParts.exec(head)!
  else head = head.slice(0, head.length - url.search.length)
  return new URL(`${head}?${unsignedSearch}&X-Amz-Signature=${signature}${unsignedToken}${fragment}`)
}
