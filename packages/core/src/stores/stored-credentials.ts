import type { Credentials } from '../credentials.js'
import { credentialFields, definedFields, hideSecretsFromInspect, redactedCredentials } from '../redaction.js'

/**
 * Credentials as a `CredentialStore` keeps them: plain JSON-safe data, `expiration` and `issuedAt`
 * as epoch milliseconds. This is the one credkit object that `JSON.stringify` writes in full,
 * secret included, because a store has to persist it; `util.inspect` still hides the secret. Keep
 * it out of logs.
 */
export interface StoredCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  /** Epoch milliseconds. */
  readonly expiration?: number
  readonly accountId?: string
  /**
   * Epoch milliseconds at which the refresh engine obtained them; it sizes the refresh windows.
   * Missing or later than the reader's clock, it is ignored and the 15- and 10-minute windows apply.
   */
  readonly issuedAt?: number
}

export function toStoredCredentials(credentials: Credentials, { issuedAt }: { issuedAt?: number } = {}): StoredCredentials {
  return hideSecretsFromInspect(definedFields({ ...credentialFields(credentials), expiration: credentials.expiration?.getTime(), issuedAt }) as StoredCredentials)
}

/** `value` as `StoredCredentials`, or undefined when it does not have that shape (says nothing of why: it holds a secret). */
export function parseStoredCredentials(value: unknown): StoredCredentials | undefined {
  const { accessKeyId, secretAccessKey, sessionToken = '', accountId = '', expiration = 0, issuedAt = 0 } = Object(value) as Record<string, unknown>
  const valid =
    [accessKeyId, secretAccessKey, sessionToken, accountId].every((field) => typeof field == 'string') &&
    accessKeyId &&
    secretAccessKey &&
    Number.isFinite(expiration) &&
    Number.isFinite(issuedAt)
  return valid ? (value as StoredCredentials) : undefined
}

/** Credentials from their stored form, with read-only fields, that `util.inspect` and `JSON.stringify` show without secrets. */
export const fromStoredCredentials = (stored: StoredCredentials): Credentials =>
  redactedCredentials({ ...stored, expiration: stored.expiration === undefined ? undefined : new Date(stored.expiration) } as Credentials)
