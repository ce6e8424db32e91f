package org.casejourney.platform.problems;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem a client developer can act on, in both apps: a stable {@code type}, a title, a detail
 * sentence, for validation failures every bad field by its JSON name, and any further named property.
 */
public class ApiProblem extends RuntimeException {

    /** One bad field: its JSON path and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public static ApiProblem invalidEvent(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-event", "The event is not valid", detail, errors);
    }

    /** One more member of the problem (a pseudonym, a projection's name), after the standard ones. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    /** The stable problem type, as in {@code /problems/<type>}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            // as records, so each error's members keep their order: field, then message
            problem.setProperty("errors", errors);
        }
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** Answers with this problem from a servlet filter, before any controller (and so the advice) is reached. */
    public void writeTo(HttpServletResponse response, ObjectMapper mapper) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), toProblemDetail());
    }
}
