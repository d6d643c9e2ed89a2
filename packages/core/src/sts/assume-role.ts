import { InvalidSigningInputError } from '../errors.js'
import { withCredentials } from './read-sts-result.js'
import type { StsConfig } from './sts-config.js'
import { list, sessionPolicy } from './sts-parameters.js'
import { requestSignedSts, type CallOptions, type StsFields } from './sts-request.js'
import type { AssumeRoleInput, AssumeRoleOutput } from './sts-types.js'

export async function assumeRole(config: StsConfig, input: AssumeRoleInput, options?: CallOptions): Promise<AssumeRoleOutput> {
  if ((input.serialNumber === undefined) !== (input.tokenCode === undefined)) {
    throw new InvalidSigningInputError('AssumeRole with MFA needs both serialNumber and tokenCode')
  }
  const parameters = {
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    ...sessionPolicy(input),
    ExternalId: input.externalId,
    ...list('Tags', input.tags, (tag) => ({ Key: tag.key, Value: tag.value })),
    ...list('TransitiveTagKeys', input.transitiveTagKeys),
    SourceIdentity: input.sourceIdentity,
    SerialNumber: input.serialNumber,
    TokenCode: input.tokenCode,
    ...list('ProvidedContexts', input.providedContexts, (context) => ({
      ProviderArn: context.providerArn,
      ContextAssertion: context.contextAssertion,
    })),
  }
  return assumedRole(await requestSignedSts(config, 'AssumeRole', parameters, options))
}

/** The result of the AssumeRole actions, with the account of the assumed role in the credentials. */
export const assumedRole = <T>(fields: StsFields): T => withCredentials<T>(fields, ['assumedRoleUser', 'assumedRoleId'])
