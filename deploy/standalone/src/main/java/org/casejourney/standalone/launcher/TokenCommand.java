package org.casejourney.standalone.launcher;

import org.casejourney.security.Role;
import org.casejourney.standalone.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code token --role R}: prints a bearer token the standalone system accepts, signed with its local private key. */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static String usage() {
        return """
                token: prints a token for calling the standalone system (signed with the private key in DATA_DIR/keys.properties).
                  --role R          recorder, analyst, auditor or admin; repeat as --role a,b for several (required)
                  --subject NAME    the principal the token names, recorded as recordedBy and in access logs (default: <role>-local)
                  --hours N         how long it is valid (default and maximum 12: the apps refuse longer-lived tokens)
                  e.g. curl -H "Authorization: Bearer $(java -jar casejourney-standalone.jar token --role analyst)" ...
                """;
    }

    public static int run(List<String> args) {
        Options options = Options.parse(args, Set.of("role", "subject", "hours"), Set.of("help"));
        if (options.has("help")) {
            System.out.println(usage());
            return 0;
        }
        String given = options.string("role", null);
        if (given == null) {
            throw new Options.UsageException("--role is required: one of recorder, analyst, auditor, admin");
        }
        List<Role> roles = new ArrayList<>();
        for (String name : given.split(",")) {
            roles.add(Role.fromClaim(name).orElseThrow(() ->
                    new Options.UsageException("unknown role '" + name.trim() + "': one of recorder, analyst, auditor, admin")));
        }
        String subject = options.string("subject", roles.get(0).claimValue() + "-local");
        int hours = options.positiveInt("hours", (int) LocalKeys.MAX_LIFETIME.toHours());
        if (hours > LocalKeys.MAX_LIFETIME.toHours()) {
            throw new Options.UsageException("--hours " + hours + " is too long: the apps refuse tokens valid for more than "
                    + LocalKeys.MAX_LIFETIME.toHours() + " hours; run the token command again when it expires");
        }
        Path dataDir = StandaloneConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath()).dataDir();
        System.out.println(LocalKeys.in(dataDir).token(subject, roles, Duration.ofHours(hours)));
        return 0;
    }
}
