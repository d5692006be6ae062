CREATE TABLE `itsm_creations` (
	`outbox_id` integer PRIMARY KEY NOT NULL,
	`marker` text NOT NULL,
	`sent_at` integer NOT NULL,
	`itsm_ticket_id` text,
	`tasks` text NOT NULL,
	`task_sent` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `itsm_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`after_ticket_id` integer NOT NULL,
	`updated_at` integer NOT NULL
);
