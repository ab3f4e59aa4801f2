/**
 * Typing in a case's forms survives a reload: each panel's values (an assistance, a
 * referral, a status and its closure words) are kept as a draft of the case while they
 * are typed (use-draft.ts: sealed, written shortly after each change), put back when the
 * panel opens again, and forgotten once it is saved or cancelled. The case page opens
 * again, after a reload, the panels whose typing was kept, the last typed in front.
 * A draft's key ends with the case's id: when the case leaves the phone, or its person
 * withdraws consent, its drafts go with it (clearRecordDrafts).
 */
import { useCallback, useEffect, useRef } from 'react'
import type { FieldValues, UseFormReturn } from 'react-hook-form'
import { useDraft } from '@/components/use-draft'
import type { RelaisDb } from '@/data/db'

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

/** The case's panels with typing kept, the last typed first. */
export async function draftedPanels(db: RelaisDb, caseId: string): Promise<DraftedPanel[]> {
  const rows = await db.drafts.bulkGet(DRAFTED_PANELS.map((panel) => panelDraftKey(panel, caseId)))
  return DRAFTED_PANELS.map((panel, i) => ({ panel, savedAt: rows[i]?.savedAt }))
    .filter((p): p is { panel: DraftedPanel; savedAt: string } => p.savedAt !== undefined)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .map((p) => p.panel)
}
