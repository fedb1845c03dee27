"""Word lists for finding place names in English news text: what is, and is not, a place.

A gazetteer-driven recogniser looks every run of capitalised words up in a gazetteer of
about 270,000 places, and that gazetteer holds towns called Of (Turkey), Police (Poland),
Nice, Reading, Mobile, Victoria and Hit (Iraq). These lists tell it which matches to keep.

All entries are *folded* with :func:`gazetteer.names.fold` (lower case, no accents, no
apostrophes, punctuation turned into spaces), so "Al-Qaeda" is listed as ``'al qaeda'``.

=================== =====================================================================
list                what it is for
=================== =====================================================================
``load_demonyms``   country adjectives and demonyms ("Libyan", "Nigeriens", "Briton") from
                    ``data/gazetteer/demonyms.tsv``: a country-level reference
``STOP_WORDS``      never a place *on their own* in news text: function words, months,
                    weekdays, titles, news and institution words, generic place words
``AMBIGUOUS_WORDS`` real places that are also first names, surnames or common words
                    ("Jordan", "Nice", "Hit"): keep them only with supporting context
``PERSON_TITLES``   a capitalised name right after one of these is a person ("Gen. Haftar")
``ORGANISATIONS``   organisation names whose words look like places ("Islamic State",
                    "Libyan National Army", "New York Times"): no place inside them
``LOCATION_CUES``   words just before a name that make a place reading likely ("in",
                    "near", "south of", "the town of", "captured")
=================== =====================================================================

Decisions a recogniser must know
--------------------------------
* **Whole spans only.** :func:`is_blocked` blocks a candidate only when the *whole* folded
  span is a stop word, never a word inside a longer name: "Republic" alone is blocked,
  "Republic of Niger" and "Central African Republic" are not.
* **A leading "the" is ignored by** :func:`is_blocked`: "the Republic", "The Police" and
  "The West" are blocked like "Republic", "Police" and "West"; "The Hague" and "The Gambia"
  are not blocked, because "hague" and "gambia" are not stop words. A recogniser should
  look a span up both with and without its leading "the" and keep whichever the gazetteer
  knows.
* **Stop and ambiguous are disjoint.** A word is either never a place alone (stop) or a
  place that needs context (ambiguous), not both.
* **Months and weekdays are stop words**, including "March" and "May": "in March" is a date
  in news text, so the prepositional cue that rescues ambiguous words must not rescue these;
  the town of March (Cambridgeshire) is sacrificed.
* **Countries and capitals are not ambiguous** when their place sense dominates conflict
  news: Chad, Mali, Niger, China, Guinea, Israel, India and Paris are left out. Jordan,
  Georgia and Turkey are in (Michael Jordan, the US state, the bird); a recogniser may count
  a demonym of the same country in the document ("Jordanian", "Turkish") as context.
* **Language names are not filtered**: "English", "French" and "Russian" are demonyms (GB,
  FR, RU), so "spoke in English" is a country reference unless the recogniser checks for
  language contexts itself. "Arabic" and "Persian" are not demonyms; they are stop words.
* **Multi-word demonyms** ("South Sudanese", "North Korean", "Sri Lankan", "Saudi Arabian",
  "New Zealander", "Equatorial Guinean") are listed whole; a recogniser must try the longest
  span first, or "South Sudanese" is read as Sudan and "Equatorial Guinean" as Guinea.
  "Korean" alone is not a demonym. "Latin American", "Native American" and the like are
  stop words, so that a two-word lookup does not read them as the United States.
* :data:`PERSON_TITLES` holds some two-word titles ("prime minister", "lt col"); a
  recogniser that only checks the word just before a name still catches those through their
  last word ("minister", "col").
"""

from __future__ import annotations

import re
from functools import lru_cache
from os import PathLike
from pathlib import Path

from gazetteer.errors import DataError
from gazetteer.names import fold
from gazetteer.resources import data_path

__all__ = [
    "AMBIGUOUS_WORDS",
    "DEMONYM_KINDS",
    "LOCATION_CUES",
    "MONTHS",
    "ORGANISATIONS",
    "PERSON_TITLES",
    "STOP_WORDS",
    "WEEKDAYS",
    "default_demonyms_path",
    "demonym_country",
    "is_ambiguous",
    "is_blocked",
    "load_demonyms",
]


def _entries(text: str) -> frozenset[str]:
    """Fold a block of comma- or newline-separated entries; ``#`` starts a comment."""
    out: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for item in line.split(","):
            key = fold(item)
            if key:
                out.add(key)
    return frozenset(out)


# --------------------------------------------------------------------------------------
# Calendar words
# --------------------------------------------------------------------------------------

