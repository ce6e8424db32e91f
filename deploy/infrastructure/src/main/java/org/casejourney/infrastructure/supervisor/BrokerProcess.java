package org.casejourney.infrastructure.supervisor;

import org.casejourney.infrastructure.InProcessKafkaBroker;

import java.nio.file.Path;

/**
 * The KRaft broker as a process of its own, so that a scenario can {@code kill -9} it: a SIGTERM
 * closes it cleanly (shutdown hook), a SIGKILL leaves its log as a crashed broker would.
 *
 * <pre>java -cp ... org.casejourney.infrastructure.supervisor.BrokerProcess &lt;log directory&gt; &lt;port&gt;</pre>
 */
public final class BrokerProcess {

    static final String READY = "broker process ready on port ";

    private BrokerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        InProcessKafkaBroker broker = InProcessKafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-stop"));
        System.out.println(READY + args[1]);
        System.out.flush();
        Thread.currentThread().join();
    }
}
