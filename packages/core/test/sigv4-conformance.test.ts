import { describe, it } from 'vitest'
import { createWebCrypto } from '../src/index.js'
import { sigv4Suite } from './conformance/sigv4-suite.js'
import { urlSuite } from './conformance/url-suite.js'
import { createLazyBackend } from '../src/crypto/lazy-crypto.js'
import { findNodeCrypto } from '../src/crypto/node-crypto.js'
import { createPureJsCrypto } from '../src/crypto/pure-js-crypto.js'

// The same suite through each crypto backend: node:crypto (Node's default), WebCrypto (browsers,
// workerd) and pure JS (no crypto.subtle).
const backends = [createLazyBackend(findNodeCrypto()!), createWebCrypto(globalThis.crypto.subtle), createPureJsCrypto()]

for (const crypto of backends) {
  describe(`AWS SigV4 suite · ${crypto.name}`, () => {
    for (const test of sigv4Suite(crypto)) it(test.name, () => test.run())
  })
}

// The URL corpus every runtime checks (test/runtimes), here against Node's parser.
describe('parseUrl against the URL parser', () => {
  for (const test of urlSuite()) it(test.name, () => test.run())
})
