-- Held-out completions whose reward outcome was UNPARSEABLE (for Countdown mostly a completion
-- without a closed <answer> tag). Evaluations stored before this migration get 0, although their
-- completions were never counted.
ALTER TABLE evaluations ADD COLUMN unparseable_count INTEGER NOT NULL DEFAULT 0;
