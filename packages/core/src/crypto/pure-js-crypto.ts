import { toHex } from '../encoding.js'
import type { SigningCrypto } from './signing-crypto.js'

interface Sha256Constructor {
  new (secret?: string | Uint8Array): { update(data: string | Uint8Array): void; digest(): Promise<Uint8Array> }
}

/**
 * SHA-256 in JavaScript, for runtimes without `crypto.subtle` (pages served over plain http, some
 * embedded runtimes). Loaded on first use so bundles that never need it do not pay for it; the
 * module system keeps it loaded after that.
 */
export function createPureJsCrypto(): SigningCrypto<string | Uint8Array> {
  const run = async (secret: string | Uint8Array | undefined, data: string | Uint8Array) => {
    const hash = new ((await import('@aws-crypto/sha256-js')).Sha256 as Sha256Constructor)(secret)
    hash.update(data)
    return hash.digest()
  }
  return {
    name: 'pure-js',
    sha256Hex: async (data) => toHex(await run(undefined, data)),
    hmacKey: (secret) => secret,
    hmac: run,
  }
}
