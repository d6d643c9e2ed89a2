import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import S3rver from '@20minutes/s3rver'
import { sign } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
// Bundled from source (dependencies stay external), so the test runs the CLI as written without
// depending on a previous `npm run build`.
const cliPath = join(packageRoot, 'node_modules', '.cache', 'credkit-cli-test', 'main.mjs')
const account = '123456789012'
const mfaSerial = `arn:aws:iam::${account}:mfa/cli-user`
let emulator: Emulator
let home: string

beforeAll(async () => {
  await mkdir(dirname(cliPath), { recursive: true })
  await build({ entryPoints: [join(packageRoot, 'src', 'cli', 'main.ts')], outfile: cliPath, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  home = await mkdtemp(join(tmpdir(), 'credkit-cli-'))
  emulator = await startEmulator({
    users: [{ name: 'cli-user', accessKeyId: 'AKIACLIUSER000000001', secretAccessKey: 'cli-user-secret', mfaDevices: [{ serialNumber: mfaSerial, code: '135790' }] }],
    roles: [
      { name: 'cli-role', trust: { principals: [account] } },
      { name: 'cli-guarded', trust: { principals: [account], mfaRequired: true } },
    ],
    imds: false,
    container: false,
  })
})
afterAll(async () => {
  await emulator?.stop()
  await rm(home, { recursive: true, force: true })
})

const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`

/** A copy of this process's environment without AWS_*, plus the emulator's, IMDS off, an empty home. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_') && value !== undefined) env[name] = value
  return { ...env, ...emulator.env, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extra }
}

function run(file: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}
const credkit = (args: string[], env = childEnv()) => run(process.execPath, [cliPath, ...args], env)

describe('credkit env', () => {
  it('prints lines a POSIX shell can eval, with any character in a value kept as is', async () => {
    const secret = `a'b $(echo pwned) "c" \\ \`d\``
    const env = childEnv({ AWS_ACCESS_KEY_ID: 'AKIAQUOTE', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: 'stale' })
    const script = `eval "$("${process.execPath}" "${cliPath}" env)" && printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "\${AWS_SESSION_TOKEN-unset}"`
    // fromEnv reads the session token too: it must come through eval unchanged.
    const result = await run('sh', ['-c', script], env)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(`AKIAQUOTE\n${secret}\nstale\n`)
  })

  it('exports assumed-role credentials (--role-arn) that sh sees, expiration included', async () => {
    const script = `eval "$("${process.execPath}" "${cliPath}" env --role-arn ${roleArn('cli-role')})" && printf '%s\\n' "$AWS_ACCESS_KEY_ID" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`
    const result = await run('sh', ['-c', script], childEnv())
    expect(result.stderr).toBe('')
    const [accessKeyId, sessionToken, expiration] = result.stdout.trim().split('\n')
    expect(accessKeyId).toMatch(/^ASIA/)
    expect(sessionToken).toBeTruthy()
    expect(new Date(expiration!).getTime()).toBeGreaterThan(Date.now())
  })

  it('prints fish, PowerShell and JSON', async () => {
    const env = childEnv({ AWS_ACCESS_KEY_ID: 'AKIAQUOTE', AWS_SECRET_ACCESS_KEY: `it's` })
    expect((await credkit(['env', '--format', 'fish'], env)).stdout).toContain(`set -gx AWS_SECRET_ACCESS_KEY 'it\\'s';`)
    expect((await credkit(['env', '--format', 'powershell'], env)).stdout).toContain(`$Env:AWS_SECRET_ACCESS_KEY = 'it''s'`)
    expect(JSON.parse((await credkit(['env', '--format', 'json'], env)).stdout)).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAQUOTE', AWS_SECRET_ACCESS_KEY: `it's` })
  })
})

describe('credkit exec', () => {
  it('runs the command without a shell, with the credentials, and passes its exit code through', async () => {
    const code = 'console.log(JSON.stringify([process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SESSION_TOKEN, process.env.AWS_PROFILE, process.argv[1]])); process.exit(7)'
    const result = await credkit(['exec', '--role-arn', roleArn('cli-role'), '--', process.execPath, '-e', code, '$HOME; echo'])
    expect(result.code).toBe(7)
    const [accessKeyId, sessionToken, profile, argument] = JSON.parse(result.stdout) as (string | null)[]
    expect(accessKeyId).toMatch(/^ASIA/)
    expect(sessionToken).toBeTruthy()
    expect(profile).toBeNull()
    expect(argument).toBe('$HOME; echo')
  })

  it('passes SIGTERM sent to credkit on to the command, and reports 128 + 15', async () => {
    const child = spawn(process.execPath, [cliPath, 'exec', '--', process.execPath, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.kill('SIGTERM')
    expect(await new Promise((resolve) => child.on('close', (code) => resolve(code)))).toBe(143)
  })

  it('a command that cannot start is exit 1 with one line', async () => {
    const result = await credkit(['exec', '--', 'credkit-no-such-command'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('credkit exec: cannot run "credkit-no-such-command": ENOENT\n')
  })
})

describe('credkit credential-process', () => {
  it('prints Version 1 JSON the AWS SDKs accept', async () => {
    const result = await credkit(['credential-process', '--role-arn', roleArn('cli-role'), '--duration', '1h'])
    expect(result.code).toBe(0)
    const output = JSON.parse(result.stdout) as Record<string, unknown>
    expect(Object.keys(output)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'])
    expect(output['Version']).toBe(1)
    expect(output['AccessKeyId']).toMatch(/^ASIA/)
    const expiresIn = new Date(output['Expiration'] as string).getTime() - Date.now()
    expect(expiresIn).toBeGreaterThan(55 * 60_000)
    expect(expiresIn).toBeLessThanOrEqual(3600_000)
  })
})

describe('credkit whoami', () => {
  it('prints the caller (AWS_ENDPOINT_URL_STS → the emulator)', async () => {
    const result = await credkit(['whoami'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:user/cli-user` })
  })

  it('prints the assumed-role ARN with --role-arn and --role-session-name', async () => {
    const result = await credkit(['whoami', '--role-arn', roleArn('cli-role'), '--role-session-name', 'cli-test'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).Arn).toBe(`arn:aws:sts::${account}:assumed-role/cli-role/cli-test`)
  })

  it('assumes a role that requires MFA with --mfa-serial and --mfa-code', async () => {
    const code = emulator.users[0]!.mfaDevices.get(mfaSerial)!
    const result = await credkit(['whoami', '--role-arn', roleArn('cli-guarded'), '--mfa-serial', mfaSerial, '--mfa-code', code])
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout).Arn).toMatch(/assumed-role\/cli-guarded\//)
  })

  it('without --mfa-code and without a terminal, says how to give the code (exit 1)', async () => {
    const result = await credkit(['whoami', '--role-arn', roleArn('cli-guarded'), '--mfa-serial', mfaSerial])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^credkit whoami: an MFA code is needed for .*: pass --mfa-code \(there is no terminal to ask on\)\n$/)
  })

  it('an STS refusal is exit 1 with the STS code and no secret', async () => {
    const result = await credkit(['whoami', '--role-arn', roleArn('cli-guarded')])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^credkit whoami: STS AccessDenied/)
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect(result.stderr).not.toContain('cli-user-secret')
  })

  it('a missing profile is exit 1 naming the profile', async () => {
    const result = await credkit(['whoami', '--profile', 'nowhere'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^credkit whoami: .*nowhere.*\n$/)
  })
})

