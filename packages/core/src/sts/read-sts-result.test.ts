import { describe, expect, it } from 'vitest'
import { requireFields, withCredentials } from './read-sts-result.js'
import { StsResponseError } from './sts-error.js'

const credentials = { accessKeyId: 'ASIA1', secretAccessKey: 'secret', sessionToken: 'token', expiration: '2026-01-01T01:00:00Z' }

describe('reading STS results', () => {
  it('types the credentials, takes the account from the ARN and the policy size as a number', () => {
    const assumedRoleUser = { arn: 'arn:aws:sts::123456789012:assumed-role/r/s', assumedRoleId: 'AROA1:s' }
    const output = withCredentials<Record<string, unknown>>(
      { credentials, assumedRoleUser, packedPolicySize: '6', sourceIdentity: 'alice' },
      ['assumedRoleUser', 'assumedRoleId'],
    )
    expect(output).toEqual({
      credentials: { ...credentials, expiration: new Date('2026-01-01T01:00:00Z'), accountId: '123456789012' },
      assumedRoleUser,
      packedPolicySize: 6,
      sourceIdentity: 'alice',
    })
    expect(withCredentials<{ credentials: object }>({ credentials }).credentials).not.toHaveProperty('accountId')
  })

  it.each([
    ['2026-01-01T01:00:00Z', 1_767_229_200_000],
    ['2026-01-01T01:00:00.359Z', 1_767_229_200_359],
    ['2026-01-01T02:00:00+01:00', 1_767_229_200_000],
    // RFC 3339 allows `t` and `z` in lower case, and the AWS SDKs read them (smithy's parseRfc3339DateTimeWithOffset).
    ['2026-01-01t01:00:00z', 1_767_229_200_000],
    ['2026-01-01T01:00:00.359123456Z', 1_767_229_200_359],
    ['2028-02-29T00:00:00Z', 1_835_395_200_000],
  ])('reads an Expiration of %s', (expiration, time) => {
    const output = withCredentials<{ credentials: { expiration: Date } }>({ credentials: { ...credentials, expiration } })
    expect(output.credentials.expiration.getTime()).toBe(time)
  })

  it.each([
    ['no Credentials', {}],
    ['no SessionToken', { credentials: { ...credentials, sessionToken: '' } }],
    ['an Expiration that is not a date', { credentials: { ...credentials, expiration: 'soon' } }],
    ['an Expiration of 1 (Date reads the year 2001)', { credentials: { ...credentials, expiration: '1' } }],
    ['an Expiration without a time', { credentials: { ...credentials, expiration: '2099-01-01' } }],
    ['an Expiration as an HTTP date', { credentials: { ...credentials, expiration: 'Thu, 01 Jan 2099 00:00:00 GMT' } }],
    // Date rolls these over (to 2 March, 1 May, the next day) where the SDKs refuse them.
    ['an Expiration of 30 February', { credentials: { ...credentials, expiration: '2026-02-30T00:00:00Z' } }],
    ['an Expiration of 29 February in a common year', { credentials: { ...credentials, expiration: '2026-02-29T00:00:00Z' } }],
    ['an Expiration of 31 April', { credentials: { ...credentials, expiration: '2026-04-31T00:00:00Z' } }],
    ['an Expiration at 24:00', { credentials: { ...credentials, expiration: '2026-01-01T24:00:00Z' } }],
    ['an Expiration in month 13', { credentials: { ...credentials, expiration: '2026-13-01T00:00:00Z' } }],
    ['an AccessKeyId with elements in it', { credentials: { ...credentials, accessKeyId: { nested: 'x' } } }],
  ])('refuses a result with %s', (_, fields) => {
    expect(() => withCredentials(fields)).toThrow(StsResponseError)
  })

  it.each([
    ['no AssumedRoleUser', { credentials }],
    ['an AssumedRoleUser without Arn', { credentials, assumedRoleUser: { assumedRoleId: 'AROA1:s' } }],
    ['an AssumedRoleUser that is text', { credentials, assumedRoleUser: 'arn' }],
  ])('refuses a role session with %s', (_, fields) => {
    expect(() => withCredentials(fields as never, ['assumedRoleUser', 'assumedRoleId'])).toThrow(StsResponseError)
  })

  it('requires the named fields to hold text', () => {
    expect(requireFields({ account: '1', arn: 'a' }, 'account', 'arn')).toEqual({ account: '1', arn: 'a' })
    expect(() => requireFields({ account: { x: '1' } }, 'account')).toThrow('STS answered without account')
    expect(() => requireFields({}, 'arn')).toThrow(StsResponseError)
  })
})
