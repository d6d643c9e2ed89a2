import * as canonical from './canonical-request.js'
import * as signature from './signature.js'
import { stepError } from './signature.js'
import * as signingKey from './signing-key.js'

/**
 * The signing steps as the package exports them, for tests and tools that compare each step with
 * AWS's suite: input of the wrong shape is an InvalidSigningInputError naming the step, as
 * anywhere else in credkit. The signer calls the steps themselves, with input it has checked.
 * Each export is an arrow function, which a bundler drops when nothing imports it (a call such as
 * `typed(step)` at the top of the module would stay: esbuild's minified build drops the
 * annotation that marks it pure).
 */
function run<A extends unknown[], R>(step: string, fn: (...args: A) => R, args: A): R {
  try {
    const result = fn(...args)
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(stepError(step, error))) : result) as R
  } catch (error) {
    throw stepError(step, error)
  }
}

/** The canonical path: the URL's path with S3's or every other service's rules. */
export const canonicalPath: typeof canonical.canonicalPath = (...args) => run('canonicalPath', canonical.canonicalPath, args)
/** The canonical query: every parameter encoded and sorted, `extra` pairs (already encoded) added. */
export const canonicalQuery: typeof canonical.canonicalQuery = (...args) => run('canonicalQuery', canonical.canonicalQuery, args)
/** The canonical headers block and the signed header names, from the headers to sign. */
export const canonicalHeaders: typeof canonical.canonicalHeaders = (...args) => run('canonicalHeaders', canonical.canonicalHeaders, args)
/** The canonical request from its parts. */
export const createCanonicalRequest: typeof canonical.createCanonicalRequest = (...args) =>
  run('createCanonicalRequest', canonical.createCanonicalRequest, args)
/** `date/region/service/aws4_request`. */
export const createCredentialScope: typeof signature.createCredentialScope = (...args) =>
  run('createCredentialScope', signature.createCredentialScope, args)
/** The string to sign from the time, the scope and the canonical request's hash. */
export const createStringToSign: typeof signature.createStringToSign = (...args) => run('createStringToSign', signature.createStringToSign, args)
/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z`. */
export const toAmzDate: typeof signature.toAmzDate = (...args) => run('toAmzDate', signature.toAmzDate, args)
/** The signing key for a secret and a scope, derived with `crypto`. */
export const deriveSigningKey: typeof signingKey.deriveSigningKey = (...args) => run('deriveSigningKey', signingKey.deriveSigningKey, args)
