type Encoding = 'hex' | 'latin1' | 'buffer'
export interface NodeCryptoModule {
  /** One-shot hashing (Node ≥ 20.12); not in every runtime that has node:crypto. */
  hash?(algorithm: 'sha256', data: string | Uint8Array, outputEncoding: Encoding): string
  createHash(algorithm: 'sha256'): { update(data: string | Uint8Array): { digest(encoding: Encoding): string } }
}
interface RuntimeWithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown }
}

/**
 * node:crypto, found at run time through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno) and
 * never imported, so bundlers for the browser and Workers never see it. Its synchronous hashing is
 * far cheaper per call than WebCrypto's promise round trips (measured in BENCHMARKS.md).
 */
export function findNodeCrypto(): NodeCryptoModule | undefined {
  const module = (globalThis as RuntimeWithBuiltins).process?.getBuiltinModule?.('node:crypto') as NodeCryptoModule | undefined
  return module?.createHash ? module : undefined
}
