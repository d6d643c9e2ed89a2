/**
 * The body of a child process in the multi-process store tests: core's refresh engine (`cached`)
 * over `fromTemporaryCredentials`, sharing a `fileStore` or `redisStore`; it prints the access key
 * it got. Written as a string so each child runs the built packages, as an application would.
 */
export const sharedRefreshWorker = (imports: { node: string; core: string; redis: string }) => `
import { fileStore, redisStore } from ${JSON.stringify(imports.node)}
import { cached, credentialKey, fromTemporaryCredentials } from ${JSON.stringify(imports.core)}
const [kind, where, stsUrl, roleArn, accessKeyId, secretAccessKey, startAt] = process.argv.slice(2)
let client
let store
if (kind === 'file') store = fileStore({ directory: where })
else {
  const { createClient } = await import(${JSON.stringify(imports.redis)})
  // Generous timeouts: eight processes start at once on a small machine, and a connection or a
  // command that times out counts as Redis down (the process then refreshes on its own, a second
  // AssumeRole). A Redis that is down refuses the connection at once, so this costs that test nothing.
  client = createClient({ url: where, socket: { reconnectStrategy: false, connectTimeout: 3000 } })
  client.on('error', () => {})
  await client.connect().catch(() => {})
  store = redisStore({ client, commandTimeoutMs: 3000 })
}
const provider = cached(
  fromTemporaryCredentials({
    params: { roleArn, roleSessionName: 'worker-' + process.pid },
    masterCredentials: { accessKeyId, secretAccessKey },
    clientConfig: { region: 'us-east-1', endpoint: stsUrl },
  }),
  { store, key: await credentialKey({ roleArn }), lockPollMs: 50 },
)
// Start together, to race for the lock.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
const credentials = await provider()
process.stdout.write(credentials.accessKeyId)
if (client?.isOpen) await client.quit().catch(() => {})
process.exit(0)
`
