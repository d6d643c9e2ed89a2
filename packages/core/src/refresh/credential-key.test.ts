import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidRefreshOptionsError } from '../errors.js'
import { credentialKey } from './credential-key.js'

const parts = {
  roleArn: 'arn:aws:iam::123456789012:role/reader',
  roleSessionName: 'app',
  externalId: 'ext-1',
  policy: '{"Version":"2012-10-17"}',
  sourceIdentity: 'alice',
  source: { accessKeyId: 'ASIAEXAMPLE' },
  tags: [{ key: 'team', value: 'a' }],
}

describe('credentialKey', () => {
  it('is a SHA-256 hex that does not depend on the order of fields', async () => {
    const key = await credentialKey(parts)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    const reversed = Object.fromEntries(Object.entries(parts).reverse())
    expect(await credentialKey(reversed)).toBe(key)
    expect(await credentialKey({ ...parts, durationSeconds: undefined })).toBe(key)
  })

  it('changes with every input that changes the credentials', async () => {
    const key = await credentialKey(parts)
    const variants = [
      { ...parts, roleArn: 'arn:aws:iam::123456789012:role/writer' },
      { ...parts, roleSessionName: 'other' },
      { ...parts, externalId: 'ext-2' },
      { ...parts, policy: '{}' },
      { ...parts, sourceIdentity: 'bob' },
      { ...parts, source: { accessKeyId: 'ASIAOTHER' } },
      { ...parts, tags: [{ key: 'team', value: 'b' }] },
      { ...parts, durationSeconds: 900 },
    ]
    const keys = await Promise.all(variants.map((variant) => credentialKey(variant)))
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1)
  })

  it('refuses a secret given by mistake, at any depth, without echoing it', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    for (const bad of [
      { ...parts, secretAccessKey: secret },
      { ...parts, source: { accessKeyId: 'ASIA', secretAccessKey: secret } },
      { ...parts, sessionToken: secret },
      { ...parts, credentials: { accessKeyId: 'ASIA' } },
      { ...parts, webIdentityToken: secret },
      { ...parts, chain: [{ token: secret }] },
      { ...parts, password: secret },
    ]) {
      const error = await credentialKey(bad).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InvalidRefreshOptionsError)
      expect(String((error as Error).message)).not.toContain(secret)
    }
  })

  it('refuses bearer tokens by name (idToken, accessToken, refreshToken) and JWTs under any name, without echoing them', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW11c3QtbmV2ZXItbGVhaw'
    for (const bad of [
      { ...parts, idToken: jwt },
      { ...parts, accessToken: 'opaque-bearer-token' },
      { ...parts, source: { refreshToken: 'opaque-refresh-token' } },
      // A Cognito identity pool's logins: the ID token sits under its issuer's name.
      { identityPoolId: 'eu-west-1:0000', logins: { 'accounts.google.com': jwt } },
    ]) {
      const error = await credentialKey(bad).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InvalidRefreshOptionsError)
      expect(String((error as Error).message)).not.toContain(jwt)
    }
    // What identifies a token without being one is fine.
    await expect(credentialKey({ ...parts, webIdentityTokenFile: '/var/run/token', issuer: 'https://idp.example', subject: 'alice' })).resolves.toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses values that are not JSON data', async () => {
    await expect(credentialKey({ when: Number.NaN })).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
    await expect(credentialKey({ provider: () => 1 })).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
    await expect(credentialKey({ map: new Map() })).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
  })

  it('refuses an invalid Date and parts that refer back to themselves with a typed error', async () => {
    await expect(credentialKey({ ...parts, notAfter: new Date(Number.NaN) })).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
    const circular: Record<string, unknown> = { roleArn: parts.roleArn }
    circular.self = circular
    await expect(credentialKey(circular)).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
    const looped: unknown[] = []
    looped.push(looped)
    await expect(credentialKey({ tags: looped })).rejects.toBeInstanceOf(InvalidRefreshOptionsError)
    // The same object twice, side by side, is not a loop.
    const tag = { key: 'team', value: 'a' }
    await expect(credentialKey({ tags: [tag, tag] })).resolves.toMatch(/^[0-9a-f]{64}$/)
  })

  it('is the same for any order of the same fields (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('a', 'b', 'roleArn', 'region', 'x'), fc.oneof(fc.string(), fc.integer())), async (record) => {
        const shuffled = Object.fromEntries(Object.entries(record).reverse())
        expect(await credentialKey(shuffled)).toBe(await credentialKey(record))
      }),
      { numRuns: 50 },
    )
  })
})
