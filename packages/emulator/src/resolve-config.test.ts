import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EmulatorConfigError, loadConfigFile, resolveConfig, startEmulator } from './index.js'

describe('resolveConfig', () => {
  it('fills in a usable default: one user with MFA, one role trusted by everything, IMDS and container on', () => {
    const config = resolveConfig({})
    expect(config.region).toBe('us-east-1')
    expect(config.users).toHaveLength(1)
    expect(config.users[0]!.mfaDevices.size).toBe(1)
    expect(config.roles[0]).toMatchObject({ name: 'emulator-role', arn: 'arn:aws:iam::123456789012:role/emulator-role', maxSessionDuration: 3600, saml: true })
    expect(config.imds).toMatchObject({ role: 'emulator-role', v1: true })
    expect(config.container).toMatchObject({ role: 'emulator-role', authorizationToken: undefined })
  })

  it.each([
    [{ users: [{ name: 'a' }] }, 'config.users[0].accessKeyId: is required'],
    [{ users: 'nope' }, 'config.users: must be an array'],
    [{ roles: [{ name: 'r', maxSessionDuration: 60 }] }, 'config.roles[0].maxSessionDuration: must be an integer from 3600 to 43200'],
    [{ roles: [{ name: 'r', trust: { principal: ['*'] } }] }, 'config.roles[0].trust.principal: unknown field'],
    [{ imds: { role: 'missing' } }, 'config.imds.role: no role named "missing" in config.roles'],
    [{ host: '0.0.0.0' }, 'config.host: "0.0.0.0" is not a loopback address'],
    [{ accountId: '12' }, 'config.accountId: "12" does not match'],
    [{ faults: { sts: { drop: 'yes' } } }, 'faults.sts.drop: must be true or false'],
    [{ container: { authorizationToken: 'a\r\nb' } }, 'config.container.authorizationToken: must not contain CR or LF'],
    [[], 'config: must be an object'],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(() => resolveConfig(input)).toThrow(EmulatorConfigError)
    expect(() => resolveConfig(input)).toThrow(message)
  })

  it('startEmulator rejects a bad configuration before listening', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toThrow('config.port: must be an integer from 0 to 65535')
  })
})

describe('loadConfigFile', () => {
  it('names the file in every error: missing, not JSON, invalid', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'credkit-emulator-'))
    try {
      await expect(loadConfigFile(join(directory, 'missing.json'))).rejects.toThrow(/cannot read config file .*missing\.json: ENOENT/)
      await writeFile(join(directory, 'broken.json'), '{ "users": [')
      await expect(loadConfigFile(join(directory, 'broken.json'))).rejects.toThrow(/broken\.json is not valid JSON/)
      await writeFile(join(directory, 'invalid.json'), '{ "region": 5 }')
      await expect(loadConfigFile(join(directory, 'invalid.json'))).rejects.toThrow(/invalid\.json: config\.region: must be a non-empty string/)
      await writeFile(join(directory, 'good.json'), JSON.stringify({ region: 'ap-south-1' }))
      expect(await loadConfigFile(join(directory, 'good.json'))).toEqual({ region: 'ap-south-1' })
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
