-- Scored groups and their completions: the queue that trainers claim with leases.
CREATE TABLE scored_group (
    id               uuid         PRIMARY KEY,
    run_id           varchar(128) NOT NULL,
    step             bigint       NOT NULL,
    policy_version   bigint       NOT NULL,
    prompt_id        varchar(256) NOT NULL,
    task             varchar(16)  NOT NULL,
    prompt           text,
    reference        text         NOT NULL,
    state            varchar(16)  NOT NULL,
    claimer_id       varchar(128),
    lease_expires_at timestamptz,
    delivery_count   integer      NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL,
    acknowledged_at  timestamptz,
    -- One stored group per prompt of a step and policy version: a resubmission is a duplicate.
    CONSTRAINT uq_scored_group_key UNIQUE (run_id, step, prompt_id, policy_version),
    CONSTRAINT ck_scored_group_state CHECK (state IN ('PENDING', 'LEASED', 'ACKED')),
    CONSTRAINT ck_scored_group_lease CHECK (state <> 'LEASED' OR (claimer_id IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- Claims scan the unacknowledged groups of one run in submission order.
CREATE INDEX ix_scored_group_claimable ON scored_group (run_id, created_at, id) WHERE state <> 'ACKED';

CREATE TABLE scored_completion (
    id               uuid             PRIMARY KEY,
    group_id         uuid             NOT NULL REFERENCES scored_group (id) ON DELETE CASCADE,
    completion_index integer          NOT NULL,
    text             text             NOT NULL,
    token_ids        integer[],
    step_map         integer[],
    nfe              integer          NOT NULL,
    early_exit       boolean          NOT NULL,
    anchor_count     integer          NOT NULL,
    reward           double precision NOT NULL,
    breakdown_names  text[]           NOT NULL,
    breakdown_values double precision[] NOT NULL,
    outcome          varchar(16)      NOT NULL,
    detail           text,
    CONSTRAINT uq_scored_completion_index UNIQUE (group_id, completion_index)
);
