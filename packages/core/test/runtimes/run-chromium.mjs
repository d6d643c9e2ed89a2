// Runs the bundled suite in Debian's Chromium through playwright-core. The page comes from
// 127.0.0.1, a potentially trustworthy origin, so it has crypto.subtle as an https page would.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { bundlePath } from './build-bundle.mjs'
import { printCrash, printReport } from './print-report.mjs'
import { chromiumArgs as args, chromiumExecutable as executablePath } from '../../../../test-support/chromium-args.mjs'

// The node probe finds nothing in a page, so without crypto.subtle the pure-JS backend must win.
const expectations = { defaultCrypto: 'webcrypto', withoutSubtle: 'pure-js' }

function serve(bundle) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' })
      return response.end('<!doctype html><meta charset="utf-8"><title>credkit conformance</title>')
    }
    if (path === '/suite.mjs') {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
      return response.end(bundle)
    }
    response.writeHead(404).end()
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

export async function runChromium() {
  // CI installs Chromium; a missing binary is a broken setup and must fail, never skip.
  if (!existsSync(executablePath)) {
    return printCrash('chromium', new Error(`${executablePath} not found; install it with \`apt-get install chromium\``))
  }
  const server = await serve(await readFile(bundlePath, 'utf8'))
  // A fresh profile each run: nothing cached or synced from an earlier one.
  const userDataDir = await mkdtemp(join(tmpdir(), 'credkit-conformance-chromium-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args })
    const page = context.pages()[0] ?? (await context.newPage())
    const pageErrors = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    const report = await page.evaluate(async (expectations) => {
      if (!globalThis.isSecureContext || !globalThis.crypto?.subtle) throw new Error('the page is not a secure context')
      const { runConformance } = await import('/suite.mjs')
      return runConformance(expectations)
    }, expectations)
    if (pageErrors.length) throw new Error(`the page threw: ${pageErrors.join('; ')}`)
    return printReport('chromium', report)
  } catch (error) {
    return printCrash('chromium', error)
  } finally {
    await context?.close()
    server.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await runChromium()
