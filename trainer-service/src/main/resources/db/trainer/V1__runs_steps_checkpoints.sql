-- Trainer records, in the schema named by spring.flyway.default-schema (trainer).

CREATE TABLE runs (
    id                  VARCHAR(64)  PRIMARY KEY,
    name                VARCHAR(200),
    task                VARCHAR(32)  NOT NULL,
    algorithm           VARCHAR(32)  NOT NULL,
    state               VARCHAR(32)  NOT NULL,
    status_detail       TEXT,
    config_json         TEXT         NOT NULL,
    current_step        BIGINT       NOT NULL DEFAULT 0,
    total_steps         BIGINT       NOT NULL,
    base_policy_version BIGINT,
    policy_version      BIGINT,
    last_checkpoint_step BIGINT,
    groups_dropped_stale BIGINT      NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ  NOT NULL,
    updated_at          TIMESTAMPTZ  NOT NULL,
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ
);
CREATE INDEX runs_state_idx ON runs (state);

CREATE TABLE run_steps (
    id                     BIGSERIAL    PRIMARY KEY,
    run_id                 VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step                   BIGINT       NOT NULL,
    policy_version         BIGINT       NOT NULL,
    groups_used            INTEGER      NOT NULL,
    groups_dropped_stale   INTEGER      NOT NULL,
    reward_mean            DOUBLE PRECISION NOT NULL,
    reward_std             DOUBLE PRECISION NOT NULL,
    accuracy               DOUBLE PRECISION NOT NULL,
    loss                   DOUBLE PRECISION NOT NULL,
    kl                     DOUBLE PRECISION NOT NULL,
    clip_fraction          DOUBLE PRECISION NOT NULL,
    zero_spread_fraction   DOUBLE PRECISION NOT NULL,
    estimator_variance     DOUBLE PRECISION,
    nfe_per_sample         DOUBLE PRECISION NOT NULL,
    early_exit_rate        DOUBLE PRECISION NOT NULL,
    anchor_fraction        DOUBLE PRECISION NOT NULL,
    policy_version_lag     DOUBLE PRECISION NOT NULL,
    rollout_ms             BIGINT       NOT NULL,
    scoring_ms             BIGINT       NOT NULL,
    update_ms              BIGINT       NOT NULL,
    push_ms                BIGINT       NOT NULL,
    created_at             TIMESTAMPTZ  NOT NULL,
    CONSTRAINT run_steps_run_step_uk UNIQUE (run_id, step)
);

CREATE TABLE checkpoints (
    id              BIGSERIAL    PRIMARY KEY,
    run_id          VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step            BIGINT       NOT NULL,
    policy_version  BIGINT       NOT NULL,
    path            TEXT         NOT NULL,
    sha256          VARCHAR(64)  NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT checkpoints_run_step_uk UNIQUE (run_id, step)
);

CREATE TABLE evaluations (
    id                 BIGSERIAL    PRIMARY KEY,
    run_id             VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step               BIGINT       NOT NULL,
    policy_version     BIGINT       NOT NULL,
    checkpoint_id      BIGINT,
    dataset            TEXT         NOT NULL,
    generation_length  INTEGER      NOT NULL,
    block_length       INTEGER      NOT NULL,
    denoising_steps    INTEGER      NOT NULL,
    temperature        DOUBLE PRECISION NOT NULL,
    seed               BIGINT       NOT NULL,
    hardware           TEXT         NOT NULL,
    sample_count       INTEGER      NOT NULL,
    correct_count      INTEGER      NOT NULL,
    accuracy           DOUBLE PRECISION NOT NULL,
    reward_mean        DOUBLE PRECISION NOT NULL,
    nfe_per_sample     DOUBLE PRECISION NOT NULL,
    duration_ms        BIGINT       NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    CONSTRAINT evaluations_run_step_length_uk UNIQUE (run_id, step, generation_length)
);

-- A prior set is keyed by everything that changes its anchors: dataset, model, decoding, strategy, rho.
CREATE TABLE prior_sets (
    id            BIGSERIAL    PRIMARY KEY,
    prior_key     VARCHAR(64)  NOT NULL UNIQUE,
    description   TEXT         NOT NULL,
    prompt_count  INTEGER      NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL
);

CREATE TABLE priors (
    id            BIGSERIAL    PRIMARY KEY,
    prior_set_id  BIGINT       NOT NULL REFERENCES prior_sets (id) ON DELETE CASCADE,
    prompt_id     VARCHAR(200) NOT NULL,
    token_ids     INTEGER[]    NOT NULL,
    anchors       BOOLEAN[]    NOT NULL,
    CONSTRAINT priors_set_prompt_uk UNIQUE (prior_set_id, prompt_id)
);
