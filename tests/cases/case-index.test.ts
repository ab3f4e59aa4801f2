import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '@/cases/case-finder'
import { CaseIndex } from '@/cases/case-index'
import { summarizeCase } from '@/cases/case-summary'
import type { LocalRecord } from '@/data/records'
import { anonymousRegistration, namedRegistration } from '../helpers/records'

let seq = 0
function named(givenName: string, familyName: string, more: Partial<CaseSummary> = {}): CaseSummary {
  seq += 1
  return {
    id: `case-${String(seq).padStart(3, '0')}`,
    siteCode: 'AGZ-TC',
    caseNumber: `AGZ-7K-${String(seq).padStart(4, '0')}`,
    named: true,
    givenName,
    familyName,
    sex: 'male',
    nationality: 'GIN',
    dateOfBirth: '1998-03-14',
    registeredOn: '2026-11-20',
    caseStatus: 'registered',
    vulnerabilities: [],
    possibleDuplicate: false,
    state: 'sent',
    localUpdatedAt: '2026-11-20T10:00:00.000Z',
    ...more,
  }
}

function anonymous(more: Partial<CaseSummary> = {}): CaseSummary {
  seq += 1
  return {
    id: `case-${String(seq).padStart(3, '0')}`,
    siteCode: 'AGZ-TC',
    named: false,
    sex: 'female',
    nationality: 'NGA',
    ageGroup: '12_17',
    registeredOn: '2026-11-20',
    caseStatus: 'registered',
    vulnerabilities: [],
    possibleDuplicate: false,
    state: 'pending',
    localUpdatedAt: '2026-11-20T10:00:00.000Z',
    ...more,
  }
}

const names = (found: CaseSummary[]) => found.map((c) => (c.named ? `${c.givenName} ${c.familyName}` : c.id))

describe('summarizeCase', () => {
  const record = <T extends LocalRecord<'registration'>['data']>(data: T): LocalRecord<'registration'> => ({
    id: data.id,
    entity: 'registration',
    data,
    syncedRev: 0,
    state: 'rejected',
    errors: [{ path: ['givenName'], code: 'too_long', message: 'Too long' }],
    localUpdatedAt: '2026-11-29T08:00:00.000Z',
  })

  it('keeps what lists and search need, and marks a case saved despite a duplicate warning', () => {
    const data = namedRegistration({
      caseNumber: 'AGZ-7K-0042',
      givenName: 'Mamadou',
      familyName: 'Diallo',
      aliases: ['Madou'],
      document: { type: 'passport', number: 'P1234567' },
      possibleDuplicateOf: ['0194d3f0-0000-7000-8000-000000000001'],
    })
    expect(summarizeCase(record(data))).toEqual({
      id: data.id,
      siteCode: 'AGZ-TC',
      caseNumber: 'AGZ-7K-0042',
      named: true,
      givenName: 'Mamadou',
      familyName: 'Diallo',
      aliases: ['Madou'],
      sex: 'female',
      nationality: 'MLI',
      dateOfBirth: '1998-01-01',
      documentNumber: 'P1234567',
      registeredOn: '2026-11-29',
      caseStatus: 'registered',
      vulnerabilities: ['single_woman'],
      possibleDuplicate: true,
      state: 'rejected',
      errors: [{ path: ['givenName'], code: 'too_long', message: 'Too long' }],
      localUpdatedAt: '2026-11-29T08:00:00.000Z',
    })
    expect(summarizeCase(record(namedRegistration({ possibleDuplicateOf: [] }))).possibleDuplicate).toBe(false)
  })

  it('keeps no name for an anonymous case, only its age group', () => {
    const summary = summarizeCase(record(anonymousRegistration()))
    expect(summary).toMatchObject({ named: false, ageGroup: '12_17', possibleDuplicate: false })
    expect(summary).not.toHaveProperty('givenName')
    expect(summary).not.toHaveProperty('dateOfBirth')
  })
})

