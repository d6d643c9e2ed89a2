import type { CredentialsInput } from './credentials.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'
import type { SigningKeyCache } from './signing-key.js'

export interface SignOptions {
  /** A credentials value, or a provider that is called once per signing. */
  readonly credentials: CredentialsInput
  readonly region: string
  /** The signing name, e.g. `s3`, `sts`, `execute-api`. `s3`, `s3-outposts`, `s3-object-lambda` and `s3express` get S3's rules. */
  readonly service: string
  /** The signing time; defaults to now. */
  readonly date?: Date
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256 (S3 accepts it). */
  readonly unsignedPayload?: boolean
  /** The body's SHA-256 in hex, when the caller knows it (a streamed upload, say). */
  readonly payloadHash?: string
  /**
   * Headers to sign although credkit leaves them unsigned by default (see `unsignableHeaders`),
   * e.g. `content-length` when the exact length is known and must be enforced.
   */
  readonly signHeaders?: readonly string[]
  /** Send `x-amz-content-sha256`. Default: on for S3, off elsewhere. */
  readonly contentSha256Header?: boolean
  /** Remove dot segments and empty segments from the path. Default: off for S3, on elsewhere. */
  readonly normalizePath?: boolean
  /** Encode the path a second time. Default: off for S3, on elsewhere. */
  readonly doubleEncodePath?: boolean
  /**
   * Add the session token after signing instead of signing it (IoT and a few other services want
   * this). Default: off.
   */
  readonly unsignedSessionToken?: boolean
  /** The signing-key cache; default: one per credentials value or provider, see README. */
  readonly cache?: SigningKeyCache
  /** Hash and HMAC primitives; default: node:crypto, else WebCrypto, else pure JS. */
  readonly crypto?: SigningCrypto
}

export interface PresignOptions extends SignOptions {
  /** Seconds the URL stays valid: default 3600, at most 604800 (7 days) and never past the credentials' expiration. */
  readonly expiresIn?: number
}

/**
 * Never signed unless asked for in `signHeaders` (authorization never): proxies, browsers and
 * HTTP stacks add, drop or rewrite them on the way, which would break the signature. Nor is any
 * `proxy-*` or `sec-*` header (`unsignablePrefixes`), as the AWS SDK's signer leaves them out.
 */
export const unsignableHeaders: ReadonlySet<string> = new Set(
  'authorization cache-control connection content-length expect from keep-alive max-forwards pragma proxy-authorization referer te trailer transfer-encoding upgrade user-agent x-amzn-trace-id'.split(
    ' ',
  ),
)

/**
 * Header name prefixes never signed unless opted in: `proxy-*` (hop-by-hop, for the proxy on the
 * way) and `sec-*` (set by browsers, not by scripts). Data for callers; the signer tests names
 * with `unsignablePrefix`, which no caller can change.
 */
export const unsignablePrefixes: readonly string[] = ['proxy-', 'sec-']
const unsignablePrefix = /^(proxy|sec)-/

/** Whether a header (name lowercase) is signed: not unsignable, or opted in; never authorization. */
export const isSigned = (name: string, options: SignOptions) =>
  !(unsignableHeaders.has(name) || unsignablePrefix.test(name)) ||
  (name != 'authorization' && options.signHeaders?.some((optedIn) => optedIn.toLowerCase() == name))

const s3Service = /^s3(-outposts|-object-lambda|express)?$/
export const isS3Service = (service: string) => s3Service.test(service)
