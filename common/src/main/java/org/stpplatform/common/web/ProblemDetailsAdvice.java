package org.stpplatform.common.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Maps every error of a service's controllers to an RFC 9457 problem detail with a stable
 * {@code type}, a {@code requestId} member and, for validation errors, an {@code errors} array of
 * {@link FieldViolation}. Unexpected exceptions become a 500 whose detail only quotes the request
 * id; the exception itself is logged. Ordered last so that a service's own advice wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** Problem member that carries the field errors. */
    public static final String ERRORS = "errors";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException exception, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(exception.status(), exception.getMessage());
        problem.setType(exception.type());
        problem.setTitle(exception.title());
        if (!exception.errors().isEmpty()) {
            problem.setProperty(ERRORS, exception.errors());
        }
        exception.properties().forEach(problem::setProperty);
        if (exception.status().is5xxServerError()) {
            log.error("Request failed requestId={} type={}", RequestIds.current(), exception.type(), exception);
        } else {
            log.info("Request rejected requestId={} status={} detail={}",
                    RequestIds.current(), exception.status().value(), exception.getMessage());
        }
        return handleExceptionInternal(exception, problem, new HttpHeaders(), exception.status(), request);
    }

    /** Method validation outside controllers, e.g. a {@code @Validated} service called with bad arguments. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException exception, WebRequest request) {
        List<FieldViolation> errors = exception.getConstraintViolations().stream()
                .map(violation -> new FieldViolation(leafPath(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldViolation::field))
                .toList();
        return validationProblem(exception, errors, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception exception, WebRequest request) {
        String requestId = RequestIds.current();
        log.error("Unhandled error requestId={} path={}", requestId, request.getDescription(false), exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server failed to process the request. Quote request id " + requestId + " when reporting it.");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal server error");
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        for (FieldError fieldError : exception.getBindingResult().getFieldErrors()) {
            errors.add(new FieldViolation(fieldError.getField(), messageOf(fieldError)));
        }
        exception.getBindingResult().getGlobalErrors().forEach(
                error -> errors.add(new FieldViolation(error.getObjectName(), messageOf(error))));
        errors.sort(Comparator.comparing(FieldViolation::field));
        return validationProblem(exception, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        for (ParameterValidationResult result : exception.getParameterValidationResults()) {
            String parameter = parameterPath(result);
            if (result instanceof ParameterErrors parameterErrors) {
                for (FieldError fieldError : parameterErrors.getFieldErrors()) {
                    errors.add(new FieldViolation(parameter + "." + fieldError.getField(), messageOf(fieldError)));
                }
                parameterErrors.getGlobalErrors().forEach(
                        error -> errors.add(new FieldViolation(parameter, messageOf(error))));
            } else {
                result.getResolvableErrors().forEach(
                        error -> errors.add(new FieldViolation(parameter, messageOf(error))));
            }
        }
        errors.sort(Comparator.comparing(FieldViolation::field));
        return validationProblem(exception, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = exception.getMostSpecificCause();
        JacksonException jsonError = findJacksonException(exception);
        if (jsonError != null && !jsonError.getPath().isEmpty()) {
            String field = JsonErrorPaths.fieldPath(jsonError);
            return validationProblem(exception, List.of(new FieldViolation(field, describe(jsonError, cause))),
                    request);
        }
        String detail = jsonError != null
                ? "The request body is not valid JSON: " + jsonError.getOriginalMessage()
                : "The request body is missing or unreadable; send a JSON object with Content-Type application/json.";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, truncate(detail));
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(exception, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = exception.getPropertyName() != null ? exception.getPropertyName() : "parameter";
        String expected = exception.getRequiredType() != null
                ? exception.getRequiredType().getSimpleName() : "another type";
        String message = "invalid value '" + truncate(String.valueOf(exception.getValue())) + "', expected "
                + expected + enumHint(exception.getRequiredType());
        return validationProblem(exception, List.of(new FieldViolation(field, message)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        FieldViolation violation = new FieldViolation(exception.getParameterName(),
                "required " + exception.getParameterType() + " parameter is missing");
        return validationProblem(exception, List.of(violation), request);
    }

    /**
     * Gives every problem produced here or by the base class a platform type and the request id.
     * NOTE: errors raised before a handler is chosen (unknown path, unsupported method) did not reach
     * this advice in a Spring Boot 4.0.7 test. They keep Spring's problem body without type and id.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(statusCode.value() == 404 ? ProblemTypes.NOT_FOUND : ProblemTypes.HTTP);
            }
            String requestId = RequestIds.current();
            if (requestId != null) {
                problem.setProperty(RequestIds.MDC_KEY, requestId);
            }
        }
        return super.handleExceptionInternal(exception, body, headers, statusCode, request);
    }

    private ResponseEntity<Object> validationProblem(Exception exception, List<FieldViolation> errors,
            WebRequest request) {
        String fields = errors.stream().map(FieldViolation::field).distinct().collect(Collectors.joining(", "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid request: check " + (fields.isEmpty() ? "the request" : fields) + ".");
        problem.setType(ProblemTypes.VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty(ERRORS, errors);
        log.info("Request rejected requestId={} fields={}", RequestIds.current(), fields);
        return handleExceptionInternal(exception, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private static String describe(JacksonException jsonError, Throwable cause) {
        if (jsonError instanceof UnrecognizedPropertyException unknown) {
            return "unknown field; known fields here: " + truncate(unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(java.util.stream.Collectors.joining(", ")));
        }
        if (jsonError instanceof InvalidFormatException invalidFormat) {
            return "invalid value '" + truncate(String.valueOf(invalidFormat.getValue())) + "', expected "
                    + typeName(invalidFormat.getTargetType()) + enumHint(invalidFormat.getTargetType());
        }
        if (jsonError instanceof ValueInstantiationException && cause instanceof IllegalArgumentException
                && isPlatformType(((ValueInstantiationException) jsonError).getType().getRawClass())) {
            // Factories of platform types write client-safe messages that name the accepted values.
            return truncate(cause.getMessage());
        }
        if (jsonError instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            String original = mismatched.getOriginalMessage();
            // Jackson 3 rejects missing or null primitives (FAIL_ON_NULL_FOR_PRIMITIVES is on by default).
            if (original != null && (original.startsWith("Missing required") || original.contains("`null`"))) {
                return "is required, expected " + typeName(mismatched.getTargetType());
            }
            return "wrong JSON type, expected " + typeName(mismatched.getTargetType());
        }
        return "invalid value";
    }

    private static JacksonException findJacksonException(Throwable exception) {
        for (Throwable current = exception; current != null; current = current.getCause()) {
            if (current instanceof JacksonException jackson) {
                return jackson;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static boolean isPlatformType(Class<?> type) {
        return type != null && type.getName().startsWith("org.stpplatform.");
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number (" + type.getSimpleName() + ")";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        return type.getSimpleName();
    }

    private static String enumHint(Class<?> type) {
        if (type == null || !type.isEnum()) {
            return "";
        }
        return " (one of " + Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.toString().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String parameterPath(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        String path = name != null ? name : "arg" + result.getMethodParameter().getParameterIndex();
        if (result.getContainerIndex() != null) {
            path += "[" + result.getContainerIndex() + "]";
        } else if (result.getContainerKey() != null) {
            path += "[" + result.getContainerKey() + "]";
        }
        return path;
    }

    private static String leafPath(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Method validation paths start with the method name, e.g. "score.request.items[0].completion".
        int firstDot = path.indexOf('.');
        return firstDot >= 0 ? path.substring(firstDot + 1) : path;
    }

    private static String messageOf(MessageSourceResolvable error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "invalid value";
    }

    private static String truncate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
