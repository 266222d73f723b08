package org.stpplatform.deploytests;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Micrometer meters that the services agree to export, and the Prometheus series names they
 * become: dots turn into underscores, counters end in {@code _total}, timers expose
 * {@code _seconds_count}, {@code _seconds_sum} and {@code _seconds_max}, distribution summaries
 * {@code _count}, {@code _sum} and {@code _max}. A counter or gauge with a base unit gets the unit
 * appended, before {@code _total} for a counter.
 */
final class MetricContract {

    enum Type { COUNTER, GAUGE, TIMER, SUMMARY }

    /** Meter type by Micrometer name. A counter or gauge with a base unit has the unit after a colon. */
    static final Map<String, String> METERS = meters();

    private MetricContract() {}

    private static Map<String, String> meters() {
        Map<String, String> meters = new LinkedHashMap<>();
        meters.put("stp.reward.scores", "COUNTER");
        meters.put("stp.reward.scoring.latency", "TIMER");
        meters.put("stp.reward.queue.depth", "GAUGE");
        meters.put("stp.reward.groups.submitted", "COUNTER");
        meters.put("stp.reward.claims", "COUNTER");
        meters.put("stp.reward.lease.expiries", "COUNTER");

        meters.put("stp.rollout.tokens.generated", "COUNTER:tokens");
        meters.put("stp.rollout.nfe", "SUMMARY");
        meters.put("stp.rollout.early.exit.saved.forwards", "COUNTER");
        meters.put("stp.rollout.anchor.fraction", "SUMMARY");
        meters.put("stp.rollout.tokens.per.step", "SUMMARY");
        meters.put("stp.rollout.batch.size", "SUMMARY");
        meters.put("stp.rollout.queue.depth", "GAUGE");
        meters.put("stp.rollout.policy.version", "GAUGE");
        meters.put("stp.rollout.weight.swap", "TIMER");

        for (String gauge : new String[] {"step", "reward.mean", "reward.std", "accuracy", "loss", "kl",
                "clip.fraction", "zero.spread.fraction", "estimator.variance", "estimator.variance.unpruned",
                "nfe.per.sample", "early.exit.rate", "anchor.fraction", "policy.version.lag", "runs"}) {
            meters.put("stp.trainer." + gauge, "GAUGE");
        }
        meters.put("stp.trainer.phase.duration", "TIMER");
        meters.put("stp.trainer.last.step.timestamp", "GAUGE:seconds");
        meters.put("stp.trainer.groups.dropped.stale", "COUNTER");
        return meters;
    }

    /** Returns every Prometheus series name that one meter exports. */
    static Set<String> prometheusNames(String micrometerName) {
        String spec = METERS.get(micrometerName);
        if (spec == null) {
            throw new IllegalArgumentException("unknown meter " + micrometerName + ", expected one of " + METERS.keySet());
        }
        String base = micrometerName.replace('.', '_');
        String[] typeAndUnit = spec.split(":");
        Set<String> names = new TreeSet<>();
        switch (Type.valueOf(typeAndUnit[0])) {
            case COUNTER -> names.add(withUnit(base, typeAndUnit) + "_total");
            case GAUGE -> names.add(withUnit(base, typeAndUnit));
            case TIMER -> {
                names.add(base + "_seconds_count");
                names.add(base + "_seconds_sum");
                names.add(base + "_seconds_max");
            }
            case SUMMARY -> {
                names.add(base + "_count");
                names.add(base + "_sum");
                names.add(base + "_max");
            }
        }
        return names;
    }

    private static String withUnit(String base, String[] typeAndUnit) {
        return typeAndUnit.length > 1 ? base + "_" + typeAndUnit[1] : base;
    }

    /** Returns the series names of all meters. */
    static Set<String> allPrometheusNames() {
        Set<String> names = new TreeSet<>();
        METERS.keySet().forEach(meter -> names.addAll(prometheusNames(meter)));
        return names;
    }
}
