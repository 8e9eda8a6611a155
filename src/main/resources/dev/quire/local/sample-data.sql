-- Sample data for the local engine: schema taxi (NYC yellow-cab trips, 2013)
-- and schema tpch (the eight TPC-H tables at scale factor 0.1).
--
-- Everything is derived from hash() of (key, salt), so every run produces the
-- same rows. {db} stands for the quoted name of the target database and
-- {trips} for the number of taxi trips.
-- A line "-- step <fraction> <label>" starts a progress step; statements end
-- with a semicolon at the end of a line.

-- step 0.00 Preparing
CREATE OR REPLACE TEMP MACRO sample_int(k, salt, n) AS
    CAST(hash(CAST(k AS BIGINT) * 4096 + salt) % CAST(n AS UBIGINT) AS INTEGER);
CREATE OR REPLACE TEMP MACRO sample_pick(words, k, salt) AS
    words[1 + sample_int(k, salt, len(words))];
CREATE OR REPLACE TEMP MACRO sample_cents(cents) AS
    CAST(cents / 100 AS DECIMAL(15,2));
CREATE SCHEMA IF NOT EXISTS {db}.taxi;
CREATE SCHEMA IF NOT EXISTS {db}.tpch;
DROP TABLE IF EXISTS {db}.taxi.trips;
DROP TABLE IF EXISTS {db}.taxi.zones;
DROP TABLE IF EXISTS {db}.tpch.lineitem;
DROP TABLE IF EXISTS {db}.tpch.orders;
DROP TABLE IF EXISTS {db}.tpch.partsupp;
DROP TABLE IF EXISTS {db}.tpch.part;
DROP TABLE IF EXISTS {db}.tpch.customer;
DROP TABLE IF EXISTS {db}.tpch.supplier;
DROP TABLE IF EXISTS {db}.tpch.nation;
DROP TABLE IF EXISTS {db}.tpch.region;

