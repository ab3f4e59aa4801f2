import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { CODE_LISTS, codeKey, type CodeList } from '@/i18n/code-labels'
import type { Option } from './form-fields'

/** The codes of a coded list with their labels in the interface language, in list order. */
export function useCodeOptions(list: CodeList): Option[] {
  const { t } = useTranslation()
  // the same list until the language changes: a form draws it again at every tap
  return useMemo(() => CODE_LISTS[list].map((code) => ({ value: code, label: t(`codes.${list}.${code}`) })), [t, list])
}

/** The label of one code (the code itself if unknown to this version); the same function until the language changes. */
export function useCodeLabel(): (list: CodeList, code: string) => string {
  const { t } = useTranslation()
  // stable: screens memoise what they write with it (a list's row formats)
  return useCallback((list: CodeList, code: string) => t(codeKey(list, code as never), { defaultValue: code }), [t])
}
