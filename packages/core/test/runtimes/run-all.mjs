// The AWS SigV4 suite in every non-Node runtime: builds the bundle once, then runs workerd,
// Chromium, Bun and Deno one after another (two cores; in parallel they only slow each other) and
// adds up their summary lines. A runtime that cannot start counts as a failure, never a skip.
//   node test/runtimes/run-all.mjs [workerd|workerd-nodejs-compat|workerd-url-original|chromium|bun|deno ...]
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildBundle, outDir } from './build-bundle.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const bin = join(here, '../../../../node_modules/.bin')

const runtimes = {
  workerd: { command: process.execPath, args: [join(here, 'run-workerd.mjs'), 'workerd'] },
  'workerd-nodejs-compat': { command: process.execPath, args: [join(here, 'run-workerd.mjs'), 'workerd-nodejs-compat'] },
  'workerd-url-original': { command: process.execPath, args: [join(here, 'run-workerd.mjs'), 'workerd-url-original'] },
  chromium: { command: process.execPath, args: [join(here, 'run-chromium.mjs')] },
  bun: {
    command: join(bin, 'bun'),
    // --no-install: Bun must never fetch a package it cannot find. DO_NOT_TRACK: no telemetry.
    args: ['run', '--no-install', join(here, 'run-bundle.mjs')],
    env: { DO_NOT_TRACK: '1' },
  },
  deno: {
    command: join(bin, 'deno'),
    // Read access to the bundle and nothing else, no net permission at all, and no remote or npm
    // resolution: a network call anywhere in the suite would fail instead of prompting.
    args: [
      'run',
      '--no-prompt',
      '--no-remote',
      '--no-npm',
      '--no-config',
      '--no-lock',
      `--allow-read=${outDir}`,
      join(here, 'run-bundle.mjs'),
    ],
    env: { DENO_NO_UPDATE_CHECK: '1' },
  },
}

function run(name, { command, args, env }) {
  return new Promise((resolve) => {
    if (!existsSync(command)) {
      console.log(`${name}: FAIL could not start: ${command} not found (run npm install)`)
      return resolve({ passed: 0, failed: 1 })
    }
    let summary
    let buffered = ''
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk)
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()
      for (const line of lines) {
        const match = new RegExp(`^${name}: (\\d+) passed, (\\d+) failed$`).exec(line)
        if (match) summary = { passed: Number(match[1]), failed: Number(match[2]) }
      }
    })
    child.on('error', (error) => {
      console.log(`${name}: FAIL could not start: ${error.message}`)
      resolve({ passed: 0, failed: 1 })
    })
    child.on('close', (code, signal) => {
      if (summary && code === 0 && summary.failed === 0 && summary.passed > 0) return resolve(summary)
      // A runner that died, or exited non-zero with a clean-looking summary, still fails the run.
      if (!summary || summary.failed === 0) {
        console.log(`${name}: FAIL the runner exited with ${signal ?? code} ${summary ? 'after' : 'without'} a summary`)
      }
      resolve({ passed: summary?.passed ?? 0, failed: Math.max(summary?.failed ?? 0, 1) })
    })
  })
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in runtimes))
if (unknown.length) {
  console.error(`unknown runtime ${unknown.join(', ')}; choose from ${Object.keys(runtimes).join(', ')}`)
  process.exit(2)
}

const started = performance.now()
const total = { passed: 0, failed: 0 }
try {
  await buildBundle()
  for (const [name, runtime] of Object.entries(runtimes)) {
    if (wanted.length && !wanted.includes(name)) continue
    const result = await run(name, runtime)
    total.passed += result.passed
    total.failed += result.failed
  }
} catch (error) {
  console.log(`runtimes: FAIL could not build the bundle: ${error?.stack ?? error}`)
  total.failed += 1
}
console.log(`runtimes: took ${((performance.now() - started) / 1000).toFixed(1)} s`)
console.log(`runtimes: ${total.passed} passed, ${total.failed} failed`)
process.exitCode = total.failed === 0 && total.passed > 0 ? 0 : 1
