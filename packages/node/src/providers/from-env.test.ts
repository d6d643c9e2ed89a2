import { InvalidCredentialsError } from '@credkit/core'
import { describe, expect, it } from 'vitest'
import { CredentialsNotConfiguredError } from '@credkit/core'
import { fromEnv } from './from-env.js'

const keys = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }

describe('fromEnv (SDKs & Tools reference: environment variables)', () => {
  it('reads the key pair, session token, expiration and account id', async () => {
    const credentials = await fromEnv({
      env: { ...keys, AWS_SESSION_TOKEN: 'token', AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z', AWS_ACCOUNT_ID: '123456789012' },
    })()
    expect(credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: 'token',
      expiration: new Date('2030-01-01T00:00:00Z'),
      accountId: '123456789012',
    })
  })

  it('reads long-term keys alone', async () => {
    expect(await fromEnv({ env: keys })()).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: keys.AWS_SECRET_ACCESS_KEY })
  })

  it('drops whitespace at the ends of each value, as fromIni does (a CRLF env file leaves \\r)', async () => {
    const credentials = await fromEnv({
      env: {
        AWS_ACCESS_KEY_ID: ' AKIDEXAMPLE\r\n',
        AWS_SECRET_ACCESS_KEY: `${keys.AWS_SECRET_ACCESS_KEY}\r`,
        AWS_SESSION_TOKEN: '\ttoken\n',
        AWS_ACCOUNT_ID: '123456789012\r',
      },
    })()
    expect(credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: 'token',
      accountId: '123456789012',
    })
  })

  it('treats blank values as unset', async () => {
    const credentials = await fromEnv({ env: { ...keys, AWS_SESSION_TOKEN: '', AWS_CREDENTIAL_EXPIRATION: ' ', AWS_ACCOUNT_ID: '' } })()
    expect(credentials).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: keys.AWS_SECRET_ACCESS_KEY })
    await expect(fromEnv({ env: { AWS_ACCESS_KEY_ID: ' ', AWS_SECRET_ACCESS_KEY: '' } })()).rejects.toBeInstanceOf(
      CredentialsNotConfiguredError,
    )
  })

  it('is not configured when no key is set, so a chain moves on', async () => {
    const error = await fromEnv({ env: { AWS_SESSION_TOKEN: 'left over' } })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialsNotConfiguredError)
    expect(error).toMatchObject({ code: 'ERR_CREDENTIALS_NOT_CONFIGURED' })
  })

  it('reads the environment at each call', async () => {
    const env: Record<string, string> = {}
    const provider = fromEnv({ env })
    await expect(provider()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
    Object.assign(env, keys)
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'AKIDEXAMPLE' })
  })

  it('rejects half a key pair, a bad or past expiration, without showing the secret', async () => {
    const errors = await Promise.all(
      [
        { AWS_SECRET_ACCESS_KEY: keys.AWS_SECRET_ACCESS_KEY },
        { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' },
        { ...keys, AWS_CREDENTIAL_EXPIRATION: 'soon' },
        { ...keys, AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z' },
      ].map((env) => fromEnv({ env, now: () => Date.parse('2026-01-01T00:00:00Z') })().catch((error: unknown) => error)),
    )
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCredentialsError)
      expect(String((error as Error).message)).not.toContain(keys.AWS_SECRET_ACCESS_KEY)
    }
    expect((errors[0] as Error).message).toBe('AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not')
    expect((errors[3] as Error).message).toContain('expired at 2020-01-01T00:00:00.000Z')
  })
})

describe('AWS_CREDENTIAL_EXPIRATION (SDKs & Tools reference: an RFC 3339 timestamp)', () => {
  const later = { now: () => Date.parse('2026-01-01T00:00:00Z') }

  it('reads an RFC 3339 timestamp with fractional seconds and an offset', async () => {
    const credentials = await fromEnv({ env: { ...keys, AWS_CREDENTIAL_EXPIRATION: '2026-11-23T18:00:00.250+01:00' }, ...later })()
    expect(credentials.expiration?.toISOString()).toBe('2026-11-23T17:00:00.250Z')
  })

  it.each(['1', 'March 7 2099', '4102444800', '2099-02-30T00:00:00Z', '2099-11-23T24:00:00Z', '2099-11-23T18:00:00', '2099-11-23'])(
    'refuses %j as an InvalidCredentialsError naming the variable, without quoting the value',
    async (value) => {
      const error = await fromEnv({ env: { ...keys, AWS_CREDENTIAL_EXPIRATION: value }, ...later })().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InvalidCredentialsError)
      expect((error as Error).message).toBe('AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 timestamp such as 2026-11-23T18:00:00Z')
    },
  )
})

describe('fromEnv output', () => {
  it('shows no secret under util.inspect or JSON.stringify, yet reads as credentials', async () => {
    const { inspect } = await import('node:util')
    const credentials = await fromEnv({ env: { ...keys, AWS_SESSION_TOKEN: 'SESSIONTOKENVALUE' } })()
    const printed = `${inspect(credentials)} ${JSON.stringify(credentials)} ${String(credentials)}`
    expect(printed).not.toContain(keys.AWS_SECRET_ACCESS_KEY)
    expect(printed).not.toContain('SESSIONTOKENVALUE')
    expect(printed).toContain('AKIDEXAMPLE')
    expect(credentials.secretAccessKey).toBe(keys.AWS_SECRET_ACCESS_KEY)
  })
})

describe('fromEnv as a link of an AWS SDK chain', () => {
  // The SDK's chains (createCredentialChain, the default chain's own) move on only from an error
  // with `tryNextLink: true`; a credkit provider with nothing configured must say so that way too.
  it('lets createCredentialChain move on to the next link when nothing is set', async () => {
    const { createCredentialChain } = await import('@aws-sdk/credential-providers')
    const next = { accessKeyId: 'AKIDNEXTLINK', secretAccessKey: 'next-secret' }
    const provider = createCredentialChain(fromEnv({ env: {} }), async () => next)
    expect(await provider()).toEqual(next)
  })
})
