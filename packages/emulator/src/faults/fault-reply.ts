import { jsonReply, textReply, type Reply } from '../http/reply.js'
import { StsFault } from '../sts/sts-fault.js'
import { renderStsError, stsNamespace } from '../sts/sts-xml.js'
import type { EndpointName, FaultSpec } from './fault-spec.js'

const stsCodeForStatus: Record<number, string> = {
  400: 'InvalidRequest',
  403: 'AccessDenied',
  404: 'NotFound',
  429: 'Throttling',
  500: 'InternalFailure',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
}

const xmlHeaders = { 'content-type': 'text/xml' }

/**
 * The answer a fault replaces the real one with, shaped like each endpoint's own errors, or
 * undefined when the fault only adds latency or shortens credential lifetimes.
 */
export function faultReply(endpoint: EndpointName, fault: FaultSpec, action: string, requestId: string): Reply | undefined {
  if (fault.throttle === true) {
    if (endpoint === 'sts') {
      const error = new StsFault('Throttling', 'Rate exceeded', 400)
      return { status: 400, headers: xmlHeaders, body: renderStsError(error.type, error.code, error.message, requestId) }
    }
    if (endpoint === 'container') return jsonReply(429, { Code: 'TooManyRequests', Message: 'Rate exceeded' })
    return textReply(429, 'Too Many Requests')
  }
  if (fault.status !== undefined) {
    const status = fault.status
    if (endpoint === 'sts') {
      const error = new StsFault(fault.code ?? stsCodeForStatus[status] ?? 'InternalFailure', 'Injected fault', status)
      return { status, headers: xmlHeaders, body: renderStsError(error.type, error.code, error.message, requestId) }
    }
    if (endpoint === 'container' || endpoint === 'oidc') {
      return jsonReply(status, { Code: fault.code ?? 'InjectedFault', Message: 'Injected fault' })
    }
    return textReply(status, '')
  }
  if (fault.malformed === true) {
    // Valid-looking starts that stop mid-document: parsers must fail cleanly, not hang or guess.
    if (endpoint === 'sts') {
      return {
        status: 200,
        headers: xmlHeaders,
        body: `<${action}Response xmlns="${stsNamespace}">\n  <${action}Result>\n    <Credentials>\n      <AccessKeyId>ASIA`,
      }
    }
    if (endpoint === 'imds' && !action.includes('security-credentials')) return textReply(200, '\u0000\u00ff<html')
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{\n  "Code" : "Success",\n  "AccessKeyId" : "ASIA' }
  }
  return undefined
}
