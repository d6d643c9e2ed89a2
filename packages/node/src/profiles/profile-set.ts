import type { FileLocation } from '../errors.js'
import type { RawSection } from './parse-profile-file.js'
import { hideSecretsWhenPrinted } from './redact-secrets.js'

/** One named section's settings, with where each was defined. */
export interface ProfileSection {
  readonly name: string
  /**
   * Null-prototype: a key such as `__proto__` is just a key. `JSON.stringify` and `util.inspect`
   * show secret values as `[redacted]`.
   */
  readonly properties: Readonly<Record<string, string>>
  readonly locations: Readonly<Record<string, FileLocation>>
}

/**
 * What the config and credentials files say, merged as the AWS SDKs merge them: profiles from both
 * files (the credentials file wins a conflict), `[sso-session name]` sections, and every other
 * `[type name]` section of the config file (`[services name]`, …) under its type.
 */
export interface ProfileSet {
  readonly profiles: ReadonlyMap<string, ProfileSection>
  readonly ssoSessions: ReadonlyMap<string, ProfileSection>
  /** `sections.get('services')?.get('my-services')` */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, ProfileSection>>
  /** The files that were read, for error messages; a missing file is not listed. */
  readonly files: readonly string[]
}

export type ProfileFileKind = 'config' | 'credentials'

interface MutableSection {
  name: string
  properties: Record<string, string>
  locations: Record<string, FileLocation>
}

// Profile, section and property names: `[A-Za-z0-9_\-/.%@:+]+`, as the SDKs' common rules say.
const identifier = /^[A-Za-z0-9_\-/.%@:+]+$/

export function createProfileSet(): ProfileSet {
  return { profiles: new Map(), ssoSessions: new Map(), sections: new Map(), files: [] }
}

/**
 * Merges one parsed file into `base` (the config file first, then the credentials file).
 * Sections no SDK would read are skipped rather than rejected, as the SDKs skip them with a warning:
 * `[foo]` in the config file (only `[default]` may omit the `profile` prefix), `[profile foo]` in the
 * credentials file, and names that are not identifiers.
 */
export function mergeProfileFile(
  base: ProfileSet,
  sections: ReadonlyMap<string, RawSection>,
  kind: ProfileFileKind,
  path: string,
): ProfileSet {
  const profiles = new Map(base.profiles as Map<string, MutableSection>)
  const ssoSessions = new Map(base.ssoSessions as Map<string, MutableSection>)
  const others = new Map(
    [...base.sections].map(([type, named]) => [type, new Map(named as Map<string, MutableSection>)]),
  )
  const parsed = [...sections.values()].map((section) => ({ section, ...splitHeader(section.header) }))
  // `[profile default]` replaces `[default]` in the same file entirely rather than merging with it.
  const hasPrefixedDefault = kind === 'config' && parsed.some(({ prefix, name }) => prefix === 'profile' && name === 'default')

  for (const { section, prefix, name } of parsed) {
    let target: Map<string, MutableSection>
    if (kind === 'credentials') {
      if (prefix !== undefined || !identifier.test(name)) continue
      target = profiles
    } else if (prefix === undefined) {
      if (name !== 'default' || hasPrefixedDefault) continue
      target = profiles
    } else {
      if (!identifier.test(name)) continue
      if (prefix === 'profile') target = profiles
      else if (prefix === 'sso-session') target = ssoSessions
      else {
        target = others.get(prefix) ?? new Map()
        others.set(prefix, target)
      }
    }
    const merged = copySection(target.get(name), name)
    for (const [key, property] of section.properties) {
      if (!identifier.test(key)) continue
      merged.properties[key] = property.value
      merged.locations[key] = { path, line: property.line }
    }
    target.set(name, merged)
  }
  return { profiles, ssoSessions, sections: others, files: [...base.files, path] }
}

/** `profile foo` → `{ prefix: 'profile', name: 'foo' }`; `default` → `{ name: 'default' }`. */
function splitHeader(header: string): { prefix?: string; name: string } {
  const text = header.replace(/^[ \t]+|[ \t]+$/g, '')
  const match = /^([^ \t]+)[ \t]+(.*)$/.exec(text)
  if (match === null) return { name: text }
  return { prefix: match[1]!, name: match[2]!.trim() }
}

function copySection(section: MutableSection | undefined, name: string): MutableSection {
  const properties: Record<string, string> = hideSecretsWhenPrinted(Object.create(null))
  const locations: Record<string, FileLocation> = Object.create(null)
  if (section !== undefined) {
    Object.assign(properties, section.properties)
    Object.assign(locations, section.locations)
  }
  return { name, properties, locations }
}

/**
 * The `key = value` lines of a property with sub-properties, such as `s3 =` under a `[services]`
 * section: `'\nendpoint_url = http://…'` → `{ endpoint_url: 'http://…' }`.
 */
export function parseSubProperties(value: string): Record<string, string> {
  const result: Record<string, string> = Object.create(null)
  for (const line of value.split('\n')) {
    const equals = line.indexOf('=')
    if (equals === -1) continue
    const key = line.slice(0, equals).replace(/^[ \t]+|[ \t]+$/g, '').replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    if (identifier.test(key)) result[key] = line.slice(equals + 1).replace(/^[ \t]+|[ \t]+$/g, '')
  }
  return result
}
