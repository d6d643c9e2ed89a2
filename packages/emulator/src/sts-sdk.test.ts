import {
  AssumeRoleCommand,
  AssumeRoleWithSAMLCommand,
  AssumeRoleWithWebIdentityCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, totpCode, type Emulator } from './index.js'

const account = '111122223333'
const user = { name: 'alice', accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret', mfaDevices: [{ serialNumber: `arn:aws:iam::${account}:mfa/alice`, code: '654321' }] }
const bob = { name: 'bob', accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' }
const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const carol = { name: 'carol', accessKeyId: 'AKIACAROL00000000001', secretAccessKey: 'carol-secret', mfaDevices: [{ serialNumber: `arn:aws:iam::${account}:mfa/carol`, totpSecret }] }

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({
    region: 'eu-west-1',
    accountId: account,
    users: [user, bob, carol],
    roles: [
      { name: 'reader', maxSessionDuration: 7200, trust: { principals: [`arn:aws:iam::${account}:user/alice`] }, tags: { team: 'storage' } },
      { name: 'partner', trust: { principals: ['*'], externalId: 'partner-external-id' } },
      { name: 'admin', trust: { principals: [account], mfaRequired: true } },
      { name: 'chained', maxSessionDuration: 43200, trust: { principals: [`arn:aws:iam::${account}:role/reader`, `arn:aws:iam::${account}:user/alice`] } },
      { name: 'web', path: '/federated/', trust: { webIdentity: { audiences: ['my-app'], subjects: ['user-*'] } } },
      { name: 'saml', trust: { saml: true } },
    ],
    oidc: { audiences: ['my-app', 'other-app'] },
  })
})
afterAll(() => emulator.stop())

