import { assumedRole } from './assume-role.js'
import type { StsConfig } from './sts-config.js'
import { sessionPolicy } from './sts-parameters.js'
import { requestSts, type CallOptions } from './sts-request.js'
import type { AssumeRoleWithWebIdentityInput, AssumeRoleWithWebIdentityOutput } from './sts-types.js'

/** Unsigned: the web identity token is what authenticates the call. */
export async function assumeRoleWithWebIdentity(
  config: StsConfig,
  input: AssumeRoleWithWebIdentityInput,
  options?: CallOptions,
): Promise<AssumeRoleWithWebIdentityOutput> {
  const parameters = {
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    WebIdentityToken: input.webIdentityToken,
    ProviderId: input.providerId,
    ...sessionPolicy(input),
  }
  return assumedRole(await requestSts(config, 'AssumeRoleWithWebIdentity', parameters, options))
}
