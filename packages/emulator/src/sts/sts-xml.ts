export const stsNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** An element tree small enough to write by hand: a string is text, an object is children. */
export type XmlNode = string | number | readonly XmlField[]
export type XmlField = readonly [name: string, value: XmlNode | undefined]

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[character]};`)
}

function renderFields(fields: readonly XmlField[], depth: number): string {
  let out = ''
  const indent = '  '.repeat(depth)
  for (const [name, value] of fields) {
    if (value === undefined) continue
    if (typeof value === 'string' || typeof value === 'number') {
      out += `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`
    } else {
      out += `${indent}<${name}>\n${renderFields(value, depth + 1)}${indent}</${name}>\n`
    }
  }
  return out
}

/** `<{Action}Response xmlns=…><{Action}Result>…</…Result><ResponseMetadata>…` as STS writes it. */
export function renderStsResult(action: string, result: readonly XmlField[], requestId: string): string {
  return (
    `<${action}Response xmlns="${stsNamespace}">\n` +
    `  <${action}Result>\n${renderFields(result, 2)}  </${action}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${escapeXml(requestId)}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  )
}

export function renderStsError(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${stsNamespace}">\n` +
    `  <Error>\n    <Type>${escapeXml(type)}</Type>\n    <Code>${escapeXml(code)}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n` +
    `  <RequestId>${escapeXml(requestId)}</RequestId>\n` +
    `</ErrorResponse>\n`
  )
}