function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = user) {
  return new STSClient({ endpoint: emulator.url, region: 'eu-west-1', credentials, maxAttempts: 1 })
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } }
    return { name: failure.name, message: failure.message, status: failure.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

describe('GetCallerIdentity', () => {
  it('reports the IAM user for long-term keys', async () => {
    const identity = await client().send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:iam::${account}:user/alice`)
    expect(identity.Account).toBe(account)
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/)
  })

  it('answers SignatureDoesNotMatch (403) for a wrong secret', async () => {
    const failure = await errorOf(client({ ...user, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})))
    expect(failure).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 })
  })

  it('answers InvalidClientTokenId (403) for an unknown access key', async () => {
    const failure = await errorOf(client({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})))
    expect(failure).toMatchObject({ name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' })
  })
})

describe('AssumeRole', () => {
  it('issues working credentials whose identity is the assumed-role ARN', async () => {
    const result = await client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'reading', DurationSeconds: 7200 }))
    const credentials = result.Credentials!
    expect(credentials.AccessKeyId).toMatch(/^ASIA/)
    expect(credentials.Expiration!.getTime() - Date.now()).toBeGreaterThan(7190_000)
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/reader/reading`)
    expect(result.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:reading$/)
    const identity = await client({
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    }).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${account}:assumed-role/reader/reading`)
    expect(identity.UserId).toBe(result.AssumedRoleUser?.AssumedRoleId)
  })

  it('denies a principal the trust policy does not name (AccessDenied, 403)', async () => {
    const failure = await errorOf(client(bob).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'nope' })))
    expect(failure).toMatchObject({ name: 'AccessDenied', status: 403 })
    expect(failure.message).toBe(`User: arn:aws:iam::${account}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/reader`)
  })

  it('denies a role that does not exist', async () => {
    const failure = await errorOf(client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/missing`, RoleSessionName: 'nope' })))
    expect(failure.name).toBe('AccessDenied')
  })

  it('requires the external id when the trust policy sets one', async () => {
    const roleArn = `arn:aws:iam::${account}:role/partner`
    expect((await errorOf(client(bob).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p' + 'x' })))).name).toBe('AccessDenied')
    expect((await errorOf(client(bob).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'px', ExternalId: 'wrong-id' })))).name).toBe('AccessDenied')
    const result = await client(bob).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'px', ExternalId: 'partner-external-id' }))
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/partner/px`)
  })

  it('requires MFA when the trust policy says so, and checks the code', async () => {
    const roleArn = `arn:aws:iam::${account}:role/admin`
    const serial = `arn:aws:iam::${account}:mfa/alice`
    expect((await errorOf(client().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'admin' })))).name).toBe('AccessDenied')
    const wrong = await errorOf(client().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'admin', SerialNumber: serial, TokenCode: '000000' })))
    expect(wrong.message).toMatch(/MultiFactorAuthentication failed/)
    const result = await client().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'admin', SerialNumber: serial, TokenCode: '654321' }))
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('accepts RFC 6238 codes from a virtual MFA device with a TOTP secret', async () => {
    const roleArn = `arn:aws:iam::${account}:role/admin`
    const serial = `arn:aws:iam::${account}:mfa/carol`
    const wrong = String((Number(totpCode(totpSecret)) + 500_000) % 1_000_000).padStart(6, '0')
    expect((await errorOf(client(carol).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'totp', SerialNumber: serial, TokenCode: wrong })))).name).toBe('AccessDenied')
    const result = await client(carol).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'totp', SerialNumber: serial, TokenCode: totpCode(totpSecret) }))
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/admin/totp`)
  })

  it('rejects durations above the role maximum and below 900 s (ValidationError)', async () => {
    const roleArn = `arn:aws:iam::${account}:role/reader`
    const above = await errorOf(client().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'long', DurationSeconds: 7201 })))
    expect(above).toMatchObject({ name: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', status: 400 })
    const below = await errorOf(client().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'short', DurationSeconds: 899 })))
    expect(below.name).toBe('ValidationError')
    expect(below.message).toContain("at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
  })

  it('limits chained role sessions to one hour, as AWS does', async () => {
    const first = await client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'first' }))
    const roleClient = client({
      accessKeyId: first.Credentials!.AccessKeyId!,
      secretAccessKey: first.Credentials!.SecretAccessKey!,
      sessionToken: first.Credentials!.SessionToken!,
    })
    const chainedArn = `arn:aws:iam::${account}:role/chained`
    const tooLong = await errorOf(roleClient.send(new AssumeRoleCommand({ RoleArn: chainedArn, RoleSessionName: 'second', DurationSeconds: 7200 })))
    expect(tooLong.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
    const second = await roleClient.send(new AssumeRoleCommand({ RoleArn: chainedArn, RoleSessionName: 'second', DurationSeconds: 3600 }))
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/chained/second`)
    // Not chained: the same role from a user may last longer.
    const direct = await client().send(new AssumeRoleCommand({ RoleArn: chainedArn, RoleSessionName: 'direct', DurationSeconds: 7200 }))
    expect(direct.Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('answers ExpiredToken once issued credentials expire (emulator clock)', async () => {
    const result = await client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'expiring', DurationSeconds: 900 }))
    emulator.clock.advance(901_000)
    try {
      // The SDK signs with the real clock; move it too so the signature is not reported as stale.
      const skewed = new STSClient({
        endpoint: emulator.url,
        region: 'eu-west-1',
        maxAttempts: 1,
        systemClockOffset: 901_000,
        credentials: {
          accessKeyId: result.Credentials!.AccessKeyId!,
          secretAccessKey: result.Credentials!.SecretAccessKey!,
          sessionToken: result.Credentials!.SessionToken!,
        },
      })
      const failure = await errorOf(skewed.send(new GetCallerIdentityCommand({})))
      expect(failure).toMatchObject({ name: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' })
    } finally {
      emulator.clock.reset()
    }
  })

  it('answers InvalidClientTokenId when the session token is missing or wrong', async () => {
    const result = await client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'token' }))
    const keys = { accessKeyId: result.Credentials!.AccessKeyId!, secretAccessKey: result.Credentials!.SecretAccessKey! }
    expect((await errorOf(client(keys).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId')
    expect((await errorOf(client({ ...keys, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId')
  })

  it('sends a Date header that follows the emulator clock, so the SDK corrects its skew and retries', async () => {
    emulator.clock.advance(20 * 60_000)
    try {
      const retrying = new STSClient({ endpoint: emulator.url, region: 'eu-west-1', credentials: user, maxAttempts: 2 })
      const identity = await retrying.send(new GetCallerIdentityCommand({}))
      expect(identity.Arn).toBe(`arn:aws:iam::${account}:user/alice`)
      expect(Math.round(retrying.config.systemClockOffset / 60_000)).toBe(20)
    } finally {
      emulator.clock.reset()
    }
  })

  it('reports a signature outside the 15-minute window as SignatureDoesNotMatch', async () => {
    const skewed = new STSClient({ endpoint: emulator.url, region: 'eu-west-1', credentials: user, maxAttempts: 1, systemClockOffset: -16 * 60_000 })
    const failure = await errorOf(skewed.send(new GetCallerIdentityCommand({})))
    expect(failure.name).toBe('SignatureDoesNotMatch')
    expect(failure.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/)
  })

  it('passes session tags, source identity and reports PackedPolicySize', async () => {
    const result = await client().send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/reader`,
        RoleSessionName: 'tagged',
        Tags: [{ Key: 'project', Value: 'credkit' }],
        SourceIdentity: 'alice-laptop',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      }),
    )
    expect(result.SourceIdentity).toBe('alice-laptop')
    expect(result.PackedPolicySize).toBeGreaterThan(0)
    const malformed = await errorOf(client().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'bad', Policy: '{not json' })))
    // The wire code is MalformedPolicyDocument; the SDK maps it to its modeled exception class.
    expect(malformed.name).toBe('MalformedPolicyDocumentException')
  })
})

