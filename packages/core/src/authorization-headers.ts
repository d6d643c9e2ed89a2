import { isSigned, type SignOptions } from './sign-options.js'
import { andThen, type MaybePromise } from './crypto/signing-crypto.js'
import { algorithm, signatureSteps } from './signature.js'
import { encodeCanonicalQuery, formatCanonicalHeaders } from './canonical-request.js'
import type { UrlParts } from './signable-request.js'
import type { SigningContext } from './signing-context.js'

/**
 * The headers a signed request must carry besides its own: `x-amz-date`, the session token,
 * `x-amz-content-sha256` where wanted, and `authorization`. `headers` are the request's own, names
 * lowercase, without a stale session token (which the caller must drop anyway, as it must not be
 * sent); other stale signing headers among them are ignored, so a request can be signed again.
 */
export function authorizationHeaders(
  context: SigningContext,
  options: SignOptions,
  method: string,
  url: UrlParts,
  headers: Iterable<readonly [string, string]>,
  payloadHash: string,
): MaybePromise<[string, string][]> {
  const { credentials, datetime } = context
  const token = credentials.sessionToken
  const added: [string, string][] = [['x-amz-date', datetime]]
  if (token && !options.unsignedSessionToken) added.push(['x-amz-security-token', token])
  if (options.contentSha256Header ?? context.s3) added.push(['x-amz-content-sha256', payloadHash])

  const signed: [string, string][] = [['host', url.host], ...added]
  for (const [name, value] of headers) {
    // host and the headers added replace the request's own; authorization is never signed
    // (isSigned). A name may come twice: Headers iterates each set-cookie apart, and AWS signs
    // repeated lines as one value joined by commas, as formatCanonicalHeaders does. Bun and Deno
    // send each on a line of its own. Node's fetch joins them by ", " on one line, which this does
    // not match (making them one value here cost `sign` 38 B gzip); browsers refuse the header on
    // requests and workerd drops it.
    if (name != 'host' && !added.some(([other]) => other == name) && isSigned(name, options)) signed.push([name, value])
  }
  const canonicalHeaders = formatCanonicalHeaders(signed)
  const steps = signatureSteps(context, method, url.pathname, encodeCanonicalQuery(url.search), canonicalHeaders, payloadHash)
  return andThen(steps, ([signature, credentialScope]) => {
    added.push([
      'authorization',
      `${algorithm} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${canonicalHeaders.signedHeaders}, Signature=${signature}`,
    ])
    if (token && options.unsignedSessionToken) added.push(['x-amz-security-token', token])
    return added
  })
}
