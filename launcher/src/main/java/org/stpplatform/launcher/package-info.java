/**
 * The {@code stp} command line: starts reward, rollout and trainer as child processes, runs the
 * Countdown demo through the trainer's REST API, streams its progress and writes the report.
 */
package org.stpplatform.launcher;
