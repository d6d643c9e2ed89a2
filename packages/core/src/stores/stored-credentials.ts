import type { Credentials } from '../credentials.js'
import { hideSecretsFromInspect, redactedCredentials } from '../redaction.js'

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
  /** Epoch milliseconds at which the refresh engine obtained them; it sizes the refresh windows. */
  readonly issuedAt?: number
}

export function toStoredCredentials(credentials: Credentials, options: { issuedAt?: number } = {}): StoredCredentials {
  const stored: StoredCredentials = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    ...(credentials.expiration === undefined ? {} : { expiration: credentials.expiration.getTime() }),
    ...(credentials.accountId === undefined ? {} : { accountId: credentials.accountId }),
    ...(options.issuedAt === undefined ? {} : { issuedAt: options.issuedAt }),
  }
  return hideSecretsFromInspect(stored)
}

const isOptional = (value: unknown, type: 'string' | 'number') =>
  value === undefined || (typeof value === type && (type === 'string' || Number.isFinite(value)))

/** `value` as `StoredCredentials`, or undefined when it does not have that shape (says nothing of why: it holds a secret). */
export function parseStoredCredentials(value: unknown): StoredCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  const { accessKeyId, secretAccessKey } = record
  if (typeof accessKeyId !== 'string' || !accessKeyId || typeof secretAccessKey !== 'string' || !secretAccessKey) {
    return undefined
  }
  if (!isOptional(record.sessionToken, 'string') || !isOptional(record.accountId, 'string')) return undefined
  if (!isOptional(record.expiration, 'number') || !isOptional(record.issuedAt, 'number')) return undefined
  return record as unknown as StoredCredentials
}

/** Credentials from their stored form, as a frozen object that `util.inspect` and `JSON.stringify` show without secrets. */
export function fromStoredCredentials(stored: StoredCredentials): Credentials {
  return redactedCredentials({
    accessKeyId: stored.accessKeyId,
    secretAccessKey: stored.secretAccessKey,
    ...(stored.sessionToken === undefined ? {} : { sessionToken: stored.sessionToken }),
    ...(stored.expiration === undefined ? {} : { expiration: new Date(stored.expiration) }),
    ...(stored.accountId === undefined ? {} : { accountId: stored.accountId }),
  })
}
