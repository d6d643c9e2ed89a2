import type { StsAction } from '../sts-context.js'

export const getAccessKeyInfo: StsAction = (context) => {
  const accessKeyId = context.parameters.string('AccessKeyId', { required: true, min: 16, max: 128, pattern: /^[\w]*$/ })!
  const user = context.config.users.find((candidate) => candidate.accessKeyId === accessKeyId)
  const session = context.sessions.find(accessKeyId)
  // AWS answers for any well-formed key (the account is encoded in it); unknown keys get the
  // emulator's own account.
  return [['Account', user?.accountId ?? session?.accountId ?? context.config.accountId]]
}
