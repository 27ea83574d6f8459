-- 0032: the figures a report counted are kept in the store, with the generation of what they
-- read, so a window opened again gives them without reading 200,000 records (the first
-- dashboard after opening counted three rounds: about 2 s, docs/benchmarks.md).
--
-- `figures_generation` moves, in the same transaction as the write, whenever a row of a table
-- the reports read is inserted, updated or deleted: per round for the records and their
-- summaries, and one row ('') for what every round's figures read (rounds, units, villages,
-- the installation, entered households, standards, settings). Triggers rather than the app's
-- own bookkeeping, so that every writer moves it: another process, an older app, a migration.
-- A table the reports never read is listed, with the reason, in `kept_figures::UNWATCHED`;
-- a test fails for a table that is neither watched here nor listed there.
--
-- `kept_figures` holds the figures (JSON), the generations they were counted at, and the order
-- they were kept in (only the latest few are kept). Derived data: never journalled, never
-- exchanged; an older app ignores both tables and its writes still move the generations, so
-- compat stays.
-- `IF NOT EXISTS` throughout: a store whose schema version is set back before 0032 runs it
-- again (the tests make older stores so).
-- Append-only: never edit this file after release.

CREATE TABLE IF NOT EXISTS figures_generation (
    round_id TEXT PRIMARY KEY,  -- '' for what every round's figures read
    n        INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS kept_figures (
    key         TEXT PRIMARY KEY,  -- what was counted, and by which build of the counting code
    generations TEXT NOT NULL,     -- `figures_generation` of what it read, when it was counted
    kept_seq    INTEGER NOT NULL,
    body        BLOB NOT NULL
) STRICT;

-- admin_unit: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS admin_unit_figures_i AFTER INSERT ON admin_unit BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS admin_unit_figures_u AFTER UPDATE ON admin_unit BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS admin_unit_figures_d AFTER DELETE ON admin_unit BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- admin_unit_succession: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS admin_unit_succession_figures_i AFTER INSERT ON admin_unit_succession BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS admin_unit_succession_figures_u AFTER UPDATE ON admin_unit_succession BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS admin_unit_succession_figures_d AFTER DELETE ON admin_unit_succession BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- installation: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS installation_figures_i AFTER INSERT ON installation BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS installation_figures_u AFTER UPDATE ON installation BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS installation_figures_d AFTER DELETE ON installation BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- loaded_standards: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS loaded_standards_figures_i AFTER INSERT ON loaded_standards BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS loaded_standards_figures_u AFTER UPDATE ON loaded_standards BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS loaded_standards_figures_d AFTER DELETE ON loaded_standards BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- round: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS round_figures_i AFTER INSERT ON round BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_figures_u AFTER UPDATE ON round BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_figures_d AFTER DELETE ON round BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- round_alias: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS round_alias_figures_i AFTER INSERT ON round_alias BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_alias_figures_u AFTER UPDATE ON round_alias BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_alias_figures_d AFTER DELETE ON round_alias BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- round_settings: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS round_settings_figures_i AFTER INSERT ON round_settings BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_settings_figures_u AFTER UPDATE ON round_settings BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS round_settings_figures_d AFTER DELETE ON round_settings BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- unit_households: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS unit_households_figures_i AFTER INSERT ON unit_households BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS unit_households_figures_u AFTER UPDATE ON unit_households BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS unit_households_figures_d AFTER DELETE ON unit_households BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- village: read by every round's figures.
CREATE TRIGGER IF NOT EXISTS village_figures_i AFTER INSERT ON village BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS village_figures_u AFTER UPDATE ON village BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS village_figures_d AFTER DELETE ON village BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES ('', 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- survey_record: read by its round's figures.
CREATE TRIGGER IF NOT EXISTS survey_record_figures_i AFTER INSERT ON survey_record BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (NEW.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS survey_record_figures_u AFTER UPDATE ON survey_record BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (NEW.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
    INSERT INTO figures_generation (round_id, n) SELECT OLD.round_id, 1 WHERE OLD.round_id IS NOT NEW.round_id
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS survey_record_figures_d AFTER DELETE ON survey_record BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (OLD.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;

-- record_summary: read by its round's figures.
CREATE TRIGGER IF NOT EXISTS record_summary_figures_i AFTER INSERT ON record_summary BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (NEW.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS record_summary_figures_u AFTER UPDATE ON record_summary BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (NEW.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
    INSERT INTO figures_generation (round_id, n) SELECT OLD.round_id, 1 WHERE OLD.round_id IS NOT NEW.round_id
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS record_summary_figures_d AFTER DELETE ON record_summary BEGIN
    INSERT INTO figures_generation (round_id, n) VALUES (OLD.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET n = n + 1;
END;
