CREATE TABLE `desk_case_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`message_id` integer,
	`name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob NOT NULL,
	`source_ref` text,
	`uploaded_by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `desk_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `desk_case_messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `desk_case_files_case` ON `desk_case_files` (`case_id`);--> statement-breakpoint
CREATE TABLE `desk_case_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `desk_cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `desk_case_history_case` ON `desk_case_history` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `desk_case_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`side` text NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`author_slack_user_id` text,
	`author_email` text,
	`author_name` text,
	`text` text NOT NULL,
	`source_ref` text,
	`relayed_as` text NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `desk_cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `desk_case_messages_case` ON `desk_case_messages` (`case_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `desk_case_messages_source` ON `desk_case_messages` (`source_ref`);--> statement-breakpoint
CREATE TABLE `desk_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`reporter_slack_user_id` text,
	`reporter_email` text,
	`reporter_name` text,
	`contact_slack_user_id` text,
	`contact_email` text,
	`contact_name` text,
	`account_id` integer,
	`environment_id` integer,
	`impact` text NOT NULL,
	`category_id` integer,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`group_id` integer,
	`assignee_slack_user_id` text,
	`status` text NOT NULL,
	`status_changed_at` integer NOT NULL,
	`due_at` integer,
	`route_rule_id` integer,
	`route_reason` text,
	`escalated_at` integer,
	`first_response_at` integer,
	`response_due_at` integer,
	`resolution_due_at` integer,
	`card_outbox_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`opened_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `desk_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `desk_environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `desk_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `desk_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`route_rule_id`) REFERENCES `desk_rules`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `desk_cases_group_status` ON `desk_cases` (`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `desk_cases_assignee_status` ON `desk_cases` (`assignee_slack_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `desk_cases_reporter` ON `desk_cases` (`reporter_slack_user_id`);--> statement-breakpoint
CREATE INDEX `desk_cases_contact` ON `desk_cases` (`contact_slack_user_id`);--> statement-breakpoint
CREATE INDEX `desk_cases_status_changed` ON `desk_cases` (`status`,`status_changed_at`);--> statement-breakpoint
CREATE INDEX `outbox_delivery_ref_idx` ON `outbox` (`delivery_ref`);