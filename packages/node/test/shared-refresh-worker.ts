/**
 * The body of a child process in the multi-process store tests: it does what core's refresh engine
 * does with a store (read; on a miss take the lock; the holder assumes the role and writes, the
 * others wait for its write; no lock or no store → refresh alone) and prints the access key it got.
 * Written as a string so each child runs the built package, as an application would.
 */
export const sharedRefreshWorker = (imports: { node: string; core: string; redis: string }) => `
import { fileStore, redisStore } from ${JSON.stringify(imports.node)}
import { createStsClient } from ${JSON.stringify(imports.core)}
const [kind, where, stsUrl, roleArn, accessKeyId, secretAccessKey, startAt] = process.argv.slice(2)
let client
let store
if (kind === 'file') store = fileStore({ directory: where })
else {
  const { createClient } = await import(${JSON.stringify(imports.redis)})
  client = createClient({ url: where, socket: { reconnectStrategy: false, connectTimeout: 300 } })
  client.on('error', () => {})
  await client.connect().catch(() => {})
  store = redisStore({ client, commandTimeoutMs: 300 })
}
const key = 'role:' + roleArn
const safely = (promise) => promise.catch(() => undefined)
const refresh = async () => {
  const sts = createStsClient({ region: 'us-east-1', endpoint: stsUrl, credentials: { accessKeyId, secretAccessKey } })
  const { credentials } = await sts.assumeRole({ roleArn, roleSessionName: 'worker-' + process.pid })
  const stored = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken, expiration: credentials.expiration.toISOString() }
  await safely(store.set(key, stored, { expiresAt: credentials.expiration }))
  return stored
}
// Start together, to race for the lock.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
let result = await safely(store.get(key))
if (!result) {
  let lock
  try { lock = await store.lock(key, 10_000) } catch { lock = 'unavailable' }
  if (lock === undefined) {
    for (let waited = 0; !result && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      result = await safely(store.get(key))
    }
  }
  if (!result) {
    try { result = await refresh() } finally { if (lock && lock !== 'unavailable') await safely(lock.release()) }
  }
}
process.stdout.write(result.accessKeyId)
if (client?.isOpen) await client.quit().catch(() => {})
process.exit(0)
`