describe('AssumeRoleWithWebIdentity', () => {
  const roleArn = `arn:aws:iam::${account}:role/federated/web`
  const unsigned = () => new STSClient({ endpoint: emulator.url, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } })

  it('trades a valid ID token for role credentials', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'user-42', aud: 'my-app' })
    const result = await unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web-session', WebIdentityToken: token }))
    expect(result.SubjectFromWebIdentityToken).toBe('user-42')
    expect(result.Audience).toBe('my-app')
    expect(result.Provider).toBe(emulator.issuer.url.replace('http://', ''))
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/web/web-session`)
    const identity = await client({
      accessKeyId: result.Credentials!.AccessKeyId!,
      secretAccessKey: result.Credentials!.SecretAccessKey!,
      sessionToken: result.Credentials!.SessionToken!,
    }).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${account}:assumed-role/web/web-session`)
  })

  it('answers ExpiredTokenException for an expired token', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'my-app', expiresIn: -10 })
    const failure = await errorOf(unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web', WebIdentityToken: token })))
    expect(failure).toMatchObject({ name: 'ExpiredTokenException', status: 400 })
    expect(failure.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time\d+$/)
  })

  it('answers InvalidIdentityToken for a bad signature, an unknown issuer, a wrong audience or garbage', async () => {
    const cases = [
      await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'my-app', untrusted: true }),
      await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'my-app', issuer: 'https://elsewhere.example' }),
      await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'unregistered' }),
      'not.a.jwt',
    ]
    for (const token of cases) {
      const failure = await errorOf(unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web', WebIdentityToken: token })))
      // Wire code InvalidIdentityToken, modeled by the SDK as InvalidIdentityTokenException.
      expect(failure).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 })
    }
  })

  it('answers IDPCommunicationError while the issuer is faulted, as when STS cannot fetch its keys', async () => {
    emulator.faults.set('oidc', { status: 503, times: 1 })
    try {
      const token = await emulator.issuer.mintIdToken({ sub: 'user-9', aud: 'my-app' })
      const send = () => unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web', WebIdentityToken: token }))
      const failure = await errorOf(send())
      // Wire code IDPCommunicationError, modeled by the SDK as IDPCommunicationErrorException.
      expect(failure).toMatchObject({ name: 'IDPCommunicationErrorException', status: 400 })
      expect((await send()).SubjectFromWebIdentityToken).toBe('user-9')
    } finally {
      emulator.faults.clear()
    }
  })

  it('denies tokens the trust policy conditions do not match (AccessDenied)', async () => {
    const otherAudience = await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'other-app' })
    const otherSubject = await emulator.issuer.mintIdToken({ sub: 'robot-1', aud: 'my-app' })
    for (const token of [otherAudience, otherSubject]) {
      const failure = await errorOf(unsigned().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'web', WebIdentityToken: token })))
      expect(failure).toMatchObject({ name: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' })
    }
  })
})

