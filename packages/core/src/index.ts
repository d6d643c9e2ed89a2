// Everything of @credkit/core/credentials (credentials, errors, chain, cached, stores, redaction),
// then STS, signing and the rest.
export * from './credentials-subpath.js'
export type { SignOptions, PresignOptions } from './sign-options.js'
export { unsignableHeaders, unsignablePrefixes } from './sign-options.js'
export type { SignableRequest } from './signable-request.js'
export { sign } from './sign.js'
export { signHeaders, type HeaderSigningInput } from './sign-headers.js'
export { presign, defaultPresignExpiry, maximumPresignExpiry } from './presign.js'
export { createSigner, type Signer } from './create-signer.js'
export { createSigningKeyCache, type SigningKeyCache } from './signing-key.js'
export type { CanonicalHeaders, CanonicalPathOptions, CanonicalRequestInput } from './canonical-request.js'
export { algorithm, createSignature, emptyPayloadHash, unsignedPayload, type SignatureInput, type SignatureSteps } from './signature.js'
export {
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  createCanonicalRequest,
  createCredentialScope,
  createStringToSign,
  deriveSigningKey,
  toAmzDate,
} from './signing-steps.js'
export type { SigningCrypto } from './crypto/signing-crypto.js'
export { createWebCrypto } from './crypto/web-crypto.js'
export { createPureJsCrypto } from './crypto/pure-js-crypto.js'
export { defaultCrypto } from './crypto/default-crypto.js'
export { createStsClient, type StsClient, type StsClientOptions } from './sts/sts-client.js'
export { StsError, StsResponseError } from './sts/sts-error.js'
export type * from './sts/sts-types.js'
export { AttemptTimeoutError, NetworkError, type RetryOptions } from './http/retry.js'
export { createSignedFetch, RedirectError, type SignedFetchOptions } from './signed-fetch.js'
export { fromTemporaryCredentials, type FromTemporaryCredentialsOptions } from './providers/from-temporary-credentials.js'
export { fromWebIdentity, type FromWebIdentityOptions, type WebIdentityTokenGetter } from './providers/from-web-identity.js'
export { fromSessionToken, type FromSessionTokenOptions } from './providers/from-session-token.js'
export { credentialKey } from './refresh/credential-key.js'
