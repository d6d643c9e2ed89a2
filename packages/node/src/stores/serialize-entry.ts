import type { StoredCredentials } from './store-types.js'

/** What a file or Redis value holds: the stored credentials and when they stop being usable. */
export interface StoredEntry {
  readonly value: StoredCredentials
  /** Milliseconds since the epoch. */
  readonly expiresAt: number
}

const format = 'credkit-credentials-1'

export function serializeEntry(entry: StoredEntry): string {
  return JSON.stringify({ format, expiresAt: entry.expiresAt, value: entry.value })
}

/**
 * Reads back what `serializeEntry` wrote. Anything else — a truncated or corrupt file, another
 * program's value under the same name — is `undefined`: a cache miss, never an error or a wrong
 * credential.
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
  if (value === null || typeof value !== 'object') return undefined
  const fields = value as Record<string, unknown>
  const optionalText = (name: string) => fields[name] === undefined || typeof fields[name] === 'string'
  if (
    typeof fields['accessKeyId'] !== 'string' ||
    fields['accessKeyId'] === '' ||
    typeof fields['secretAccessKey'] !== 'string' ||
    fields['secretAccessKey'] === '' ||
    !optionalText('sessionToken') ||
    !optionalText('expiration') ||
    !optionalText('accountId')
  ) {
    return undefined
  }
  const stored: StoredCredentials = {
    accessKeyId: fields['accessKeyId'],
    secretAccessKey: fields['secretAccessKey'],
    ...(typeof fields['sessionToken'] === 'string' ? { sessionToken: fields['sessionToken'] } : {}),
    ...(typeof fields['expiration'] === 'string' ? { expiration: fields['expiration'] } : {}),
    ...(typeof fields['accountId'] === 'string' ? { accountId: fields['accountId'] } : {}),
  }
  return { value: stored, expiresAt }
}
