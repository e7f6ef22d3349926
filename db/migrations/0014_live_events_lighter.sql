-- Rebuilt without AUTOINCREMENT and without the (meeting_id, version) index. Nothing references live_events, so no foreign key is affected.
CREATE TABLE `__new_live_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`op_id` text NOT NULL,
	`version` integer NOT NULL,
	`actor_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_live_events`("id", "meeting_id", "op_id", "version", "actor_id", "type", "at") SELECT "id", "meeting_id", "op_id", "version", "actor_id", "type", "at" FROM `live_events`;--> statement-breakpoint
DROP TABLE `live_events`;--> statement-breakpoint
ALTER TABLE `__new_live_events` RENAME TO `live_events`;--> statement-breakpoint
CREATE UNIQUE INDEX `live_events_op_unique` ON `live_events` (`meeting_id`,`op_id`);