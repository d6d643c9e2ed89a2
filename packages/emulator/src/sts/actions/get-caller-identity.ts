import type { StsAction } from '../sts-context.js'

export const getCallerIdentity: StsAction = (context) => {
  const caller = context.caller!
  return [
    ['Arn', caller.arn],
    ['UserId', caller.userId],
    ['Account', caller.accountId],
  ]
}