#: Months and their abbreviations, folded. All are stop words (see the module notes).
MONTHS: frozenset[str] = _entries(
    """
    january, february, march, april, may, june, july, august, september, october,
    november, december,
    jan, feb, mar, apr, jun, jul, aug, sep, sept, oct, nov, dec
    """
)

#: Weekdays and their abbreviations, folded. "mon" is also Myanmar's Mon State; alone, it
#: is blocked like the other abbreviations ("Mon State" is a longer span and unaffected).
WEEKDAYS: frozenset[str] = _entries(
    """
    monday, tuesday, wednesday, thursday, friday, saturday, sunday,
    mon, tue, tues, wed, weds, thu, thur, thurs, fri, sat, sun
    """
)

# --------------------------------------------------------------------------------------
# Person titles
# --------------------------------------------------------------------------------------

#: Words that, right before a capitalised name, mark a person ("President Bazoum",
#: "Gen. Haftar", "Sheikh Tamim"). "Saint"/"St" are not titles here: before a name they
#: usually start a place ("St Louis"). Arabic "Abu" is a kunya *and* starts place names
#: (Abu Dhabi, Abu Kamal), so it is not a title either.
PERSON_TITLES: frozenset[str] = _entries(
    """
    # forms of address
    mr, mrs, ms, miss, mister, madam, madame, mme, mlle, monsieur, sir, dame, lord, lady,
    dr, doctor, prof, professor, messrs,
    # heads of state and government, ministers, diplomats
    president, president elect, vice president, vp, prime minister, pm, premier,
    chancellor, minister, deputy minister, foreign minister, defence minister,
    defense minister, interior minister, secretary, secretary general, undersecretary,
    deputy, ambassador, envoy, special envoy, emissary, consul, attache,
    spokesman, spokeswoman, spokesperson, speaker, chairman, chairwoman, chairperson, chair,
    # legislators, governors, officials
    sen, senator, rep, representative, congressman, congresswoman, mp, assemblyman,
    gov, governor, lieutenant governor, mayor, councillor, councilor, alderman, commissioner,
    chief, director, leader, head, official,
    # judiciary and police
    judge, justice, magistrate, prosecutor, attorney, attorney general, sheriff, inspector,
    superintendent, supt, constable, det, detective, agent, officer,
    # military ranks
    gen, general, lt gen, lieutenant general, maj gen, major general, brig, brig gen,
    brigadier, brigadier general, field marshal, marshal, maj, major, col, colonel, lt col,
    lieutenant colonel, lt, lieutenant, capt, captain, cmdr, cdr, commander, adm, admiral,
    vice admiral, rear admiral, commodore, sgt, sergeant, staff sergeant, cpl, corporal,
    pte, pvt, private, spc, specialist, airman, seaman, cadet, commandant, warlord,
    # royalty and nobility
    king, queen, prince, princess, crown prince, emir, amir, sheikh, sheik, shaikh, sultan,
    emperor, empress, duke, duchess, count, countess, baron, baroness, tsar, czar, shah,
    # religious titles
    ayatollah, grand ayatollah, imam, mullah, mufti, grand mufti, cleric, pope, cardinal,
    archbishop, bishop, rev, reverend, father, fr, pastor, rabbi, patriarch, sister, brother,
    sayyed, sayyid, sheikha, hajji, haji, maulana, mawlana
    """
)

# --------------------------------------------------------------------------------------
# Stop words
# --------------------------------------------------------------------------------------

# Function words. "us" is left out on purpose: "US" folds to "us" and is the United States.
# "it", "in", "no" and other two-letter words that are also ISO codes are blocked: the
# gazetteer does not list ISO codes as names (only "US", "UK", "UAE", "DRC", "CAR").
_FUNCTION_WORDS = _entries(
    """
    a, an, the, and, or, but, nor, yet, so, for, of, in, on, at, to, by, from, with,
    without, within, into, over, under, above, below, after, before, since, until, till,
    during, through, throughout, across, along, among, amongst, around, about, against,
    between, beyond, behind, near, off, out, up, down, via, per, than, as, like, despite,
    toward, towards, amid, inside, outside, whether, while, though, although, because, if,
    unless, then, i, me, my, mine, you, your, he, him, his, she, her, it, its, we, our,
    they, them, their, one, someone, anyone, everyone, none, nothing, something, anything,
    everything, who, which, what, whatever, where, when, why, how, this, that, these, those,
    each, every, some, any, many, much, more, most, few, less, several, all, both, other,
    others, another, such, same, only, even, also, just, still, already, again, ever, never,
    always, however, meanwhile, now, here, there, today, yesterday, tomorrow, later,
    earlier, soon, first, second, third, last, next, final, yes, no, not, well, oh, ok,
    okay, very, too, about, around, according, is, are, was, were, be, been, being, do,
    does, did, done, have, has, had, having, will, would, shall, should, can, could, might,
    must,
    # Spanish, French, Arabic and Portuguese articles that start place names: blocked ALONE
    # only ("El Paso", "La Paz", "Al Kufra", "Le Mans" are longer spans and unaffected).
    de, del, della, di, da, do, dos, das, du, des, la, las, le, les, lo, los, el, al, il,
    un, une, y, e, o, ad, an, ar, as, ash, at, az, ez, es, en, et, er, ed, ul, bin, ibn,
    bint, abu, umm, wal, von, der, den, ter, ten
    """
)

