package org.casejourney.standalone;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of one sub-command: {@code --name value}, {@code --name=value} or a bare {@code --flag}. */
public final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Options() {
    }

    /**
     * @param valued the option names that take a value
     * @param flagged the option names that stand alone
     */
    public static Options parse(List<String> args, Set<String> valued, Set<String> flagged) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagged.contains(name) && value == null) {
                options.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return options;
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int positiveInt(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed <= 0) {
                throw new UsageException("--" + name + " must be positive, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got " + value);
        }
    }

    public long longValue(String name, long fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got " + value);
        }
    }

    /** An http(s) URL on this machine: the tools only ever load the local system. */
    public URI localUrl(String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + " is not a URL: " + value);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || !isLocal(uri.getHost())) {
            throw new UsageException("--" + name + " must be an http URL on localhost, got " + value);
        }
        return uri;
    }

    private static boolean isLocal(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    /** A wrong command line: the message is shown with the usage text, without a stack trace. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
