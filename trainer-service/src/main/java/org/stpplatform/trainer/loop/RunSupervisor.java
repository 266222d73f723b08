package org.stpplatform.trainer.loop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.stpplatform.trainer.TrainerProperties;
import org.stpplatform.trainer.run.RunEntity;
import org.stpplatform.trainer.run.RunExecutor;
import org.stpplatform.trainer.run.RunRepository;
import org.stpplatform.trainer.run.RunState;

/**
 * Runs one background worker thread per active run. At startup it resumes the runs that were
 * running or waiting when the service stopped. At shutdown it requests every worker to stop and
 * waits briefly. The runs keep their states, so the next start resumes them.
 */
@Component
public class RunSupervisor implements RunExecutor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final RunWorkerFactory workers;
    private final RunRepository runs;
    private final TrainerProperties properties;
    private final Map<String, Handle> active = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public RunSupervisor(RunWorkerFactory workers, RunRepository runs, TrainerProperties properties) {
        this.workers = workers;
        this.runs = runs;
        this.properties = properties;
    }

    /**
     * A worker thread and its flags.
     *
     * @param relaunch set when a launch arrives while the worker is finishing, so that a new
     *     worker starts after it exits (a resume right after a pause)
     */
    private record Handle(Thread thread, AtomicBoolean stopRequested, AtomicBoolean relaunch) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void resumeActiveRuns() {
        if (!properties.resumeOnStartup()) {
            return;
        }
        List<RunEntity> toResume = runs.findByStateInOrderByCreatedAtAsc(List.of(RunState.RUNNING, RunState.WAITING));
        for (RunEntity run : toResume) {
            log.info("Resuming run after restart runId={} completedSteps={}", run.getId(), run.getCurrentStep());
            launch(run.getId());
        }
    }

    @Override
    public synchronized void launch(String runId) {
        if (shuttingDown) {
            log.warn("Run not launched because the service is stopping runId={}", runId);
            return;
        }
        Handle existing = active.get(runId);
        if (existing != null && existing.thread().isAlive()) {
            existing.relaunch().set(true);
            log.info("Run worker still active; a new one starts when it exits runId={}", runId);
            return;
        }
        AtomicBoolean stopRequested = new AtomicBoolean();
        AtomicBoolean relaunch = new AtomicBoolean();
        Runnable worker = workers.create(runId, stopRequested);
        Thread thread = new Thread(() -> {
            try {
                worker.run();
            } finally {
                finished(runId, relaunch);
            }
        }, "run-worker-" + runId);
        thread.setDaemon(true);
        active.put(runId, new Handle(thread, stopRequested, relaunch));
        thread.start();
        log.info("Run worker started runId={}", runId);
    }

    private synchronized void finished(String runId, AtomicBoolean relaunch) {
        active.remove(runId);
        if (relaunch.get() && !shuttingDown
                && runs.findById(runId).map(run -> run.getState().isActive()).orElse(false)) {
            launch(runId);
        }
    }

    @Override
    public void requestStop(String runId) {
        Handle handle = active.get(runId);
        if (handle != null) {
            handle.stopRequested().set(true);
            log.info("Run worker asked to stop runId={}", runId);
        }
    }

    @Override
    public boolean isActive(String runId) {
        Handle handle = active.get(runId);
        return handle != null && handle.thread().isAlive();
    }

    /** Stops every worker; runs keep their state so that the next start resumes them. */
    @Override
    public void destroy() throws InterruptedException {
        shuttingDown = true;
        active.values().forEach(handle -> handle.stopRequested().set(true));
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Map.Entry<String, Handle> entry : active.entrySet()) {
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Thread thread = entry.getValue().thread();
            thread.join(remainingMillis);
            if (thread.isAlive()) {
                log.warn("Run worker did not stop in time; interrupting runId={}", entry.getKey());
                thread.interrupt();
                thread.join(5_000);
            }
        }
        log.info("Run supervisor stopped");
    }
}
