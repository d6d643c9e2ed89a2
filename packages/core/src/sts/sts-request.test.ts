import { describe, expect, it } from 'vitest'
import { startScriptedServer } from '../../test/support/scripted-server.js'
import { collectGarbage, settledWithin } from '../../test/support/settling.js'
import { createStsClient } from './sts-client.js'

const identityXml =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA1</UserId>' +
  '<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'
const skewXml = '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired</Message></Error></ErrorResponse>'
const amzDate = (request: Request) =>
  Date.parse(request.headers.get('x-amz-date')!.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'))

describe('clock skew with calls in flight together', () => {
  it('every call signed before the offset was learnt signs again, not only the one that learnt it', async () => {
    // STS's clock is 10 minutes ahead; it refuses a signature more than 5 minutes from its time.
    const ahead = 10 * 60_000
    let waiting: (() => void)[] = []
    const fetch = (async (request: Request) => {
      const serverTime = Date.now() + ahead
      // The first two requests are answered together, as when both were sent before either answer came.
      if (waiting.length < 2 && amzDate(request) < serverTime - 5 * 60_000) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve)
          if (waiting.length == 2) waiting.forEach((release) => release())
        })
      }
      const skewed = Math.abs(amzDate(request) - serverTime) > 5 * 60_000
      return new Response(skewed ? skewXml : identityXml, { status: skewed ? 403 : 200, headers: { date: new Date(serverTime).toUTCString() } })
    }) as typeof globalThis.fetch
    const sts = createStsClient({ endpoint: 'http://127.0.0.1:1/', credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' }, fetch })
    const results = await Promise.allSettled([sts.getCallerIdentity(), sts.getCallerIdentity()])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(Math.abs(sts.clockOffsetMs - ahead)).toBeLessThan(5_000)
  })
})

describe('parameters that form-encoding would change', () => {
  it('text with a lone surrogate (a string cut inside an emoji) is refused by name, nothing sent; whole emoji are sent as they are', async () => {
    const bodies: string[] = []
    const fetch = (async (request: Request) => {
      bodies.push(await request.text())
      return new Response('<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>', { status: 403 })
    }) as typeof globalThis.fetch
    const sts = createStsClient({ endpoint: 'http://127.0.0.1:1/', fetch })
    const input = { roleArn: 'arn:aws:iam::123456789012:role/r', roleSessionName: 's', webIdentityToken: 'token' }
    const cut = '{"Statement":[{"Sid":"photos 😀"}]}'.replace('😀', '😀'.slice(0, 1))
    for (const policy of [cut, '\udc00', 'a\ud800b']) {
      const error = await sts.assumeRoleWithWebIdentity({ ...input, policy }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ name: 'InvalidSigningInputError', code: 'ERR_INVALID_SIGNING_INPUT' })
      expect((error as Error).message).toMatch(/^Policy: /)
    }
    expect(bodies).toEqual([])
    await sts.assumeRoleWithWebIdentity({ ...input, policy: '{"Sid":"😀"}' }).catch(() => {})
    expect(new URLSearchParams(bodies[0]).get('Policy')).toBe('{"Sid":"😀"}')
  })
})

describe('an attempt cut off by its timeout', () => {
  // Node 20's fetch follows the signal of a Request only while that Request lives: once garbage
  // collection took the one made to carry the signal, a timed-out attempt's connection stayed open
  // until the server answered or closed it, one more for every retry.
  it('closes its connection, also once garbage was collected while it waited (found in review)', async () => {
    const closed: Promise<void>[] = []
    const server = await startScriptedServer([], (_, response) => closed.push(new Promise((resolve) => response.on('close', resolve))))
    try {
      const sts = createStsClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIA1', secretAccessKey: 'secret' },
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, attemptTimeoutMs: 300 },
      })
      const call = sts.getCallerIdentity().catch((error: unknown) => error)
      for (let collected = 0; collected < 2; ) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        if (closed.length > collected) collectGarbage(), collected++
      }
      expect(await call).toMatchObject({ name: 'TimeoutError' })
      expect(await settledWithin(Promise.all(closed), 3_000)).toEqual({ value: [undefined, undefined] })
    } finally {
      await server.close()
    }
  })
})
