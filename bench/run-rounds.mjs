// Interleaved rounds, shared by the Node and the Chromium benchmark. Each round runs one batch of
// every contender, in an order rotated from round to round, so a slow patch of the shared machine
// (another process, a GC, thermal throttling) lands on every contender alike instead of on
// whichever happened to run then. Results are medians of the per-round figures, and ratios are
// taken within a round (paired) before the median, which cancels most of the drift.

const now = () => performance.now()

// Awaiting only real promises: an `await` on a plain value still costs a microtask turn, which
// would be charged to the synchronous floor and not to anything it does.
async function runBatch(run, count) {
  const start = now()
  for (let index = 0; index < count; index++) {
    const result = run()
    if (result && typeof result.then == 'function') await result
  }
  return now() - start
}

/** Runs `run` for at least `milliseconds` and returns the measured milliseconds per call. */
async function warmUp(run, milliseconds) {
  let count = 1
  let elapsed = await runBatch(run, count)
  let total = 1
  const deadline = now() + milliseconds
  while (now() < deadline) {
    count = Math.min(count * 2, 1 << 16)
    elapsed = await runBatch(run, count)
    total += count
  }
  return { perCall: elapsed / count, calls: total }
}

/** `numerator`'s time over `denominator`'s, round by round (both from the same runRounds): median and middle half. */
export function pairedRatio(numerator, denominator) {
  const ratios = numerator.perRoundNs.map((value, round) => value / denominator.perRoundNs[round])
  return { median: median(ratios), p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75) }
}

export function median(values) {
  const sorted = [...values].sort((left, right) => left - right)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function quantile(values, q) {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]
}

/**
 * @param {{ name: string, run: () => unknown }[]} contenders  the first is the baseline of the ratios
 * @param {{ rounds: number, batchMilliseconds: number, warmUpMilliseconds: number }} settings
 * @param {{ reverse?: boolean }} [options]  warm up and run the contenders in the opposite order;
 *   the results keep the order given
 */
export async function runRounds(contenders, { rounds, batchMilliseconds, warmUpMilliseconds }, { reverse = false } = {}) {
  const order = contenders.map((_, index) => (reverse ? contenders.length - 1 - index : index))
  // Warm-up lets the JIT settle and sizes each contender's batch to about the same wall time, so
  // a round gives every contender an equal share of the machine's noise.
  const batches = []
  for (const index of order) {
    const { perCall } = await warmUp(contenders[index].run, warmUpMilliseconds)
    batches[index] = Math.max(1, Math.round(batchMilliseconds / Math.max(perCall, 1e-6)))
  }
  const perRound = contenders.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < contenders.length; step++) {
      const index = order[(round + step) % contenders.length]
      const elapsed = await runBatch(contenders[index].run, batches[index])
      perRound[index].push((elapsed * 1e6) / batches[index])
    }
  }
  return summarize(
    contenders.map((contender, index) => ({ name: contender.name, note: contender.note, batch: batches[index], perRoundNs: perRound[index] })),
  )
}

/**
 * Medians and paired ratios from per-round times (`perRoundNs`, round k of every contender taken
 * together); the first contender is the baseline of the ratios. Also pools rounds from several runs.
 */
export function summarize(contenders) {
  const baseline = contenders[0].perRoundNs
  return contenders.map(({ name, note, batch, perRoundNs: nanoseconds }) => {
    const ratios = nanoseconds.map((value, round) => value / baseline[round])
    return {
      name,
      note,
      batch,
      rounds: nanoseconds.length,
      medianNs: median(nanoseconds),
      p25Ns: quantile(nanoseconds, 0.25),
      p75Ns: quantile(nanoseconds, 0.75),
      ratioToBaseline: median(ratios),
      ratioP25: quantile(ratios, 0.25),
      ratioP75: quantile(ratios, 0.75),
      perRoundNs: nanoseconds,
    }
  })
}

/**
 * One result list from several runs of the same contenders (each run's `runRounds` results): every
 * contender's rounds from all of them, summarised together. Each result keeps its median in every
 * run (`medianNsByRun`), so a report can show how far the runs were apart.
 */
export function poolRuns([first, ...others]) {
  const runs = first.map((result) => [result, ...others.map((other) => other.find((candidate) => candidate.name === result.name))])
  return summarize(runs.map((run) => ({ ...run[0], perRoundNs: run.flatMap((result) => result.perRoundNs) }))).map((pooled, index) => ({
    ...pooled,
    medianNsByRun: runs[index].map((result) => result.medianNs),
  }))
}
