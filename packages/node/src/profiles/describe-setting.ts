import type { ProfileSection } from './profile-set.js'

/** `profile 'dev' (/home/me/.aws/config, line 3)`: where to look, for error messages. */
export function describeSetting(profile: ProfileSection, key?: string): string {
  const location = key === undefined ? undefined : profile.locations[key]
  const at = location ?? Object.values(profile.locations)[0]
  return at === undefined ? `profile '${profile.name}'` : `profile '${profile.name}' (${at.path}, line ${at.line})`
}
