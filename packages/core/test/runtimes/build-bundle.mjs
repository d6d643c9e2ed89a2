// Bundles entry.ts into one ES module with no imports left, so workerd, Chromium, Bun and Deno load
// it without a resolver, a node_modules or a network. Two builds, as their users' bundlers would
// make them: .out/suite.mjs for the servers (the "workerd" condition, as Wrangler resolves it: core's
// node:crypto probe is in), .out/suite.browser.mjs for Chromium (the "browser" condition: the probe
// is left out, see core's package.json "imports").
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('.', import.meta.url))
export const outDir = join(here, '.out')
export const bundlePath = join(outDir, 'suite.mjs')
export const browserBundlePath = join(outDir, 'suite.browser.mjs')

export async function buildBundle() {
  await mkdir(outDir, { recursive: true })
  await buildOne(bundlePath, ['workerd', 'worker'])
  await buildOne(browserBundlePath, [])
  return bundlePath
}

async function buildOne(outfile, conditions) {
  const result = await build({
    entryPoints: [join(here, 'entry.ts')],
    outfile,
    conditions,
    bundle: true,
    format: 'esm',
    // 'browser' rather than 'neutral': the pure-JS SHA-256's dependencies pick their TextEncoder
    // builds through the "browser" field instead of their Buffer ones.
    platform: 'browser',
    target: 'es2022',
    // No splitting, so esbuild inlines the pure-JS backend's dynamic import('@aws-crypto/sha256-js')
    // instead of emitting a chunk that each runtime would have to fetch.
    splitting: false,
    metafile: true,
    logLevel: 'silent',
  })
  const imports = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].imports
  if (imports.length > 0) {
    throw new Error(`the runtime bundle still imports ${imports.map((entry) => entry.path).join(', ')}`)
  }
}
