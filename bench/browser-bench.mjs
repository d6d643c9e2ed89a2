// The Chromium benchmark: bundles browser-page.mjs as a browser would get it, serves it from
// 127.0.0.1 (a secure context, so crypto.subtle exists, as on an https page) and runs it in
// Debian's Chromium with every outbound route closed.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { credentials } from './scenarios.mjs'
import { poolRuns } from './run-rounds.mjs'
import { verifySignature } from './verify-signature.mjs'
import { chromiumArgs, chromiumExecutable } from '../test-support/chromium-args.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const executablePath = chromiumExecutable
export const browserSettings = { rounds: 60, batchMilliseconds: 15, warmUpMilliseconds: 400 }

async function bundlePage() {
  const result = await build({
    entryPoints: [join(here, 'browser-page.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    // The pure-JS crypto is a dynamic import in core: keep it a chunk of its own, as an app would.
    splitting: true,
    outdir: join(here, 'page'),
    write: false,
    logLevel: 'silent',
  })
  return new Map(result.outputFiles.map((file) => ['/' + file.path.slice(join(here, 'page').length + 1), file.text]))
}

function serve(files) {
  const page = '<!doctype html><meta charset="utf-8"><title>credkit bench</title><script type="module" src="/browser-page.js"></script>'
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname
    const body = path === '/' ? page : files.get(path)
    if (body === undefined) return response.writeHead(404).end()
    response.writeHead(200, { 'content-type': path === '/' ? 'text/html' : 'text/javascript', 'cache-control': 'no-store' })
    response.end(body)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

export async function chromiumVersion() {
  // Debian's launcher script prints a harmless shell warning on stderr; only stdout matters.
  const { stdout } = await promisify(execFile)(executablePath, ['--version']).catch((error) => error)
  return (stdout ?? '').trim().replace(/ built on .*/, '') || 'unknown'
}

/**
 * One page, one browser: every group's contenders warmed up and run as listed, or in the opposite
 * order. Each run gets a browser of its own, so no run inherits the JIT state of the other.
 */
async function runPage(files, settings, reverse) {
  const server = await serve(files)
  const userDataDir = await mkdtemp(join(tmpdir(), 'credkit-bench-chromium-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: chromiumArgs,
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const errors = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    await page.waitForFunction(() => globalThis.credkitBench !== undefined || document.readyState === 'complete')
    if (errors.length) throw new Error(`the bench page failed: ${errors.join('; ')}`)
    const report = await page.evaluate(([settings, reverse]) => globalThis.credkitBench.run(settings, { reverse }), [settings, reverse])

    if (report.syncSha256Check.failures.length) {
      throw new Error(`the hand-written SHA-256 disagrees with WebCrypto: ${report.syncSha256Check.failures.join(', ')}`)
    }
    if (report.defaultCrypto !== 'webcrypto') {
      throw new Error(`credkit's default crypto in Chromium is ${report.defaultCrypto}, expected webcrypto`)
    }
    const verified = Object.entries(report.signed).map(([name, entries]) => {
      const check = verifySignature({ method: report.method, url: report.url, headers: new Headers(entries), credentials })
      if (!check.ok) throw new Error(`Chromium: ${name} produced a wrong signature`)
      return { name, signature: check.actual, signedHeaders: check.signedHeaders }
    })
    return { ...report, verified }
  } finally {
    await context?.close()
    server.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
}

/**
 * Both orders, as in Node (bench/node-bench.mjs): which contender V8 meets first changes what it
 * makes of the code it shares with the others, so the figures pool the rounds of a run with the
 * contenders as listed and of a run with them reversed.
 */
export async function runBrowserBench(settings = browserSettings) {
  const files = await bundlePage()
  const asListed = await runPage(files, settings, false)
  const reversed = await runPage(files, settings, true)
  return {
    ...asListed,
    groups: asListed.groups.map((group) => ({
      ...group,
      results: poolRuns([group.results, reversed.groups.find((candidate) => candidate.id === group.id).results]),
    })),
    settings: { ...settings, orders: ['as listed', 'reversed'] },
    chromium: await chromiumVersion(),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runBrowserBench()
  if (process.argv.includes('--table')) {
    console.log(report.chromium, report.userAgent, 'sync SHA-256 check cases:', report.syncSha256Check.cases)
    for (const { name, signature } of report.verified) console.log(`  verified ${name}: ${signature.slice(0, 16)}…`)
    for (const group of report.groups) {
      console.log(`\n${group.title}`)
      for (const result of group.results) {
        console.log(`  ${result.name.padEnd(48)} ${(result.medianNs / 1000).toFixed(2).padStart(10)} µs  ×${result.ratioToBaseline.toFixed(2)}  (as listed / reversed ${result.medianNsByRun.map((ns) => (ns / 1000).toFixed(2)).join(' / ')} µs)`)
      }
    }
  } else {
    process.stdout.write(JSON.stringify(report))
  }
}
