// Builds dist/ (see scripts/build-package.mjs), then checks that it holds no Node-only code.
import { fileURLToPath } from 'node:url'
import { buildPackage, runNode } from '../../../scripts/build-package.mjs'

await buildPackage(fileURLToPath(new URL('..', import.meta.url)), {
  // Two entries, @credkit/core and @credkit/core/credentials; what both use is one shared chunk,
  // so each class exists once whichever entry loads it.
  entryPoints: { index: 'src/index.ts', 'credentials-subpath': 'src/credentials-subpath.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Web APIs only: no Node resolution, no Node globals assumed. @aws-crypto/sha256-js stays an
  // import() for the user's bundler to split off.
  platform: 'neutral',
  target: 'es2022',
})
runNode('scripts/check-web-only.mjs', [])
