import { CredkitError } from '@credkit/core/credentials'
import { fileErrorReason } from './files/read-regular-file.js'

/** Where in a shared config or credentials file something was found. */
export interface FileLocation {
  readonly path: string
  readonly line: number
}

/** A shared config or credentials file is malformed; the message names the file and the line. */
export class ProfileFileParseError extends CredkitError {
  static override code = 'ERR_PROFILE_FILE_PARSE'
  override code = 'ERR_PROFILE_FILE_PARSE'
  readonly path: string
  readonly line: number

  constructor(message: string, location: FileLocation) {
    super(`${message} (${location.path}, line ${location.line})`)
    this.path = location.path
    this.line = location.line
  }
}

/** A shared config or credentials file exists but cannot be read (permissions, a directory, a FIFO, …). */
export class ProfileFileReadError extends CredkitError {
  static override code = 'ERR_PROFILE_FILE_READ'
  override code = 'ERR_PROFILE_FILE_READ'
  readonly path: string

  constructor(path: string, options: { cause: unknown }) {
    super(`cannot read ${path}: ${fileErrorReason(options.cause)}`, options)
    this.path = path
  }
}

/**
 * A profile is configured in a way credkit cannot use: it is missing, names a missing source
 * profile, has half a key pair, an invalid setting, or an unsupported credential source.
 */
export class ProfileConfigError extends CredkitError {
  static override code = 'ERR_PROFILE_CONFIG'
  override code = 'ERR_PROFILE_CONFIG'
  readonly profile: string

  constructor(message: string, profile: string, options?: { cause?: unknown }) {
    super(message, options)
    this.profile = profile
  }
}

/** A `source_profile` chain credkit will not follow; `profiles` lists it as far as it was followed. */
abstract class SourceProfileChainError extends ProfileConfigError {
  readonly profiles: readonly string[]

  constructor(message: string, profiles: readonly string[]) {
    super(message, profiles[0] ?? '')
    this.profiles = profiles
  }
}

/** `source_profile` settings form a loop; `profiles` lists the loop in the order it was followed. */
export class ProfileCycleError extends SourceProfileChainError {
  static override code = 'ERR_PROFILE_CYCLE'
  override code = 'ERR_PROFILE_CYCLE'
}

/** A `source_profile` chain is longer than credkit follows (`maxSourceProfileHops`, 20). */
export class ProfileChainTooLongError extends SourceProfileChainError {
  static override code = 'ERR_PROFILE_CHAIN_TOO_LONG'
  override code = 'ERR_PROFILE_CHAIN_TOO_LONG'
}

/** A profile needs an MFA code (`mfa_serial`) and no `mfaCodeProvider` was given, or it gave none. */
export class MfaCodeRequiredError extends ProfileConfigError {
  static override code = 'ERR_MFA_CODE_REQUIRED'
  override code = 'ERR_MFA_CODE_REQUIRED'
}

/**
 * A profile's `credential_source` names a provider this build cannot reach
 * (`Ec2InstanceMetadata` or `EcsContainer` without the provider passed in).
 */
export class CredentialSourceUnavailableError extends ProfileConfigError {
  static override code = 'ERR_CREDENTIAL_SOURCE_UNAVAILABLE'
  override code = 'ERR_CREDENTIAL_SOURCE_UNAVAILABLE'
}

/** A web identity token file named by a profile or by `AWS_WEB_IDENTITY_TOKEN_FILE` cannot be read. */
export class TokenFileError extends CredkitError {
  static override code = 'ERR_TOKEN_FILE'
  override code = 'ERR_TOKEN_FILE'
  readonly path: string

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options)
    this.path = path
  }
}

/**
 * A `credential_process` failed: it could not start, exited non-zero, printed something that is not
 * Version 1 credentials JSON, or returned expired credentials. `stderr` holds the start of what the
 * process wrote to standard error; standard output (which may hold a secret) is never kept.
 */
export class CredentialProcessError extends CredkitError {
  static override code = 'ERR_CREDENTIAL_PROCESS'
  override code = 'ERR_CREDENTIAL_PROCESS'
  readonly profile: string | undefined
  readonly exitCode: number | null | undefined
  readonly stderr: string | undefined

