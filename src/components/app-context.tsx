/**
 * What every signed-in screen needs: the session, the user's own database and the sync
 * engine's controls. app/ provides it; features read it through these hooks.
 */
import { createContext, useContext } from 'react'
import type { RelaisDb } from '@/data/db'
import type { Session } from '@/session/session'

export interface SyncControl {
  syncNow(reason?: string): Promise<void>
}

export interface AppContextValue {
  session: Session
  db: RelaisDb
  sync: SyncControl
}

const AppContext = createContext<AppContextValue | null>(null)

export const AppContextProvider = AppContext.Provider

function useAppContext(): AppContextValue {
  const value = useContext(AppContext)
  if (!value) throw new Error('A signed-in screen was drawn outside <AppContextProvider>')
  return value
}

export const useSession = (): Session => useAppContext().session
export const useDb = (): RelaisDb => useAppContext().db
export const useSyncControl = (): SyncControl => useAppContext().sync
