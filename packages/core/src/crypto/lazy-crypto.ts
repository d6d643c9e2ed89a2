import type { SigningCrypto } from './signing-crypto.js'

const methods = ['sha256Hex', 'hmacKey', 'hmac', 'hmacHex'] as const

/**
 * A backend whose code is loaded on first use, so a bundle that never needs it does not carry it:
 * until it is there each method waits for it, then its own methods take their places on this
 * object (synchronous ones stay synchronous). `load` must give every method, `hmacHex` included.
 */
export function createLazyCrypto(name: string, load: () => Promise<SigningCrypto>): SigningCrypto {
  const crypto: Record<string, unknown> = { name }
  let loading: Promise<SigningCrypto> | undefined
  for (const method of methods) {
    crypto[method] = (...args: [never, never]) =>
      (loading ??= load().then((loaded) => Object.assign(crypto, loaded))).then((loaded) => loaded[method]!(...args))
  }
  return crypto as unknown as SigningCrypto
}
