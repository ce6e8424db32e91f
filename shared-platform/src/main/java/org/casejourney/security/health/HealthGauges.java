package org.casejourney.security.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

import java.util.List;

/**
 * The database's and the broker's health as metrics ({@code casejourney_health_up{component}}: 1 up,
 * 0 otherwise), so alert rules can say "database down" and "broker down" from a scrape. Each scrape
 * runs the same checks as {@code /actuator/health} for these two components. Auto-configured in both
 * apps wherever Micrometer and the actuator's health registry are present.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, HealthContributorRegistry.class})
public class HealthGauges {

    static final List<String> COMPONENTS = List.of("db", "kafka");

    private final ObjectProvider<HealthContributorRegistry> registry;

    HealthGauges(ObjectProvider<HealthContributorRegistry> registry, ObjectProvider<MeterRegistry> meterRegistry) {
        this.registry = registry;
        MeterRegistry meters = meterRegistry.getIfAvailable();
        if (meters == null) {
            return;
        }
        for (String component : COMPONENTS) {
            // a gauge holds its object weakly: this bean, which the context keeps, not the provider alone
            Gauge.builder("casejourney.health.up", this, g -> up(g.registry.getIfAvailable(), component))
                    .description("1 when the component's health check reports UP, 0 when it does not; NaN when there is no such check")
                    .tag("component", component)
                    .register(meters);
        }
    }

    static double up(HealthContributorRegistry registry, String component) {
        HealthContributor contributor = registry == null ? null : registry.getContributor(component);
        if (!(contributor instanceof HealthIndicator indicator)) {
            return Double.NaN;
        }
        return Status.UP.equals(indicator.health().getStatus()) ? 1 : 0;
    }
}