# Numbers and quantities: "Two were killed", "Hundreds fled" start sentences; Roman
# numerals follow names ("Elizabeth II").
_NUMBER_WORDS = _entries(
    """
    zero, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, fifteen,
    sixteen, twenty, thirty, forty, fifty, hundred, hundreds, thousand, thousands, million,
    millions, billion, dozen, dozens, scores, fourth, fifth, sixth, seventh, single, dual,
    ii, iii, iv, vi, vii, viii, ix, xi, xii
    """
)

# Single letters: initials ("George W. Bush"), list markers ("A." "B."). Towns called Y
# (France) or A (Norway) are never meant by a lone capital in English text.
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")

# Abbreviations capitalised in news copy; several are towns or alternate names in GeoNames.
_ABBREVIATIONS = _entries(
    """
    am, pm, gmt, utc, bst, cet, edt, pdt, pst, est, ad, bc, bce, tv, mps, ceo, cfo, coo,
    ngo, ngos, inc, ltd, plc, llc, corp, co, jr, sr, snr, etc, ie, eg, vs, nb, re, faq,
    pdf, gps, gdp, hq, hiv, aids, covid, ied, vbied, rpg, uav, km, kms, mph, kph
    """
)

# Holidays, seasons and times of day ("Christmas Island" and "Easter Island" are longer).
_TIME_WORDS = _entries(
    """
    christmas, easter, ramadan, eid, eid al fitr, eid al adha, ashura, hajj, lent,
    passover, hanukkah, diwali, nowruz, thanksgiving, new year, spring, summer, autumn,
    fall, winter, morning, afternoon, evening, night, midnight, noon, dawn, dusk, week,
    weekend, month, year, decade, century, era, day, date, time, hour
    """
)

# Institutions, officials, people and events in news copy, including headlines set in
# title case ("Army Shells Sirte"). "Police" is a town in Poland, "Council" and "Union"
# are towns somewhere: alone, they are never meant as places.
_NEWS_WORDS = _entries(
    """
    police, army, navy, air force, marines, marine, military, defence, defense, security,
    intelligence, force, forces, troops, soldiers, militants, militant, fighters, rebels,
    rebel, insurgents, jihadists, terrorists, militia, militias, guard, brigade, brigades,
    division, corps, unit, command, operation, mission, alliance, opposition, regime,
    government, administration, authority, authorities, state, states, nation, ministry,
    department, agency, office, service, council, committee, commission, court, parliament,
    congress, senate, assembly, cabinet, embassy, officials, sources, residents, witnesses,
    activists, civilians, people, men, union, party, movement, front, group, organisation,
    organization, federation, centre, center, bank, news, reuters, press, media, report, reports,
    war, wars, conflict, crisis, attack, attacks, strike, strikes, airstrike, raid, bombing,
    explosion, blast, ambush, assault, offensive, fighting, massacre, killing, drone,
    missile, rocket, bomb, ceasefire, peace, talks, election, elections, vote, coup,
    revolution, protest, protests, agreement, sanctions, flood, floods, aid, chamber,
    farmers, fleet, headquarters, hurricane, kings, summit, wing
    """
)

