/**
 * Provides the phone's case index to the signed-in app (useCaseFinder): built after
 * unlock, undefined while it loads (useCaseIndexProblem says when loading failed), a new finder after every change so that the screens
 * using it draw again; dropped when the app locks (this provider unmounts).
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { RelaisDb } from '@/data/db'
import { CaseFinderContext, CaseIndexProblemContext, type CaseFinder, type CaseIndexProblem } from './case-finder'
import { CaseIndexStore, registerCaseIndexStore } from './case-index-store'

export function CaseFinderProvider({ db, children }: { db: RelaisDb; children: ReactNode }) {
  const [finder, setFinder] = useState<{ db: RelaisDb; finder: CaseFinder | undefined }>({ db, finder: undefined })
  const [failed, setFailed] = useState(false)
  const load = useRef<() => void>(() => undefined)
  useEffect(() => {
    const store = new CaseIndexStore(db)
    const unregister = registerCaseIndexStore(store)
    const unsubscribe = store.subscribe(() => setFinder({ db, finder: store.finder() }))
    // a failed load (a storage error) is said on the screens that need the index, with a retry
    load.current = () => {
      setFailed(false)
      store.start().catch((error: unknown) => {
        console.error('The case index could not be loaded', error)
        setFailed(true)
      })
    }
    load.current()
    return () => {
      unsubscribe()
      unregister()
      store.dispose()
    }
  }, [db])
  // another user's database: never show the previous one's cases, even for one render
  const value = finder.db === db ? finder.finder : undefined
  const problem = useMemo<CaseIndexProblem | undefined>(
    () => (failed ? { retry: () => load.current() } : undefined),
    [failed],
  )
  return (
    <CaseFinderContext.Provider value={value}>
      <CaseIndexProblemContext.Provider value={problem}>{children}</CaseIndexProblemContext.Provider>
    </CaseFinderContext.Provider>
  )
}
