-- 0005: what reports need from each household's answers, computed once. Only adds a table: an
-- older app can still open the store.
-- Append-only: never edit this file after release; add 0006_… instead.

-- Answers are content-addressed and never change, so what the domain measures of them
-- (rasoat_domain::targets::measure, under one set of target rules) never changes either.
-- Reports read these narrow rows instead of re-reading and re-parsing 3–4 KB of JSON per
-- household (730 MB for a 200,000-household round). Derived data, rebuilt on demand: not
-- journalled, not exchanged; `rules` is a fingerprint of the measure version and the rules.
CREATE TABLE answers_digest (
    hash                 TEXT NOT NULL,   -- answers.hash
    rules                TEXT NOT NULL,   -- fingerprint of the measure and its rules
    area                 TEXT NOT NULL,   -- 'rural' | 'urban'
    members              INTEGER NOT NULL,
    insured              INTEGER NOT NULL,
    hygienic_water       INTEGER NOT NULL,
    hygienic_latrine     INTEGER NOT NULL,
    school_age_children  INTEGER NOT NULL,
    school_age_in_school INTEGER NOT NULL,
    labour               INTEGER NOT NULL,
    trained_labour       INTEGER NOT NULL,
    information_access   INTEGER NOT NULL,
    net_income           INTEGER,         -- NULL when income was not measured
    party_member         INTEGER NOT NULL,
    PRIMARY KEY (hash, rules)
) STRICT, WITHOUT ROWID;