# Generic place words: "City", "Province", "Republic", "Island" alone are never a place,
# though inside a name they are fine ("Republic of Niger", "Air Base 201"). Direction
# words alone are blocked; "North West" (South Africa) and "Northern State" (Sudan) are
# longer spans and stay places.
_PLACE_WORDS = _entries(
    """
    city, cities, town, towns, village, villages, county, province, provinces, region,
    regions, district, districts, governorate, municipality, prefecture, commune,
    department, oblast, emirate, kingdom, empire, republic, federation, country, countries,
    capital, homeland, territory, territories, island, islands, isle, isles, peninsula,
    continent, river, lake, sea, seas, ocean, gulf, canal, coast, beach, port,
    harbour, harbor, valley, mountain, mountains, mount, mt, hill, hills, plain, plains,
    desert, oasis, forest, border, borders, area, areas, zone, checkpoint, compound, camp,
    camps, base, air base, airbase, airport, airfield, station, street, road, square,
    bridge, highway, route, market, mosque, church, cathedral, temple, school, university,
    college, hospital, prison, palace, house, home, park, mine, well, outskirts, fort, cape,
    point, world, earth, north, south, east, west, northeast, northwest, southeast,
    southwest, northern, southern, eastern, western, central, northeastern, northwestern,
    southeastern, southwestern, middle, upper, lower, far, greater, new, old, great, grand,
    little, big, high, saint, st, santa, santo, sao, sainte, ste,
    confederation, colony, downtown, globe, hamlet, junction, lane, old city, old town,
    outer, ridge, roundabout, sector, shore, swamp, terminal, tower, dam, academy, hall,
    raion, farm
    """
)

# Adjectives that head organisation and event names ("National", "Islamic", "Federal").
_ADJECTIVES = _entries(
    """
    national, international, federal, regional, local, global, united, royal, islamic,
    democratic, popular, peoples, revolutionary, republican, socialist, liberal,
    liberation, independent, free, holy, supreme, special, public, civil, foreign,
    interior, political, presidential, transitional, interim, joint, armed, naval, air,
    nuclear, tribal, human, human rights, humanitarian, emergency
    """
)

# Religious, ethnic and regional words that are not countries (countries' demonyms are in
# demonyms.tsv and are NOT stop words). "Latin American" and the like are blocked as
# whole spans so that a recogniser trying two-word spans does not read them as the US.
_GROUP_WORDS = _entries(
    """
    muslim, christian, jew, jewish, islam, islamist, arab, arabic, kurd, kurdish,
    tuareg, fulani, sunni, shia, shiite, alawite, druze, yazidi, salafist, jihad, sharia,
    pashtun, baloch, uyghur, rohingya, hindu, sikh, buddhist, catholic, protestant,
    orthodox, african, asian, european, western, persian, latin, arabian, sub saharan,
    middle eastern, latin american, south american, north american, central american,
    native american, african american, west african, east african, north african, balkan
    """
)

# Religion, the internet, money and commodities: capitalised common nouns, several of
# them towns in GeoNames ("God", "Dollar", "Gas", "Pound").
_COMMON_NOUNS = _entries(
    """
    god, allah, prophet, quran, koran, bible, internet, twitter, facebook, telegram,
    whatsapp, youtube, tiktok, google, covid, coronavirus, ebola, cholera, brexit,
    dollar, dollars, euro, euros, pound, pounds, dinar, dinars, franc, rial, riyal,
    rouble, ruble, naira, cfa, oil, gas, gold
    """
)

#: Folded words and short phrases that are never a place on their own in English news,
#: though gazetteers hold towns with these names. They block a candidate only when the
#: whole span equals one of them (or "the" + one of them); see :func:`is_blocked`.
#: Includes :data:`MONTHS`, :data:`WEEKDAYS` and the one-word :data:`PERSON_TITLES`.
STOP_WORDS: frozenset[str] = frozenset(
    w
    for w in (
        _FUNCTION_WORDS
        | _NUMBER_WORDS
        | _LETTERS
        | _ABBREVIATIONS
        | _TIME_WORDS
        | _NEWS_WORDS
        | _PLACE_WORDS
        | _ADJECTIVES
        | _GROUP_WORDS
        | _COMMON_NOUNS
        | MONTHS
        | WEEKDAYS
        | PERSON_TITLES
    )
    # a two-word title is never a gazetteer key; PERSON_TITLES still has it
    if " " not in w or w not in PERSON_TITLES
)

# --------------------------------------------------------------------------------------
# Ambiguous words
# --------------------------------------------------------------------------------------

