// Runs the bundled suite in workerd (Miniflare 4): a Worker imports the bundle, runs it on its
// first request and answers with the report as JSON.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Miniflare, Response } from 'miniflare'
import { bundlePath, outDir } from './build-bundle.mjs'
import { printCrash, printReport } from './print-report.mjs'

// Two ways Workers are deployed. Without nodejs_compat there is no process.getBuiltinModule, so core
// must find WebCrypto on its own and fall back to pure JS without crypto.subtle. With it, workerd's
// own node:crypto is found by the probe and must sign correctly too.
const configurations = {
  workerd: { compatibilityFlags: [], expectations: { defaultCrypto: 'webcrypto', withoutSubtle: 'pure-js' } },
  'workerd-nodejs-compat': {
    compatibilityFlags: ['nodejs_compat'],
    expectations: { defaultCrypto: 'node:crypto', withoutSubtle: 'node:crypto' },
  },
  // Workers whose compatibility date predates url_standard (or that set url_original) parse URLs
  // with workerd's older parser, which rewrites plain URLs (%41 to A): signHeaders and presign must
  // not slice URLs there (signable-request.ts), and presign's URL must carry what it signed.
  'workerd-url-original': {
    compatibilityFlags: ['url_original'],
    expectations: { defaultCrypto: 'webcrypto', withoutSubtle: 'pure-js', urlStandard: false },
  },
}

const workerFor = (expectations) => `
import { runConformance } from './suite.mjs'
export default {
  async fetch() {
    return Response.json(await runConformance(${JSON.stringify(expectations)}))
  },
}
`

export async function runWorkerd(name) {
  const configuration = configurations[name]
  if (!configuration) return printCrash(name, new Error(`no workerd configuration ${name}; choose from ${Object.keys(configurations).join(', ')}`))
  let miniflare
  const outbound = []
  try {
    miniflare = new Miniflare({
      modules: [
        { type: 'ESModule', path: join(outDir, 'worker.mjs'), contents: workerFor(configuration.expectations) },
        { type: 'ESModule', path: join(outDir, 'suite.mjs'), contents: await readFile(bundlePath, 'utf8') },
      ],
      compatibilityDate: '2026-04-01',
      compatibilityFlags: configuration.compatibilityFlags,
      // Miniflare otherwise downloads Cloudflare's request.cf data from the internet.
      cf: false,
      host: '127.0.0.1',
      port: 0,
      // Any fetch() the Worker makes is answered here instead of going out, and fails the run.
      outboundService: (request) => {
        outbound.push(request.url)
        return new Response('credkit conformance: no network', { status: 599 })
      },
    })
    const response = await miniflare.dispatchFetch('http://127.0.0.1/')
    if (!response.ok) throw new Error(`the Worker answered ${response.status}: ${await response.text()}`)
    const report = await response.json()
    if (outbound.length) throw new Error(`the suite tried to reach ${outbound.join(', ')}; it must never use the network`)
    return printReport(name, report)
  } catch (error) {
    return printCrash(name, error)
  } finally {
    await miniflare?.dispose()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await runWorkerd(process.argv[2] ?? 'workerd')
