CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `share_proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`action_id` text NOT NULL,
	`report_id` text,
	`meeting_id` text NOT NULL,
	`decision` text NOT NULL,
	`redacted_text` text NOT NULL,
	`decided_by` text,
	`decided_at` integer NOT NULL,
	`withdrawn_at` integer,
	`owner_agreed_at` integer,
	`shared_at` integer,
	`shared_item_id` text,
	FOREIGN KEY (`action_id`) REFERENCES `actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`) REFERENCES `action_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`shared_item_id`) REFERENCES `shared_items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_proposals_item_unique` ON `share_proposals` (`kind`,`action_id`,coalesce("report_id", ''));--> statement-breakpoint
CREATE INDEX `share_proposals_meeting_idx` ON `share_proposals` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `share_proposals_due_idx` ON `share_proposals` (`decision`,`shared_at`,`withdrawn_at`);--> statement-breakpoint
CREATE TABLE `shared_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`footprint_id` text NOT NULL,
	`month` text NOT NULL,
	`theme_ids` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`footprint_id`) REFERENCES `footprints`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `shared_items_footprint_month_idx` ON `shared_items` (`footprint_id`,`month`);--> statement-breakpoint
ALTER TABLE `action_reports` ADD `note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `action_reports` ADD `reported_by` text REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `actions` ADD `success_measure` text;--> statement-breakpoint
ALTER TABLE `actions` ADD `target_date` text;--> statement-breakpoint
ALTER TABLE `users` ADD `erased_at` integer;