-- An incident database of schema version 2, as strikemap made it before migration 3 (sqlite3 .dump):
-- the default dataset seeded, one short report ingested (it joins the 26 September strike),
-- and the 2018 strike re-placed by an analyst. tests/geo/store/test_store.py opens it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        outlet TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        published TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL CHECK (origin IN ('ingest', 'curated')),
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
INSERT INTO articles VALUES(1,'curated:libya-2019:gulfnews-2019-09','Gulf News (wire report)',NULL,'Wire report on the third US strike on ISIS in southern Libya','2019-09-27','libya-2019','curated','','2026-12-04T05:22:36+00:00');
INSERT INTO articles VALUES(2,'curated:libya-2019:nyt-2019-11','The New York Times',NULL,'Long-form report on the US drone campaign against ISIS in Libya','2019-11-01','libya-2019','curated','','2026-12-04T05:22:36+00:00');
INSERT INTO articles VALUES(3,'be74bb53ae697b5c88f73d8861e051d31fbf28d8b34c65a17cf4f606ef7d43ab','Test Wire',NULL,'','2019-09-27','tiny.txt','ingest',replace('A US drone strike killed 17 Islamic State fighters in southwest Libya on Thursday, US Africa Command said.\n','\n',char(10)),'2026-12-04T05:22:36+00:00');
CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        merged_into TEXT REFERENCES incidents(id),
        place_override TEXT,
        date_override TEXT,
        date_start TEXT,
        date_end TEXT
    );
INSERT INTO incidents VALUES('ly-2019-09-19-murzuq','2026-12-04T05:22:36+00:00',NULL,'{"name": "Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "town", "radius_km": 5, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town)"}','{"start": "2019-09-19", "end": "2019-09-19", "precision": "day"}','2019-09-19','2019-09-19');
INSERT INTO incidents VALUES('ly-2019-09-24-murzuq-area','2026-12-04T05:22:36+00:00',NULL,'{"name": "near Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "near_town", "radius_km": 25, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town; reported only as ''the same area'' as the 19 September strike)"}','{"start": "2019-09-24", "end": "2019-09-24", "precision": "day"}','2019-09-24','2019-09-24');
INSERT INTO incidents VALUES('ly-2019-09-26-southwest','2026-12-04T05:22:36+00:00',NULL,'{"name": "southwest Libya", "lat": 25.0, "lon": 12.0, "country_code": "LY", "precision": "region", "radius_km": 350, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of south-western Libya (Fezzan west of Murzuq); the site was not identified"}','{"start": "2019-09-26", "end": "2019-09-26", "precision": "day"}','2019-09-26','2019-09-26');
INSERT INTO incidents VALUES('ly-2019-09-29-south','2026-12-04T05:22:36+00:00',NULL,'{"name": "southern Libya", "lat": 25.5, "lon": 14.5, "country_code": "LY", "precision": "region", "radius_km": 500, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of the Fezzan; the place was not stated"}','{"start": "2019-09-29", "end": "2019-09-29", "precision": "day"}','2019-09-29','2019-09-29');
INSERT INTO incidents VALUES('ly-2018-03-south-aqim','2026-12-04T05:22:36+00:00',NULL,'{"name": "Wadi Ataba", "lat": 26.0, "lon": 14.0, "country_code": "LY", "precision": "district", "radius_km": 75.0, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "set by an analyst"}','{"start": "2018-03-01", "end": "2018-03-31", "precision": "month"}','2018-03-01','2018-03-31');
CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'aggregate')),
        incident_id TEXT REFERENCES incidents(id),
        data TEXT NOT NULL,
        UNIQUE (article_id, kind, idx)
    );
