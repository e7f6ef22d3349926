CREATE TABLE `shared_item_themes` (
	`shared_item_id` text NOT NULL,
	`theme_id` text NOT NULL,
	`footprint_id` text NOT NULL,
	`month` text NOT NULL,
	PRIMARY KEY(`shared_item_id`, `theme_id`),
	FOREIGN KEY (`shared_item_id`) REFERENCES `shared_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `shared_item_themes_month_idx` ON `shared_item_themes` (`month`,`theme_id`,`footprint_id`);