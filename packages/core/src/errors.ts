/**
 * Every failure credkit reports is a `CredkitError` with a stable `code`; branch on `code` (or on
 * `instanceof` a subclass), never on the message. Messages say what was wrong and never contain a
 * secret access key or session token.
 */
export class CredkitError extends Error {
  static code = 'ERR_CREDKIT'
  code = 'ERR_CREDKIT'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = this.constructor.name
  }
}

/** The request or the signing options cannot be signed as given. */
export class InvalidSigningInputError extends CredkitError {
  static override code = 'ERR_INVALID_SIGNING_INPUT'
  override code = 'ERR_INVALID_SIGNING_INPUT'
}

/** A presigned URL was asked to outlive what SigV4 allows or what the credentials allow. */
export class PresignExpiryError extends CredkitError {
  static override code = 'ERR_PRESIGN_EXPIRY'
  override code = 'ERR_PRESIGN_EXPIRY'
}

/** The body is a stream, which the signer never reads: a payload hash must be given instead. */
export class PayloadHashRequiredError extends CredkitError {
  static override code = 'ERR_PAYLOAD_HASH_REQUIRED'
  override code = 'ERR_PAYLOAD_HASH_REQUIRED'
}

/** Credentials are missing fields, or expired before they could be used. */
export class InvalidCredentialsError extends CredkitError {
  static override code = 'ERR_INVALID_CREDENTIALS'
  override code = 'ERR_INVALID_CREDENTIALS'
}
