import { startEmulator, type Emulator } from '@credkit/emulator'
import { CredentialStoreError } from '@credkit/core'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../../test/run-worker.js'
import { sharedRefreshWorker } from '../../test/shared-refresh-worker.js'
import { fileStore } from './file-store.js'

const credentials = { accessKeyId: 'ASIAFILE', secretAccessKey: 'file-secret', sessionToken: 'file-token', expiration: Date.parse('2099-01-01T00:00:00Z') }
const later = new Date('2099-01-01T00:00:00Z')
let directory: string
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-file-store-'))
})
afterEach(() => rm(directory, { recursive: true, force: true }))

describe('fileStore', () => {
  it('keeps entries in a 0700 directory as 0600 files named by hash, with no temporary files left', async () => {
    const cache = join(directory, 'nested', 'cache')
    const store = fileStore({ directory: cache })
    await store.set('role:arn:aws:iam::1:role/a', credentials, { expiresAt: later })
    expect(await store.get('role:arn:aws:iam::1:role/a')).toEqual(credentials)
    expect((await stat(cache)).mode & 0o777).toBe(0o700)
    const files = await readdir(cache)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/)
    expect((await stat(join(cache, files[0]!))).mode & 0o777).toBe(0o600)
  })

  it('tightens an existing directory to 0700', async () => {
    const { chmod } = await import('node:fs/promises')
    await chmod(directory, 0o755)
    await fileStore({ directory }).set('k', credentials, { expiresAt: later })
    expect((await stat(directory)).mode & 0o777).toBe(0o700)
  })

  it('misses on absent and expired entries, and after delete', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z')
    const store = fileStore({ directory, now: () => now })
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', credentials, { expiresAt: new Date(now + 1000) })
    expect(await store.get('k')).toEqual(credentials)
    now += 1000
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', credentials, { expiresAt: later })
    await store.delete('k')
    await store.delete('k')
    expect(await store.get('k')).toBeUndefined()
  })

  it('ignores corrupt or foreign files and replaces them on the next write', async () => {
    const store = fileStore({ directory })
    await store.set('k', credentials, { expiresAt: later })
    const [file] = await readdir(directory)
    for (const garbage of ['', '{"format":"credkit-credentials-1"', 'null', '{"format":"other","expiresAt":1,"value":{}}', '\u0000\u0001']) {
      await writeFile(join(directory, file!), garbage)
      expect(await store.get('k')).toBeUndefined()
    }
    await store.set('k', credentials, { expiresAt: later })
    expect(await store.get('k')).toEqual(credentials)
  })

  it('locks: one holder at a time, released or taken over after its TTL', async () => {
    let now = 1_000_000
    const store = fileStore({ directory, now: () => now })
    const first = await store.lock!('k', 10_000)
    expect(first).toBeDefined()
    expect(await store.lock!('k', 10_000)).toBeUndefined()
    await first!.release()
    const second = await store.lock!('k', 10_000)
    expect(second).toBeDefined()
    now += 10_001
    const third = await store.lock!('k', 10_000)
    expect(third).toBeDefined()
    // The expired holder's release must not free the lock its successor holds.
    await second!.release()
    expect(await store.lock!('k', 10_000)).toBeUndefined()
    await third!.release()
    expect(await store.lock!('other', 10_000)).toBeDefined()
  })

  it('a directory where an entry file should be: CredentialStoreError with the operation, from get, set and delete', async () => {
    const store = fileStore({ directory })
    await store.set('k', credentials, { expiresAt: later })
    const [entry] = await readdir(directory)
    await rm(join(directory, entry!))
    await mkdir(join(directory, entry!))
    for (const [operation, call] of [
      ['get', () => store.get('k')],
      ['set', () => store.set('k', credentials, { expiresAt: later })],
      ['delete', () => store.delete('k')],
    ] as const) {
      const error = await call().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(CredentialStoreError)
      expect((error as CredentialStoreError).operation).toBe(operation)
      expect((error as Error).message).toContain('it is a directory')
    }
  })

  it.each([
    ['is a file', (file: string) => file],
    ['is under a file', (file: string) => join(file, 'cache')],
  ])('a cache directory that %s: CredentialStoreError "is not a directory" from every operation', async (_, where) => {
    const file = join(directory, 'taken')
    await writeFile(file, 'x')
    const store = fileStore({ directory: where(file) })
    for (const [operation, call] of [
      ['get', () => store.get('k')],
      ['set', () => store.set('k', credentials, { expiresAt: later })],
      ['delete', () => store.delete('k')],
      ['lock', () => store.lock!('k', 1000)],
    ] as const) {
      const error = await call().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(CredentialStoreError)
      expect((error as CredentialStoreError).operation).toBe(operation)
      expect((error as Error).message).toContain(`the credential cache ${where(file)} is not a directory`)
    }
  })

  it('never shows secrets when printed', async () => {
    const store = fileStore({ directory })
    await store.set('k', credentials, { expiresAt: later })
    expect(`${inspect(store)} ${JSON.stringify(store)}`).not.toContain('file-secret')
  })
})

describe('fileStore shared by processes', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ imds: false, container: false })
  })
  afterAll(() => emulator.stop())

  it('eight processes refreshing at once make one AssumeRole call and share its result', async () => {
    const worker = join(directory, 'worker.mjs')
    const require = createRequire(import.meta.url)
    await writeFile(
      worker,
      sharedRefreshWorker({
        node: fileURLToPath(new URL('../../dist/index.js', import.meta.url)),
        core: fileURLToPath(new URL('../../../core/dist/index.js', import.meta.url)),
        redis: require.resolve('redis'),
      }),
    )
    const user = emulator.users[0]!
    const startAt = String(Date.now() + 600)
    const cache = join(directory, 'cache')
    const outputs = await Promise.all(
      Array.from({ length: 8 }, () =>
        run(process.execPath, [worker, 'file', cache, emulator.url, emulator.roles[0]!.arn, user.accessKeyId, user.secretAccessKey, startAt]),
      ),
    )
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(1)
    expect(new Set(outputs).size).toBe(1)
    expect(outputs[0]).toMatch(/^ASIA/)
    expect(await readFile(join(cache, (await readdir(cache)).find((file) => file.endsWith('.json'))!), 'utf8')).toContain(outputs[0])
  }, 30_000)
})
