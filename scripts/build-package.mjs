// How @credkit/core and @credkit/node build dist/: declarations from tsc (one .d.ts per source
// file), the code from esbuild as one file per entry. Few files because a new Node process pays
// for every module it loads (resolve, read, compile, link): as ~60 files core took about 22 ms of
// a cold import, as one file about 4 ms (issue 5, bench/cold-start.mjs). Bundlers tree-shake a
// single ES module statement by statement, so browser bundles keep only what they use
// (bench/size.mjs checks it). Dependencies stay imports, except where a package says otherwise
// (@credkit/node carries @credkit/core/credentials, see its scripts/build.mjs).
import { spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/**
 * @typedef {import('esbuild').BuildOptions & { entryPoints: Record<string, string> }} EntryBuild
 * @param {string} packageRoot
 * @param {EntryBuild | EntryBuild[]} options  one esbuild build, or several into the same dist/
 * @param {string[]} libraryEntries  the entries to import and check (not a program's, which would run)
 */
export async function buildPackage(packageRoot, options, libraryEntries = [options].flat().flatMap((one) => Object.keys(one.entryPoints))) {
  process.chdir(packageRoot)
  // Files of an earlier build must not be packed.
  await rm('dist', { recursive: true, force: true })
  runNode(createRequire(import.meta.url).resolve('typescript/bin/tsc'), ['-p', 'tsconfig.build.json', '--emitDeclarationOnly'])
  for (const one of [options].flat()) await build({
    outdir: 'dist',
    bundle: true,
    format: 'esm',
    packages: 'external',
    // Whitespace and syntax minified, names kept (error and function names, stack traces): a new
    // process parses less (core: ~3.0 → ~2.3 ms to import, bench/cold-start.mjs's harness); the
    // source map leads back to the source.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    ...one,
  })
  // esbuild renames a function or class when two modules declare the same name. Its `keepNames`
  // would prevent that at the cost of a __name call per function at import (0.3 ms of a cold
  // start); a renamed export would show in stack traces and `fn.name`, so fail instead.
  for (const entry of libraryEntries) {
    const exported = await import(pathToFileURL(join(packageRoot, 'dist', `${entry}.js`)).href)
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function' && value.name !== name) {
        throw new Error(`dist/${entry}.js renamed ${name} to ${value.name}: rename one of the clashing declarations`)
      }
    }
  }
}

export function runNode(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
