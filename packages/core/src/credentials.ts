import { InvalidCredentialsError } from './errors.js'

/** Structurally an AWS SDK `AwsCredentialIdentity`, so either can be used where the other is expected. */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: Date
  readonly accountId?: string
}

/**
 * What a provider is called with. An AWS SDK client or chain passes its `callerClientConfig`,
 * which credkit's providers ignore: declared so that a credkit provider type-checks as a link of
 * the SDK's `createCredentialChain` (TypeScript refuses to pass an object that shares no property
 * with one whose properties are all optional).
 */
export interface CredentialProviderOptions {
  readonly forceRefresh?: boolean
  readonly callerClientConfig?: unknown
}

export type CredentialProvider = (options?: CredentialProviderOptions) => Promise<Credentials>

export type CredentialsInput = Credentials | CredentialProvider

export async function resolveCredentials(input: CredentialsInput): Promise<Credentials> {
  return checkCredentials(typeof input === 'function' ? await input() : input)
}

// An access key id and a session token go into headers and URLs as they are: printable ASCII.
const headerSafe = /^[!-~]+$/
export const isHeaderSafe = (value: unknown) => typeof value == 'string' && headerSafe.test(value)
// The key id and token found safe last for each credentials value: scanning a 720-character
// token costs 0.25 µs a signing, a WeakMap lookup 0.014 µs. Held only as long as the credentials.
const checked = new WeakMap<Credentials, readonly [accessKeyId: string, sessionToken: string | undefined]>()

/**
 * Throws unless `credentials` has a secret, an access key id and a session token (if any) that a
 * request can carry, and an expiration (if any) that is a valid Date and, given a `date` to use
 * them at, after it. Never quotes a secret or a token; an expiry names the access key id.
 */
export function checkCredentials(credentials: Credentials | undefined, date?: Date): Credentials {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials ?? ({} as Partial<Credentials>)
  const seen = checked.get(credentials!)
  const known = seen !== undefined && seen[0] === accessKeyId && seen[1] === sessionToken
  const problem = !((known || isHeaderSafe(accessKeyId)) && secretAccessKey && typeof secretAccessKey == 'string')
    ? 'lack a usable accessKeyId or secretAccessKey'
    : !known && sessionToken && !isHeaderSafe(sessionToken)
      ? 'hold a sessionToken with characters a request cannot carry'
      : expiration != null && !(expiration.getTime?.() >= 0)
        ? 'hold an expiration that is not a valid Date'
        : expiration && expiration <= date!
          ? `${accessKeyId} expired ${expiration.toISOString()}`
          : ''
  if (problem) throw new InvalidCredentialsError('credentials ' + problem)
  if (!known) checked.set(credentials!, [accessKeyId!, sessionToken])
  return credentials!
}
