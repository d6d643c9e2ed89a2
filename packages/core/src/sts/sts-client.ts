import { InvalidSigningInputError } from '../errors.js'
import { assumeRole } from './assume-role.js'
import { assumeRoleWithSaml } from './assume-role-with-saml.js'
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js'
import { decodeAuthorizationMessage } from './decode-authorization-message.js'
import { getAccessKeyInfo } from './get-access-key-info.js'
import { getCallerIdentity } from './get-caller-identity.js'
import { getFederationToken } from './get-federation-token.js'
import { getSessionToken } from './get-session-token.js'
import type { StsClientOptions } from './sts-config.js'
import type { CallOptions } from './sts-request.js'
import { signedStsConfig } from './sts-signer.js'
import type * as Sts from './sts-types.js'

export type { StsClientOptions } from './sts-config.js'
export type { CallOptions } from './sts-request.js'

export interface StsClient {
  assumeRole(input: Sts.AssumeRoleInput, options?: CallOptions): Promise<Sts.AssumeRoleOutput>
  assumeRoleWithWebIdentity(
    input: Sts.AssumeRoleWithWebIdentityInput,
    options?: CallOptions,
  ): Promise<Sts.AssumeRoleWithWebIdentityOutput>
  assumeRoleWithSaml(input: Sts.AssumeRoleWithSamlInput, options?: CallOptions): Promise<Sts.AssumeRoleWithSamlOutput>
  getSessionToken(input?: Sts.GetSessionTokenInput, options?: CallOptions): Promise<Sts.GetSessionTokenOutput>
  getFederationToken(input: Sts.GetFederationTokenInput, options?: CallOptions): Promise<Sts.GetFederationTokenOutput>
  getCallerIdentity(options?: CallOptions): Promise<Sts.GetCallerIdentityOutput>
  getAccessKeyInfo(input: { accessKeyId: string }, options?: CallOptions): Promise<Sts.GetAccessKeyInfoOutput>
  decodeAuthorizationMessage(
    input: { encodedMessage: string },
    options?: CallOptions,
  ): Promise<Sts.DecodeAuthorizationMessageOutput>
  /** What the client has learnt of its clock's offset from STS's, in milliseconds. */
  readonly clockOffsetMs: number
}

/** `input`, once checked to be an object: the actions read its fields without looking. */
function object<T>(input: T): T {
  if (typeof input != 'object' || !input) throw new InvalidSigningInputError('STS input: not an object')
  return input
}

/**
 * A fetch-only client for the STS Query API (version 2011-06-15): every action, each a function
 * of its own module that providers import alone, so an app carries only the actions it calls.
 */
export function createStsClient(options: StsClientOptions = {}): StsClient {
  const config = signedStsConfig(options)
  return {
    get clockOffsetMs() {
      return config.signer?.clock.offsetMs ?? 0
    },
    assumeRole: async (input, callOptions) => assumeRole(config, object(input), callOptions),
    assumeRoleWithWebIdentity: async (input, callOptions) => assumeRoleWithWebIdentity(config, object(input), callOptions),
    assumeRoleWithSaml: async (input, callOptions) => assumeRoleWithSaml(config, object(input), callOptions),
    getSessionToken: async (input = {}, callOptions) => getSessionToken(config, object(input), callOptions),
    getFederationToken: async (input, callOptions) => getFederationToken(config, object(input), callOptions),
    getCallerIdentity: (callOptions) => getCallerIdentity(config, callOptions),
    getAccessKeyInfo: async (input, callOptions) => getAccessKeyInfo(config, object(input), callOptions),
    decodeAuthorizationMessage: async (input, callOptions) => decodeAuthorizationMessage(config, object(input), callOptions),
  }
}
