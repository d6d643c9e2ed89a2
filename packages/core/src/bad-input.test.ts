// Bad input to each signing entry point: a typed error that says what was wrong, and nothing
// secret in it (the secret, the session token, a URL's password), whatever the input's shape.
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { CredkitError, InvalidCredentialsError, InvalidSigningInputError, presign, sign, signHeaders } from './index.js'

const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const token = 'FwoGZXIvYXdzEXAMPLETOKENfwoGZXIvYXdz'
const password = 'hunter2'
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: token }
const date = new Date('2025-01-02T03:04:05Z')
const options = { credentials, region: 'us-east-1', service: 'execute-api', date }
const url = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/items'

type Parts = { url: unknown; method?: unknown; headers?: unknown; body?: unknown }
const entryPoints: [string, (parts: Parts, options: unknown) => Promise<unknown>][] = [
  ['sign', (parts, options) => sign(parts as never, options as never)],
  ['presign', (parts, options) => presign(parts as never, options as never)],
  ['signHeaders', (parts, options) => signHeaders(parts as never, options as never)],
]

/** The error the attempt fails with, after checking it is typed and quotes nothing secret. */
async function failure(attempt: () => Promise<unknown>): Promise<CredkitError & { cause?: unknown }> {
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(CredkitError)
  const everything = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${String((error as Error).cause)}`
  for (const hidden of [secret, token, password]) expect(everything).not.toContain(hidden)
  return error as CredkitError
}

describe.each(entryPoints)('%s: credentials a request cannot carry', (_, signWith) => {
  it.each([
    ['a session token ending in a newline', { sessionToken: token + '\n' }],
    ['a session token with a line break inside', { sessionToken: token + '\nX' }],
    ['a session token with a NUL', { sessionToken: token + '\0' }],
    ['a session token with a space', { sessionToken: token + ' x' }],
    ['a session token beyond ASCII', { sessionToken: token + 'é' }],
    ['a session token that is not a string', { sessionToken: { token } }],
    ['an access key id with a line break', { accessKeyId: 'AKID\nEXAMPLE' }],
    ['an access key id beyond ASCII', { accessKeyId: 'ÄKIDEXAMPLE' }],
    ['an access key id that is a number', { accessKeyId: 5 }],
    ['an expiration that is a string', { expiration: '2099-01-01T00:00:00Z' }],
    ['an expiration that is an invalid Date', { expiration: new Date(Number.NaN) }],
  ])('%s', async (_, change) => {
    const error = await failure(() => signWith({ url }, { ...options, credentials: { ...credentials, ...change } }))
    expect(error).toBeInstanceOf(InvalidCredentialsError)
  })
})

describe.each(entryPoints)('%s: a URL with a password', (_, signWith) => {
  it.each([
    ['a space in the password', `https://user:${password} x@example.com:99999/`],
    ['a # in the password', `https://user:${password}#x@example.com/`],
    ['a / in the password', `https://user:${password}/x@example.com/`],
    ['the password past the first 100 characters', `https://user:${'S'.repeat(95)}${password}@example.com:99999/`],
    ['a URL that parses', `https://user:${password}@abc.execute-api.us-east-1.amazonaws.com/`],
  ])('%s', async (_, withPassword) => {
    const error = await failure(() => signWith({ url: withPassword }, options))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
  })
})
