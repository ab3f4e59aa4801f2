/**
 * Typing in a case's forms survives a reload: each panel's values (an assistance, a
 * referral, a status and its closure words) and each referral's outcome are kept as a
 * draft of the case while they are typed (use-draft.ts: sealed, written shortly after each
 * change), put back when the form opens again, and forgotten once it is saved or
 * cancelled. The first time a case is opened after a reload or an unlock, its page opens
 * again the forms whose typing was kept, the last typed in front. Later in the same
 * session, a form left and come back to shows its typing when it is opened: a page that
 * opened forms by itself each time would turn its buttons into ones that close them.
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

/** The outcome typed for one referral of the case (its key ends with the case's id, as every draft of the case). */
export const outcomeDraftKey = (referralId: string, caseId: string) => `caseFile:outcome:${referralId}:${caseId}`

type DraftedForm<V extends FieldValues> = Pick<UseFormReturn<V>, 'getValues' | 'reset' | 'subscribe'>

/**
 * Keeps the values of `form`, the panel `panel` of case `caseId`, as a draft, and puts a
 * kept one back as the panel opens. `forget()` drops it: call it when the form is saved
 * or cancelled, before the panel closes.
 */
export function usePanelDraft<V extends FieldValues>(
  panel: DraftedPanel,
  caseId: string,
  form: DraftedForm<V>,
): { forget(): void } {
  return useFormDraft(panelDraftKey(panel, caseId), form)
}

/** As usePanelDraft, for the outcome form of the case's referral `referralId`. */
export function useOutcomeDraft<V extends FieldValues>(
  referralId: string,
  caseId: string,
  form: DraftedForm<V>,
): { forget(): void } {
  return useFormDraft(outcomeDraftKey(referralId, caseId), form)
}

function useFormDraft<V extends FieldValues>(key: string, form: DraftedForm<V>): { forget(): void } {
  const { getValues, reset, subscribe } = form
  const draft = useDraft<V>(key, () => getValues())
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

/** What a case's page opens again with its typing: its panels, the last typed first, and a referral's outcome form. */
export interface KeptTyping {
  panels: DraftedPanel[]
  /** The referral whose outcome form opens again, if one was being typed. */
  outcome: string | null
  /** Whether that outcome was typed last: it takes focus, not the panel in front. */
  outcomeLast: boolean
}

const NOTHING_KEPT: KeptTyping = { panels: [], outcome: null, outcomeLast: false }

/**
 * The forms of the case to open again with their typing: those kept, at the first opening
 * of the case's page since the app started; none after. `referralIds` are the case's
 * referrals (an outcome form is open for one at a time: the last typed). `stillWanted` is
 * asked once they are read (a page left meanwhile opens nothing, and its next opening is
 * still the first).
 */
export async function formsToReopen(
  db: RelaisDb,
  caseId: string,
  referralIds: readonly string[],
  stillWanted: () => boolean,
): Promise<KeptTyping> {
  if (openedSinceStart.has(caseId)) return NOTHING_KEPT
  const kept = await keptTyping(db, caseId, referralIds)
  if (!stillWanted()) return NOTHING_KEPT
  openedSinceStart.add(caseId)
  return kept
}

type KeptForm = { panel: DraftedPanel } | { outcome: string }

/** The case's forms with typing kept, the last typed first. */
async function keptTyping(db: RelaisDb, caseId: string, referralIds: readonly string[]): Promise<KeptTyping> {
  const forms: KeptForm[] = [
    ...DRAFTED_PANELS.map((panel) => ({ panel })),
    ...referralIds.map((outcome) => ({ outcome })),
  ]
  const saved = await draftsSavedAt(
    db,
    forms.map((f) => ('panel' in f ? panelDraftKey(f.panel, caseId) : outcomeDraftKey(f.outcome, caseId))),
  )
  const kept = forms
    .flatMap((f, i) => {
      const savedAt = saved[i]
      return savedAt === undefined ? [] : [{ ...f, savedAt }]
    })
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
  const outcome = kept.find((k) => 'outcome' in k)
  return {
    panels: kept.flatMap((k) => ('panel' in k ? [k.panel] : [])),
    outcome: outcome && 'outcome' in outcome ? outcome.outcome : null,
    outcomeLast: kept[0] !== undefined && 'outcome' in kept[0],
  }
}
