/**
 * Downloads an export with the session's token and saves it as a file. The server
 * streams it with no length known up front, so progress is the bytes received so far.
 * The file is put together in memory (a Blob) and saved through an object URL and an
 * `<a download>`; an AbortSignal cancels it. Every failure becomes an ExportProblem the
 * screen puts in words: offline (no answer, or not the API's), refused, invalid…
 */
import { z } from 'zod'
import { withAppVersion } from '@/sync/app-version'
import { apiErrorSchema, fieldErrorSchema, type FieldError } from '@/shared/schemas/sync'

export type ExportProblem =
  | { kind: 'offline' }
  /** The connection broke after the download had started. */
  | { kind: 'interrupted' }
  | { kind: 'unauthenticated' }
  | { kind: 'forbidden' }
  | { kind: 'invalid'; issues: FieldError[] }
  | { kind: 'not_found' }
  | { kind: 'server'; status: number }

export type DownloadResult =
  | { ok: true; filename: string; bytes: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled?: false; problem: ExportProblem }

export interface DownloadOptions {
  path: string
  token: string
  signal: AbortSignal
  /** Called with the bytes received so far, as they arrive. */
  onProgress(bytes: number): void
  /** The name used when the server gives none. */
  fallbackName: string
  fetch?: typeof fetch
  save?: (blob: Blob, filename: string) => void
}

const errorBodySchema = apiErrorSchema.extend({ issues: z.array(fieldErrorSchema).optional() })

/** The file name in `Content-Disposition: attachment; filename="…"`, if a safe one. */
export function attachmentName(header: string | null): string | undefined {
  const name = /filename="([^"]+)"/.exec(header ?? '')?.[1]
  return name !== undefined && /^[\w.-]+$/.test(name) ? name : undefined
}

/** Saves a blob as a download, through an `<a download>` on an object URL. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // the browser has taken the file once the click's task is over
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

async function problemOf(res: Response): Promise<ExportProblem> {
  let json: unknown
  try {
    json = JSON.parse(await res.text())
  } catch {
    json = undefined
  }
  const body = errorBodySchema.safeParse(json)
  // an error page that is not the API's JSON: something between us and the server answered
  if (!body.success) return res.status >= 500 ? { kind: 'server', status: res.status } : { kind: 'offline' }
  if (res.status === 400) return { kind: 'invalid', issues: body.data.issues ?? [] }
  if (res.status === 401) return { kind: 'unauthenticated' }
  if (res.status === 403) return { kind: 'forbidden' }
  if (res.status === 404) return { kind: 'not_found' }
  return { kind: 'server', status: res.status }
}

export async function downloadExport(options: DownloadOptions): Promise<DownloadResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const { signal } = options
  let res: Response
  try {
    res = await doFetch(options.path, {
      headers: withAppVersion({ Authorization: `Bearer ${options.token}` }),
      cache: 'no-store',
      signal,
    })
  } catch {
    return signal.aborted ? { ok: false, cancelled: true } : { ok: false, problem: { kind: 'offline' } }
  }
  if (!res.ok) return { ok: false, problem: await problemOf(res) }
  const type = res.headers.get('content-type') ?? 'application/octet-stream'
  const filename = attachmentName(res.headers.get('content-disposition')) ?? options.fallbackName
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let bytes = 0
  try {
    if (res.body === null) throw new Error('no body')
    const reader = res.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      bytes += value.byteLength
      options.onProgress(bytes)
    }
  } catch {
    return signal.aborted ? { ok: false, cancelled: true } : { ok: false, problem: { kind: 'interrupted' } }
  }
  if (signal.aborted) return { ok: false, cancelled: true }
  ;(options.save ?? saveBlob)(new Blob(chunks, { type }), filename)
  return { ok: true, filename, bytes }
}
