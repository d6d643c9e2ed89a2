/**
 * Every failure credkit reports is a `CredkitError` with a stable `code`; branch on `code` (or on
 * `instanceof` a subclass), never on the message. Messages say what was wrong and never contain a
 * secret access key or session token.
 *
 * Each class states its `name` as a string: minifiers rename classes, so `constructor.name` reads
 * `e` in a browser bundle. The fallback serves subclasses written elsewhere that state none.
 */
export class CredkitError extends Error {
  static code = 'ERR_CREDKIT'

  /**
   * `instanceof` holds across copies of these classes too: @credkit/node carries its own copy of
   * `@credkit/core/credentials` (one package imports faster than two, issue 5), and an app may end
   * up with two installed versions of core. For a class with a `code` of its own, a value is an
   * instance when a class in its prototype chain has that code, below one with CredkitError's.
   * A subclass without a `code` of its own is checked the ordinary way.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // The ordinary check, which for a class is whether its prototype is in the value's chain.
    if (!Object.hasOwn(this, 'code')) return this.prototype.isPrototypeOf(value as object)
    let same = false
    for (let prototype = value; prototype != null && (prototype = Object.getPrototypeOf(prototype)); ) {
      const code = (prototype as { constructor?: { code?: unknown } }).constructor?.code
      same ||= code === this.code
      if (code === 'ERR_CREDKIT') return same
    }
    return false
  }

  /** The class's static `code`. */
  code: string = (this.constructor as typeof CredkitError).code
  // Told apart by code, not by comparing with CredkitError: a class that names itself in its own
  // body is renamed by bundlers (esbuild makes it `_CredkitError`).
  override name = (this.constructor as typeof CredkitError).code == 'ERR_CREDKIT' ? 'CredkitError' : this.constructor.name
}

/** The request or the signing options cannot be signed as given. */
export class InvalidSigningInputError extends CredkitError {
  static override code = 'ERR_INVALID_SIGNING_INPUT'
  override name = 'InvalidSigningInputError'
}

/** A presigned URL was asked to outlive what SigV4 allows or what the credentials allow. */
export class PresignExpiryError extends CredkitError {
  static override code = 'ERR_PRESIGN_EXPIRY'
  override name = 'PresignExpiryError'
}

/** The body is a stream, which the signer never reads: a payload hash must be given instead. */
export class PayloadHashRequiredError extends CredkitError {
  static override code = 'ERR_PAYLOAD_HASH_REQUIRED'
  override name = 'PayloadHashRequiredError'
}

/** Credentials are missing fields, or expired before they could be used. */
export class InvalidCredentialsError extends CredkitError {
  static override code = 'ERR_INVALID_CREDENTIALS'
  override name = 'InvalidCredentialsError'
}

/**
 * A provider has nothing to offer here (no variable set, no file, no token): `chain` moves on to
 * the next provider on this error and on no other. `tryNextLink` says the same to the AWS SDK's
 * chains, so a credkit provider can be a link of those too.
 */
export class CredentialsNotConfiguredError extends CredkitError {
  static override code = 'ERR_CREDENTIALS_NOT_CONFIGURED'
  override name = 'CredentialsNotConfiguredError'
  readonly tryNextLink = true
}

/**
 * Every provider of a `chain` said it is not configured. `reasons` holds each one's error, in
 * order. It is itself a not-configured error, so a chain inside a chain moves on too.
 */
export class CredentialsNotFoundError extends CredentialsNotConfiguredError {
  static override code = 'ERR_CREDENTIALS_NOT_FOUND'
  override name = 'CredentialsNotFoundError'
  // Declared, not a field: a field is defined once empty and then assigned again.
  declare readonly reasons: readonly Error[]

  constructor(message: string, options: { reasons: readonly Error[]; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.reasons = options.reasons
  }
}

/** A `CredentialStore` failed (unreachable, or it returned something that is not credentials). */
export class CredentialStoreError extends CredkitError {
  static override code = 'ERR_CREDENTIAL_STORE'
  override name = 'CredentialStoreError'
  // Declared, not a field, as `reasons` above.
  declare readonly operation: 'get' | 'set' | 'delete' | 'lock' | 'release'

  constructor(message: string, options: { operation: CredentialStoreError['operation']; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.operation = options.operation
  }
}

/** Options given to the refresh engine, a store or a cache key cannot work as given. */
export class InvalidRefreshOptionsError extends CredkitError {
  static override code = 'ERR_INVALID_REFRESH_OPTIONS'
  override name = 'InvalidRefreshOptionsError'
}
