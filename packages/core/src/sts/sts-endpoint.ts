import { InvalidSigningInputError } from '../errors.js'

export interface StsEndpointOptions {
  readonly region: string
  /** Use STS's FIPS endpoints (`sts-fips.…`), offered in the US and GovCloud regions. */
  readonly useFipsEndpoint?: boolean
  /** Use the dual-stack (IPv4 and IPv6) endpoint. */
  readonly useDualstackEndpoint?: boolean
}

/**
 * The regional STS endpoint, as the AWS SDKs resolve it. The global endpoint is never chosen:
 * regional endpoints are the default in every SDK released since 2022 and the only ones in opt-in
 * regions and other partitions.
 */
export function stsEndpoint({ region, useFipsEndpoint, useDualstackEndpoint }: StsEndpointOptions): URL {
  // The isolated partitions (us-iso-, us-isob-, eu-isoe-, us-isof-) have hosts under domains of
  // their own (c2s.ic.gov, …): an amazonaws.com name would fail only at DNS, retried as a network error.
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region) || /-iso/.test(region)) {
    throw new InvalidSigningInputError(`no STS endpoint is known in ${JSON.stringify(region)}: pass endpoint`)
  }
  const china = region.startsWith('cn-')
  const govCloud = region.startsWith('us-gov-')
  if (useFipsEndpoint && !govCloud && !/^us-(east|west)-[12]$/.test(region)) {
    throw new InvalidSigningInputError(`STS has no FIPS endpoint in ${region}`)
  }
  // China and the European Sovereign Cloud (eusc-) have domains of their own.
  const domain =
    china || region.startsWith('eusc-')
      ? `${useDualstackEndpoint ? 'api.amazonwebservices' : 'amazonaws'}.${china ? 'com.cn' : 'eu'}`
      : useDualstackEndpoint
        ? 'api.aws'
        : 'amazonaws.com'
  // GovCloud's regular STS endpoints are FIPS validated already: AWS names an sts-fips host there
  // only for dual stack.
  return new URL(`https://sts${useFipsEndpoint && !(govCloud && !useDualstackEndpoint) ? '-fips' : ''}.${region}.${domain}/`)
}
