import type { StsConfig } from './sts-config.js'
import { requireFields } from './read-sts-result.js'
import { requestSts, type CallOptions } from './sts-request.js'
import type { GetCallerIdentityOutput } from './sts-types.js'

export async function getCallerIdentity(config: StsConfig, options?: CallOptions): Promise<GetCallerIdentityOutput> {
  return requireFields(await requestSts(config, 'GetCallerIdentity', {}, true, options), 'userId', 'account', 'arn')
}