#: Folded single words that are real places *and* common first names, surnames or
#: ordinary words. A recogniser keeps them only with supporting context: a location cue
#: just before ("in Nice", "near Hit"), a following ", Country" or "(Country)", or the same
#: place already named unambiguously in the document. Every entry is the name of a real
#: place in the shipped gazetteer or in GeoNames (checked by the tests).
AMBIGUOUS_WORDS: frozenset[str] = _entries(
    """
    # Women's first names that are towns, states or countries
    victoria, florence, elizabeth, chelsea, georgia, virginia, carolina, charlotte,
    adelaide, alexandria, augusta, beatrice, marion, olivia, madison, savannah, sydney,
    regina, lorraine, eva, maria, diana, grace, hope, faith, marietta, henrietta, helena,
    cecilia, rosa, rose, violet, amelia, sofia, kimberley, shannon, kelly, leigh,
    beverly, shirley, fatima, amina, dolores, guadalupe, rosario, soledad, esperanza,
    lourdes, mercedes, concepcion, trinidad, karen, dana, mora, raya, kaya, farah, brooklyn,
    # Men's first names and surnames that are towns or states
    jordan, washington, austin, lincoln, eugene, orlando, troy, denver, dallas, houston,
    tyler, jackson,
    chester, clinton, lawrence, warren, vernon, milton, stanley, winston, sherman, marshall,
    nelson, norman, douglas, wayne, dayton, raleigh, quincy, preston, carson, reno,
    salvador, santiago, sebastian, leon, pierre, jerome, irving, tracy, clifton, camden,
    harrison, franklin, hudson, spencer, morgan, murray, russell, scott, taylor, walker,
    wilson, lee, mitchell, jefferson, monroe, kennedy, obama, bush, johnson, kent, cameron,
    darwin, hamilton, ali, hassan, omar, juarez, guerrero, morelos, hidalgo, medina,
    columbus, lyman
    # Ordinary English words that are towns (England, the US, elsewhere)
    nice, reading, mobile, split, bath, hull, sale, battle, bury, deal, wells, independence,
    liberty, paradise, eden, harmony, unity, concord, commerce, enterprise, progress,
    providence, orange, cork, derby, rugby, worms, eye, rye, ware, wick, gap, normal,
    marathon, wool, hay, par, diss, pool, queens, buffalo, eagle, bear, beaver, elk, crane,
    turkey, jersey, guernsey, java, mars, venus, phoenix, aurora, atlas, olympia, sparta,
    memphis, laurel, sterling, columbia, hollywood, salt, karma, mecca, chihuahua, tabasco,
    cognac, champagne, toyota, nokia, hershey, dodge, ford, puma,
    canon, zara, shell
    # Universities, parliaments and other institutions named after their town
    harvard, princeton, stanford, yale, oxford, cambridge, eton, sandhurst, westminster
    # Places in conflict zones whose names are also English words or names
    hit, man, bar, bo, ho, hun, wa, say, san, tank, sake, mocha, berber, bay, lakes, rivers,
    plateau, delta, maritime, hub, uri, chin, latina
    """
)

# --------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------

