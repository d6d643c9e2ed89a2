import { CredentialStoreError } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startRedisServer } from '../../test/redis-server.js'
import { run } from '../../test/run-worker.js'
import { sharedRefreshWorker } from '../../test/shared-refresh-worker.js'
import { redisStore } from './redis-store.js'

const credentials = { accessKeyId: 'ASIAREDIS', secretAccessKey: 'redis-secret', sessionToken: 'redis-token', expiration: Date.parse('2099-01-01T00:00:00Z') }
const later = new Date('2099-01-01T00:00:00Z')

let redis: Awaited<ReturnType<typeof startRedisServer>>
let client: ReturnType<typeof createClient>
beforeAll(async () => {
  redis = await startRedisServer()
  client = createClient({ url: redis.url })
  await client.connect()
})
afterAll(async () => {
  await client.quit().catch(() => undefined)
  await redis.stop()
})
beforeEach(() => client.flushAll())

describe('redisStore against redis-server', () => {
  it('stores entries under the prefix with the credentials lifetime as TTL', async () => {
    const store = redisStore({ client })
    await store.set('role:a', credentials, { expiresAt: new Date(Date.now() + 60_000) })
    expect(await store.get('role:a')).toEqual(credentials)
    expect(await client.keys('*')).toEqual(['credkit:credentials:role:a'])
    const ttl = await client.pTTL('credkit:credentials:role:a')
    expect(ttl).toBeGreaterThan(55_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    await store.delete('role:a')
    expect(await store.get('role:a')).toBeUndefined()
  })

  it('lets Redis drop entries when they expire, and never writes expired ones', async () => {
    const store = redisStore({ client, prefix: 'app1:' })
    await store.set('k', credentials, { expiresAt: new Date(Date.now() + 150) })
    expect(await store.get('k')).toEqual(credentials)
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', credentials, { expiresAt: new Date(Date.now() - 1) })
    expect(await client.keys('*')).toEqual([])
  })

  it('treats a corrupt or foreign value as a miss', async () => {
    const store = redisStore({ client })
    for (const garbage of ['', 'not json', '{"format":"credkit-credentials-1","expiresAt":1e20,"value":{"accessKeyId":""}}']) {
      await client.set('credkit:credentials:k', garbage)
      expect(await store.get('k')).toBeUndefined()
    }
  })

  it('locks with SET NX PX; release frees only its own lock', async () => {
    const store = redisStore({ client })
    const first = await store.lock!('k', 200)
    expect(first).toBeDefined()
    expect(await store.lock!('k', 200)).toBeUndefined()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const second = await store.lock!('k', 10_000)
    expect(second).toBeDefined()
    await first!.release()
    expect(await store.lock!('k', 10_000)).toBeUndefined()
    await second!.release()
    expect(await store.lock!('k', 10_000)).toBeDefined()
  })

  it('works over an ioredis-style client (call)', async () => {
    const ioredisLike = { call: (command: string, ...args: string[]) => client.sendCommand([command, ...args]) }
    const store = redisStore({ client: ioredisLike })
    await store.set('k', credentials, { expiresAt: later })
    expect(await store.get('k')).toEqual(credentials)
  })

  it('rejects quickly with CredentialStoreError when Redis hangs, without the command arguments', async () => {
    const store = redisStore({ client, commandTimeoutMs: 200 })
    redis.pause()
    try {
      const started = Date.now()
      const error = await store.set('k', credentials, { expiresAt: later }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(CredentialStoreError)
      expect((error as Error).message).toBe('Redis SET took longer than 200 ms')
      expect(Date.now() - started).toBeLessThan(1000)
    } finally {
      redis.resume()
    }
  })

  it('rejects with CredentialStoreError when the client cannot reach Redis', async () => {
    const closed = createClient({ url: redis.url })
    const error = await redisStore({ client: closed }).get('k').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CredentialStoreError)
    expect(JSON.stringify(error)).not.toContain('secret')
  })
})

describe('redisStore shared by processes', () => {
  let emulator: Emulator
  let directory: string
  let worker: string
  beforeAll(async () => {
    emulator = await startEmulator({ imds: false, container: false })
  })
  afterAll(() => emulator.stop())
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'credkit-redis-workers-'))
    worker = join(directory, 'worker.mjs')
    const require = createRequire(import.meta.url)
    await writeFile(
      worker,
      sharedRefreshWorker({
        node: fileURLToPath(new URL('../../dist/index.js', import.meta.url)),
        core: fileURLToPath(new URL('../../../core/dist/index.js', import.meta.url)),
        redis: require.resolve('redis'),
      }),
    )
    emulator.calls.reset()
  })
  afterEach(() => rm(directory, { recursive: true, force: true }))

  const workers = (url: string) => {
    const user = emulator.users[0]!
    const startAt = String(Date.now() + 800)
    return Promise.all(
      Array.from({ length: 8 }, () =>
        run(process.execPath, [worker, 'redis', url, emulator.url, emulator.roles[0]!.arn, user.accessKeyId, user.secretAccessKey, startAt]),
      ),
    )
  }

  it('eight processes refreshing at once make one AssumeRole call', async () => {
    const outputs = await workers(redis.url)
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(1)
    expect(new Set(outputs).size).toBe(1)
  }, 30_000)

  it('with Redis down, each process refreshes on its own and still gets credentials', async () => {
    const down = await startRedisServer()
    await down.stop()
    const outputs = await workers(down.url)
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(8)
    for (const output of outputs) expect(output).toMatch(/^ASIA/)
  }, 30_000)
})
