package org.casejourney.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Front-line systems post what happened here; auditors replay it from here. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

    static {
        // Axon otherwise reports usage to AxonIQ's update checker on start
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
