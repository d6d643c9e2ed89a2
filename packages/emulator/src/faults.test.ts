import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from './index.js'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.stop())
afterEach(() => {
  emulator.faults.clear()
  emulator.calls.reset()
})

function sts() {
  return new STSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: emulator.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: emulator.env['AWS_SECRET_ACCESS_KEY']! },
    maxAttempts: 1,
  })
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

describe('fault injection', () => {
  it('adds latency (at least the injected delay)', async () => {
    emulator.faults.set('sts', { latency: 200 })
    const started = performance.now()
    await sts().send(new GetCallerIdentityCommand({}))
    expect(performance.now() - started).toBeGreaterThanOrEqual(190)
  })

  it('throttles STS the way STS does (400 Throttling, retried by the SDK)', async () => {
    emulator.faults.set('sts', { throttle: true, times: 1 })
    const failure = await failureOf(sts().send(new GetCallerIdentityCommand({})))
    expect(failure.name).toBe('Throttling')
    expect(failure.$metadata?.httpStatusCode).toBe(400)
    // `times: 1` spent, so the next call succeeds; an SDK with retries gets through in one call.
    emulator.faults.set('sts', { throttle: true, times: 1 })
    const identity = await new STSClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: emulator.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: emulator.env['AWS_SECRET_ACCESS_KEY']! },
      maxAttempts: 3,
    }).send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe('123456789012')
    expect(emulator.calls.count('sts', 'GetCallerIdentity')).toBe(3)
  })

  it('answers an injected status with an STS error document', async () => {
    emulator.faults.set('sts', { status: 503 })
    const failure = await failureOf(sts().send(new GetCallerIdentityCommand({})))
    expect(failure.name).toBe('ServiceUnavailable')
    expect(failure.$metadata?.httpStatusCode).toBe(503)
  })

  it('drops the connection', async () => {
    emulator.faults.set('sts', { drop: true })
    const failure = await failureOf(sts().send(new GetCallerIdentityCommand({})))
    expect(failure.$metadata?.httpStatusCode).toBeUndefined()
    expect(emulator.calls.list().at(-1)?.status).toBe(0)
  })

  it('sends a malformed body that clients must fail on cleanly', async () => {
    emulator.faults.set('sts', { malformed: true })
    const failure = await failureOf(sts().send(new GetCallerIdentityCommand({})))
    expect(failure).toBeInstanceOf(Error)
    emulator.faults.set('imds', { malformed: true })
    const body = await (await fetch(`${emulator.url}/latest/meta-data/iam/security-credentials/emulator-role`)).text()
    expect(() => JSON.parse(body)).toThrow()
  })

  it('limits a fault to some actions or paths with `only`', async () => {
    emulator.faults.set('sts', { status: 500, only: ['AssumeRole'] })
    expect((await sts().send(new GetCallerIdentityCommand({}))).Account).toBe('123456789012')
    emulator.faults.set('container', { throttle: true, only: ['/v1/credentials'] })
    expect((await fetch(emulator.containerFullUri)).status).toBe(429)
  })

  it('shortens issued credentials with credentialsExpireIn', async () => {
    emulator.faults.set('container', { credentialsExpireIn: 5 })
    const body = (await (await fetch(emulator.containerFullUri)).json()) as { Expiration: string }
    expect(new Date(body.Expiration).getTime() - Date.now()).toBeLessThanOrEqual(6000)
  })

  it('shortens STS-issued credentials too', async () => {
    emulator.faults.set('sts', { credentialsExpireIn: 2, only: ['AssumeRole'] })
    const result = await sts().send(new AssumeRoleCommand({ RoleArn: emulator.roles[0]!.arn, RoleSessionName: 'short' }))
    expect(result.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(3000)
  })

  it('makes a client with a shorter timeout give up (latency on IMDS)', async () => {
    emulator.faults.set('imds', { latency: 400 })
    const http = await import('node:http')
    const outcome = await new Promise<string>((resolve) => {
      const request = http.request(`${emulator.url}/latest/meta-data/instance-id`, { timeout: 100 }, () => resolve('answered'))
      request.on('timeout', () => {
        request.destroy()
        resolve('timed out')
      })
      request.on('error', () => undefined)
      request.end()
    })
    expect(outcome).toBe('timed out')
  })

  it('rejects an invalid fault with a clear error', () => {
    expect(() => emulator.faults.set('sts', { latency: -1 })).toThrow('faults.sts.latency: must be a non-negative number')
    expect(() => emulator.faults.set('nope' as never, {})).toThrow(/unknown endpoint "nope"/)
    expect(() => emulator.faults.set('sts', { status: 42 })).toThrow(/HTTP status/)
  })
})

describe('admin routes', () => {
  it('sets and clears faults over HTTP', async () => {
    const set = await fetch(`${emulator.url}/_emulator/faults/imds`, { method: 'PUT', body: JSON.stringify({ status: 500 }) })
    expect(set.status).toBe(200)
    expect(emulator.faults.get('imds')).toEqual({ status: 500 })
    expect((await fetch(`${emulator.url}/latest/meta-data/instance-id`)).status).toBe(500)
    expect((await fetch(`${emulator.url}/_emulator/faults/imds`, { method: 'DELETE' })).status).toBe(204)
    expect((await fetch(`${emulator.url}/latest/meta-data/instance-id`)).status).toBe(200)
    const bad = await fetch(`${emulator.url}/_emulator/faults/imds`, { method: 'PUT', body: '{"latency":"slow"}' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'faults.imds.latency: must be a non-negative number' })
    expect((await fetch(`${emulator.url}/_emulator/faults/imds`, { method: 'PUT', body: '{oops' })).status).toBe(400)
  })

  it('counts calls per endpoint and action, and reports them over HTTP', async () => {
    await sts().send(new GetCallerIdentityCommand({}))
    await sts().send(new GetCallerIdentityCommand({}))
    await fetch(`${emulator.url}/latest/meta-data/instance-id`)
    expect(emulator.calls.count('sts')).toBe(2)
    expect(emulator.calls.count('sts', 'GetCallerIdentity')).toBe(2)
    expect(emulator.calls.count('imds')).toBe(1)
    expect(emulator.calls.count()).toBe(3)
    expect(emulator.calls.list()[0]).toMatchObject({ endpoint: 'sts', action: 'GetCallerIdentity', status: 200, accessKeyId: emulator.env['AWS_ACCESS_KEY_ID'] })
    const report = (await (await fetch(`${emulator.url}/_emulator/calls`)).json()) as { count: number }
    expect(report.count).toBe(3)
  })

  it('mints ID tokens and moves the clock over HTTP', async () => {
    const minted = (await (await fetch(`${emulator.url}/_emulator/oidc/token`, { method: 'POST', body: JSON.stringify({ sub: 'browser-user' }) })).json()) as { token: string }
    expect(minted.token.split('.')).toHaveLength(3)
    const badClaims = await fetch(`${emulator.url}/_emulator/oidc/token`, { method: 'POST', body: JSON.stringify({ expiresIn: 'soon' }) })
    expect(badClaims.status).toBe(400)
    const advanced = await fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ milliseconds: 1000 }) })
    expect(((await advanced.json()) as { offset: number }).offset).toBe(1000)
    emulator.clock.reset()
  })

  it('publishes the OIDC discovery document and JWKS', async () => {
    const discovery = (await (await fetch(emulator.issuer.discoveryUrl)).json()) as { issuer: string; jwks_uri: string }
    expect(discovery.issuer).toBe(emulator.issuer.url)
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: { kty: string; alg: string; kid: string }[] }
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' })
  })
})
