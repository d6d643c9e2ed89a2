import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { createCallCounter, type CallCounter } from './call-counter.js'
import { createClock, type Clock } from './clock.js'
import { containerFullPath, containerRelativePrefix } from './container/handle-container.js'
import { createRequestHandler } from './create-request-handler.js'
import type { EmulatorConfig } from './emulator-config.js'
import { emulatorEnvironment } from './emulator-environment.js'
import { EmulatorError } from './errors.js'
import { createFaultRegistry, type FaultRegistry } from './faults/fault-registry.js'
import { createImdsTokens } from './imds/imds-tokens.js'
import { oidcPathPrefix } from './oidc/handle-oidc.js'
import { createOidcIssuer, type MintIdTokenOptions } from './oidc/oidc-issuer.js'
import { resolveConfig } from './resolve-config.js'
import type { ResolvedConfig, ResolvedRole, ResolvedUser } from './resolved-config.js'
import { createRoleCredentialVendor } from './role-credential-vendor.js'
import { mintSamlAssertion, type MintSamlAssertionOptions } from './saml/mint-saml-assertion.js'
import { createSessionStore } from './session-store.js'
import { createAuthorizationMessages } from './sts/authorization-messages.js'

export interface StartEmulatorOptions extends EmulatorConfig {
  /** The emulator's base clock (it adds `clock.advance` offsets). Default: the system clock. */
  readonly now?: () => Date
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`, no trailing slash: STS at `/`, IMDS at `/latest/…`. */
  readonly url: string
  readonly port: number
  readonly region: string
  readonly accountId: string
  /** Variables that point the AWS SDKs and credkit at the emulator (see emulatorEnvironment). */
  readonly env: Readonly<Record<string, string>>
  readonly config: ResolvedConfig
  readonly users: readonly ResolvedUser[]
  readonly roles: readonly ResolvedRole[]
  /** The same URL as `env.AWS_EC2_METADATA_SERVICE_ENDPOINT`. */
  readonly imdsEndpoint: string
  readonly containerFullUri: string
  /** For AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (resolved against 169.254.170.2 by SDKs, so tests use the full URI). */
  readonly containerRelativeUri: string
  readonly issuer: {
    readonly url: string
    readonly discoveryUrl: string
    readonly jwksUrl: string
    mintIdToken(options?: MintIdTokenOptions): Promise<string>
  }
  readonly saml: {
    readonly providers: ResolvedConfig['samlProviders']
    mintAssertion(options: Omit<MintSamlAssertionOptions, 'now' | 'issuer'> & { issuer?: string }): string
  }
  readonly faults: FaultRegistry
  readonly calls: CallCounter
  readonly clock: Clock
  /** An encoded authorization message that DecodeAuthorizationMessage turns back into JSON. */
  encodeAuthorizationMessage(decoded: Record<string, unknown>): string
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts STS, IMDS, the ECS/EKS container endpoint and an OIDC issuer on one loopback port.
 * Rejects with EmulatorConfigError for a bad configuration and EmulatorError when it cannot listen.
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const { now, ...configInput } = options
  const config = resolveConfig(configInput)
  const clock = createClock(now)
  const sessions = createSessionStore()
  const faults = createFaultRegistry(config.faults)
  const calls = createCallCounter()
  const authorizationMessages = createAuthorizationMessages()
  const imdsTokens = createImdsTokens(clock)
  const vendor = createRoleCredentialVendor(config, sessions, clock)
  const containerRelativeId = randomUUID()

  const server = createServer({ keepAlive: true })
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(new EmulatorError('ERR_EMULATOR_LISTEN', `cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`, { cause: error }))
    server.once('error', onError)
    server.listen(config.port, config.host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${hostForUrl}:${address.port}`

  let issuer
  try {
    issuer = await createOidcIssuer(`${url}${oidcPathPrefix}`, config.oidcAudiences, clock)
  } catch (error) {
    server.close()
    throw error
  }
  server.on('request', createRequestHandler({ config, sessions, clock, issuer, authorizationMessages, faults, calls, imdsTokens, vendor, containerRelativeId }))
  // Pruning keeps a long-running emulator's memory flat; unref so it never holds the process open.
  const pruneTimer = setInterval(() => sessions.prune(clock.now()), 60_000)
  pruneTimer.unref()

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      clearInterval(pruneTimer)
      server.close(() => resolve())
      server.closeAllConnections()
    })
    return stopping
  }

  return {
    url,
    port: address.port,
    region: config.region,
    accountId: config.accountId,
    env: emulatorEnvironment(url, config),
    config,
    users: config.users,
    roles: config.roles,
    imdsEndpoint: url,
    containerFullUri: `${url}${containerFullPath}`,
    containerRelativeUri: `${containerRelativePrefix}${containerRelativeId}`,
    issuer: {
      url: issuer.url,
      discoveryUrl: `${issuer.url}/.well-known/openid-configuration`,
      jwksUrl: `${issuer.url}/.well-known/jwks.json`,
      mintIdToken: (mintOptions) => issuer.mintIdToken(mintOptions),
    },
    saml: {
      providers: config.samlProviders,
      mintAssertion: (samlOptions) => {
        const issuerName = samlOptions.issuer ?? config.samlProviders[0]?.issuer ?? 'urn:credkit:emulator:saml'
        return mintSamlAssertion({ ...samlOptions, issuer: issuerName, now: clock.now() })
      },
    },
    faults,
    calls,
    clock,
    encodeAuthorizationMessage: (decoded) => authorizationMessages.encode(decoded),
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
