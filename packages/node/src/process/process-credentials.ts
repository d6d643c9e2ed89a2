import { parseRfc3339Timestamp, type Credentials } from '@credkit/core/credentials'

/**
 * Reads the Version 1 document a `credential_process` prints
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html).
 * Returns the credentials or what is wrong with the document, never the document itself: it holds
 * a secret, so no part of it may reach an error message.
 */
export function readProcessCredentials(stdout: string, now: number): Credentials | { error: string } {
  let document: unknown
  try {
    document = JSON.parse(stdout)
  } catch {
    return { error: stdout.trim() === '' ? 'printed nothing' : 'printed something that is not JSON' }
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return { error: 'printed JSON that is not an object' }
  }
  const fields = document as Record<string, unknown>
  if (fields['Version'] !== 1) {
    const version = fields['Version']
    const shown = typeof version === 'number' || typeof version === 'string' ? JSON.stringify(version).slice(0, 20) : typeof version
    return { error: `printed Version ${shown}; only Version 1 is supported` }
  }
  for (const name of ['AccessKeyId', 'SecretAccessKey'] as const) {
    if (typeof fields[name] !== 'string' || fields[name] === '') return { error: `printed no ${name}` }
  }
  for (const name of ['SessionToken', 'Expiration', 'AccountId'] as const) {
    if (fields[name] !== undefined && fields[name] !== null && typeof fields[name] !== 'string') {
      return { error: `printed a ${name} that is not a string` }
    }
  }
  let expiration: Date | undefined
  if (typeof fields['Expiration'] === 'string') {
    const text = fields['Expiration']
    expiration = parseRfc3339Timestamp(text)
    if (expiration === undefined) {
      return { error: `printed an Expiration that is not an RFC 3339 date: ${JSON.stringify(text.slice(0, 40))}` }
    }
    if (expiration.getTime() <= now) {
      return { error: `printed credentials that expired at ${expiration.toISOString()}` }
    }
  }
  const sessionToken = fields['SessionToken']
  const accountId = fields['AccountId']
  return {
    accessKeyId: fields['AccessKeyId'] as string,
    secretAccessKey: fields['SecretAccessKey'] as string,
    ...(typeof sessionToken === 'string' && sessionToken !== '' ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    ...(typeof accountId === 'string' && accountId !== '' ? { accountId } : {}),
  }
}
