import type { Parameters } from './parameters.js'
import { StsFault, validationError } from './sts-fault.js'

/** `Tags.member.N.Key/Value` → a record; at most 50 tags as STS allows. */
export function readSessionTags(parameters: Parameters): Record<string, string> {
  const tags: Record<string, string> = {}
  const members = parameters.members('Tags')
  if (members.length > 50) throw validationError('tags', `[${members.length} tags]`, 'Member must have length less than or equal to 50')
  for (const member of members) {
    const key = member.get('Key')
    const value = member.get('Value') ?? ''
    if (key === undefined || key === '' || key.length > 128) throw validationError('tags.member.key', key, 'Member must have length between 1 and 128')
    if (value.length > 256) throw validationError('tags.member.value', value, 'Member must have length less than or equal to 256')
    const lower = key.toLowerCase()
    if (Object.keys(tags).some((existing) => existing.toLowerCase() === lower)) {
      throw new StsFault('InvalidParameterValue', `Duplicate tag keys found. Please note that Tag keys are case insensitive.`)
    }
    tags[key] = value
  }
  return tags
}

/**
 * STS reports how much of the packed (compressed) session policy and tag space was used, in
 * percent, whenever a policy or tags are passed. The emulator's packing is an estimate.
 */
export function packedPolicySize(policy: string | undefined, policyArnCount: number, tags: Record<string, string>): number | undefined {
  const tagCharacters = Object.entries(tags).reduce((sum, [key, value]) => sum + key.length + value.length, 0)
  if (policy === undefined && policyArnCount === 0 && tagCharacters === 0) return undefined
  const size = Math.ceil(((policy?.replace(/\s+/g, '').length ?? 0) / 2048 + policyArnCount / 10 + tagCharacters / 2048) * 100)
  if (size > 100) throw new StsFault('PackedPolicyTooLarge', `Packed size of consolidated session policies and session tags exceeds 100%: ${size}%.`)
  return Math.max(size, 1)
}
