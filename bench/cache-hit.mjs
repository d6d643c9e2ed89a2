// Issue 4: what a caller pays to get credentials that are cached and valid, credkit's `cached`
// against the AWS SDK's `memoizeIdentityProvider` (what every SDK v3 client wraps its
// credentials in). Both serve one-hour credentials obtained just before; nothing is refreshed.
import { memoizeIdentityProvider, isIdentityExpired, doesIdentityRequireRefresh } from '@smithy/core'
import { cached } from '@credkit/core'
import { runRounds } from './run-rounds.mjs'

export async function benchCacheHit(settings) {
  const fresh = async () => ({
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(Date.now() + 3_600_000),
  })
  const credkit = cached(fresh)
  const sdk = memoizeIdentityProvider(fresh, isIdentityExpired, doesIdentityRequireRefresh)
  await credkit()
  await sdk()
  const results = await runRounds(
    [
      { name: 'credkit cached() hit', run: () => credkit() },
      { name: '@smithy/core memoizeIdentityProvider hit', note: 'the AWS SDK v3 clients’ credential cache', run: () => sdk() },
    ],
    settings,
  )
  return { title: 'Credential cache hit (valid, cached one-hour credentials)', results }
}
