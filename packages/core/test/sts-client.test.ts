/**
 * The STS client and the STS providers over real HTTP against @credkit/emulator on loopback: every
 * action, MFA, role chains, web identity, the errors AWS returns, and each injected fault.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { startScriptedServer, status } from './support/scripted-server.js'
import {
  AttemptTimeoutError,
  InvalidCredentialsError,
  InvalidSigningInputError,
  NetworkError,
  StsError,
  StsResponseError,
  createStsClient,
  fromSessionToken,
  fromTemporaryCredentials,
  fromWebIdentity,
  type Credentials,
} from '../src/index.js'

let emulator: Emulator
let user: Credentials
const fast = { baseDelayMs: 1, maxDelayMs: 5, attemptTimeoutMs: 2_000 }

beforeAll(async () => {
  emulator = await startEmulator()
  user = { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! }
})
afterAll(() => emulator?.stop())
afterEach(() => {
  emulator.faults.clear()
  emulator.calls.reset()
})

const client = (options: Partial<Parameters<typeof createStsClient>[0]> = {}) =>
  createStsClient({ endpoint: emulator.url, region: emulator.region, credentials: user, retry: fast, ...options })
const role = () => emulator.roles[0]!
const mfa = () => {
  const [serialNumber, code] = [...emulator.users[0]!.mfaDevices][0]!
  return { serialNumber, code }
}

describe('STS actions against the emulator', () => {
  it('GetCallerIdentity names the user', async () => {
    const identity = await client().getCallerIdentity()
    expect(identity.arn).toBe(emulator.users[0]!.arn)
    expect(identity.account).toBe(emulator.accountId)
    expect(identity.requestId).toMatch(/\S/)
  })

  it('AssumeRole with every parameter, and the session it returns works', async () => {
    const assumed = await client().assumeRole({
      roleArn: role().arn,
      roleSessionName: 'full',
      durationSeconds: 900,
      externalId: 'external',
      policy: '{"Version":"2012-10-17","Statement":[]}',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: [{ key: 'team', value: 'platform' }],
      transitiveTagKeys: ['team'],
      sourceIdentity: 'alice',
      serialNumber: mfa().serialNumber,
      tokenCode: mfa().code,
    })
    expect(assumed.assumedRoleUser.arn).toBe(`arn:aws:sts::${emulator.accountId}:assumed-role/${role().name}/full`)
    expect(assumed.sourceIdentity).toBe('alice')
    expect(assumed.credentials.expiration).toBeInstanceOf(Date)
    expect(assumed.credentials.accountId).toBe(emulator.accountId)
    const identity = await client({ credentials: assumed.credentials }).getCallerIdentity()
    expect(identity.arn).toBe(assumed.assumedRoleUser.arn)
    // Logged or serialised, the session shows no secret; read as fields, it is whole.
    const { secretAccessKey, sessionToken } = assumed.credentials
    expect(secretAccessKey.length).toBeGreaterThan(10)
    for (const shown of [JSON.stringify(assumed), JSON.stringify(assumed.credentials), inspect(assumed.credentials)]) {
      expect(shown).toContain(assumed.credentials.accessKeyId)
      expect(shown).not.toContain(secretAccessKey)
      expect(shown).not.toContain(sessionToken!)
    }
  })

  it('GetSessionToken, GetFederationToken, GetAccessKeyInfo, DecodeAuthorizationMessage', async () => {
    const session = await client().getSessionToken({ durationSeconds: 900 })
    expect(session.credentials.sessionToken).toMatch(/\S/)
    const federation = await client().getFederationToken({ name: 'bob', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })
    expect(federation.federatedUser.arn).toBe(`arn:aws:sts::${emulator.accountId}:federated-user/bob`)
    expect((await client().getAccessKeyInfo({ accessKeyId: user.accessKeyId })).account).toBe(emulator.accountId)
    const decoded = { allowed: false, explicitDeny: false, context: { action: 's3:GetObject' } }
    const encodedMessage = emulator.encodeAuthorizationMessage(decoded)
    expect(JSON.parse((await client().decodeAuthorizationMessage({ encodedMessage })).decodedMessage)).toEqual(decoded)
  })

  it('AssumeRoleWithWebIdentity and AssumeRoleWithSAML are sent unsigned', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'sts.amazonaws.com' })
    const unsigned = client({ credentials: undefined } as never)
    const web = await unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'web', webIdentityToken: token })
    expect(web.subjectFromWebIdentityToken).toBe('user-1')
    const provider = emulator.saml.providers[0]!
    const samlAssertion = emulator.saml.mintAssertion({ subject: 'carol', roleArn: role().arn, principalArn: provider.arn })
    const saml = await unsigned.assumeRoleWithSaml({ roleArn: role().arn, principalArn: provider.arn, samlAssertion })
    expect(saml.assumedRoleUser.arn).toContain(`assumed-role/${role().name}/`)
    expect(emulator.calls.list().map((call) => call.accessKeyId)).toEqual([undefined, undefined])
  })

  it('the unsigned actions stay unsigned with credentials; a signed one without credentials is refused before sending', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'sts.amazonaws.com' })
    await client().assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'web', webIdentityToken: token })
    const refused = await client({ credentials: undefined } as never)
      .getCallerIdentity()
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(InvalidSigningInputError)
    expect((refused as Error).message).toBe('STS GetCallerIdentity is signed: the client needs credentials')
    expect(emulator.calls.list().map((call) => call.accessKeyId)).toEqual([undefined])
  })
})

describe('STS errors are typed and carry what AWS said', () => {
  it('a wrong secret: SignatureDoesNotMatch, 403, not retried', async () => {
    const error = await client({ credentials: { ...user, secretAccessKey: 'wrong' } }).getCallerIdentity().catch((e) => e)
    expect(error).toBeInstanceOf(StsError)
    expect(error).toMatchObject({ stsCode: 'SignatureDoesNotMatch', status: 403, retryable: false, type: 'Sender' })
    expect(error.requestId).toMatch(/\S/)
    expect(error.message).not.toContain('wrong')
    expect(emulator.calls.count('sts')).toBe(1)
  })

  it('a role the user may not assume: AccessDenied', async () => {
    const error = await client()
      .assumeRole({ roleArn: `arn:aws:iam::${emulator.accountId}:role/missing`, roleSessionName: 'denied' })
      .catch((e) => e)
    expect(error).toMatchObject({ stsCode: 'AccessDenied', status: 403 })
  })

  it('temporary credentials that STS says expired: ExpiredToken', async () => {
    emulator.faults.set('sts', { credentialsExpireIn: 1, times: 1 })
    const { credentials } = await client().getSessionToken({ durationSeconds: 900 })
    emulator.clock.advance(2_000)
    try {
      // Without its expiration the client cannot tell, so STS is the one to say it.
      const { expiration: _, ...undated } = credentials
      const error = await client({ credentials: undated }).getCallerIdentity().catch((e) => e)
      expect(error).toMatchObject({ stsCode: 'ExpiredToken', status: 403, retryable: false })
    } finally {
      emulator.clock.reset()
    }
  })

  it('credentials known to be expired are never sent', async () => {
    const expired = { ...user, sessionToken: 'token', expiration: new Date(Date.now() - 1_000) }
    await expect(client({ credentials: expired }).getCallerIdentity()).rejects.toBeInstanceOf(InvalidCredentialsError)
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it('an expired web identity token: ExpiredTokenException', async () => {
    const token = await emulator.issuer.mintIdToken({ aud: 'sts.amazonaws.com', expiresIn: -60 })
    const error = await client()
      .assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'late', webIdentityToken: token })
      .catch((e) => e)
    expect(error).toMatchObject({ stsCode: 'ExpiredTokenException', status: 400 })
  })
})

describe('STS error messages quote no secret', () => {
  /** The error `call` fails with, after checking that neither its message nor its inspection shows `secret`. */
  async function refusal(call: Promise<unknown>, secret: string) {
    const error = await call.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StsError)
    for (const shown of [(error as Error).message, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)]) {
      expect(shown).not.toContain(secret)
    }
    expect((error as Error).message.length).toBeLessThan(500)
    return error as StsError
  }

  it('an MFA code STS refuses (ValidationError quotes it) is replaced by a marker', async () => {
    const { serialNumber } = mfa()
    const assume = client().assumeRole({ roleArn: role().arn, roleSessionName: 'mfa', serialNumber, tokenCode: '98765x' })
    const error = await refusal(assume, '98765x')
    expect(error).toMatchObject({ stsCode: 'ValidationError', status: 400 })
    expect(error.message).toContain("Value '[redacted]' at 'tokenCode'")
    await refusal(client().getSessionToken({ serialNumber, tokenCode: '4242' }), '4242')
  })

  it('a web identity token or SAML assertion STS refuses is neither quoted nor 30,000 characters of message', async () => {
    const webIdentityToken = 'x'.repeat(30_000)
    const unsigned = client({ credentials: undefined } as never)
    await refusal(unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'long', webIdentityToken }), 'xxxxxxxxxx')
    const principalArn = emulator.saml.providers[0]!.arn
    await refusal(unsigned.assumeRoleWithSaml({ roleArn: role().arn, principalArn, samlAssertion: 'SA1' }), 'SA1')
  })

  it('a context assertion STS quotes is replaced too', async () => {
    const refusing = async (request: Request) => {
      const assertion = new URLSearchParams(await request.text()).get('ProvidedContexts.member.1.ContextAssertion')
      const message = `Value '${assertion}' at 'providedContexts.1.member.contextAssertion' failed to satisfy constraint`
      return new Response(`<ErrorResponse><Error><Code>ValidationError</Code><Message>${message}</Message></Error></ErrorResponse>`, { status: 400 })
    }
    const providedContexts = [{ providerArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', contextAssertion: 'CONTEXT-SECRET' }]
    const assume = client({ fetch: refusing as typeof fetch }).assumeRole({ roleArn: role().arn, roleSessionName: 'context', providedContexts })
    expect((await refusal(assume, 'CONTEXT-SECRET')).message).toContain("Value '[redacted]'")
  })

  it('any message STS sends is cut to 300 characters', () => {
    expect(new StsError('AccessDenied', 'y'.repeat(10_000), 403).message).toBe(`STS AccessDenied (HTTP 403): ${'y'.repeat(300)}`)
  })
})

