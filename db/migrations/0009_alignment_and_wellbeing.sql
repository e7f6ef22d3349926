CREATE TABLE `assessment_answers` (
	`assessment_id` text NOT NULL,
	`recommendation_id` text NOT NULL,
	`level` text,
	`evidence` text DEFAULT '' NOT NULL,
	`next_step` text DEFAULT '' NOT NULL,
	`owner_role` text DEFAULT '' NOT NULL,
	`due_date` text,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`assessment_id`, `recommendation_id`),
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`label` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`started_by` text,
	`started_at` integer NOT NULL,
	`submitted_by` text,
	`submitted_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_one_draft_unique` ON `assessments` (`organisation_id`) WHERE "assessments"."status" = 'draft';--> statement-breakpoint
CREATE INDEX `assessments_org_idx` ON `assessments` (`organisation_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `organisation_leads` (
	`organisation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `user_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `organisation_leads_user_idx` ON `organisation_leads` (`user_id`);--> statement-breakpoint
CREATE TABLE `wellbeing_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`meeting_id` text,
	`footprint_id` text,
	`measure` text NOT NULL,
	`arrival` integer,
	`phq1` integer,
	`phq2` integer,
	`phq3` integer,
	`phq4` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`footprint_id`) REFERENCES `footprints`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `wellbeing_answers_user_idx` ON `wellbeing_answers` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `wellbeing_answers_footprint_idx` ON `wellbeing_answers` (`footprint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `wellbeing_consents` (
	`user_id` text PRIMARY KEY NOT NULL,
	`consented_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `footprints` ADD `hub_name` text;--> statement-breakpoint
ALTER TABLE `footprints` ADD `hub_phone` text;--> statement-breakpoint
ALTER TABLE `footprints` ADD `hub_url` text;--> statement-breakpoint
ALTER TABLE `footprints` ADD `hub_hours` text;