import { InvalidCredentialsError } from './errors.js'

/** Structurally an AWS SDK `AwsCredentialIdentity`, so either can be used where the other is expected. */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
  readonly accountId?: string
}

export type CredentialProvider = (options?: { forceRefresh?: boolean }) => Promise<Credentials>

export type CredentialsInput = Credentials | CredentialProvider

export async function resolveCredentials(input: CredentialsInput): Promise<Credentials> {
  return checkCredentials(typeof input === 'function' ? await input() : input)
}

/** Throws unless `credentials` has both keys. */
export function checkCredentials(credentials: Credentials | undefined): Credentials {
  if (![credentials?.accessKeyId, credentials?.secretAccessKey].every((key) => key && typeof key == 'string')) {
    throw new InvalidCredentialsError('credentials lack accessKeyId or secretAccessKey')
  }
  return credentials!
}
