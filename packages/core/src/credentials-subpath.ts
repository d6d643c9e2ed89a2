// `@credkit/core/credentials`: credentials without STS or signing — credential values, provider
// composition (`chain`, `cached`), stores, redaction and the error classes: what a runtime
// package needs when it is imported, the rest of core coming when first used (a new Node process
// pays for every module it parses; issue 5, bench/cold-start.mjs). @credkit/node bundles a copy of
// it; the error classes answer `instanceof` across copies. Everything here is also exported by
// `@credkit/core`, as the same objects.
export type { Credentials, CredentialProvider, CredentialProviderOptions, CredentialsInput } from './credentials.js'
export { resolveCredentials } from './credentials.js'
export {
  CredkitError,
  CredentialsNotConfiguredError,
  CredentialsNotFoundError,
  CredentialStoreError,
  InvalidCredentialsError,
  InvalidRefreshOptionsError,
  InvalidSigningInputError,
  PayloadHashRequiredError,
  PresignExpiryError,
} from './errors.js'
export { redactedCredentials } from './redaction.js'
export { parseRfc3339Timestamp } from './rfc3339-timestamp.js'
export { chain } from './providers/chain.js'
export { fromStatic } from './providers/from-static.js'
export { cached, type CachedOptions, type CachedProvider } from './refresh/cached.js'
export { refreshWindows, type RefreshWindows } from './refresh/refresh-windows.js'
export type { CredentialStore, StoreLock } from './stores/credential-store.js'
export { memoryStore, type MemoryStoreOptions } from './stores/memory-store.js'
export { fromStoredCredentials, parseStoredCredentials, toStoredCredentials, type StoredCredentials } from './stores/stored-credentials.js'
