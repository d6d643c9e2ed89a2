import type { SigningCrypto } from './signing-crypto.js'

/**
 * What bundlers for the browser load instead of node-crypto.ts (package.json `browser` field): a
 * browser has no node:crypto, so the probe is left out of the bundle altogether.
 */
export function probeNodeCrypto(): SigningCrypto<string | Uint8Array> | undefined {
  return undefined
}
