import type { Caller } from '../caller.js'
import { assumedRoleUserXml, credentialsXml, findRole, issueRoleSession, packedSizeXml, readRoleArn, readSessionName, readSessionRequest } from '../role-session.js'
import type { StsAction } from '../sts-context.js'
import { accessDenied, StsFault } from '../sts-fault.js'
import { trustsPrincipal } from '../trust.js'
import type { Parameters } from '../parameters.js'
import { isValidTotp } from '../../totp.js'

const mfaFailed = () => new StsFault('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ', 403)

/** SerialNumber/TokenCode, checked against the caller's own MFA devices. */
export function checkMfa(parameters: Parameters, caller: Caller, now: Date): boolean {
  const serialNumber = parameters.string('SerialNumber', { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/ })
  const tokenCode = parameters.string('TokenCode', { min: 6, max: 6, pattern: /^\d*$/ })
  if (serialNumber === undefined && tokenCode === undefined) return false
  if (serialNumber === undefined || tokenCode === undefined) throw mfaFailed()
  // Role sessions have no MFA devices of their own; only the IAM user's devices count (also
  // behind GetSessionToken credentials).
  const user = caller.kind === 'user' || caller.kind === 'session-token' ? caller.user : undefined
  const fixedCode = user?.mfaDevices.get(serialNumber)
  const totpSecret = user?.totpDevices.get(serialNumber)
  const valid = fixedCode === tokenCode || (totpSecret !== undefined && isValidTotp(totpSecret, tokenCode, now))
  if (!valid) throw mfaFailed()
  return true
}

export const assumeRole: StsAction = (context) => {
  const caller = context.caller!
  const parameters = context.parameters
  const roleArn = readRoleArn(parameters)
  const sessionName = readSessionName(parameters, true)!
  const externalId = parameters.string('ExternalId', { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ })
  const role = findRole(context, roleArn)
  const chained = caller.kind === 'assumed-role'
  const mfaAuthenticated = checkMfa(parameters, caller, context.clock.now()) || caller.mfaAuthenticated
  if (role === undefined || !trustsPrincipal(role, caller)) throw accessDenied(caller.arn, 'AssumeRole', roleArn)
  if (role.externalId !== undefined && externalId !== role.externalId) throw accessDenied(caller.arn, 'AssumeRole', roleArn)
  if (role.mfaRequired && !mfaAuthenticated) throw accessDenied(caller.arn, 'AssumeRole', roleArn)
  const request = readSessionRequest(parameters, role, chained)
  const session = issueRoleSession(context, role, sessionName, request, { chained, mfaAuthenticated, caller })
  return [
    ['SourceIdentity', session.sourceIdentity],
    assumedRoleUserXml(session),
    credentialsXml(session),
    packedSizeXml(request),
  ]
}
