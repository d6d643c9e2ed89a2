export interface RunProcessOptions {
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
  /** Output beyond this is an error: no credential document is anywhere near it. */
  readonly maxStdoutBytes: number
  /**
   * Only the start of stderr is kept, for the error message. When there was more, the last word
   * kept is dropped: it may be the start of a secret, which no redaction recognises once cut.
   */
  readonly maxStderrBytes: number
  readonly platform: NodeJS.Platform
}

export type RunProcessResult =
  | { kind: 'exited'; exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'failed-to-start'; error: Error; stderr: string }
  /** `exited`: the process itself had exited, but something it started still held its output open. */
  | { kind: 'timed-out'; exited: boolean; stderr: string }
  | { kind: 'stdout-too-large'; stderr: string }
  | { kind: 'aborted'; reason: unknown; stderr: string }

/**
 * Runs `argv` without a shell and collects its output. On timeout, abort or runaway output the
 * whole process tree is killed: on POSIX the child leads its own process group and the group is
 * sent SIGKILL, so a helper's own children (a shell script's `sleep`, a browser login) go too; on
 * Windows `taskkill /T /F` does the same.
 */
export function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  // Taken here, not imported: loading node:child_process costs a new process about 2 ms, and
  // importing @credkit/node should not pay that for a credential_process it may never run (issue 5).
  const { spawn, spawnSync } = process.getBuiltinModule('node:child_process')
  return new Promise((resolve) => {
    const [file, ...args] = options.argv
    const stdoutChunks: Buffer[] = []
    let stdoutBytes = 0
    let stderr = Buffer.alloc(0)
    let stderrCut = false
    let settled = false
    let exited = false
    let timer: ReturnType<typeof setTimeout> | undefined

    const child = spawn(file!, args, {
      env: options.env as NodeJS.ProcessEnv,
      // The helper may prompt on the terminal (MFA, a device code), as it can under the AWS CLI.
      stdio: ['inherit', 'pipe', 'pipe'],
      detached: options.platform !== 'win32',
      windowsHide: true,
      shell: false,
    })

    const stderrText = () => {
      const text = stderr.toString('utf8')
      return stderrCut ? text.replace(/\S*$/, '') : text
    }
    const finish = (result: RunProcessResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      resolve(result)
    }
    const killTree = () => {
      if (child.pid === undefined) return
      try {
        if (options.platform === 'win32') {
          spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' })
        } else {
          process.kill(-child.pid, 'SIGKILL')
        }
      } catch {
        // Already gone: nothing left to kill.
      }
    }
    const stop = (result: RunProcessResult) => {
      killTree()
      // A grandchild that left the process group (setsid, a daemon) may still hold the write ends;
      // our read ends would then keep this process alive until it exits.
      child.stdout!.destroy()
      child.stderr!.destroy()
      finish(result)
    }
    const onAbort = () => stop({ kind: 'aborted', reason: options.signal!.reason, stderr: stderrText() })

    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length
      if (stdoutBytes > options.maxStdoutBytes) stop({ kind: 'stdout-too-large', stderr: stderrText() })
      else stdoutChunks.push(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length + chunk.length > options.maxStderrBytes) stderrCut = true
      if (stderr.length < options.maxStderrBytes) {
        stderr = Buffer.concat([stderr, chunk]).subarray(0, options.maxStderrBytes)
      }
    })
    child.on('error', (error) => stop({ kind: 'failed-to-start', error, stderr: stderrText() }))
    child.on('exit', () => {
      exited = true
    })
    // 'close' waits for the pipes too, so output written just before exit is not lost. Like the
    // AWS SDKs (exec in JavaScript, communicate() in botocore, both read to end of file), a helper
    // that exits while something it started holds its output open has not finished: the timeout
    // decides, and its error says so. Taking what was read at 'exit' could drop output still in the pipe.
    child.on('close', (exitCode, signal) => {
      finish({ kind: 'exited', exitCode, signal, stdout: Buffer.concat(stdoutChunks).toString('utf8'), stderr: stderrText() })
    })

    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    timer = setTimeout(() => stop({ kind: 'timed-out', exited, stderr: stderrText() }), options.timeoutMs)
  })
}
