import { createHmac } from 'node:crypto'
import { EmulatorConfigError } from './errors.js'

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (the form authenticator apps show), padding and spaces ignored. */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const character of clean) {
    const index = base32Alphabet.indexOf(character)
    if (index === -1) throw new EmulatorConfigError(`TOTP secret has a character outside base32: ${JSON.stringify(character)}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

/** The six-digit RFC 6238 code (SHA-1, 30-second steps) of a base32 secret at a given time. */
export function totpCode(secret: string, at: Date = new Date()): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)))
  const digest = createHmac('sha1', decodeBase32(secret)).update(counter).digest()
  const offset = digest[digest.length - 1]! & 0x0f
  const number = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(number).padStart(6, '0')
}

/** Accepts the code of the current step or either neighbour, as MFA services allow for drift. */
export function isValidTotp(secret: string, code: string, at: Date): boolean {
  return [-1, 0, 1].some((step) => totpCode(secret, new Date(at.getTime() + step * 30_000)) === code)
}
