CREATE INDEX `share_proposals_shared_item_idx` ON `share_proposals` (`shared_item_id`);--> statement-breakpoint
CREATE INDEX `shared_items_month_idx` ON `shared_items` (`month`);