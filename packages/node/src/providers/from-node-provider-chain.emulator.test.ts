import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidCredentialsError } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProfileConfigError } from '../errors.js'
import { fromNodeProviderChain } from './from-node-provider-chain.js'

let emulator: Emulator
let home: string
beforeAll(async () => {
  emulator = await startEmulator()
  home = await mkdtemp(join(tmpdir(), 'credkit-chain-remote-'))
})
afterAll(async () => {
  await emulator?.stop()
  await rm(home, { recursive: true, force: true })
})

// The emulator's variables without its static keys, so the chain reaches the remote link.
function remoteEnv(): Record<string, string> {
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = emulator.env
  return { ...rest, HOME: home }
}

describe('fromNodeProviderChain remote link, against the emulator', () => {
  it('uses the container endpoint when AWS_CONTAINER_CREDENTIALS_FULL_URI is set', async () => {
    const credentials = await fromNodeProviderChain({ env: remoteEnv() })()
    expect(credentials.sessionToken).toBeTruthy()
    expect(credentials.expiration).toBeInstanceOf(Date)
  })

  it('uses IMDS when no container URI is set (AWS_EC2_METADATA_SERVICE_ENDPOINT → the emulator)', async () => {
    const { AWS_CONTAINER_CREDENTIALS_FULL_URI: _uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: _token, ...env } = remoteEnv()
    expect(env['AWS_EC2_METADATA_SERVICE_ENDPOINT']).toMatch(/^http:\/\/127\.0\.0\.1:/)
    const credentials = await fromNodeProviderChain({ env })()
    expect(credentials.sessionToken).toBeTruthy()
  })

  it('AWS_EC2_METADATA_DISABLED=1 keeps credential_source = Ec2InstanceMetadata away from IMDS, as it keeps the remote link', async () => {
    const { AWS_CONTAINER_CREDENTIALS_FULL_URI: _uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: _token, ...env } = remoteEnv()
    const config = join(home, 'config-ec2-source')
    await writeFile(config, `[default]\nrole_arn = ${emulator.roles[0]!.arn}\ncredential_source = Ec2InstanceMetadata\n`)
    emulator.calls.reset()
    const error = await fromNodeProviderChain({ env: { ...env, AWS_CONFIG_FILE: config, AWS_EC2_METADATA_DISABLED: '1' } })().catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ProfileConfigError)
    expect((error as Error).message).toMatch(/credential_source = Ec2InstanceMetadata, which is not configured.*AWS_EC2_METADATA_DISABLED/)
    expect(emulator.calls.count('imds')).toBe(0)
  })

  it("timeoutMs is credential_process's: the container endpoint and IMDS keep their own 1 s per attempt", async () => {
    const { AWS_CONTAINER_CREDENTIALS_FULL_URI: _uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: _token, ...imdsEnv } = remoteEnv()
    try {
      emulator.faults.set('container', { latency: 200 })
      emulator.faults.set('imds', { latency: 200 })
      expect((await fromNodeProviderChain({ env: remoteEnv(), timeoutMs: 50 })()).sessionToken).toBeTruthy()
      expect((await fromNodeProviderChain({ env: imdsEnv, timeoutMs: 50 })()).sessionToken).toBeTruthy()
    } finally {
      emulator.faults.clear()
    }
  })

  it("the container link judges expiry by the chain's clock (now), and says which endpoint answered expired credentials", async () => {
    const error = await fromNodeProviderChain({ env: remoteEnv(), now: () => Date.now() + 48 * 3600_000 })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    expect((error as Error).message).toMatch(/^the container credentials endpoint http:\/\/127\.0\.0\.1:\d+\/\S* answered credentials that expired at /)
  })
})
