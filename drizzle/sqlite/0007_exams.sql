CREATE TABLE `exam_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`response` text NOT NULL,
	`revision` integer NOT NULL,
	`saved_at` integer NOT NULL,
	`correct` integer,
	FOREIGN KEY (`attempt_id`) REFERENCES `exam_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exam_answers_attempt_question` ON `exam_answers` (`attempt_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `exam_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`exam_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`number` integer NOT NULL,
	`unit_id` integer,
	`paper` text NOT NULL,
	`total_points` integer NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`closed_at` integer,
	`close_reason` text,
	`score` integer,
	`correct_count` integer,
	`passed` integer,
	FOREIGN KEY (`exam_id`) REFERENCES `exams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exam_attempts_number` ON `exam_attempts` (`exam_id`,`user_id`,`number`);--> statement-breakpoint
CREATE INDEX `exam_attempts_user` ON `exam_attempts` (`user_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `exam_attempts_open` ON `exam_attempts` (`closed_at`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `exam_certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`exam_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`attempt_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit_name` text NOT NULL,
	`exam_title` text NOT NULL,
	`score` integer NOT NULL,
	`total_points` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` integer,
	`revoke_reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`exam_id`) REFERENCES `exams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`attempt_id`) REFERENCES `exam_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exam_certificates_code_unique` ON `exam_certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `exam_certificates_person` ON `exam_certificates` (`exam_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `exam_certificates_user` ON `exam_certificates` (`user_id`);--> statement-breakpoint
CREATE TABLE `exam_leave_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attempt_id` integer NOT NULL,
	`kind` text NOT NULL,
	`left_at` integer NOT NULL,
	`returned_at` integer,
	FOREIGN KEY (`attempt_id`) REFERENCES `exam_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exam_leave_events_attempt` ON `exam_leave_events` (`attempt_id`,`id`);--> statement-breakpoint
CREATE TABLE `exam_people` (
	`exam_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`exam_id`, `user_id`),
	FOREIGN KEY (`exam_id`) REFERENCES `exams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exam_people_user` ON `exam_people` (`user_id`);--> statement-breakpoint
CREATE TABLE `exams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`unit_id` integer NOT NULL,
	`audience` text NOT NULL,
	`paper_mode` text NOT NULL,
	`sections` text NOT NULL,
	`fixed_paper` text,
	`shuffle_options` integer DEFAULT true NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`time_limit_minutes` integer NOT NULL,
	`attempts_allowed` integer DEFAULT 1 NOT NULL,
	`pass_score` integer NOT NULL,
	`total_points` integer NOT NULL,
	`show_answers` integer DEFAULT true NOT NULL,
	`auto_submit_leaves` integer,
	`makeup_of` integer,
	`seed_secret` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`released_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`makeup_of`) REFERENCES `exams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `exams_unit` ON `exams` (`unit_id`);--> statement-breakpoint
CREATE INDEX `exams_closes` ON `exams` (`closes_at`,`released_at`);--> statement-breakpoint
CREATE TABLE `first_tries` (
	`user_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`correct` integer NOT NULL,
	`source` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `question_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `first_tries_question` ON `first_tries` (`question_id`);--> statement-breakpoint
CREATE TABLE `notebook_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`due` integer NOT NULL,
	`stability` real NOT NULL,
	`difficulty` real NOT NULL,
	`elapsed_days` integer NOT NULL,
	`scheduled_days` integer NOT NULL,
	`learning_steps` integer NOT NULL,
	`reps` integer NOT NULL,
	`lapses` integer NOT NULL,
	`state` integer NOT NULL,
	`last_review` integer,
	`article_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notebook_cards_user_question` ON `notebook_cards` (`user_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `notebook_cards_due` ON `notebook_cards` (`user_id`,`due`);--> statement-breakpoint
CREATE TABLE `notebook_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`source` text NOT NULL,
	`source_id` integer NOT NULL,
	`response` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notebook_entries_source` ON `notebook_entries` (`source`,`source_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `notebook_entries_user` ON `notebook_entries` (`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `notebook_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`rating` integer NOT NULL,
	`state` integer NOT NULL,
	`due` integer NOT NULL,
	`stability` real NOT NULL,
	`difficulty` real NOT NULL,
	`elapsed_days` integer NOT NULL,
	`last_elapsed_days` integer NOT NULL,
	`scheduled_days` integer NOT NULL,
	`learning_steps` integer NOT NULL,
	`response` text NOT NULL,
	`correct` integer NOT NULL,
	`reviewed_at` integer NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `notebook_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notebook_reviews_card` ON `notebook_reviews` (`card_id`);--> statement-breakpoint
CREATE INDEX `notebook_reviews_user` ON `notebook_reviews` (`user_id`,`reviewed_at`);