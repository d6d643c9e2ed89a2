import type { CredentialProvider, CredentialsInput } from '../credentials.js'
import { InvalidCredentialsError } from '../errors.js'
import { getSessionToken } from '../sts/get-session-token.js'
import type { StsClientOptions } from '../sts/sts-config.js'
import { signedStsConfig } from '../sts/sts-signer.js'
import { askMfaCode, type MfaCodeProvider } from './ask-mfa-code.js'

export interface FromSessionTokenOptions {
  /** Long-term credentials of an IAM user. */
  readonly masterCredentials: CredentialsInput
  /** 900–129600 seconds; STS's default is 43200. */
  readonly durationSeconds?: number
  /** The MFA device; a fresh code is asked of `mfaCodeProvider` for every session. */
  readonly serialNumber?: string
  readonly mfaCodeProvider?: MfaCodeProvider
  readonly clientConfig?: Omit<StsClientOptions, 'credentials'>
}

/** Temporary credentials for the same IAM user (STS GetSessionToken), optionally MFA-authenticated. */
export function fromSessionToken(options: FromSessionTokenOptions): CredentialProvider {
  if (typeof options != 'object' || !options) throw new InvalidCredentialsError('fromSessionToken: options are not an object')
  const config = signedStsConfig({ ...options.clientConfig, credentials: options.masterCredentials })
  return async () => {
    const { serialNumber } = options
    const { credentials } = await getSessionToken(config, {
      ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
      ...(serialNumber === undefined ? {} : { serialNumber, tokenCode: await askMfaCode(options.mfaCodeProvider, serialNumber, 'GetSessionToken') }),
    })
    return credentials
  }
}
