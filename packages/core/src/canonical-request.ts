import { uriDecode, uriEncode } from './encoding.js'

export interface CanonicalPathOptions {
  /** Remove `.` and `..` segments and empty segments. Every service but S3 expects it. */
  normalize: boolean
  /** Encode the wire-form path once more (`%20` → `%2520`). Every service but S3 expects it. */
  doubleEncode: boolean
}

/** The canonical URI of a path as it goes on the wire (percent-encoded). */
export function canonicalPath(path: string, options: CanonicalPathOptions): string {
  if (path === '' || path === '/') return '/'
  const encode = (segment: string) => encodeSegment(segment, options.doubleEncode)
  if (!options.normalize) return path.split('/').map(encode).join('/')
  const kept: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') kept.pop()
    else kept.push(segment)
  }
  const trailing = kept.length > 0 && path.endsWith('/') ? '/' : ''
  return '/' + kept.map(encode).join('/') + trailing
}

function encodeSegment(segment: string, doubleEncode: boolean): string {
  // Single encoding (S3) is strict RFC 3986 of the decoded segment, which is what S3 computes on
  // its side whatever escapes the client chose; double encoding escapes the wire form itself.
  return doubleEncode ? uriEncode(segment) : uriEncode(uriDecode(segment))
}

/**
 * The canonical query string: every parameter decoded (form rules, so `+` is a space, as servers
 * read it), encoded strictly, and sorted by key then value. A key without `=` has an empty value.
 */
export function canonicalQuery(query: string | Iterable<readonly [string, string]>): string {
  const pairs: [string, string][] = []
  if (typeof query === 'string') {
    const search = query.startsWith('?') ? query.slice(1) : query
    if (search === '') return ''
    for (const part of search.split('&')) {
      if (part === '') continue
      const separator = part.indexOf('=')
      const key = separator === -1 ? part : part.slice(0, separator)
      const value = separator === -1 ? '' : part.slice(separator + 1)
      pairs.push([uriEncode(formDecode(key)), uriEncode(formDecode(value))])
    }
  } else {
    for (const [key, value] of query) pairs.push([uriEncode(key), uriEncode(value)])
  }
  pairs.sort(([leftKey, leftValue], [rightKey, rightValue]) =>
    leftKey === rightKey ? compareCodeUnits(leftValue, rightValue) : compareCodeUnits(leftKey, rightKey),
  )
  let canonical = ''
  for (const [key, value] of pairs) canonical += (canonical === '' ? '' : '&') + key + '=' + value
  return canonical
}

const formDecode = (value: string) => uriDecode(value.includes('+') ? value.replaceAll('+', ' ') : value)

function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0
}

export interface CanonicalHeaders {
  /** `name:value\n` for each signed header, names lowercase and sorted. */
  readonly canonical: string
  /** `name;name;…` */
  readonly signedHeaders: string
}

/**
 * Lowercases names, trims values and collapses inner whitespace (line folds included), and joins
 * repeated headers with `,` in the order they came.
 */
export function canonicalHeaders(headers: Iterable<readonly [string, string]>): CanonicalHeaders {
  const byName = new Map<string, string>()
  for (const [name, value] of headers) {
    const key = name.toLowerCase()
    const normalised = normaliseHeaderValue(value)
    const previous = byName.get(key)
    byName.set(key, previous === undefined ? normalised : previous + ',' + normalised)
  }
  const names = [...byName.keys()].sort(compareCodeUnits)
  let canonical = ''
  for (const name of names) canonical += name + ':' + byName.get(name) + '\n'
  return { canonical, signedHeaders: names.join(';') }
}

function normaliseHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

export interface CanonicalRequestInput {
  readonly method: string
  /** Already canonical: see `canonicalPath`. */
  readonly path: string
  /** Already canonical: see `canonicalQuery`. */
  readonly query: string
  readonly headers: CanonicalHeaders
  readonly payloadHash: string
}

export function createCanonicalRequest(input: CanonicalRequestInput): string {
  return `${input.method}\n${input.path}\n${input.query}\n${input.headers.canonical}\n${input.headers.signedHeaders}\n${input.payloadHash}`
}
