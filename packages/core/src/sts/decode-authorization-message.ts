import type { StsConfig } from './sts-config.js'
import { requireFields } from './read-sts-result.js'
import { requestSts, type CallOptions } from './sts-request.js'
import type { DecodeAuthorizationMessageOutput } from './sts-types.js'

export async function decodeAuthorizationMessage(
  config: StsConfig,
  input: { encodedMessage: string },
  options?: CallOptions,
): Promise<DecodeAuthorizationMessageOutput> {
  const fields = await requestSts(config, 'DecodeAuthorizationMessage', { EncodedMessage: input.encodedMessage }, true, options)
  return requireFields(fields, 'decodedMessage')
}
