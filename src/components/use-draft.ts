/**
 * Form values that survive a reload: restored from the draft on open, written to it
 * about 500 ms after the last change (at once when a form asks, e.g. at each step's
 * Next, and before an app update), cleared after a save.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { clearDraft, loadDraft, saveDraft } from '@/data/drafts'
import { isQuotaError } from '@/data/storage-errors'
import { useDb } from './app-context'
import { registerDraftFlush } from './draft-flush'

const DEBOUNCE_MS = 500

export interface Draft<T> {
  values: T
  /** Changes the values on screen and, shortly after, in the draft. */
  setValues(update: (previous: T) => T): void
  /**
   * Changes the draft only, without drawing anything: for a form that holds its own
   * values (react-hook-form), so that typing does not redraw the whole form.
   */
  save(update: (previous: T) => T): void
  /**
   * Like save(), but written at once rather than after the pause (a step finished):
   * resolves once stored, or once the phone was found full (`storageFull`).
   */
  saveNow(update: (previous: T) => T): Promise<void>
  /** False until the stored draft (if any) is read: draw the form after that. */
  loaded: boolean
  /**
   * True when the values came from an earlier, unfinished visit and hold something the
   * user typed: a form left untouched and opened again says nothing about a draft.
   */
  restored: boolean
  /** The last draft save failed because the phone is full (the values stay on screen). */
  storageFull: boolean
  /** Forgets the draft and starts again from `initial`. */
  clear(): Promise<void>
}

export function useDraft<T extends object>(
  key: string,
  initial: () => T,
  parse: (stored: unknown, initial: T) => T = mergeKnown,
  /**
   * Whether values read back hold typing, compared with the form's defaults: by default,
   * whether they differ at all (a form that fills fields in by itself tells its own).
   */
  holdsTyping: (values: T, initial: T) => boolean = (values, start) => !sameData(values, start),
): Draft<T> {
  const db = useDb()
  const [values, setState] = useState<T>(initial)
  const [loaded, setLoaded] = useState(false)
  const [restored, setRestored] = useState(false)
  const [storageFull, setStorageFull] = useState(false)
  const pending = useRef<T | null>(null)
  // the newest values, drawn or not (save() does not draw)
  const latest = useRef<T>(values)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const initialRef = useRef(initial)
  const parseRef = useRef(parse)
  const typedRef = useRef(holdsTyping)

  useEffect(() => {
    let cancelled = false
    loadDraft<unknown>(db, key)
      .then((stored) => {
        if (cancelled) return
        if (stored !== undefined) {
          const start = initialRef.current()
          latest.current = parseRef.current(stored, start)
          setState(latest.current)
          // an untouched form written on its way out is no "unfinished form restored"
          setRestored(typedRef.current(latest.current, start))
        }
      })
      .catch(() => undefined) // a draft that cannot be read is no reason to block the form
      .finally(() => {
        if (!cancelled) setLoaded(true)
      })
    return () => {
      cancelled = true
    }
  }, [db, key])

  const flush = useCallback(async () => {
    clearTimeout(timer.current)
    const next = pending.current
    pending.current = null
    if (!next) return
    try {
      await saveDraft(db, key, next)
      setStorageFull(false)
    } catch (error) {
      if (!isQuotaError(error)) throw error
      pending.current ??= next // tried again at the next change
      setStorageFull(true)
    }
  }, [db, key])

  useEffect(() => {
    const unregister = registerDraftFlush(flush)
    return () => {
      unregister()
      void flush() // leaving the screen keeps what was typed
    }
  }, [flush])

  const write = useCallback(
    (update: (previous: T) => T, draw: boolean) => {
      const next = update(latest.current)
      latest.current = next
      pending.current = next
      if (draw) setState(next)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), DEBOUNCE_MS)
    },
    [flush],
  )
  const setValues = useCallback((update: (previous: T) => T) => write(update, true), [write])
  const save = useCallback((update: (previous: T) => T) => write(update, false), [write])
  const saveNow = useCallback(
    (update: (previous: T) => T) => {
      latest.current = update(latest.current)
      pending.current = latest.current
      return flush()
    },
    [flush],
  )

  const clear = useCallback(async () => {
    clearTimeout(timer.current)
    pending.current = null
    await clearDraft(db, key)
    latest.current = initialRef.current()
    setState(latest.current)
    setRestored(false)
  }, [db, key])

  return { values, setValues, save, saveNow, loaded, restored, storageFull, clear }
}

/** Whether two plain data values (a draft's) are the same, whatever the order of their keys. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const entries = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined)
  const [ea, eb] = [entries(a), entries(b)]
  const other = new Map(eb)
  return ea.length === eb.length && ea.every(([k, v]) => other.has(k) && sameData(v, other.get(k)))
}

/** Keeps each stored field whose type matches the initial value's (old drafts may differ). */
export function mergeKnown<T extends object>(stored: unknown, initial: T): T {
  if (typeof stored !== 'object' || stored === null) return initial
  const out: Record<string, unknown> = { ...(initial as Record<string, unknown>) }
  for (const [k, v] of Object.entries(initial as Record<string, unknown>)) {
    const s = (stored as Record<string, unknown>)[k]
    if (Array.isArray(v) ? Array.isArray(s) : typeof s === typeof v && s !== null) out[k] = s
  }
  return out as unknown as T
}
