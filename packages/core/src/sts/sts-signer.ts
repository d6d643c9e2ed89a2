import { resolveCredentials } from '../credentials.js'
import { createClockSkew } from '../http/clock-skew.js'
import { longestDelay, withRetries } from '../http/retry.js'
import type { CachedProvider } from '../refresh/cached.js'
import { sign } from '../sign.js'
import { resolveStsConfig, type StsClientOptions, type StsConfig } from './sts-config.js'

/**
 * The configuration of the signed actions: with `credentials`, each request is signed for `sts`
 * in the configured region, at the time the clock learnt from STS's skew errors says.
 */
export function signedStsConfig(options: StsClientOptions = {}): StsConfig {
  const config = resolveStsConfig(options)
  const { credentials } = options
  if (credentials === undefined) return config
  const clock = createClockSkew(options.now)
  return {
    ...config,
    signer: {
      clock,
      async resolve(signal, rejected) {
        const provider = typeof credentials == 'function' ? (credentials as CachedProvider) : undefined
        if (rejected) provider?.invalidate?.(rejected)
        const source = rejected && provider && !provider.invalidate ? () => provider({ forceRefresh: true }) : credentials
        // With no timeout but the caller's signal: a provider may ask someone for an MFA code or
        // assume a role itself, which an attempt's timeout would cut off.
        const resolved = await withRetries(() => resolveCredentials(source), { maxAttempts: 1, attemptTimeoutMs: longestDelay }, { signal })
        return [
          resolved,
          async (request) => {
            const date = clock.signingDate()
            return [await sign(request, { credentials: resolved, region: config.region, service: 'sts', date }), (code, response) => clock.learn(code, response, date)]
          },
        ]
      },
    },
  }
}