  constructor(
    message: string,
    fields: { profile?: string | undefined; exitCode?: number | null; stderr?: string | undefined; cause?: unknown },
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.profile = fields.profile
    this.exitCode = fields.exitCode
    this.stderr = fields.stderr
  }
}

/** The `credential_process` ran longer than its timeout and was killed with its children. */
export class CredentialProcessTimeoutError extends CredentialProcessError {
  static override code = 'ERR_CREDENTIAL_PROCESS_TIMEOUT'
  override code = 'ERR_CREDENTIAL_PROCESS_TIMEOUT'
}

/**
 * Getting credentials for a profile failed at a step outside credkit (STS refused the role, the
 * source credentials were rejected, …). The message names the profile and the file; `cause` holds
 * the underlying error (an `StsError` carries STS's code and whether retrying can help).
 */
export class ProfileCredentialsError extends CredkitError {
  static override code = 'ERR_PROFILE_CREDENTIALS'
  override code = 'ERR_PROFILE_CREDENTIALS'
  readonly profile: string

  constructor(message: string, profile: string, options: { cause: unknown }) {
    super(message, options)
    this.profile = profile
  }
}


/**
 * The container credentials endpoint (ECS task role, EKS Pod Identity) could not give credentials:
 * it refused (4xx, with its `Code` and `Message` when it sent them), failed (5xx, timeouts,
 * connection errors after the retries), or answered something that is not credentials JSON.
 * `status` is the HTTP status when there was an answer.
 */
export class ContainerCredentialsError extends CredkitError {
  static override code = 'ERR_CONTAINER_CREDENTIALS'
  override code = 'ERR_CONTAINER_CREDENTIALS'
  readonly status: number | undefined
  /** The `Code` field of the endpoint's error answer, when it sent one. */
  readonly errorCode: string | undefined

  constructor(message: string, fields: { status?: number | undefined; errorCode?: string | undefined; cause?: unknown } = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.status = fields.status
    this.errorCode = fields.errorCode
  }
}

/**
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` is not a URL credkit may call: plain http is allowed only to
 * loopback (127.0.0.0/8, [::1], localhost), 169.254.170.2 (ECS), 169.254.170.23 and [fd00:ec2::23]
 * (EKS Pod Identity); https to any host. Checked before any request is made.
 */
export class ContainerEndpointNotAllowedError extends ContainerCredentialsError {
  static override code = 'ERR_CONTAINER_ENDPOINT_NOT_ALLOWED'
  override code = 'ERR_CONTAINER_ENDPOINT_NOT_ALLOWED'
}

/**
 * The container authorization token (`AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file named by
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`) cannot be used: the file is unreadable, or the token
 * cannot be an HTTP header value (a NUL, a CR or LF, which would let it inject headers, or a
 * character beyond U+00FF). The token itself is never shown.
 */
export class ContainerAuthorizationTokenError extends ContainerCredentialsError {
  static override code = 'ERR_CONTAINER_AUTHORIZATION_TOKEN'
  override code = 'ERR_CONTAINER_AUTHORIZATION_TOKEN'
}

/**
 * The EC2 instance metadata service (IMDS) could not give credentials: the token request was
 * refused (400, or IMDSv1 is disabled and IMDSv2 unavailable), the instance has no instance
 * profile, the service failed or timed out after the retries, or it answered something that is
 * not credentials JSON (or a `Code` other than `Success`). `status` is the HTTP status when there
 * was an answer.
 */
export class InstanceMetadataError extends CredkitError {
  static override code = 'ERR_INSTANCE_METADATA'
  override code = 'ERR_INSTANCE_METADATA'
  readonly status: number | undefined

  constructor(message: string, fields: { status?: number | undefined; cause?: unknown } = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.status = fields.status
  }
}

/**
 * The IMDS settings are unusable: `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` is neither IPv4 nor
 * IPv6, the endpoint is not a URL, or `AWS_EC2_INSTANCE_PROFILE_NAME` is set but blank.
 */
export class InstanceMetadataConfigError extends InstanceMetadataError {
  static override code = 'ERR_INSTANCE_METADATA_CONFIG'
  override code = 'ERR_INSTANCE_METADATA_CONFIG'
}
