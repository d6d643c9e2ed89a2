import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CredentialProcessError, CredentialProcessTimeoutError } from '../errors.js'
import { CredentialsNotConfiguredError } from '@credkit/core'
import { fromProcess } from './from-process.js'

const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
let directory: string

/** Alive and not a zombie (a container's PID 1 may never reap the orphans it inherits). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return !/^\d+ \(.*\) Z/.test(stat)
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-process-'))
})
afterEach(async () => {
  await rm(directory, { recursive: true, force: true })
})

/** Writes a Node script and a config whose profile `helper` runs it with `args`. */
async function setUp(script: string, args = '', extraConfig = '') {
  const scriptPath = join(directory, 'helper.mjs')
  await writeFile(scriptPath, script)
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`
  const config = `[profile helper]\nregion = eu-west-1\ncredential_process = ${quote(process.execPath)} ${quote(scriptPath)} ${args}\n${extraConfig}`
  await writeFile(join(directory, 'config'), config)
  return { HOME: directory, AWS_CONFIG_FILE: join(directory, 'config'), AWS_PROFILE: 'helper', PATH: process.env['PATH'] ?? '' }
}

const print = (document: unknown) => `process.stdout.write(${JSON.stringify(JSON.stringify(document))})`
const version1 = { Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: secret, SessionToken: 'token', Expiration: '2099-01-01T00:00:00Z' }

async function failure(env: Record<string, string>, options: Parameters<typeof fromProcess>[0] = {}) {
  const error = await fromProcess({ env, ...options })().catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(CredentialProcessError)
  const text = `${(error as Error).message} ${inspect(error)} ${JSON.stringify(error)}`
  expect(text).not.toContain(secret)
  expect(text).not.toContain('token')
  return error as CredentialProcessError
}

describe('fromProcess (SDKs & Tools reference: credential_process)', () => {
  it('returns Version 1 credentials with their expiration and account', async () => {
    const env = await setUp(print({ ...version1, AccountId: '123456789012' }))
    const credentials = await fromProcess({ env })()
    expect(`${inspect(credentials)} ${JSON.stringify(credentials)}`).not.toContain(secret)
    expect(credentials).toEqual({
      accessKeyId: 'AKIDPROCESS',
      secretAccessKey: secret,
      sessionToken: 'token',
      expiration: new Date('2099-01-01T00:00:00Z'),
      accountId: '123456789012',
    })
  })

  it('accepts long-term credentials without Expiration', async () => {
    const env = await setUp(print({ Version: 1, AccessKeyId: 'AKID', SecretAccessKey: secret }))
    expect(await fromProcess({ env })()).toEqual({ accessKeyId: 'AKID', secretAccessKey: secret })
  })

  it('splits arguments like the AWS CLI and runs them without a shell', async () => {
    const env = await setUp(
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: JSON.stringify(process.argv.slice(2)), SecretAccessKey: 'x' }))`,
      `"a b" $HOME '; touch ${join(directory, 'pwned')}' \`id\` *`,
    )
    const credentials = await fromProcess({ env })()
    expect(JSON.parse(credentials.accessKeyId)).toEqual(['a b', '$HOME', `; touch ${join(directory, 'pwned')}`, '`id`', '*'])
    await expect(readFile(join(directory, 'pwned'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('gives the process the env option as its environment', async () => {
    const env = await setUp(`${print(version1).replace('AKIDPROCESS', '" + process.env.MY_KEY + "')}`)
    const credentials = await fromProcess({ env: { ...env, MY_KEY: 'from-option' } })()
    expect(credentials.accessKeyId).toBe('from-option')
  })

  it('names the profile and file when the output is not JSON, and never shows the output', async () => {
    const env = await setUp(`process.stdout.write('{"SecretAccessKey": "${secret}", oops')`)
    const error = await failure(env)
    expect(error.message).toBe(
      `credential_process of profile 'helper' (${join(directory, 'config')}, line 3) printed something that is not JSON`,
    )
    expect(error).toMatchObject({ code: 'ERR_CREDENTIAL_PROCESS', profile: 'helper', exitCode: 0 })
  })

  it.each([
    [{ ...version1, Version: 2 }, 'printed Version 2; only Version 1 is supported'],
    [{ ...version1, Version: '1' }, 'printed Version "1"; only Version 1 is supported'],
    [{ Version: 1, SecretAccessKey: secret }, 'printed no AccessKeyId'],
    [{ Version: 1, AccessKeyId: 'AKID' }, 'printed no SecretAccessKey'],
    [{ ...version1, Expiration: 'tomorrow' }, 'printed an Expiration that is not an RFC 3339 date: "tomorrow"'],
    // Date would roll the first over to 2 March; the second is ISO 8601's basic offset, not RFC 3339.
    [{ ...version1, Expiration: '2099-02-30T00:00:00Z' }, 'printed an Expiration that is not an RFC 3339 date: "2099-02-30T00:00:00Z"'],
    [{ ...version1, Expiration: '2099-01-01T00:00:00+0100' }, 'printed an Expiration that is not an RFC 3339 date: "2099-01-01T00:00:00+0100"'],
    [{ ...version1, Expiration: '2001-01-01T00:00:00Z' }, 'printed credentials that expired at 2001-01-01T00:00:00.000Z'],
    [{ ...version1, SessionToken: 5 }, 'printed a SessionToken that is not a string'],
    [[1], 'printed JSON that is not an object'],
  ])('rejects %j', async (document, message) => {
    const error = await failure(await setUp(print(document)))
    expect(error.message.endsWith(message)).toBe(true)
  })

  it('reports a failing process with its exit code and the start of its stderr, secrets redacted', async () => {
    const env = await setUp(
      `process.stderr.write('login failed for SecretAccessKey=${secret} and ${secret}\\n' + 'x'.repeat(5000)); process.exit(3)`,
    )
    const error = await failure(env)
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain('exited with code 3; it wrote to stderr: login failed for SecretAccessKey=[redacted] and [redacted]')
    expect(error.stderr!.length).toBeLessThanOrEqual(1001)
  })

  it.each([
    ['URL-encoded', `GET /?X-Amz-Credential=AKID&secret=${encodeURIComponent(secret)}&X-Amz-Security-Token=${encodeURIComponent(secret + secret)}`],
    ['in JSON with escaped slashes', JSON.stringify({ secret_key: secret }).replaceAll('/', '\\/')],
    ['in a Python repr', `{'SecretAccessKey': '${secret}'}`],
    ['straddling the 8000 bytes of stderr kept', `${' '.repeat(7975)}${secret}`],
  ])('redacts a secret access key %s on stderr, all of it', async (_, text) => {
    const error = await failure(await setUp(`process.stderr.write(${JSON.stringify(text)}); process.exit(1)`))
    const shown = `${error.message} ${error.stderr}`
    // Each piece of the key between two slashes or pluses, as an encoding would leave it.
    for (const piece of secret.split(/[/+]/)) expect(shown).not.toContain(piece)
  })

  it('redacts settings on stderr without backtracking over a long run of secret-like words', async () => {
    // 8000 bytes of "secretsecret…" took the old pattern 16 s; the test's timeout is 5 s.
    const error = await failure(await setUp(`process.stderr.write(${JSON.stringify('secret'.repeat(1333))} + ' aws_secret_access_key=${secret}'); process.exit(1)`))
    expect(`${error.message} ${error.stderr}`).not.toContain(secret.slice(0, 12))
  })

  it('reports a command that cannot start', async () => {
    await writeFile(join(directory, 'config'), '[default]\ncredential_process = /nonexistent/helper --x\n')
    const error = await failure({ HOME: directory, AWS_CONFIG_FILE: join(directory, 'config') })
    expect(error.message).toContain('could not start "/nonexistent/helper": ENOENT')
  })

  it('reports an unclosed quote in the profile', async () => {
    await writeFile(join(directory, 'config'), '[default]\ncredential_process = helper "--x\n')
    const error = await failure({ HOME: directory, AWS_CONFIG_FILE: join(directory, 'config') })
    expect(error.message).toContain('cannot be split into a command line: it has no closing quotation')
  })

  it('kills a process that hangs, with its children, after the timeout', async () => {
    const pidFile = join(directory, 'child.pid')
    const env = await setUp(`
      import { spawn } from 'node:child_process'
      import { writeFileSync } from 'node:fs'
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
      writeFileSync(${JSON.stringify(pidFile)}, String(child.pid))
      process.stderr.write('waiting for the browser')
      setInterval(() => {}, 1000)
    `)
    const started = Date.now()
    const error = await failure(env, { timeoutMs: 1500 })
    expect(error).toBeInstanceOf(CredentialProcessTimeoutError)
    expect(error.code).toBe('ERR_CREDENTIAL_PROCESS_TIMEOUT')
    expect(error.message).toContain("did not finish within 1500 ms and was killed; it wrote to stderr: waiting for the browser")
    expect(Date.now() - started).toBeLessThan(5000)
    const grandchild = Number(await readFile(pidFile, 'utf8'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await isRunning(grandchild)).toBe(false)
  })

  it('on timeout, lets go of the output pipes a grandchild outside the process group still holds', async () => {
    const marker = join(directory, 'grandchild.out')
    // The grandchild leads its own session (detached), so killing the helper's group misses it; it
    // writes to the inherited stdout until a write fails, which happens once the pipe is let go.
    const grandchild = `
      const { writeSync, writeFileSync } = require('node:fs')
      setTimeout(() => process.exit(), 5000)
      setInterval(() => { try { writeSync(1, ' ') } catch (error) { writeFileSync(${JSON.stringify(marker)}, error.code); process.exit() } }, 20)
    `
    const env = await setUp(`
      import { spawn } from 'node:child_process'
      spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { detached: true, stdio: ['ignore', 'inherit', 'ignore'] }).unref()
      ${print(version1)}
    `)
    const error = await failure(env, { timeoutMs: 500 })
    expect(error).toBeInstanceOf(CredentialProcessTimeoutError)
    expect(error.message).toContain('it had exited, but a process it started still held its standard output open')
    await expect.poll(() => readFile(marker, 'utf8').catch(() => ''), { timeout: 2000 }).toBe('EPIPE')
  })

  it('stops the process when the signal aborts', async () => {
    const env = await setUp('setInterval(() => {}, 1000)')
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('stop')), 200)
    await expect(fromProcess({ env, signal: controller.signal })()).rejects.toThrow('stop')
  })

  it('is not configured without credential_process or without the profile', async () => {
    await writeFile(join(directory, 'config'), '[default]\nregion = eu-west-1\n')
    const env = { HOME: directory, AWS_CONFIG_FILE: join(directory, 'config') }
    await expect(fromProcess({ env })()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
    await expect(fromProcess({ env, profile: 'missing' })()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
  })
})
