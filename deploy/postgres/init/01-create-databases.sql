-- One database per service that stores data; each runs its own Flyway migrations.
-- PostgreSQL runs this once, when the data volume is empty.
CREATE DATABASE stp_reward;
CREATE DATABASE stp_trainer;
