import { encodeCanonicalPath, encodeCanonicalQuery, formatCanonicalHeaders, lowercaseNames, type CanonicalHeaders } from './canonical-request.js'
import type { Credentials } from './credentials.js'
import { andThen, type MaybePromise, type SigningCrypto } from './crypto/signing-crypto.js'
import { toHex } from './encoding.js'
import { CredkitError, InvalidSigningInputError } from './errors.js'
import { getSigningKey, type SigningKeyCache } from './signing-key.js'

export const algorithm = 'AWS4-HMAC-SHA256'
export const emptyPayloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
export const unsignedPayload = 'UNSIGNED-PAYLOAD'

export interface SignatureInput extends Pick<SigningContextFields, 'datetime' | 'credentials' | 'crypto' | 'cache'> {
  readonly method: string
  /** The path as it goes on the wire (percent-encoded), e.g. `URL.pathname`. */
  readonly path: string
  /** The query as it goes on the wire (`URL.search`), or decoded key/value pairs. */
  readonly query: string | Iterable<readonly [string, string]>
  /** Exactly the headers to sign, `host` included. */
  readonly headers: Iterable<readonly [string, string]>
  readonly payloadHash: string
  readonly region: string
  readonly service: string
  readonly normalizePath: boolean
  readonly doubleEncodePath: boolean
}

interface SigningContextFields {
  /** `YYYYMMDD'T'HHMMSS'Z'` */
  readonly datetime: string
  readonly credentials: Credentials
  readonly crypto: SigningCrypto
  readonly cache: SigningKeyCache
}

/** Every intermediate step, so tests (and curious users) can compare each one with AWS's suite. */
export interface SignatureSteps {
  readonly canonicalRequest: string
  readonly stringToSign: string
  readonly signature: string
  readonly credentialScope: string
  readonly signedHeaders: string
}

/**
 * Every step of a signature, for tests that compare each with AWS's suite. Input of the wrong
 * shape (a field missing, a string that is not well-formed Unicode) is an InvalidSigningInputError.
 */
export async function createSignature(input: SignatureInput): Promise<SignatureSteps> {
  try {
    // Awaited only when a step was asynchronous: an await of a value costs a turn of the queue.
    const headers = formatCanonicalHeaders(lowercaseNames(input.headers))
    let steps = signatureSteps(input, input.method, input.path, encodeCanonicalQuery(input.query), headers, input.payloadHash)
    if (steps instanceof Promise) steps = await steps
    const [signature, credentialScope, canonicalRequest, stringToSign] = steps
    return { canonicalRequest, stringToSign, signature, credentialScope, signedHeaders: headers.signedHeaders }
  } catch (error) {
    throw stepError('createSignature', error)
  }
}

/**
 * A step's own error (a TypeError for a path that is not a string, a RangeError for an invalid
 * Date, a URIError for a lone surrogate) as an InvalidSigningInputError that names the step.
 */
export const stepError = (step: string, error: unknown) =>
  error instanceof CredkitError ? error : new InvalidSigningInputError(`${step}: ${(error as Error)?.message}`, { cause: error })

/** `SignatureSteps` as the signers take them: a record's field names would be in every bundle. */
type SignatureTuple = [signature: string, credentialScope: string, canonicalRequest: string, stringToSign: string]

/**
 * `createSignature`, synchronous when the crypto backend is (node:crypto) and the signing key is
 * cached: in Node a promise per step costs more than the hashing itself (BENCHMARKS.md).
 */
export function signatureSteps(
  input: Omit<SignatureInput, 'method' | 'path' | 'query' | 'headers' | 'payloadHash'>,
  // The request's parts as arguments, not a record: its field names would be in the bundle.
  method: string,
  /** As it goes on the wire: canonicalised here. */
  path: string,
  canonicalQuery: string,
  headers: CanonicalHeaders,
  payloadHash: string,
): MaybePromise<SignatureTuple> {
  // The context and the parts rather than one spread object: spreading the context costs more
  // than hashing.
  // The canonical request, the scope and the string to sign are written out here, not built by the
  // exported steps (signing-steps.ts): a call each cost sign's bundle 39 B gzip. The AWS suite
  // checks the exported steps too (test/conformance, "exported steps").
  const { crypto, datetime } = input
  const canonicalRequest = `${method}\n${encodeCanonicalPath(path, input.normalizePath, input.doubleEncodePath)}\n${canonicalQuery}\n${headers.canonical}\n${headers.signedHeaders}\n${payloadHash}`
  const credentialScope = `${datetime.slice(0, 8)}/${input.region}/${input.service}/aws4_request`
  return andThen(crypto.sha256Hex(canonicalRequest), (hash) => {
    const stringToSign = `${algorithm}\n${datetime}\n${credentialScope}\n${hash}`
    return andThen(getSigningKey(input.cache, crypto, input.credentials, credentialScope), (key) =>
      andThen(crypto.hmacHex?.(key, stringToSign) ?? andThen(crypto.hmac(key, stringToSign), toHex), (signature): SignatureTuple => [
        signature,
        credentialScope,
        canonicalRequest,
        stringToSign,
      ]),
    )
  })
}

/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z` */
export function formatAmzDate(date: Date): string {
  // Requests signed in the same second share the string: toISOString alone costs a microsecond.
  const second = Math.floor(date.getTime() / 1000)
  if (second !== lastSecond) {
    lastSecond = second
    lastDatetime = date.toISOString().replace(/[-:]|\.\d+/g, '')
  }
  return lastDatetime
}
let lastSecond = NaN
let lastDatetime = ''
