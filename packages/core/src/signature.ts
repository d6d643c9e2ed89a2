import {
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  createCanonicalRequest,
  type CanonicalHeaders,
} from './canonical-request.js'
import type { Credentials } from './credentials.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'
import { toHex } from './encoding.js'
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

export function createCredentialScope(datetime: string, region: string, service: string): string {
  return `${datetime.slice(0, 8)}/${region}/${service}/aws4_request`
}

export function createStringToSign(datetime: string, credentialScope: string, canonicalRequestHash: string): string {
  return `${algorithm}\n${datetime}\n${credentialScope}\n${canonicalRequestHash}`
}

export async function createSignature(input: SignatureInput): Promise<SignatureSteps> {
  const headers: CanonicalHeaders = canonicalHeaders(input.headers)
  const canonicalRequest = createCanonicalRequest({
    method: input.method,
    path: canonicalPath(input.path, { normalize: input.normalizePath, doubleEncode: input.doubleEncodePath }),
    query: canonicalQuery(input.query),
    headers,
    payloadHash: input.payloadHash,
  })
  const credentialScope = createCredentialScope(input.datetime, input.region, input.service)
  const stringToSign = createStringToSign(
    input.datetime,
    credentialScope,
    await input.crypto.sha256Hex(canonicalRequest),
  )
  const key = await getSigningKey(
    input.cache,
    input.crypto,
    input.credentials,
    input.datetime.slice(0, 8),
    input.region,
    input.service,
  )
  const signature = toHex(await input.crypto.hmac(key, stringToSign))
  return { canonicalRequest, stringToSign, signature, credentialScope, signedHeaders: headers.signedHeaders }
}

/** `2015-08-30T12:36:00.000Z` → `20150830T123600Z` */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '')
}
