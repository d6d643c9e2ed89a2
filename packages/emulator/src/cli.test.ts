import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
// Bundled from source (dependencies stay external and resolve from the package's node_modules),
// so the test exercises the CLI as written without depending on a previous `npm run build`.
const cliPath = join(packageRoot, 'node_modules', '.cache', 'credkit-emulator-test', 'cli.mjs')
let configDirectory: string

beforeAll(async () => {
  await mkdir(dirname(cliPath), { recursive: true })
  await build({ entryPoints: [join(packageRoot, 'src', 'cli.ts')], outfile: cliPath, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  configDirectory = await mkdtemp(join(tmpdir(), 'credkit-emulator-cli-'))
})
afterAll(() => rm(configDirectory, { recursive: true, force: true }))

function run(args: string[]): { child: ChildProcess; exit: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exit, stdout: () => stdout, stderr: () => stderr }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

function parseExports(text: string): Record<string, string> {
  const environment: Record<string, string> = {}
  for (const match of text.matchAll(/^export (\w+)='([^']*)'$/gm)) environment[match[1]!] = match[2]!
  return environment
}

describe('credkit-emulator', () => {
  it('prints export lines, answers the SDK, and exits 0 on SIGTERM', async () => {
    const configFile = join(configDirectory, 'config.json')
    await writeFile(
      configFile,
      JSON.stringify({
        region: 'ap-southeast-2',
        users: [{ name: 'cli-user', accessKeyId: 'AKIACLI0000000000001', secretAccessKey: 'cli-secret' }],
        roles: [{ name: 'cli-role' }],
        container: { authorizationToken: 'cli-token' },
      }),
    )
    const cli = run(['--config', configFile, '--port', '0'])
    await waitFor(() => cli.stderr().includes('listening on'), 'the emulator to listen')
    const environment = parseExports(cli.stdout())
    expect(environment).toMatchObject({
      AWS_REGION: 'ap-southeast-2',
      AWS_ACCESS_KEY_ID: 'AKIACLI0000000000001',
      AWS_SECRET_ACCESS_KEY: 'cli-secret',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'cli-token',
    })
    expect(environment['AWS_ENDPOINT_URL_STS']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(environment['AWS_CONTAINER_CREDENTIALS_FULL_URI']).toBe(`${environment['AWS_ENDPOINT_URL_STS']}/v1/credentials`)
    const client = new STSClient({
      endpoint: environment['AWS_ENDPOINT_URL_STS']!,
      region: environment['AWS_REGION']!,
      credentials: { accessKeyId: environment['AWS_ACCESS_KEY_ID']!, secretAccessKey: environment['AWS_SECRET_ACCESS_KEY']! },
      maxAttempts: 1,
    })
    expect((await client.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::123456789012:user/cli-user')
    cli.child.kill('SIGTERM')
    expect(await cli.exit).toBe(0)
  })

  it('prints help and exits 0', async () => {
    const cli = run(['--help'])
    expect(await cli.exit).toBe(0)
    expect(cli.stdout()).toContain('Usage: credkit-emulator')
  })

  it('exits 2 with one clear line for a bad argument or config file', async () => {
    const badArgument = run(['--port', 'eighty'])
    expect(await badArgument.exit).toBe(2)
    expect(badArgument.stderr()).toBe('credkit-emulator: --port must be a number from 0 to 65535, got "eighty"\n')
    const badFile = join(configDirectory, 'bad.json')
    await writeFile(badFile, '{"roles": [{"name": "r", "trust": {"mfa": true}}]}')
    const badConfig = run(['--config', badFile])
    expect(await badConfig.exit).toBe(2)
    expect(badConfig.stderr()).toContain('config.roles[0].trust.mfa: unknown field')
  })
})
