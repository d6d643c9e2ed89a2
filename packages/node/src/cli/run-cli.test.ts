import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

// In-process, for what a spawned CLI cannot easily get: a terminal to ask the MFA code on.
const account = '123456789012'
const mfaSerial = `arn:aws:iam::${account}:mfa/prompt-user`
let emulator: Emulator
let home: string
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'credkit-run-cli-'))
  emulator = await startEmulator({
    users: [{ name: 'prompt-user', accessKeyId: 'AKIAPROMPTUSER000001', secretAccessKey: 'prompt-secret', mfaDevices: [{ serialNumber: mfaSerial, code: '112233' }] }],
    roles: [{ name: 'guarded', trust: { principals: [account], mfaRequired: true } }],
    imds: false,
    container: false,
  })
})
afterAll(async () => {
  await emulator?.stop()
  await rm(home, { recursive: true, force: true })
})

async function run(argv: string[], input: PassThrough & { isTTY?: boolean }) {
  let stdout = ''
  let stderr = ''
  const prompts = new PassThrough()
  let asked = ''
  prompts.on('data', (chunk: Buffer) => (asked += chunk.toString()))
  const code = await runCli(argv, {
    env: { ...emulator.env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
    streams: { input, output: prompts },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  })
  return { code, stdout, stderr, asked }
}

describe('runCli', () => {
  it('asks for the MFA code on a terminal when --mfa-code is absent', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true })
    const pending = run(['--role-arn', `arn:aws:iam::${account}:role/guarded`, '--mfa-serial', mfaSerial, 'whoami'], input)
    // The code is typed once the question is out.
    setTimeout(() => input.write('112233\n'), 50)
    const result = await pending
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.asked).toContain(`MFA code for ${mfaSerial}: `)
    expect(JSON.parse(result.stdout).Arn).toMatch(/assumed-role\/guarded\//)
  })

  it('takes global options before the command, even when a value looks like a command', async () => {
    const input = new PassThrough()
    const result = await run(['--region', 'whoami', 'env', '--format', 'json'], input)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ AWS_ACCESS_KEY_ID: 'AKIAPROMPTUSER000001' })
  })
})
