CREATE TABLE `audits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`changes` text,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audits_ticket_idx` ON `audits` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `audits_entity_idx` ON `audits` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `batch_serials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`serial` text NOT NULL,
	`line_no` integer NOT NULL,
	`lookup_result` text DEFAULT 'pending' NOT NULL,
	`system_id` integer,
	`ticket_id` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_serials_batch_serial_uq` ON `batch_serials` (`batch_id`,`serial`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`config_id` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`looked_up_at` integer,
	FOREIGN KEY (`config_id`) REFERENCES `refresh_configs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_name_unique` ON `batches` (`name`);--> statement-breakpoint
CREATE TABLE `config_approved_models` (
	`config_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	PRIMARY KEY(`config_id`, `model_id`),
	FOREIGN KEY (`config_id`) REFERENCES `refresh_configs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `config_approvers` (
	`config_id` integer NOT NULL,
	`slack_user_id` text NOT NULL,
	PRIMARY KEY(`config_id`, `slack_user_id`),
	FOREIGN KEY (`config_id`) REFERENCES `refresh_configs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `config_approvers_user_idx` ON `config_approvers` (`slack_user_id`);--> statement-breakpoint
CREATE TABLE `config_bundle_peripherals` (
	`config_id` integer NOT NULL,
	`peripheral_id` integer NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`config_id`, `peripheral_id`),
	FOREIGN KEY (`config_id`) REFERENCES `refresh_configs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`peripheral_id`) REFERENCES `peripherals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `email_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`ticket_id` integer,
	`case_id` integer,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`message_id` text NOT NULL,
	`transport` text NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_log_outbox_id_unique` ON `email_log` (`outbox_id`);--> statement-breakpoint
CREATE INDEX `email_log_ticket_idx` ON `email_log` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `email_log_case_idx` ON `email_log` (`case_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`ok` integer DEFAULT true NOT NULL,
	`detail` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_ticket_idx` ON `events` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`scheduled_for` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`summary` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_idx` ON `job_runs` (`job`,`scheduled_for`);--> statement-breakpoint
CREATE TABLE `job_schedules` (
	`job` text PRIMARY KEY NOT NULL,
	`pattern` text NOT NULL,
	`registered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manufacturer` text NOT NULL,
	`name` text NOT NULL,
	`platform` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_manufacturer_name_uq` ON `models` (`manufacturer`,`name`);--> statement-breakpoint
CREATE TABLE `order_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`unit_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`po_number` text,
	`request_item` text,
	`approved_by` text,
	`approved_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_groups_name_unique` ON `order_groups` (`name`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`notice` text NOT NULL,
	`payload` text NOT NULL,
	`ticket_id` integer,
	`case_id` integer,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_at` integer,
	`last_error` text,
	`delivered_at` integer,
	`delivery_ref` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_ticket_idx` ON `outbox` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `outbox_case_idx` ON `outbox` (`case_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`slack_user_id` text,
	`slack_looked_up_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_unique` ON `people` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_slack_user_id_unique` ON `people` (`slack_user_id`);--> statement-breakpoint
CREATE TABLE `peripherals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `peripherals_name_unique` ON `peripherals` (`name`);--> statement-breakpoint
CREATE TABLE `refresh_configs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`unit_id` integer,
	`style` text NOT NULL,
	`can_customize_computer` integer DEFAULT false NOT NULL,
	`can_customize_platform` integer DEFAULT false NOT NULL,
	`can_request_different_device` integer DEFAULT false NOT NULL,
	`can_customize_peripherals` integer DEFAULT false NOT NULL,
	`can_customize_software` integer DEFAULT false NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL,
	`proposed_model_id` integer,
	`unit_specified_location` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_configs_name_unique` ON `refresh_configs` (`name`);--> statement-breakpoint
CREATE TABLE `refresh_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`existing_system_id` integer NOT NULL,
	`user_id` integer,
	`delegate_id` integer,
	`config_id` integer NOT NULL,
	`style` text NOT NULL,
	`status` text NOT NULL,
	`status_before_hold` text,
	`proposed_model_id` integer,
	`chosen_model_id` integer,
	`different_device_requested` integer DEFAULT false NOT NULL,
	`different_device_reason` text,
	`building` text,
	`room` text,
	`shipping_address` text,
	`replacement_system_id` integer,
	`group_id` integer,
	`support_team_id` integer,
	`schedule_slot_id` integer,
	`tracking_number` text,
	`order_group_id` integer,
	`batch_id` integer,
	`itsm_ticket_id` text,
	`wizard_state` text,
	`denial_reason` text,
	`decided_by` text,
	`decided_at` integer,
	`invitation_due_at` integer,
	`invited_at` integer,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`notes` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`existing_system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegate_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`config_id`) REFERENCES `refresh_configs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chosen_model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replacement_system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `system_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`support_team_id`) REFERENCES `support_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_slot_id`) REFERENCES `schedule_slots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_group_id`) REFERENCES `order_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refresh_tickets_status_idx` ON `refresh_tickets` (`status`);--> statement-breakpoint
