import { expect, it } from 'vitest'
import { isValidTotp, totpCode } from './totp.js'

// RFC 6238 appendix B, SHA-1 vectors, last six digits; the secret is ASCII "12345678901234567890".
const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

it.each([
  [59, '287082'],
  [1111111109, '081804'],
  [1234567890, '005924'],
  [2000000000, '279037'],
])('matches RFC 6238 at %i s', (seconds, code) => {
  expect(totpCode(secret, new Date(seconds * 1000))).toBe(code)
})

it('accepts one step of drift either way, not two', () => {
  const now = new Date(1234567890_000)
  expect(isValidTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(true)
  expect(isValidTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(true)
  expect(isValidTotp(secret, totpCode(secret, new Date(now.getTime() + 90_000)), now)).toBe(false)
})
