const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (let index = 0; index < bytes.length; index++) hex += hexDigits[bytes[index]!]
  return hex
}

export const utf8 = /* @__PURE__ */ new TextEncoder()

const reservedByEncodeURIComponent = /[!'()*]/g
const percentEncode = (character: string) => '%' + character.charCodeAt(0).toString(16).toUpperCase()

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(reservedByEncodeURIComponent, percentEncode)
}

/**
 * Decodes percent-escapes, leaving malformed ones (a lone `%`, invalid UTF-8) as they are: the
 * canonical form of a path or query the server receives must never depend on a decoding error.
 */
export function uriDecode(value: string): string {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}
