import { InvalidSigningInputError } from '../errors.js'
import { withCredentials } from './read-sts-result.js'
import type { StsConfig } from './sts-config.js'
import { requestSignedSts, type CallOptions } from './sts-request.js'
import type { GetSessionTokenInput, GetSessionTokenOutput } from './sts-types.js'

export async function getSessionToken(config: StsConfig, input: GetSessionTokenInput = {}, options?: CallOptions): Promise<GetSessionTokenOutput> {
  // As for AssumeRole: MFA takes both, and one without the other is a slip (a device named but its
  // code not passed), named here rather than sent.
  if ((input.serialNumber === undefined) !== (input.tokenCode === undefined)) {
    throw new InvalidSigningInputError('GetSessionToken with MFA needs both serialNumber and tokenCode')
  }
  const parameters = { DurationSeconds: input.durationSeconds, SerialNumber: input.serialNumber, TokenCode: input.tokenCode }
  return withCredentials(await requestSignedSts(config, 'GetSessionToken', parameters, options))
}
