/**
 * Used when a configuration names no users or roles: one user with an MFA device and one role that
 * trusts the account, the emulator's OIDC issuer and SAML, and backs IMDS and the container
 * endpoint. Enough for `credkit-emulator` with no arguments to answer every flow.
 */
export const defaultAccountId = '123456789012'
export const defaultRegion = 'us-east-1'
export const defaultUser = {
  name: 'emulator-user',
  accessKeyId: 'AKIAEMULATOR0000USER',
  secretAccessKey: 'emulator/secret/access/key/0000000000000',
  mfaDevices: [{ serialNumber: `arn:aws:iam::${defaultAccountId}:mfa/emulator-user`, code: '123456' }],
} as const
export const defaultRoleName = 'emulator-role'
export const defaultOidcAudience = 'sts.amazonaws.com'
