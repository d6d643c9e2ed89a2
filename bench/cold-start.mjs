// Cold start (issue 5): importing @credkit/node and resolving credentials from the environment,
// against @aws-sdk/credential-providers. Every sample is a fresh `node` process
// (cold-start-child.mjs), so nothing is in the module cache or the JIT; the contenders are
// interleaved sample by sample (order rotated each round) so that a slow patch of the shared
// machine lands on all of them alike. Run alone with `node cold-start.mjs` to print the JSON.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { median } from './run-rounds.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const child = join(here, 'cold-start-child.mjs')

export const coldStartContenders = [
  'credkit fromEnv',
  'credkit fromNodeProviderChain',
  'SDK fromEnv',
  'SDK fromNodeProviderChain',
  'one-line package',
  'node alone',
]

// Example keys in the AWS documentation's format; never sent anywhere.
const testKeys = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }

function childEnvironment(emptyFile) {
  const env = {}
  for (const [name, value] of Object.entries(process.env)) {
    // No AWS_* from this machine, and no compile cache that would make a later sample warmer.
    if (name.startsWith('AWS_') || name === 'NODE_COMPILE_CACHE' || name === 'NODE_OPTIONS') continue
    env[name] = value
  }
  return {
    ...env,
    ...testKeys,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: emptyFile,
    AWS_SHARED_CREDENTIALS_FILE: emptyFile,
  }
}

async function sample(contender, env) {
  const start = performance.now()
  const { stdout } = await promisify(execFile)(process.execPath, [child, contender], { cwd: here, env, timeout: 30_000 })
  const wallMs = performance.now() - start
  return { ...JSON.parse(stdout), wallMs }
}

function quantile(values, q) {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]
}
const summary = (values) => ({ median: median(values), p25: quantile(values, 0.25), p75: quantile(values, 0.75) })

/** @returns {Promise<{ samples: number, contenders: object[], importRatio: object }>} */
export async function benchColdStart({ samples = 15 } = {}) {
  const directory = await mkdtemp(join(tmpdir(), 'credkit-cold-start-'))
  try {
    const emptyFile = join(directory, 'empty')
    await writeFile(emptyFile, '')
    const env = childEnvironment(emptyFile)
    // One unrecorded sample each: the files come into the OS page cache, for every contender alike.
    // "Cold" here is a new process, not a cold disk.
    for (const contender of coldStartContenders) await sample(contender, env)
    const perContender = coldStartContenders.map(() => [])
    for (let round = 0; round < samples; round++) {
      for (let step = 0; step < coldStartContenders.length; step++) {
        const index = (round + step) % coldStartContenders.length
        perContender[index].push(await sample(coldStartContenders[index], env))
      }
    }
    const byName = Object.fromEntries(coldStartContenders.map((name, index) => [name, perContender[index]]))
    // The target compares import times: the SDK's over credkit's, taken within a round (both
    // credkit contenders import the same module, as do both SDK contenders, so each round gives two
    // pairs: fromEnv with fromEnv, chain with chain).
    const importRatios = []
    // The SDK loads each provider on its first call, so its import leaves work that credkit's does
    // up front: import plus first credentials is compared too, the same way.
    const importAndResolveRatios = []
    const importAndResolve = (entry) => entry.importMs + entry.resolveMs
    for (let round = 0; round < samples; round++) {
      for (const provider of ['fromEnv', 'fromNodeProviderChain']) {
        const credkit = byName[`credkit ${provider}`][round]
        const sdk = byName[`SDK ${provider}`][round]
        importRatios.push(credkit.importMs / sdk.importMs)
        importAndResolveRatios.push(importAndResolve(credkit) / importAndResolve(sdk))
      }
    }
    const imports = (prefix) =>
      coldStartContenders.filter((name) => name.startsWith(prefix)).flatMap((name) => byName[name].map((entry) => entry.importMs))
    return {
      samples,
      credkitImportMs: median(imports('credkit')),
      sdkImportMs: median(imports('SDK')),
      floorImportMs: median(imports('one-line package')),
      // credkit's import time over the SDK's: the target is at most 0.2.
      importRatio: summary(importRatios),
      importAndResolveRatio: summary(importAndResolveRatios),
      contenders: coldStartContenders.map((name) => {
        const entries = byName[name]
        const importMs = summary(entries.map((entry) => entry.importMs))
        const resolveMs = summary(entries.map((entry) => entry.resolveMs))
        const wallMs = summary(entries.map((entry) => entry.wallMs))
        const sinceProcessStartMs = summary(entries.map((entry) => entry.sinceProcessStartMs))
        // This contender's import time over credkit's with the same provider, paired by round.
        const counterpart = name.startsWith('SDK ') ? name.replace(/^SDK /, 'credkit ') : name.startsWith('credkit ') ? name : undefined
        const importRatioToCredkit = counterpart
          ? summary(entries.map((entry, round) => entry.importMs / byName[counterpart][round].importMs))
          : undefined
        return { name, importMs, resolveMs, wallMs, sinceProcessStartMs, importRatioToCredkit }
      }),
    }
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchColdStart(), null, 2))
}