describe('the other actions', () => {
  it('GetSessionToken with MFA, whose credentials report the user and may not call GetSessionToken again', async () => {
    const result = await client().send(new GetSessionTokenCommand({ DurationSeconds: 900, SerialNumber: `arn:aws:iam::${account}:mfa/alice`, TokenCode: '654321' }))
    const sessionClient = client({
      accessKeyId: result.Credentials!.AccessKeyId!,
      secretAccessKey: result.Credentials!.SecretAccessKey!,
      sessionToken: result.Credentials!.SessionToken!,
    })
    expect((await sessionClient.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${account}:user/alice`)
    const again = await errorOf(sessionClient.send(new GetSessionTokenCommand({})))
    expect(again).toMatchObject({ name: 'AccessDenied', message: 'Cannot call GetSessionToken with session credentials' })
    // MFA-authenticated session credentials satisfy an MFA-required trust policy.
    const admin = await sessionClient.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/admin`, RoleSessionName: 'mfa' }))
    expect(admin.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/admin/mfa`)
  })

  it('GetSessionToken credentials without MFA can still pass the user\'s MFA device to AssumeRole', async () => {
    const result = await client().send(new GetSessionTokenCommand({}))
    const sessionClient = client({
      accessKeyId: result.Credentials!.AccessKeyId!,
      secretAccessKey: result.Credentials!.SecretAccessKey!,
      sessionToken: result.Credentials!.SessionToken!,
    })
    const roleArn = `arn:aws:iam::${account}:role/admin`
    expect((await errorOf(sessionClient.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'no-mfa' })))).name).toBe('AccessDenied')
    const admin = await sessionClient.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mfa', SerialNumber: `arn:aws:iam::${account}:mfa/alice`, TokenCode: '654321' }))
    expect(admin.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/admin/mfa`)
  })

  it('GetFederationToken returns a federated user', async () => {
    const result = await client().send(new GetFederationTokenCommand({ Name: 'carol' }))
    expect(result.FederatedUser).toEqual({ Arn: `arn:aws:sts::${account}:federated-user/carol`, FederatedUserId: `${account}:carol` })
    const identity = await client({
      accessKeyId: result.Credentials!.AccessKeyId!,
      secretAccessKey: result.Credentials!.SecretAccessKey!,
      sessionToken: result.Credentials!.SessionToken!,
    }).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${account}:federated-user/carol`)
  })

  it('GetAccessKeyInfo returns the account of a key', async () => {
    expect((await client().send(new GetAccessKeyInfoCommand({ AccessKeyId: bob.accessKeyId }))).Account).toBe(account)
  })

  it('DecodeAuthorizationMessage decodes the emulator\'s messages and rejects others', async () => {
    const encoded = emulator.encodeAuthorizationMessage({ allowed: false, context: { action: 's3:GetObject' } })
    const result = await client().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))
    expect(JSON.parse(result.DecodedMessage!)).toEqual({ allowed: false, context: { action: 's3:GetObject' } })
    const failure = await errorOf(client().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'tampered' })))
    expect(failure.name).toBe('InvalidAuthorizationMessageException')
  })

  it('AssumeRoleWithSAML accepts an assertion from a configured provider', async () => {
    const provider = emulator.saml.providers[0]!
    const roleArn = `arn:aws:iam::${account}:role/saml`
    const assertion = emulator.saml.mintAssertion({ subject: 'dana@example.com', roleArn, principalArn: provider.arn })
    const result = await client().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: provider.arn, SAMLAssertion: assertion }))
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${account}:assumed-role/saml/dana@example.com`)
    expect(result.Subject).toBe('dana@example.com')
    expect(result.SubjectType).toBe('persistent')
    expect(result.Issuer).toBe(provider.issuer)
    const expired = emulator.saml.mintAssertion({ subject: 'dana', roleArn, principalArn: provider.arn, expiresIn: -1 })
    const failure = await errorOf(client().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: provider.arn, SAMLAssertion: expired })))
    expect(failure.name).toBe('ExpiredTokenException')
  })
})
