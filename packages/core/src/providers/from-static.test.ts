import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { InvalidCredentialsError } from '../errors.js'
import { fromStatic } from './from-static.js'

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const token = 'FwoGZXIvYXdzEXAMPLETOKEN'

describe('fromStatic', () => {
  it('returns a copy of the credentials with read-only fields that hides its secrets when shown', async () => {
    const provider = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: token, accountId: '123456789012' })
    const credentials = await provider()
    expect(credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: token, accountId: '123456789012' })
    expect(() => Object.assign(credentials, { sessionToken: 'other' })).toThrow(TypeError)
    expect(() => delete (credentials as { sessionToken?: string }).sessionToken).toThrow(TypeError)
    expect(credentials.sessionToken).toBe(token)
    for (const shown of [inspect(credentials), JSON.stringify(credentials), inspect(provider), String(provider)]) {
      expect(shown).not.toContain(secret)
      expect(shown).not.toContain(token)
    }
    expect(JSON.parse(JSON.stringify(credentials))).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '[redacted]' })
  })

  it.each([
    [{ secretAccessKey: secret }, 'accessKeyId'],
    [{ accessKeyId: 'AKID' }, 'secretAccessKey'],
    [{ accessKeyId: 'AKID', secretAccessKey: '' }, 'secretAccessKey'],
    [{ accessKeyId: 'AKID', secretAccessKey: secret, sessionToken: 42 }, 'sessionToken'],
    [{ accessKeyId: 'AKID', secretAccessKey: secret, expiration: '2026-01-01' }, 'expiration'],
    [{ accessKeyId: 'AKID', secretAccessKey: secret, expiration: new Date(Number.NaN) }, 'expiration'],
    // Read from a file or a form with what surrounds them: a request cannot carry these in a header.
    [{ accessKeyId: 'AKIDEXAMPLE\n', secretAccessKey: secret }, 'accessKeyId'],
    [{ accessKeyId: ' AKIDEXAMPLE', secretAccessKey: secret }, 'accessKeyId'],
    [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: `${token}\r\n` }, 'sessionToken'],
    [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: `${token} ${token}` }, 'sessionToken'],
  ])('names the bad field (%#: %s) and never the secret', (input, field) => {
    let error: unknown
    try {
      fromStatic(input as never)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    expect((error as Error).message).toContain(field)
    expect(inspect(error)).not.toContain(secret)
    expect(inspect(error)).not.toContain(token)
  })

  it('refuses a value that is not an object', () => {
    expect(() => fromStatic(undefined as never)).toThrow(InvalidCredentialsError)
  })

  it('never returns credentials whose expiration has passed', async () => {
    let now = Date.UTC(2026, 0, 1)
    const expiration = new Date(now + 1_000)
    const provider = fromStatic({ accessKeyId: 'AKID', secretAccessKey: secret, expiration }, { now: () => now })
    await expect(provider()).resolves.toMatchObject({ expiration })
    now += 1_000
    await expect(provider()).rejects.toBeInstanceOf(InvalidCredentialsError)
  })
})
