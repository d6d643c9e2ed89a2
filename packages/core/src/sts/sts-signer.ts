import { resolveCredentials } from '../credentials.js'
import { createClockSkew } from '../http/clock-skew.js'
import { longestDelay, withRetries } from '../http/retry.js'
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
      async resolve(signal) {
        // With no timeout but the caller's signal: a provider may ask someone for an MFA code or
        // assume a role itself, which an attempt's timeout would cut off.
        const resolved = await withRetries(() => resolveCredentials(credentials), { maxAttempts: 1, attemptTimeoutMs: longestDelay }, { signal })
        return (request) => sign(request, { credentials: resolved, region: config.region, service: 'sts', date: clock.signingDate() })
      },
      learn(code, response, request) {
        clock.learn(code, response)
        // 20260101T000000Z, as sign wrote it.
        const signedAt = Date.parse(request.headers.get('x-amz-date')!.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:'))
        return createClockSkew(() => signedAt).learn(code, response)
      },
    },
  }
}
