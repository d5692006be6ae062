CREATE TABLE `order_group_messages` (
	`order_group_id` integer NOT NULL,
	`channel` text NOT NULL,
	`ts` text NOT NULL,
	`posted_at` integer NOT NULL,
	PRIMARY KEY(`channel`, `ts`),
	FOREIGN KEY (`order_group_id`) REFERENCES `order_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_group_messages_group_idx` ON `order_group_messages` (`order_group_id`);--> statement-breakpoint
ALTER TABLE `order_groups` ADD `denied_by` text;--> statement-breakpoint
ALTER TABLE `order_groups` ADD `denial_reason` text;--> statement-breakpoint
ALTER TABLE `refresh_tickets` ADD `ordered_model_id` integer REFERENCES models(id);