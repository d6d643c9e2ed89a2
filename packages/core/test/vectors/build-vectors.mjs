// Copies the AWS SigV4 test suite from ../shared/conformance into one JSON file, so that runtimes
// without a file system (workerd, Chromium) can run it from a bundle. Run it again only when the
// shared suite changes: node packages/core/test/vectors/build-vectors.mjs
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const source = join(here, '../../../../../shared/conformance/sigv4/v4')
const read = (dir, name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined)

const cases = readdirSync(source).sort().map((name) => {
  const dir = join(source, name)
  const variant = (prefix) => ({
    canonicalRequest: read(dir, `${prefix}-canonical-request.txt`),
    stringToSign: read(dir, `${prefix}-string-to-sign.txt`),
    signature: read(dir, `${prefix}-signature.txt`),
    signedRequest: read(dir, `${prefix}-signed-request.txt`),
  })
  return {
    name,
    context: JSON.parse(read(dir, 'context.json')),
    request: read(dir, 'request.txt'),
    header: variant('header'),
    query: variant('query'),
  }
})
writeFileSync(join(here, 'sigv4-v4.json'), JSON.stringify(cases, null, 1) + '\n')
console.log(`wrote ${cases.length} cases`)
