export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += (byte < 16 ? '0' : '') + byte.toString(16)
  return hex
}

export const utf8 = /* @__PURE__ */ new TextEncoder()

const reservedByEncodeURIComponent = /[!'()*]/g
const unreserved = /^[\w.~-]*$/
const percentEncode = (character: string) => '%' + character.charCodeAt(0).toString(16).toUpperCase()

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
export function uriEncode(value: string): string {
  // Most values (keys, ids, dates, plain names) need nothing: one scan costs a quarter of encoding.
  return unreserved.test(value) ? value : encodeURIComponent(value).replace(reservedByEncodeURIComponent, percentEncode)
}

/**
 * Decodes percent-escapes; a value with a malformed escape (a lone `%`, invalid UTF-8) is kept as
 * it is rather than failing the signing.
 */
export function uriDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
