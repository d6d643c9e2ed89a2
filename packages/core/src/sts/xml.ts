import { StsResponseError } from './sts-error.js'

export interface XmlElement {
  /** The local name: a namespace prefix is dropped, as STS documents use one namespace. */
  readonly name: string
  readonly children: XmlElement[]
  /** The element's own text (entities decoded, CDATA included), children's text excluded. */
  text: string
}

const maximumDepth = 64
// 4 MiB, written out: bundlers keep an unused top-level `4 * 1024 * 1024` as if it had effects.
export const maximumLength = 4_194_304
// One token, where the last one ended (sticky): a closing tag (its name), an opening tag (its
// name, and `/` when it closes itself), a comment, a processing instruction, CDATA (its content)
// or text. Nothing else may start there, so a DOCTYPE or any other `<!` declaration fails, and
// with it every entity definition. Attributes are checked for syntax and otherwise ignored: STS
// puts none where credkit reads. Each part ends at a character it cannot contain, so no input
// makes the expression backtrack far.
// A name has at most one colon, with a name on each side (`x:` and `:x` are not names).
const token =
  /<\/([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*>|<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?:\s+[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?\s*=\s*(?:"[^<"]*"|'[^<']*'))*\s*(\/?)>|<!--[^]*?-->|<\?[^]*?\?>|<!\[CDATA\[([^]*?)]]>|([^<]+)/y
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
// The characters XML allows (a character reference to any other is an error).
const xmlCharacter = /^[\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]$/u

// Where the document breaks is what helps; which rule it broke hardly does, so only limits and
// entities say more.
const fail = (offset: number, reason = ''): never => {
  throw new StsResponseError(`the STS response is not well-formed XML at offset ${offset}${reason}`)
}

/**
 * A small, strict reader for the documents STS returns: elements, text, CDATA, comments and
 * processing instructions. A DOCTYPE is refused, so no entity is ever expanded beyond the five
 * predefined ones and character references; anything else malformed (or too deep, or too large)
 * is a `StsResponseError`, never a crash, a hang or a partial result.
 */
export function parseXml(input: string | undefined): XmlElement {
  if (typeof input != 'string' || input.length > maximumLength) return fail(0, ': not a string of at most 4 MiB')
  const open: XmlElement[] = []
  const qualifiedNames: string[] = []
  let root: XmlElement | undefined
  // A byte order mark may come first.
  let offset = input[0] == '\ufeff' ? 1 : 0
  while (offset < input.length) {
    token.lastIndex = offset
    const [, closing, opening, selfClosing, cdata, text] = token.exec(input) ?? fail(offset)
    const current = open.at(-1)
    if (closing) {
      if (qualifiedNames.pop() !== closing) fail(offset)
      open.pop()
    } else if (opening) {
      if (root && !current) fail(offset)
      const element: XmlElement = { name: opening.slice(opening.indexOf(':') + 1), children: [], text: '' }
      if (current) current.children.push(element)
      else root = element
      if (!selfClosing) {
        qualifiedNames.push(opening)
        if (open.push(element) > maximumDepth) fail(offset, `: nested deeper than ${maximumDepth}`)
      }
    } else if (current) {
      current.text += cdata ?? decodeEntities(text ?? '', offset)
    } else if (cdata !== undefined || text?.trim()) {
      fail(offset)
    }
    offset = token.lastIndex
  }
  return open.length || !root ? fail(offset) : root
}

const decodeEntities = (text: string, offset: number) =>
  text.replace(/&(?:(lt|gt|amp|quot|apos)|#(\d{1,7}|x[\da-fA-F]{1,6}));|&/g, (entity, named?: string, number?: string) => {
    if (named) return predefined[named]!
    const code = Number(number?.[0] == 'x' ? '0' + number : number)
    const character = code <= 0x10ffff ? String.fromCodePoint(code) : ''
    return xmlCharacter.test(character) ? character : fail(offset, `: unknown or invalid entity ${entity}`)
  })
