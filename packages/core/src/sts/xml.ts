import { CredkitError } from '../errors.js'

/** The XML was malformed, too deep or too large; `offset` is where the reader gave up. */
export class XmlParseError extends CredkitError {
  static override code = 'ERR_XML_PARSE'
  override code = 'ERR_XML_PARSE'
  readonly offset: number

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`)
    this.offset = offset
  }
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
const namePattern = /[A-Za-z_:][-A-Za-z0-9_:.]*/y
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/**
 * A small, strict reader for the documents STS returns: elements, attributes, text, CDATA,
 * comments and processing instructions. A DOCTYPE is refused, so no entity is ever expanded
 * beyond the five predefined ones and character references; anything else malformed is an
 * `XmlParseError`, never a crash or a partial result.
 */
export function parseXml(input: string): XmlElement {
  if (typeof input !== 'string') throw new XmlParseError('XML input must be a string', 0)
  if (input.length > maximumLength) throw new XmlParseError(`XML larger than ${maximumLength} characters`, 0)
  const stack: { element: XmlElement; qualifiedName: string }[] = []
  let root: XmlElement | undefined
  let position = input.charCodeAt(0) === 0xfeff ? 1 : 0

  while (position < input.length) {
    const open = input.indexOf('<', position)
    const textEnd = open === -1 ? input.length : open
    if (textEnd > position) {
      const raw = input.slice(position, textEnd)
      const current = stack[stack.length - 1]
      if (current) current.element.text += decodeEntities(raw, position)
      else if (raw.trim() !== '') throw new XmlParseError('text outside the root element', position)
      position = textEnd
      continue
    }
    if (input.startsWith('<?', position)) {
      position = skipPast(input, '?>', position, 'processing instruction')
    } else if (input.startsWith('<!--', position)) {
      position = skipPast(input, '-->', position, 'comment')
    } else if (input.startsWith('<![CDATA[', position)) {
      const current = stack[stack.length - 1]
      if (!current) throw new XmlParseError('CDATA outside the root element', position)
      const end = input.indexOf(']]>', position)
      if (end === -1) throw new XmlParseError('unterminated CDATA section', position)
      current.element.text += input.slice(position + 9, end)
      position = end + 3
    } else if (input.startsWith('<!', position)) {
      throw new XmlParseError('DOCTYPE and other declarations are not accepted', position)
    } else if (input.startsWith('</', position)) {
      const qualifiedName = readName(input, position + 2)
      const after = skipWhitespace(input, position + 2 + qualifiedName.length)
      if (input[after] !== '>') throw new XmlParseError(`malformed closing tag </${qualifiedName}`, position)
      const current = stack.pop()
      if (!current || current.qualifiedName !== qualifiedName) {
        throw new XmlParseError(
          current ? `</${qualifiedName}> closes <${current.qualifiedName}>` : `</${qualifiedName}> closes nothing`,
          position,
        )
      }
      position = after + 1
    } else {
      if (root !== undefined && stack.length === 0) throw new XmlParseError('a second root element', position)
      const qualifiedName = readName(input, position + 1)
      const attributes: Record<string, string> = Object.create(null)
      position += 1 + qualifiedName.length
      for (;;) {
        const start = position
        position = skipWhitespace(input, position)
        const next = input[position]
        if (next === '>' || input.startsWith('/>', position)) break
        if (next === undefined) throw new XmlParseError(`unterminated tag <${qualifiedName}`, position)
        if (position === start) throw new XmlParseError(`malformed tag <${qualifiedName}`, position)
        const attribute = readName(input, position)
        position = skipWhitespace(input, position + attribute.length)
        if (input[position] !== '=') throw new XmlParseError(`attribute ${attribute} has no value`, position)
        position = skipWhitespace(input, position + 1)
        const quote = input[position]
        if (quote !== '"' && quote !== "'") throw new XmlParseError(`attribute ${attribute} is not quoted`, position)
        const end = input.indexOf(quote, position + 1)
        if (end === -1) throw new XmlParseError(`unterminated value of attribute ${attribute}`, position)
        const value = input.slice(position + 1, end)
        if (value.includes('<')) throw new XmlParseError(`'<' in the value of attribute ${attribute}`, position)
        if (attribute in attributes) throw new XmlParseError(`attribute ${attribute} given twice`, position)
        attributes[attribute] = decodeEntities(value, position + 1)
        position = end + 1
      }
      const element: XmlElement = { name: localName(qualifiedName), attributes, children: [], text: '' }
      const parent = stack[stack.length - 1]
      if (parent) parent.element.children.push(element)
      else root = element
      if (input.startsWith('/>', position)) {
        position += 2
      } else {
        position += 1
        if (stack.length >= maximumDepth) throw new XmlParseError(`elements nested deeper than ${maximumDepth}`, position)
        stack.push({ element, qualifiedName })
      }
    }
  }
  if (stack.length > 0) throw new XmlParseError(`<${stack[stack.length - 1]!.qualifiedName}> is never closed`, input.length)
  if (root === undefined) throw new XmlParseError('no root element', input.length)
  return root
}

function readName(input: string, position: number): string {
  namePattern.lastIndex = position
  const match = namePattern.exec(input)
  if (match === null) throw new XmlParseError('expected a name', position)
  return match[0]
}

function skipWhitespace(input: string, position: number): number {
  while (position < input.length && ' \t\r\n'.includes(input[position]!)) position++
  return position
}

function skipPast(input: string, terminator: string, position: number, what: string): number {
  const end = input.indexOf(terminator, position)
  if (end === -1) throw new XmlParseError(`unterminated ${what}`, position)
  return end + terminator.length
}

const localName = (qualifiedName: string) => qualifiedName.slice(qualifiedName.indexOf(':') + 1)

function decodeEntities(text: string, offset: number): string {
  if (!text.includes('&')) return text
  return text.replace(/&([^;&\s]{0,10});?/g, (match, entity: string, index: number) => {
    if (!match.endsWith(';')) throw new XmlParseError(`'&' that starts no entity`, offset + index)
    const named = predefined[entity]
    if (named !== undefined) return named
    const code = /^#x[0-9A-Fa-f]{1,6}$/.test(entity)
      ? Number.parseInt(entity.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(entity)
        ? Number.parseInt(entity.slice(1), 10)
        : Number.NaN
    const valid =
      code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff)
    if (!valid) throw new XmlParseError(`unknown or invalid entity &${entity};`, offset + index)
    return String.fromCodePoint(code)
  })
}

/** The first child called `name`, or undefined. */
export function childElement(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name)
}

/** The text at a path of child names, trimmed, or undefined when any step is missing. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  let current = element
  for (const name of path) current = childElement(current, name)
  return current?.text.trim()
}
