// Builds dist/ (see scripts/build-package.mjs): dist/index.js (the package) and dist/cli/main.js
// (the `credkit` bin).
//
// @credkit/core stays an import, not bundled in: a copy inside this package would have its own
// CredkitError, CredentialStoreError, … classes, so `instanceof` against the classes a program
// imports from @credkit/core would fail, and core's `cached` would rewrap the errors of our stores.
import { chmod } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { buildPackage } from '../../../scripts/build-package.mjs'

await buildPackage(fileURLToPath(new URL('..', import.meta.url)), {
  entryPoints: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  platform: 'node',
  target: 'node20.19',
}, ['index'])
await chmod('dist/cli/main.js', 0o755)
