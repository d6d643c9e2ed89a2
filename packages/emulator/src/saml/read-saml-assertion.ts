import { StsFault } from '../sts/sts-fault.js'

export interface SamlAssertion {
  readonly issuer: string
  readonly subject: string
  /** `persistent`, `transient` or the full format URI, as STS reports it. */
  readonly subjectType: string
  readonly audience: string | undefined
  readonly notOnOrAfter: Date | undefined
  /** Values of the `https://aws.amazon.com/SAML/Attributes/Role` attribute: "roleArn,providerArn". */
  readonly roles: readonly string[]
  readonly sessionName: string | undefined
}

const invalid = (detail: string) => new StsFault('InvalidIdentityToken', `Invalid SAML assertion: ${detail}`)

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
}

function element(xml: string, name: string): RegExpExecArray | null {
  return new RegExp(`<(?:[\\w-]+:)?${name}(\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml)
}

function attribute(attributes: string | undefined, name: string): string | undefined {
  if (attributes === undefined) return undefined
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1]
}

function attributeValues(xml: string, attributeName: string): string[] {
  const values: string[] = []
  const pattern = /<(?:[\w-]+:)?Attribute(\s[^>]*)>([\s\S]*?)<\/(?:[\w-]+:)?Attribute>/g
  for (const match of xml.matchAll(pattern)) {
    if (attribute(match[1], 'Name') !== attributeName) continue
    for (const value of (match[2] ?? '').matchAll(/<(?:[\w-]+:)?AttributeValue[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?AttributeValue>/g)) {
      values.push(unescape(value[1] ?? ''))
    }
  }
  return values
}

/**
 * Reads the fields STS uses from a base64 SAML response. The XML signature is NOT verified: the
 * emulator trusts any assertion whose issuer matches a configured provider (documented).
 */
export function readSamlAssertion(encoded: string): SamlAssertion {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(encoded)) throw invalid('not base64')
  const xml = Buffer.from(encoded, 'base64').toString('utf8')
  if (!xml.includes('<') || /<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalid('not a SAML XML document')
  const assertion = element(xml, 'Assertion')?.[2] ?? xml
  const issuer = element(assertion, 'Issuer')?.[2]
  if (issuer === undefined) throw invalid('missing Issuer')
  const nameId = element(assertion, 'NameID')
  if (nameId === null) throw invalid('missing Subject NameID')
  const format = attribute(nameId[1], 'Format') ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'
  const conditions = /<(?:[\w-]+:)?Conditions(\s[^>]*)?>/.exec(assertion)
  const notOnOrAfterText = attribute(conditions?.[1], 'NotOnOrAfter')
  const notOnOrAfter = notOnOrAfterText === undefined ? undefined : new Date(notOnOrAfterText)
  if (notOnOrAfter !== undefined && Number.isNaN(notOnOrAfter.getTime())) throw invalid('NotOnOrAfter is not a date')
  const audience = element(assertion, 'Audience')?.[2]
  return {
    issuer: unescape(issuer),
    subject: unescape(nameId[2] ?? ''),
    subjectType: format.endsWith(':persistent') ? 'persistent' : format.endsWith(':transient') ? 'transient' : format,
    audience: audience === undefined ? undefined : unescape(audience),
    notOnOrAfter,
    roles: attributeValues(assertion, 'https://aws.amazon.com/SAML/Attributes/Role'),
    sessionName: attributeValues(assertion, 'https://aws.amazon.com/SAML/Attributes/RoleSessionName')[0],
  }
}
