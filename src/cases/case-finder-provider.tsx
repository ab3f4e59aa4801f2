/**
 * Provides the phone's case index to the signed-in app (useCaseFinder): built after
 * unlock, undefined while it loads, a new finder after every change so that the screens
 * using it draw again; dropped when the app locks (this provider unmounts).
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { RelaisDb } from '@/data/db'
import { CaseFinderContext, type CaseFinder } from './case-finder'
import { CaseIndexStore, registerCaseIndexStore } from './case-index-store'

export function CaseFinderProvider({ db, children }: { db: RelaisDb; children: ReactNode }) {
  const [finder, setFinder] = useState<{ db: RelaisDb; finder: CaseFinder | undefined }>({ db, finder: undefined })
  useEffect(() => {
    const store = new CaseIndexStore(db)
    const unregister = registerCaseIndexStore(store)
    const unsubscribe = store.subscribe(() => setFinder({ db, finder: store.finder() }))
    // a failed load (storage error) leaves the finder undefined: lists say they are loading
    void store.start().catch((error: unknown) => console.error('The case index could not be loaded', error))
    return () => {
      unsubscribe()
      unregister()
      store.dispose()
    }
  }, [db])
  // another user's database: never show the previous one's cases, even for one render
  const value = finder.db === db ? finder.finder : undefined
  return <CaseFinderContext.Provider value={value}>{children}</CaseFinderContext.Provider>
}
