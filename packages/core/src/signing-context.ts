import { resolveCredentials, type Credentials, type CredentialsInput } from './credentials.js'
import { defaultCrypto } from './crypto/default-crypto.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'
import { InvalidCredentialsError, InvalidSigningInputError } from './errors.js'
import { isS3Service, type SignOptions } from './sign-options.js'
import { toAmzDate } from './signature.js'
import { createSigningKeyCache, type SigningKeyCache } from './signing-key.js'

export interface SigningContext {
  readonly credentials: Credentials
  readonly crypto: SigningCrypto
  readonly cache: SigningKeyCache
  readonly date: Date
  readonly datetime: string
  readonly s3: boolean
}

// Without an injected cache, each credentials value or provider gets its own cache, held only as
// long as the caller holds that value: nothing is shared between callers and nothing outlives them.
const cachesByCredentials = new WeakMap<object, SigningKeyCache>()

function cacheFor(input: CredentialsInput): SigningKeyCache {
  let cache = cachesByCredentials.get(input)
  if (cache === undefined) cachesByCredentials.set(input, (cache = createSigningKeyCache()))
  return cache
}

const token = /^[A-Za-z0-9-]+$/

export async function createSigningContext(options: SignOptions): Promise<SigningContext> {
  if (options === null || typeof options !== 'object') throw new InvalidSigningInputError('signing options are required')
  if (typeof options.region !== 'string' || !token.test(options.region)) {
    throw new InvalidSigningInputError(`region must be a region name like us-east-1, got ${JSON.stringify(options.region)}`)
  }
  if (typeof options.service !== 'string' || !token.test(options.service)) {
    throw new InvalidSigningInputError(`service must be a signing name like s3, got ${JSON.stringify(options.service)}`)
  }
  if (options.credentials === null || (typeof options.credentials !== 'object' && typeof options.credentials !== 'function')) {
    throw new InvalidCredentialsError('credentials must be a credentials object or a provider function')
  }
  const date = options.date ?? new Date()
  if (!(date instanceof Date) || !Number.isFinite(date.getTime())) {
    throw new InvalidSigningInputError('date must be a valid Date')
  }
  const credentials = await resolveCredentials(options.credentials)
  if (credentials.expiration !== undefined && credentials.expiration.getTime() <= date.getTime()) {
    throw new InvalidCredentialsError(
      `the credentials for ${credentials.accessKeyId} expired at ${credentials.expiration.toISOString()}`,
    )
  }
  return {
    credentials,
    crypto: options.crypto ?? defaultCrypto(),
    cache: options.cache ?? cacheFor(options.credentials),
    date,
    datetime: toAmzDate(date),
    s3: isS3Service(options.service),
  }
}
