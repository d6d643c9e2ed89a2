import type { ResolvedRole } from '../resolved-config.js'
import type { Caller } from './caller.js'

/** Whether a role's trust policy names the caller (the `Principal` element, simplified). */
export function trustsPrincipal(role: ResolvedRole, caller: Caller): boolean {
  return role.principals.some((principal) => {
    if (principal === '*') return true
    if (/^\d{12}$/.test(principal)) return caller.accountId === principal
    const root = /^arn:aws:iam::(\d{12}):root$/.exec(principal)
    if (root !== null) return caller.accountId === root[1]
    if (principal === caller.arn) return true
    return caller.session?.roleArn !== undefined && principal === caller.session.roleArn
  })
}

/** `*` matches any run of characters, as in IAM condition `StringLike`. */
export function matchesPattern(pattern: string, value: string): boolean {
  const expression = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(`^${expression}$`).test(value)
}
