/** A lock in one tab locks the user's other tabs too (each tab holds its own keys). */
import { useEffect } from 'react'

const LOCK_CHANNEL = 'relais-lock'

export function useLockAcrossTabs(userId: string, lockNow: () => Promise<void>): void {
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return
    const channel = new BroadcastChannel(LOCK_CHANNEL)
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data === userId) void lockNow()
    }
    return () => channel.close()
  }, [userId, lockNow])
}

export function tellOtherTabs(userId: string): void {
  if (typeof BroadcastChannel === 'undefined') return
  const channel = new BroadcastChannel(LOCK_CHANNEL)
  channel.postMessage(userId)
  channel.close()
}
