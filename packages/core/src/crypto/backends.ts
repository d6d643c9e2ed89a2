// The backends loaded on first use (see lazy-crypto.ts), in one module: one more file in a browser
// bundle costs it more than the few hundred bytes of the backend it does not use.
export { createNodeBackend } from './node-crypto-backend.js'
export { createPureJsBackend } from './pure-js-backend.js'
