import type { StsConfig } from './sts-config.js'
import { requireFields } from './read-sts-result.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { DecodeAuthorizationMessageOutput } from './sts-types.js'

export async function decodeAuthorizationMessage(
  config: StsConfig,
  input: { encodedMessage: string },
  options?: CallOptions,
): Promise<DecodeAuthorizationMessageOutput> {
  const fields = await requestSignedSts(config, 'DecodeAuthorizationMessage', { EncodedMessage: input.encodedMessage }, options)
  return requireFields(fields, 'decodedMessage')
}
