CREATE TABLE `itsm_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`itsm_ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`due_at` integer,
	`completed_at` integer,
	`completed_by` text,
	FOREIGN KEY (`itsm_ticket_id`) REFERENCES `itsm_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `itsm_tasks_ticket_idx` ON `itsm_tasks` (`itsm_ticket_id`);