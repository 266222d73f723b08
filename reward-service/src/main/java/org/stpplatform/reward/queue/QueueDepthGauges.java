package org.stpplatform.reward.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code stp.reward.queue.depth} (state=pending|leased) over all runs. The counts are
 * refreshed on a schedule ({@code stp.reward.queue.depth-refresh-interval}) so that a scrape never
 * runs a query; between refreshes the values may lag by that interval.
 */
@Component
class QueueDepthGauges {

    private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);

    private final GroupStore store;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong leased = new AtomicLong();
    private boolean lastRefreshFailed;

    QueueDepthGauges(GroupStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        Gauge.builder("stp.reward.queue.depth", pending, AtomicLong::get)
                .description("Groups waiting for a claim (pending) or under an unexpired lease (leased)")
                .tag("state", "pending").register(registry);
        Gauge.builder("stp.reward.queue.depth", leased, AtomicLong::get)
                .description("Groups waiting for a claim (pending) or under an unexpired lease (leased)")
                .tag("state", "leased").register(registry);
    }

    @Scheduled(fixedDelayString = "${stp.reward.queue.depth-refresh-interval:5s}", initialDelay = 0)
    void refresh() {
        try {
            QueueCounts counts = store.countsOfAllRuns(Instant.now(clock));
            pending.set(counts.pending());
            leased.set(counts.leased());
            if (lastRefreshFailed) {
                log.info("Queue depth refresh recovered");
                lastRefreshFailed = false;
            }
        } catch (DataAccessException e) {
            // Logged once per outage so that a database restart does not flood the log.
            if (!lastRefreshFailed) {
                log.warn("Queue depth refresh failed; the gauges keep their last values", e);
                lastRefreshFailed = true;
            }
        }
    }
}
