import type { CredentialProvider, CredentialsInput } from '../credentials.js'
import { InvalidCredentialsError } from '../errors.js'
import { createStsClient, type StsClientOptions } from '../sts/sts-client.js'

export interface FromSessionTokenOptions {
  /** Long-term credentials of an IAM user. */
  readonly masterCredentials: CredentialsInput
  /** 900–129600 seconds; STS's default is 43200. */
  readonly durationSeconds?: number
  /** The MFA device; a fresh code is asked of `mfaCodeProvider` for every session. */
  readonly serialNumber?: string
  readonly mfaCodeProvider?: (serialNumber: string) => Promise<string>
  readonly clientConfig?: Omit<StsClientOptions, 'credentials'>
}

/** Temporary credentials for the same IAM user (STS GetSessionToken), optionally MFA-authenticated. */
export function fromSessionToken(options: FromSessionTokenOptions): CredentialProvider {
  const client = createStsClient({ ...options.clientConfig, credentials: options.masterCredentials })
  return async () => {
    const { serialNumber, mfaCodeProvider } = options
    if (serialNumber !== undefined && mfaCodeProvider === undefined) {
      throw new InvalidCredentialsError(`GetSessionToken needs an MFA code for ${serialNumber}: pass mfaCodeProvider`)
    }
    const { credentials } = await client.getSessionToken({
      ...(options.durationSeconds === undefined ? {} : { durationSeconds: options.durationSeconds }),
      ...(serialNumber === undefined ? {} : { serialNumber, tokenCode: await mfaCodeProvider!(serialNumber) }),
    })
    return credentials
  }
}
