import { describe, expect, it } from 'vitest'
import en from '@/i18n/locales/en.json'
import fr from '@/i18n/locales/fr.json'
import { tallyProblems, type FlowCounts } from '@/shared/schemas/flow-count'
import { frequentChoices } from '@/features/flow-counts/frequent-choices'
import { buildTally, liveIssues, ruleKey } from '@/features/flow-counts/tally-checks'
import { newTallyValues, parseCount, type TallyValues } from '@/features/flow-counts/tally-values'
import { flowCount } from '../helpers/records'

const zero: FlowCounts = {
  men: 0,
  women: 0,
  boys: 0,
  girls: 0,
  unaccompaniedChildren: 0,
  childrenUnder5: 0,
  elderly: 0,
  pregnantWomen: 0,
  withDisability: 0,
}

const lookup = (messages: unknown, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)

function values(counts: Partial<Record<keyof FlowCounts, string>>, rest: Partial<TallyValues> = {}): TallyValues {
  const v = newTallyValues('ARL-FMP')
  return { ...v, counts: { ...v.counts, ...counts }, ...rest }
}

describe('tally checks', () => {
  it("reads a count as typed, in the phone's digits, refusing anything but a whole number from 0 to 100,000", () => {
    expect(parseCount('')).toEqual({ ok: true, value: 0 })
    expect(parseCount(' 12 ')).toEqual({ ok: true, value: 12 })
    expect(parseCount('\u0663')).toEqual({ ok: true, value: 3 })
    expect(parseCount('\u06f1\u06f2')).toEqual({ ok: true, value: 12 })
    for (const [text, problem] of [
      ['-1', 'negative'],
      ['2.5', 'notWhole'],
      ['1e3', 'notNumber'],
      ['deux', 'notNumber'],
      ['0x10', 'notNumber'],
      ['+3', 'notNumber'],
    ]) {
      expect(parseCount(text ?? '')).toEqual({ ok: false, problem })
    }
    expect(parseCount('1.000')).toEqual({ ok: false, problem: 'separators', digits: '1000' })
    expect(parseCount('100001')).toEqual({ ok: false, problem: 'tooBig', max: 100_000 })
  })

  it('translates every rule code of the shared sum rules, in both languages', () => {
    const broken = tallyProblems({
      ...zero,
      men: 1,
      unaccompaniedChildren: 1,
      childrenUnder5: 1,
      elderly: 2,
      pregnantWomen: 1,
      withDisability: 2,
      total: 2,
      nationalities: [
        { country: 'NGA', count: 3 },
        { country: 'NGA', count: 1 },
      ],
    })
    const empty = tallyProblems({ ...zero, total: 0, nationalities: [] })
    const codes = new Set([...broken, ...empty].map((p) => p.rule))
    expect(codes).toEqual(
      new Set([
        'count_at_least_one',
        'total_mismatch',
        'exceeds_children',
        'exceeds_adults',
        'exceeds_women_and_girls',
        'exceeds_total',
        'listed_twice',
        'nationalities_mismatch',
      ]),
    )
    for (const problem of [...broken, ...empty]) {
      const key = ruleKey(problem)
      expect(lookup(en, key), key).toEqual(expect.any(String))
      expect(lookup(fr, key), key).toEqual(expect.any(String))
    }
  })

  it('places each problem at its field, and waits for numbers before the sums', () => {
    expect(liveIssues(values({ men: '1', elderly: '2' }), false)).toEqual({ 'counts.elderly': 'tally.rules.elderly' })
    expect(liveIssues(values({ men: '-1', elderly: '2' }), false)).toEqual({ 'counts.men': 'tally.countNotWhole' })
    expect(liveIssues(values({}), false)).toEqual({})
    expect(liveIssues(values({}), true)).toEqual({ 'root.people': 'tally.rules.atLeastOne' })
    const rows = [
      { country: 'MLI', count: '1' },
      { country: '', count: '1' },
      { country: 'MLI', count: '1' },
    ]
    expect(liveIssues(values({ men: '3' }, { nationalities: rows }), true)).toEqual({
      'nationalities.1.country': 'form.required',
      'nationalities.2.country': 'tally.rules.nationalityTwice',
    })
  })

  it("says each sum rule whose counts are numbers beside the other counts' problems, and no rule that needs one", () => {
    // Men is being fixed: the rule of the children is said now; the one of the adults waits
    expect(liveIssues(values({ men: '2.5', boys: '1', unaccompaniedChildren: '2', elderly: '9' }), false)).toEqual({
      'counts.men': 'tally.countNotWhole',
      'counts.unaccompaniedChildren': 'tally.rules.unaccompaniedChildren',
    })
    // a nationality's count being fixed: the people's rules are said, the nationalities' sum waits
    const rows = [{ country: 'MLI', count: 'x' }]
    expect(liveIssues(values({ women: '1', elderly: '2' }, { nationalities: rows }), false)).toEqual({
      'nationalities.0.count': 'tally.countNotWhole',
      'counts.elderly': 'tally.rules.elderly',
    })
  })

  it('builds the tally the schema accepts, the remainder stored as unknown', () => {
    const typed = values(
      { men: '3', boys: '1' },
      {
        direction: 'incoming',
        transport: 'bus',
        departureCountry: 'LBY',
        departureTown: ' Sebha ',
        destinationCountry: 'NER',
        flowType: 'seasonal',
        nationalities: [{ country: 'TCD', count: '2' }],
      },
    )
    const built = buildTally(typed, { id: '01890000-0000-7000-8000-0000000000aa', now: new Date() })
    expect(built.ok && built.data).toMatchObject({
      departureTown: 'Sebha',
      total: 4,
      nationalities: [
        { country: 'TCD', count: 2 },
        { country: 'OOO', count: 2 },
      ],
    })
    const missing = buildTally(values({ men: '1' }), { id: '01890000-0000-7000-8000-0000000000aa', now: new Date() })
    expect(missing.ok ? {} : missing.issues).toMatchObject({
      direction: 'form.required',
      transport: 'form.required',
      departureCountry: 'form.required',
      flowType: 'form.required',
    })
  })

  it('says the route’s missing answers on save beside a count that is not a whole number, all in one summary', () => {
    const base = { id: '01890000-0000-7000-8000-0000000000aa', now: new Date() }
    const built = buildTally(
      values({ men: '2.5', women: '1' }, { nationalities: [{ country: 'MLI', count: 'x' }] }),
      base,
    )
    expect(built.ok).toBe(false)
    expect(built.ok ? {} : built.issues).toEqual({
      'counts.men': 'tally.countNotWhole',
      'nationalities.0.count': 'tally.countNotWhole',
      direction: 'form.required',
      transport: 'form.required',
      departureCountry: 'form.required',
      destinationCountry: 'form.required',
      flowType: 'form.required',
    })
  })

  it("ranks a point's usual answers by how often they come, ignoring other points", () => {
    const at = (destinationCountry: string, destinationTown?: string) =>
      flowCount({ siteCode: 'ARL-FMP', destinationCountry, destinationTown })
    const choices = frequentChoices(
      [at('LBY', 'Sebha'), at('DZA', 'Tamanrasset'), at('DZA', 'Tamanrasset'), at('DZA', 'Djanet'), flowCount()],
      'ARL-FMP',
    )
    expect(choices.destinationCountries).toEqual(['DZA', 'LBY'])
    expect(choices.towns.DZA).toEqual(['Tamanrasset', 'Djanet'])
    expect(choices.nationalities).toEqual(['NGA', 'MLI'])
  })
})
