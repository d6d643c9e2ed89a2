import type { CredentialProvider } from '../credentials.js'
import { CredentialsNotConfiguredError, CredentialsNotFoundError, InvalidCredentialsError } from '../errors.js'

/**
 * Whether `error` says "nothing configured here": a `CredentialsNotConfiguredError` (of any copy of
 * credkit, see CredkitError's `instanceof`), or an AWS SDK `CredentialsProviderError` with
 * `tryNextLink: true`, so SDK providers can be links as well.
 */
function isNotConfigured(error: unknown): error is Error {
  return error instanceof CredentialsNotConfiguredError || (error as { tryNextLink?: unknown } | null)?.tryNextLink === true
}

/**
 * Tries each provider in order and returns the first credentials. It moves on only when a provider
 * says it is not configured; any other error (a failing STS call, a malformed file) stops the
 * chain and is thrown as is. When every provider says it is not configured, it throws a
 * `CredentialsNotFoundError` whose message lists each reason and whose `reasons` holds each error.
 * `forceRefresh` is passed to each provider tried.
 */
export function chain(...providers: readonly CredentialProvider[]): CredentialProvider {
  const index = providers.findIndex((provider) => typeof provider != 'function')
  if (index >= 0) throw new InvalidCredentialsError(`chain: provider ${index + 1} is not a function but ${typeof providers[index]}`)
  return async (options) => {
    const reasons: Error[] = []
    for (const provider of providers) {
      try {
        return await provider(options)
      } catch (error) {
        if (!isNotConfigured(error)) throw error
        reasons.push(error)
      }
    }
    const list = reasons.map((reason, index) => `${index + 1}. ${reason.message}`).join('; ')
    throw new CredentialsNotFoundError(
      providers.length === 0 ? 'no credentials: the chain has no providers' : `no credentials: no provider is configured (${list})`,
      { reasons },
    )
  }
}