describe('CaseIndex.search', () => {
  const mamadou = named('Mamadou', 'Diallo', { documentNumber: 'P-123 456' })
  const aissata = named('Aïssata', 'Traoré', { sex: 'female', nationality: 'MLI', dateOfBirth: '1995-06-01' })
  const mohamed = named('Mohamed', 'Ould Ahmed', { nationality: 'MRT', dateOfBirth: '1985-01-01' })
  const ousmane = named('Ousmane', 'Sow', { dateOfBirth: '1990-02-02', caseNumber: 'AGZ-9Q-0001' })
  const child = anonymous()
  const index = new CaseIndex([mamadou, aissata, mohamed, ousmane, child])

  it.each([
    ['another transliteration', 'Aichatou Traore', aissata],
    ['the names swapped', 'Diallo Mamadou', mamadou],
    ['the particle left out', 'Muhammad Ahmed', mohamed],
    ['another spelling of the given name', 'Usman Sow', ousmane],
    ['a name being typed', 'Mamadou Dia', mamadou],
  ])('finds a name written with %s', (_, text, expected) => {
    expect(index.search(text)[0]?.id).toBe(expected.id)
  })

  it('finds a case number exactly in any case, and by its beginning', () => {
    expect(index.search('agz-9q-0001').map((c) => c.id)).toEqual([ousmane.id])
    expect(index.search(' AGZ-9Q-0001 ').map((c) => c.id)).toEqual([ousmane.id])
    expect(index.search('AGZ-9Q').map((c) => c.id)).toEqual([ousmane.id])
    const sevenK = index.search('AGZ-7K-0').map((c) => c.id)
    expect(sevenK.sort()).toEqual([mamadou.id, aissata.id, mohamed.id].sort())
    expect(index.search('AGZ-7K-9999')).toEqual([])
  })

  it('finds a case number as a registrar copies it: without dashes, with spaces, or from a later part', () => {
    for (const typed of ['agz9q0001', 'AGZ 9Q 0001', '9Q-0001', '9q 0001', 'AGZ 9Q']) {
      expect(index.search(typed).map((c) => c.id)).toEqual([ousmane.id])
    }
    // the counter alone: every case with that counter, whoever's phone numbered it
    expect(index.search('0001').map((c) => c.id)).toContain(ousmane.id)
    // never from the middle of a part
    expect(index.search('001')).toEqual([])
  })

  it('finds a document number exactly, spaces, dashes and case aside, never by a part of it', () => {
    expect(index.search('p123456').map((c) => c.id)).toEqual([mamadou.id])
    expect(index.search('P-123 456').map((c) => c.id)).toEqual([mamadou.id])
    expect(index.search('P-123')).toEqual([])
  })

  it('lists every case for an empty search, vulnerable first, then newest registration', () => {
    const older = named('Hawa', 'Keita', { registeredOn: '2026-10-01', vulnerabilities: ['elderly'] })
    const newer = named('Fanta', 'Camara', { registeredOn: '2026-11-28' })
    const newest = named('Binta', 'Barry', { registeredOn: '2026-11-29', vulnerabilities: ['disability'] })
    const list = new CaseIndex([older, newer, newest, mamadou])
    expect(names(list.search(''))).toEqual(['Binta Barry', 'Hawa Keita', 'Fanta Camara', 'Mamadou Diallo'])
  })

  it('ranks the closer name first, then vulnerable cases, then newer ones', () => {
    const same = named('Moussa', 'Keita', { registeredOn: '2026-01-01' })
    const other = named('Mousa', 'Keita', { registeredOn: '2026-11-01' })
    const otherVulnerable = named('Mousa', 'Keita', { registeredOn: '2026-02-01', vulnerabilities: ['disability'] })
    const list = new CaseIndex([other, same, otherVulnerable])
    expect(list.search('Moussa Keita', {}).map((c) => c.id)).toEqual([same.id, otherVulnerable.id, other.id])
  })

  it.each<[string, Parameters<CaseIndex['search']>[1], CaseSummary[]]>([
    ['site', { siteCode: 'ARL-TC' }, []],
    ['status', { caseStatus: 'registered' }, [mamadou, aissata, mohamed, ousmane, child]],
    ['nationality', { nationality: 'MLI' }, [aissata]],
    ['sex', { sex: 'female' }, [aissata, child]],
    ['birth year ± 2', { birthYear: 1990 }, [ousmane]],
    ['birth year matching an age group', { birthYear: 2012 }, [child]],
    ['age group', { ageGroup: '18_59' }, [mamadou, aissata, mohamed, ousmane]],
    ['age group of an anonymous case', { ageGroup: '12_17' }, [child]],
    [
      'registration dates',
      { registeredFrom: '2026-11-20', registeredTo: '2026-11-20' },
      [mamadou, aissata, mohamed, ousmane, child],
    ],
    ['registration dates outside', { registeredFrom: '2026-11-21' }, []],
  ])('filters by %s', (_, filters, expected) => {
    expect(
      index
        .search('', filters)
        .map((c) => c.id)
        .sort(),
    ).toEqual(expected.map((c) => c.id).sort())
  })

  it('filters vulnerable cases only, and applies the filters to a name search', () => {
    const hawa = named('Hawa', 'Diallo', { sex: 'female', vulnerabilities: ['single_woman'], caseStatus: 'assisted' })
    const list = new CaseIndex([mamadou, hawa, child])
    expect(list.search('', { vulnerableOnly: true }).map((c) => c.id)).toEqual([hawa.id])
    expect(
      list
        .search('Diallo')
        .map((c) => c.id)
        .sort(),
    ).toEqual([mamadou.id, hawa.id].sort())
    expect(list.search('Diallo', { vulnerableOnly: true }).map((c) => c.id)).toEqual([hawa.id])
    expect(list.search('Diallo', { sex: 'male' }).map((c) => c.id)).toEqual([mamadou.id])
    expect(list.search('Diallo', { caseStatus: 'assisted' }).map((c) => c.id)).toEqual([hawa.id])
    expect(list.search('Diallo', { registeredTo: '2026-01-01' })).toEqual([])
  })

  it('never finds an anonymous case by a name', () => {
    expect(index.search('Anonymous')).toEqual([])
  })
})

