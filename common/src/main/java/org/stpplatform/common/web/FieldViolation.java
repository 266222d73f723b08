package org.stpplatform.common.web;

/**
 * Entry of the {@code errors} array of a validation problem.
 *
 * @param field path of the offending field in the request, e.g. {@code items[2].completion}
 * @param message what is wrong with the value and which values are accepted
 */
public record FieldViolation(String field, String message) {
}
