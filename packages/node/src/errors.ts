import { CredkitError } from '@credkit/core'

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

/** A shared config or credentials file exists but cannot be read (permissions, a directory, …). */
export class ProfileFileReadError extends CredkitError {
  static override code = 'ERR_PROFILE_FILE_READ'
  override code = 'ERR_PROFILE_FILE_READ'
  readonly path: string

  constructor(path: string, options: { cause: unknown }) {
    const reason = (options.cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error'
    super(`cannot read ${path}: ${reason}`, options)
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

/** `source_profile` settings form a loop; `profiles` lists the loop in the order it was followed. */
export class ProfileCycleError extends ProfileConfigError {
  static override code = 'ERR_PROFILE_CYCLE'
  override code = 'ERR_PROFILE_CYCLE'
  readonly profiles: readonly string[]

  constructor(message: string, profiles: readonly string[]) {
    super(message, profiles[0] ?? '')
    this.profiles = profiles
  }
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

