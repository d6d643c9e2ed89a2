import { createHash } from 'node:crypto'
import { readSamlAssertion } from '../../saml/read-saml-assertion.js'
import { assumedRoleUserXml, credentialsXml, findRole, issueRoleSession, packedSizeXml, readRoleArn, readSessionRequest } from '../role-session.js'
import type { StsAction } from '../sts-context.js'
import { StsFault } from '../sts-fault.js'

const notAuthorized = () => new StsFault('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML', 403)

export const assumeRoleWithSaml: StsAction = (context) => {
  const parameters = context.parameters
  const roleArn = readRoleArn(parameters)
  const principalArn = parameters.string('PrincipalArn', { required: true, min: 20, max: 2048 })!
  const encoded = parameters.string('SAMLAssertion', { required: true, min: 4, max: 100000 })!
  const provider = context.config.samlProviders.find((candidate) => candidate.arn === principalArn)
  if (provider === undefined) throw new StsFault('InvalidIdentityToken', `SAML provider ${principalArn} does not exist`)
  const assertion = readSamlAssertion(encoded)
  if (assertion.issuer !== provider.issuer) {
    throw new StsFault('InvalidIdentityToken', `Issuer ${assertion.issuer} in the SAML assertion does not match the issuer of ${principalArn}`)
  }
  const now = context.clock.now()
  if (assertion.notOnOrAfter !== undefined && now.getTime() >= assertion.notOnOrAfter.getTime()) {
    throw new StsFault('ExpiredTokenException', 'Token must not be expired')
  }
  const role = findRole(context, roleArn)
  if (role === undefined || !role.saml) throw notAuthorized()
  if (assertion.roles.length > 0 && !assertion.roles.some((pair) => pair.includes(roleArn) && pair.includes(principalArn))) {
    throw notAuthorized()
  }
  const sessionName = assertion.sessionName ?? assertion.subject
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new StsFault('InvalidIdentityToken', 'The RoleSessionName attribute (or NameID) in the SAML assertion is not a valid role session name')
  }
  const request = readSessionRequest(parameters, role, false)
  const session = issueRoleSession(context, role, sessionName, request, { chained: false, mfaAuthenticated: false, caller: undefined })
  // NameQualifier is documented as Base64(SHA1(issuer + account id + "/" + provider name)).
  const nameQualifier = createHash('sha1').update(`${provider.issuer}${role.accountId}/${provider.name}`).digest('base64')
  return [
    ['Issuer', assertion.issuer],
    assumedRoleUserXml(session),
    ['Audience', assertion.audience ?? 'https://signin.aws.amazon.com/saml'],
    credentialsXml(session),
    packedSizeXml(request),
    ['Subject', assertion.subject],
    ['SubjectType', assertion.subjectType],
    ['NameQualifier', nameQualifier],
    ['SourceIdentity', session.sourceIdentity],
  ]
}