describe('failures', () => {
  it('with no credentials anywhere, exit 1 with one line listing why each link was skipped', async () => {
    const env = childEnv()
    delete env['AWS_ACCESS_KEY_ID']
    delete env['AWS_SECRET_ACCESS_KEY']
    const result = await credkit(['env'], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^credkit env: no credentials: no provider is configured \(1\. .*; 5\. .*AWS_EC2_METADATA_DISABLED.*\)\n$/)
  })
})

describe('usage', () => {
  it.each([
    [['env', '--bogus']],
    [['env', '--format', 'zsh']],
    [['frob']],
    [['whoami', '--external-id', 'x']],
    [['credential-process', '--role-arn', roleArn('cli-role'), '--duration', 'forever']],
    [['exec']],
    [['presign', 'https://bucket/key']],
    [[]],
  ])('credkit %j exits 2 with one line', async (args) => {
    const result = await credkit(args)
    expect(result.code).toBe(2)
    if (args.length > 0) expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
  })

  it.each(['env', 'exec', 'credential-process', 'whoami', 'presign'])('credkit %s --help', async (command) => {
    const result = await credkit([command, '--help'], { PATH: process.env['PATH'] ?? '' })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`^Usage: credkit ${command}`))
  })

  it('credkit --help', async () => {
    const result = await credkit(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage: credkit COMMAND/)
  })
})

describe('credkit presign', () => {
  let server: S3rver
  let directory: string
  let endpoint: string
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'credkit-cli-s3rver-'))
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'bucket' }] })
    const address = (await server.run()) as AddressInfo
    endpoint = `http://127.0.0.1:${address.port}`
  })
  afterAll(async () => {
    await server?.close()
    await rm(directory, { recursive: true, force: true })
  })

  it('prints a URL that s3rver (which checks signatures) answers with 200', async () => {
    const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
    const key = 'dir/with space ü.txt'
    const objectUrl = `${endpoint}/bucket/${key.split('/').map(encodeURIComponent).join('/')}`
    const put = await fetch(await sign(new Request(objectUrl, { method: 'PUT', body: 'presigned body' }), { credentials: s3rverCredentials, region: 'us-east-1', service: 's3' }))
    expect(put.status).toBe(200)
    const env = childEnv({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' })
    const result = await credkit(['presign', `s3://bucket/${key}`, '--expires', '1h', '--endpoint', endpoint], env)
    expect(result.stderr).toBe('')
    const url = new URL(result.stdout.trim())
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600')
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('presigned body')
  })

  it('is virtual-host style on AWS without --endpoint', async () => {
    const env = childEnv({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-3' })
    const result = await credkit(['presign', 's3://my-bucket/a/b.txt', '--expires', '15m'], env)
    expect(result.stdout).toMatch(/^https:\/\/my-bucket\.s3\.eu-west-3\.amazonaws\.com\/a\/b\.txt\?.*X-Amz-Expires=900/)
  })
})
