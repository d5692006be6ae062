CREATE TABLE `itsm_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`refresh_ticket_id` integer,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`requested_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`refresh_ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `itsm_tickets_refresh_idx` ON `itsm_tickets` (`refresh_ticket_id`);--> statement-breakpoint
ALTER TABLE `batches` ADD `message_channel` text;--> statement-breakpoint
ALTER TABLE `batches` ADD `message_ts` text;