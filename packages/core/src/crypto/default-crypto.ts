import { probeNodeCrypto } from './node-crypto.js'
import { createPureJsCrypto } from './pure-js-crypto.js'
import type { SigningCrypto } from './signing-crypto.js'
import { createWebCrypto } from './web-crypto.js'

let chosen: SigningCrypto | undefined

/** node:crypto where the runtime has it, else WebCrypto, else pure JS; chosen once per process. */
export function defaultCrypto(): SigningCrypto {
  return (chosen ??= pickCrypto(globalThis.crypto?.subtle))
}

export function pickCrypto(subtle: SubtleCrypto | undefined): SigningCrypto {
  return (
    (probeNodeCrypto() as SigningCrypto | undefined) ??
    (subtle ? (createWebCrypto(subtle) as SigningCrypto) : (createPureJsCrypto() as SigningCrypto))
  )
}
