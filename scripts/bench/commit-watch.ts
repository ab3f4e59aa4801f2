/**
 * Runs inside the app's page during a Chromium bench, from the start of each page (an init
 * script: `commitWatchScript` in page-script.ts): the moment a write commits, for benches
 * that time a save until then. IndexedDB's own `complete` event is heard first; Dexie announces a commit on the
 * window too (`x-storagemutated-1`), but only after it has woken the live queries it
 * concerns, a few milliseconds later.
 */

/**
 * From now on, each read-write transaction over the store `store` dispatches, as it
 * commits, the window event `eventName` with the moment (`performance.now()`) as its detail.
 */
export function watchCommits(store: string, eventName: string): void {
  const proto = IDBDatabase.prototype as IDBDatabase & { benchWatched?: Set<string> }
  const watched = (proto.benchWatched ??= new Set())
  const key = `${store}\u0000${eventName}`
  if (watched.has(key)) return
  watched.add(key)
  const transaction = proto.transaction
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args)
    const [stores, mode] = args
    const names = typeof stores === 'string' ? [stores] : [...stores]
    if (mode === 'readwrite' && names.includes(store)) {
      // added before Dexie sets its own handler: heard first
      tx.addEventListener('complete', () => dispatchEvent(new CustomEvent(eventName, { detail: performance.now() })))
    }
    return tx
  }
}
