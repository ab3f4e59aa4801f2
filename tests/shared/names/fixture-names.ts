/**
 * West African and Arabic names written here for the generated population, besides the
 * spellings of tests/data/name-variants.csv. Each one is a different name from every
 * other one in these lists and from every group of the CSV, to the best of our
 * knowledge: no Mahamadou (a Mohamed), no Bakary (a Boubacar), no Fanta (a
 * Fatoumata), one spelling per name. Some look alike on purpose (Hassane / Houssein,
 * Kalilou / Khaled, Kane / Kanté, Sow / Sy, the distinct pairs of
 * distinct-names.csv): a matcher that proposes them counts a false candidate.
 */

/** Names separated by spaces, several lines of them. */
const words = (lines: string[]) => lines.join(' ').split(' ')

export const MALE_GIVEN_NAMES = words([
  'Abdelkader Abdourahamane Abdoulaziz Abdelkarim Abdou Alassane Alhousseini Ali Anas Bachir Bilal Boureima',
  'Chaibou Daouda Djibril Habib Hamidou Hamza Harouna Hassane Houssein Hicham Idrissa Illiassou Inoussa',
  'Ismaël Jamal Kalilou Karim Khaled Lamine Laouali Mahmoud Malick Mansour Modibo Mounkaila Moustapha Nabil',
  'Nassirou Nouhou Rabiou Rachid Salifou Salissou Samba Sani Sanoussi Serigne Sidiki Siaka Tahirou Tidiane',
  'Walid Yahaya Yassine Youssouf Zakaria Garba Gado Tanko Danjuma Gambo Lawan Shehu Chinedu Emeka Tunde',
  'Kwame Kofi Kwesi Sunday Demba Pathé Alpha Thierno Souaibou Sékou Moctar Abass Yaou Oussama Soumana',
  'Zoubeirou Hamani Mansa Tiémoko Lassina Madi Kassoum Fodé Lansana Sory Mory Kerfalla Famara Wali Chérif',
  'Kabiru Lukman Anwar Faisal Hakim Jalal Kamal Marwan Nizar Rami Tarek Yazid Ziad Tesfaye Berhane Dawit',
  'Yonas',
])

export const FEMALE_GIVEN_NAMES = words([
  'Balkissa Bintou Coumba Djénéba Habiba Hadiza Halima Houda Kaltoum Leila Maimouna Nafissa Oumou Rabi',
  'Rakia Safiatou Salamatou Sakina Saratou Zalika Hadjara Nana Kani Sira Ténin Nènè Indo Lami Ladi Larba',
  'Talatou Dado Mouna Salma Samira Yasmine Nour Djamila Latifa Rahila Hindatou Sokhna Ndeye Penda Hamsatou',
  'Amira Asma Souad Wafa Jummai Ladidi Asabe Kulu Tani Adjoa Akosua Abena Efua Chioma Ngozi Amaka Blessing',
  'Grace Esther Mercy Joy Gift Tata Korotoumou Sitan Nassira Fanny Massaran Dalla Bassira Sadio Djaka Yaye',
  'Tabara Selam Helen Saba Mebrat Zahra Hanane',
])

export const FAMILY_NAMES = words([
  'Sow Sy Diarra Konaté Sissoko Kanté Dioum Bamba Camara Kouyaté Dembélé Sidibé Sangaré Doumbia Fofana',
  'Sylla Soumaré Tounkara Dramé Diakité Bagayoko Guindo Dicko Maïga Haïdara Tandia Moumouni Saley Hama Gado',
  'Idi Seyni Kountché Alfari Faye Fall Gueye Mbaye Seck Sarr Thiam Diouf Dieng Ndour Ka Niang Lo Mbodj Wade',
  'Kane Tall Thiaw Okafor Adeyemi Okeke Mensah Owusu Boateng Asante Balogun Bako Illo Sanogo Ouattara Koita',
  'Kourouma Barry Baldé Sall Tamboura Yattara Niaré Kassambara Compaoré Sawadogo Zongo Kaboré Ilboudo',
  'Zoungrana Tapsoba Nikiéma Kinda Zerbo Tiendrébéogo Sankara Kafando Bationo Yaméogo Issaka Kimba Tankari',
  'Magagi Sabo Tanimoune Dodo Hassoumi Guéro Bouzou Djibo Alzouma Yansambou Bonkano Kailou Mayaki Goni',
  'Kachalla Kolo Zanna Mele Dadi Haddad Hamdan Nasr Khoury Mansouri Benali Ghebremedhin Haile Tekle Abebe',
  'Girma Okonkwo Eze Nwosu Oladipo Bankole Adjei Appiah Darko Fofie Bangura Mansaray Kargbo Sonko Badji',
  'Diatta Manga Coly Goudiaby Tine Senghor Diagne Samb Mboup Lam Kébé Daffé Soumah',
])

/** Family names carried with a "son of" or "daughter of" particle (Tuareg, Moorish, Hausa). */
export const PARTICLE_FAMILY_NAMES = [
  'Ag Alla',
  'Ag Ghaly',
  'Ag Intalla',
  'Ag Acharif',
  'Ag Assarid',
  'Ould Cheikh',
  'Ould Sidaty',
  'Ould Bouna',
  'Ould Lemrabott',
  'Ben Salah',
  'Ben Youcef',
  'Mint Lebatt',
  'Dan Baba',
  'Dan Kassoua',
]
