import { InvalidCredentialsError, parseRfc3339Timestamp, redactedCredentials, type CredentialProvider, type Credentials } from '@credkit/core/credentials'
import { notConfigured } from '../not-configured.js'
import { readVariable, type Environment } from '../profiles/profile-file-locations.js'

export interface FromEnvOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  readonly now?: () => number
}

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`,
 * `AWS_CREDENTIAL_EXPIRATION` (RFC 3339) and `AWS_ACCOUNT_ID`, without whitespace at their ends.
 * Blank values count as unset. With no key pair set the provider is "not configured" and a chain
 * moves on; half a key pair, an unreadable or a past expiration is an error, since using other
 * credentials instead would surprise whoever set the variables.
 */
export function fromEnv(options: FromEnvOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env
    // Whitespace at the ends is dropped, as fromIni drops it: a value read from a CRLF env file
    // ends in \r, which would otherwise surface later as a signature mismatch or a refused token.
    const read = (name: string) => readVariable(env, name)?.trim()
    const accessKeyId = read('AWS_ACCESS_KEY_ID')
    const secretAccessKey = read('AWS_SECRET_ACCESS_KEY')
    if (accessKeyId === undefined && secretAccessKey === undefined) {
      throw notConfigured('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set')
    }
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      const missing = accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'
      const present = accessKeyId === undefined ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'
      throw new InvalidCredentialsError(`${present} is set but ${missing} is not`)
    }
    const sessionToken = read('AWS_SESSION_TOKEN')
    const accountId = read('AWS_ACCOUNT_ID')
    const expirationText = read('AWS_CREDENTIAL_EXPIRATION')
    let expiration: Date | undefined
    if (expirationText !== undefined) {
      expiration = parseRfc3339Timestamp(expirationText)
      if (expiration === undefined) {
        // Not quoted: a value in the wrong variable may be a secret.
        throw new InvalidCredentialsError('AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 timestamp such as 2026-11-23T18:00:00Z')
      }
      if (expiration.getTime() <= (options.now ?? Date.now)()) {
        throw new InvalidCredentialsError(`the credentials in the environment expired at ${expiration.toISOString()} (AWS_CREDENTIAL_EXPIRATION)`)
      }
    }
    const credentials: Credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken !== undefined ? { sessionToken } : {}),
      ...(expiration !== undefined ? { expiration } : {}),
      ...(accountId !== undefined ? { accountId } : {}),
    }
    return redactedCredentials(credentials)
  }
}
