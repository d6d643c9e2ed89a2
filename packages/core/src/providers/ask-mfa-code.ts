import { InvalidCredentialsError } from '../errors.js'

/** Asked for the current code of an MFA device. */
export type MfaCodeProvider = (serialNumber: string) => Promise<string>

/**
 * A fresh code from `mfaCodeProvider` for `serialNumber`, checked to be text: a number would lose
 * its leading zeros, and undefined or '' would reach STS as a request without a code.
 */
export async function askMfaCode(mfaCodeProvider: MfaCodeProvider | undefined, serialNumber: string, what: string): Promise<string> {
  if (typeof mfaCodeProvider != 'function') throw new InvalidCredentialsError(`${what} needs an MFA code for ${serialNumber}: pass mfaCodeProvider`)
  const code: unknown = await mfaCodeProvider(serialNumber)
  if (typeof code == 'string' && code) return code
  // Never quoted: it may be a code after all.
  throw new InvalidCredentialsError(`mfaCodeProvider gave ${code === '' ? 'an empty string' : typeof code}, not a code, for ${serialNumber}`)
}
