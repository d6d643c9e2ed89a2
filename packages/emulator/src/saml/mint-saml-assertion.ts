import { randomUUID } from 'node:crypto'
import { escapeXml } from '../sts/sts-xml.js'

export interface MintSamlAssertionOptions {
  /** Must match a configured SAML provider's issuer. */
  readonly issuer: string
  readonly subject: string
  readonly roleArn: string
  readonly principalArn: string
  /** Becomes the role session name. Default: the subject. */
  readonly sessionName?: string
  /** Seconds until NotOnOrAfter; negative mints an expired assertion. Default 300. */
  readonly expiresIn?: number
  readonly now: Date
}

/** A base64 SAML response shaped like an IdP's, unsigned (the emulator does not check XML signatures). */
export function mintSamlAssertion(options: MintSamlAssertionOptions): string {
  const notOnOrAfter = new Date(options.now.getTime() + (options.expiresIn ?? 300) * 1000).toISOString()
  const attributes = [
    ['https://aws.amazon.com/SAML/Attributes/Role', `${options.roleArn},${options.principalArn}`],
    ['https://aws.amazon.com/SAML/Attributes/RoleSessionName', options.sessionName ?? options.subject],
  ]
    .map(([name, value]) => `<saml:Attribute Name="${name}"><saml:AttributeValue>${escapeXml(value!)}</saml:AttributeValue></saml:Attribute>`)
    .join('')
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${randomUUID()}" Version="2.0" IssueInstant="${options.now.toISOString()}">` +
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${options.now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(options.subject)}</saml:NameID></saml:Subject>` +
    `<saml:Conditions NotBefore="${options.now.toISOString()}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`
  return Buffer.from(xml, 'utf8').toString('base64')
}
