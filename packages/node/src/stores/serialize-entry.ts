import { parseStoredCredentials, type StoredCredentials } from '@credkit/core/credentials'

/** What a file or Redis value holds: the stored credentials and when they stop being usable. */
export interface StoredEntry {
  readonly value: StoredCredentials
  /** Milliseconds since the epoch. */
  readonly expiresAt: number
}

const format = 'credkit-credentials-1'
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

export function serializeEntry(entry: StoredEntry): string {
  return JSON.stringify({ format, expiresAt: entry.expiresAt, value: entry.value })
}

/**
 * Reads back what `serializeEntry` wrote. Anything else — a truncated or corrupt file, another
 * program's value under the same name — is `undefined`: a cache miss, never an error or a wrong
 * credential. The value read shows no secret under `util.inspect`, like core's stored form.
 */
export function deserializeEntry(text: string): StoredEntry | undefined {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return undefined
  }
  if (document === null || typeof document !== 'object') return undefined
  const { format: found, expiresAt, value } = document as { format?: unknown; expiresAt?: unknown; value?: unknown }
  if (found !== format || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined
  const stored = parseStoredCredentials(value)
  if (stored === undefined) return undefined
  Object.defineProperty(stored, inspectSymbol, {
    value: () => ({ ...stored, secretAccessKey: '[redacted]', ...(stored.sessionToken === undefined ? {} : { sessionToken: '[redacted]' }) }),
    enumerable: false,
  })
  return { value: stored, expiresAt }
}
