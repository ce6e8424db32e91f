package org.casejourney.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.casejourney.platform.problems.ProblemAdvice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Errors Tomcat answers itself, before the application sees the request (for example a path
 * holding %00), leave as problem details too, never as an HTML page. Public: Tomcat makes it by name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body = "{\"type\":\"/problems/" + ProblemAdvice.typeOf(status) + "\",\"title\":\"Request refused\",\"status\":" + status
                + ",\"detail\":\"The server refused this request before reading it (for example an encoded NUL or other "
                + "illegal character in the path).\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client has gone; nothing more to tell it
        }
    }
}
