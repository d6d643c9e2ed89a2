// Bundles entry.ts into .out/suite.mjs: one ES module with no imports left, so workerd, Chromium,
// Bun and Deno all load the same bytes without a resolver, a node_modules or a network.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('.', import.meta.url))
export const outDir = join(here, '.out')
export const bundlePath = join(outDir, 'suite.mjs')

export async function buildBundle() {
  await mkdir(outDir, { recursive: true })
  const result = await build({
    entryPoints: [join(here, 'entry.ts')],
    outfile: bundlePath,
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
  return bundlePath
}
