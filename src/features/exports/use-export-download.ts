/**
 * One export download at a time for the Exports screen: its state (preparing, bytes
 * received, saved, cancelled, or a problem), a cancel that aborts the fetch, and an
 * abort when the screen goes away. Offline (navigator.onLine false) is said at once.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useSession } from '@/components/app-context'
import { downloadExport, type ExportProblem } from './download-export'

export type DownloadState =
  | { status: 'idle' }
  | { status: 'running'; bytes: number }
  | { status: 'saved'; filename: string; bytes: number }
  | { status: 'cancelled' }
  | { status: 'problem'; problem: ExportProblem }

export function useExportDownload() {
  const { token } = useSession()
  const [state, setState] = useState<DownloadState>({ status: 'idle' })
  const running = useRef<AbortController | null>(null)
  // the last download asked for, for Try again
  const last = useRef<{ path: string; fallbackName: string } | null>(null)

  useEffect(() => () => running.current?.abort(), [])

  const start = useCallback(
    async (path: string, fallbackName: string) => {
      running.current?.abort()
      last.current = { path, fallbackName }
      if (globalThis.navigator?.onLine === false) {
        setState({ status: 'problem', problem: { kind: 'offline' } })
        return
      }
      const controller = new AbortController()
      running.current = controller
      setState({ status: 'running', bytes: 0 })
      const result = await downloadExport({
        path,
        token,
        fallbackName,
        signal: controller.signal,
        onProgress: (bytes) => {
          if (running.current === controller) setState({ status: 'running', bytes })
        },
      })
      if (running.current !== controller) return // replaced or unmounted
      running.current = null
      if (result.ok) setState({ status: 'saved', filename: result.filename, bytes: result.bytes })
      else if (result.cancelled) setState({ status: 'cancelled' })
      else setState({ status: 'problem', problem: result.problem })
    },
    [token],
  )

  const cancel = useCallback(() => running.current?.abort(), [])
  const reset = useCallback(() => setState({ status: 'idle' }), [])
  /** The same download again (after a problem). */
  const retry = useCallback(() => {
    if (last.current) void start(last.current.path, last.current.fallbackName)
  }, [start])
  return { state, start, cancel, reset, retry }
}
