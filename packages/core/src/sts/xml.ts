import { StsResponseError } from './sts-error.js'

/** The STS response is not well-formed XML, or is too deep or too large. */
export class XmlParseError extends StsResponseError {
  static override code = 'ERR_XML_PARSE'
  override name = 'XmlParseError'
}

export interface XmlElement {
  /** The local name: a namespace prefix is dropped, as STS documents use one namespace. */
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  /** The element's own text (entities decoded, CDATA included), children's text excluded. */
  text: string
}

const maximumDepth = 64
const maximumLength = 4 * 1024 * 1024
const name = '[A-Za-z_][\\w.:-]*'
// One token, where the last one ended (sticky): a tag (closing mark, name, attributes, self-closing
// mark), a comment, a processing instruction, CDATA (its content) or text. Nothing else may start
// there, so a DOCTYPE or any other `<!` declaration fails, and with it every entity definition.
// Each part is followed by a character it cannot contain, so no input makes it backtrack far.
const token = new RegExp(
  `<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^<"]*"|'[^<']*'))*)\\s*(/?)>|<!--[^]*?-->|<\\?[^]*?\\?>|<!\\[CDATA\\[([^]*?)]]>|([^<]+)`,
  'y',
)
const attribute = new RegExp(`(${name})\\s*=\\s*(["'])([^]*?)\\2`, 'g')
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
// The characters XML allows (a character reference to any other is an error).
const xmlCharacter = /^[\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]$/u

const fail = (message: string, offset: number): never => {
  throw new XmlParseError(`the STS response is not XML: ${message} at offset ${offset}`)
}

/**
 * A small, strict reader for the documents STS returns: elements, attributes, text, CDATA,
 * comments and processing instructions. A DOCTYPE is refused, so no entity is ever expanded
 * beyond the five predefined ones and character references; anything else malformed is an
 * `XmlParseError`, never a crash, a hang or a partial result.
 */
export function parseXml(input: string): XmlElement {
  if (typeof input != 'string' || input.length > maximumLength) fail(`not a string of at most ${maximumLength} characters`, 0)
  const open: XmlElement[] = []
  const qualifiedNames: string[] = []
  let root: XmlElement | undefined
  token.lastIndex = input.charCodeAt(0) == 0xfeff ? 1 : 0
  while (token.lastIndex < input.length) {
    const offset = token.lastIndex
    const match = token.exec(input) ?? fail(`unexpected ${JSON.stringify(input.slice(offset, offset + 12))}`, offset)
    const [, closing, qualifiedName, attributes, selfClosing, cdata, text] = match
    const current = open[open.length - 1]
    if (closing) {
      if (attributes || selfClosing || qualifiedNames.pop() !== qualifiedName) fail(`unmatched </${qualifiedName}>`, offset)
      open.pop()
    } else if (qualifiedName) {
      if (!current && root) fail('a second root element', offset)
      const element: XmlElement = {
        name: qualifiedName.slice(qualifiedName.indexOf(':') + 1),
        attributes: readAttributes(attributes!, offset),
        children: [],
        text: '',
      }
      if (current) current.children.push(element)
      else root = element
      if (!selfClosing) {
        if (open.push(element) > maximumDepth) fail(`elements nested deeper than ${maximumDepth}`, offset)
        qualifiedNames.push(qualifiedName)
      }
    } else if (current) {
      current.text += cdata ?? decodeEntities(text ?? '', offset)
    } else if (cdata !== undefined || text?.trim()) {
      fail('text outside the root element', offset)
    }
  }
  if (open.length) fail(`<${qualifiedNames.pop()}> is never closed`, input.length)
  return root ?? fail('no root element', input.length)
}

function readAttributes(text: string, offset: number): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null)
  for (const [, name, , value] of text.matchAll(attribute)) {
    if (name! in attributes) fail(`attribute ${name} given twice`, offset)
    attributes[name!] = decodeEntities(value!, offset)
  }
  return attributes
}

const decodeEntities = (text: string, offset: number) =>
  text.replace(/&(?:(lt|gt|amp|quot|apos)|#(\d{1,7}|x[\da-fA-F]{1,6}));|&/g, (entity, named?: string, number?: string) => {
    if (named) return predefined[named]!
    const code = Number(number?.[0] == 'x' ? '0' + number : number)
    const character = code <= 0x10ffff ? String.fromCodePoint(code) : ''
    return xmlCharacter.test(character) ? character : fail(`unknown or invalid entity ${entity}`, offset)
  })

/** The first child called `name`, or undefined. */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name)
}
