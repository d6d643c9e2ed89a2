import { resolveCredentials, type Credentials, type CredentialsInput } from '../credentials.js'
import type { CachedProvider } from '../refresh/cached.js'
import { longestDelay, withRetries } from './retry.js'

/**
 * The credentials for one call (an STS action, a signed fetch), checked, stopped by the caller's
 * signal but by no attempt timeout: a provider may ask someone for an MFA code or assume a role
 * itself, which an attempt's timeout would cut off (and each retry would ask again). With the
 * credentials a service `rejected` (expired or invalid), a provider is asked for others: a
 * `cached` one drops them first and is asked as usual (so a thousand calls rejected at one expiry
 * make one refresh), any other is called with `forceRefresh`. A value stays what it is.
 */
export function resolveForCall(input: CredentialsInput, signal: AbortSignal | null | undefined, rejected?: Credentials): Promise<Credentials> {
  const provider = typeof input == 'function' ? (input as CachedProvider) : undefined
  if (rejected) provider?.invalidate?.(rejected)
  const source = rejected && provider && !provider.invalidate ? () => provider({ forceRefresh: true }) : input
  return withRetries(() => resolveCredentials(source), { maxAttempts: 1, attemptTimeoutMs: longestDelay }, { signal: signal ?? undefined })
}
