import { createLazyBackend } from './lazy-crypto.js'
import { findNodeCrypto } from './node-crypto.js'
import type { SigningCrypto } from './signing-crypto.js'
import { createWebCrypto } from './web-crypto.js'

let chosen: SigningCrypto | undefined

/** node:crypto where the runtime has it, else WebCrypto, else pure JS; chosen once per process. */
export function defaultCrypto(): SigningCrypto {
  return (chosen ??= pickCrypto(globalThis.crypto?.subtle))
}

export function pickCrypto(subtle: SubtleCrypto | undefined): SigningCrypto {
  const module = findNodeCrypto()
  return module || !subtle ? createLazyBackend(module) : (createWebCrypto(subtle) as SigningCrypto)
}
