import type { SigningCrypto } from './signing-crypto.js'

// Not encoding.ts's toHex: a module shared with the main bundle would be split into a third file,
// which costs a browser bundle more than this line.
const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

/** The pure-JS backend itself; `createPureJsCrypto` loads it on first use. */
export function createPureJsBackend(): SigningCrypto<string | Uint8Array> {
  // Imported when used: the module these backends share is loaded in Node too.
  const hmac = async (secret: string | Uint8Array | undefined, data: string | Uint8Array) => {
    const hash = new (await import('@aws-crypto/sha256-js')).Sha256(secret)
    hash.update(data)
    return hash.digest()
  }
  return {
    name: 'pure-js',
    sha256Hex: async (data) => toHex(await hmac(undefined, data)),
    hmacKey: (secret) => secret,
    hmac,
    hmacHex: async (key, data) => toHex(await hmac(key, data)),
  }
}
