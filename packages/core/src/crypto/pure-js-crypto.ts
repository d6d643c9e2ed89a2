import { createLazyBackend } from './lazy-crypto.js'
import type { SigningCrypto } from './signing-crypto.js'

/**
 * SHA-256 in JavaScript, for runtimes without `crypto.subtle` (pages served over plain http, some
 * embedded runtimes). Loaded on first use (pure-js-backend.ts, which imports @aws-crypto/sha256-js when it hashes) so
 * bundles that never need it do not pay for it; the module system keeps it loaded after that.
 */
export function createPureJsCrypto(): SigningCrypto<string | Uint8Array> {
  return createLazyBackend() as SigningCrypto<string | Uint8Array>
}
