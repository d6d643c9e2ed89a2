/**
 * An STS error answer. Thrown inside the STS handlers and turned into an `ErrorResponse`
 * document with the same Type, Code, Message and HTTP status as AWS sends.
 */
export class StsFault extends Error {
  readonly code: string
  readonly status: number
  readonly type: 'Sender' | 'Receiver'

  constructor(code: string, message: string, status = 400, type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender') {
    super(message)
    this.name = 'StsFault'
    this.code = code
    this.status = status
    this.type = type
  }
}

export const signatureMismatchMessage =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

export const invalidTokenMessage = 'The security token included in the request is invalid.'

export function accessDenied(callerArn: string, action: string, resource: string): StsFault {
  return new StsFault('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:${action} on resource: ${resource}`, 403)
}

/** Smithy-style validation message, which is how STS words bad parameters. */
export function validationError(parameter: string, value: string | undefined, constraint: string): StsFault {
  const shown = value === undefined ? 'null' : `'${value}'`
  return new StsFault('ValidationError', `1 validation error detected: Value ${shown} at '${parameter}' failed to satisfy constraint: ${constraint}`)
}
