/**
 * The rest of @credkit/core (STS, signing), loaded when a provider first needs it. dist/index.js
 * carries its own copy of `@credkit/core/credentials` and imports nothing else at load: a new
 * process pays for every package and module it loads, and the STS client and the signer are most
 * of core (issue 5, bench/cold-start.mjs; see scripts/build.mjs).
 */
export const loadCore = () => import('@credkit/core')
