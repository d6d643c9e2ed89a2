import { toHex } from '../encoding.js'
import type { SigningCrypto } from './signing-crypto.js'

interface Sha256Constructor {
  new (secret?: string | Uint8Array): { update(data: string | Uint8Array): void; digest(): Promise<Uint8Array> }
}

/**
 * SHA-256 in JavaScript, for runtimes without `crypto.subtle` (pages served over plain http, some
 * embedded runtimes). Loaded on first use so bundles that never need it do not pay for it.
 */
export function createPureJsCrypto(): SigningCrypto<string | Uint8Array> {
  let loading: Promise<Sha256Constructor> | undefined
  const load = () =>
    (loading ??= import('@aws-crypto/sha256-js').then((module) => module.Sha256 as Sha256Constructor))
  const run = async (secret: string | Uint8Array | undefined, data: string | Uint8Array) => {
    const Sha256 = await load()
    const hash = new Sha256(secret)
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