-- Text pool in the style of the TPC-H comment grammar; comments are random
-- substrings of these paragraphs, as in dbgen.
CREATE OR REPLACE TEMP TABLE sample_text AS
WITH words AS (
    SELECT
        ['packages', 'requests', 'accounts', 'deposits', 'packages', 'requests', 'accounts', 'deposits',
         'foxes', 'ideas', 'theodolites', 'pinto beans', 'instructions', 'dependencies', 'excuses',
         'platelets', 'asymptotes', 'courts', 'dolphins', 'multipliers', 'sauternes', 'warthogs', 'frets',
         'dinos', 'attainments', 'somas', 'Tiresias', 'patterns', 'forges', 'braids', 'hockey players',
         'frays', 'warhorses', 'dugouts', 'notornis', 'epitaphs', 'pearls', 'tithes', 'waters', 'orbits',
         'gifts', 'sheaves', 'depths', 'sentiments', 'decoys', 'realms', 'pains', 'grouches', 'escapades'] AS nouns,
        ['sleep', 'wake', 'are', 'cajole', 'haggle', 'nag', 'use', 'boost', 'affix', 'detect', 'integrate',
         'maintain', 'nod', 'was', 'lose', 'sublate', 'solve', 'thrash', 'promise', 'engage', 'hinder',
         'print', 'x-ray', 'breach', 'eat', 'grow', 'impress', 'mold', 'poach', 'serve', 'run', 'dazzle',
         'snooze', 'doze', 'unwind', 'kindle', 'play', 'hang', 'believe', 'doubt'] AS verbs,
        ['special', 'pending', 'unusual', 'express', 'special', 'pending', 'unusual', 'express',
         'furious', 'sly', 'careful', 'blithe', 'quick', 'fluffy', 'slow', 'quiet', 'ruthless', 'thin',
         'close', 'dogged', 'daring', 'brave', 'stealthy', 'permanent', 'enticing', 'idle', 'busy',
         'regular', 'final', 'ironic', 'even', 'bold', 'silent'] AS adjectives,
        ['sometimes', 'always', 'never', 'furiously', 'slyly', 'carefully', 'blithely', 'quickly',
         'fluffily', 'slowly', 'quietly', 'ruthlessly', 'thinly', 'closely', 'doggedly', 'daringly',
         'bravely', 'stealthily', 'permanently', 'enticingly', 'idly', 'busily', 'regularly', 'finally',
         'ironically', 'evenly', 'boldly', 'silently'] AS adverbs,
        ['about', 'above', 'according to', 'across', 'after', 'against', 'along', 'alongside of', 'among',
         'around', 'at', 'atop', 'before', 'behind', 'beneath', 'beside', 'besides', 'between', 'beyond',
         'by', 'despite', 'during', 'except', 'for', 'from', 'in place of', 'inside', 'instead of', 'into',
         'near', 'of', 'on', 'outside', 'over', 'past', 'since', 'through', 'throughout', 'to', 'toward',
         'under', 'until', 'up', 'upon', 'without', 'with', 'within'] AS prepositions,
        ['do', 'may', 'might', 'shall', 'will', 'would', 'can', 'could', 'should', 'ought to', 'must',
         'will have to', 'shall have to', 'could have to', 'should have to', 'must have to', 'need to',
         'try to'] AS auxiliaries,
        ['.', ';', ':', '?', '!', '--'] AS terminators
),
sentences AS (
    SELECT p, s,
        CASE sample_int(k, 1, 4)
            WHEN 0 THEN sample_pick(nouns, k, 2)
            WHEN 1 THEN sample_pick(adjectives, k, 3) || ' ' || sample_pick(nouns, k, 2)
            WHEN 2 THEN sample_pick(adjectives, k, 3) || ', ' || sample_pick(adjectives, k, 4) || ' ' || sample_pick(nouns, k, 2)
            ELSE sample_pick(adverbs, k, 5) || ' ' || sample_pick(adjectives, k, 3) || ' ' || sample_pick(nouns, k, 2)
        END
        || ' ' ||
        CASE sample_int(k, 6, 4)
            WHEN 0 THEN sample_pick(verbs, k, 7)
            WHEN 1 THEN sample_pick(auxiliaries, k, 8) || ' ' || sample_pick(verbs, k, 7)
            WHEN 2 THEN sample_pick(verbs, k, 7) || ' ' || sample_pick(adverbs, k, 9)
            ELSE sample_pick(auxiliaries, k, 8) || ' ' || sample_pick(verbs, k, 7) || ' ' || sample_pick(adverbs, k, 9)
        END
        || CASE WHEN sample_int(k, 10, 2) = 0 THEN ''
            ELSE ' ' || sample_pick(prepositions, k, 11) || ' the ' || sample_pick(adjectives, k, 12) || ' ' || sample_pick(nouns, k, 13)
        END
        || sample_pick(terminators, k, 14) AS sentence
    FROM words, (SELECT p, s, p * 16 + s AS k FROM range(4096) a(p), range(12) b(s))
)
SELECT list(paragraph ORDER BY p) AS texts
FROM (SELECT p, string_agg(sentence, ' ' ORDER BY s) AS paragraph FROM sentences GROUP BY p);

-- A comment of lo..hi characters cut from the text pool.
CREATE OR REPLACE TEMP MACRO sample_comment(k, salt, lo, hi) AS
    trim(substr((SELECT texts FROM temp.sample_text)[1 + sample_int(k, salt, 4096)],
                1 + sample_int(k, salt + 1, 250),
                lo + sample_int(k, salt + 2, hi - lo + 1)), ' ,.;:?!-');

