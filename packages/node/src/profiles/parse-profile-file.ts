import { ProfileFileParseError } from '../errors.js'

/** A property's value and the line it was defined on (for errors that point at the file). */
export interface RawProperty {
  value: string
  readonly line: number
}

/** A `[...]` section as written; sections with the same header text are merged. */
export interface RawSection {
  /** The text between the brackets, comments removed, not yet split into prefix and name. */
  readonly header: string
  readonly line: number
  /** Keys are lower-cased, as every SDK matches them case-insensitively. */
  readonly properties: Map<string, RawProperty>
}

// The format is strict about whitespace: only space and tab count (a form feed is part of a value).
const whitespace = /^[ \t]+|[ \t]+$/g
const trim = (text: string) => text.replace(whitespace, '')
const isWhitespace = (character: string | undefined) => character === ' ' || character === '\t'
const isComment = (character: string | undefined) => character === '#' || character === ';'

/**
 * Reads the shared config / credentials file format at its most literal: sections and properties,
 * with comments, continuations and sub-properties, following the AWS SDKs' common parser rules (the
 * conformance cases in test/vectors). Which sections count as profiles is decided afterwards by
 * `normalizeProfileFile`, because that depends on which of the two files this is.
 *
 * Throws `ProfileFileParseError` naming `path` and the line for input no SDK would accept.
 */
export function parseProfileFile(text: string, path: string): Map<string, RawSection> {
  const sections = new Map<string, RawSection>()
  let section: RawSection | undefined
  let property: { key: string; value: RawProperty; hasSubProperties: boolean } | undefined
  const lines = text.replace(/^\uFEFF/, '').split('\n')

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1
    const line = lines[index]!.replace(/\r$/, '')
    const fail = (message: string): never => {
      throw new ProfileFileParseError(message, { path, line: lineNumber })
    }
    if (trim(line) === '' || isComment(line[0])) continue

    if (line[0] === '[') {
      const definition = stripComment(line, false)
      if (!definition.endsWith(']')) fail("Profile definition must end with ']'")
      const header = definition.slice(1, -1)
      section = sections.get(header)
      if (section === undefined) {
        section = { header, line: lineNumber, properties: new Map() }
        sections.set(header, section)
      }
      property = undefined
    } else if (isWhitespace(line[0])) {
      if (section === undefined) fail('Expected a profile definition')
      if (property === undefined) fail('Expected a property definition, found continuation')
      const continuation = trim(line)
      // A property with an empty value opens a block of `key = value` sub-properties (`s3 =`);
      // they are checked here, for compatibility, and kept as text for whoever reads them.
      if (property!.hasSubProperties) {
        const parsed = splitProperty(continuation)
        if (parsed === 'no-equals') fail("Expected an '=' sign defining a sub-property")
        if (parsed === 'no-name') fail('Sub-property did not have a name')
      }
      property!.value.value += `\n${continuation}`
    } else {
      if (section === undefined) fail('Expected a profile definition')
      const parsed = splitProperty(line)
      if (parsed === 'no-equals') fail("Expected an '=' sign defining a property")
      if (parsed === 'no-name') fail('Property did not have a name')
      const [key, value] = parsed as [string, string]
      const raw = { value, line: lineNumber }
      section!.properties.set(key, raw)
      property = { key, value: raw, hasSubProperties: value === '' }
    }
  }
  return sections
}

/** `key = value  # comment` → `['key', 'value']`; a comment in a value must follow whitespace. */
function splitProperty(line: string): [string, string] | 'no-equals' | 'no-name' {
  const text = stripComment(line, true)
  const equals = text.indexOf('=')
  if (equals === -1) return 'no-equals'
  const key = trim(text.slice(0, equals))
  if (key === '') return 'no-name'
  return [key.replace(/[A-Z]/g, (letter) => letter.toLowerCase()), trim(text.slice(equals + 1))]
}

function stripComment(line: string, needsWhitespaceBefore: boolean): string {
  const text = trim(line)
  for (let index = 0; index < text.length; index++) {
    if (isComment(text[index]) && (!needsWhitespaceBefore || /\s/.test(text[index - 1] ?? ''))) {
      return trim(text.slice(0, index))
    }
  }
  return text
}
