CREATE TABLE `action_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`action_id` text NOT NULL,
	`meeting_id` text,
	`status` text NOT NULL,
	`learned` text DEFAULT '' NOT NULL,
	`obstacles` text DEFAULT '' NOT NULL,
	`reported_at` integer NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `action_reports_action_idx` ON `action_reports` (`action_id`,`reported_at`);--> statement-breakpoint
CREATE TABLE `actions` (
	`id` text PRIMARY KEY NOT NULL,
	`cohort_id` text NOT NULL,
	`meeting_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`text` text NOT NULL,
	`written_by` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`written_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `actions_owner_idx` ON `actions` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `actions_cohort_idx` ON `actions` (`cohort_id`,`status`);--> statement-breakpoint
CREATE TABLE `live_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` text NOT NULL,
	`op_id` text NOT NULL,
	`version` integer NOT NULL,
	`actor_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_events_op_unique` ON `live_events` (`meeting_id`,`op_id`);--> statement-breakpoint
CREATE INDEX `live_events_meeting_idx` ON `live_events` (`meeting_id`,`version`);--> statement-breakpoint
CREATE TABLE `live_meetings` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `meeting_notes` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `meeting_presence` (
	`meeting_id` text NOT NULL,
	`user_id` text NOT NULL,
	`first_joined_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `user_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
