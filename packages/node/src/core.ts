/**
 * The rest of @credkit/core (STS, signing), loaded when a provider first needs it. Importing
 * @credkit/node reads only `@credkit/core/credentials`: a new process pays for every module it
 * parses, and the STS client and the signer are most of core (issue 5, bench/cold-start.mjs).
 */
export const loadCore = () => import('@credkit/core')
