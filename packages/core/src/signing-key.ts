import type { Credentials } from './credentials.js'
import type { MaybePromise, SigningCrypto } from './crypto/signing-crypto.js'
import { InvalidSigningInputError } from './errors.js'

/**
 * A bounded first-in-first-out cache of derived signing keys. An entry is found by access key
 * id, date, region and service, and used only if it was derived from the same secret and crypto
 * backend: the secret is compared, never part of the key.
 */
export interface SigningKeyCache {
  /** @internal */ readonly entries: Map<string, SigningKeyEntry>
  /** @internal The entry found last. */
  last?: SigningKeyEntry
  readonly maxEntries: number
}

// A tuple rather than a record: its field names would be in every browser bundle of `sign`.
type SigningKeyEntry = [secret: string, crypto: SigningCrypto, key: unknown, scope: string, lastFoundFor: Credentials]

/** 50 entries, as the AWS SDK: one per credentials × day × region × service a process signs for. */
export function createSigningKeyCache(options: { maxEntries?: number } = {}): SigningKeyCache {
  const maxEntries = options?.maxEntries ?? 50
  // Anything but a whole number would leave the cache unbounded (a size is never over NaN).
  if (!(Number.isInteger(maxEntries) && maxEntries >= 0)) throw new InvalidSigningInputError('maxEntries: not a number of entries')
  return newSigningKeyCache(Math.max(1, maxEntries))
}

/**
 * The cache without the check of its size, for credkit's own default caches: `sign` alone then
 * carries no check of an option it never takes (48 B gzip).
 */
export const newSigningKeyCache = (maxEntries = 50): SigningKeyCache => ({ entries: new Map(), maxEntries })

/** The key for a scope given as its parts: date, region, service and `aws4_request`. */
export async function computeSigningKey(crypto: SigningCrypto, secretAccessKey: string, scope: readonly string[]): Promise<unknown> {
  let key: string | Uint8Array = 'AWS4' + secretAccessKey
  for (const part of scope) key = await crypto.hmac(await crypto.hmacKey(key), part)
  return crypto.hmacKey(key)
}

/**
 * The cached key for a credential scope (`date/region/service/aws4_request`), synchronously on a
 * hit; a promise of a newly derived one on a miss.
 */
export function getSigningKey(cache: SigningKeyCache, crypto: SigningCrypto, credentials: Credentials, scope: string): MaybePromise<unknown> {
  const { entries, last } = cache
  const secret = credentials.secretAccessKey
  const id = credentials.accessKeyId + '/' + scope
  // Signing again with the same credentials value skips looking the entry up by its id.
  const entry = last?.[4] === credentials && last[3] === scope ? last : entries.get(id)
  // A hit costs one lookup: entries leave in the order they came (as in the AWS SDK), which for
  // keys that change once a day per credentials and scope evicts the same ones an LRU would.
  if (entry?.[0] === secret && entry[1] === crypto) {
    entry[4] = credentials
    return (cache.last = entry)[2]
  }
  return computeSigningKey(crypto, secret, scope.split('/')).then((key) => {
    entries.set(id, (cache.last = [secret, crypto, key, scope, credentials]))
    if (entries.size > cache.maxEntries) entries.delete(entries.keys().next().value!)
    return key
  })
}
