package org.casejourney.standalone.benchmark;

import org.casejourney.standalone.Options;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkOptionsTest {

    @Test
    void anUnknownPhaseIsAUsageErrorNamingThePhasesThereAre() {
        assertThatThrownBy(() -> BenchmarkCommand.run(List.of("--phases", "single,warp-speed"), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(Options.UsageException.class)
                .hasMessageContaining("warp-speed")
                .hasMessageContaining("limits,single,batch,lag,journey,peer,projection");
    }

    @Test
    void theUsageListsThePhasesAndHowToLetTheLoadPastTheWriteLimit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(BenchmarkCommand.run(List.of("--help"), new PrintStream(out))).isZero();
        assertThat(out.toString()).contains("--phases").contains("CASEJOURNEY_INGESTION_RATELIMIT_REQUESTS=0");
    }
}
