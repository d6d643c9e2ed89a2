// Builds dist/: the declarations come from tsc (one .d.ts per source file, as before), the code from
// esbuild as two single files, dist/index.js (the package) and dist/cli/main.js (the `credkit` bin).
// One file because a fresh process pays for every module it loads (resolve, read, compile, link): as
// ~30 files this package's own code took about 14 ms of a cold import, as one file about 3 ms
// (issue 5's cold-start target, bench/cold-start.mjs).
//
// @credkit/core stays an import, not bundled in: a copy inside this package would have its own
// CredkitError, CredentialStoreError, … classes, so `instanceof` against the classes a program
// imports from @credkit/core would fail, and core's `cached` would rewrap the errors of our stores.
import { spawnSync } from 'node:child_process'
import { chmod, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
process.chdir(packageRoot)

// Files from an earlier build (the per-module .js of the tsc build) must not be packed.
await rm('dist', { recursive: true, force: true })

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (declarations.status !== 0) process.exit(declarations.status ?? 1)

await build({
  entryPoints: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Dependencies (@credkit/core) are imported from node_modules, never copied in.
  packages: 'external',
  // Whitespace and syntax minified, names kept (error and function names, stack traces): a new
  // process parses less (core: ~3.0 → ~2.3 ms to import, bench/cold-start.mjs's harness); the
  // source map leads back to the source.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
})

await chmod('dist/cli/main.js', 0o755)

// esbuild renames a function or class when two modules declare the same name, and an error's
// `name` is its class's name. Its `keepNames` option would prevent that at the cost of a __name
// call per function at import (0.3 ms of a cold start); instead, fail the build if it happened.
const exported = await import(new URL('../dist/index.js', import.meta.url).href)
for (const [name, value] of Object.entries(exported)) {
  if (typeof value === 'function' && value.name !== name) {
    throw new Error(`the bundle renamed ${name} to ${value.name}: rename one of the clashing declarations`)
  }
}
