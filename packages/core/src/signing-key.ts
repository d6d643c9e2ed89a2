import type { Credentials } from './credentials.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'

interface CachedKey {
  readonly crypto: SigningCrypto
  readonly key: unknown
}

/**
 * A bounded least-recently-used cache of derived signing keys. Entries are keyed by an HMAC
 * fingerprint of the secret, never by the secret itself, plus the date, region and service.
 */
export interface SigningKeyCache {
  /** @internal */ fingerprints: WeakMap<Credentials, string>
  /** @internal */ entries: Map<string, CachedKey>
  readonly maxEntries: number
}

/** 50 entries, as the AWS SDK: one per credentials × day × region × service a process signs for. */
export function createSigningKeyCache(options: { maxEntries?: number } = {}): SigningKeyCache {
  return { fingerprints: new WeakMap(), entries: new Map(), maxEntries: Math.max(1, options.maxEntries ?? 50) }
}

export async function deriveSigningKey(
  crypto: SigningCrypto,
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Promise<unknown> {
  const dateKey = await crypto.hmac(await crypto.hmacKey('AWS4' + secretAccessKey), date)
  const regionKey = await crypto.hmac(await crypto.hmacKey(dateKey), region)
  const serviceKey = await crypto.hmac(await crypto.hmacKey(regionKey), service)
  return crypto.hmacKey(await crypto.hmac(await crypto.hmacKey(serviceKey), 'aws4_request'))
}

export async function getSigningKey(
  cache: SigningKeyCache,
  crypto: SigningCrypto,
  credentials: Credentials,
  date: string,
  region: string,
  service: string,
): Promise<unknown> {
  let fingerprint = cache.fingerprints.get(credentials)
  if (fingerprint === undefined) {
    fingerprint = await crypto.hmacHex(await crypto.hmacKey(credentials.secretAccessKey), credentials.accessKeyId)
    cache.fingerprints.set(credentials, fingerprint)
  }
  const id = `${fingerprint}\n${date}\n${region}\n${service}`
  const cached = cache.entries.get(id)
  if (cached !== undefined && cached.crypto === crypto) {
    cache.entries.delete(id)
    cache.entries.set(id, cached)
    return cached.key
  }
  const key = await deriveSigningKey(crypto, credentials.secretAccessKey, date, region, service)
  cache.entries.set(id, { crypto, key })
  if (cache.entries.size > cache.maxEntries) cache.entries.delete(cache.entries.keys().next().value!)
  return key
}
