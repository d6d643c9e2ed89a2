import { withCredentials } from './read-sts-result.js'
import type { StsConfig } from './sts-config.js'
import { list, sessionPolicy } from './sts-parameters.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { GetFederationTokenInput, GetFederationTokenOutput } from './sts-types.js'

export async function getFederationToken(config: StsConfig, input: GetFederationTokenInput, options?: CallOptions): Promise<GetFederationTokenOutput> {
  const parameters = {
    Name: input.name,
    ...sessionPolicy(input),
    ...list('Tags', input.tags, (tag) => ({ Key: tag.key, Value: tag.value })),
  }
  const fields = await requestSignedSts(config, 'GetFederationToken', parameters, options)
  return withCredentials(fields, ['federatedUser', 'federatedUserId'])
}
