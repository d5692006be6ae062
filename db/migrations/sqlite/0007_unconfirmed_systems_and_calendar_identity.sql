ALTER TABLE `outbox` ADD `mail_key` text;--> statement-breakpoint
ALTER TABLE `refresh_tickets` ADD `appointment_uid` text;--> statement-breakpoint
ALTER TABLE `refresh_tickets` ADD `appointment_sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `systems` ADD `unconfirmed` integer DEFAULT false NOT NULL;