#: Folded organisation names common in conflict reporting whose words could be read as
#: places ("Islamic State", "Syrian Democratic Forces", "Gulf News"). No place is reported
#: inside one of these spans. Names are listed as the press writes them, without "in
#: <country>": "Islamic State in Libya" keeps Libya, because only "islamic state" matches.
#: Branch names that *are* the organisation ("Islamic State West Africa Province", "Al
#: Qaeda in the Islamic Maghreb") are listed whole, and so is "islamic maghreb", the
#: capitalised run a recogniser sees in "Al Qaeda in the Islamic Maghreb".
ORGANISATIONS: frozenset[str] = _entries(
    """
    # The Islamic State and its branches
    islamic state, is, isis, isil, daesh, da esh, islamic state of iraq and syria,
    islamic state of iraq and the levant, islamic state in iraq and the levant,
    islamic state west africa province, islamic state west africa, iswap,
    islamic state sahel province, islamic state sahel, is sahel,
    islamic state in the greater sahara, isgs, islamic state khorasan province,
    islamic state khorasan, iskp, isis k, is k, islamic state central africa province,
    iscap, islamic state mozambique, amaq, amaq news agency
    # Al Qaeda and its branches and allies
    al qaeda, al qaida, al qa ida, alqaeda, qaeda, al qaeda in the islamic maghreb,
    islamic maghreb, aqim, al qaeda in the arabian peninsula, aqap, al shabaab, al shabab,
    shabaab, shabab, jnim, jama at nusrat al islam wal muslimin, jamaat nusrat al islam,
    gsim, ansar dine, ansar eddine, ansarul islam, ansaroul islam, katiba macina,
    macina liberation front, al mourabitoun, mujao, ansar al sharia, ansar al islam,
    hayat tahrir al sham, tahrir al sham, hts, jabhat al nusra, nusra front,
    jabhat fateh al sham, hurras al din, haqqani network
    # Lake Chad basin
    boko haram, jamaatu ahlis sunna liddaawati wal jihad, ansaru
    # Libya
    libyan national army, lna, libyan arab armed forces, laaf, haftars lna,
    government of national accord, gna, government of national unity, gnu,
    presidential council, house of representatives, high council of state,
    national oil corporation, noc, rada special deterrence force,
    tripoli revolutionaries brigade, misrata brigades, zintan brigades,
    libya observer, the libya observer, libya herald, libya review, al wasat
    # The Sahel and West Africa
    wagner, wagner group, pmc wagner, africa corps, operation barkhane, barkhane,
    operation serval, serval, task force takuba, takuba, g5 sahel, g5 sahel joint force,
    minusma, ecowas, mnla, national movement for the liberation of azawad,
    coordination of azawad movements, cma, csp, gatia, vdp,
    volunteers for the defence of the homeland, koglweogo, dozo, dan na ambassagou
    # East and Central Africa
    african union, au, amisom, atmis, unsom, igad, monusco, m23, march 23 movement,
    allied democratic forces, adf, codeco, fdlr, mai mai, wazalendo, rapid support forces,
    rsf, sudanese armed forces, saf, janjaweed, sudan liberation army, sla,
    sudan peoples liberation movement, splm, splm n, sudan peoples liberation army, spla,
    unmiss, unamid, unisfa, tigray peoples liberation front, tplf, tigray defense forces,
    tigray defence forces, tdf, oromo liberation army, ola, ethiopian national defense force,
    endf, fano, eritrean defence forces, samim, sadc
    # Middle East
    hamas, izz ad din al qassam brigades, al qassam brigades, qassam brigades,
    islamic jihad, palestinian islamic jihad, al quds brigades, quds brigades, fatah,
    palestinian authority, plo, palestine liberation organization,
    israel defense forces, israel defence forces, idf, shin bet, mossad, hezbollah,
    hizbollah, hizballah, amal movement, unifil, houthis, houthi, ansar allah, ansarullah,
    southern transitional council, stc, giants brigades, islamic revolutionary guard corps,
    revolutionary guards, revolutionary guard, irgc, quds force, basij, kataib hezbollah,
    kata ib hezbollah, asaib ahl al haq, popular mobilization forces,
    popular mobilisation forces, pmf, pmu, hashd al shaabi, hashd, peshmerga,
    syrian democratic forces, sdf, ypg, ypj, pkk, kurdistan workers party,
    free syrian army, fsa, syrian national army, sna, syrian arab army,
    syrian observatory for human rights, sohr, white helmets, syria civil defence,
    arab league, league of arab states, gulf cooperation council, gcc, opec
    # South and Central Asia
    taliban, tehrik i taliban pakistan, tehreek e taliban pakistan, ttp,
    lashkar e taiba, lashkar e tayyiba, let, jaish e mohammed, jaish e muhammad, jem,
    baloch liberation army, bla, tehrik e labbaik pakistan, tlp, isi,
    inter services intelligence, northern alliance, national resistance front, nrf
    # International bodies and NGOs
    united nations, un, u n, unsc, un security council, security council,
    general assembly, un general assembly, unhcr, unicef, ocha, wfp, world food programme,
    world food program, world health organization, world health organisation, unesco,
    undp, iom, international organization for migration, european union, eu, nato,
    north atlantic treaty organization, g7, g20, brics, osce, imf,
    international monetary fund, world bank, icc, international criminal court, icj,
    international court of justice, icrc, international committee of the red cross,
    red cross, red crescent, ifrc, msf, doctors without borders, medecins sans frontieres,
    amnesty international, amnesty, human rights watch, hrw, save the children, oxfam,
    norwegian refugee council, nrc, international rescue committee, irc,
    international crisis group, crisis group, acled, ucdp, airwars, bellingcat,
    bureau of investigative journalism, long war journal, critical threats,
    institute for the study of war, isw, site intelligence group
    # US, European and Russian state bodies
    africom, us africa command, u s africa command, united states africa command,
    africa command, centcom, us central command, u s central command, central command,
    eucom, us european command, u s european command, socom, jsoc, pentagon,
    department of defense, defense department, department of state, state department,
    white house, cia, fbi, nsa, us air force, u s air force, usaf,
    us air forces in europe, us army, u s army, us navy, u s navy, us marines,
    marine corps, us marine corps, navy seals, seal team six, green berets, delta force,
    royal air force, raf, royal navy, british army, ministry of defence, mod,
    foreign office, foreign commonwealth and development office, fcdo, downing street,
    whitehall, elysee, elysee palace, quai d orsay, kremlin, fsb, gru, bundeswehr,
    french army, armee de l air
    # News organisations
    reuters, thomson reuters, associated press, ap, afp, agence france presse, al jazeera,
    aljazeera, al arabiya, bbc, bbc news, cnn, nbc, nbc news, cbs, cbs news, abc news, fox,
    fox news, npr, pbs, voice of america, voa, rfi, radio france internationale, france 24,
    france24, deutsche welle, dw, sky news, euronews, new york times, the new york times,
    nyt, washington post, the washington post, wall street journal,
    the wall street journal, wsj, los angeles times, financial times, ft, the guardian,
    guardian, the times, the independent, the telegraph, daily telegraph, the economist,
    daily mail, bloomberg, politico, axios, the new yorker, gulf news, arab news,
    the national, khaleej times, al monitor, middle east eye, jerusalem post,
    the jerusalem post, times of israel, the times of israel, haaretz, tass, ria novosti,
    sputnik, rt, russia today, xinhua, global times, anadolu, anadolu agency, irna, isna,
    tasnim, fars news, press tv, al mayadeen, al manar, sahara reporters,
    premium times, daily trust, the punch, vanguard, kyiv independent, kyiv post,
    ukrainska pravda, ukrinform, meduza, the kyiv independent
    """
)