describe('STS faults', () => {
  it('throttling is retried with backoff until it passes', async () => {
    emulator.faults.set('sts', { throttle: true, times: 2 })
    await client().getCallerIdentity()
    expect(emulator.calls.count('sts')).toBe(3)
  })

  it('IDPCommunicationError (HTTP 400: STS could not reach the OIDC issuer) is retried until it passes', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'sts.amazonaws.com' })
    emulator.faults.set('oidc', { status: 500, times: 2 })
    const unsigned = client({ credentials: undefined } as never)
    const web = await unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'idp', webIdentityToken: token })
    expect(web.subjectFromWebIdentityToken).toBe('user-1')
    expect(emulator.calls.count('sts', 'AssumeRoleWithWebIdentity')).toBe(3)
    emulator.faults.set('oidc', { status: 500 })
    const error = await unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'idp', webIdentityToken: token }).catch((e) => e)
    expect(error).toMatchObject({ name: 'StsError', stsCode: 'IDPCommunicationError', status: 400, retryable: true })
  })

  it('5xx until the attempts run out: a retryable StsError', async () => {
    emulator.faults.set('sts', { status: 503 })
    const error = await client({ retry: { ...fast, maxAttempts: 3 } }).getCallerIdentity().catch((e) => e)
    expect(error).toMatchObject({ stsCode: 'ServiceUnavailable', status: 503, retryable: true })
    expect(emulator.calls.count('sts')).toBe(3)
  })

  it('a dropped connection is a NetworkError, and retried', async () => {
    emulator.faults.set('sts', { drop: true, times: 1 })
    await client().getCallerIdentity()
    emulator.faults.set('sts', { drop: true })
    const error = await client({ retry: { ...fast, maxAttempts: 2 } }).getCallerIdentity().catch((e) => e)
    expect(error).toBeInstanceOf(NetworkError)
  })

  it('a malformed body is a StsResponseError, not retried', async () => {
    emulator.faults.set('sts', { malformed: true })
    const error = await client().getCallerIdentity().catch((e) => e)
    expect(error).toBeInstanceOf(StsResponseError)
    expect(emulator.calls.count('sts')).toBe(1)
  })

  it('a slow answer times the attempt out; the next attempt gets through', async () => {
    emulator.faults.set('sts', { latency: 1_000, times: 1 })
    await client({ retry: { ...fast, attemptTimeoutMs: 200 } }).getCallerIdentity()
    emulator.faults.set('sts', { latency: 1_000 })
    const error = await client({ retry: { ...fast, attemptTimeoutMs: 100, maxAttempts: 2 } }).getCallerIdentity().catch((e) => e)
    expect(error).toBeInstanceOf(AttemptTimeoutError)
  })

  it("the caller's AbortSignal stops the call and its retries", async () => {
    emulator.faults.set('sts', { latency: 5_000 })
    const controller = new AbortController()
    const reason = new Error('stop')
    setTimeout(() => controller.abort(reason), 50)
    await expect(client({ retry: { attemptTimeoutMs: 10_000 } }).getCallerIdentity({ signal: controller.signal })).rejects.toBe(reason)
  })

  it('a skewed clock is corrected from the Date header and remembered', async () => {
    const skewed = client({ now: () => Date.now() - 30 * 60_000 })
    await skewed.getCallerIdentity()
    expect(Math.abs(skewed.clockOffsetMs - 30 * 60_000)).toBeLessThan(5_000)
    expect(emulator.calls.count('sts')).toBe(2)
    await skewed.getCallerIdentity()
    expect(emulator.calls.count('sts')).toBe(3)
  })

  it('calls sent together with a skewed clock each sign again once, not only the first to learn the offset', async () => {
    const skewed = client({ now: () => Date.now() - 30 * 60_000 })
    const identities = await Promise.all([skewed.getCallerIdentity(), skewed.getCallerIdentity(), skewed.getCallerIdentity()])
    expect(identities.map((identity) => identity.arn)).toEqual(Array(3).fill(emulator.users[0]!.arn))
    expect(emulator.calls.count('sts')).toBe(6)
  })
})

