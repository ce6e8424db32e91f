package org.casejourney.standalone;

import org.casejourney.standalone.benchmark.BenchmarkCommand;
import org.casejourney.standalone.generator.GenerateCommand;
import org.casejourney.standalone.launcher.DatabaseCommand;
import org.casejourney.standalone.launcher.RunCommand;
import org.casejourney.standalone.launcher.TokenCommand;
import org.casejourney.standalone.launcher.VerifyCheckpointsCommand;

import java.util.Arrays;
import java.util.List;

/** The one executable jar: {@code run} (default), {@code generate}, {@code benchmark}, {@code token}, {@code verify-checkpoints} or {@code database}. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        List<String> all = Arrays.asList(args);
        String command = all.isEmpty() || all.get(0).startsWith("--") ? "run" : all.get(0);
        List<String> rest = all.isEmpty() || all.get(0).startsWith("--") ? all : all.subList(1, all.size());
        if (all.equals(List.of("--help")) || all.equals(List.of("-h")) || command.equals("help")) {
            System.out.println(usage());
            System.exit(0);
        }
        int code;
        try {
            code = switch (command) {
                case "run" -> RunCommand.run(rest);
                case "generate" -> GenerateCommand.run(rest);
                case "benchmark" -> BenchmarkCommand.run(rest);
                case "token" -> TokenCommand.run(rest);
                case "verify-checkpoints" -> VerifyCheckpointsCommand.run(rest);
                case "database" -> DatabaseCommand.run(rest);
                default -> throw new Options.UsageException("unknown command '" + command + "'");
            };
        } catch (Options.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("see: java -jar casejourney-standalone.jar --help");
            code = 64;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar casejourney-standalone.jar [run|generate|benchmark|token|verify-checkpoints|database] [options]",
                "       (run is the default; <command> --help shows one command's options)",
                "",
                RunCommand.usage(),
                GenerateCommand.usage(),
                BenchmarkCommand.usage(),
                TokenCommand.usage(),
                VerifyCheckpointsCommand.usage(),
                DatabaseCommand.usage());
    }
}