# --------------------------------------------------------------------------------------
# Location cues
# --------------------------------------------------------------------------------------

#: Folded words and two-word phrases that, just before a capitalised name, make a place
#: reading likely: prepositions ("in", "near"), relative positions ("south of"), place
#: nouns ("the town of", matched as "town of"), direction adjectives written in lower case
#: ("southern Libya") and verbs whose object is nearly always a place ("captured",
#: "shelled"). "On" is left out ("relied on Victoria"), so is a bare "of". Longer cues are
#: caught by their last two words: "north-west of" by "west of", "the port city of" by
#: "city of", "en route to" by "to".
LOCATION_CUES: frozenset[str] = _entries(
    """
    # prepositions
    in, near, from, to, into, at, outside, inside, across, around, towards, toward, via,
    through, throughout, within, beyond, along, off, past, nearby, outside of, near to,
    close to, next to, bound for, headed for, heading for, back to,
    # relative positions
    north of, south of, east of, west of, northeast of, northwest of, southeast of,
    southwest of,
    north east of, north west of, south east of, south west of,
    northeastern, northwestern, southeastern, southwestern, northern, southern, eastern,
    western, central, north, south, east, west, northeast, northwest, southeast, southwest,
    outskirts of, suburbs of, suburb of, centre of, center of, heart of, edge of,
    gates of, streets of, parts of, part of, areas of, area of, residents of,
    people of, inhabitants of, mayor of, governor of, road to, road from, way to,
    # place nouns
    city of, cities of, town of, towns of, village of, villages of, province of,
    provinces of, region of, regions of, district of, districts of, governorate of,
    state of, county of, municipality of, commune of, department of, prefecture of,
    capital, capital of, port of, coast of, oasis of, island of, islands of,
    desert of, valley of, border with, border of, borders of, borders with, frontier with,
    # verbs whose object is nearly always a place
    captured, recaptured, seized, retook, retaken, overran, stormed, besieged, shelled,
    bombed, bombarded, liberated, evacuated, entered, reached
    """
)

# --------------------------------------------------------------------------------------
# Demonyms
# --------------------------------------------------------------------------------------

#: The kinds a row of ``demonyms.tsv`` may have.
DEMONYM_KINDS: frozenset[str] = frozenset({"adjective", "singular", "plural"})

_HEADER = ["demonym", "country_code", "kind"]
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


_DEFAULT_DEMONYMS = data_path("gazetteer", "demonyms.tsv")


def default_demonyms_path() -> Path:
    """Path of the demonym table shipped with strikemap.

    Returns
    -------
    pathlib.Path
        ``gazetteer/demonyms.tsv`` in strikemap's shipped data (:func:`data_path`).

    Examples
    --------
    >>> default_demonyms_path().parts[-2:]
    ('gazetteer', 'demonyms.tsv')
    """
    return _DEFAULT_DEMONYMS


