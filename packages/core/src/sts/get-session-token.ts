import { withCredentials } from './read-sts-result.js'
import type { StsConfig } from './sts-config.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { GetSessionTokenInput, GetSessionTokenOutput } from './sts-types.js'

export async function getSessionToken(config: StsConfig, input: GetSessionTokenInput = {}, options?: CallOptions): Promise<GetSessionTokenOutput> {
  const parameters = { DurationSeconds: input.durationSeconds, SerialNumber: input.serialNumber, TokenCode: input.tokenCode }
  return withCredentials(await requestSignedSts(config, 'GetSessionToken', parameters, options))
}