CREATE INDEX `refresh_tickets_config_idx` ON `refresh_tickets` (`config_id`);--> statement-breakpoint
CREATE INDEX `refresh_tickets_user_idx` ON `refresh_tickets` (`user_id`);--> statement-breakpoint
CREATE INDEX `refresh_tickets_delegate_idx` ON `refresh_tickets` (`delegate_id`);--> statement-breakpoint
CREATE INDEX `refresh_tickets_invitation_idx` ON `refresh_tickets` (`invitation_due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tickets_open_system_uq` ON `refresh_tickets` (`existing_system_id`) WHERE "refresh_tickets"."status" not in ('complete', 'canceled');--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tickets_replacement_uq` ON `refresh_tickets` (`replacement_system_id`);--> statement-breakpoint
CREATE TABLE `roles` (
	`slack_user_id` text NOT NULL,
	`role` text NOT NULL,
	`scope` text DEFAULT '' NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`slack_user_id`, `role`, `scope`)
);
--> statement-breakpoint
CREATE TABLE `schedule_slot_preferences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`support_team_id` integer NOT NULL,
	`weekdays` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`slot_minutes` integer NOT NULL,
	`capacity` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`support_team_id`) REFERENCES `support_teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `slot_preferences_team_idx` ON `schedule_slot_preferences` (`support_team_id`);--> statement-breakpoint
CREATE TABLE `schedule_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`support_team_id` integer NOT NULL,
	`preference_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`booked` integer DEFAULT 0 NOT NULL,
	`deleted_at` integer,
	`deleted_by` text,
	FOREIGN KEY (`support_team_id`) REFERENCES `support_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`preference_id`) REFERENCES `schedule_slot_preferences`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_slots_team_start_uq` ON `schedule_slots` (`support_team_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `software` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`requires_approval` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `software_name_unique` ON `software` (`name`);--> statement-breakpoint
CREATE TABLE `support_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`slack_channel_id` text,
	`time_zone` text DEFAULT 'America/Detroit' NOT NULL,
	`itsm_group` text,
	`min_free_slots` integer DEFAULT 5 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `support_teams_name_unique` ON `support_teams` (`name`);--> statement-breakpoint
CREATE TABLE `system_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `system_groups_name_unique` ON `system_groups` (`name`);--> statement-breakpoint
CREATE TABLE `systems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`serial` text NOT NULL,
	`name` text,
	`model_id` integer,
	`platform` text,
	`user_id` integer,
	`support_team_id` integer,
	`unit_id` integer,
	`building` text,
	`room` text,
	`group_id` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`support_team_id`) REFERENCES `support_teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `system_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `systems_serial_unique` ON `systems` (`serial`);--> statement-breakpoint
CREATE INDEX `systems_user_idx` ON `systems` (`user_id`);--> statement-breakpoint
CREATE INDEX `systems_support_team_idx` ON `systems` (`support_team_id`);--> statement-breakpoint
CREATE TABLE `ticket_peripherals` (
	`ticket_id` integer NOT NULL,
	`peripheral_id` integer NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`ticket_id`, `peripheral_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`peripheral_id`) REFERENCES `peripherals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ticket_software` (
	`ticket_id` integer NOT NULL,
	`software_id` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `software_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `refresh_tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`software_id`) REFERENCES `software`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `unit_approved_models` (
	`unit_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `model_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `unit_approved_peripherals` (
	`unit_id` integer NOT NULL,
	`peripheral_id` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `peripheral_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`peripheral_id`) REFERENCES `peripherals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `unit_bundle_peripherals` (
	`unit_id` integer NOT NULL,
	`peripheral_id` integer NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`unit_id`, `peripheral_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`peripheral_id`) REFERENCES `peripherals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_unique` ON `units` (`name`);