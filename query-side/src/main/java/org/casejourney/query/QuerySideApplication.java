package org.casejourney.query;

import org.springframework.boot.SpringApplication;
import org.casejourney.query.platform.QuerySideProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The query side: consumes the event topic into read models and serves the analysts' API. */
@SpringBootApplication
// Flyway's settings bound even where start-up does not migrate (spring.flyway.enabled=false): a rebuild migrates its new schema
@EnableConfigurationProperties({QuerySideProperties.class, FlywayProperties.class})
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