describe('STS answers credkit does not follow or believe', () => {
  /** A loopback HTTP server answering with `handler`; closed after the test. */
  async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void) {
    const server = createServer(handler)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())).then(() => undefined))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  }

  it('a redirect is an StsError with its status, and the web identity token is not sent to its Location', async () => {
    const received: string[] = []
    const target = await serve((request, response) => {
      request.on('data', (chunk) => received.push(String(chunk)))
      request.on('end', () => response.end())
    })
    const redirecting = await serve((request, response) => {
      request.resume()
      response.writeHead(307, { location: target }).end()
    })
    const unsigned = client({ endpoint: redirecting, credentials: undefined } as never)
    const call = unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'redirected', webIdentityToken: 'TOKEN-SECRET' })
    expect(await call.catch((e) => e)).toMatchObject({ name: 'StsError', status: 307, retryable: false })
    expect(received).toEqual([])
  })

  it('a 200 whose body is an ErrorResponse is an StsError with its code, and Throttling is retried', async () => {
    let answers = 0
    const errorOn200 = (code: string) =>
      (async () => {
        answers++
        const body = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>m</Message></Error></ErrorResponse>`
        return new Response(body, { status: 200 })
      }) as typeof fetch
    const denied = await client({ fetch: errorOn200('AccessDenied') }).getCallerIdentity().catch((e) => e)
    expect(denied).toMatchObject({ name: 'StsError', stsCode: 'AccessDenied', status: 200, retryable: false })
    expect(answers).toBe(1)
    const throttled = await client({ fetch: errorOn200('Throttling') }).getCallerIdentity().catch((e) => e)
    expect(throttled).toMatchObject({ name: 'StsError', stsCode: 'Throttling', retryable: true })
    expect(answers).toBe(1 + 3)
  })

  it('an endless body is read no further than the 4 MiB the XML reader takes', async () => {
    let chunks = 0
    let cancelled = false
    const endless = (async () => {
      const chunk = new Uint8Array(65_536).fill(0x61)
      // Ends after 64 MiB, so that a client reading it all finishes too.
      const body = new ReadableStream({
        pull: (controller) => (++chunks > 1_024 ? controller.close() : controller.enqueue(chunk)),
        cancel: () => void (cancelled = true),
      })
      return new Response(body, { status: 200 })
    }) as typeof fetch
    const error = await client({ fetch: endless, retry: { ...fast, maxAttempts: 1 } }).getCallerIdentity().catch((e) => e)
    expect(error).toBeInstanceOf(StsResponseError)
    expect(error.message).toContain('at most 4 MiB')
    expect(chunks).toBeLessThan(80)
    expect(cancelled).toBe(true)
  })
})

describe('clock skew is corrected once per call', () => {
  /** A server that says every signature's time is 5 minutes off, with a Date 5 minutes after it. */
  function alwaysSkewed(date = (signedAt: number) => new Date(signedAt + 5 * 60_000).toUTCString()) {
    const requests: Request[] = []
    const fetch = async (request: Request) => {
      // Enough to tell, and bounded where the client would ask without end.
      if (requests.push(request) > 10) throw new Error('asked more than 10 times')
      const signedAt = Date.parse(request.headers.get('x-amz-date')!.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'))
      const body = '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>skew</Message></Error></ErrorResponse>'
      return new Response(body, { status: 403, headers: { date: date(signedAt) } })
    }
    return { requests, fetch: fetch as typeof globalThis.fetch }
  }

  it('a server that always answers a skew error gets two requests and the offset moves once', async () => {
    const server = alwaysSkewed()
    const skewed = client({ fetch: server.fetch, retry: { ...fast, maxAttempts: 1 } })
    expect(await skewed.getCallerIdentity().catch((e) => e)).toMatchObject({ stsCode: 'SignatureDoesNotMatch', status: 403 })
    expect(server.requests).toHaveLength(2)
    expect(Math.abs(skewed.clockOffsetMs - 5 * 60_000)).toBeLessThan(5_000)
    // With retries, still once per call.
    await client({ fetch: server.fetch }).getCallerIdentity().catch(() => {})
    expect(server.requests).toHaveLength(4)
  })

  it.each(['1', '2001', 'Tue, 31 Feb 2099 00:00:00 GMT', '2099-01-01T00:00:00Z'])('a Date of %j teaches no offset', async (date) => {
    const server = alwaysSkewed(() => date)
    const skewed = client({ fetch: server.fetch })
    await skewed.getCallerIdentity().catch(() => {})
    expect(server.requests).toHaveLength(1)
    expect(skewed.clockOffsetMs).toBe(0)
  })
})

describe('bad input to the STS client and providers is a typed error', () => {
  it.each([{ attemptTimeoutMs: Infinity }, { attemptTimeoutMs: 2 ** 31 }, { maxAttempts: Symbol('x') }, { baseDelayMs: Number.NaN }])(
    'retry options %o are refused when the client is made',
    (retry) => {
      expect(() => client({ retry } as never)).toThrow(InvalidSigningInputError)
    },
  )

  it.each([
    ['endpoint not a URL', { endpoint: 'not a url' }, 'endpoint: not an http or https URL without a username or password'],
    ['endpoint not http', { endpoint: 'ftp://127.0.0.1/' }, 'endpoint: not an http or https URL without a username or password'],
    ['endpoint with a password', { endpoint: 'http://user:hunter2@127.0.0.1/' }, 'endpoint: not an http or https URL without a username or password'],
    ['endpoint a Symbol', { endpoint: Symbol('url') }, 'endpoint: not an http or https URL without a username or password'],
    ['region a Symbol', { endpoint: undefined, region: Symbol('r') }, 'region: not a string but a symbol'],
    ['region a BigInt', { endpoint: undefined, region: 5n }, 'region: not a string but a bigint'],
    ['region a BigInt, with an endpoint', { region: 5n }, 'region: not a string but a bigint'],
  ])('%s: an InvalidSigningInputError when the client is made', (_, options, message) => {
    expect(() => client(options as never)).toThrow(new InvalidSigningInputError(message))
  })

  it.each([null, 5, 'us-east-1'])('createStsClient(%o) is an InvalidSigningInputError', (options) => {
    expect(() => createStsClient(options as never)).toThrow(new InvalidSigningInputError('STS client options: not an object'))
  })

  it.each([
    ['policyArns a string, not a list', { policyArns: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, 'PolicyArns: not an array'],
    ['tags an object, not a list', { tags: { team: 'platform' } }, 'Tags: not an array'],
    ['a tag that is null', { tags: [null] }, 'Tags.member.1.Key: not well-formed text or a finite number'],
    ['a tag without a value', { tags: [{ key: 'team' }] }, 'Tags.member.1.Value: not well-formed text or a finite number'],
    ['a transitive tag key that is null', { transitiveTagKeys: [null] }, 'TransitiveTagKeys.member.1: not well-formed text or a finite number'],
    ['a policy given as an object', { policy: { Version: '2012-10-17' } }, 'Policy: not well-formed text or a finite number'],
    ['durationSeconds NaN', { durationSeconds: Number.NaN }, 'DurationSeconds: not well-formed text or a finite number'],
    ['a provided context without its assertion', { providedContexts: [{ providerArn: 'arn:p' }] }, 'ProvidedContexts.member.1.ContextAssertion: not well-formed text or a finite number'],
  ])('AssumeRole with %s: an InvalidSigningInputError naming it, before the credentials are asked for or anything sent', async (_, input, message) => {
    let asked = 0
    const credentials = async () => (asked++, user)
    const call = client({ credentials }).assumeRole({ roleArn: role().arn, roleSessionName: 'bad', ...input } as never)
    await expect(call).rejects.toThrow(new InvalidSigningInputError(message))
    expect(asked).toBe(0)
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it.each([
    ['AssumeRole', 'a device without a code', () => client().assumeRole({ roleArn: role().arn, roleSessionName: 'half', serialNumber: mfa().serialNumber })],
    ['AssumeRole', 'a code without a device', () => client().assumeRole({ roleArn: role().arn, roleSessionName: 'half', tokenCode: mfa().code })],
    ['GetSessionToken', 'a device without a code', () => client().getSessionToken({ serialNumber: mfa().serialNumber })],
    ['GetSessionToken', 'a code without a device', () => client().getSessionToken({ tokenCode: mfa().code })],
  ])('%s with %s is refused by name and never sent', async (action, _, call) => {
    await expect(call()).rejects.toThrow(new InvalidSigningInputError(`${action} with MFA needs both serialNumber and tokenCode`))
    expect(emulator.calls.count()).toBe(0)
  })

  it.each([null, undefined, 'arn'])('an action given %o as its input: an InvalidSigningInputError, nothing sent', async (input) => {
    for (const call of [
      () => client().assumeRole(input as never),
      () => client().getFederationToken(input as never),
      () => client().getAccessKeyInfo(input as never),
      () => client().decodeAuthorizationMessage(input as never),
      () => client({ credentials: undefined } as never).assumeRoleWithWebIdentity(input as never),
      () => client({ credentials: undefined } as never).assumeRoleWithSaml(input as never),
    ]) {
      await expect(call()).rejects.toThrow(new InvalidSigningInputError('STS input: not an object'))
    }
    if (input !== undefined) await expect(client().getSessionToken(input as never)).rejects.toThrow(InvalidSigningInputError)
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it('a signal that is not an AbortSignal is refused before any request', async () => {
    await expect(client().getCallerIdentity({ signal: 'abc' as never })).rejects.toThrow(new InvalidSigningInputError('signal: not an AbortSignal'))
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it('fromTemporaryCredentials without options or params is an InvalidCredentialsError when made', () => {
    const message = 'fromTemporaryCredentials: params.roleArn is not a string'
    expect(() => fromTemporaryCredentials(undefined as never)).toThrow(new InvalidCredentialsError(message))
    expect(() => fromTemporaryCredentials({ masterCredentials: user } as never)).toThrow(new InvalidCredentialsError(message))
    expect(() => fromSessionToken(undefined as never)).toThrow(new InvalidCredentialsError('fromSessionToken: options are not an object'))
  })

  it.each([
    ['undefined', undefined, 'undefined'],
    ['a number (leading zeros lost)', 12345, 'number'],
    ['an empty string', '', 'an empty string'],
  ])('an mfaCodeProvider that gives %s: an InvalidCredentialsError, nothing sent', async (_, code, what) => {
    const clientConfig = { endpoint: emulator.url, region: emulator.region }
    const { serialNumber } = mfa()
    const mfaCodeProvider = async () => code as never
    const assume = fromTemporaryCredentials({ params: { roleArn: role().arn, serialNumber }, masterCredentials: user, clientConfig, mfaCodeProvider })
    const session = fromSessionToken({ masterCredentials: user, serialNumber, clientConfig, mfaCodeProvider })
    for (const provider of [assume, session]) {
      await expect(provider()).rejects.toThrow(new InvalidCredentialsError(`mfaCodeProvider gave ${what}, not a code, for ${serialNumber}`))
    }
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it('fromWebIdentity refuses a token that is not a string: given, now; from the getter, before calling STS', async () => {
    const clientConfig = { endpoint: emulator.url, region: emulator.region }
    expect(() => fromWebIdentity({ roleArn: role().arn, webIdentityToken: 5 as never, clientConfig })).toThrow(
      new InvalidCredentialsError('fromWebIdentity: the web identity token is not a string but number'),
    )
    expect(() => fromWebIdentity(undefined as never)).toThrow(InvalidCredentialsError)
    for (const token of [12345, undefined]) {
      const provider = fromWebIdentity({ roleArn: role().arn, webIdentityToken: async () => token as never, clientConfig })
      await expect(provider()).rejects.toThrow(new InvalidCredentialsError(`fromWebIdentity: the web identity token is not a string but ${typeof token}`))
    }
    expect(emulator.calls.count('sts')).toBe(0)
  })
})

describe('STS providers', () => {
  it('fromTemporaryCredentials asks for a fresh MFA code each time', async () => {
    const asked: string[] = []
    const provider = fromTemporaryCredentials({
      params: { roleArn: role().arn, serialNumber: mfa().serialNumber },
      masterCredentials: user,
      clientConfig: { endpoint: emulator.url, region: emulator.region },
      mfaCodeProvider: async (serial) => {
        asked.push(serial)
        return mfa().code
      },
    })
    const first = await provider()
    const second = await provider()
    expect(asked).toEqual([mfa().serialNumber, mfa().serialNumber])
    expect(second.accessKeyId).not.toBe(first.accessKeyId)
  })

  it('a chain of roles: each link assumes with the previous link’s credentials', async () => {
    const clientConfig = { endpoint: emulator.url, region: emulator.region }
    const first = fromTemporaryCredentials({ params: { roleArn: role().arn, roleSessionName: 'one' }, masterCredentials: user, clientConfig })
    const second = fromTemporaryCredentials({ params: { roleArn: role().arn, roleSessionName: 'two' }, masterCredentials: first, clientConfig })
    const credentials = await second()
    const identity = await client({ credentials }).getCallerIdentity()
    expect(identity.arn).toMatch(/assumed-role\/[^/]+\/two$/)
    // AWS limits chained sessions to an hour.
    expect(credentials.expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000 + 5_000)
  })

  it('fromWebIdentity asks the getter again when STS rejects the token', async () => {
    const expired = await emulator.issuer.mintIdToken({ aud: 'sts.amazonaws.com', expiresIn: -60 })
    const fresh = await emulator.issuer.mintIdToken({ aud: 'sts.amazonaws.com', sub: 'user-2' })
    const asks: unknown[] = []
    const provider = fromWebIdentity({
      roleArn: role().arn,
      webIdentityToken: async (options) => {
        asks.push(options ?? {})
        return options?.forceRefresh ? fresh : expired
      },
      clientConfig: { endpoint: emulator.url, region: emulator.region },
    })
    const credentials = await provider()
    expect(asks).toEqual([{}, { forceRefresh: true }])
    expect((await client({ credentials }).getCallerIdentity()).arn).toContain('assumed-role/')
  })

  it('fromSessionToken with MFA', async () => {
    const provider = fromSessionToken({
      masterCredentials: user,
      serialNumber: mfa().serialNumber,
      mfaCodeProvider: async () => mfa().code,
      clientConfig: { endpoint: emulator.url, region: emulator.region },
    })
    const credentials = await provider()
    expect((await client({ credentials }).getCallerIdentity()).arn).toBe(emulator.users[0]!.arn)
  })
})

describe('the credentials that sign an STS call are resolved once per call', () => {
  it('a slow source (an MFA prompt in a role chain) is neither cut off by the attempt timeout nor asked again', async () => {
    let asked = 0
    const source = async () => {
      asked++
      // Longer than the attempt timeout: someone typing an MFA code for the source role.
      await new Promise((resolve) => setTimeout(resolve, 300))
      return user
    }
    const identity = await client({ credentials: source, retry: { ...fast, attemptTimeoutMs: 100 } }).getCallerIdentity()
    expect(identity.arn).toBe(emulator.users[0]!.arn)
    expect(asked).toBe(1)
    expect(emulator.calls.count('sts')).toBe(1)
  })

  it('a retry and a re-signing after a skew error sign with the credentials already resolved', async () => {
    emulator.faults.set('sts', { throttle: true, times: 1 })
    let asked = 0
    const source = async () => (asked++, user)
    const skewed = client({ credentials: source, now: () => Date.now() - 30 * 60_000 })
    await skewed.getCallerIdentity()
    expect(emulator.calls.count('sts')).toBe(3)
    expect(asked).toBe(1)
  })

  it('a source whose credentials ran out while the call waited to retry is asked once more (found in review)', async () => {
    emulator.faults.set('sts', { throttle: true, times: 1 })
    let now = Date.now()
    const given: Credentials[] = []
    const source = async () => (given.push({ ...user, expiration: new Date(now + (given.length ? 3600_000 : 1_000)) }), given.at(-1)!)
    // The clock moves past the first credentials' expiry while the throttled answer comes back.
    const fetchAndWait = async (request: Request) => fetch(request).finally(() => (now += 2_000))
    const identity = await client({ credentials: source, now: () => now, fetch: fetchAndWait as typeof fetch }).getCallerIdentity()
    expect(identity.arn).toBe(emulator.users[0]!.arn)
    expect(given).toHaveLength(2)
    expect(emulator.calls.count('sts')).toBe(2)
  })

  it('a source that gives expired credentials again is not asked a third time', async () => {
    let asked = 0
    const source = async () => (asked++, { ...user, expiration: new Date(Date.now() - 1_000) })
    await expect(client({ credentials: source }).getCallerIdentity()).rejects.toThrow(InvalidCredentialsError)
    expect(asked).toBe(2)
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it("a source that never answers is stopped by the caller's signal", async () => {
    const controller = new AbortController()
    const reason = new Error('stop')
    const pending = client({ credentials: () => new Promise(() => {}) }).getCallerIdentity({ signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(emulator.calls.count('sts')).toBe(0)
  })
})

describe('STS error documents of an unexpected shape', () => {
  /** What an unsigned AssumeRoleWithWebIdentity fails with when STS answers `answers` in turn. */
  async function failure(...answers: Parameters<typeof startScriptedServer>[0]) {
    const server = await startScriptedServer(answers)
    onTestFinished(server.close)
    const unsigned = client({ endpoint: server.url, credentials: undefined, retry: { ...fast, maxAttempts: 1 } } as never)
    const call = unsigned.assumeRoleWithWebIdentity({ roleArn: role().arn, roleSessionName: 'odd', webIdentityToken: 'TOKEN-SECRET' })
    return (await call.catch((error: unknown) => error)) as StsError
  }

  it('a Message, Code, Type or RequestId holding elements is no text: an StsError all the same, its fields strings', async () => {
    const body =
      '<ErrorResponse><Error><Type><t/></Type><Code>InvalidIdentityToken</Code><Message>Token <b>TOKEN-SECRET</b></Message></Error>' +
      '<RequestId><id/></RequestId></ErrorResponse>'
    const error = await failure(status(400, body))
    expect(error).toBeInstanceOf(StsError)
    expect(error).toMatchObject({ stsCode: 'InvalidIdentityToken', status: 400, requestId: undefined, type: undefined })
    expect(error.message).not.toContain('TOKEN-SECRET')
    const coded = await failure(status(400, '<ErrorResponse><Error><Code><c>Throttling</c></Code></Error></ErrorResponse>'))
    expect(coded).toMatchObject({ name: 'StsError', stsCode: 'Http400', retryable: false })
  })
})

describe('the STS wire format', () => {
  const credentialsXml =
    '<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>' +
    '<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>'
  const assumeRoleXml =
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
    `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>${credentialsXml}` +
    '</AssumeRoleResult></AssumeRoleResponse>'

  it('AssumeRole sends every parameter as the Query protocol names it, lists as .member.N, values form-encoded', async () => {
    const server = await startScriptedServer([status(200, assumeRoleXml), status(200, assumeRoleXml)])
    onTestFinished(server.close)
    const sts = client({ endpoint: server.url })
    await sts.assumeRole({
      roleArn: 'arn:aws:iam::123456789012:role/r',
      roleSessionName: 's',
      durationSeconds: 900,
      externalId: 'a&b=c+d e',
      policy: '{"Sid":"ü✓"}',
      policyArns: ['arn:1', 'arn:2'],
      tags: [{ key: 'team', value: '' }, { key: 'k2', value: 'v2' }],
      transitiveTagKeys: ['team'],
      sourceIdentity: 'alice',
      serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
      tokenCode: '012345',
      providedContexts: [{ providerArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', contextAssertion: 'ctx' }],
    })
    expect([...new URLSearchParams(server.requests[0]!.body)]).toEqual([
      ['Action', 'AssumeRole'],
      ['Version', '2011-06-15'],
      ['RoleArn', 'arn:aws:iam::123456789012:role/r'],
      ['RoleSessionName', 's'],
      ['DurationSeconds', '900'],
      ['Policy', '{"Sid":"ü✓"}'],
      ['PolicyArns.member.1.arn', 'arn:1'],
      ['PolicyArns.member.2.arn', 'arn:2'],
      ['ExternalId', 'a&b=c+d e'],
      ['Tags.member.1.Key', 'team'],
      ['Tags.member.1.Value', ''],
      ['Tags.member.2.Key', 'k2'],
      ['Tags.member.2.Value', 'v2'],
      ['TransitiveTagKeys.member.1', 'team'],
      ['SourceIdentity', 'alice'],
      ['SerialNumber', 'arn:aws:iam::123456789012:mfa/alice'],
      ['TokenCode', '012345'],
      ['ProvidedContexts.member.1.ProviderArn', 'arn:aws:iam::aws:contextProvider/IdentityCenter'],
      ['ProvidedContexts.member.1.ContextAssertion', 'ctx'],
    ])
    expect(server.requests[0]!.body).toContain('&ExternalId=a%26b%3Dc%2Bd+e&')
    expect(server.requests[0]!.body).toContain('&Policy=%7B%22Sid%22%3A%22%C3%BC%E2%9C%93%22%7D&')
    expect(server.requests[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    // An empty list is sent, empty, so that STS sees it was given.
    await sts.assumeRole({ roleArn: 'arn:r', roleSessionName: 's', policyArns: [], tags: [], transitiveTagKeys: [] })
    expect(server.requests[1]!.body).toBe('Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Ar&RoleSessionName=s&PolicyArns=&Tags=&TransitiveTagKeys=')
  })

  it('reads a result with a BOM, a prefix, attributes, comments, CDATA and white space, and every optional field', async () => {
    const body =
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- STS -->\n<sts:AssumeRoleWithWebIdentityResponse xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
      '  <sts:AssumeRoleWithWebIdentityResult lang="en">\n' +
      '    <sts:SubjectFromWebIdentityToken> amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A </sts:SubjectFromWebIdentityToken>\n' +
      '    <sts:Audience><![CDATA[client.1@apps.example.com]]></sts:Audience>\n' +
      '    <sts:AssumedRoleUser><sts:Arn>arn:aws:sts::123456789012:assumed-role/web/app1</sts:Arn>' +
      '<sts:AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</sts:AssumedRoleId></sts:AssumedRoleUser>\n' +
      '    <sts:Credentials><sts:AccessKeyId>ASIAEXAMPLE</sts:AccessKeyId><sts:SecretAccessKey>s&amp;cret</sts:SecretAccessKey>' +
      '<sts:SessionToken>to<!-- c -->ken+/=</sts:SessionToken><sts:Expiration>2099-01-01T00:00:00.123Z</sts:Expiration></sts:Credentials>\n' +
      '    <sts:PackedPolicySize>42</sts:PackedPolicySize>\n    <sts:SourceIdentity>alice</sts:SourceIdentity>\n    <sts:Provider>accounts.google.com</sts:Provider>\n' +
      '  </sts:AssumeRoleWithWebIdentityResult>\n  <sts:ResponseMetadata><sts:RequestId>r-1</sts:RequestId></sts:ResponseMetadata>\n' +
      '</sts:AssumeRoleWithWebIdentityResponse>\n'
    const server = await startScriptedServer([status(200, body)])
    onTestFinished(server.close)
    const unsigned = client({ endpoint: server.url, credentials: undefined } as never)
    const output = await unsigned.assumeRoleWithWebIdentity({ roleArn: 'arn:r', roleSessionName: 's', webIdentityToken: 't' })
    expect(output).toMatchObject({
      subjectFromWebIdentityToken: 'amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A',
      audience: 'client.1@apps.example.com',
      provider: 'accounts.google.com',
      sourceIdentity: 'alice',
      packedPolicySize: 42,
      requestId: 'r-1',
      assumedRoleUser: { arn: 'arn:aws:sts::123456789012:assumed-role/web/app1', assumedRoleId: 'AROACLKWSDQRAOEXAMPLE:app1' },
    })
    expect(output.credentials).toMatchObject({ secretAccessKey: 's&cret', sessionToken: 'token+/=', accountId: '123456789012' })
    expect(output.credentials.expiration.toISOString()).toBe('2099-01-01T00:00:00.123Z')
  })
})
