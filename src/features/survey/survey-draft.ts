/** What the survey keeps in its (encrypted) draft: the answers and the page on screen. */
import { isPage, type PageId } from './survey-pages'
import { parseSurveyValues, type SurveyValues } from './survey-values'

export interface SurveyDraft {
  values: SurveyValues
  page: PageId
}

/** A stored draft read back: valid answers only, a known page (else the first). */
export function parseSurveyDraft(stored: unknown, initial: SurveyDraft): SurveyDraft {
  if (typeof stored !== 'object' || stored === null) return initial
  const { values, page } = stored as { values?: unknown; page?: unknown }
  return {
    values: parseSurveyValues(values, initial.values),
    page: isPage(page) ? page : initial.page,
  }
}
