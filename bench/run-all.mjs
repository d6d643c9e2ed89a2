// `npm run bench`: size, Node, Chromium, then BENCHMARKS.md at the repository root. Expects
// @credkit/core and @credkit/node built (the root `npm run bench` builds first).
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, release, type } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { runBrowserBench } from './browser-bench.mjs'
import { benchColdStart } from './cold-start.mjs'
import { poolNodeReports } from './node-bench.mjs'
import { renderReport } from './report.mjs'
import { measureSizes } from './size.mjs'

const started = performance.now()
const here = fileURLToPath(new URL('.', import.meta.url))
const reportPath = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url))

const machine = {
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown CPU',
  loadAverage: loadavg().map((value) => value.toFixed(2)).join(' '),
  os: `${type()} ${release()}`,
  busy: loadavg()[0] > availableParallelism(),
}

// Versions as installed: from the package.json above each package's entry point (not every
// package exports its package.json).
async function versionOf(name) {
  let directory = dirname(fileURLToPath(import.meta.resolve(name)))
  for (; directory !== dirname(directory); directory = dirname(directory)) {
    const manifest = await readFile(join(directory, 'package.json'), 'utf8').then(JSON.parse, () => undefined)
    if (manifest?.name === name) return manifest.version
  }
  return 'unknown'
}
const versions = {}
for (const name of ['@credkit/core', '@credkit/node', '@aws-sdk/credential-providers', 'aws4fetch', '@smithy/signature-v4', '@smithy/core', '@aws-crypto/sha256-js', 'esbuild', 'playwright-core']) {
  versions[name] = await versionOf(name).catch(() => 'unknown')
}

console.log('size…')
const sizes = await measureSizes()

// The Node benchmark gets a process of its own: no esbuild or Playwright state in its heap, and
// nothing else running in it while it measures. Two, in fact, one after the other: contenders as
// listed, then in the opposite order, their rounds pooled. Which contender is warmed up first
// changes what V8 makes of it (the Method section of BENCHMARKS.md has the figures).
const nodeRun = async (...flags) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['node-bench.mjs', ...flags], { cwd: here, maxBuffer: 64 << 20 })
  return JSON.parse(stdout)
}
console.log('Node, contenders as listed…')
const asListed = await nodeRun()
console.log('Node, contenders in the opposite order…')
const node = poolNodeReports([asListed, await nodeRun('--reverse', '--no-cache-hit')])

// Cold start: a fresh `node` child per sample (bench/cold-start.mjs), @credkit/node against
// @aws-sdk/credential-providers. Expects @credkit/node built.
console.log('cold start…')
const coldStart = await benchColdStart()

console.log('Chromium…')
const browser = await runBrowserBench()

const markdown = renderReport({
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  machine,
  versions,
  node,
  browser,
  sizes,
  coldStart,
  durationSeconds: (performance.now() - started) / 1000,
})
await writeFile(reportPath, markdown)
console.log(markdown)
console.log(`\nwrote ${reportPath}`)
