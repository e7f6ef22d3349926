CREATE TABLE `shared_theme_counts` (
	`month` text NOT NULL,
	`theme_id` text NOT NULL,
	`footprint_id` text NOT NULL,
	`items` integer NOT NULL,
	PRIMARY KEY(`month`, `theme_id`, `footprint_id`)
);
--> statement-breakpoint
CREATE INDEX `shared_items_themes_month_idx` ON `shared_items` (`theme_ids`,`month`);--> statement-breakpoint
INSERT INTO `shared_theme_counts` (`month`, `theme_id`, `footprint_id`, `items`)
  SELECT `month`, `theme_id`, `footprint_id`, count(*) FROM `shared_item_themes` GROUP BY `month`, `theme_id`, `footprint_id`;--> statement-breakpoint
CREATE TRIGGER `shared_item_themes_insert_count` AFTER INSERT ON `shared_item_themes` BEGIN
  INSERT INTO `shared_theme_counts` (`month`, `theme_id`, `footprint_id`, `items`) VALUES (new.`month`, new.`theme_id`, new.`footprint_id`, 1)
    ON CONFLICT (`month`, `theme_id`, `footprint_id`) DO UPDATE SET `items` = `items` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `shared_item_themes_delete_count` AFTER DELETE ON `shared_item_themes` BEGIN
  UPDATE `shared_theme_counts` SET `items` = `items` - 1 WHERE `month` = old.`month` AND `theme_id` = old.`theme_id` AND `footprint_id` = old.`footprint_id`;
  DELETE FROM `shared_theme_counts` WHERE `month` = old.`month` AND `theme_id` = old.`theme_id` AND `footprint_id` = old.`footprint_id` AND `items` <= 0;
END;