INSERT INTO claims VALUES(1,1,0,'event','ly-2019-09-19-murzuq','{"index": 0, "sentences": [{"start": 0, "end": 85, "text": "A US strike on 19 September hit an ISIS compound in Murzuq and killed eight fighters."}], "event_type": "air strike", "date_start": "2019-09-19", "date_end": "2019-09-19", "date_precision": "day", "place": {"name": "Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "town", "radius_km": 5, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town)"}, "fatalities_low": 8, "fatalities_high": 8, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(2,2,0,'event','ly-2019-09-19-murzuq','{"index": 0, "sentences": [{"start": 0, "end": 84, "text": "The first of four strikes, on 19 September, hit a compound in Murzuq, killing eight."}], "event_type": "air strike", "date_start": "2019-09-19", "date_end": "2019-09-19", "date_precision": "day", "place": {"name": "Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "town", "radius_km": 5, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town)"}, "fatalities_low": 8, "fatalities_high": 8, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(3,1,1,'event','ly-2019-09-24-murzuq-area','{"index": 1, "sentences": [{"start": 0, "end": 93, "text": "A second strike, on 24 September, in the same area as the first, killed eleven ISIS fighters."}], "event_type": "air strike", "date_start": "2019-09-24", "date_end": "2019-09-24", "date_precision": "day", "place": {"name": "near Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "near_town", "radius_km": 25, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town; reported only as ''the same area'' as the 19 September strike)"}, "fatalities_low": 11, "fatalities_high": 11, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(4,2,1,'event','ly-2019-09-24-murzuq-area','{"index": 1, "sentences": [{"start": 0, "end": 67, "text": "Five days after the first, a strike in the same area killed eleven."}], "event_type": "air strike", "date_start": "2019-09-24", "date_end": "2019-09-24", "date_precision": "day", "place": {"name": "near Murzuq", "lat": 25.91552, "lon": 13.91839, "country_code": "LY", "precision": "near_town", "radius_km": 25, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: geonames:2214603 (Murzuq town; reported only as ''the same area'' as the 19 September strike)"}, "fatalities_low": 11, "fatalities_high": 11, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(5,1,2,'event','ly-2019-09-26-southwest','{"index": 2, "sentences": [{"start": 0, "end": 126, "text": "On Thursday 26 September a US strike at an unidentified spot in southwest Libya killed 17 ISIS militants, the third in a week."}], "event_type": "drone strike", "date_start": "2019-09-26", "date_end": "2019-09-26", "date_precision": "day", "place": {"name": "southwest Libya", "lat": 25.0, "lon": 12.0, "country_code": "LY", "precision": "region", "radius_km": 350, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of south-western Libya (Fezzan west of Murzuq); the site was not identified"}, "fatalities_low": 17, "fatalities_high": 17, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "MQ-9 Reaper (reportedly based in Niger)", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(6,2,2,'event','ly-2019-09-26-southwest','{"index": 2, "sentences": [{"start": 0, "end": 178, "text": "The third strike, flown by an MQ-9 Reaper based in Niger, killed 17; social media said it targeted the ISIS recruiter Malik Khazmi of Bani Walid, which AFRICOM would not confirm."}], "event_type": "drone strike", "date_start": "2019-09-26", "date_end": "2019-09-26", "date_precision": "day", "place": {"name": "southwest Libya", "lat": 25.0, "lon": 12.0, "country_code": "LY", "precision": "region", "radius_km": 350, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of south-western Libya (Fezzan west of Murzuq); the site was not identified"}, "fatalities_low": 17, "fatalities_high": 17, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "MQ-9 Reaper (reportedly based in Niger)", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(7,2,3,'event','ly-2019-09-29-south','{"index": 3, "sentences": [{"start": 0, "end": 92, "text": "A fourth strike, on 29 September, killed seven, bringing the toll of the four strikes to 43."}], "event_type": "air strike", "date_start": "2019-09-29", "date_end": "2019-09-29", "date_precision": "day", "place": {"name": "southern Libya", "lat": 25.5, "lon": 14.5, "country_code": "LY", "precision": "region", "radius_km": 500, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of the Fezzan; the place was not stated"}, "fatalities_low": 7, "fatalities_high": 7, "injured": null, "actor": "US military (AFRICOM)", "target": "ISIS-Libya", "platform": "", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(8,2,4,'event','ly-2018-03-south-aqim','{"index": 4, "sentences": [{"start": 0, "end": 104, "text": "In March 2018 a US drone strike in southern Libya killed two AQIM militants, one of them Musa Abu Dawud."}], "event_type": "drone strike", "date_start": "2018-03-01", "date_end": "2018-03-31", "date_precision": "month", "place": {"name": "southern Libya", "lat": 25.5, "lon": 14.5, "country_code": "LY", "precision": "region", "radius_km": 500, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of the Fezzan; the place was reported only as southern Libya"}, "fatalities_low": 2, "fatalities_high": 2, "injured": null, "actor": "US military (AFRICOM)", "target": "AQIM (Al Qaeda in the Islamic Maghreb)", "platform": "drone", "base": "", "attribution": "", "confidence": 1.0, "reasons": ["curated record"]}');
INSERT INTO claims VALUES(9,2,5,'aggregate',NULL,'{"index": 5, "sentence": {"start": 0, "end": 96, "text": "Four strikes over ten days killed 43, about a third of the estimated 150 ISIS fighters in Libya."}, "text": "Four strikes over ten days killed 43, about a third of the estimated 150 ISIS fighters in Libya.", "period_start": "2019-09-19", "period_end": "2019-09-29", "place_name": "southern Libya", "country_code": "LY", "strikes_low": 4, "strikes_high": 4, "fatalities_low": 43, "fatalities_high": 43, "covers_claims": [], "strikes_stated": 4, "qualifier": "", "covers_incidents": ["ly-2019-09-19-murzuq", "ly-2019-09-24-murzuq-area", "ly-2019-09-26-southwest", "ly-2019-09-29-south"]}');
INSERT INTO claims VALUES(10,2,6,'aggregate',NULL,'{"index": 6, "sentence": {"start": 0, "end": 63, "text": "Nearly 500 US air strikes on Sirte over several months of 2016."}, "text": "Nearly 500 US air strikes on Sirte over several months of 2016.", "period_start": "2016-01-01", "period_end": "2016-12-31", "place_name": "Sirte", "country_code": "LY", "strikes_low": null, "strikes_high": 500, "fatalities_low": null, "fatalities_high": null, "covers_claims": [], "strikes_stated": 500, "qualifier": "", "covers_incidents": []}');
INSERT INTO claims VALUES(11,2,7,'aggregate',NULL,'{"index": 7, "sentence": {"start": 0, "end": 59, "text": "Six US strikes in Libya in 2018, the last in November 2018."}, "text": "Six US strikes in Libya in 2018, the last in November 2018.", "period_start": "2018-01-01", "period_end": "2018-11-30", "place_name": "Libya", "country_code": "LY", "strikes_low": 6, "strikes_high": 6, "fatalities_low": null, "fatalities_high": null, "covers_claims": [], "strikes_stated": 6, "qualifier": "", "covers_incidents": ["ly-2018-03-south-aqim"]}');
INSERT INTO claims VALUES(12,3,0,'event','ly-2019-09-26-southwest','{"index": 0, "sentences": [{"start": 0, "end": 106, "text": "A US drone strike killed 17 Islamic State fighters in southwest Libya on Thursday, US Africa Command said."}], "event_type": "drone strike", "date_start": "2019-09-26", "date_end": "2019-09-26", "date_precision": "day", "place": {"name": "southwest Libya", "lat": 24.86053, "lon": 13.89741, "country_code": "LY", "precision": "region", "radius_km": 471.8, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "''Libya'' read as the southwest of Libya (a region; radius covers it)"}, "fatalities_low": 17, "fatalities_high": 17, "injured": null, "actor": "US military (AFRICOM)", "target": "Islamic State (ISIS)", "platform": "drone", "base": "", "attribution": "", "confidence": 0.8, "reasons": ["date: date from ''Thursday'': Thursday on or before publication (2019-09-27)", "place: ''Libya'' read as the southwest of Libya (a region; radius covers it)", "toll: ''17''"]}');
CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        incident_id TEXT,
        what TEXT NOT NULL,
        previous TEXT,
        why TEXT NOT NULL
    );
INSERT INTO audit VALUES(1,'2026-12-04T05:22:36+00:00','strikemap','seed','ly-2019-09-19-murzuq','{"dataset": "libya-2019"}',NULL,'curated dataset seeded into a new database');
INSERT INTO audit VALUES(2,'2026-12-04T05:22:36+00:00','strikemap','seed','ly-2019-09-24-murzuq-area','{"dataset": "libya-2019"}',NULL,'curated dataset seeded into a new database');
INSERT INTO audit VALUES(3,'2026-12-04T05:22:36+00:00','strikemap','seed','ly-2019-09-26-southwest','{"dataset": "libya-2019"}',NULL,'curated dataset seeded into a new database');
INSERT INTO audit VALUES(4,'2026-12-04T05:22:36+00:00','strikemap','seed','ly-2019-09-29-south','{"dataset": "libya-2019"}',NULL,'curated dataset seeded into a new database');
INSERT INTO audit VALUES(5,'2026-12-04T05:22:36+00:00','strikemap','seed','ly-2018-03-south-aqim','{"dataset": "libya-2019"}',NULL,'curated dataset seeded into a new database');
INSERT INTO audit VALUES(6,'2026-12-04T05:22:36+00:00','analyst','re-place','ly-2018-03-south-aqim','{"name": "Wadi Ataba", "lat": 26.0, "lon": 14.0, "country_code": "LY", "precision": "district", "radius_km": 75.0, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "set by an analyst"}','{"name": "southern Libya", "lat": 25.5, "lon": 14.5, "country_code": "LY", "precision": "region", "radius_km": 500.0, "place_id": "", "anchor": "", "offset_km": null, "bearing_deg": null, "reason": "curated: curated: rough centre of the Fezzan; the place was reported only as southern Libya"}','a later report');
CREATE TABLE distance_checks (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (article_id, idx)
    );
CREATE INDEX incidents_dates ON incidents (date_start, date_end);
CREATE INDEX claims_incident ON claims (incident_id);
COMMIT;
PRAGMA application_id = 1398033229;
PRAGMA user_version = 2;
