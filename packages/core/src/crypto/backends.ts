// The backends loaded on first use (see lazy-crypto.ts), in one module: one more file in a browser
// bundle costs it more than the few hundred bytes of the backend it does not use.
import type { NodeCryptoModule } from './node-crypto.js'
import { createNodeBackend } from './node-crypto-backend.js'
import { createPureJsBackend } from './pure-js-backend.js'
import type { SigningCrypto } from './signing-crypto.js'

/** node:crypto's backend when given the module, else the pure-JS one: one name for lazy-crypto to call. */
export const createBackend = (module?: NodeCryptoModule): SigningCrypto =>
  (module ? createNodeBackend(module) : createPureJsBackend()) as SigningCrypto
