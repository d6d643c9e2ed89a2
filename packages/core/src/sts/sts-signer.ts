import { createClockSkew } from '../http/clock-skew.js'
import { resolveForCall } from '../http/resolve-for-call.js'
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
        const resolved = await resolveForCall(credentials, signal, rejected)
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
