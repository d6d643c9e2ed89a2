import { redactedCredentials, type Credentials } from '@credkit/core/credentials'

/** The credential fields IMDS and the container endpoint both answer with, all required strings. */
export const remoteCredentialFields = ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'] as const

/** The fields of `remoteCredentialFields` that `record` lacks or leaves empty. */
export function missingCredentialFields(record: Readonly<Record<string, unknown>>): string[] {
  return remoteCredentialFields.filter((key) => typeof record[key] !== 'string' || record[key] === '')
}

/**
 * Credentials from an IMDS or container answer already checked for `remoteCredentialFields`, with
 * its optional `AccountId`; printed without secrets.
 */
export function remoteCredentials(record: Readonly<Record<string, unknown>>, expiration: Date): Credentials {
  const accountId = typeof record['AccountId'] === 'string' && record['AccountId'] !== '' ? record['AccountId'] : undefined
  return redactedCredentials({
    accessKeyId: record['AccessKeyId'] as string,
    secretAccessKey: record['SecretAccessKey'] as string,
    sessionToken: record['Token'] as string,
    expiration,
    ...(accountId !== undefined ? { accountId } : {}),
  })
}
