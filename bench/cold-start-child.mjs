// One cold-start sample, run by cold-start.mjs in a fresh `node` process:
// `node cold-start-child.mjs <contender>`. Times `await import(...)` of the package and the first
// credential resolution with performance.now(), and prints one line of JSON.
import net from 'node:net'

const contender = process.argv[2]

// Nothing here may leave loopback (IMDS at 169.254.169.254 least of all). The parent already sets
// AWS_EC2_METADATA_DISABLED=true and resolves from environment variables, so no provider should try;
// this guard turns a try into a failed sample instead of a request. Loading node:net before the timed
// import warms Node's module loading for every contender alike (about 1.5–2 ms less for the SDK, for
// @credkit/node and for the one-line package, measured with and without it), so it is in the floor too.
const loopback = (host) => host === undefined || host === 'localhost' || host === '::1' || /^127\./.test(host)
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const first = args[0]
  const host = Array.isArray(first) ? first[0]?.host : typeof first === 'object' ? first?.host : args[1]
  if (typeof first === 'object' && first?.path) return connect.apply(this, args)
  if (!loopback(typeof host === 'string' ? host : undefined)) throw new Error(`cold-start bench: connection to ${host} refused`)
  return connect.apply(this, args)
}
globalThis.fetch = async (input) => {
  throw new Error(`cold-start bench: fetch(${String(input)}) refused`)
}

const keys = {
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
  AWS_EC2_METADATA_DISABLED: process.env.AWS_EC2_METADATA_DISABLED,
  AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
  AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
}

// A contender without `resolve` has no credentials to return.
const contenders = {
  // No package at all: what a node process costs to start and run this script.
  'node alone': { load: async () => ({}) },
  // The smallest ESM package, linked into node_modules as @credkit/node is: what importing any
  // package costs here (resolving it, reading its package.json, loading one module), the floor
  // under every other contender's import time.
  'one-line package': { load: () => import('@credkit/cold-start-floor') },
  'credkit fromEnv': {
    load: () => import('@credkit/node'),
    resolve: (module) => module.fromEnv({ env: keys })(),
  },
  'credkit fromNodeProviderChain': {
    load: () => import('@credkit/node'),
    resolve: (module) => module.fromNodeProviderChain({ env: keys })(),
  },
  'SDK fromEnv': {
    load: () => import('@aws-sdk/credential-providers'),
    resolve: (module) => module.fromEnv()(),
  },
  'SDK fromNodeProviderChain': {
    load: () => import('@aws-sdk/credential-providers'),
    resolve: (module) => module.fromNodeProviderChain()(),
  },
}

const chosen = contenders[contender]
if (!chosen) throw new Error(`unknown contender ${contender}`)

const importStart = performance.now()
const module = await chosen.load()
const importMs = performance.now() - importStart
const resolveStart = performance.now()
const credentials = await chosen.resolve?.(module)
const resolveMs = performance.now() - resolveStart
if (chosen.resolve && (credentials?.accessKeyId !== keys.AWS_ACCESS_KEY_ID || credentials?.secretAccessKey !== keys.AWS_SECRET_ACCESS_KEY)) {
  throw new Error(`${contender} resolved other credentials than the environment's`)
}
// performance.now() counts from the process's time origin: this is the whole life of the process
// so far, Node's own start-up included.
process.stdout.write(JSON.stringify({ contender, importMs, resolveMs, sinceProcessStartMs: performance.now() }) + '\n')