-- step 0.04 Creating taxi zones
CREATE OR REPLACE TEMP TABLE sample_zone AS
SELECT * FROM (VALUES
    (1, 'Manhattan', 'Upper East Side South', 45),
    (2, 'Manhattan', 'Upper East Side North', 40),
    (3, 'Manhattan', 'Midtown Center', 40),
    (4, 'Manhattan', 'Midtown East', 35),
    (5, 'Manhattan', 'Times Sq/Theatre District', 32),
    (6, 'Manhattan', 'Murray Hill', 30),
    (7, 'Manhattan', 'Penn Station/Madison Sq West', 30),
    (8, 'Manhattan', 'Union Sq', 30),
    (9, 'Manhattan', 'Lincoln Square East', 28),
    (10, 'Manhattan', 'Upper West Side South', 28),
    (11, 'Manhattan', 'East Village', 28),
    (12, 'Manhattan', 'Clinton East', 25),
    (13, 'Manhattan', 'Midtown North', 25),
    (14, 'Manhattan', 'Midtown South', 25),
    (15, 'Manhattan', 'Lenox Hill West', 25),
    (16, 'Manhattan', 'Gramercy', 25),
    (17, 'Manhattan', 'Upper West Side North', 22),
    (18, 'Manhattan', 'East Chelsea', 22),
    (19, 'Manhattan', 'West Village', 22),
    (20, 'Manhattan', 'Greenwich Village North', 20),
    (21, 'Manhattan', 'Flatiron', 20),
    (22, 'Manhattan', 'West Chelsea/Hudson Yards', 18),
    (23, 'Manhattan', 'Greenwich Village South', 18),
    (24, 'Manhattan', 'Garment District', 18),
    (25, 'Manhattan', 'Sutton Place/Turtle Bay North', 18),
    (26, 'Manhattan', 'Yorkville West', 15),
    (27, 'Manhattan', 'Lower East Side', 15),
    (28, 'Manhattan', 'SoHo', 15),
    (29, 'Manhattan', 'TriBeCa/Civic Center', 15),
    (30, 'Manhattan', 'Yorkville East', 12),
    (31, 'Manhattan', 'Financial District North', 12),
    (32, 'Manhattan', 'Kips Bay', 12),
    (33, 'Manhattan', 'Hudson Sq', 10),
    (34, 'Manhattan', 'Little Italy/NoLiTa', 10),
    (35, 'Manhattan', 'Financial District South', 8),
    (36, 'Manhattan', 'Battery Park City', 8),
    (37, 'Manhattan', 'Central Park', 8),
    (38, 'Manhattan', 'Central Harlem', 6),
    (39, 'Manhattan', 'East Harlem South', 5),
    (40, 'Manhattan', 'Morningside Heights', 5),
    (41, 'Manhattan', 'Washington Heights South', 3),
    (42, 'Brooklyn', 'Williamsburg (North Side)', 5),
    (43, 'Brooklyn', 'Downtown Brooklyn/MetroTech', 3),
    (44, 'Brooklyn', 'Park Slope', 3),
    (45, 'Brooklyn', 'Brooklyn Heights', 3),
    (46, 'Brooklyn', 'Fort Greene', 2),
    (47, 'Brooklyn', 'Greenpoint', 2),
    (48, 'Queens', 'Astoria', 3),
    (49, 'Queens', 'Long Island City/Hunters Point', 2),
    (50, 'Queens', 'Jackson Heights', 1),
    (51, 'Bronx', 'Mott Haven/Port Morris', 1),
    (52, 'Queens', 'JFK Airport', 0),
    (53, 'Queens', 'LaGuardia Airport', 0)
) v(zone_id, borough, zone, weight);

CREATE TABLE {db}.taxi.zones (
    zone_id INTEGER NOT NULL,
    borough VARCHAR NOT NULL,
    zone VARCHAR NOT NULL
);
INSERT INTO {db}.taxi.zones SELECT zone_id, borough, zone FROM temp.sample_zone ORDER BY zone_id;

