import type { Credentials } from '@credkit/core'

export const credentialVariableNames = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'] as const

/** The variables the AWS SDKs read for `credentials`, and the ones to clear because it lacks them. */
export function credentialVariables(credentials: Credentials): { set: Record<string, string>; unset: string[] } {
  const set: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  }
  if (credentials.sessionToken !== undefined) set['AWS_SESSION_TOKEN'] = credentials.sessionToken
  if (credentials.expiration !== undefined) set['AWS_CREDENTIAL_EXPIRATION'] = credentials.expiration.toISOString()
  return { set, unset: credentialVariableNames.filter((name) => !(name in set)) }
}
