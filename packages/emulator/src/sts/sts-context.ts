import type { Clock } from '../clock.js'
import type { FaultRegistry } from '../faults/fault-registry.js'
import type { OidcIssuer } from '../oidc/oidc-issuer.js'
import type { ResolvedConfig } from '../resolved-config.js'
import type { SessionStore } from '../session-store.js'
import type { AuthorizationMessages } from './authorization-messages.js'
import type { Caller } from './caller.js'
import type { Parameters } from './parameters.js'
import type { XmlField } from './sts-xml.js'

/** What one STS action sees. */
export interface StsContext {
  readonly config: ResolvedConfig
  readonly sessions: SessionStore
  readonly clock: Clock
  readonly issuer: OidcIssuer
  readonly authorizationMessages: AuthorizationMessages
  readonly parameters: Parameters
  /** Undefined only for the unsigned actions (web identity, SAML). */
  readonly caller: Caller | undefined
  /** From the `credentialsExpireIn` fault: issued credentials live this long instead. */
  readonly lifetimeOverride: number | undefined
  /** The `oidc` endpoint's faults, which STS meets when it fetches the issuer's keys. */
  readonly faults: FaultRegistry
}

export type StsAction = (context: StsContext) => Promise<readonly XmlField[]> | readonly XmlField[]
