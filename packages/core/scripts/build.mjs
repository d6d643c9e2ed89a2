// Builds dist/: declarations from tsc (one .d.ts per source file), the code from esbuild as one
// file per entry (dist/index.js, dist/credentials-subpath.js) and a chunk they share. Few files
// because a new Node process pays for every module it loads (resolve, read, compile, link): as ~60
// files core took about 22 ms of a cold import, as one file about 4 ms (issue 5, bench/cold-start.mjs). Bundlers tree-shake a single ES module statement by
// statement, so browser bundles keep only what they use (bench/size.mjs checks it).
import { spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
process.chdir(packageRoot)

// Files of an earlier build (the per-module .js of tsc) must not be packed.
await rm('dist', { recursive: true, force: true })

const run = (script, args) => {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
run(createRequire(import.meta.url).resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json', '--emitDeclarationOnly'])

await build({
  // Two entries, @credkit/core and @credkit/core/credentials; what both use is one shared chunk,
  // so each class exists once whichever entry loads it.
  entryPoints: { index: 'src/index.ts', 'credentials-subpath': 'src/credentials-subpath.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  // Web APIs only: no Node resolution, no Node globals assumed.
  platform: 'neutral',
  target: 'es2022',
  // @aws-crypto/sha256-js stays an import() for the user's bundler to split off.
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

// esbuild renames a function or class when two modules declare the same name. Error classes state
// their names as strings, so nothing breaks, but a renamed export would show in stack traces and
// in `fn.name`: fail instead, and rename one of the clashing declarations.
const exported = {
  ...(await import(new URL('../dist/index.js', import.meta.url).href)),
  ...(await import(new URL('../dist/credentials-subpath.js', import.meta.url).href)),
}
for (const [name, value] of Object.entries(exported)) {
  if (typeof value === 'function' && value.name !== name) {
    throw new Error(`the bundle renamed ${name} to ${value.name}: rename one of the clashing declarations`)
  }
}

run('scripts/check-web-only.mjs', [])
