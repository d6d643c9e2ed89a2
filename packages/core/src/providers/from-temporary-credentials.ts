import type { CredentialProvider, CredentialsInput } from '../credentials.js'
import { InvalidCredentialsError } from '../errors.js'
import { assumeRole } from '../sts/assume-role.js'
import type { StsClientOptions } from '../sts/sts-config.js'
import { signedStsConfig } from '../sts/sts-signer.js'
import type { AssumeRoleInput } from '../sts/sts-types.js'
import { askMfaCode, type MfaCodeProvider } from './ask-mfa-code.js'

export interface FromTemporaryCredentialsOptions {
  /** AssumeRole's parameters; `roleSessionName` defaults to `credkit-<milliseconds>` of `clientConfig.now`. */
  readonly params: Omit<AssumeRoleInput, 'roleSessionName' | 'tokenCode'> & { readonly roleSessionName?: string }
  /** The credentials that call AssumeRole: a value or a provider (another role, for a chain). */
  readonly masterCredentials: CredentialsInput
  readonly clientConfig?: Omit<StsClientOptions, 'credentials'>
  /**
   * Asked for a fresh MFA code every time the role is assumed (each refresh), since a code is
   * good for one use only.
   */
  readonly mfaCodeProvider?: MfaCodeProvider
}

/**
 * Role credentials from STS AssumeRole. Chains of roles are providers given as each other's
 * `masterCredentials`. Each call assumes the role again: wrap the provider in `cached` to refresh
 * only when needed.
 */
export function fromTemporaryCredentials(options: FromTemporaryCredentialsOptions): CredentialProvider {
  if (typeof options?.params?.roleArn != 'string') throw new InvalidCredentialsError('fromTemporaryCredentials: params.roleArn is not a string')
  const config = signedStsConfig({ ...options.clientConfig, credentials: options.masterCredentials })
  return async () => {
    const { params } = options
    const serialNumber = params.serialNumber
    const tokenCode = serialNumber === undefined ? undefined : await askMfaCode(options.mfaCodeProvider, serialNumber, `assuming ${params.roleArn}`)
    const { credentials } = await assumeRole(config, {
      ...params,
      roleSessionName: params.roleSessionName ?? `credkit-${(config.now ?? Date.now)()}`,
      ...(tokenCode === undefined ? {} : { tokenCode }),
    })
    return credentials
  }
}
