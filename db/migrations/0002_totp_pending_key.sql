ALTER TABLE `users` ADD `totp_pending_key` text;--> statement-breakpoint
ALTER TABLE `users` ADD `totp_pending_at` integer;