import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * Encoded authorization failure messages, as services put in AccessDenied errors and
 * DecodeAuthorizationMessage decodes. Encrypted with a per-emulator key so a client cannot
 * forge or read one without the STS call, as with AWS.
 */
export interface AuthorizationMessages {
  encode(decoded: Record<string, unknown>): string
  /** Undefined when the message was not produced by this emulator or was tampered with. */
  decode(encoded: string): string | undefined
}

export function createAuthorizationMessages(): AuthorizationMessages {
  const key = randomBytes(32)
  return {
    encode(decoded) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(JSON.stringify(decoded), 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    },
    decode(encoded) {
      try {
        const bytes = Buffer.from(encoded, 'base64url')
        if (bytes.length < 29) return undefined
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
        decipher.setAuthTag(bytes.subarray(12, 28))
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
      } catch {
        return undefined
      }
    },
  }
}
