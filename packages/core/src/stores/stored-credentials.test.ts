import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { credentialsFor, secretOf, tokenOf } from '../../test/refresh-fixtures.js'
import { fromStoredCredentials, parseStoredCredentials, toStoredCredentials } from './stored-credentials.js'

describe('stored credentials', () => {
  it('round-trip through JSON, with expiration and issuedAt as epoch milliseconds', () => {
    const credentials = { ...credentialsFor(1, new Date('2026-01-01T01:00:00Z')), accountId: '123456789012' }
    const stored = toStoredCredentials(credentials, { issuedAt: Date.parse('2026-01-01T00:00:00Z') })
    const json = JSON.parse(JSON.stringify(stored)) as unknown
    expect(json).toEqual({ ...credentials, expiration: Date.parse('2026-01-01T01:00:00Z'), issuedAt: Date.parse('2026-01-01T00:00:00Z') })
    const parsed = parseStoredCredentials(json)
    expect(parsed).toBeDefined()
    expect(fromStoredCredentials(parsed!)).toEqual(credentials)
  })

  it('hide the secret from util.inspect; credentials read back hide it from JSON too', () => {
    const stored = toStoredCredentials(credentialsFor(1))
    expect(inspect(stored)).not.toContain(secretOf(1))
    expect(inspect(stored)).not.toContain(tokenOf(1))
    const credentials = fromStoredCredentials(stored)
    for (const shown of [inspect(credentials), JSON.stringify(credentials), String(credentials)]) {
      expect(shown).not.toContain(secretOf(1))
      expect(shown).not.toContain(tokenOf(1))
    }
    expect(credentials.secretAccessKey).toBe(secretOf(1))
    expect(() => Object.assign(credentials, { secretAccessKey: 'other' })).toThrow(TypeError)
    expect(credentials.secretAccessKey).toBe(secretOf(1))
  })

  it('parse nothing that is not credentials', () => {
    for (const value of [null, 'x', 1, {}, { accessKeyId: 'A' }, { accessKeyId: 'A', secretAccessKey: '' },
      { accessKeyId: 'A', secretAccessKey: 'S', expiration: '2026-01-01' }, { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 5 },
      { accessKeyId: 'A', secretAccessKey: 'S', issuedAt: Number.NaN }]) {
      expect(parseStoredCredentials(value)).toBeUndefined()
    }
  })
})
