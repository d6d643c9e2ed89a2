import { describe, expect, it, vi } from 'vitest'
import { CredentialsNotConfiguredError, CredentialsNotFoundError, CredkitError, InvalidCredentialsError } from '../errors.js'
import { chain } from './chain.js'

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' }
const notConfigured = (reason: string) => vi.fn(async () => { throw new CredentialsNotConfiguredError(reason) })

describe('chain', () => {
  it('returns the first provider that has credentials, and does not call the rest', async () => {
    const env = notConfigured('AWS_ACCESS_KEY_ID is not set')
    const found = vi.fn(async () => credentials)
    const after = vi.fn(async () => credentials)
    await expect(chain(env, found, after)()).resolves.toBe(credentials)
    expect(env).toHaveBeenCalledTimes(1)
    expect(after).not.toHaveBeenCalled()
  })

  it('stops at any other error and throws it as is', async () => {
    const failure = new CredkitError('STS said AccessDenied')
    const after = vi.fn(async () => credentials)
    const failing = vi.fn(async () => { throw failure })
    await expect(chain(notConfigured('no env'), failing, after)()).rejects.toBe(failure)
    expect(after).not.toHaveBeenCalled()
    const plain = new TypeError('boom')
    await expect(chain(async () => { throw plain }, after)()).rejects.toBe(plain)
  })

  it('lists every reason when no provider is configured', async () => {
    const error = await chain(notConfigured('no env variables'), notConfigured('no profile "dev"'))().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialsNotFoundError)
    expect(error).toBeInstanceOf(CredentialsNotConfiguredError)
    const notFound = error as CredentialsNotFoundError
    expect(notFound.code).toBe('ERR_CREDENTIALS_NOT_FOUND')
    expect(notFound.message).toContain('1. no env variables')
    expect(notFound.message).toContain('2. no profile "dev"')
    expect(notFound.reasons.map((reason) => reason.message)).toEqual(['no env variables', 'no profile "dev"'])
  })

  it('a chain inside a chain moves on like any not-configured link', async () => {
    const inner = chain(notConfigured('a'), notConfigured('b'))
    await expect(chain(inner, async () => credentials)()).resolves.toBe(credentials)
  })

  it("moves on past an AWS SDK provider's tryNextLink error and a not-configured error of another credkit copy", async () => {
    const sdkError = Object.assign(new Error('Could not load credentials from env'), { tryNextLink: true })
    // The classes as another copy of credkit declares them (errors.test.ts uses a real bundled copy).
    class CredkitError extends Error {
      static code = 'ERR_CREDKIT'
    }
    class CredentialsNotConfiguredError extends CredkitError {
      static override code = 'ERR_CREDENTIALS_NOT_CONFIGURED'
    }
    const otherCopy = new CredentialsNotConfiguredError('not configured')
    await expect(chain(async () => { throw sdkError }, async () => { throw otherCopy }, async () => credentials)()).resolves.toBe(credentials)
  })

  it('passes forceRefresh to each provider', async () => {
    const provider = vi.fn(async () => credentials)
    await chain(provider)({ forceRefresh: true })
    expect(provider).toHaveBeenCalledWith({ forceRefresh: true })
  })

  it('an empty chain says so', async () => {
    await expect(chain()()).rejects.toThrow('the chain has no providers')
  })

  it('refuses a provider that is not a function when the chain is made, naming its place', () => {
    expect(() => chain(5 as never)).toThrow(new InvalidCredentialsError('chain: provider 1 is not a function but number'))
    expect(() => chain(async () => credentials, undefined as never)).toThrow(new InvalidCredentialsError('chain: provider 2 is not a function but undefined'))
  })
})
