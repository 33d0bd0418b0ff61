package dev.serverlessmysql.samples.orders;

import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.stereotype.Component;

/**
 * Turns a function's JSON input into a request record, or into reasons why it cannot be one.
 *
 * <p>The functions take {@link JsonNode} rather than the records themselves because Spring Cloud
 * Function, when a record cannot be bound (say {@code "quantity": "many"}), hands the function the
 * raw bytes and the caller sees a {@code ClassCastException}; binding here lets the answer say
 * which field was wrong.
 */
@Component
class RequestReader {

    private final ObjectMapper json;

    RequestReader(ObjectMapper json) {
        this.json = json;
    }

    /** The input as {@code type}, or the problems that prevent it. */
    <T> Read<T> read(JsonNode input, Class<T> type) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return new Read<>(null, List.of());
        }
        if (!input.isObject()) {
            return Read.problems("the input must be a JSON object, was " + describe(input));
        }
        try {
            return new Read<>(json.treeToValue(input, type), List.of());
        } catch (JacksonException e) {
            return Read.problems(explain(e));
        }
    }

    private static String explain(JacksonException e) {
        String field = (e instanceof DatabindException databind) ? path(databind) : "";
        String subject = field.isEmpty() ? "the input" : field;
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return subject + " must be " + typeName(invalid.getTargetType()) + ", was " + quoted(invalid.getValue());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return subject + " must be " + typeName(mismatched.getTargetType());
        }
        return subject + " could not be read: " + e.getOriginalMessage();
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String typeName(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return (type == Integer.class || type == Long.class || type == int.class || type == long.class)
                    ? "a whole number" : "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }

    private static String describe(JsonNode node) {
        return node.isString() ? quoted(node.asString()) : node.getNodeType().name().toLowerCase() + " " + node;
    }

    private static String quoted(Object value) {
        return (value instanceof String text) ? "\"" + text + "\"" : String.valueOf(value);
    }

    /**
     * A read request: {@code value} is null when the input was empty or had problems.
     *
     * @param value the request
     * @param problems why there is none; empty when there is one or the input was empty
     */
    record Read<T>(T value, List<String> problems) {

        static <T> Read<T> problems(String problem) {
            return new Read<>(null, List.of(problem));
        }
    }
}
