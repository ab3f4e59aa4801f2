/**
 * The names of the seed sites (server/seed/sites.csv, in English) in the other languages
 * the seed knows (../shared/data/sites.csv `name_fr`, and the Arabic of the locale files),
 * for what the server writes in a user's language: an export's site names. The app shows
 * the same names from its locale files (`siteNames.<code>`; a test keeps the two the same).
 * A name an admin typed is the admin's own word, the same in every language.
 */

/** The names server/seed/sites.csv gives (a test keeps the two the same). */
export const SEED_SITE_NAMES: Readonly<Record<string, string>> = {
  'AGZ-TC': 'Agadez transit centre',
  'ARL-TC': 'Arlit transit centre',
  'DRK-TC': 'Dirkou transit centre',
  'NIA-TC1': 'Niamey transit centre 1',
  'NIA-TC2': 'Niamey transit centre 2',
  'NIA-TC3': 'Niamey centre for unaccompanied minors and vulnerable women',
  'ARL-FMP': 'Arlit flow monitoring point',
  'SEG-FMP': 'Séguédine flow monitoring point',
  'MAD-FMP': 'Madama flow monitoring point',
  'DBT-FMP': 'Dan Barto flow monitoring point',
  'MAG-FMP': 'Magaria flow monitoring point',
  'TAH-FMP': 'Tahoua flow monitoring point',
  'DIS-FMP': 'Dan Issa flow monitoring point',
  'AGZ-IP': 'Agadez information point',
  'ASK-IP': 'Assamaka information point',
  'BIL-IP': 'Bilma information point',
}

/** The seed sites' names by language, English aside. */
export const TRANSLATED_SEED_SITE_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  fr: {
    'AGZ-TC': "Centre de transit d'Agadez",
    'ARL-TC': "Centre de transit d'Arlit",
    'DRK-TC': 'Centre de transit de Dirkou',
    'NIA-TC1': 'Centre de transit de Niamey 1',
    'NIA-TC2': 'Centre de transit de Niamey 2',
    'NIA-TC3': 'Centre de Niamey pour mineurs non accompagnés et femmes vulnérables',
    'ARL-FMP': "Point de suivi des flux d'Arlit",
    'SEG-FMP': 'Point de suivi des flux de Séguédine',
    'MAD-FMP': 'Point de suivi des flux de Madama',
    'DBT-FMP': 'Point de suivi des flux de Dan Barto',
    'MAG-FMP': 'Point de suivi des flux de Magaria',
    'TAH-FMP': 'Point de suivi des flux de Tahoua',
    'DIS-FMP': 'Point de suivi des flux de Dan Issa',
    'AGZ-IP': "Point d'information d'Agadez",
    'ASK-IP': "Point d'information d'Assamaka",
    'BIL-IP': "Point d'information de Bilma",
  },
  ar: {
    'AGZ-TC': 'مركز العبور في أغاديز',
    'ARL-TC': 'مركز العبور في أرليت',
    'DRK-TC': 'مركز العبور في ديركو',
    'NIA-TC1': 'مركز العبور 1 في نيامي',
    'NIA-TC2': 'مركز العبور 2 في نيامي',
    'NIA-TC3': 'مركز نيامي للقاصرين غير المصحوبين والنساء المستضعفات',
    'ARL-FMP': 'نقطة رصد التدفق في أرليت',
    'SEG-FMP': 'نقطة رصد التدفق في سيغيدين',
    'MAD-FMP': 'نقطة رصد التدفق في مداما',
    'DBT-FMP': 'نقطة رصد التدفق في دان بارتو',
    'MAG-FMP': 'نقطة رصد التدفق في ماغاريا',
    'TAH-FMP': 'نقطة رصد التدفق في تاهوا',
    'DIS-FMP': 'نقطة رصد التدفق في دان عيسى',
    'AGZ-IP': 'نقطة المعلومات في أغاديز',
    'ASK-IP': 'نقطة المعلومات في أساماكا',
    'BIL-IP': 'نقطة المعلومات في بيلما',
  },
}

/**
 * The name of `site` in `lang`: a seed site's translated name while its stored name is
 * still the seed's; otherwise (a name an admin typed, a language without one) the stored name.
 */
export function seedSiteName(site: { code: string; name: string }, lang: string | undefined): string {
  if (lang === undefined || !Object.hasOwn(SEED_SITE_NAMES, site.code) || SEED_SITE_NAMES[site.code] !== site.name)
    return site.name
  return TRANSLATED_SEED_SITE_NAMES[lang]?.[site.code] ?? site.name
}
