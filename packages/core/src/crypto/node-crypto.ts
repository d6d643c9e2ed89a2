import type { SigningCrypto } from './signing-crypto.js'

type Encoding = 'hex' | 'latin1' | 'buffer'
export interface NodeCryptoModule {
  /** One-shot hashing (Node ≥ 20.12); not in every runtime that has node:crypto. */
  hash?(algorithm: 'sha256', data: string | Uint8Array, outputEncoding: Encoding): string
  createHash(algorithm: 'sha256'): { update(data: string | Uint8Array): { digest(encoding: Encoding): string } }
}
interface RuntimeWithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown }
}

const methods = ['sha256Hex', 'hmacKey', 'hmac', 'hmacHex'] as const

/**
 * node:crypto, found at run time through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) and
 * never imported, so bundlers for the browser and Workers never see it. Its synchronous hashing is
 * far cheaper per call than WebCrypto's promise round trips (measured in BENCHMARKS.md).
 *
 * The backend's code is loaded on first use, as the pure-JS one is, so a browser bundle does not
 * carry it: until it is there each method waits for it, then its synchronous methods take their
 * places on this object.
 */
export function probeNodeCrypto(): SigningCrypto | undefined {
  const module = (globalThis as RuntimeWithBuiltins).process?.getBuiltinModule?.('node:crypto') as
    | NodeCryptoModule
    | undefined
  if (!module?.createHash) return undefined
  const crypto: Record<string, unknown> = { name: 'node:crypto' }
  let loading: Promise<SigningCrypto> | undefined
  for (const method of methods) {
    crypto[method] = (...args: [never, never]) =>
      (loading ??= import('./node-crypto-backend.js').then((backend) => Object.assign(crypto, backend.createNodeCrypto(module)))).then(
        (loaded) => loaded[method]!(...args),
      )
  }
  return crypto as unknown as SigningCrypto
}
