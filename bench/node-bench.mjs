// The Node benchmark: every scenario, every contender, interleaved in this one process. Prints
// JSON on stdout for run-all.mjs (or a readable table with --table). `--reverse` warms up and runs
// each scenario's contenders in the opposite order; run-all.mjs runs both orders, each in a
// process of its own, and pools their rounds (poolNodeReports), because the order alone moves
// identical code by tens of percent (see the Method section of BENCHMARKS.md).
import { cpus } from 'node:os'
import { nodeContenders, nodeFastFloor, nodeFloor } from './node-contenders.mjs'
import { benchCacheHit } from './cache-hit.mjs'
import { poolRuns, runRounds } from './run-rounds.mjs'
import { credentials, scenarios } from './scenarios.mjs'
import { verifySignature } from './verify-signature.mjs'

export const nodeSettings = { rounds: 60, batchMilliseconds: 10, warmUpMilliseconds: 300 }

const signatureOf = (verified) => verified.actual

/** Verifies every contender once, then times them; throws if any signature is wrong. */
export async function benchScenario(scenario, settings = nodeSettings, { reverse = false } = {}) {
  const contenders = nodeContenders(scenario)
  const checks = []
  for (const contender of contenders) {
    const verified = verifySignature({ ...(await contender.output()), body: scenario.body, credentials })
    if (!verified.ok) {
      throw new Error(`${scenario.id}: ${contender.name} produced a wrong signature (${verified.actual}, expected ${verified.expected})`)
    }
    checks.push({ name: contender.name, verified })
  }
  const credkit = checks[0].verified
  const smithy = checks.find((check) => check.name.startsWith('@smithy')).verified
  // The AWS SDK is the reference: where both sign the same headers, the signatures must agree.
  if (signatureOf(credkit) !== signatureOf(smithy)) {
    throw new Error(`${scenario.id}: credkit and @smithy/signature-v4 disagree (${signatureOf(credkit)} vs ${signatureOf(smithy)})`)
  }
  const floor = nodeFloor(scenario, credkit.canonicalRequest)
  if (floor() !== signatureOf(credkit)) throw new Error(`${scenario.id}: the floor does not reproduce credkit's signature`)
  contenders.push({ name: 'node:crypto floor', note: 'one SHA-256 of the canonical request + one HMAC, cached key', run: floor })
  const fastFloor = nodeFastFloor(scenario, credkit.canonicalRequest)
  if (fastFloor() !== signatureOf(credkit)) throw new Error(`${scenario.id}: the one-shot floor does not reproduce credkit's signature`)
  contenders.push({
    name: 'node:crypto floor, one-shot primitives',
    note: 'the same with crypto.hash and an HMAC from pads cached with the key, as credkit computes them',
    run: fastFloor,
  })
  if (scenario.body) {
    contenders.push({
      name: 'node:crypto floor + body hash',
      note: 'the floor plus the SHA-256 of the body that any signer of this request must compute',
      run: nodeFloor(scenario, credkit.canonicalRequest, { hashBody: true }),
    })
  }
  // Not a signer: what undici's Request constructor alone costs, for scale against the floor.
  const { url, method, headers, body } = scenario
  contenders.push({
    name: 'reference: new Request(url, init) only',
    note: 'no signing; every sign(Request) call above builds one of these as its input',
    run: () => new Request(url, { method, headers, body }),
  })
  const results = await runRounds(contenders, settings, { reverse })
  return {
    id: scenario.id,
    title: scenario.title,
    signatures: checks.map(({ name, verified }) => ({
      name,
      signedHeaders: verified.signedHeaders,
      signature: verified.actual,
      sameAsCredkit: verified.actual === credkit.actual,
    })),
    results,
  }
}

export async function runNodeBench(settings = nodeSettings, { reverse = false, cacheHit = true } = {}) {
  const results = []
  for (const scenario of scenarios) results.push(await benchScenario(scenario, settings, { reverse }))
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    settings: { ...settings, orders: [reverse ? 'reversed' : 'as listed'] },
    scenarios: results,
    cacheHit: cacheHit ? await benchCacheHit(settings) : undefined,
  }
}

/** One report from several runs of the same scenarios: each contender's rounds from all of them. */
export function poolNodeReports([first, ...others]) {
  return {
    ...first,
    settings: { ...first.settings, orders: [first, ...others].flatMap((report) => report.settings.orders) },
    scenarios: first.scenarios.map((scenario) => ({
      ...scenario,
      results: poolRuns([scenario.results, ...others.map((other) => other.scenarios.find((candidate) => candidate.id === scenario.id).results)]),
    })),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runNodeBench(nodeSettings, { reverse: process.argv.includes('--reverse'), cacheHit: !process.argv.includes('--no-cache-hit') })
  if (process.argv.includes('--table')) {
    for (const scenario of report.scenarios) {
      console.log(`\n${scenario.title}`)
      for (const result of scenario.results) {
        console.log(`  ${result.name.padEnd(48)} ${(result.medianNs / 1000).toFixed(2).padStart(10)} µs  ×${result.ratioToBaseline.toFixed(2)}`)
      }
    }
  } else {
    process.stdout.write(JSON.stringify(report))
  }
}
