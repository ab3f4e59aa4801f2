/**
 * The tally form's state in react-hook-form (the zod resolver runs the shared schema on
 * save), kept in the form's draft on every change, with what is worked out live: the
 * running total, the unknown nationality remainder and the problems at their fields.
 */
import { useCallback, useEffect, useMemo } from 'react'
import { useForm, useWatch, type FieldPath, type FieldPathValue } from 'react-hook-form'
import { siteDateTimeInput } from '@/components/dates'
import type { Draft } from '@/components/use-draft'
import { liveIssues, runningTotal, tallyNumbers, tallyResolver, type TallyBase } from './tally-checks'
import type { NationalityRow, TallyValues } from './tally-values'

export type TallyPath = FieldPath<TallyValues>

/** How often a time nobody set is brought up to the clock. */
const TIME_TICK_MS = 15_000

export function useTally(draft: Draft<TallyValues>, base: () => TallyBase) {
  const resolver = useMemo(() => tallyResolver(base), [base])
  const form = useForm<TallyValues>({
    defaultValues: draft.values,
    resolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: false,
  })
  const { subscribe, getValues, setValue, formState } = form
  const saveDraft = draft.save

  // every change goes to the draft (debounced by useDraft); the form holds the values
  useEffect(
    () => subscribe({ formState: { values: true }, callback: () => saveDraft(() => getValues()) }),
    [subscribe, getValues, saveDraft],
  )

  // a time nobody set follows the clock on screen (the save takes its own time): a form
  // opened at 23:58 does not go on showing yesterday once midnight has passed in Niger
  useEffect(() => {
    const tick = setInterval(() => {
      if (getValues('timeSet')) return
      const now = siteDateTimeInput(new Date())
      if (getValues('observedAt') !== now) setValue('observedAt', now)
    }, TIME_TICK_MS)
    return () => clearInterval(tick)
  }, [getValues, setValue])

  const values = useWatch({ control: form.control }) as TallyValues
  const attempted = formState.submitCount > 0
  const issues = useMemo(() => liveIssues(values, attempted), [values, attempted])
  const numbers = useMemo(() => tallyNumbers(values), [values])
  const total = useMemo(() => runningTotal(values), [values])

  const isSubmitted = formState.isSubmitted
  const setField = useCallback(
    <P extends TallyPath>(path: P, value: FieldPathValue<TallyValues, P>) =>
      // after a refused save, a field's message follows its changes
      setValue(path, value, { shouldDirty: true, shouldValidate: isSubmitted }),
    [setValue, isSubmitted],
  )

  // stable, so that a nationality row (a long country list) is drawn again only when it changes
  const addNationality = useCallback(
    () => setField('nationalities', [...getValues('nationalities'), { country: '', count: '' }]),
    [setField, getValues],
  )
  const updateNationality = useCallback(
    (index: number, patch: Partial<NationalityRow>) =>
      setField(
        'nationalities',
        getValues('nationalities').map((row, i) => (i === index ? { ...row, ...patch } : row)),
      ),
    [setField, getValues],
  )
  const removeNationality = useCallback(
    (index: number) =>
      setField(
        'nationalities',
        getValues('nationalities').filter((_, i) => i !== index),
      ),
    [setField, getValues],
  )
  const nationalities = useMemo(
    () => ({ add: addNationality, update: updateNationality, remove: removeNationality }),
    [addNationality, updateNationality, removeNationality],
  )

  return { form, values, issues, numbers, total, attempted, setField, nationalities }
}
