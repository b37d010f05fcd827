-- Hand-written: the report roll-ups (report_daily, report_reach) are derived from the event rows;
-- these triggers note, in the same transaction as every change of an event row (whatever code
-- makes it, cascades included), which China-time days (and for attendances which organizing
-- unit and person) must be re-derived. reports/rollups.ts re-derives them before the next report.
-- Day = (epoch ms + 8 h) / 1 day, integer division. A mark with day = -1 asks for a full rebuild.
-- The same marks as drizzle/sqlite/0005_report_rollup_triggers.sql.
CREATE FUNCTION report_mark_attendance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, OLD.user_id FROM activities a WHERE a.id = OLD.activity_id;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, NEW.user_id FROM activities a WHERE a.id = NEW.activity_id;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_attendances AFTER INSERT OR DELETE OR UPDATE OF activity_id, user_id ON attendances FOR EACH ROW EXECUTE FUNCTION report_mark_attendance();
--> statement-breakpoint
CREATE FUNCTION report_mark_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (OLD.starts_at + 28800000) / 86400000, OLD.unit_id, t.user_id FROM attendances t WHERE t.activity_id = OLD.id;
	IF TG_OP = 'UPDATE' THEN
		INSERT INTO report_dirty (day, unit_id, user_id) SELECT (NEW.starts_at + 28800000) / 86400000, NEW.unit_id, t.user_id FROM attendances t WHERE t.activity_id = NEW.id;
		RETURN NULL;
	END IF;
	RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_activities_au AFTER UPDATE OF unit_id, starts_at, ends_at, cancelled_at, source ON activities FOR EACH ROW
WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.cancelled_at IS DISTINCT FROM NEW.cancelled_at OR OLD.source IS DISTINCT FROM NEW.source)
EXECUTE FUNCTION report_mark_activity();
--> statement-breakpoint
CREATE TRIGGER report_activities_bd BEFORE DELETE ON activities FOR EACH ROW EXECUTE FUNCTION report_mark_activity();
--> statement-breakpoint
CREATE FUNCTION report_mark_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.signed_at IS NOT NULL THEN
		INSERT INTO report_dirty (day) VALUES ((OLD.signed_at + 28800000) / 86400000);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.signed_at IS NOT NULL THEN
		INSERT INTO report_dirty (day) VALUES ((NEW.signed_at + 28800000) / 86400000);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_reading_checkins AFTER INSERT OR DELETE OR UPDATE OF signed_at, opened_at, user_id, lesson_id ON reading_checkins FOR EACH ROW EXECUTE FUNCTION report_mark_signed();
--> statement-breakpoint
CREATE TRIGGER report_regulation_checkins AFTER INSERT OR DELETE OR UPDATE OF signed_at, opened_at, user_id, min_read_seconds, regulation_id ON regulation_checkins FOR EACH ROW EXECUTE FUNCTION report_mark_signed();
--> statement-breakpoint
CREATE FUNCTION report_mark_quiz() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.submitted_at IS NOT NULL THEN
		INSERT INTO report_dirty (day) VALUES ((OLD.submitted_at + 28800000) / 86400000);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.submitted_at IS NOT NULL THEN
		INSERT INTO report_dirty (day) VALUES ((NEW.submitted_at + 28800000) / 86400000);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_quiz_attempts AFTER INSERT OR DELETE OR UPDATE OF submitted_at, started_at, deadline_at, total_count, score, user_id ON quiz_attempts FOR EACH ROW EXECUTE FUNCTION report_mark_quiz();
--> statement-breakpoint
CREATE FUNCTION report_mark_completion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO report_dirty (day) VALUES ((OLD.completed_at + 28800000) / 86400000);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO report_dirty (day) VALUES ((NEW.completed_at + 28800000) / 86400000);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_course_completions AFTER INSERT OR DELETE OR UPDATE OF completed_at, user_id ON course_completions FOR EACH ROW EXECUTE FUNCTION report_mark_completion();
--> statement-breakpoint
-- A person who moves takes their own learning along (it counts for their unit now).
CREATE FUNCTION report_mark_moved_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_dirty (day)
	SELECT DISTINCT d FROM (
		SELECT (signed_at + 28800000) / 86400000 AS d FROM reading_checkins WHERE user_id = NEW.id AND signed_at IS NOT NULL
		UNION ALL SELECT (signed_at + 28800000) / 86400000 FROM regulation_checkins WHERE user_id = NEW.id AND signed_at IS NOT NULL
		UNION ALL SELECT (submitted_at + 28800000) / 86400000 FROM quiz_attempts WHERE user_id = NEW.id AND submitted_at IS NOT NULL
		UNION ALL SELECT (completed_at + 28800000) / 86400000 FROM course_completions WHERE user_id = NEW.id
	) x;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_users_au AFTER UPDATE OF org_unit_id ON users FOR EACH ROW WHEN (OLD.org_unit_id IS DISTINCT FROM NEW.org_unit_id) EXECUTE FUNCTION report_mark_moved_person();
--> statement-breakpoint
-- A lesson's minimum reading time caps the hours of every reading of it.
CREATE FUNCTION report_mark_lesson() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_dirty (day) SELECT DISTINCT (signed_at + 28800000) / 86400000 FROM reading_checkins WHERE lesson_id = NEW.id AND signed_at IS NOT NULL;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_lessons_au AFTER UPDATE OF min_read_seconds ON lessons FOR EACH ROW WHEN (OLD.min_read_seconds IS DISTINCT FROM NEW.min_read_seconds) EXECUTE FUNCTION report_mark_lesson();
--> statement-breakpoint
INSERT INTO report_dirty (day) VALUES (-1);