-- step 0.05 Generating taxi trips
CREATE TABLE {db}.taxi.trips (
    pickup_datetime TIMESTAMP NOT NULL,
    passenger_count BIGINT,
    trip_distance_mi DOUBLE NOT NULL,
    fare_amount DOUBLE NOT NULL,
    tip_amount DOUBLE NOT NULL,
    total_amount DOUBLE NOT NULL,
    trip_id BIGINT NOT NULL,
    dropoff_datetime TIMESTAMP NOT NULL,
    pickup_zone VARCHAR NOT NULL,
    dropoff_zone VARCHAR NOT NULL,
    payment_type VARCHAR NOT NULL,
    vendor VARCHAR NOT NULL,
    surcharge_amount DOUBLE NOT NULL,
    tolls_amount DOUBLE NOT NULL
);
INSERT INTO {db}.taxi.trips
WITH
-- Trips per hour of the year follow the hour of day, weekday or weekend, and
-- month; each hour gets a run of consecutive trip numbers, so the trips come
-- out in pickup order.
hour_weight AS (
    SELECT unnest(range(24)) AS hour,
           unnest([30, 18, 12, 8, 7, 9, 22, 38, 44, 42, 38, 38,
                   40, 40, 42, 40, 34, 42, 52, 56, 52, 50, 47, 40]) AS weekday,
           unnest([48, 42, 36, 28, 18, 10, 8, 11, 16, 24, 30, 34,
                   38, 38, 38, 38, 36, 38, 42, 44, 42, 42, 44, 46]) AS weekend
),
bucket AS (
    SELECT day, hour,
        CASE WHEN isodow(DATE '2013-01-01' + day) >= 6 THEN weekend ELSE weekday END
        * [95, 93, 104, 103, 104, 100, 93, 90, 98, 104, 97, 98][month(DATE '2013-01-01' + day)] AS weight
    FROM (SELECT CAST(d AS INTEGER) AS day FROM range(365) t(d)), hour_weight
),
bounds AS (
    SELECT day, hour,
        CAST((sum(weight) OVER (ORDER BY day, hour) - weight) * {trips} // total AS BIGINT) AS first,
        CAST(sum(weight) OVER (ORDER BY day, hour) * {trips} // total AS BIGINT) AS last
    FROM bucket, (SELECT sum(weight) AS total FROM bucket)
),
numbered AS (
    SELECT day, hour, first, last, unnest(range(first, last)) AS i FROM bounds
),
-- Zones weighted by popularity: one slot per unit of weight, picked by number.
zone_slot AS (
    SELECT row_number() OVER (ORDER BY zone_id, r) - 1 AS slot, zone, borough
    FROM temp.sample_zone, range(weight) t(r)
),
picks AS (
    SELECT *,
        sample_int(i, 5, zones) AS zone_a_pick,
        sample_int(i, 6, zones) AS zone_b_pick
    FROM numbered, (SELECT count(*) AS zones FROM zone_slot)
),
base AS (
    SELECT i, day, hour,
        sample_int(i, 1, 1000) AS kind,
        -- spread evenly over the hour, with jitter that keeps the order
        ((i - first) * 3600 + sample_int(i, 4, 3600)) // (last - first) AS second,
        a.zone AS zone_a,
        a.borough AS borough_a,
        b.zone AS zone_b
    FROM picks
    JOIN zone_slot a ON a.slot = zone_a_pick
    JOIN zone_slot b ON b.slot = zone_b_pick
),
trip AS (
    SELECT *,
        CASE WHEN kind < 15 THEN 'to JFK' WHEN kind < 25 THEN 'from JFK'
             WHEN kind < 45 THEN 'to LGA' WHEN kind < 60 THEN 'from LGA' ELSE 'city' END AS route,
        TIMESTAMP '2013-01-01' + to_seconds(day * 86400 + hour * 3600 + second) AS pickup,
        sample_int(i, 8, 1000) AS spread,
        sample_int(i, 13, 1000) AS pay,
        sample_int(i, 16, 100) AS tip_choice,
        sample_int(i, 18, 1000) AS party
    FROM base
),
measured AS (
    SELECT *,
        -- distance in hundredths of a mile
        CASE
            WHEN route LIKE '%JFK' THEN 1500 + sample_int(i, 7, 600)
            WHEN route LIKE '%LGA' THEN 750 + sample_int(i, 7, 500)
            -- in town: mostly short hops (the spread is cubed), a few rides to the outer boroughs
            ELSE 40 + sample_int(i, 7, 80)
                 + spread * spread // 1000 * spread * 6 // 10000
                 + CASE WHEN sample_int(i, 9, 100) < 5 THEN sample_int(i, 10, 800) ELSE 0 END
        END AS distance,
        -- speed in mph: typical for the hour of day, faster on the way to the airports
        [19, 20, 21, 21, 21, 19, 16, 12, 10, 10, 11, 11,
         11, 11, 11, 11, 12, 11, 11, 12, 14, 15, 15, 16][1 + hour]
        + sample_int(i, 11, 7) - 3
        + CASE WHEN route = 'city' THEN 0 ELSE 6 END AS speed
    FROM trip
),
timed AS (
    SELECT *,
        -- seconds
        60 + distance * 36 // speed + sample_int(i, 12, 180) AS duration,
        CASE WHEN pay < 560 THEN 'Card' WHEN pay < 990 THEN 'Cash'
             WHEN pay < 996 THEN 'No charge' ELSE 'Dispute' END AS payment
    FROM measured
),
priced AS (
    SELECT *,
        -- amounts in cents; flat fare between Manhattan and JFK, else $2.50
        -- plus 50 cents per fifth of a mile and per minute in slow traffic
        CASE WHEN route LIKE '%JFK' AND borough_a = 'Manhattan' THEN 5200
             ELSE 250 + 50 * ((distance + 19) // 20) + 50 * sample_int(i, 14, duration // 240 + 1)
        END AS fare,
        50
        + CASE WHEN hour >= 20 OR hour < 6 THEN 50 ELSE 0 END
        + CASE WHEN hour BETWEEN 16 AND 19 AND isodow(pickup) <= 5 THEN 100 ELSE 0 END AS surcharge,
        CASE
            WHEN route LIKE '%JFK' AND sample_int(i, 15, 100) < 50 THEN 533
            WHEN route LIKE '%LGA' AND sample_int(i, 15, 100) < 30 THEN 533
            WHEN route = 'city' AND sample_int(i, 15, 1000) < 10 THEN 533
            ELSE 0
        END AS tolls,
        -- card riders pick a suggested tip or enter their own; cash tips go unrecorded
        CASE WHEN payment <> 'Card' THEN 0
             WHEN tip_choice < 8 THEN 0
             WHEN tip_choice < 45 THEN 20
             WHEN tip_choice < 65 THEN 25
             WHEN tip_choice < 75 THEN 30
             ELSE 10 + sample_int(i, 17, 13)
        END AS tip_percent
    FROM timed
),
tipped AS (
    SELECT *, ((fare + surcharge) * tip_percent + 50) // 100 AS tip FROM priced
)
SELECT
    pickup AS pickup_datetime,
    CASE WHEN party < 5 THEN NULL WHEN party < 700 THEN 1 WHEN party < 840 THEN 2
         WHEN party < 880 THEN 3 WHEN party < 900 THEN 4 WHEN party < 960 THEN 5
         ELSE 6 END AS passenger_count,
    distance / 100 AS trip_distance_mi,
    fare / 100 AS fare_amount,
    tip / 100 AS tip_amount,
    (fare + tip + surcharge + tolls) / 100 AS total_amount,
    i + 1 AS trip_id,
    pickup + to_seconds(duration) AS dropoff_datetime,
    CASE route WHEN 'from JFK' THEN 'JFK Airport' WHEN 'from LGA' THEN 'LaGuardia Airport' ELSE zone_a END AS pickup_zone,
    CASE route WHEN 'to JFK' THEN 'JFK Airport' WHEN 'to LGA' THEN 'LaGuardia Airport'
               WHEN 'city' THEN zone_b ELSE zone_a END AS dropoff_zone,
    payment AS payment_type,
    CASE WHEN sample_int(i, 19, 2) = 0 THEN 'CMT' ELSE 'VTS' END AS vendor,
    surcharge / 100 AS surcharge_amount,
    tolls / 100 AS tolls_amount
FROM tipped
ORDER BY i;

-- step 0.37 Generating TPC-H regions and nations
CREATE TABLE {db}.tpch.region (
    r_regionkey INTEGER NOT NULL,
    r_name VARCHAR NOT NULL,
    r_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.region
SELECT k, name, sample_comment(k, 10, 31, 115)
FROM (SELECT unnest(range(5)) AS k, unnest(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST']) AS name)
ORDER BY k;

CREATE TABLE {db}.tpch.nation (
    n_nationkey INTEGER NOT NULL,
    n_name VARCHAR NOT NULL,
    n_regionkey INTEGER NOT NULL,
    n_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.nation
SELECT k, name, region, sample_comment(k, 20, 31, 114)
FROM (VALUES
    (0, 'ALGERIA', 0), (1, 'ARGENTINA', 1), (2, 'BRAZIL', 1), (3, 'CANADA', 1), (4, 'EGYPT', 4),
    (5, 'ETHIOPIA', 0), (6, 'FRANCE', 3), (7, 'GERMANY', 3), (8, 'INDIA', 2), (9, 'INDONESIA', 2),
    (10, 'IRAN', 4), (11, 'IRAQ', 4), (12, 'JAPAN', 2), (13, 'JORDAN', 4), (14, 'KENYA', 0),
    (15, 'MOROCCO', 0), (16, 'MOZAMBIQUE', 0), (17, 'PERU', 1), (18, 'CHINA', 2), (19, 'ROMANIA', 3),
    (20, 'SAUDI ARABIA', 4), (21, 'VIETNAM', 2), (22, 'RUSSIA', 3), (23, 'UNITED KINGDOM', 3),
    (24, 'UNITED STATES', 1)
) v(k, name, region)
ORDER BY k;

-- step 0.38 Generating TPC-H suppliers and customers
CREATE TABLE {db}.tpch.supplier (
    s_suppkey INTEGER NOT NULL,
    s_name VARCHAR NOT NULL,
    s_address VARCHAR NOT NULL,
    s_nationkey INTEGER NOT NULL,
    s_phone VARCHAR NOT NULL,
    s_acctbal DECIMAL(15,2) NOT NULL,
    s_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.supplier
WITH s AS (
    SELECT k,
        sample_int(k, 100, 25) AS nation,
        sample_comment(k, 110, 25, 100) AS remark,
        sample_int(k, 120, 1000) AS flag
    FROM range(1, 1001) r(k)
)
SELECT
    k,
    'Supplier#' || lpad(k::VARCHAR, 9, '0'),
    array_to_string(list_transform(range(10 + sample_int(k, 101, 31)),
        lambda j: sample_pick(split('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,', ''), k * 64 + j, 102)), ''),
    nation,
    (nation + 10) || '-' || (100 + sample_int(k, 103, 900)) || '-' || (100 + sample_int(k, 104, 900)) || '-' || (1000 + sample_int(k, 105, 9000)),
    sample_cents(-99999 + sample_int(k, 106, 1099999)),
    -- a few suppliers carry the customer complaint or recommendation notes of the spec
    CASE WHEN flag < 5 THEN left(remark, 10) || ' Customer ' || left(remark, 8) || 'Complaints ' || substr(remark, 11)
         WHEN flag < 10 THEN left(remark, 10) || ' Customer ' || left(remark, 8) || 'Recommends ' || substr(remark, 11)
         ELSE remark END
FROM s
ORDER BY k;

CREATE TABLE {db}.tpch.customer (
    c_custkey INTEGER NOT NULL,
    c_name VARCHAR NOT NULL,
    c_address VARCHAR NOT NULL,
    c_nationkey INTEGER NOT NULL,
    c_phone VARCHAR NOT NULL,
    c_acctbal DECIMAL(15,2) NOT NULL,
    c_mktsegment VARCHAR NOT NULL,
    c_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.customer
WITH c AS (SELECT k, sample_int(k, 200, 25) AS nation FROM range(1, 15001) r(k))
SELECT
    k,
    'Customer#' || lpad(k::VARCHAR, 9, '0'),
    array_to_string(list_transform(range(10 + sample_int(k, 201, 31)),
        lambda j: sample_pick(split('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,', ''), k * 64 + j, 202)), ''),
    nation,
    (nation + 10) || '-' || (100 + sample_int(k, 203, 900)) || '-' || (100 + sample_int(k, 204, 900)) || '-' || (1000 + sample_int(k, 205, 9000)),
    sample_cents(-99999 + sample_int(k, 206, 1099999)),
    sample_pick(['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD'], k, 207),
    sample_comment(k, 210, 29, 116)
FROM c
ORDER BY k;

-- step 0.40 Generating TPC-H parts
CREATE TABLE {db}.tpch.part (
    p_partkey INTEGER NOT NULL,
    p_name VARCHAR NOT NULL,
    p_mfgr VARCHAR NOT NULL,
    p_brand VARCHAR NOT NULL,
    p_type VARCHAR NOT NULL,
    p_size INTEGER NOT NULL,
    p_container VARCHAR NOT NULL,
    p_retailprice DECIMAL(15,2) NOT NULL,
    p_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.part
WITH p AS (
    SELECT k,
        ['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanched', 'blue',
         'blush', 'brown', 'burlywood', 'burnished', 'chartreuse', 'chiffon', 'chocolate', 'coral',
         'cornflower', 'cornsilk', 'cream', 'cyan', 'dark', 'deep', 'dim', 'dodger', 'drab', 'firebrick',
         'floral', 'forest', 'frosted', 'gainsboro', 'ghost', 'goldenrod', 'green', 'grey', 'honeydew',
         'hot', 'indian', 'ivory', 'khaki', 'lace', 'lavender', 'lawn', 'lemon', 'light', 'lime', 'linen',
         'magenta', 'maroon', 'medium', 'metallic', 'midnight', 'mint', 'misty', 'moccasin', 'navajo',
         'navy', 'olive', 'orange', 'orchid', 'pale', 'papaya', 'peach', 'peru', 'pink', 'plum', 'powder',
         'puff', 'purple', 'red', 'rose', 'rosy', 'royal', 'saddle', 'salmon', 'sandy', 'seashell',
         'sienna', 'sky', 'slate', 'smoke', 'snow', 'spring', 'steel', 'tan', 'thistle', 'tomato',
         'turquoise', 'violet', 'wheat', 'white', 'yellow'] AS colors,
        sample_int(k, 300, 92) AS first,
        -- a step coprime to 92 gives five distinct colors
        sample_pick([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45],
                    k, 301) AS step,
        1 + sample_int(k, 302, 5) AS mfgr
    FROM range(1, 20001) r(k)
)
SELECT
    k,
    array_to_string(list_transform(range(5), lambda j: colors[1 + (first + j * step) % 92]), ' '),
    'Manufacturer#' || mfgr,
    'Brand#' || mfgr || (1 + sample_int(k, 303, 5)),
    sample_pick(['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'], k, 304) || ' '
        || sample_pick(['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'], k, 305) || ' '
        || sample_pick(['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'], k, 306),
    1 + sample_int(k, 307, 50),
    sample_pick(['SM', 'LG', 'MED', 'JUMBO', 'WRAP'], k, 308) || ' '
        || sample_pick(['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'], k, 309),
    sample_cents(90000 + (k // 10) % 20001 + 100 * (k % 1000)),
    sample_comment(k, 310, 5, 22)
FROM p
ORDER BY k;

-- Four suppliers per part, spread as in the spec.
CREATE TABLE {db}.tpch.partsupp (
    ps_partkey INTEGER NOT NULL,
    ps_suppkey INTEGER NOT NULL,
    ps_availqty INTEGER NOT NULL,
    ps_supplycost DECIMAL(15,2) NOT NULL,
    ps_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.partsupp
SELECT
    p,
    (p + i * (1000 // 4 + (p - 1) // 1000)) % 1000 + 1,
    1 + sample_int(p * 4 + i, 400, 9999),
    sample_cents(100 + sample_int(p * 4 + i, 401, 99901)),
    sample_comment(p * 4 + i, 410, 49, 198)
FROM range(1, 20001) a(p), range(4) b(i)
ORDER BY p, i;

-- step 0.52 Generating TPC-H line items
-- Orders: keys use the first 8 of every 32 numbers; customers whose key is a
-- multiple of 3 place no orders; order dates run to 151 days before the end.
CREATE OR REPLACE TEMP TABLE sample_order AS
SELECT
    n,
    (n >> 3) << 5 | (n & 7) AS o_orderkey,
    sample_int(n, 500, 10000) + sample_int(n, 500, 10000) // 2 + 1 AS o_custkey,
    DATE '1992-01-01' + sample_int(n, 501, DATE '1998-08-02' - DATE '1992-01-01' + 1) AS o_orderdate,
    1 + sample_int(n, 502, 7) AS lines
FROM range(1, 150001) r(n);

CREATE TABLE {db}.tpch.lineitem (
    l_orderkey INTEGER NOT NULL,
    l_partkey INTEGER NOT NULL,
    l_suppkey INTEGER NOT NULL,
    l_linenumber INTEGER NOT NULL,
    l_quantity DECIMAL(15,2) NOT NULL,
    l_extendedprice DECIMAL(15,2) NOT NULL,
    l_discount DECIMAL(15,2) NOT NULL,
    l_tax DECIMAL(15,2) NOT NULL,
    l_returnflag VARCHAR NOT NULL,
    l_linestatus VARCHAR NOT NULL,
    l_shipdate DATE NOT NULL,
    l_commitdate DATE NOT NULL,
    l_receiptdate DATE NOT NULL,
    l_shipinstruct VARCHAR NOT NULL,
    l_shipmode VARCHAR NOT NULL,
    l_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.lineitem
WITH line AS (
    SELECT o_orderkey, o_orderdate, unnest(range(1, lines + 1)) AS l_linenumber
    FROM temp.sample_order
),
keyed AS (
    SELECT *, o_orderkey * 8 + l_linenumber AS k FROM line
),
picked AS (
    SELECT *,
        1 + sample_int(k, 600, 20000) AS partkey,
        1 + sample_int(k, 602, 50) AS quantity,
        o_orderdate + 1 + sample_int(k, 603, 121) AS shipdate
    FROM keyed
),
dated AS (
    SELECT *, shipdate + 1 + sample_int(k, 604, 30) AS receiptdate FROM picked
)
SELECT
    o_orderkey,
    partkey,
    (partkey + sample_int(k, 601, 4) * (1000 // 4 + (partkey - 1) // 1000)) % 1000 + 1,
    l_linenumber,
    quantity,
    sample_cents(quantity * (90000 + (partkey // 10) % 20001 + 100 * (partkey % 1000))),
    sample_cents(sample_int(k, 605, 11)),
    sample_cents(sample_int(k, 606, 9)),
    CASE WHEN receiptdate > DATE '1995-06-17' THEN 'N'
         WHEN sample_int(k, 607, 2) = 0 THEN 'R' ELSE 'A' END,
    CASE WHEN shipdate > DATE '1995-06-17' THEN 'O' ELSE 'F' END,
    shipdate,
    o_orderdate + 30 + sample_int(k, 608, 61),
    receiptdate,
    sample_pick(['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'], k, 609),
    sample_pick(['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'], k, 610),
    sample_comment(k, 620, 10, 43)
FROM dated
ORDER BY o_orderkey, l_linenumber;

-- step 0.86 Generating TPC-H orders
CREATE TABLE {db}.tpch.orders (
    o_orderkey INTEGER NOT NULL,
    o_custkey INTEGER NOT NULL,
    o_orderstatus VARCHAR NOT NULL,
    o_totalprice DECIMAL(15,2) NOT NULL,
    o_orderdate DATE NOT NULL,
    o_orderpriority VARCHAR NOT NULL,
    o_clerk VARCHAR NOT NULL,
    o_shippriority INTEGER NOT NULL,
    o_comment VARCHAR NOT NULL
);
INSERT INTO {db}.tpch.orders
WITH totals AS (
    SELECT
        l_orderkey,
        count(*) AS lines,
        count(*) FILTER (WHERE l_linestatus = 'O') AS open_lines,
        sum(round(l_extendedprice * (1 - l_discount) * (1 + l_tax), 2)) AS total
    FROM {db}.tpch.lineitem
    GROUP BY l_orderkey
)
SELECT
    o.o_orderkey,
    o.o_custkey,
    CASE WHEN t.open_lines = 0 THEN 'F' WHEN t.open_lines = t.lines THEN 'O' ELSE 'P' END,
    CAST(t.total AS DECIMAL(15,2)),
    o.o_orderdate,
    sample_pick(['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'], o.n, 503),
    'Clerk#' || lpad((1 + sample_int(o.n, 504, 100))::VARCHAR, 9, '0'),
    0,
    sample_comment(o.n, 510, 19, 78)
FROM temp.sample_order o
JOIN totals t ON t.l_orderkey = o.o_orderkey
ORDER BY o.o_orderkey;

-- step 0.96 Finishing
-- The comments are written last: together they mark a complete build.
COMMENT ON TABLE {db}.taxi.zones IS 'Taxi zones of New York City';
COMMENT ON TABLE {db}.taxi.trips IS 'Yellow-cab trips in New York City, 2013 (generated)';
COMMENT ON TABLE {db}.tpch.region IS 'TPC-H regions, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.nation IS 'TPC-H nations, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.supplier IS 'TPC-H suppliers, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.customer IS 'TPC-H customers, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.part IS 'TPC-H parts, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.partsupp IS 'TPC-H part suppliers, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.orders IS 'TPC-H orders, scale factor 0.1';
COMMENT ON TABLE {db}.tpch.lineitem IS 'TPC-H line items, scale factor 0.1';
DROP TABLE temp.sample_order;
DROP TABLE temp.sample_zone;
DROP MACRO sample_comment;
DROP TABLE temp.sample_text;
DROP MACRO sample_cents;
DROP MACRO sample_pick;
DROP MACRO sample_int;
