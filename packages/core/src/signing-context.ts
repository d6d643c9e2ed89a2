import { checkCredentials, type Credentials, type CredentialsInput } from './credentials.js'
import { defaultCrypto } from './crypto/default-crypto.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'
import { InvalidSigningInputError } from './errors.js'
import { isS3Service, type SignOptions } from './sign-options.js'
import { formatAmzDate } from './signature.js'
import { newSigningKeyCache, type SigningKeyCache } from './signing-key.js'

/** Everything a signature needs but the request itself. */
export interface SigningContext {
  readonly credentials: Credentials
  readonly crypto: SigningCrypto
  readonly cache: SigningKeyCache
  readonly date: Date
  readonly datetime: string
  readonly region: string
  readonly service: string
  readonly s3: boolean
  readonly normalizePath: boolean
  readonly doubleEncodePath: boolean
}

// Without an injected cache, each credentials value or provider gets its own cache, held only as
// long as the caller holds that value: nothing is shared between callers and nothing outlives them.
const cachesByCredentials = new WeakMap<object, SigningKeyCache>()

function cacheFor(input: CredentialsInput): SigningKeyCache {
  let cache = cachesByCredentials.get(input)
  if (!cache) cachesByCredentials.set(input, (cache = newSigningKeyCache()))
  return cache
}

const signingName = /^[\w-]+$/
const isSigningName = (name: unknown) => typeof name == 'string' && signingName.test(name)

export function signingContext(options: SignOptions, resolved: Credentials | undefined): SigningContext {
  const { region, service, signHeaders } = options ?? {}
  if (!isSigningName(region) || !isSigningName(service)) {
    throw new InvalidSigningInputError(`bad region or service: ${String(region)}, ${String(service)}`)
  }
  if (signHeaders != null && !signHeaders.every?.((name) => typeof name == 'string')) {
    throw new InvalidSigningInputError('signHeaders: not an array of strings')
  }
  // A BigInt or a Symbol makes the Date constructor throw a TypeError: no date, so the check below fails.
  // Definitely assigned for the compiler: a date that failed is caught by the check of its time.
  let date!: Date
  try {
    date = new Date(options.date ?? Date.now())
  } catch {}
  // From 1970 to the end of 9999 (253402300800000 is 10000-01-01): x-amz-date has four digits for the year.
  const time = date?.getTime()
  if (!(time! >= 0 && time! < 253402300800000)) throw new InvalidSigningInputError('date: not a Date from 1970 to 9999')
  const credentials = checkCredentials(resolved, date)
  const s3 = isS3Service(service)
  return {
    credentials,
    crypto: options.crypto ?? defaultCrypto(),
    cache: options.cache ?? cacheFor(options.credentials),
    date,
    datetime: formatAmzDate(date),
    region,
    service,
    s3,
    normalizePath: options.normalizePath ?? !s3,
    doubleEncodePath: options.doubleEncodePath ?? !s3,
  }
}
