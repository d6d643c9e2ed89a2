import * as canonical from './canonical-request.js'
import { InvalidSigningInputError } from './errors.js'
import * as signature from './signature.js'
import * as signingKey from './signing-key.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'

/**
 * The signing steps as the package exports them, for tests and tools that compare each step with
 * AWS's suite: input of the wrong shape is an InvalidSigningInputError naming the step, as
 * anywhere else in credkit. The signer calls the steps themselves, with input it has checked.
 * Each export is an arrow function, which a bundler drops when nothing imports it (a call such as
 * `typed(step)` at the top of the module would stay: esbuild's minified build drops the
 * annotation that marks it pure). The steps inside have names of their own (encodeCanonicalPath,
 * formatAmzDate, …): with the same name, one of the two would be renamed in dist, which the build
 * refuses for an export.
 */
function run<A extends unknown[], R>(step: string, fn: (...args: A) => R, args: A): R {
  try {
    const result = fn(...args)
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(signature.stepError(step, error))) : result) as R
  } catch (error) {
    throw signature.stepError(step, error)
  }
}

/** The canonical path: the URL's path with S3's or every other service's rules. */
export const canonicalPath = (path: string, options: canonical.CanonicalPathOptions): string =>
  run('canonicalPath', (given: string, { normalize, doubleEncode }: canonical.CanonicalPathOptions) => canonical.encodeCanonicalPath(given, normalize, doubleEncode), [path, options])
/** The canonical query: every parameter encoded and sorted, `encoded` pairs (encoded already) added. */
export const canonicalQuery: typeof canonical.encodeCanonicalQuery = (...args) => run('canonicalQuery', canonical.encodeCanonicalQuery, args)
/** The canonical headers block and the signed header names, from the headers to sign (names in any case). */
export const canonicalHeaders = (headers: Iterable<readonly [string, string]>): canonical.CanonicalHeaders =>
  run('canonicalHeaders', (given) => canonical.formatCanonicalHeaders(canonical.lowercaseNames(given)), [headers])
/** The canonical request from its parts. */
export const createCanonicalRequest = (input: canonical.CanonicalRequestInput): string =>
  run(
    'createCanonicalRequest',
    ({ method, path, query, headers, payloadHash }) => `${method}\n${path}\n${query}\n${headers.canonical}\n${headers.signedHeaders}\n${payloadHash}`,
    [input],
  )
/** `date/region/service/aws4_request`. */
export const createCredentialScope = (datetime: string, region: string, service: string): string =>
  run('createCredentialScope', (time: string) => `${time.slice(0, 8)}/${region}/${service}/aws4_request`, [datetime])
/** The string to sign from the time, the scope and the canonical request's hash. */
export const createStringToSign = (datetime: string, credentialScope: string, canonicalRequestHash: string): string =>
  run('createStringToSign', (time: string) => `${signature.algorithm}\n${time}\n${credentialScope}\n${canonicalRequestHash}`, [datetime])
/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z`. */
export const toAmzDate: typeof signature.formatAmzDate = (...args) => run('toAmzDate', signature.formatAmzDate, args)
/**
 * The signing key for a secret and a scope, derived with `crypto`. Not a string among them is an
 * error, not a key derived from `AWS4undefined`. A failing backend's own message is left to the
 * cause: a backend of the caller's may quote the key it was given, which holds the secret.
 */
export const deriveSigningKey = async (crypto: SigningCrypto, secretAccessKey: string, date: string, region: string, service: string): Promise<unknown> => {
  if (![secretAccessKey, date, region, service].every((part) => typeof part == 'string')) {
    throw new InvalidSigningInputError('deriveSigningKey: the secret access key, date, region and service must be strings')
  }
  try {
    return await signingKey.computeSigningKey(crypto, secretAccessKey, [date, region, service, 'aws4_request'])
  } catch (error) {
    throw new InvalidSigningInputError('deriveSigningKey: the crypto backend failed (see cause)', { cause: error })
  }
}
