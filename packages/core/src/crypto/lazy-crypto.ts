import type { SigningCrypto } from './signing-crypto.js'

const methods = ['sha256Hex', 'hmacKey', 'hmac', 'hmacHex'] as const

/**
 * A backend whose code (backends.ts) is loaded on first use, so a bundle that never needs it does
 * not carry it: until it is there each method waits for it, then its own methods take their places
 * on this object (synchronous ones stay synchronous). `create` must give every method, `hmacHex`
 * included.
 */
export function createLazyCrypto(name: string, create: (backends: typeof import('./backends.js')) => SigningCrypto): SigningCrypto {
  const crypto: Record<string, unknown> = { name }
  let loading: Promise<SigningCrypto> | undefined
  for (const method of methods) {
    crypto[method] = (...args: [never, never]) =>
      (loading ??= import('./backends.js').then((backends) => Object.assign(crypto, create(backends)))).then((loaded) =>
        loaded[method]!(...args),
      )
  }
  return crypto as unknown as SigningCrypto
}
