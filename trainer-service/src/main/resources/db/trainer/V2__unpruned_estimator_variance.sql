-- Variance probe of the unpruned estimator (anchors masked like every other position) on the same
-- rows and seeds as estimator_variance. NULL when the probe is off or the estimator has no anchors.
ALTER TABLE run_steps ADD COLUMN unpruned_estimator_variance DOUBLE PRECISION;
