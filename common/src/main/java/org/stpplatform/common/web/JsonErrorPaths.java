package org.stpplatform.common.web;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Turns the reference path of a Jackson 3 exception into a field path such as {@code items[2].target}. */
final class JsonErrorPaths {

    private JsonErrorPaths() {
    }

    /** Returns the field path, or {@code "body"} when the error is not inside any field. */
    static String fieldPath(JacksonException exception) {
        List<JacksonException.Reference> path = exception.getPath();
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
