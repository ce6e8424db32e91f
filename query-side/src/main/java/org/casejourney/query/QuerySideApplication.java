package org.casejourney.query;

import org.springframework.boot.SpringApplication;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The query side: consumes the event topic into read models and serves the analysts' API. */
@SpringBootApplication
@EnableConfigurationProperties(QuerySideProperties.class)
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
