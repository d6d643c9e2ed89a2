import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CredentialsNotFoundError } from '@credkit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProfileConfigError } from '../errors.js'
import { fromNodeProviderChain } from './from-node-provider-chain.js'

let home: string
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'credkit-chain-'))
})
afterEach(() => rm(home, { recursive: true, force: true }))

// A home with no files and IMDS off: nothing is configured unless a test adds it.
const baseEnv = () => ({ HOME: home, AWS_EC2_METADATA_DISABLED: 'true' })
const envKeys = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' }

async function writeCredentials(text: string): Promise<void> {
  await mkdir(join(home, '.aws'), { recursive: true })
  await writeFile(join(home, '.aws', 'credentials'), text)
}

describe('fromNodeProviderChain (AWS SDK for JavaScript v3 defaultProvider order)', () => {
  it('environment variables win over the default profile', async () => {
    await writeCredentials('[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n')
    const credentials = await fromNodeProviderChain({ env: { ...baseEnv(), ...envKeys } })()
    expect(credentials.accessKeyId).toBe('AKIDENV')
  })

  it('the default profile answers when the environment has no keys', async () => {
    await writeCredentials('[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n')
    expect((await fromNodeProviderChain({ env: baseEnv() })()).accessKeyId).toBe('AKIDFILE')
  })

  it('an explicit profile (option or AWS_PROFILE) skips the environment variables', async () => {
    await writeCredentials('[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n')
    const byOption = await fromNodeProviderChain({ env: { ...baseEnv(), ...envKeys }, profile: 'work' })()
    expect(byOption.accessKeyId).toBe('AKIDWORK')
    const byVariable = await fromNodeProviderChain({ env: { ...baseEnv(), ...envKeys, AWS_PROFILE: 'work' } })()
    expect(byVariable.accessKeyId).toBe('AKIDWORK')
  })

  it('an explicit profile that does not exist is an error, not a fall-back to the environment', async () => {
    await expect(fromNodeProviderChain({ env: { ...baseEnv(), ...envKeys }, profile: 'missing' })()).rejects.toThrow(/missing/)
  })

  it('with nothing configured, the error lists why every link was skipped', async () => {
    const error = await fromNodeProviderChain({ env: baseEnv() })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialsNotFoundError)
    const { reasons, message } = error as CredentialsNotFoundError
    expect(reasons).toHaveLength(5)
    expect(message).toMatch(/1\. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/)
    expect(message).toMatch(/2\. .*default/)
    expect(message).toMatch(/3\. .*default/)
    expect(message).toMatch(/4\. AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set/)
    expect(message).toMatch(/5\. .*AWS_EC2_METADATA_DISABLED/)
  })

  it('a broken profile stops the chain with its own error', async () => {
    await writeCredentials('[default]\naws_access_key_id = AKIDHALF\n')
    const error = await fromNodeProviderChain({ env: baseEnv() })().catch((caught: unknown) => caught)
    expect(error).not.toBeInstanceOf(CredentialsNotFoundError)
    expect(error).toBeInstanceOf(ProfileConfigError)
    expect((error as Error).message).toMatch(/default/)
  })

  it('is one memoised chain: long-term keys are resolved once', async () => {
    const env: Record<string, string> = { ...baseEnv(), ...envKeys }
    const provider = fromNodeProviderChain({ env })
    const first = await provider()
    env['AWS_ACCESS_KEY_ID'] = 'AKIDCHANGED'
    expect(await provider()).toBe(first)
  })
})