describe('CaseIndex.possibleDuplicates', () => {
  const mamadou = named('Mamadou', 'Diallo', { dateOfBirth: '1998-03-14' })
  const namesake = named('Mamadou', 'Diallo', { dateOfBirth: '1970-05-05' })
  const index = new CaseIndex([mamadou, namesake, named('Fatoumata', 'Kone', { sex: 'female' })])

  it('proposes the same person written another way, born about the same year', () => {
    const found = index.possibleDuplicates({ givenName: 'Mamadou', familyName: 'Jallo', dateOfBirth: '1998-03-14' })
    expect(found.map((c) => c.id)).toEqual([mamadou.id])
  })

  it('leaves out the case being edited, and proposes nothing without a name', () => {
    const query = { givenName: 'Mamadou', familyName: 'Diallo', dateOfBirth: '1998-03-14' }
    expect(index.possibleDuplicates({ ...query, excludeId: mamadou.id })).toEqual([])
    expect(index.possibleDuplicates({ givenName: ' ', familyName: '' })).toEqual([])
  })
})

describe('CaseIndex changes', () => {
  it('adds, updates and removes one case, keeping names, numbers and order current', () => {
    const first = named('Hawa', 'Keita', { registeredOn: '2026-11-01' })
    const index = new CaseIndex([first])
    const second = named('Kadiatou', 'Bah', { registeredOn: '2026-11-02', documentNumber: 'X99' })
    index.put(second)
    expect(index.size).toBe(2)
    expect(names(index.search(''))).toEqual(['Kadiatou Bah', 'Hawa Keita'])
    expect(index.search('Kadiatu')[0]?.id).toBe(second.id)

    // an edit: a new name, a new number, vulnerable (first in the list now)
    const edited = { ...first, givenName: 'Aminata', caseNumber: 'AGZ-7K-9000', vulnerabilities: ['elderly'] as const }
    index.put({ ...edited, vulnerabilities: [...edited.vulnerabilities] })
    expect(index.search('Hawa Keita')).toEqual([])
    expect(index.search('Aminata Keita')[0]?.id).toBe(first.id)
    expect(index.search('AGZ-7K-9000').map((c) => c.id)).toEqual([first.id])
    expect(index.search(first.caseNumber as string)).toEqual([])
    expect(names(index.search(''))).toEqual(['Aminata Keita', 'Kadiatou Bah'])
    expect(index.size).toBe(2)

    index.remove(second.id)
    expect(index.size).toBe(1)
    expect(index.get(second.id)).toBeUndefined()
    expect(index.search('Kadiatou')).toEqual([])
    expect(index.search('X99')).toEqual([])
    expect(names(index.search(''))).toEqual(['Aminata Keita'])
    index.remove('not-here')
    expect(index.size).toBe(1)
  })

  it('applies a batch of puts and removes as the same changes one by one would, list order, search and numbers alike', () => {
    const pool = Array.from({ length: 40 }, (_, i) =>
      named(['Hawa', 'Mamadou', 'Aïssata', 'Ousmane'][i % 4] as string, ['Keita', 'Diallo', 'Bah'][i % 3] as string, {
        registeredOn: `2026-11-${String(1 + (i % 9)).padStart(2, '0')}`,
      }),
    )
    const version = (i: number, v: number): CaseSummary => {
      const base = pool[i] as CaseSummary
      return {
        ...base,
        vulnerabilities: v % 3 === 0 ? ['elderly'] : [],
        registeredOn: `2026-10-${String(10 + v).padStart(2, '0')}`,
        caseNumber: `AGZ-7K-${String(1000 + i * 10 + v).padStart(4, '0')}`,
        ...(v % 5 === 4 ? { mergedInto: 'elsewhere' } : {}),
      }
    }
    const change = fc.tuple(fc.nat(pool.length - 1), fc.option(fc.nat(9), { nil: undefined }))
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(pool.length - 1), { maxLength: 30 }),
        fc.array(change, { maxLength: 80, size: 'max' }),
        (start, changes) => {
          const batch = changes.map(([i, v]): [string, CaseSummary | undefined] => [
            (pool[i] as CaseSummary).id,
            v === undefined ? undefined : version(i, v),
          ])
          const oneByOne = new CaseIndex(start.map((i) => pool[i] as CaseSummary))
          const atOnce = new CaseIndex(start.map((i) => pool[i] as CaseSummary))
          oneByOne.prepareSearch()
          atOnce.prepareSearch()
          for (const [id, summary] of batch) {
            if (summary) oneByOne.put(summary)
            else oneByOne.remove(id)
          }
          atOnce.apply(batch)
          expect(atOnce.all().map((c) => c.id)).toEqual(oneByOne.all().map((c) => c.id))
          expect(atOnce.everything().length).toBe(oneByOne.everything().length)
          for (const query of ['Hawa', 'Mamadou Dialo', 'AGZ-7K-10']) {
            expect(atOnce.search(query).map((c) => c.id)).toEqual(oneByOne.search(query).map((c) => c.id))
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it("answers a household's members in list order, merged ones left out, as changes come", () => {
    const mother = named('Hadiza', 'Issa', { householdGroupId: 'group-a', registeredOn: '2026-11-01' })
    const son = named('Moussa', 'Issa', { householdGroupId: 'group-a', registeredOn: '2026-11-03' })
    const other = named('Hawa', 'Keita', { householdGroupId: 'group-b' })
    const index = new CaseIndex([mother, son, other])
    expect(names(index.householdMembers('group-a'))).toEqual(['Moussa Issa', 'Hadiza Issa'])
    // a daughter comes later; the son is merged into another case; the other one joins
    const daughter = named('Zara', 'Issa', { householdGroupId: 'group-a', vulnerabilities: ['elderly'] })
    index.apply([
      [daughter.id, daughter],
      [son.id, { ...son, mergedInto: other.id }],
      [other.id, { ...other, householdGroupId: 'group-a' }],
    ])
    expect(names(index.householdMembers('group-a'))).toEqual(['Zara Issa', 'Hawa Keita', 'Hadiza Issa'])
    expect(index.householdMembers('group-b')).toEqual([])
  })

  it('builds its search a step at a time; a search or a change before the end finishes it first, as if built at once', () => {
    const given = ['Hawa', 'Mamadou', 'Aïssata', 'Ousmane', 'Fatouma', 'Ibrahim', 'Zalika']
    const family = ['Keita', 'Diallo', 'Bah', 'Magagi', 'Issoufou', 'Traoré', 'Sow', 'Camara']
    // more cases than a step holds (250), so that the build takes several
    const pool = Array.from({ length: 700 }, (_, i) =>
      named(given[i % given.length] as string, family[(i * 3) % family.length] as string, {
        registeredOn: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
        ...(i % 4 === 0 ? { documentNumber: `P-${100000 + i}` } : {}),
      }),
    )
    const rename = (c: CaseSummary): CaseSummary => ({ ...c, givenName: 'Aichatou', caseNumber: `${c.caseNumber}-B` })
    const queries = ['Hawa Keita', 'Aissata', 'Mohamed', 'Ousman Trao', 'AGZ-7K-01', 'P 100004', 'Aichatou']
    fc.assert(
      fc.property(
        fc.nat(6),
        fc.array(fc.tuple(fc.nat(pool.length - 1), fc.boolean()), { maxLength: 40 }),
        fc.boolean(),
        (steps, changes, changeFirst) => {
          const stepped = new CaseIndex(pool)
          const atOnce = new CaseIndex(pool)
          atOnce.prepareSearch()
          for (let s = 0; s < steps; s++) {
            // one step a call: not done before the fifth (two steps of cases, then names)
            expect(stepped.prepareSearch(() => false)).toBe(s >= 4)
          }
          const batch = changes.map(([i, keep]): [string, CaseSummary | undefined] => [
            (pool[i] as CaseSummary).id,
            keep ? rename(pool[i] as CaseSummary) : undefined,
          ])
          // a search first, or straight a change
          if (!changeFirst) expect(stepped.search('Hawa').length).toBeGreaterThan(0)
          stepped.apply(batch)
          atOnce.apply(batch)
          // a build begun was finished by the change or the search; none begun, none done
          expect(stepped.prepareSearch(() => false)).toBe(steps > 0 || !changeFirst)
          for (const query of queries) {
            expect(stepped.search(query).map((c) => c.id)).toEqual(atOnce.search(query).map((c) => c.id))
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})
