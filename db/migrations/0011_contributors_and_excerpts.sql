CREATE TABLE `change_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shared_item_contributors` (
	`shared_item_id` text NOT NULL,
	`theme_id` text NOT NULL,
	`proposal_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`footprint_id` text NOT NULL,
	`month` text NOT NULL,
	PRIMARY KEY(`shared_item_id`, `theme_id`),
	FOREIGN KEY (`shared_item_id`) REFERENCES `shared_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposal_id`) REFERENCES `share_proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shared_item_contributors_count_idx` ON `shared_item_contributors` (`theme_id`,`month`,`footprint_id`,`owner_id`);--> statement-breakpoint
CREATE INDEX `shared_item_contributors_proposal_idx` ON `shared_item_contributors` (`proposal_id`);--> statement-breakpoint
CREATE INDEX `shared_item_contributors_owner_idx` ON `shared_item_contributors` (`owner_id`);--> statement-breakpoint
CREATE INDEX `shared_item_themes_theme_month_idx` ON `shared_item_themes` (`theme_id`,`month`);--> statement-breakpoint
INSERT INTO `shared_item_contributors` (`shared_item_id`, `theme_id`, `proposal_id`, `owner_id`, `footprint_id`, `month`)
  SELECT si.`id`, '*', p.`id`, a.`owner_id`, si.`footprint_id`, si.`month` FROM `shared_items` si JOIN `share_proposals` p ON p.`shared_item_id` = si.`id` JOIN `actions` a ON a.`id` = p.`action_id`
  UNION ALL
  SELECT t.`shared_item_id`, t.`theme_id`, p.`id`, a.`owner_id`, t.`footprint_id`, t.`month` FROM `shared_item_themes` t JOIN `share_proposals` p ON p.`shared_item_id` = t.`shared_item_id` JOIN `actions` a ON a.`id` = p.`action_id`;--> statement-breakpoint
INSERT INTO `change_counters` (`name`, `value`) VALUES ('advisory', 0);--> statement-breakpoint
CREATE TRIGGER `shared_items_insert_advisory_counter` AFTER INSERT ON `shared_items` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_items_update_advisory_counter` AFTER UPDATE ON `shared_items` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_items_delete_advisory_counter` AFTER DELETE ON `shared_items` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_item_themes_insert_advisory_counter` AFTER INSERT ON `shared_item_themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_item_themes_delete_advisory_counter` AFTER DELETE ON `shared_item_themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_item_contributors_insert_advisory_counter` AFTER INSERT ON `shared_item_contributors` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `shared_item_contributors_delete_advisory_counter` AFTER DELETE ON `shared_item_contributors` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `themes_insert_advisory_counter` AFTER INSERT ON `themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `themes_update_advisory_counter` AFTER UPDATE ON `themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;--> statement-breakpoint
CREATE TRIGGER `themes_delete_advisory_counter` AFTER DELETE ON `themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'advisory'; END;
