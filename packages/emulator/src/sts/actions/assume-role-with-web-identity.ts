import { assumedRoleUserXml, credentialsXml, findRole, issueRoleSession, packedSizeXml, readRoleArn, readSessionName, readSessionRequest } from '../role-session.js'
import type { StsAction } from '../sts-context.js'
import { StsFault } from '../sts-fault.js'
import { matchesPattern } from '../trust.js'

const notAuthorized = () => new StsFault('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)

export const assumeRoleWithWebIdentity: StsAction = async (context) => {
  const parameters = context.parameters
  const roleArn = readRoleArn(parameters)
  const sessionName = readSessionName(parameters, true)!
  const token = parameters.string('WebIdentityToken', { required: true, min: 4, max: 20000 })!
  parameters.string('ProviderId', { min: 4, max: 2048 })
  // STS fetches the issuer's JWKS to check the token; when the issuer is faulted, so is that.
  const issuerFault = context.faults.take('oidc', '/oidc/.well-known/jwks.json')
  if (issuerFault !== undefined && (issuerFault.drop === true || issuerFault.throttle === true || issuerFault.malformed === true || (issuerFault.status ?? 200) >= 400)) {
    throw new StsFault('IDPCommunicationError', "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")
  }
  // The token is checked before the role, as AWS does: a bad token is reported as such even for
  // a role that does not exist.
  const claims = await context.issuer.verify(token, context.config.oidcAudiences)
  const role = findRole(context, roleArn)
  const trust = role?.webIdentity
  if (role === undefined || trust === undefined) throw notAuthorized()
  if (trust.audiences !== undefined && !trust.audiences.includes(claims.aud)) throw notAuthorized()
  if (trust.subjects !== undefined && !trust.subjects.some((pattern) => matchesPattern(pattern, claims.sub))) throw notAuthorized()
  const request = readSessionRequest(parameters, role, false)
  const session = issueRoleSession(context, role, sessionName, request, { chained: false, mfaAuthenticated: false, caller: undefined })
  return [
    credentialsXml(session),
    ['SubjectFromWebIdentityToken', claims.sub],
    assumedRoleUserXml(session),
    packedSizeXml(request),
    ['Provider', context.issuer.url.replace(/^https?:\/\//, '')],
    ['Audience', claims.aud],
    ['SourceIdentity', session.sourceIdentity],
  ]
}
