CREATE TABLE `desk_account_members` (
	`account_id` integer NOT NULL,
	`slack_user_id` text NOT NULL,
	PRIMARY KEY(`account_id`, `slack_user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `desk_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `desk_account_members_user` ON `desk_account_members` (`slack_user_id`);--> statement-breakpoint
CREATE TABLE `desk_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desk_accounts_name_unique` ON `desk_accounts` (`name`);--> statement-breakpoint
CREATE TABLE `desk_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`default_group_id` integer,
	`statuses` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`default_group_id`) REFERENCES `desk_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desk_categories_name_unique` ON `desk_categories` (`name`);--> statement-breakpoint
CREATE TABLE `desk_environments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `desk_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desk_environments_account_name` ON `desk_environments` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `desk_group_members` (
	`group_id` integer NOT NULL,
	`slack_user_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `slack_user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `desk_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `desk_group_members_user` ON `desk_group_members` (`slack_user_id`);--> statement-breakpoint
CREATE TABLE `desk_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`slack_channel_id` text,
	`main_slack_user_id` text,
	`is_triage` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desk_groups_name_unique` ON `desk_groups` (`name`);--> statement-breakpoint
CREATE TABLE `desk_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`category_id` integer,
	`subject_words` text NOT NULL,
	`description_words` text NOT NULL,
	`pattern` text,
	`group_id` integer NOT NULL,
	`assignee_slack_user_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `desk_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `desk_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `desk_rules_name_unique` ON `desk_rules` (`name`);--> statement-breakpoint
CREATE INDEX `desk_rules_position` ON `desk_rules` (`position`);