import type { StsConfig } from './sts-config.js'
import { requireFields } from './read-sts-result.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { GetCallerIdentityOutput } from './sts-types.js'

export async function getCallerIdentity(config: StsConfig, options?: CallOptions): Promise<GetCallerIdentityOutput> {
  return requireFields(await requestSignedSts(config, 'GetCallerIdentity', {}, options), 'userId', 'account', 'arn')
}
