import type { NodeCryptoModule } from './node-crypto.js'
import type { SigningCrypto } from './signing-crypto.js'

/**
 * A backend whose code (backends.ts) is loaded on first use, so a bundle that never needs it does
 * not carry it: until it is there each method waits for it, then its own methods take their places
 * on this object (synchronous ones stay synchronous). `create` must give every method, `hmacHex`
 * included.
 */
export function createLazyCrypto(name: string, create: (backends: typeof import('./backends.js')) => SigningCrypto): SigningCrypto {
  const crypto: Record<string, unknown> = { name }
  let loaded: SigningCrypto | undefined
  for (const method of ['sha256Hex', 'hmacKey', 'hmac', 'hmacHex'] as const) {
    // Each call awaits an import() of its own, never a promise another call made (a Worker must not
    // await another request's), and a load that failed is tried again by the next call.
    crypto[method] = async (...args: [never, never]) => {
      const backends = await import('./backends.js')
      loaded ??= Object.assign(crypto, create(backends)) as unknown as SigningCrypto
      return loaded[method]!(...args)
    }
  }
  return crypto as unknown as SigningCrypto
}

/** node:crypto's backend, loaded on first use, when given the module; else the pure-JS one. */
export const createLazyBackend = (module?: NodeCryptoModule): SigningCrypto =>
  createLazyCrypto(module ? 'node:crypto' : 'pure-js', (backends) => backends.createBackend(module))
