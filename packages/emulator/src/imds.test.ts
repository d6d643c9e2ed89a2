import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from './index.js'

let emulator: Emulator
let v2Only: Emulator

beforeAll(async () => {
  ;[emulator, v2Only] = await Promise.all([
    startEmulator({ region: 'eu-central-1', accountId: '777788889999', roles: [{ name: 'box' }], imds: { role: 'box', instanceId: 'i-00000000000000001' } }),
    startEmulator({ imds: { v1: false } }),
  ])
})
afterAll(() => Promise.all([emulator.stop(), v2Only.stop()]))

async function token(target: Emulator, ttl = '60'): Promise<string> {
  const response = await fetch(`${target.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': ttl } })
  expect(response.status).toBe(200)
  expect(response.headers.get('x-aws-ec2-metadata-token-ttl-seconds')).toBe(ttl)
  return response.text()
}

const get = (target: Emulator, path: string, headers: Record<string, string> = {}) => fetch(`${target.url}${path}`, { headers })

describe('IMDSv2 tokens', () => {
  it('requires a TTL between 1 and 21600 seconds (400 otherwise)', async () => {
    for (const ttl of [undefined, '0', '21601', 'abc']) {
      const headers: Record<string, string> = ttl === undefined ? {} : { 'x-aws-ec2-metadata-token-ttl-seconds': ttl }
      expect((await fetch(`${emulator.url}/latest/api/token`, { method: 'PUT', headers })).status).toBe(400)
    }
    expect((await fetch(`${emulator.url}/latest/api/token`)).status).toBe(405)
  })

  it('refuses token requests that went through a proxy (X-Forwarded-For)', async () => {
    const response = await fetch(`${emulator.url}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '10.0.0.1' } })
    expect(response.status).toBe(403)
  })

  it('answers 401 to an unknown or expired token', async () => {
    expect((await get(emulator, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': 'bogus' })).status).toBe(401)
    const shortLived = await token(emulator, '1')
    emulator.clock.advance(2000)
    try {
      expect((await get(emulator, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': shortLived })).status).toBe(401)
    } finally {
      emulator.clock.reset()
    }
  })

  it('answers without a token only when IMDSv1 is on', async () => {
    expect((await get(emulator, '/latest/meta-data/instance-id')).status).toBe(200)
    expect((await get(v2Only, '/latest/meta-data/instance-id')).status).toBe(401)
    const valid = await token(v2Only)
    expect((await get(v2Only, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': valid })).status).toBe(200)
  })
})

describe('instance metadata', () => {
  it('lists the role and serves its credentials, legacy and extended', async () => {
    const headers = { 'x-aws-ec2-metadata-token': await token(emulator) }
    expect(await (await get(emulator, '/latest/meta-data/iam/security-credentials/', headers)).text()).toBe('box')
    const legacy = JSON.parse(await (await get(emulator, '/latest/meta-data/iam/security-credentials/box', headers)).text())
    expect(Object.keys(legacy)).toEqual(['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'])
    expect(legacy.Code).toBe('Success')
    expect(legacy.Type).toBe('AWS-HMAC')
    const extended = JSON.parse(await (await get(emulator, '/latest/meta-data/iam/security-credentials-extended/box', headers)).text())
    expect(extended.AccountId).toBe('777788889999')
    expect(extended.AccessKeyId).toBe(legacy.AccessKeyId)
    expect((await get(emulator, '/latest/meta-data/iam/security-credentials/other', headers)).status).toBe(404)
  })

  it('serves the instance identity document, placement and region', async () => {
    const document = await (await get(emulator, '/latest/dynamic/instance-identity/document')).json()
    expect(document).toMatchObject({ accountId: '777788889999', region: 'eu-central-1', instanceId: 'i-00000000000000001', availabilityZone: 'eu-central-1a' })
    expect(await (await get(emulator, '/latest/meta-data/placement/region')).text()).toBe('eu-central-1')
    expect(await (await get(emulator, '/latest/meta-data/placement/availability-zone')).text()).toBe('eu-central-1a')
    const info = JSON.parse(await (await get(emulator, '/latest/meta-data/iam/info')).text())
    expect(info.InstanceProfileArn).toBe('arn:aws:iam::777788889999:instance-profile/box')
    expect((await get(emulator, '/latest/meta-data/nothing-here')).status).toBe(404)
  })

  it('serves the first role by default and none with role: null', async () => {
    const listing = await (await get(v2Only, '/latest/meta-data/iam/security-credentials/', { 'x-aws-ec2-metadata-token': await token(v2Only) })).text()
    expect(listing).toBe('emulator-role')
    const bare = await startEmulator({ imds: { role: null } })
    try {
      expect((await get(bare, '/latest/meta-data/iam/security-credentials/')).status).toBe(404)
      expect(await (await get(bare, '/latest/meta-data/')).text()).not.toContain('iam/')
    } finally {
      await bare.stop()
    }
  })

  it('rotates instance credentials once they near expiry', async () => {
    const first = JSON.parse(await (await get(emulator, '/latest/meta-data/iam/security-credentials/box')).text())
    emulator.clock.advance(6 * 3600_000 - 60_000)
    try {
      const second = JSON.parse(await (await get(emulator, '/latest/meta-data/iam/security-credentials/box')).text())
      expect(second.AccessKeyId).not.toBe(first.AccessKeyId)
    } finally {
      emulator.clock.reset()
    }
  })
})
