package org.casejourney.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings each app cannot start, or cannot work in a container, without (docs/operations.md,
 * docs/security.md): its database logins (its own role and, unless its migrations run elsewhere, the owner's), where the database and Kafka
 * are, an address other than loopback, the token issuer, audience and public keys, the pseudonym key
 * and, on the command side, the master keys.
 */
enum RequiredSettings {
    COMMAND_SIDE("casejourney.personal-data.master-keys"),
    QUERY_SIDE();

    private static final List<String> BOTH = List.of(
            "server.address",
            "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
            "spring.flyway.user", "spring.flyway.password",
            "spring.kafka.bootstrap-servers",
            "casejourney.security.jwt.issuer", "casejourney.security.jwt.audience",
            "casejourney.pseudonyms.secret");

    private final List<String> own;

    RequiredSettings(String... own) {
        this.own = List.of(own);
    }

    /** What is missing, given the properties set (by property name or by environment variable name). */
    List<String> missing(Set<String> given) {
        Set<String> names = given.stream().map(RequiredSettings::key).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        List<String> required = new ArrayList<>(BOTH);
        required.addAll(own);
        if (names.contains(key("spring.flyway.enabled"))) {
            // set only to turn the app's own migrations off (the Kubernetes Deployments: a Job migrates, as the owner)
            required.removeAll(List.of("spring.flyway.user", "spring.flyway.password"));
        }
        for (String property : required) {
            if (!names.contains(key(property))) {
                missing.add(property);
            }
        }
        boolean uri = names.contains(key("casejourney.security.jwt.jwk-set-uri"));
        boolean set = names.contains(key("casejourney.security.jwt.jwk-set"));
        if (uri == set) {
            missing.add("exactly one of casejourney.security.jwt.jwk-set-uri and casejourney.security.jwt.jwk-set");
        }
        return missing;
    }

    /**
     * A property's name with its separators dropped: Spring binds spring.kafka.bootstrap-servers from
     * SPRING_KAFKA_BOOTSTRAPSERVERS and from the legacy SPRING_KAFKA_BOOTSTRAP_SERVERS alike.
     */
    static String key(String name) {
        return name.replace("-", "").replace("_", "").replace(".", "").toUpperCase(java.util.Locale.ROOT);
    }
}
