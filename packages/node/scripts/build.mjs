// Builds dist/ (see scripts/build-package.mjs): dist/index.js (the package) and dist/cli/main.js
// (the `credkit` bin).
//
// dist/index.js carries its own copy of `@credkit/core/credentials` (errors, chain, cached,
// stores, redaction: the part of core that importing @credkit/node needs) and loads the rest of
// core with import('@credkit/core') when a provider first calls STS. One package instead of two at
// import: 5.6 → 3.4 ms for `import('@credkit/node')` in a fresh process, 0.25× → 0.15× of
// @aws-sdk/credential-providers' import (issue 5; measured with bench/cold-start.mjs's child,
// 21 interleaved rounds). core's error classes answer `instanceof` across copies by their codes,
// so an error from this copy is an instance of the classes a program imports from @credkit/core,
// and core's `chain` and `cached` treat this copy's errors as their own (tested in
// test/dist-bundle.test.ts).
//
// The CLI imports @credkit/core whole anyway, so it takes `@credkit/core/credentials` from there.
import { chmod } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { buildPackage } from '../../../scripts/build-package.mjs'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const common = { platform: 'node', target: 'node20.19' }

/** Bundles `@credkit/core/credentials` in; everything else (`@credkit/core` itself) stays external. */
const carryCoreCredentials = {
  name: 'carry @credkit/core/credentials',
  setup(build) {
    build.onResolve({ filter: /^@credkit\/core\/credentials$/ }, () => ({
      path: fileURLToPath(import.meta.resolve('@credkit/core/credentials')),
    }))
  },
}

await buildPackage(packageRoot, [
  { ...common, entryPoints: { index: 'src/index.ts' }, plugins: [carryCoreCredentials] },
  { ...common, entryPoints: { 'cli/main': 'src/cli/main.ts' } },
], ['index'])
await chmod('dist/cli/main.js', 0o755)
