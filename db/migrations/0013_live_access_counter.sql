-- Who may be in a live meeting depends on the meeting's cohort, the cohort's
-- facilitators and its current members. Every change to those raises the
-- 'live_access' counter (in the same transaction), so the live meeting can
-- keep each person's access until the counter moves instead of querying it
-- on every command, and still refuse a removed member's very next command.
INSERT INTO `change_counters` (`name`, `value`) VALUES ('live_access', 0);--> statement-breakpoint
CREATE TRIGGER `cohort_memberships_insert_live_access` AFTER INSERT ON `cohort_memberships` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `cohort_memberships_update_live_access` AFTER UPDATE ON `cohort_memberships` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `cohort_memberships_delete_live_access` AFTER DELETE ON `cohort_memberships` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `cohorts_update_live_access` AFTER UPDATE OF `facilitator_id`, `co_facilitator_id` ON `cohorts` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `cohorts_delete_live_access` AFTER DELETE ON `cohorts` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `meetings_update_live_access` AFTER UPDATE OF `cohort_id` ON `meetings` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;--> statement-breakpoint
CREATE TRIGGER `meetings_delete_live_access` AFTER DELETE ON `meetings` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'live_access'; END;
