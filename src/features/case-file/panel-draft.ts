/**
 * Typing in a case's forms survives a reload: each panel's values (an assistance, a
 * referral, a status and its closure words) are kept as a draft of the case while they
 * are typed (use-draft.ts: sealed, written shortly after each change), put back when the
 * panel opens again, and forgotten once it is saved or cancelled. The first time a case
 * is opened after a reload or an unlock, its page opens again the panels whose typing was
 * kept, the last typed in front. Later in the same session, a panel left and come back to
 * shows its typing when it is opened: a page that opened panels by itself each time
 * would turn its buttons into ones that close them.
 * A draft's key ends with the case's id: when the case leaves the phone, or its person
 * withdraws consent, its drafts go with it (clearRecordDrafts).
 */
import { useCallback, useEffect, useRef } from 'react'
import type { FieldValues, UseFormReturn } from 'react-hook-form'
import { useDraft } from '@/components/use-draft'
import type { RelaisDb } from '@/data/db'
import { draftsSavedAt } from '@/data/drafts'
import { onDrop } from '@/session/key-ring'

/** The panels of a case page whose typing is kept. */
export const DRAFTED_PANELS = ['assistance', 'referral', 'status'] as const
export type DraftedPanel = (typeof DRAFTED_PANELS)[number]

export const panelDraftKey = (panel: DraftedPanel, caseId: string) => `caseFile:${panel}:${caseId}`

/**
 * Keeps the values of `form`, the panel `panel` of case `caseId`, as a draft, and puts a
 * kept one back as the panel opens. `forget()` drops it: call it when the form is saved
 * or cancelled, before the panel closes.
 */
export function usePanelDraft<V extends FieldValues>(
  panel: DraftedPanel,
  caseId: string,
  form: Pick<UseFormReturn<V>, 'getValues' | 'reset' | 'subscribe'>,
): { forget(): void } {
  const { getValues, reset, subscribe } = form
  const draft = useDraft<V>(panelDraftKey(panel, caseId), () => getValues())
  const { loaded, restored, values, save, clear } = draft
  const forgotten = useRef(false)
  const putBack = useRef(false)
  useEffect(() => {
    if (!loaded) return
    // the typing kept from before the reload, once read; from then on, every change is
    // kept (not before: the defaults would overwrite the draft)
    if (!putBack.current) {
      putBack.current = true
      if (restored) reset(values)
    }
    return subscribe({
      formState: { values: true },
      callback: () => {
        if (!forgotten.current) save(() => getValues())
      },
    })
  }, [loaded, restored, values, reset, subscribe, save, getValues])
  const forget = useCallback(() => {
    forgotten.current = true
    void clear()
  }, [clear])
  return { forget }
}

/**
 * The cases whose page was opened since the app started, or since the last lock (a
 * reload starts the app anew; an unlock is a new start for its user).
 */
const openedSinceStart = new Set<string>()
onDrop(() => forgetOpenedCases())

/** Forgets which cases were opened: the next opening of each is a first one again (as after a reload). */
export function forgetOpenedCases(): void {
  openedSinceStart.clear()
}

/**
 * The panels of the case to open again with their typing, the last typed first: those
 * kept, at the first opening of the case's page since the app started; none after.
 * `stillWanted` is asked once they are read (a page left meanwhile opens nothing, and
 * its next opening is still the first).
 */
export async function panelsToReopen(
  db: RelaisDb,
  caseId: string,
  stillWanted: () => boolean,
): Promise<DraftedPanel[]> {
  if (openedSinceStart.has(caseId)) return []
  const drafted = await draftedPanels(db, caseId)
  if (!stillWanted()) return []
  openedSinceStart.add(caseId)
  return drafted
}

/** The case's panels with typing kept, the last typed first. */
async function draftedPanels(db: RelaisDb, caseId: string): Promise<DraftedPanel[]> {
  const saved = await draftsSavedAt(
    db,
    DRAFTED_PANELS.map((panel) => panelDraftKey(panel, caseId)),
  )
  return DRAFTED_PANELS.map((panel, i) => ({ panel, savedAt: saved[i] }))
    .filter((p): p is { panel: DraftedPanel; savedAt: string } => p.savedAt !== undefined)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .map((p) => p.panel)
}
