import { toHex, utf8 } from '../encoding.js'
import type { SigningCrypto } from './signing-crypto.js'

export function createWebCrypto(subtle: SubtleCrypto): SigningCrypto<CryptoKey> {
  const bytes = (data: string | Uint8Array) => (typeof data === 'string' ? utf8.encode(data) : data) as Uint8Array<ArrayBuffer>
  return {
    name: 'webcrypto',
    sha256Hex: async (data) => toHex(new Uint8Array(await subtle.digest('SHA-256', bytes(data)))),
    hmacKey: (secret) => subtle.importKey('raw', bytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    hmac: async (key, data) => new Uint8Array(await subtle.sign('HMAC', key, bytes(data))),
  }
}
