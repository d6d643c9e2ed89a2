import { utf8 } from '../encoding.js'
import type { SigningCrypto } from './signing-crypto.js'

interface NodeHash {
  update(data: string | Uint8Array): NodeHash
  digest(): Uint8Array
  digest(encoding: 'hex'): string
}
interface NodeCryptoModule {
  createHash(algorithm: 'sha256'): NodeHash
  createHmac(algorithm: 'sha256', key: NodeKey): NodeHash
  createSecretKey(key: Uint8Array): NodeKey
}
/** A node:crypto KeyObject: HMAC with one is several times faster than with raw bytes. */
type NodeKey = object
interface RuntimeWithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown }
}

/**
 * node:crypto, found at run time through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) and
 * never imported, so bundlers for the browser and Workers never see it. Its synchronous HMAC is
 * far cheaper per call than WebCrypto's promise round trips (measured in BENCHMARKS.md).
 */
export function probeNodeCrypto(): SigningCrypto<NodeKey> | undefined {
  const module = (globalThis as RuntimeWithBuiltins).process?.getBuiltinModule?.('node:crypto') as
    | NodeCryptoModule
    | undefined
  if (!module?.createHmac) return undefined
  const { createHash, createHmac, createSecretKey } = module
  return {
    name: 'node:crypto',
    sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
    hmacKey: (secret) => createSecretKey(typeof secret == 'string' ? utf8.encode(secret) : secret),
    hmac: (key, data) => createHmac('sha256', key).update(data).digest(),
  }
}
