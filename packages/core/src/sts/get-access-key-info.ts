import type { StsConfig } from './sts-config.js'
import { requireFields } from './read-sts-result.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { GetAccessKeyInfoOutput } from './sts-types.js'

export async function getAccessKeyInfo(config: StsConfig, input: { accessKeyId: string }, options?: CallOptions): Promise<GetAccessKeyInfoOutput> {
  return requireFields(await requestSignedSts(config, 'GetAccessKeyInfo', { AccessKeyId: input.accessKeyId }, options), 'account')
}
