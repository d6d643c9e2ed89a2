import { createHash, randomBytes } from 'node:crypto'

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function toBase32(bytes: Uint8Array, length: number): string {
  let out = ''
  for (let index = 0; out.length < length; index++) out += base32[(bytes[index % bytes.length] ?? 0) % 32]
  return out
}

/** AWS-shaped unique ids (`AIDA…`, `AROA…`), stable for a given ARN so restarts agree. */
export function stableId(prefix: 'AIDA' | 'AROA' | 'AIPA', arn: string): string {
  return prefix + toBase32(createHash('sha256').update(arn).digest(), 17)
}

/** Temporary access key id: `ASIA` plus 16 base32 characters, as STS issues them. */
export function newTemporaryAccessKeyId(): string {
  return 'ASIA' + toBase32(randomBytes(16), 16)
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B')
}

/** Opaque and long like a real session token, so clients that store or forward it are exercised. */
export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2Vj' + randomBytes(240).toString('base64')
}

export function newRequestId(): string {
  const hex = randomBytes(16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export function newImdsToken(): string {
  return randomBytes(42).toString('base64url')
}

/** STS timestamps: ISO 8601 in UTC without milliseconds, e.g. `2019-11-09T13:34:41Z`. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
