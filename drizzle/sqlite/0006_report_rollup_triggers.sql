-- Hand-written: the report roll-ups (report_daily, report_reach) are derived from the event rows;
-- these triggers note, in the same transaction as every change of an event row (whatever code
-- makes it, cascades included), which China-time days (and for attendances which organizing
-- unit and person) must be re-derived. reports/rollups.ts re-derives them before the next report.
-- Day = (epoch ms + 8 h) / 1 day, integer division. A mark with day = -1 asks for a full rebuild.
CREATE TRIGGER `report_attendances_ai` AFTER INSERT ON `attendances` BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, NEW.user_id FROM activities a WHERE a.id = NEW.activity_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_attendances_ad` AFTER DELETE ON `attendances` BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, OLD.user_id FROM activities a WHERE a.id = OLD.activity_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_attendances_au` AFTER UPDATE OF activity_id, user_id ON `attendances` BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, OLD.user_id FROM activities a WHERE a.id = OLD.activity_id;
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (a.starts_at + 28800000) / 86400000, a.unit_id, NEW.user_id FROM activities a WHERE a.id = NEW.activity_id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_activities_au` AFTER UPDATE OF unit_id, starts_at, ends_at, cancelled_at, source ON `activities`
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.cancelled_at IS NOT NEW.cancelled_at OR OLD.source IS NOT NEW.source
BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (OLD.starts_at + 28800000) / 86400000, OLD.unit_id, t.user_id FROM attendances t WHERE t.activity_id = OLD.id;
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (NEW.starts_at + 28800000) / 86400000, NEW.unit_id, t.user_id FROM attendances t WHERE t.activity_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_activities_bd` BEFORE DELETE ON `activities` BEGIN
	INSERT INTO report_dirty (day, unit_id, user_id) SELECT (OLD.starts_at + 28800000) / 86400000, OLD.unit_id, t.user_id FROM attendances t WHERE t.activity_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `report_reading_checkins_ai` AFTER INSERT ON `reading_checkins` WHEN NEW.signed_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((NEW.signed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_reading_checkins_ad` AFTER DELETE ON `reading_checkins` WHEN OLD.signed_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((OLD.signed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_reading_checkins_au` AFTER UPDATE OF signed_at, opened_at, user_id, lesson_id ON `reading_checkins` BEGIN
	INSERT INTO report_dirty (day) SELECT (OLD.signed_at + 28800000) / 86400000 WHERE OLD.signed_at IS NOT NULL;
	INSERT INTO report_dirty (day) SELECT (NEW.signed_at + 28800000) / 86400000 WHERE NEW.signed_at IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_regulation_checkins_ai` AFTER INSERT ON `regulation_checkins` WHEN NEW.signed_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((NEW.signed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_regulation_checkins_ad` AFTER DELETE ON `regulation_checkins` WHEN OLD.signed_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((OLD.signed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_regulation_checkins_au` AFTER UPDATE OF signed_at, opened_at, user_id, min_read_seconds, regulation_id ON `regulation_checkins` BEGIN
	INSERT INTO report_dirty (day) SELECT (OLD.signed_at + 28800000) / 86400000 WHERE OLD.signed_at IS NOT NULL;
	INSERT INTO report_dirty (day) SELECT (NEW.signed_at + 28800000) / 86400000 WHERE NEW.signed_at IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_quiz_attempts_ai` AFTER INSERT ON `quiz_attempts` WHEN NEW.submitted_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((NEW.submitted_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_quiz_attempts_ad` AFTER DELETE ON `quiz_attempts` WHEN OLD.submitted_at IS NOT NULL BEGIN
	INSERT INTO report_dirty (day) VALUES ((OLD.submitted_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_quiz_attempts_au` AFTER UPDATE OF submitted_at, started_at, deadline_at, total_count, score, user_id ON `quiz_attempts` BEGIN
	INSERT INTO report_dirty (day) SELECT (OLD.submitted_at + 28800000) / 86400000 WHERE OLD.submitted_at IS NOT NULL;
	INSERT INTO report_dirty (day) SELECT (NEW.submitted_at + 28800000) / 86400000 WHERE NEW.submitted_at IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_completions_ai` AFTER INSERT ON `course_completions` BEGIN
	INSERT INTO report_dirty (day) VALUES ((NEW.completed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_completions_ad` AFTER DELETE ON `course_completions` BEGIN
	INSERT INTO report_dirty (day) VALUES ((OLD.completed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
CREATE TRIGGER `report_course_completions_au` AFTER UPDATE OF completed_at, user_id ON `course_completions` BEGIN
	INSERT INTO report_dirty (day) VALUES ((OLD.completed_at + 28800000) / 86400000), ((NEW.completed_at + 28800000) / 86400000);
END;
--> statement-breakpoint
-- A person who moves takes their own learning along (it counts for their unit now).
CREATE TRIGGER `report_users_au` AFTER UPDATE OF org_unit_id ON `users` WHEN OLD.org_unit_id IS NOT NEW.org_unit_id BEGIN
	INSERT INTO report_dirty (day)
	SELECT DISTINCT d FROM (
		SELECT (signed_at + 28800000) / 86400000 AS d FROM reading_checkins WHERE user_id = NEW.id AND signed_at IS NOT NULL
		UNION ALL SELECT (signed_at + 28800000) / 86400000 FROM regulation_checkins WHERE user_id = NEW.id AND signed_at IS NOT NULL
		UNION ALL SELECT (submitted_at + 28800000) / 86400000 FROM quiz_attempts WHERE user_id = NEW.id AND submitted_at IS NOT NULL
		UNION ALL SELECT (completed_at + 28800000) / 86400000 FROM course_completions WHERE user_id = NEW.id
	) x;
END;
--> statement-breakpoint
-- A lesson's minimum reading time caps the hours of every reading of it.
CREATE TRIGGER `report_lessons_au` AFTER UPDATE OF min_read_seconds ON `lessons` WHEN OLD.min_read_seconds IS NOT NEW.min_read_seconds BEGIN
	INSERT INTO report_dirty (day) SELECT DISTINCT (signed_at + 28800000) / 86400000 FROM reading_checkins WHERE lesson_id = NEW.id AND signed_at IS NOT NULL;
END;
--> statement-breakpoint
INSERT INTO report_dirty (day) VALUES (-1);
