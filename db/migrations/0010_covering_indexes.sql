DROP INDEX `share_proposals_shared_item_idx`;--> statement-breakpoint
CREATE INDEX `share_proposals_shared_item_action_idx` ON `share_proposals` (`shared_item_id`,`action_id`);--> statement-breakpoint
CREATE INDEX `actions_id_owner_idx` ON `actions` (`id`,`owner_id`);