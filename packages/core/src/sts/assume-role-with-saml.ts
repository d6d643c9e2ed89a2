import { assumedRole } from './assume-role.js'
import type { StsConfig } from './sts-config.js'
import { sessionPolicy } from './sts-parameters.js'
import { requestSts, type CallOptions } from './sts-request.js'
import type { AssumeRoleWithSamlInput, AssumeRoleWithSamlOutput } from './sts-types.js'

/** Unsigned: the SAML assertion is what authenticates the call. */
export async function assumeRoleWithSaml(config: StsConfig, input: AssumeRoleWithSamlInput, options?: CallOptions): Promise<AssumeRoleWithSamlOutput> {
  const parameters = {
    RoleArn: input.roleArn,
    PrincipalArn: input.principalArn,
    SAMLAssertion: input.samlAssertion,
    ...sessionPolicy(input),
  }
  return assumedRole(await requestSts(config, 'AssumeRoleWithSAML', parameters, options))
}