@lru_cache(maxsize=8)
def _read_demonyms(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        lines = enumerate(handle.read().splitlines(), start=1)
        header: list[str] | None = None
        for number, line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                if header != _HEADER:
                    raise DataError(
                        f"{path}: line {number}: header must be {_tab(_HEADER)!r}, "
                        f"got {line!r}; fix the first row of the file"
                    )
                continue
            if len(fields) != 3:
                raise DataError(
                    f"{path}: line {number}: expected 3 tab-separated fields, got "
                    f"{len(fields)} in {line!r}; separate demonym, country_code and kind "
                    "with tabs"
                )
            word, code, kind = fields
            key = fold(word)
            if not key:
                raise DataError(
                    f"{path}: line {number}: demonym {word!r} holds no letter; "
                    "remove the row or fill in the word"
                )
            if not _COUNTRY_CODE.fullmatch(code):
                raise DataError(
                    f"{path}: line {number}: country_code {code!r} of {word!r} is not "
                    "two capital letters; use the ISO 3166-1 alpha-2 code"
                )
            if kind not in DEMONYM_KINDS:
                raise DataError(
                    f"{path}: line {number}: kind {kind!r} of {word!r} is not one of "
                    "'adjective', 'singular', 'plural'"
                )
            if key in table:
                raise DataError(
                    f"{path}: line {number}: demonym {word!r} is listed twice "
                    f"({table[key]} and {code}); keep one row per demonym and note any "
                    "other sense in a '#' comment"
                )
            table[key] = code
    if header is None:
        raise DataError(f"{path}: the file is empty; it needs the header {_tab(_HEADER)!r}")
    return table


def _tab(fields: list[str]) -> str:
    return "\t".join(fields)


def load_demonyms(path: str | PathLike[str] | None = None) -> dict[str, str]:
    """Read the demonym table: folded demonym → ISO 3166-1 alpha-2 country code.

    The file is UTF-8, tab-separated, with the header ``demonym country_code kind``; blank
    lines and lines starting with ``#`` are skipped. Each file is parsed once per process;
    every call returns a new dict, which the caller may change.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The table to read; by default :func:`default_demonyms_path`.

    Returns
    -------
    dict of str to str
        Folded demonym ("libyan", "libyans", "bissau guinean") → country code ("LY").

    Raises
    ------
    FileNotFoundError
        If `path` does not exist.
    gazetteer.errors.DataError
        If the header is wrong, a row does not have three fields, a country code is not two
        capital letters, a kind is not adjective/singular/plural, or a folded demonym is
        listed twice. The message gives the file and line.

    Examples
    --------
    >>> table = load_demonyms()
    >>> table["libyan"], table["nigeriens"], table["briton"], table["south sudanese"]
    ('LY', 'NE', 'GB', 'SS')
    >>> "pole" in table, table["poles"]
    (False, 'PL')
    """
    resolved = Path(path).resolve() if path is not None else default_demonyms_path()
    return dict(_read_demonyms(resolved))


def demonym_country(word: str) -> str | None:
    """Country code of a demonym or country adjective, or ``None``.

    The word is folded first, so case, accents and hyphens do not matter. Plurals are found
    only when the table lists them; no "s" is stripped.

    Parameters
    ----------
    word : str
        A word or short phrase as written ("Libyans", "South Sudanese", "Bissau-Guinean").

    Returns
    -------
    str or None
        The ISO 3166-1 alpha-2 code from the shipped table, or ``None`` if `word` is not a
        demonym.

    Examples
    --------
    >>> demonym_country("Nigerien"), demonym_country("NIGERIAN"), demonym_country("Malians")
    ('NE', 'NG', 'ML')
    >>> demonym_country("Bissau-Guinean"), demonym_country("Ålanders")
    ('GW', 'AX')
    >>> demonym_country("Libya"), demonym_country("Korean"), demonym_country("")
    (None, None, None)
    """
    return _read_demonyms(_DEFAULT_DEMONYMS).get(fold(word))


# --------------------------------------------------------------------------------------
# Span tests
# --------------------------------------------------------------------------------------


def is_blocked(folded_span: str) -> bool:
    """Whether a candidate span is never a place on its own.

    True when the whole span is in :data:`STOP_WORDS`, or is "the" followed by a stop word.
    Words inside a longer span never block it.

    Parameters
    ----------
    folded_span : str
        The candidate, folded with :func:`gazetteer.names.fold` (folding again is harmless,
        so a raw span works too).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_blocked("police"), is_blocked("The Republic"), is_blocked("March")
    (True, True, True)
    >>> is_blocked("republic of niger"), is_blocked("the hague"), is_blocked("US")
    (False, False, False)
    >>> is_blocked(""), is_blocked("nice")
    (False, False)
    """
    key = fold(folded_span)
    if key in STOP_WORDS:
        return True
    return key.startswith("the ") and key[4:] in STOP_WORDS


def is_ambiguous(folded_span: str) -> bool:
    """Whether a candidate is a place that needs supporting context ("Jordan", "Nice").

    Parameters
    ----------
    folded_span : str
        The candidate, folded with :func:`gazetteer.names.fold` (folding again is harmless).

    Returns
    -------
    bool
        True if the whole span is in :data:`AMBIGUOUS_WORDS`.

    Examples
    --------
    >>> is_ambiguous("jordan"), is_ambiguous("Nice"), is_ambiguous("Hit")
    (True, True, True)
    >>> is_ambiguous("chad"), is_ambiguous("tripoli"), is_ambiguous("march")
    (False, False, False)
    """
    return fold(folded_span) in AMBIGUOUS_WORDS
